"""``--baseline previous.json``: what changed since a previous JSON report (the last committee).

Each obligation verdict is ``unchanged`` (same verdict as before), ``new`` (a problem, fail or
warn, that was not there in that form), or ``resolved`` (no problem any more, where there was
a different verdict before). Declarations are matched by startup id, else by file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.foundation.messages import text
from checker.foundation.verdicts import Verdict
from checker.reading.loader import load_json
from checker.reading.problems import Problem

if TYPE_CHECKING:
    from checker.judging.model import Brief, DeclarationResult

MAX_BYTES = 256 * 1024 * 1024  # a JSON report of 20,000 declarations with every finding is well under this


# (declaration key, obligation) -> the verdict a previous report (or revision) gave
Baseline = dict[tuple[str, str], str]


class BaselineError(Exception):
    """The baseline report cannot be used: one sentence, in the reader's language."""


def _key(decl: DeclarationResult | Brief | dict[str, Any]) -> str:
    startup = decl.get("startup") if isinstance(decl, dict) else decl.startup
    file = decl.get("file") if isinstance(decl, dict) else decl.file
    return f"startup:{startup}" if startup else f"file:{file}"


def load_baseline(path: Path, lang: str = "fr") -> Baseline:
    """(declaration key, obligation) -> previous verdict. Read through the one guarded way in
    (:func:`checker.reading.loader.load_json`: a regular file only, so a FIFO or ``/dev/zero`` is refused
    without being read; at most :data:`MAX_BYTES`; strict JSON, nesting bounded); anything else
    is :class:`BaselineError`."""
    report = load_json(path, MAX_BYTES)
    if isinstance(report, Problem):
        raise BaselineError(text(report.code, lang, **report.params))
    if (
        not isinstance(report, dict)
        or report.get("report_version") != 1
        or not isinstance(report.get("declarations"), list)
    ):
        raise BaselineError(text("baseline.not_report", lang))
    previous: Baseline = {}
    for decl in report["declarations"]:
        if isinstance(decl, dict) and isinstance(decl.get("obligations"), dict):
            for oid, verdict in decl["obligations"].items():
                previous[(_key(decl), oid)] = verdict
    return previous


def change(baseline: Baseline, decl: DeclarationResult | Brief, obligation: str, verdict: str) -> str:
    before = baseline.get((_key(decl), obligation))
    if before == verdict:
        return "unchanged"
    if Verdict(verdict).is_problem:
        return "new"
    return "resolved" if before is not None else "unchanged"


def moved(baseline: Baseline | None, decl: DeclarationResult | Brief) -> list[tuple[str, str, str]]:
    """(obligation, verdict, change) of each verdict of ``decl`` that is not ``unchanged``."""
    if baseline is None:
        return []
    changes = ((oid, verdict, change(baseline, decl, oid, verdict)) for oid, verdict in decl.obligations.items())
    return [c for c in changes if c[2] != "unchanged"]


def is_new(baseline: Baseline | None, decl: DeclarationResult | Brief, obligation: str) -> bool | None:
    """Whether ``obligation``'s verdict in ``decl`` is a problem that was not there before
    (``--baseline``, ``--diff-base``); None without a baseline (nothing to compare with). What the
    machine formats say of each finding (SARIF's ``baselineState``, the GitHub annotation's title),
    so that a reviewer sees what blocked a change under ``--fail-on new``."""
    if baseline is None:
        return None
    verdict = decl.obligations.get(obligation)
    return verdict is not None and change(baseline, decl, obligation, verdict) == "new"
