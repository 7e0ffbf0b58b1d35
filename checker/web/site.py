"""``conformite site PORTFOLIO_DIR --out DIR``: the server's pages as static files.

The same pages as ``conformite serve`` (the same tasks, the same templates), with relative
links so that the folder works from ``file://`` as from GitHub Pages, and a policy in each
page (``<meta http-equiv>``: its inline style and scripts allowed by hash). Written::

    index.html                the portfolio (check --format html)
    startups/<id>.html        each startup's sheet (conformite sheet)
    agenda.html, agenda.ics   the deadlines, and the calendar to subscribe to
    history.html, history.svg the history (conformite history: from git when the portfolio is
                              in a work tree), all startups; history-active.html,
                              history-closed.html (and .svg) for each phase view
    rules.html                the rule documentation (conformite rules --markdown)
    static/                   the DSFR and the site's stylesheet

Every file goes through the atomic writer: the pages as one batch (:func:`checker.foundation.atomic.atomic_batch`:
all replaced together once all are written, one flush of the file system for them all), the
static files one by one when they changed. A sheet's name comes from its startup id through
:func:`checker.foundation.atomic.inside` (a name that would leave ``startups/`` is refused, and said).
Sheets of startups no longer in the portfolio are removed from ``startups/``.
"""

from __future__ import annotations

import datetime as dt
import os
from argparse import Namespace
from importlib.resources import files
from pathlib import Path

from checker.committee.sheet import file_name
from checker.foundation.atomic import Batch, OutsideOutput, atomic_batch, atomic_open, inside
from checker.foundation.console import say
from checker.foundation.messages import text
from checker.foundation.options import Usage, directory_option
from checker.foundation.wording import printable, system_error
from checker.judging.model import PHASE_VIEWS
from checker.judging.rules import Catalog

from . import pages, tasks
from .embed import Embedded, embed
from .engine import State

MAX_DAYS = 3660


def build(args: Namespace, catalog: Catalog) -> int:
    from checker.foundation.dates import add_months

    lang = args.lang
    as_of = args.as_of or dt.date.today()
    days = args.days  # read and bounded by the command line (cli.DAY_OPTIONS)
    start = args.history_from or add_months(as_of, -12)
    if start > as_of:
        raise Usage(text("cli.history_range", lang))
    source = directory_option(args.directory, lang)
    assert source is not None
    out = Path(args.out)
    try:
        (out / "startups").mkdir(parents=True, exist_ok=True)
        with atomic_batch() as batch:
            written = Site(State(catalog), source, out, as_of, lang, batch).write(days, start)
    except OSError as exc:
        say(
            text(
                "web.site.output",
                lang,
                file=printable(str(getattr(exc, "filename", None) or out)),
                detail=system_error(exc),
            )
        )
        return 2
    say(text("web.site.written", lang, out=printable(str(out)), pages=written[0], sheets=written[1]))
    return 0


class Site:
    def __init__(self, state: State, source: str, out: Path, as_of: dt.date, lang: str, batch: Batch) -> None:
        self.state, self.source, self.out, self.as_of, self.lang = state, source, out, as_of, lang
        self.batch = batch
        self.ids: dict[str, str] = {}

    def page(self, depth: int, current: str, inline: list[str]) -> pages.Page:
        return pages.Page(self.lang, pages.SiteLinks(depth, self.ids), current, nonce=None, inline=inline)

    def write(self, days: int, start: dt.date) -> tuple[int, int]:
        """Every page; (pages written, of which sheets)."""
        lang, as_of = self.lang, self.as_of
        report = tasks.portfolio(self.state, self.source, as_of, lang)
        self.ids = report["ids"]
        self.copy_static()
        sheets = self.write_sheets()
        embedded = embed(report["html"])
        self.html("index.html", "embedded.html", 0, "portfolio", embedded, kind="report", breadcrumb=None, notices=report["problems"])  # fmt: skip
        found = tasks.agenda(self.state, self.source, as_of, days, lang)
        self.html(
            "agenda.html",
            "agenda.html",
            0,
            "agenda",
            None,
            title=found["title"],
            agenda=found["agenda"],
            left_out=found["left_out"],
        )
        self.batch.write_text(self.out / "agenda.ics", found["ics"].decode("utf-8"))
        self.write_history(start)
        rules = pages.rules_html(self.state.catalog, lang)
        self.html("rules.html", "document.html", 0, "rules", None, title=text("web.rules.title", lang), html=rules)
        return 4 + len(PHASE_VIEWS) - 1 + sheets, sheets

    def write_history(self, start: dt.date) -> None:
        """history.html (and .svg) for every startup, history-active.html and history-closed.html
        for each phase view; each page links to the others."""
        found = tasks.history(self.state, self.source, start, self.as_of, "month", self.lang)
        title = text("history.title", self.lang, start=start.isoformat(), end=self.as_of.isoformat())
        views = {view: history_file(view, ".html") for view in PHASE_VIEWS}
        for view in PHASE_VIEWS:
            page = self.page(0, "history", [])
            page.links.history_svg = history_file(view, ".svg")
            values = {"title": title, "history": found["history"], "found": found, "phase": view}
            html = pages.render("history.html", page, **values, view=found["views"][view], views=views, form=False)
            self.batch.write_text(self.out / views[view], html)
            self.batch.write_text(self.out / history_file(view, ".svg"), found["views"][view]["svg"])

    def html(
        self, name: str, template: str, depth: int, current: str, embedded: Embedded | None, **values: object
    ) -> None:
        inline = [embedded.style, *embedded.scripts] if embedded is not None else []
        page = self.page(depth, current, inline)
        if embedded is not None:
            values["embedded"] = embedded
        self.batch.write_text(self.out / name, pages.render(template, page, **values))

    def write_sheets(self) -> int:
        folder, written, kept = self.out / "startups", 0, set()
        for startup, file in self.ids.items():
            name = file_name(startup) + ".html"
            try:
                target = inside(folder, name)
            except OutsideOutput:
                say(text("web.site.skipped", self.lang, id=printable(startup)))
                continue
            embedded = embed(tasks.sheet(self.state, self.source, file, self.as_of, self.lang))
            page = self.page(1, "", [embedded.style, *embedded.scripts])
            values = {"embedded": embedded, "kind": "sheet", "breadcrumb": startup, "notices": []}
            self.batch.write_text(target, pages.render("embedded.html", page, **values))
            kept.add(name)
            written += 1
        for entry in os.scandir(folder):  # sheets of startups gone from the portfolio
            if entry.name.endswith(".html") and entry.name not in kept and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
        return written

    def copy_static(self) -> None:
        """The DSFR and the site's stylesheet, as the server serves them (a file already the
        same is left as it is)."""
        root = files("checker.web").joinpath("static")
        todo = [(root, self.out / "static")]
        while todo:
            source, target = todo.pop()
            target.mkdir(parents=True, exist_ok=True)
            for item in source.iterdir():
                if item.is_dir():
                    todo.append((item, target / item.name))
                    continue
                content, file = item.read_bytes(), inside(target, item.name)
                if not (file.is_file() and file.read_bytes() == content):
                    with atomic_open(file, "wb") as stream:
                        stream.write(content)


def history_file(view: str, suffix: str) -> str:
    """The static site's history of the phase view ``view``: all startups in ``history``."""
    return ("history" if view == "all" else f"history-{view}") + suffix
