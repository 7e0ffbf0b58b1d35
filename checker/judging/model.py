"""Results as data: what every reporter renders and nothing re-evaluates."""

from __future__ import annotations

import io
import json
import weakref
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import IO, TYPE_CHECKING, Any

import orjson

from checker.foundation.messages import text
from checker.foundation.phases import ACTIVE
from checker.foundation.verdicts import RULE_OUTCOMES, VERDICTS, Verdict, look, worst

if TYPE_CHECKING:
    from checker.foundation.verdicts import _Look

__all__ = [
    "CAUSES",
    "NOTE",
    "GROUPS",
    "VERDICTS",
    "Brief",
    "DeclarationResult",
    "Error",
    "Finding",
    "Report",
    "PHASE_VIEWS",
    "Results",
    "Verdict",
    "cause_group",
    "declaration_group",
    "failure_groups",
    "finding_look",
    "in_phase_view",
    "worst",
]


@dataclass
class Finding:
    rule: str
    obligation: str
    severity: str  # error | warning
    outcome: str  # fail | warn | waived | note (| pass | not-applicable with --verbose)
    message: str
    reference: str
    path: str
    line: int
    column: int
    due_on: str | None = None
    # why a fail/warn/waived finding fails: missing | breach | deadline | exemption | evidence
    # (CAUSES); None on pass and not-applicable rows; in JSON only when set
    cause: str | None = None
    evidence: dict | None = None  # what was declared and observed, source and date (--evidence)
    fix: str | None = None  # what to write (checker.judging.hints); in JSON only when set
    # False on a pass that verified nothing (its rule file marks that pass text ``verified: false``:
    # a fact it needs is missing, or another rule says it); in JSON only then, as ``"verified": false``
    verified: bool = True

    @property
    def look(self) -> _Look:
        """How human reports mark this finding (:func:`finding_look`)."""
        return finding_look(self.outcome, self.verified)

    @property
    def css(self) -> str:
        """The class of its pill in HTML: its outcome, or ``unverified`` for a pass that verified nothing."""
        return UNVERIFIED if self.outcome == "pass" and not self.verified else self.outcome

    def with_due(self, lang: str) -> str:
        """The message as every report shows it: the due date added, unless the message shows
        it, then what to write (``fix``) after an arrow."""
        shown = self.message
        if self.due_on and self.due_on not in self.message:
            shown = f"{shown} ({text('word.due_on', lang)} {self.due_on})"
        return f"{shown} → {self.fix}" if self.fix else shown

    def with_fix(self) -> str:
        """The message and what to write, for reports that show the due date apart."""
        return f"{self.message} → {self.fix}" if self.fix else self.message

    def label(self, lang: str) -> str:
        """The outcome as human reports show it: a failure is "à compléter" (the declaration
        lacks a fact) or "manquement" (it states one that breaks the convention), with the
        finer cause in brackets; a warning or waiver gets its cause in brackets."""
        if self.outcome == "pass" and not self.verified:
            return text("verdict.unverified", lang)
        word = text("verdict." + self.outcome, lang)
        if self.outcome == NOTE:  # what the note is: not verified, not used, or of no obligation
            status = (self.evidence or {}).get("status")
            return f"{word} ({text('note.' + status, lang)})" if status in NOTE_STATUSES else word
        group = cause_group(self.cause)
        if group is None or self.outcome not in ("fail", "warn", "waived"):
            return word
        detail = f" ({text('cause.' + str(self.cause), lang)})"
        if self.outcome != "fail":  # a warning or a waiver is no breach: only the other causes are named
            return word if self.cause == "breach" else word + detail
        return text("group." + group, lang) + (detail if self.cause != group else "")


# an evidence finding that weighs on no verdict (checker.evidence.findings): an observation that
# could not confirm, one too old to use, or a contradiction of an obligation that does not apply;
# a finding outcome only, never an obligation verdict, shown as a note and never as a pass
NOTE = "note"
# its evidence status, said in its label
NOTE_STATUSES = ("unconfirmed", "stale", "contradicted", "confirmed", "undated")
_NOTE_LOOK = replace(
    Verdict.NOT_APPLICABLE.look,
    fr="note",
    en="note",
    mark="i",
    html_mark="ℹ",
    icon="ℹ️",
    style="blue",
    sarif="note",
    github="notice",
)


# a pass that verified nothing (``verified: false`` in its rule file): neither ✓ nor a problem,
# shown "non vérifié ici" in a neutral style; its JSON outcome stays ``pass`` (report.md has no other)
UNVERIFIED = "unverified"
_UNVERIFIED_LOOK = replace(
    Verdict.NOT_APPLICABLE.look, fr="non vérifié ici", en="not checked here", mark="·", html_mark="·", icon="◽"
)


def finding_look(outcome: str, verified: bool = True) -> _Look:
    """How a finding's outcome is shown: its verdict's look, the note's, or, for a pass that
    verified nothing, the neutral "non vérifié ici"."""
    if outcome == NOTE:
        return _NOTE_LOOK
    if outcome == "pass" and not verified:
        return _UNVERIFIED_LOOK
    return look(outcome)


CAUSES = ("missing", "breach", "deadline", "exemption", "evidence")
GROUPS = ("missing", "breach")  # what a coach tells apart: to complete, or a real breach


def cause_group(cause: str | None) -> str | None:
    """``missing`` for a fact the declaration does not state yet; ``breach`` for every other
    cause (a stated fact that breaks the convention, a date passed, an exemption's problem,
    evidence against the declaration); ``None`` without a cause."""
    if cause is None:
        return None
    return "missing" if cause == "missing" else "breach"


def failure_groups(result: DeclarationResult) -> dict[str, str]:
    """Obligation id -> group of each obligation that fails: ``breach`` when one of its failing
    findings is a breach, ``missing`` when they all only lack facts."""
    groups: dict[str, str] = {}
    for f in result.findings:
        if f.outcome != "fail" or result.obligations.get(f.obligation) != "fail":
            continue
        if groups.get(f.obligation) != "breach":
            groups[f.obligation] = cause_group(f.cause) or "breach"
    return groups


def declaration_group(groups: dict[str, str]) -> str | None:
    """A non-compliant declaration is ``breach`` with one breach, else ``missing``."""
    if not groups:
        return None
    return "breach" if "breach" in groups.values() else "missing"


PHASE_VIEWS = ("active", "closed", "all")  # --phase: which startups a human report or the agenda shows


def in_phase_view(phase: str | None, view: str) -> bool:
    """Whether a declaration whose current phase is ``phase`` is in the ``--phase`` ``view``:
    ``active`` (investigation to opéré), ``closed`` (transféré, abandon, abandon-investigation)
    or ``all``. An invalid declaration (``phase`` None: it cannot be read) is in every view,
    so that a file to repair is never hidden."""
    if view == "all" or phase is None:
        return True
    return (phase in ACTIVE) == (view == "active")


def _finding_json(finding: Finding) -> dict:
    data = dict(vars(finding))  # fields in order; asdict() deep-copies, slowly
    for optional in ("cause", "evidence", "fix"):
        if data.get(optional) is None:
            data.pop(optional, None)
    if data.get("verified", True):  # written only as "verified": false
        data.pop("verified", None)
    return data


@dataclass
class Error:
    message: str
    path: str
    line: int
    column: int


@dataclass
class DeclarationResult:
    file: str
    startup: str | None
    status: str  # compliant | non-compliant | invalid
    phase: str | None
    obligations: dict = field(default_factory=dict)  # obligation id -> verdict, catalogue order
    findings: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    title: str | None = None  # the startup's title, for human reports

    @classmethod
    def from_store(cls, data: dict) -> DeclarationResult:
        return cls(
            data["file"],
            data["startup"],
            data["status"],
            data["phase"],
            data["obligations"],
            [Finding(**f) for f in data["findings"]],
            [Error(**e) for e in data["errors"]],
            data.get("title"),
        )

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "startup": self.startup,
            "status": self.status,
            "phase": self.phase,
            "obligations": dict(self.obligations),
            "findings": [_finding_json(f) for f in self.findings],
            "errors": [dict(vars(e)) for e in self.errors],
        }


def _loads(raw: bytes) -> Any:
    """JSON written here: by orjson, or marked ``J`` by the standard encoder (orjson would read
    an integer beyond 64 bits back as a float)."""
    return json.loads(raw[1:]) if raw.startswith(b"J") else orjson.loads(raw)


@dataclass
class Brief:
    """What a run keeps in memory of one result, beside its stored line: what the counts of
    :class:`Results` and the per-file messages on stderr need. A ``check --jobs`` worker sends
    it with the stored line (a few hundred bytes), so the main process never reads the line."""

    file: str
    startup: str | None
    status: str
    phase: str | None
    obligations: dict  # obligation id -> verdict
    outcomes: list  # each finding's outcome
    groups: dict  # obligation id -> missing | breach, for each failing obligation (failure_groups)
    contradicted: bool  # a warn finding of cause evidence
    errors: list  # Error

    @classmethod
    def of(cls, result: DeclarationResult) -> Brief:
        return cls(
            result.file,
            result.startup,
            result.status,
            result.phase,
            result.obligations,
            [f.outcome for f in result.findings],
            failure_groups(result),
            any(f.cause == "evidence" and f.outcome == "warn" for f in result.findings),
            result.errors,
        )

    def encode(self) -> bytes:
        """One line of JSON (orjson writes a dataclass as an object)."""
        try:
            return orjson.dumps(self)
        except orjson.JSONEncodeError:  # pragma: no cover - what orjson refuses: the standard encoder's
            return b"J" + json.dumps(asdict(self)).encode("ascii")

    @classmethod
    def decode(cls, raw: bytes) -> Brief:
        data = _loads(raw)
        data["errors"] = [Error(**e) for e in data["errors"]]
        return cls(**data)


class _Spool:
    """What ``tempfile.SpooledTemporaryFile(max_size, mode="w+b")`` does for :class:`Results`
    (bytes in memory, moved to an unnamed temporary file once past ``max_size``), without
    importing tempfile (and shutil, random, bz2, lzma with it) in a run that stays small."""

    def __init__(self, max_size: int):
        self._max_size, self._rolled = max_size, False
        self._memory = io.BytesIO()
        self._file: IO[bytes] = self._memory

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._file.seek(offset, whence)

    def write(self, data: bytes) -> int:
        written = self._file.write(data)
        if not self._rolled and self._file.tell() > self._max_size:
            import tempfile

            disk = tempfile.TemporaryFile(mode="w+b")
            weakref.finalize(self, disk.close)  # closed with the run's results, never left to the collector
            disk.write(self._memory.getvalue())
            disk.seek(self._memory.tell(), 0)
            self._file, self._memory, self._rolled = disk, io.BytesIO(), True
        return written

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._file)


class Results:
    """The declaration results of a run, kept off the heap.

    Each result is serialised into a spooled temporary file as it arrives (in memory while
    small, on disk beyond ``spool_bytes``), so a run's memory stays flat however many
    declarations it checks. Iterate as often as needed (each reporter does); the counts every
    summary needs are kept as results arrive.
    """

    def __init__(self, spool_bytes: int = 4 * 1024 * 1024):
        self._file = _Spool(spool_bytes)
        self._reading = False  # the store was read since the last result kept: its position moved
        self._count = 0
        self.status: Counter[str] = Counter()  # status -> declarations
        self.phases: Counter[str] = Counter()  # current phase -> valid declarations
        self.verdicts: dict[str, Counter] = {}  # obligation -> verdict -> declarations
        self.findings: Counter[str] = Counter()  # outcome -> findings
        self.groups: dict[str, Counter] = {}  # obligation -> group (missing|breach) -> failing declarations
        self.declaration_groups: Counter[str] = Counter()  # group -> non-compliant declarations
        self.contradicted = 0  # declarations with a warn finding of cause evidence (--evidence)

    @staticmethod
    def encode(result: DeclarationResult) -> bytes:
        """The stored form of a result: its JSON report form plus its ``title``, written as the
        JSON report writes a declaration (``json.dumps(…, ensure_ascii=False, indent=2)``) with
        each newline as a tab, so that it is one line and still JSON (a tab is JSON whitespace,
        and a JSON text holds a tab only there: a string escapes it). The JSON reporter writes
        it back with its newlines and nothing to encode again; a ``check --jobs`` worker sends
        it, so the main process neither unpickles nor encodes."""
        data = result.to_json()
        data["title"] = result.title
        if not any(f.evidence is not None for f in result.findings):  # open-ended: floats, NaN
            try:  # orjson: C speed, the same bytes for what the other fields hold (text, integers, null)
                return orjson.dumps(data, option=orjson.OPT_INDENT_2).replace(b"\n", b"\t")
            except orjson.JSONEncodeError:  # an integer beyond 64 bits: the standard encoder's
                pass
        # marked: orjson would read an integer beyond 64 bits back as a float
        return b"J" + json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8").replace(b"\n", b"\t")

    @classmethod
    def decode(cls, line: bytes) -> DeclarationResult:
        """The result a stored line holds (:meth:`encode` read back)."""
        return DeclarationResult.from_store(cls.data(line))

    def append(self, result: DeclarationResult) -> Brief:
        """Keep ``result``; its brief."""
        brief = Brief.of(result)
        self.add(self.encode(result), brief)
        return brief

    def add(self, line: bytes, brief: Brief) -> None:
        """Keep a result given as its stored line and its :class:`Brief`."""
        if self._reading:  # back to the end (a seek flushes a file's buffer: not for every result)
            self._file.seek(0, 2)
            self._reading = False
        self._file.write(line + b"\n")
        self._count += 1
        self.status[brief.status] += 1
        if brief.status != "invalid" and brief.phase is not None:
            self.phases[brief.phase] += 1
        for oid, verdict in brief.obligations.items():
            counts = self.verdicts.get(oid)
            if counts is None:
                counts = self.verdicts[oid] = Counter()
            counts[verdict] += 1
        self.findings.update(brief.outcomes)
        for oid, group in brief.groups.items():
            self.groups.setdefault(oid, Counter())[group] += 1
        if (kind := declaration_group(brief.groups)) is not None:
            self.declaration_groups[kind] += 1
        self.contradicted += brief.contradicted

    def __len__(self) -> int:
        return self._count

    # each a DeclarationResult: said Any until checker.reporting's Context.sheet_link, which
    # reporting/html.py calls with a result's ``startup``, takes the None it handles
    def __iter__(self) -> Iterator[Any]:
        for line in self.lines():
            yield self.decode(line)

    def lines(self) -> Iterator[bytes]:
        """Each result as its stored line (:meth:`encode`; :meth:`data` reads one)."""
        self._reading = True
        self._file.seek(0)
        for line in self._file:
            yield line[:-1]  # its newline

    @staticmethod
    def data(line: bytes) -> dict:
        """The JSON data a stored line holds."""
        return _loads(line)


@dataclass
class Report:
    as_of: str
    lang: str
    declarations: Results = field(default_factory=Results)
    generator_version: str = ""
    evidence: dict | None = None  # --evidence: {"directory", "max_age"}; None keeps reports unchanged

    @property
    def summary(self) -> dict:
        count = self.declarations.status
        summary = {
            "declarations": len(self.declarations),
            "compliant": count["compliant"],
            "non_compliant": count["non-compliant"],
            "invalid": count["invalid"],
        }
        if self.evidence is not None:
            summary["contradicted_by_evidence"] = self.declarations.contradicted
            summary["evidence_notes"] = self.declarations.findings[NOTE]  # evidence that raised no verdict
        return summary

    def header(self) -> dict:
        """The JSON report without its declarations."""
        return {
            "report_version": 1,
            "generator": {"name": "conformite", "version": self.generator_version},
            "as_of": self.as_of,
            "summary": self.summary,
        }

    def to_json(self) -> dict:
        return dict(self.header(), declarations=[d.to_json() for d in self.declarations])

    def only(self, keep: Callable[[DeclarationResult], bool]) -> Report:
        """The same report restricted to the declarations for which ``keep(result)`` holds:
        every count (summary, verdicts, groups) is of those only."""
        kept = Results()
        for line in self.declarations.lines():
            result = Results.decode(line)
            if keep(result):
                kept.add(line, Brief.of(result))
        return Report(self.as_of, self.lang, kept, self.generator_version, self.evidence)

    def exit_code(self, fail_on: str) -> int:
        """2 when a file is invalid; 1 when a verdict reaches ``fail_on``; else 0."""
        if self.declarations.status["invalid"]:
            return 2
        levels = {"error": RULE_OUTCOMES[:1], "warning": RULE_OUTCOMES, "never": ()}[fail_on]
        hit = any(self.declarations.verdicts[oid][v] for oid in self.declarations.verdicts for v in levels)
        return 1 if hit else 0
