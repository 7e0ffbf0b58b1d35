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
import re
import subprocess
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from checker.foundation.messages import text
from checker.reading.schema import declaration_schema

from . import workers
from .base import Issue, Record, schema_node, unfilled_fields
from .betagouv_mappings import LIST_KEYS, MAPPINGS, Built, Context, Mission, Page, build
from .guarded import read_front_matter

ID = re.compile(schema_node(declaration_schema(), "startup.id")["pattern"])  # used with fullmatch: the whole name


@lru_cache(maxsize=8)
def _unfilled(mappings: tuple) -> tuple[str, ...]:
    """The header's list of what the team must add: the same for every page, derived once."""
    return tuple(unfilled_fields(declaration_schema(), mappings))


class NotContentDir(Exception):
    """CONTENT_DIR is not beta.gouv.fr's content folder."""


def _load(path: Path, lang: str) -> Page | Issue:
    doc, offset, failure = read_front_matter(path)
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


def _organisation(path: Path, lang: str) -> tuple[str | None, list[Issue]]:
    """An organisation page: (its name, the problems met), or (None, [why it was not read])."""
    page = _load(path, lang)
    if isinstance(page, Issue):
        return None, [page]
    b = Built(page, Context(dt.date.today(), lang))
    return b.text("name", page.data.get("name")) or b.text("acronym", page.data.get("acronym")) or path.stem, b.issues


def side_pages(content: Path, lang: str, jobs: int = 1) -> tuple[dict[str, str], dict[str, list[Mission]], list]:
    """The organisation pages (organisation id -> name), then the member pages (startup id ->
    the admin, i.e. public agent, missions naming it), read by up to ``jobs`` processes; and
    every problem met, in the files' order."""
    names: dict[str, str] = {}
    index: dict[str, list[Mission]] = {}
    issues: list[Issue] = []
    kinds = [(path, True) for path in _files(content / "_organisations")]
    kinds += [(path, False) for path in _files(content / "_authors")]
    for (path, organisation), (found, problems) in zip(kinds, workers.ordered(_side_page, kinds, jobs, (lang,))):
        if organisation and found is not None:
            names[path.stem] = found
        for startup, mission in found if not organisation and found is not None else ():
            index.setdefault(startup, []).append(mission)
        issues += problems
    return names, index, issues


def _side_page(kind: tuple[Path, bool], lang: str) -> tuple:
    path, organisation = kind
    return _organisation(path, lang) if organisation else _member(path, lang)


def _member(path: Path, lang: str) -> tuple[list[tuple[str, Mission]] | None, list[Issue]]:
    """A member page: (its admin missions, the problems met), or (None, [why it was not read])."""
    page = _load(path, lang)
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


@lru_cache(maxsize=8)
def _toplevel(content: Path) -> str | None:
    """The top of the git checkout holding CONTENT_DIR (None outside one): asked of git once
    per run, for both the source roots and the pages' dates."""
    try:
        top = subprocess.run(
            ["git", "-C", str(content), "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return None
    return top.stdout.strip() if top.returncode == 0 else None


def git_dates(content: Path, pages: list[Path]) -> dict[str, dt.date]:
    """Page id -> date of the last commit touching it, when CONTENT_DIR is in a git checkout."""
    top = _toplevel(content)
    if top is None:
        return {}
    try:
        log = subprocess.run(
            ["git", "-C", str(content), "log", "--format=@%cs", "--name-only", "--", "."],
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return {}
    if log.returncode != 0:
        return {}
    root = Path(top)
    wanted = {p.resolve(): p for p in pages}
    dates: dict[str, dt.date] = {}
    current = None
    for line in log.stdout.splitlines():
        if line.startswith("@"):
            current = dt.date.fromisoformat(line[1:]) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", line[1:]) else None
        elif line and current:
            page = wanted.get((root / line).resolve())
            if page is not None and page.stem not in dates:  # newest first: keep the first date seen
                dates[page.stem] = current
    return dates


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

    def add_arguments(self, parser: argparse.ArgumentParser, h) -> None:
        parser.add_argument("content_dir", metavar="CONTENT_DIR", help=h("import.betagouv.content_dir"))
        parser.add_argument("--startup", action="append", default=[], metavar="ID", help=h("import.betagouv.startup"))

    def source_roots(self, args) -> list[Path]:
        """CONTENT_DIR, and the git checkout whose ``content/`` it is (a clone of beta.gouv.fr's
        repository; a checkout that merely vendors the folder deeper down is not the source)."""
        content = Path(args.content_dir)
        roots = [content]
        _toplevel.cache_clear()  # the first question of a run: asked of git afresh
        top = _toplevel(content)
        if top and Path(top).resolve() == content.resolve().parent:
            roots.append(Path(top))
        return roots

    def header(self, page: Page, content: Path, shot: dict | None, notes: list[str], lang: str) -> list[str]:
        source = page.path.relative_to(content.parent) if content.parent in page.path.parents else page.path
        head = text(
            "import.header", lang, source=source, snapshot=text("import.snapshot", lang, **shot) if shot else ""
        )
        lines = head.splitlines() + [f"  - {note}" for note in notes]
        return lines + [f"  - {line}" for line in _unfilled(self.mappings)]

    def records(self, args, lang: str) -> Iterator[Record | Issue]:
        content = Path(args.content_dir)
        startups = content / "_startups"
        if not startups.is_dir():
            raise NotContentDir(text("import.no_startups_dir", lang, dir=content))
        pages = _files(startups)
        if args.startup:
            present = {p.stem for p in pages}
            pages = [p for p in pages if p.stem in set(args.startup)]
            for missing in sorted(set(args.startup) - present):
                yield Issue(str(startups / f"{missing}.md"), 1, "import.missing_page", {})
        jobs = getattr(args, "jobs", None) or 1
        names, index, issues = side_pages(content, lang, jobs)
        ctx = Context(args.as_of or dt.date.today(), lang, names, index, git_dates(content, pages))
        yield from issues
        shot = snapshot(content)
        out = Path(args.out) if getattr(args, "out", None) else None
        _unfilled(self.mappings)  # made once here, before any worker starts
        # the main process also writes each record: it reads a smaller share of the pages
        yield from workers.ordered(self._record, pages, jobs, (content, ctx, shot, lang, out), own=0.4)

    def _record(self, path: Path, content: Path, ctx: Context, shot: dict | None, lang: str, out: Path | None):
        """:meth:`record`, with the new declaration's YAML made too when its file is not there
        yet (the writer then has nothing left to do but write it)."""
        record = self.record(path, content, ctx, shot, lang)
        if isinstance(record, Record) and out is not None:
            target = out / f"{record.id}.yaml"
            if not target.exists() and not target.is_symlink():
                from .merge import to_yaml

                record.body = to_yaml(record.facts)
        return record

    def record(self, path: Path, content: Path, ctx: Context, shot: dict | None, lang: str) -> Record | Issue:
        if not ID.fullmatch(path.stem):
            return Issue(str(path), 1, "import.bad_id", {"id": path.stem})
        page = _load(path, lang)
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
    stdout=None,
    jobs: int = 1,
):
    """The import as a function (what ``conformite import betagouv`` runs): the writer's Outcome."""
    import sys

    from .writer import import_records

    args = argparse.Namespace(
        content_dir=str(content), out=str(out_dir), as_of=as_of, startup=list(only or []), jobs=jobs
    )
    return import_records(BetaGouv(), args, lang, dry_run, stdout or sys.stdout)
