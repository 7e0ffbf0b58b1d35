"""``conformite import betagouv CONTENT_DIR --out DIR``: beta.gouv.fr product pages to declarations.

beta.gouv.fr already publishes part of the facts for every startup (phases, repository,
statistics page, committees held, sponsoring organisations, intrapreneurs' missions). Each
page becomes one declaration holding those facts (the mappings, one per section, are in
``betagouv_mappings.py``); what no mapping fills is listed at the top of the file as what the
team must add. Every file is read with the loader's guards (``guarded.py``); a page, author or
organisation file that cannot be read, or a value that makes no sense, costs only itself: it is
reported (file, line, reason) and the run goes on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TextIO

from checker.foundation.messages import text
from checker.foundation.wording import printable
from checker.reading.gitstate import GitState, GitStateError, top_of
from checker.reading.loader import decode
from checker.reading.problems import Problem
from checker.reading.schemas import declaration_schema

from . import workers
from .base import Issue, Record, schema_node, unfilled_fields
from .betagouv_mappings import LIST_KEYS, MAPPINGS, Built, Context, Mission, Page, build
from .guarded import Failure, front_matter, read_front_matter

if TYPE_CHECKING:
    from .writer import Outcome

ID = re.compile(schema_node(declaration_schema(), "startup.id")["pattern"])  # used with fullmatch: the whole name


@lru_cache(maxsize=8)
def _unfilled(mappings: tuple) -> tuple[str, ...]:
    """The header's list of what the team must add: the same for every page, derived once."""
    return tuple(unfilled_fields(declaration_schema(), mappings))


class NotContentDir(Exception):
    """CONTENT_DIR is not beta.gouv.fr's content folder."""


Given = str | Failure | None  # a page's text read from a commit, or why it could not be; None: read it from disk


def _load(path: Path, lang: str, given: Given = None) -> Page | Issue:
    if given is None:
        doc, offset, failure = read_front_matter(path)
    elif isinstance(given, str):
        doc, offset, failure = front_matter(given)
    else:
        doc, offset, failure = None, 0, given
    if failure:
        line, code, params = failure
        return Issue(str(path), line, code, params)
    if doc is None or not isinstance(doc.data, dict):  # without a failure: a loaded mapping
        return Issue(str(path), 1, "import.not_mapping", {})
    return Page(path.stem, path, doc.data, doc, offset)


def _files(folder: Path) -> list[Path]:
    try:
        return sorted(folder.glob("*.md"))
    except OSError:
        return []


def _organisation(path: Path, lang: str, given: Given = None) -> tuple[str | None, list[Issue]]:
    """An organisation page: (its name, the problems met), or (None, [why it was not read])."""
    page = _load(path, lang, given)
    if isinstance(page, Issue):
        return None, [page]
    b = Built(page, Context(dt.date.today(), lang))
    return b.text("name", page.data.get("name")) or b.text("acronym", page.data.get("acronym")) or path.stem, b.issues


def side_pages(
    content: Path, lang: str, jobs: int = 1, at: AtCommit | None = None
) -> tuple[dict[str, str], dict[str, list[Mission]], list]:
    """The organisation pages (organisation id -> name), then the member pages (startup id ->
    the admin, i.e. public agent, missions naming it), read by up to ``jobs`` processes (from
    the commit ``at`` when given); and every problem met, in the files' order."""
    names: dict[str, str] = {}
    index: dict[str, list[Mission]] = {}
    issues: list[Issue] = []
    kinds = [(path, True, given) for path, given in _pages(content / "_organisations", at)]
    kinds += [(path, False, given) for path, given in _pages(content / "_authors", at)]
    for (path, organisation, _), (found, problems) in zip(kinds, workers.ordered(_side_page, kinds, jobs, (lang,))):
        if organisation and found is not None:
            names[path.stem] = found
        for startup, mission in found if not organisation and found is not None else ():
            index.setdefault(startup, []).append(mission)
        issues += problems
    return names, index, issues


def _side_page(kind: tuple[Path, bool, Given], lang: str) -> tuple:
    path, organisation, given = kind
    return _organisation(path, lang, given) if organisation else _member(path, lang, given)


def _member(path: Path, lang: str, given: Given = None) -> tuple[list[tuple[str, Mission]] | None, list[Issue]]:
    """A member page: (its admin missions, the problems met), or (None, [why it was not read])."""
    page = _load(path, lang, given)
    if isinstance(page, Issue):
        return None, [page]
    b = Built(page, Context(dt.date.today(), lang))
    found = list(_missions_of(b))
    return found, b.issues


def _missions_of(b: Built) -> Iterator[tuple[str, Mission]]:
    name = b.text("fullname", b.page.data.get("fullname")) or b.page.id
    for i, mission in enumerate(b.items("missions", b.page.data.get("missions"))):
        if not isinstance(mission, dict) or mission.get("status") != "admin":
            continue
        where = f"missions[{i}]"
        start, end = b.date(f"{where}.start", mission.get("start")), b.date(f"{where}.end", mission.get("end"))
        employer = b.text(f"{where}.employer", mission.get("employer"))
        for j, startup in enumerate(b.items(f"{where}.startups", mission.get("startups"))):
            startup = b.text(f"{where}.startups[{j}]", startup)
            if startup:
                yield startup, Mission(name, start, end, employer)


def _pages(folder: Path, at: AtCommit | None) -> list[tuple[Path, Given]]:
    """The pages of ``folder``: on disk (read later, each where it is handled), or as they
    stood at the commit ``at`` (all read now, in one pass)."""
    return at.pages(folder) if at is not None else [(path, None) for path in _files(folder)]


def git_dates(content: Path, pages: list[Path], at: AtCommit | None = None) -> dict[str, dt.date]:
    """Page id -> date of the last commit touching it (up to the commit ``at``, else HEAD),
    when CONTENT_DIR is in a git work tree; {} otherwise."""
    folder = content / "_startups"
    wanted = {p.stem for p in pages}
    try:
        if at is not None:
            return _days(at.state, at.commit, folder, wanted)
        with GitState.open([content]) as state:
            return _days(state, "HEAD", folder, wanted)
    except GitStateError:
        return {}


def _days(state: GitState, ref: str, folder: Path, wanted: set[str]) -> dict[str, dt.date]:
    prefix = state.relative(folder)
    found: dict[str, dt.date] = {}
    for path, day in state.last_days(ref, [folder]).items():
        name = PurePosixPath(path)
        if str(name.parent) == prefix and name.suffix == ".md" and name.stem in wanted:
            found[name.stem] = day
    return found


class AtCommit:
    """``--at REV``: CONTENT_DIR's pages as they stood at one commit of the git repository
    holding it, read through :mod:`checker.reading.gitstate` (the blobs of the commit, one ``cat-file``
    process; no checkout, no shell). Raises :class:`NotContentDir` with one sentence when git
    cannot give them."""

    def __init__(self, content: Path, ref: str, lang: str):
        self.content, self.lang = content, lang
        try:
            self.state = GitState.open([content])
        except GitStateError as exc:
            raise NotContentDir(
                text("import.at_unavailable", lang, dir=printable(str(content)), reason=exc.message(lang))
            ) from None
        try:
            self.commit = self.state.resolve(ref)
            self.day = self.state.commit_of(self.commit).day
        except GitStateError as exc:
            self.state.close()
            raise NotContentDir(text("import.at_failed", lang, reason=exc.message(lang))) from None

    def pages(self, folder: Path) -> list[tuple[Path, Given]]:
        """The ``.md`` files directly in ``folder`` at the commit, each with its text (or why
        it cannot be read), in name order."""
        try:
            entries = [e for e in self.state.files_in(self.commit, folder) if e.path.endswith(".md")]
            read = [(folder / PurePosixPath(e.path).name, _text(raw)) for e, raw in self.state.read_all(entries)]
        except GitStateError as exc:
            raise NotContentDir(text("import.at_failed", self.lang, reason=exc.message(self.lang))) from None
        return sorted(read, key=lambda item: item[0].name)

    def snapshot(self) -> dict:
        return {"commit": self.commit[:12], "date": self.day.isoformat()}

    def close(self) -> None:
        self.state.close()


def _text(raw: bytes | Problem) -> Given:
    """A page's bytes as text, or why not (as :func:`checker.importer.guarded.read_regular` says it)."""
    if not isinstance(raw, Problem):
        found, problems = decode(raw)
        if found is not None:
            return found
        raw = problems[0]
    code = "import.unreadable" if raw.code == "file.unreadable" else raw.code
    return raw.line, code, raw.params


def snapshot(content: Path) -> dict | None:
    """The snapshot's commit and date, from the NOTICE.md beside CONTENT_DIR when there is one."""
    from .guarded import read_regular

    notice, _ = read_regular(content.parent / "NOTICE.md", 64 * 1024)
    match = re.search(r"commit `([0-9a-f]{7,40})`\s*\n?\(([0-9-]{10})\)", notice or "")
    return {"commit": match.group(1)[:12], "date": match.group(2)} if match else None


class BetaGouv:
    """The beta.gouv.fr importer (registered as ``betagouv``)."""

    name = "betagouv"
    help = "import.betagouv"  # its help: help.import.betagouv in checker.foundation.messages
    mappings = MAPPINGS
    list_keys = LIST_KEYS

    def add_arguments(self, parser: argparse.ArgumentParser, h: Callable[..., str]) -> None:
        parser.add_argument("content_dir", metavar="CONTENT_DIR", help=h("import.betagouv.content_dir"))
        parser.add_argument("--startup", action="append", default=[], metavar="ID", help=h("import.betagouv.startup"))
        parser.add_argument("--at", default=None, metavar="REV", help=h("import.betagouv.at"))

    def source_roots(self, args: argparse.Namespace) -> list[Path]:
        """CONTENT_DIR, and the git checkout whose ``content/`` it is (a clone of beta.gouv.fr's
        repository; a checkout that merely vendors the folder deeper down is not the source)."""
        content = Path(args.content_dir)
        roots = [content]
        try:
            top = top_of(Path(os.path.abspath(content))) if content.is_dir() else None
        except GitStateError:
            top = None
        if top is not None and top == content.resolve().parent:
            roots.append(top)
        return roots

    def header(self, page: Page, content: Path, shot: dict | None, notes: list[str], lang: str) -> list[str]:
        source = page.path.relative_to(content.parent) if content.parent in page.path.parents else page.path
        head = text(
            "import.header", lang, source=source, snapshot=text("import.snapshot", lang, **shot) if shot else ""
        )
        lines = head.splitlines() + [f"  - {note}" for note in notes]
        return lines + [f"  - {line}" for line in _unfilled(self.mappings)]

    def records(self, args: argparse.Namespace, lang: str) -> Iterator[Record | Issue]:
        content = Path(args.content_dir)
        at = AtCommit(content, args.at, lang) if getattr(args, "at", None) else None
        try:
            yield from self._records(args, lang, content, at)
        finally:
            if at is not None:
                at.close()

    def _records(
        self, args: argparse.Namespace, lang: str, content: Path, at: AtCommit | None
    ) -> Iterator[Record | Issue]:
        startups = content / "_startups"
        pages = _pages(startups, at)
        if not pages and (at is not None or not startups.is_dir()):
            raise NotContentDir(text("import.no_startups_dir", lang, dir=content))
        if args.startup:
            present = {p.stem for p, _ in pages}
            pages = [(p, given) for p, given in pages if p.stem in set(args.startup)]
            for missing in sorted(set(args.startup) - present):
                yield Issue(str(startups / f"{missing}.md"), 1, "import.missing_page", {})
        jobs = getattr(args, "jobs", None) or 1
        names, index, issues = side_pages(content, lang, jobs, at)
        as_of = args.as_of or (at.day if at is not None else dt.date.today())  # --at: as of that commit's day
        ctx = Context(as_of, lang, names, index, git_dates(content, [p for p, _ in pages], at))
        yield from issues
        shot = at.snapshot() if at is not None else snapshot(content)
        out = Path(args.out) if getattr(args, "out", None) else None
        _unfilled(self.mappings)  # made once here, before any worker starts
        # the main process also writes each record: it reads a smaller share of the pages
        yield from workers.ordered(self._record, pages, jobs, (content, ctx, shot, lang, out), own=0.4)

    def _record(
        self, page: tuple[Path, Given], content: Path, ctx: Context, shot: dict | None, lang: str, out: Path | None
    ) -> Record | Issue:
        """:meth:`record`, with the new declaration's YAML made too when its file is not there
        yet (the writer then has nothing left to do but write it)."""
        record = self.record(page[0], content, ctx, shot, lang, page[1])
        if isinstance(record, Record) and out is not None:
            target = out / f"{record.id}.yaml"
            if not target.exists() and not target.is_symlink():
                from .merge import to_yaml

                record.body = to_yaml(record.facts)
        return record

    def record(
        self, path: Path, content: Path, ctx: Context, shot: dict | None, lang: str, given: Given = None
    ) -> Record | Issue:
        if not ID.fullmatch(path.stem):
            return Issue(str(path), 1, "import.bad_id", {"id": path.stem})
        page = _load(path, lang, given)
        if isinstance(page, Issue):
            return page
        built = build(page, ctx)
        return Record(page.id, path, built.facts, self.header(page, content, shot, built.notes, lang), built.issues)


def import_pages(
    content: Path,
    out_dir: Path,
    as_of: dt.date,
    only: list[str] | None = None,
    lang: str = "fr",
    dry_run: bool = False,
    stdout: TextIO | None = None,
    jobs: int = 1,
    at: str | None = None,
) -> Outcome:
    """The import as a function (what ``conformite import betagouv`` runs): the writer's Outcome."""
    import sys

    from .writer import import_records

    args = argparse.Namespace(
        content_dir=str(content), out=str(out_dir), as_of=as_of, startup=list(only or []), jobs=jobs, at=at
    )
    return import_records(BetaGouv(), args, lang, dry_run, stdout or sys.stdout)
