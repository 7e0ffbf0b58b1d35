"""The few words reporters need about evidence (kept apart so reporters import nothing heavy)."""

from __future__ import annotations

from ..verdicts import Verdict

MARKER = "◆"  # html heatmap: an obligation some evidence contradicts

_SUMMARY = {
    "fr": "Preuves ({directory}, {max_age} jours au plus) : {count} déclaration(s) contredite(s) par ce qui a été observé.",
    "en": "Evidence ({directory}, at most {max_age} days old): {count} declaration(s) contradicted by what was observed.",
}
_CELL = {"fr": "contredit par les preuves", "en": "contradicted by evidence"}


def summary_line(report, lang: str) -> str | None:
    """The portfolio line counting declarations contradicted by evidence; None without --evidence."""
    if report.evidence is None:
        return None
    return _SUMMARY[lang].format(count=report.declarations.contradicted, **report.evidence)


def contradicted(decl, obligation_id: str) -> bool:
    """Whether a contradiction (a ``warn`` of cause evidence) bears on this obligation of ``decl``."""
    return any(
        f.outcome == Verdict.WARN and f.cause == "evidence" and f.obligation == obligation_id for f in decl.findings
    )


def cell_note(lang: str) -> str:
    return _CELL[lang]
