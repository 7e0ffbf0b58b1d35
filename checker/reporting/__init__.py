"""Reporting what was judged: the formats of ``check`` (table, json, markdown, junit, sarif,
github, html; one module each, registered here by name), what changed since a previous report
(:mod:`.baseline`) or since a git revision (:mod:`.diffbase`), and the rule catalogue's own
documentation (:mod:`.docs`: ``conformite rules``, ``explain``, docs/rules.md). Each reporter
renders the same :class:`~checker.judging.model.Report` and re-evaluates nothing; what it shows
from the committee tools (the history chart, links to the sheets) comes in its :class:`Context`.

A reporter is a function ``render(report, context, out)`` registered under its format name; it
writes to the text stream ``out`` as it goes, so a portfolio of any size is never held whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from checker.judging.model import Report
    from checker.judging.rules import Catalog

    from .baseline import Baseline

Reporter = Callable[["Report", "Context", TextIO], None]  # render(report, context, out)
REPORTERS: dict[str, Reporter] = {}


@dataclass
class Context:
    """What a reporter may need besides the report: the rule catalogue, the terminal, a baseline."""

    catalog: Catalog
    lang: str = "fr"
    terminal: bool = False  # rendering for an interactive terminal (colours, widths)
    width: int = 100
    baseline: Baseline | None = None  # (file, obligation) -> previous verdict, see checker.reporting.baseline
    summary_only: bool = False  # human formats: the portfolio summary without each finding
    portfolio: bool = True  # table: per-obligation portfolio counts when there are several declarations
    # html: how compliance moved up to this report, its section (inline SVG charts) made by the
    # committee layer (checker.committee.history.portfolio_section, for check --history-from; the
    # server and the site draw the history on a page of its own)
    history_html: str | None = None
    # html: startup id -> the link of its sheet relative to the report, None where it has none
    # (checker.committee.sheet.links_to_sheets)
    sheet_link: Callable[[str], str | None] | None = None
    phase: str = "all"  # table, markdown, html: the startups shown and counted (check --phase, model.PHASE_VIEWS)


def phase_view(report: Report, context: Context) -> tuple[Report, str | None]:
    """``(report, note)``: the report restricted to the startups of ``context.phase`` (every
    count of it is of those), and the sentence that says so (None for ``all``)."""
    if context.phase == "all":
        return report, None
    from checker.foundation.messages import text
    from checker.foundation.wording import counted
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


def reporter(name: str) -> Callable[[Reporter], Reporter]:
    def register(func: Reporter) -> Reporter:
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


def render(fmt: str, report: Report, context: Context, out: TextIO) -> None:
    if fmt not in REPORTERS:
        import_module(f"{__name__}.{MODULES[fmt]}")
    REPORTERS[fmt](report, context, out)


def render_text(fmt: str, report: Report, context: Context) -> str:
    """The whole output as a string (tests, small reports)."""
    import io

    buffer = io.StringIO()
    render(fmt, report, context, buffer)
    return buffer.getvalue()
