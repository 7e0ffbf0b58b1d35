"""The few words reporters need about evidence (kept apart so reporters import nothing heavy)."""

from __future__ import annotations

from checker.foundation.messages import printable
from checker.foundation.verdicts import Verdict

MARKER = "◆"  # html heatmap: an obligation some evidence contradicts

_SUMMARY = {
    "fr": "Preuves ({directory}, {max_age} jours au plus) : {count} déclaration(s) contredite(s) par ce qui a été observé ; {notes} note(s) sans effet sur les verdicts (non vérifié, trop ancien, ou obligation sans objet).",
    "en": "Evidence ({directory}, at most {max_age} days old): {count} declaration(s) contradicted by what was observed; {notes} note(s) with no effect on the verdicts (not verified, too old, or obligation not applicable).",
}
_CELL = {"fr": "contredit par les preuves", "en": "contradicted by evidence"}


def summary_line(report, lang: str, count=None, notes=None) -> str | None:
    """The portfolio line counting declarations contradicted by evidence (a ``warn`` that raised
    a verdict) and the notes listed (evidence that raised none); None without --evidence.
    ``count`` and ``notes`` replace the report's own numbers (the HTML report's marks)."""
    if report.evidence is None:
        return None
    summary = report.summary
    count = summary["contradicted_by_evidence"] if count is None else count
    notes = summary["evidence_notes"] if notes is None else notes
    line = _SUMMARY[lang].format(count=count, notes=notes, **report.evidence)
    return printable(line)  # the directory as the user typed it: no terminal escape


def contradicted(decl, obligation_id: str) -> bool:
    """Whether a contradiction (a ``warn`` of cause evidence) bears on this obligation of ``decl``."""
    return any(
        f.outcome == Verdict.WARN and f.cause == "evidence" and f.obligation == obligation_id for f in decl.findings
    )


def cell_note(lang: str) -> str:
    return _CELL[lang]
