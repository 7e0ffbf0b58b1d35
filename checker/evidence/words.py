"""The few words reporters need about evidence (kept apart so reporters import nothing heavy)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checker.foundation.messages import register, text
from checker.foundation.verdicts import Verdict
from checker.foundation.wording import counted, printable

if TYPE_CHECKING:
    from checker.judging.model import Report

MARKER = "◆"  # html heatmap: an obligation some evidence contradicts

register(
    "evidence",
    {
        # each count after its label ("déclarations contredites : 0"), as the portfolio summary says
        # its counts: the HTML report sets these numbers to the rows a filter shows, so no word agrees with them
        "summary": {
            "fr": "Preuves ({directory}, {max_age} au plus) — déclarations contredites par ce qui a été observé : {count} ; notes sans effet sur les verdicts (non vérifiées, trop anciennes, non datées, ou d'une obligation sans objet) : {notes}.",
            "en": "Evidence ({directory}, {max_age} old at most) — declarations contradicted by what was observed: {count}; notes with no effect on the verdicts (not verified, too old, undated, or of an obligation not applicable): {notes}.",
        },
        "cell": {"fr": "contredit par les preuves", "en": "contradicted by evidence"},
    },
)


def summary_line(
    report: Report, lang: str, count: int | str | None = None, notes: int | str | None = None
) -> str | None:
    """The portfolio line counting declarations contradicted by evidence (a ``warn`` that raised
    a verdict) and the notes listed (evidence that raised none); None without --evidence.
    ``count`` and ``notes`` replace the report's own numbers (the HTML report's marks)."""
    if report.evidence is None:
        return None
    summary = report.summary
    count = summary["contradicted_by_evidence"] if count is None else count
    notes = summary["evidence_notes"] if notes is None else notes
    max_age = counted(report.evidence["max_age"], "count.days", lang)
    line = text(
        "evidence.summary", lang, count=count, notes=notes, directory=report.evidence["directory"], max_age=max_age
    )
    return printable(line)  # the directory as the user typed it: no terminal escape


# ``decl``: a DeclarationResult (said Any while checker.reporting.html's _cell says it may pass a Brief,
# which has no findings)
def contradicted(decl: Any, obligation_id: str) -> bool:
    """Whether a contradiction (a ``warn`` of cause evidence) bears on this obligation of ``decl``."""
    return any(
        f.outcome == Verdict.WARN and f.cause == "evidence" and f.obligation == obligation_id for f in decl.findings
    )


def cell_note(lang: str) -> str:
    return text("evidence.cell", lang)
