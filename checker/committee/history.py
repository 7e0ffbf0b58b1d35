"""``conformite history``: how compliance moved over a period, date by date.

**From git** (when the paths are in a git work tree, :mod:`checker.reading.gitstate`): each date judges
each declaration *as committed on that date* (HEAD's last commit on or before it, on its
first-parent history), as of that date. A file that did not exist yet is not counted, a deleted
one stops counting, a renamed one keeps its history (by ``startup.id``, else git's rename
detection). Uncommitted changes count only for today's point (and any date after it: the files
as they are now are the latest known). Each distinct version of a file (a blob) is read,
parsed and validated once, then evaluated as of each date it stands on.

**Today's files** (``--as-now``; and outside git, where one line says why): each file as it is
today, re-checked as of each date: "what if today's declaration had been true back then".

Per date (:class:`Point`): the declarations checked (valid) and compliant, the non-compliant
split into those with at least one breach and those only to complete, the same per phase view
(active, closed), and per obligation the count of ``fail``. Per date and per declaration
(:class:`Record`): its status, phase, verdicts and the commit read. The run's errors are the
files invalid on the period's last date (an old broken version is history, not a file to repair).

JSON (``history_version`` 1): keys are only ever added; ``history_version`` changes when an
existing key changes its name or its meaning. ``source`` says which history it is: ``git``
(the files as committed on each date) or ``today`` (today's files re-checked).

For a startup sheet, :meth:`Past.since` says which verdicts moved between the last committee
and the as-of date, and which commits moved them (who, when, the keys they changed)."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from checker.committee.examine import Loaded, examine
from checker.committee.svg import SERIES_STYLES, Chart, Series, line_chart
from checker.foundation.dates import add_months
from checker.foundation.messages import text as word
from checker.foundation.wording import printable
from checker.judging.evaluate import Evaluator
from checker.judging.model import DeclarationResult, declaration_group, failure_groups, in_phase_view
from checker.judging.rules import Catalog
from checker.reading.declarations import load
from checker.reading.gitstate import Change, Entry, GitState, GitStateError, Snapshot, Unavailable, changed_keys
from checker.reading.schema import validate

if TYPE_CHECKING:
    from typing_extensions import Unpack

HISTORY_VERSION = 1
# dates of one history at most (``history --from/--to/--every``, ``check --history-from``): ten
# years week by week, over forty years month by month. Each date re-checks every declaration,
# and a chart 760 pixels wide shows no more; a longer series is refused before anything is read.
MAX_DATES = 520


class TooManyDates(ValueError):
    def __init__(self, count: int):
        super().__init__(f"{count} dates, at most {MAX_DATES}")
        self.count = count


def date_count(start: dt.date, end: dt.date, every: str) -> int:
    """How many dates :func:`as_of_dates` gives, counted without making them."""
    if start > end:
        return 0
    last = _steps(start, end, every)
    return last + 1 + (_step(start, last, every) != end)


def as_of_dates(start: dt.date, end: dt.date, every: str, limit: int = MAX_DATES) -> list[dt.date]:
    """``start``, then every month (French month rule, from ``start``) or week up to ``end``, and
    ``end`` itself; none when ``start`` is after ``end``. The number of steps is computed first,
    so no step is ever taken past ``end`` (9999-12-31 included: a month after it is no date).
    More than ``limit`` dates: :class:`TooManyDates`."""
    count = date_count(start, end, every)
    if count > limit:
        raise TooManyDates(count)
    if not count:
        return []
    days = [_step(start, n, every) for n in range(_steps(start, end, every) + 1)]
    return days if days[-1] == end else days + [end]  # the period's last day too


def _step(start: dt.date, n: int, every: str) -> dt.date:
    return add_months(start, n) if every == "month" else start + dt.timedelta(weeks=n)


def _steps(start: dt.date, end: dt.date, every: str) -> int:
    """The number of the last step on or before ``end`` (``start`` is step 0, ``start <= end``)."""
    if every != "month":
        return (end - start).days // 7
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (add_months(start, months) > end)  # that month's day is after end: one less


SOURCES = ("git", "today")
VIEWS = ("active", "closed")  # the phase views a point counts apart (``all``: the point itself)
COUNTS = ("checked", "compliant", "breach", "missing", "invalid")


@dataclass
class Record:
    """One declaration on one date."""

    as_of: dt.date
    series: str  # the declaration over the period: "id:<startup id>" or "path:<first path>" (git), "file:<name>"
    file: str
    startup: str | None
    status: str
    phase: str | None
    obligations: dict[str, str]
    failures: dict[str, str]  # obligation -> "breach" or "missing", for each one that fails
    commit: str | None  # the commit read for that date; None: the file on disk (today's, or uncommitted)

    @property
    def group(self) -> str | None:
        """A non-compliant declaration's group: ``breach`` (one breach at least) or ``missing``."""
        return declaration_group(self.failures)

    def to_json(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "startup": self.startup,
            "file": self.file,
            "series": self.series,
            "status": self.status,
            "group": self.group,
            "phase": self.phase,
            "commit": self.commit,
            "obligations": dict(self.obligations),
            "failures": dict(self.failures),
        }


def _record(day: dt.date, key: str, result: DeclarationResult, commit: str | None) -> Record:
    status = str(result.status)
    failures = failure_groups(result) if status == "non-compliant" else {}
    return Record(
        day, key, result.file, result.startup, status, result.phase, dict(result.obligations), failures, commit
    )


@dataclass
class Point:
    as_of: dt.date
    checked: int  # valid declarations
    compliant: int
    fails: dict[str, int]  # obligation id -> declarations whose verdict is fail
    invalid: int = 0
    breach: int = 0  # non-compliant with at least one breach
    missing: int = 0  # non-compliant, only facts to complete
    phases: dict[str, dict[str, Any]] = field(
        default_factory=dict
    )  # "active" / "closed" -> the same counts (COUNTS) and fails
    commit: str | None = None  # HEAD's commit read for that date (git); None: none yet, or today's files

    def view(self, view: str) -> dict[str, Any]:
        """The counts (:data:`COUNTS`) and ``fails`` of the phase view ``view`` (``all``: every
        declaration)."""
        if view in self.phases:
            return self.phases[view]
        return {**{name: getattr(self, name) for name in COUNTS}, "fails": self.fails}

    def to_json(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "checked": self.checked,
            "compliant": self.compliant,
            "fails": dict(self.fails),
            "invalid": self.invalid,
            "breach": self.breach,
            "missing": self.missing,
            "phases": {view: {**counts, "fails": dict(counts["fails"])} for view, counts in self.phases.items()},
            "commit": self.commit,
        }


def _point(day: dt.date, records: list[Record], ids: Iterable[str], commit: str | None = None) -> Point:
    ids = list(ids)
    views: dict[str, dict[str, Any]] = {
        v: {**dict.fromkeys(COUNTS, 0), "fails": dict.fromkeys(ids, 0)} for v in ("all", *VIEWS)
    }
    for record in records:
        for view, counts in views.items():
            if in_phase_view(record.phase, view):  # an invalid declaration is in every view
                _count(counts, record)
    every = views.pop("all")
    return Point(day, every["checked"], every["compliant"], every["fails"], every["invalid"], every["breach"],
                 every["missing"], views, commit)  # fmt: skip


def _count(counts: dict[str, Any], record: Record) -> None:
    if record.status == "invalid":
        counts["invalid"] += 1
        return
    counts["checked"] += 1
    if record.status == "compliant":
        counts["compliant"] += 1
    elif record.group is not None:
        counts[record.group] += 1
    fails = counts["fails"]
    for oid, verdict in record.obligations.items():
        if verdict == "fail":
            fails[oid] = fails.get(oid, 0) + 1


@dataclass
class History:
    start: dt.date
    end: dt.date
    every: str
    lang: str
    points: list[Point] = field(default_factory=list)
    errors: list[tuple[str, int, str]] = field(
        default_factory=list
    )  # (file, line, message) of the files invalid on the last date
    source: str = "today"  # "git": each date's committed files; "today": today's files re-checked
    records: list[Record] = field(default_factory=list)  # Record, by date then declaration
    note: str | None = None  # why today's files were re-checked although git was asked (the line said)
    startup: str | None = None  # history --startup: the one startup followed
    _indexed: tuple | None = field(default=None, repr=False, compare=False)

    def add(self, day: dt.date, records: list[Record], ids: Iterable[str], commit: str | None = None) -> None:
        self.points.append(_point(day, records, ids, commit))
        self.records.extend(records)

    def to_json(self) -> dict:
        return {
            "history_version": HISTORY_VERSION,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "every": self.every,
            "source": self.source,
            "note": self.note,
            "startup": self.startup,
            "points": [p.to_json() for p in self.points],
            "errors": [{"file": f, "line": line, "message": m} for f, line, m in self.errors],
            "records": [r.to_json() for r in self.records],
        }

    def series_of(self, file: str) -> str | None:
        """The series of the declaration named ``file`` on the latest date it was seen."""
        return self._index()[0].get(file)

    def strip(self, key: str) -> list[Record | None]:
        """The records of one series, one per point (None: no file that day)."""
        mine = self._index()[1].get(key, {})
        return [mine.get(p.as_of) for p in self.points]

    def _index(self) -> tuple[dict[str, str], dict[str, dict[dt.date, Record]]]:
        """(file -> its series on the latest date it was seen, series -> date -> record), made
        once (again when records were added since): a sheet per startup asks for its own."""
        if self._indexed is None or self._indexed[0] != len(self.records):
            files: dict[str, str] = {}
            series: dict[str, dict[dt.date, Record]] = {}
            for record in self.records:
                files[record.file] = record.series
                series.setdefault(record.series, {})[record.as_of] = record
            self._indexed = (len(self.records), files, series)
        return self._indexed[1], self._indexed[2]


class Evaluators:
    """One :class:`Evaluator` per date, all sharing the first one's compiled rules engine (it
    depends on the catalogue only: compiling it again per date costs a few milliseconds each)."""

    def __init__(self, catalog: Catalog, lang: str):
        self.catalog, self.lang = catalog, lang
        self._made: dict[dt.date, Evaluator] = {}

    def __call__(self, day: dt.date) -> Evaluator:
        found = self._made.get(day)
        if found is None:
            found = self._made[day] = Evaluator(self.catalog, day, self.lang)
            first = next(iter(self._made.values()))
            if first is not found and "engine" in vars(first):
                vars(found)["engine"] = first.engine  # the cached property, given
        return found


def _errors(results: Iterable[DeclarationResult]) -> list[tuple[str, int, str]]:
    return [(r.file, e.line, e.message) for r in results if r.status == "invalid" for e in r.errors]


# --- today's files -------------------------------------------------------------


def compute(
    catalog: Catalog,
    loaded: list[Loaded],
    start: dt.date,
    end: dt.date,
    every: str = "month",
    lang: str = "fr",
    startup: str | None = None,
) -> History:
    """Today's files (``loaded``, read once) re-checked as of each date of the period; with
    ``startup``, only the files declaring that id."""
    history = History(start, end, every, lang, startup=startup)
    if startup is not None:
        loaded = [item for item in loaded if _declared(item) == startup]
    results: list[DeclarationResult] = []
    evaluators = Evaluators(catalog, lang)
    for day in as_of_dates(start, end, every):
        evaluator = evaluators(day)
        results = [examine(evaluator, item, with_facts=False).result for item in loaded]
        records = [_record(day, f"file:{item.shown}", result, None) for item, result in zip(loaded, results)]
        history.add(day, records, catalog.obligation_ids)
    history.errors = _errors(results)
    return history


def _declared(item: Loaded) -> str | None:
    found = item.doc.declared_id() if item.doc is not None else None
    return found.strip() if isinstance(found, str) and found.strip() else None


# --- git -----------------------------------------------------------------------


def _version(entry: Entry) -> Any:
    """What identifies the content of an entry: its blob; a work-tree file by its path; an
    entry git could not read by itself."""
    if entry.problem is not None:
        return ("problem", id(entry))
    return entry.blob if entry.disk is None else ("disk", os.fspath(entry.disk))


class _Versions:
    """Each distinct version of the snapshots' files read and parsed once (one ``cat-file``
    pass), validated when first evaluated."""

    def __init__(self, state: GitState, snapshots: list[Snapshot], name: Callable[[str], str]):
        wanted: dict[Any, Entry] = {}
        for snapshot in snapshots:
            for entry in snapshot.entries:
                wanted.setdefault(_version(entry), entry)
        self.docs = {_version(entry): (doc, problems) for entry, doc, problems in state.load_all(wanted.values())}
        self.problems: dict[Any, list] = {}
        self.name = name

    def loaded(self, entry: Entry) -> Loaded:
        key = _version(entry)
        doc, problems = self.docs[key]
        if key not in self.problems:
            self.problems[key] = problems or validate(doc)
        return Loaded(printable(self.name(entry.shown)), doc, self.problems[key])


class GitOptions(TypedDict, total=False):
    """What :func:`from_git` is told besides the snapshots."""

    start: dt.date
    end: dt.date
    every: str
    startup: str | None
    name: Callable[[str], str]


def from_git(
    catalog: Catalog, state: GitState, snapshots: list[Snapshot], lang: str, **options: Unpack[GitOptions]
) -> History:
    """Each declaration of ``snapshots`` (one per date, :meth:`Past.snapshots`) as of its date
    (the module). ``options``: ``start``, ``end``, ``every`` (what the history says it covers),
    ``startup`` (only that id's series), ``name`` (how a file is named)."""
    days = [snapshot.day for snapshot in snapshots]
    name = options.get("name") or (lambda shown: shown)
    startup = options.get("startup")
    versions = _Versions(state, snapshots, name)
    series = [s for s in state.series(snapshots) if startup is None or s.startup_id == startup]
    history = History(options.get("start", days[0]), options.get("end", days[-1]), options.get("every", "month"), lang,
                      source="git", startup=startup)  # fmt: skip
    results: list[DeclarationResult] = []
    evaluators = Evaluators(catalog, lang)
    for index, snapshot in enumerate(snapshots):
        evaluator = evaluators(snapshot.day)
        records, results = [], []
        for one in series:
            entry = one.entries[index]
            if entry is None:
                continue  # not yet there, or gone
            result = examine(evaluator, versions.loaded(entry), with_facts=False).result
            results.append(result)
            commit = snapshot.commit.oid if snapshot.commit is not None and entry.disk is None else None
            records.append(_record(snapshot.day, one.key, result, commit))
        history.add(snapshot.day, records, catalog.obligation_ids, snapshot.commit.oid if snapshot.commit else None)
    history.errors = _errors(results)
    return history


# --- since the last committee (the startup sheet) ---------------------------------


@dataclass
class Edit:
    """One change to a declaration: a commit, or the work tree's uncommitted changes."""

    commit: str | None  # None: uncommitted changes of the work tree
    day: dt.date | None  # the committer's day
    author: str  # as git has it (print through printable / escape)
    subject: str
    keys: list[str] | None  # the keys whose values changed; None: a version is not a readable mapping
    moved: list[str] = field(default_factory=list)  # obligations whose verdict it moved (as of the as-of date)


@dataclass
class Moved:
    """One obligation whose verdict differs between the last committee and the as-of date."""

    obligation: str
    before: str | None  # its verdict on the committee's date (None: no valid declaration then)
    after: str | None
    by: list[Edit]  # the changes that moved it; none: the date did (a deadline passed or came near)


@dataclass
class Since:
    committee: dt.date | None  # the last committee held on or before the as-of date
    as_of: dt.date
    moved: list[Moved] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)  # every change to the declaration in between
    note: str | None = None  # why this is not known (no committee, no git history...)


def _chain(changes: list[Change], paths: set[str]) -> list[Change]:
    """The changes (oldest first) of one file whose ``paths`` are its paths on both dates,
    followed back through its renames: from the newest, a change to one of its paths is its
    own, and the path it came from becomes one of its paths (a path used again later by
    another file is not mistaken for it)."""
    mine = []
    for change in reversed(changes):
        if change.path_before in paths or change.path_after in paths:
            mine.append(change)
            paths |= {p for p in (change.path_before, change.path_after) if p}
    return mine[::-1]


def _verdicts(evaluator: Evaluator, loaded: Loaded) -> dict[str, str]:
    return dict(examine(evaluator, loaded, with_facts=False).result.obligations)


def _differ(ids: Iterable[str], before: dict[str, str], after: dict[str, str]) -> list[str]:
    return [oid for oid in ids if before.get(oid) != after.get(oid)]


@dataclass
class StartupPast:
    """What a startup sheet shows of the past: its verdicts on each date of a history (the
    strip), and what moved since its last committee."""

    dates: list[dt.date]
    records: list[Record | None]  # one per date; None: no file that day
    source: str  # the history's: "git" or "today"
    note: str | None  # why git was not read, when it was asked
    since: Since


# --- where the history comes from ------------------------------------------------


class PastOptions(TypedDict, total=False):
    """How a :class:`Past` reads: today's files (``as_now``), where its one line goes (``say``),
    which day is today, how a file is named."""

    as_now: bool
    say: Callable[[str], None] | None
    today: dt.date | None
    name: Callable[[str], str] | None


class Past:
    """The history of some paths: from git when they are in a work tree and ``as_now`` is not
    asked, else today's files, with the one line that says why (given to ``say``, kept in
    :attr:`note`). A context manager: git's processes end with it. ``name`` renames the files
    as a page shows them (the server: relative to its portfolio)."""

    def __init__(
        self,
        catalog: Catalog,
        paths: Iterable[str | os.PathLike[str]],
        lang: str = "fr",
        **options: Unpack[PastOptions],
    ):
        self.catalog, self.paths, self.lang = catalog, [os.fspath(p) for p in paths], lang
        self.as_now: bool = options.get("as_now", False)
        self.say: Callable[[str], None] = options.get("say") or (lambda line: None)
        self.today: dt.date = options.get("today") or dt.date.today()
        self.name: Callable[[str], str] = options.get("name") or (lambda shown: shown)
        self.state: GitState | None = None
        self.note: str | None = None
        self._changes: dict[tuple[dt.date, dt.date], list[Change]] = {}
        self._blobs: dict[str, Loaded] = {}
        self._now: Snapshot | None = None
        self._evaluators = Evaluators(catalog, lang)
        self._pairs: dict[tuple[dt.date, dt.date], list] = {}

    def __enter__(self) -> Past:
        if not self.as_now:
            try:
                self.state = GitState.open(self.paths)
                if not self.state.entries(self.state.resolve("HEAD")) and self._on_disk():
                    # files git never saw (ignored, or not added yet): every date of its history
                    # would count none of them, a chart of zeros that says nothing true
                    raise Unavailable("not_committed")
            except GitStateError as exc:
                self._lost(exc)
        return self

    def _on_disk(self) -> bool:
        """Whether the paths hold a declaration file today (as ``check`` collects them)."""
        from checker.reading.declarations import collect

        return next(iter(collect(self.paths)), None) is not None

    def __exit__(self, *exc: object) -> None:
        if self.state is not None:
            self.state.close()

    def snapshots(self, days: list[dt.date]) -> list[Snapshot]:
        """HEAD's files on each date; from today on, the work tree's (uncommitted changes count),
        looked at once."""
        assert self.state is not None
        found = self.state.snapshots(days)
        if found and found[-1].day >= self.today:
            if self._now is None:
                self._now = self.state.worktree(self.today)
            now = self._now
            found = [
                s if s.day < self.today else Snapshot(s.day, now.commit, now.entries, worktree=True) for s in found
            ]
        return found

    def _lost(self, exc: GitStateError) -> None:
        """Git failed: said once, today's files from then on."""
        self.note = exc.fallback(self.lang)
        self.say(self.note)
        if self.state is not None:
            self.state.close()
            self.state = None

    def history(self, start: dt.date, end: dt.date, every: str = "month", startup: str | None = None) -> History:
        days = as_of_dates(start, end, every)
        if self.state is not None and days:
            try:
                snapshots = self.snapshots(days)
                options: GitOptions = {
                    "start": start,
                    "end": end,
                    "every": every,
                    "startup": startup,
                    "name": self.name,
                }
                return from_git(self.catalog, self.state, snapshots, self.lang, **options)
            except GitStateError as exc:
                self._lost(exc)
        from checker.reading.declarations import collect

        loaded = [load(self.name(shown), target) for shown, target in collect(self.paths)]
        found = compute(self.catalog, loaded, start, end, every, self.lang, startup)
        found.note = self.note
        return found

    def startup(self, history: History, file: str, as_of: dt.date, committee: dt.date | None) -> StartupPast:
        """What the sheet of the declaration ``file`` shows of its past (``history``: the
        portfolio's, made by :meth:`history`; ``committee``: its last one held by ``as_of``)."""
        key = history.series_of(file)
        records: list[Record | None] = history.strip(key) if key is not None else [None] * len(history.points)
        dates = [p.as_of for p in history.points]
        return StartupPast(dates, records, history.source, history.note, self.since(file, as_of, committee))

    def since(self, file: str, as_of: dt.date, committee: dt.date | None) -> Since:
        """Between the last ``committee`` and ``as_of``: each obligation whose verdict moved
        (each side judged as committed then, as of its own date), the changes that moved it
        (both versions judged as of ``as_of``: a deadline passing moves no commit's verdicts)."""
        if committee is None:
            return Since(None, as_of, note=word("since.no_committee", self.lang))
        if self.state is None:
            return Since(committee, as_of, note=self.note or word("since.as_now", self.lang))
        if committee >= as_of:
            return Since(committee, as_of)
        try:
            return self._since(self.state, file, as_of, committee)
        except GitStateError as exc:
            return Since(committee, as_of, note=exc.message(self.lang))

    def _since(self, state: GitState, file: str, as_of: dt.date, committee: dt.date) -> Since:
        if (committee, as_of) not in self._pairs:  # the portfolio's files on both dates, paired once
            self._pairs[committee, as_of] = state.series(self.snapshots([committee, as_of]))
        pair = next((s for s in self._pairs[committee, as_of] if s.entries[1] is not None
                     and printable(self.name(s.entries[1].shown)) == file), None)  # fmt: skip
        if pair is None or pair.entries[1] is None:
            return Since(committee, as_of, note=word("since.not_committed", self.lang))
        before, after = pair.entries
        verdicts_then = self._verdicts(before, committee) if before is not None else {}
        verdicts_now = self._verdicts(after, as_of)
        if (committee, as_of) not in self._changes:  # one git log for the whole portfolio
            self._changes[committee, as_of] = state.changes(None, committee, as_of)
        edits = [self._edit(state, c, as_of) for c in _chain(self._changes[committee, as_of], set(pair.paths))]
        if after.disk is not None:
            edits.append(self._uncommitted(state, after, as_of))
        ids = self.catalog.obligation_ids
        moved = [
            Moved(oid, verdicts_then.get(oid), verdicts_now.get(oid), [e for e in edits if oid in e.moved])
            for oid in ids
            if verdicts_then.get(oid) != verdicts_now.get(oid)
        ]
        return Since(committee, as_of, moved, edits)

    def _verdicts(self, entry: Entry, day: dt.date) -> dict[str, str]:
        """An entry's verdicts as of ``day`` ({} when invalid)."""
        assert self.state is not None
        if entry.blob is not None and entry.disk is None and entry.problem is None:
            return self._blob_verdicts(entry.blob, entry.path, day)
        doc, problems = self.state.load(entry)
        return _verdicts(self._evaluators(day), Loaded(entry.shown, doc, problems or validate(doc)))

    def _blob_verdicts(self, oid: str | None, path: str | None, day: dt.date) -> dict[str, str]:
        if oid is None:
            return {}
        if oid not in self._blobs:
            assert self.state is not None
            doc, problems = self.state.load(Entry(path or "", path or "", oid, None, path or ""))
            self._blobs[oid] = Loaded(path or "", doc, problems or validate(doc))
        return _verdicts(self._evaluators(day), self._blobs[oid])

    def _edit(self, state: GitState, change: Change, as_of: dt.date) -> Edit:
        before = self._blob_verdicts(change.before, change.path_before, as_of)
        after = self._blob_verdicts(change.after, change.path_after, as_of)
        commit = change.commit
        return Edit(commit.oid, commit.day, commit.author, commit.subject, state.keys_changed_by(change),
                    _differ(self.catalog.obligation_ids, before, after))  # fmt: skip

    def _uncommitted(self, state: GitState, entry: Entry, as_of: dt.date) -> Edit:
        """The work tree's changes to ``entry`` since HEAD (its file at HEAD under the same path)."""
        committed = next((e for e in state.entries(state.resolve("HEAD")) if e.path == entry.path), None)
        old_doc = state.load(committed)[0] if committed is not None else None
        new_doc = state.load(entry)[0]
        old = old_doc.data if old_doc is not None else {}
        keys = changed_keys(old, new_doc.data) if isinstance(old, dict) and isinstance(new_doc.data, dict) else None
        before = self._verdicts(committed, as_of) if committed is not None else {}
        moved = _differ(self.catalog.obligation_ids, before, self._verdicts(entry, as_of))
        return Edit(None, None, "", word("since.uncommitted", self.lang), keys, moved)


# --- rendering -------------------------------------------------------------------


def render_json(history: History, catalog: Catalog | None = None) -> str:
    """The history as JSON: the points indented, each record on one line of its own (a portfolio
    of 662 startups over 25 dates is 16,550 of them)."""
    data = history.to_json()
    records = data.pop("records")
    head = json.dumps(data, ensure_ascii=False, indent=2)
    lines = ",\n".join("    " + json.dumps(r, ensure_ascii=False) for r in records)
    body = f"[\n{lines}\n  ]" if records else "[]"
    return head[:-2] + f',\n  "records": {body}\n}}\n'


def source_line(history: History) -> str:
    """Which history this is, in words: git's, or today's files re-checked."""
    return word(f"history.source.{history.source}", history.lang)


def _short(commit: str | None) -> str:
    return commit[:7] if commit else "-"


def render_table(history: History, catalog: Catalog) -> str:
    if history.startup is not None:
        return render_strip(history, catalog)
    lang = history.lang
    ids = [oid for oid in catalog.obligation_ids if any(p.fails.get(oid) for p in history.points)]
    git = history.source == "git"
    names = ["col.date", *(["col.commit"] if git else []), "col.checked", "col.compliant", "col.breach", "col.missing"]
    headers = [word(n, lang) for n in names] + ids
    rows = [
        [p.as_of.isoformat(), *([_short(p.commit)] if git else []), str(p.checked), str(p.compliant), str(p.breach),
         str(p.missing), *(str(p.fails.get(o, 0)) for o in ids)]
        for p in history.points
    ]  # fmt: skip
    left = 2 if git else 1  # the date (and the commit) to the left, the numbers to the right
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i >= left else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))
        ).rstrip()

    title = word("history.title", lang, start=history.start.isoformat(), end=history.end.isoformat())
    table = [title, source_line(history), line(headers), line(["-" * w for w in widths]), *map(line, rows)]
    return "\n".join(table) + "\n"


def render_strip(history: History, catalog: Catalog) -> str:
    """``history --startup ID`` as text: a row per obligation, a mark per date (blank: no file)."""
    from checker.foundation.verdicts import look

    lang, points = history.lang, history.points
    keys = list(dict.fromkeys(r.series for r in history.records))
    title = word("history.title", lang, start=history.start.isoformat(), end=history.end.isoformat())
    out = [f"{title} — {history.startup}", source_line(history)]
    if points:
        out.append(word("history.strip_dates", lang, first=points[0].as_of.isoformat(),
                        last=points[-1].as_of.isoformat(), count=len(points)))  # fmt: skip
    width = max(len(oid) for oid in [*catalog.obligation_ids, word("col.status", lang)])
    for key in keys:
        strip = history.strip(key)
        files = list(dict.fromkeys(r.file for r in strip if r is not None))
        out.append(word("history.strip_files", lang, files=", ".join(files)))
        status = "".join(" " if r is None else _STATUS_MARK[r.status] for r in strip)
        out.append(f"{word('col.status', lang).ljust(width)}  {status}")
        for oid in catalog.obligation_ids:
            marks = "".join(
                " " if r is None or oid not in r.obligations else look(r.obligations[oid]).mark for r in strip
            )
            out.append(f"{oid.ljust(width)}  {marks}")
    legend = ", ".join(
        f"{look(v).mark} {word('verdict.' + v, lang)}" for v in ("fail", "warn", "waived", "pass", "not-applicable")
    )
    out.append(legend + " · " + word("history.strip_blank", lang))
    return "\n".join(out) + "\n"


_STATUS_MARK = {"compliant": "✓", "non-compliant": "✗", "invalid": "?"}


def chart(history: History, catalog: Catalog, width: int = 900, top: int = 6) -> Chart:
    """Compliant startups, and the ``top`` obligations with the most ``fail`` over the period
    (obligations that fail alike at every date share one line, named together): each series its
    own colour and dash, labelled at the end of its line."""
    lang = history.lang
    alike: dict[tuple, list[str]] = {}  # the obligations with the same fail count at every date
    for oid in catalog.obligation_ids:
        counts = tuple(p.fails.get(oid, 0) for p in history.points)
        if any(counts):
            alike.setdefault(counts, []).append(oid)
    worst = sorted(alike.items(), key=lambda group: (-sum(group[0]), group[1]))[:top]
    color, dash = SERIES_STYLES[0]
    compliant = [(p.as_of, p.compliant) for p in history.points]
    series = [Series(word("history.compliant", lang), compliant, color, dash=dash)]
    for index, (counts, oids) in enumerate(worst):
        color, dash = SERIES_STYLES[1 + index % (len(SERIES_STYLES) - 1)]
        points = [(p.as_of, n) for p, n in zip(history.points, counts)]
        label = word("history.fail_series", lang, obligation=", ".join(oids))
        series.append(Series(label, points, color, markers=False, dash=dash))
    title = word("history.title", lang, start=history.start.isoformat(), end=history.end.isoformat())
    return Chart(title, series, width=width, height=320, y_min=0, css_class="history", direct_labels=True, lang=lang)


def status_chart(history: History, view: str = "all", width: int = 900) -> Chart:
    """The declarations of the phase view ``view`` on each date: compliant, with at least one
    breach, only to complete (and invalid, when some are): the portfolio page's chart."""
    lang = history.lang
    wanted = [("compliant", 0), ("breach", 1), ("missing", 2)]
    if any(p.view(view)["invalid"] for p in history.points):
        wanted.append(("invalid", 4))
    series = []
    for name, style in wanted:
        color, dash = SERIES_STYLES[style]
        points = [(p.as_of, p.view(view)[name]) for p in history.points]
        series.append(Series(word(f"history.series.{name}", lang), points, color, dash=dash))
    title = word("history.title", lang, start=history.start.isoformat(), end=history.end.isoformat())
    title += " — " + word(f"history.view.{view}", lang)
    return Chart(title, series, width=width, height=300, y_min=0, css_class="history", direct_labels=True, lang=lang)


def render_svg(history: History, catalog: Catalog) -> str:
    return '<?xml version="1.0" encoding="utf-8"?>\n' + line_chart(chart(history, catalog)) + "\n"


def portfolio_section(history: History, phase: str) -> str:
    """The HTML report's history (``check --format html --history-from``): where it comes from,
    then a chart per phase view, the one of the page's phase filter shown (the page's script
    follows the filter). Given to the HTML report ready made (``Context.history_html``): the
    reporting layer draws no chart of its own. Notes are escaped and cleaned (``printable``)."""
    from html import escape

    from checker.judging.model import PHASE_VIEWS

    notes = [source_line(history)] + ([history.note] if history.note else [])
    out = ['<section id="history">', *(f'<p class="note">{escape(printable(n))}</p>' for n in notes)]
    for view in PHASE_VIEWS:
        hidden = "" if view == phase else " hidden"
        out.append(f'<figure data-phase="{view}"{hidden}>{line_chart(status_chart(history, view))}</figure>')
    return "".join(out) + "</section>\n"
