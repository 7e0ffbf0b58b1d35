"""Reporters: each renders the same :class:`~checker.judging.model.Report`; none re-evaluates anything.

A reporter is a function ``render(report, context, out)`` registered under its format name; it
writes to the text stream ``out`` as it goes, so a portfolio of any size is never held whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

REPORTERS: dict[str, Callable] = {}


@dataclass
class Context:
    """What a reporter may need besides the report: the rule catalogue, the terminal, a baseline."""

    catalog: object
    lang: str = "fr"
    terminal: bool = False  # rendering for an interactive terminal (colours, widths)
    width: int = 100
    baseline: dict | None = None  # (file, obligation) -> previous verdict, see checker.reporting.baseline
    summary_only: bool = False  # human formats: the portfolio summary without each finding
    portfolio: bool = True  # table: per-obligation portfolio counts when there are several declarations
    history: object = None  # html: a checker.committee.history.History to chart (check --history-from)
    sheets_dir: object = None  # html: the directory of startup sheets beside the report (rows link to them)
    phase: str = "all"  # table, markdown, html: the startups shown and counted (check --phase, model.PHASE_VIEWS)


def phase_view(report, context: Context):
    """``(report, note)``: the report restricted to the startups of ``context.phase`` (every
    count of it is of those), and the sentence that says so (None for ``all``)."""
    if context.phase == "all":
        return report, None
    from checker.foundation.messages import counted, text
    from checker.judging.model import in_phase_view

    shown = report.only(lambda result: in_phase_view(result.phase, context.phase))
    note = text(
        "word.phase_view",
        context.lang,
        view=text("phase." + context.phase, context.lang),
        shown=len(shown.declarations),
        total=counted(len(report.declarations), "count.declaration", context.lang),
    )
    return shown, note


def reporter(name: str):
    def register(func):
        REPORTERS[name] = func
        return func

    return register


# format -> the module that registers it, imported on first use: a run pays only for its formats
MODULES = {
    "table": "table",
    "json": "json_report",
    "markdown": "markdown",
    "junit": "junit",
    "sarif": "sarif",
    "github": "github",
    "html": "html",
}


def render(fmt: str, report, context: Context, out) -> None:
    if fmt not in REPORTERS:
        import_module(f"{__name__}.{MODULES[fmt]}")
    REPORTERS[fmt](report, context, out)


def render_text(fmt: str, report, context: Context) -> str:
    """The whole output as a string (tests, small reports)."""
    import io

    buffer = io.StringIO()
    render(fmt, report, context, buffer)
    return buffer.getvalue()
