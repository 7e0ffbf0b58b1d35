"""``conformite site PORTFOLIO_DIR --out DIR``: the server's pages as static files.

The same pages as ``conformite serve`` (the same tasks, the same templates), with relative
links so that the folder works from ``file://`` as from GitHub Pages, and a policy in each
page (``<meta http-equiv>``: its inline style and scripts allowed by hash). Written::

    index.html                the portfolio (check --format html)
    startups/<id>.html        each valid declaration's sheet (conformite sheet --output-dir)
    agenda.html, agenda.ics   the deadlines, and the calendar to subscribe to
    history.html, history.svg the history (conformite history: from git when the portfolio is
                              in a work tree), all startups; history-active.html,
                              history-closed.html (and .svg) for each phase view
    rules.html                the rule documentation (conformite rules --markdown)
    static/                   the DSFR and the site's stylesheet
    .conformite-site.json     the sheets this site wrote, each with its SHA-256 (MANIFEST)

The guards of the way out (:mod:`checker.foundation.atomic`), against the real ``--out``:

- every file goes through the atomic writer: the pages as one batch
  (:func:`checker.foundation.atomic.atomic_batch`, ``within`` ``--out``: all replaced together
  once all are written), the static files one by one when they changed;
- nothing is written outside ``--out``: each folder (``startups/``, ``static/`` and its
  folders) is checked with :func:`checker.foundation.atomic.inside` against its parent, from
  ``--out`` down, before anything is made in it, and each file's resolved path against ``--out``:
  a symbolic link leading out is refused with one sentence naming it, and the rest of the site
  is written (exit status 2);
- a sheet's name comes from the id of a valid declaration through ``inside``;
- only what the site wrote is removed: the sheet of a startup gone from the portfolio is removed
  when :data:`MANIFEST` lists it and the file is still what the site wrote (its SHA-256), after
  the new pages are in place, and said; any other file is left as it is;
- ``--out`` may not be the portfolio's folder or inside it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from argparse import Namespace
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from checker.committee.sheet import file_name
from checker.foundation.atomic import Batch, OutsideOutput, atomic_batch, atomic_open, inside
from checker.foundation.console import say
from checker.foundation.messages import register, text
from checker.foundation.options import Usage, directory_option
from checker.foundation.wording import counted, printable, shorten, system_error
from checker.judging.model import PHASE_VIEWS
from checker.judging.rules import Catalog

from . import pages, tasks
from .embed import Embedded, embed
from .engine import State

MAX_DAYS = 3660
MANIFEST = ".conformite-site.json"  # in --out: {"sheets": {file name: SHA-256 of what was written}}
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
MAX_SHEET_BYTES = 64 * 1024 * 1024  # a sheet larger than this was not written by the site: kept

register(
    "web.site",
    {
        "outside": {
            "fr": "{file} : lien symbolique vers {target}, hors de --out : rien n'y est écrit (le site n'écrit que dans --out)",
            "en": "{file}: symbolic link to {target}, outside --out: nothing written there (the site writes only inside --out)",
        },
        "in_source": {
            "fr": "--out {out} est le dossier des déclarations {dir} ou un dossier en dessous : le site ne s'écrit pas parmi les fichiers qu'il lit ; rien n'a été écrit",
            "en": "--out {out} is the declarations folder {dir} or a folder inside it: the site is not written among the files it reads; nothing was written",
        },
        "removed": {
            "fr": "{count} de {dir} (startups absentes du portefeuille) : {names}",
            "en": "{count} from {dir} (startups no longer in the portfolio): {names}",
        },
        "count.removed": {"fr": "fiche retirée|fiches retirées", "en": "sheet removed|sheets removed"},
        "kept": {
            "fr": "{file} gardée : modifiée depuis que le site l'a écrite (seule une fiche intacte est retirée)",
            "en": "{file} kept: changed since the site wrote it (only an untouched sheet is removed)",
        },
        "not_manifest": {"fr": "ce n'est pas la liste des fiches du site", "en": "not the site's list of sheets"},
        "not_removed": {"fr": "{file} non retirée : {detail}", "en": "{file} not removed: {detail}"},
        "manifest": {
            "fr": "{file} illisible ({detail}) : aucune ancienne fiche retirée, la liste est réécrite",
            "en": "{file} unreadable ({detail}): no old sheet removed, the list is written again",
        },
    },
)


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
    if _within(os.path.realpath(out), os.path.realpath(source)):  # before anything is made
        raise Usage(text("web.site.in_source", lang, out=printable(str(out)), dir=printable(source)))
    try:
        out.mkdir(parents=True, exist_ok=True)
        site = Site(State(catalog), source, out, as_of, lang)
        with atomic_batch(within=out) as batch:
            written = site.write(batch, days, start)
        site.remove_stale()  # the new pages in place: only then are the old sheets removed
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
    pages, sheets = (counted(n, f"count.{kind}", lang) for n, kind in zip(written, ("page", "sheet"), strict=True))
    say(text("web.site.written", lang, out=printable(str(out)), pages=pages, sheets=sheets))
    return 2 if site.refused else 0


def _within(path: str, directory: str) -> bool:
    """Whether the resolved ``path`` is ``directory`` (resolved) or inside it."""
    return os.path.commonpath([directory, path]) == directory


class Site:
    def __init__(self, state: State, source: str, out: Path, as_of: dt.date, lang: str) -> None:
        self.state, self.source, self.out, self.as_of, self.lang = state, source, out, as_of, lang
        self.batch = Batch()
        self.ids: dict[str, str] = {}
        self.refused: list[Path] = []  # links leading out of --out, said and not written through
        self.stale: list[Path] = []  # old sheets of the site, to remove once the new pages are in
        self.pages = 0

    def page(self, depth: int, current: str, inline: list[str]) -> pages.Page:
        return pages.Page(self.lang, pages.SiteLinks(depth, self.ids), current, nonce=None, inline=inline)

    def write(self, batch: Batch, days: int, start: dt.date) -> tuple[int, int]:
        """Every page into ``batch``; (pages written, of which sheets)."""
        lang, as_of = self.lang, self.as_of
        self.batch = batch
        report = tasks.portfolio(self.state, self.source, as_of, lang, invalid_sheets=False)
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
        self.put(self.out / "agenda.ics", found["ics"].decode("utf-8"))
        self.write_history(start)
        rules = pages.rules_html(self.state.catalog, lang)
        self.html("rules.html", "document.html", 0, "rules", None, title=text("web.rules.title", lang), html=rules)
        return self.pages, sheets

    def put(self, target: Path, content: str) -> bool:
        """``content`` into the batch for ``target``; False (said) when ``target`` leads out of --out."""
        try:
            self.batch.write_text(target, content)
        except OutsideOutput:
            self.refuse(target)
            return False
        return True

    def refuse(self, path: Path) -> None:
        """``path`` (a file or a folder) leads out of --out: said, nothing written through it."""
        where = printable(shorten(os.path.realpath(path), self.lang, 200))
        say(text("web.site.outside", self.lang, file=printable(str(path)), target=where))
        self.refused.append(path)

    def folder(self, parent: Path, name: str) -> Path | None:
        """``parent/name``, made if need be, when it stays inside ``parent`` (itself checked
        from --out down); None (said) when it is a link leading out."""
        try:
            folder = inside(parent, name)
        except OutsideOutput:
            self.refuse(parent / name)
            return None
        folder.mkdir(exist_ok=True)
        return folder

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
            self.pages += self.put(self.out / views[view], html)
            self.put(self.out / history_file(view, ".svg"), found["views"][view]["svg"])

    def html(
        self, name: str, template: str, depth: int, current: str, embedded: Embedded | None, **values: object
    ) -> None:
        inline = [embedded.style, *embedded.scripts] if embedded is not None else []
        page = self.page(depth, current, inline)
        if embedded is not None:
            values["embedded"] = embedded
        self.pages += self.put(self.out / name, pages.render(template, page, **values))

    def write_sheets(self) -> int:
        """The sheet of each valid declaration, and the manifest listing them; the old sheets of
        the site no longer in the portfolio noted for :meth:`remove_stale`."""
        folder = self.folder(self.out, "startups")
        if folder is None:
            return 0
        written: dict[str, str] = {}
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
            html = pages.render("embedded.html", page, **values)
            if self.put(target, html):
                written[name] = hashlib.sha256(html.encode("utf-8")).hexdigest()
        self.stale = [
            path for name, digest in self.manifest().items() if name not in written and (path := self.ours(folder, name, digest))
        ]  # fmt: skip
        self.put(self.out / MANIFEST, json.dumps({"sheets": written}, ensure_ascii=False, indent=1) + "\n")
        self.ids = {startup: file for startup, file in self.ids.items() if file_name(startup) + ".html" in written}
        self.pages += len(written)
        return len(written)

    def manifest(self) -> dict[str, str]:
        """The sheets the previous site wrote (name -> SHA-256), from :data:`MANIFEST`; none
        when there is none (a first site, or one written before the manifest) or it cannot be
        read (said)."""
        from checker.judging.evaluate import render_problem
        from checker.reading.loader import load_json
        from checker.reading.problems import Problem

        path = self.out / MANIFEST
        if not os.path.lexists(path):
            return {}
        data = load_json(path, MAX_MANIFEST_BYTES)
        sheets = data.get("sheets") if isinstance(data, dict) else None
        if not isinstance(sheets, dict):
            detail = (
                render_problem(data, self.lang)
                if isinstance(data, Problem)
                else text("web.site.not_manifest", self.lang)
            )
            say(text("web.site.manifest", self.lang, file=printable(str(path)), detail=detail))
            return {}
        return {name: digest for name, digest in sheets.items() if isinstance(digest, str)}

    def ours(self, folder: Path, name: str, digest: str) -> Path | None:
        """``folder/name`` when it is a regular file inside ``folder`` whose content is still
        what the site wrote (SHA-256 ``digest``); None otherwise (said when it was changed)."""
        from checker.reading.loader import read_bytes

        if not name.endswith(".html"):
            return None
        try:
            path = inside(folder, name)
            if not path.is_file() or path.is_symlink():
                return None
        except OutsideOutput:  # a manifest naming another folder's file: never ours
            return None
        except (OSError, ValueError):  # a name no file can have (too long, a NUL): not a sheet of ours
            return None
        raw = read_bytes(path, MAX_SHEET_BYTES)
        if isinstance(raw, bytes) and hashlib.sha256(raw).hexdigest() == digest:
            return path
        say(text("web.site.kept", self.lang, file=printable(str(path))))
        return None

    def remove_stale(self) -> None:
        """Remove the old sheets :meth:`write_sheets` found still as the site wrote them; say which."""
        removed = []
        for path in self.stale:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                say(text("web.site.not_removed", self.lang, file=printable(str(path)), detail=system_error(exc)))
                continue
            removed.append(path.name)
        if removed:
            count = counted(len(removed), "web.site.count.removed", self.lang)
            names = printable(shorten(", ".join(removed), self.lang, 300))
            where = printable(str(self.out / "startups"))
            say(text("web.site.removed", self.lang, count=count, dir=where, names=names))

    def copy_static(self) -> None:
        """The DSFR and the site's stylesheet, as the server serves them (a file already the
        same is left as it is); a folder or a file leading out of --out is refused, said."""
        todo: list[tuple[Traversable, Path | None]] = [(files("checker.web").joinpath("static"), self.folder(self.out, "static"))]  # fmt: skip
        while todo:
            source, target = todo.pop()
            if target is None:
                continue
            for item in source.iterdir():
                if item.is_dir():
                    todo.append((item, self.folder(target, item.name)))
                    continue
                self.copy_file(item, target)

    def copy_file(self, item: Traversable, target: Path) -> None:
        content = item.read_bytes()
        try:
            file = inside(target, item.name)
        except OutsideOutput:
            self.refuse(target / item.name)
            return
        if file.is_file() and file.stat().st_size == len(content) and file.read_bytes() == content:
            return
        try:
            with atomic_open(file, "wb", within=self.out) as stream:
                stream.write(content)
        except OutsideOutput:  # made a link meanwhile
            self.refuse(file)


def history_file(view: str, suffix: str) -> str:
    """The static site's history of the phase view ``view``: all startups in ``history``."""
    return ("history" if view == "all" else f"history-{view}") + suffix
