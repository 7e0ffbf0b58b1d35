"""``--format table``: for people. Rich colours on a terminal, plain aligned text otherwise
(pipes, files, ``NO_COLOR``). Several declarations end with a portfolio summary: startups by
current phase and, per obligation, how many declarations have each verdict."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING, TextIO

from checker.evidence.words import summary_line
from checker.foundation.console import terminal_width
from checker.foundation.messages import choice_order, choice_word, text
from checker.foundation.verdicts import VERDICTS, Status, look
from checker.foundation.wording import colon, counted, printable
from checker.judging.model import GROUPS, failure_groups

from . import phase_view, reporter
from .baseline import moved

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from checker.foundation.verdicts import _Look
    from checker.judging.model import DeclarationResult, Report

    from . import Context


def one_line(value: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", value)


def finding_rows(decl: DeclarationResult, lang: str) -> Iterator[tuple[_Look, str, str, str, str]]:
    """(look, label, location, obligation, message) per finding, in report order; the look
    marks it (a pass that verified nothing is no ✓), the label tells a fact to complete from a
    breach (Finding.label)."""
    for f in decl.findings:
        where, message = f"{f.line}:{f.column}", one_line(f"{f.with_due(lang)} — {f.reference}")
        yield f.look, f.label(lang), where, f.obligation, message


def _phase_counts(phases: Counter[str], lang: str) -> str:
    """ "accélération 74, consolidation 12, …": each current phase in words, in lifecycle order."""
    return ", ".join(f"{choice_word(p, lang)} {n}" for p, n in sorted(phases.items(), key=lambda i: choice_order(i[0])))


def group_note(decl: DeclarationResult, lang: str) -> str:
    """ " — 2 à compléter, 1 manquement" after a non-compliant declaration's status."""
    groups = list(failure_groups(decl).values())
    if not groups:
        return ""
    breach = counted(groups.count("breach"), "count.breach", lang)
    return " — " + text("word.group_counts", lang, missing=groups.count("missing"), breach=breach)


def groups_line(report: Report, lang: str) -> str:
    """How many non-compliant declarations have a breach, how many only lack facts."""
    return text("word.failures_by_group", lang, **{g: report.declarations.declaration_groups[g] for g in GROUPS})


def _name(decl: DeclarationResult) -> str:
    """The startup id; for a file without one that can be read, its file name without extension."""
    return decl.startup or PurePath(decl.file).stem or decl.file


def _heading(decl: DeclarationResult, lang: str) -> str:
    name = _name(decl)
    title = f" — {decl.title}" if decl.title and decl.title != name else ""
    phase = f" ({choice_word(decl.phase, lang)})" if decl.phase else ""
    status = text("status." + decl.status, lang) + group_note(decl, lang)
    return one_line(f"{name}{title}{phase}: {status}  [{decl.file}]")


def _portfolio(report: Report, context: Context) -> bool:
    """Whether the portfolio's failures are split: several declarations, some non-compliant."""
    return len(report.declarations) > 1 and context.portfolio and report.declarations.status["non-compliant"] > 0


@reporter("table")
def render(report: Report, context: Context, stream: TextIO) -> None:
    report, view = phase_view(report, context)  # --phase: the startups shown and counted
    if context.terminal:
        return _rich(report, context, stream, view)
    lang = context.lang

    def line(content: str = "") -> None:  # each line written as soon as it is known
        stream.write(content + "\n")

    line(f"conformite — {text('word.as_of', lang)} {report.as_of}")
    if view is not None:
        line(view)
    for decl in [] if context.summary_only else report.declarations:
        line("")
        line(_heading(decl, lang))
        for err in decl.errors:
            line(one_line(f"  {decl.file}:{err.line}:{err.column}: {err.message}"))
        for shown, label, where, oid, message in finding_rows(decl, lang):
            line(f"  {shown.mark} {label:<24} {where:>7}  {oid:<21} {message}")
        for oid, verdict, change in moved(context.baseline, decl):
            line(f"  Δ {oid:<21} {text('change.' + change, lang)}{colon(lang)}{text('verdict.' + verdict, lang)}")
    line("")
    if len(report.declarations) > 1 and context.portfolio:
        phases, per_obligation = report.declarations.phases, report.declarations.verdicts
        line(text("word.phase", lang).capitalize() + "s" + colon(lang) + _phase_counts(phases, lang))
        heads = [text("verdict." + v, lang) for v in VERDICTS] + [
            f"{look('fail').mark} {text('group.' + g, lang)}" for g in GROUPS
        ]
        widths = [max(14, len(h) + 2) for h in heads]  # a long word never runs into the next
        line(f"{'':<22}" + "".join(f"{h:>{w}}" for h, w in zip(heads, widths)))
        for obligation in context.catalog.obligations:
            counts = per_obligation.get(obligation.id, Counter())
            groups = report.declarations.groups.get(obligation.id, Counter())
            cells = [counts.get(v, 0) for v in VERDICTS] + [groups.get(g, 0) for g in GROUPS]
            line(f"{obligation.id:<22}" + "".join(f"{c:>{w}}" for c, w in zip(cells, widths)))
        line("")
    line(text("word.summary", lang, **report.summary))
    if _portfolio(report, context):
        line(groups_line(report, lang))
    if (evidence_line := summary_line(report, lang)) is not None:
        line(evidence_line)


def _rich(report: Report, context: Context, stream: TextIO, view: str | None = None) -> None:
    """Every piece of text goes in as a rich ``Text`` (never parsed as markup: a licence such as
    ``[link=…]x[/link]`` or ``[/]`` prints as written) and through ``printable`` (no terminal
    escape or control character reaches the terminal)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def plain(value: object, style: str = "") -> Text:
        return Text(printable(str(value)), style=style)

    lang = context.lang
    width = terminal_width(context.width)  # a terminal whose width reads 0 would get nothing
    console = Console(file=stream, force_terminal=True, width=width, highlight=False, emoji=False)
    console.print(plain(f"conformite — {text('word.as_of', lang)} {report.as_of}", "bold"))
    if view is not None:
        console.print(plain(view, "bold"))
    for decl in [] if context.summary_only else report.declarations:
        console.print()
        heading = plain(_heading(decl, lang))
        heading.stylize(Status(decl.status).style, 0, len(_name(decl)))
        console.print(heading)
        for err in decl.errors:
            console.print(plain(one_line(f"  {decl.file}:{err.line}:{err.column}: {err.message}"), "magenta"))
        rows = list(finding_rows(decl, lang))
        if rows:
            table = Table(show_header=False, box=None, padding=(0, 1), expand=False)
            table.add_column(no_wrap=True)
            table.add_column(justify="right", no_wrap=True)
            table.add_column(no_wrap=True)
            table.add_column(ratio=1)
            for shown, label, where, oid, message in rows:
                table.add_row(
                    plain(f"{shown.mark} {label}", shown.style),
                    plain(where),
                    plain(oid),
                    plain(message),
                )
            console.print(table)
        for oid, verdict, change in moved(context.baseline, decl):
            console.print(
                plain(
                    f"  Δ {oid}{colon(lang)}{text('change.' + change, lang)} → {text('verdict.' + verdict, lang)}",
                    "cyan",
                )
            )
    if len(report.declarations) > 1 and context.portfolio:
        phases = report.declarations.phases
        console.print()
        console.print(plain(text("word.phase", lang).capitalize() + "s" + colon(lang) + _phase_counts(phases, lang)))
        console.print(_rich_counts(report, context, plain, Table))
    console.print(plain(text("word.summary", lang, **report.summary), "bold"))
    if _portfolio(report, context):
        console.print(plain(groups_line(report, lang), "bold"))
    if (evidence_line := summary_line(report, lang)) is not None:
        console.print(plain(evidence_line, "bold yellow"))


def _rich_counts(report: Report, context: Context, plain: Callable[..., Text], table_class: type[Table]) -> Table:
    """The portfolio's verdict counts per obligation, failures split into to complete / breach."""
    lang, per_obligation = context.lang, report.declarations.verdicts
    table = table_class(show_lines=False)
    table.add_column("obligation")
    for verdict in VERDICTS:
        table.add_column(plain(text("verdict." + verdict, lang)), justify="right", style=verdict.look.style)
    for group in GROUPS:  # the failures split: facts to complete, breaches
        table.add_column(plain(f"{look('fail').mark} {text('group.' + group, lang)}"), justify="right")
    for obligation in context.catalog.obligations:
        counts = per_obligation.get(obligation.id, Counter())
        groups = report.declarations.groups.get(obligation.id, Counter())
        table.add_row(
            plain(obligation.id),
            *(plain(counts.get(v, 0)) for v in VERDICTS),
            *(plain(groups.get(g, 0)) for g in GROUPS),
        )
    return table
