"""``--format table``: for people. Rich colours on a terminal, plain aligned text otherwise
(pipes, files, ``NO_COLOR``). Several declarations end with a portfolio summary: startups by
current phase and, per obligation, how many declarations have each verdict."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePath

from ..baseline import moved
from ..evidence.words import summary_line
from ..messages import printable, text
from ..verdicts import VERDICTS, Status, look
from . import reporter


def one_line(value: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", value)


def finding_rows(decl, lang: str):
    """(outcome, location, obligation, message) per finding, in report order."""
    for f in decl.findings:
        yield f.outcome, f"{f.line}:{f.column}", f.obligation, one_line(f"{f.with_due(lang)} — {f.reference}")


def _name(decl) -> str:
    """The startup id; for a file without one that can be read, its file name without extension."""
    return decl.startup or PurePath(decl.file).stem or decl.file


def _heading(decl, lang) -> str:
    name = _name(decl)
    title = f" — {decl.title}" if decl.title and decl.title != name else ""
    phase = f" ({decl.phase})" if decl.phase else ""
    return one_line(f"{name}{title}{phase}: {text('status.' + decl.status, lang)}  [{decl.file}]")


@reporter("table")
def render(report, context, stream) -> None:
    if context.terminal:
        return _rich(report, context, stream)
    lang = context.lang

    def line(content: str = "") -> None:  # each line written as soon as it is known
        stream.write(content + "\n")

    line(f"conformite — {text('word.as_of', lang)} {report.as_of}")
    for decl in [] if context.summary_only else report.declarations:
        line("")
        line(_heading(decl, lang))
        for err in decl.errors:
            line(one_line(f"  {decl.file}:{err.line}:{err.column}: {err.message}"))
        for outcome, where, oid, message in finding_rows(decl, lang):
            line(f"  {look(outcome).mark} {text('verdict.' + outcome, lang):<11} {where:>7}  {oid:<21} {message}")
        for oid, verdict, change in moved(context.baseline, decl):
            line(f"  Δ {oid:<21} {change}: {text('verdict.' + verdict, lang)}")
    line("")
    if len(report.declarations) > 1 and context.portfolio:
        phases, per_obligation = report.declarations.phases, report.declarations.verdicts
        line(text("word.phase", lang).capitalize() + "s: " + ", ".join(f"{p} {n}" for p, n in sorted(phases.items())))
        header = f"{'':<22}" + "".join(f"{text('verdict.' + v, lang):>14}" for v in VERDICTS)
        line(header)
        for obligation in context.catalog.obligations:
            counts = per_obligation.get(obligation.id, Counter())
            line(f"{obligation.id:<22}" + "".join(f"{counts.get(v, 0):>14}" for v in VERDICTS))
        line("")
    line(text("word.summary", lang, **report.summary))
    if (evidence_line := summary_line(report, lang)) is not None:
        line(evidence_line)


def _rich(report, context, stream) -> None:
    """Every piece of text goes in as a rich ``Text`` (never parsed as markup: a licence such as
    ``[link=…]x[/link]`` or ``[/]`` prints as written) and through ``printable`` (no terminal
    escape or control character reaches the terminal)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def plain(value, style: str = "") -> Text:
        return Text(printable(str(value)), style=style)

    lang = context.lang
    console = Console(file=stream, force_terminal=True, width=context.width, highlight=False, emoji=False)
    console.print(plain(f"conformite — {text('word.as_of', lang)} {report.as_of}", "bold"))
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
            for outcome, where, oid, message in rows:
                table.add_row(
                    plain(f"{look(outcome).mark} {text('verdict.' + outcome, lang)}", look(outcome).style),
                    plain(where),
                    plain(oid),
                    plain(message),
                )
            console.print(table)
        for oid, verdict, change in moved(context.baseline, decl):
            console.print(plain(f"  Δ {oid}: {change} → {text('verdict.' + verdict, lang)}", "cyan"))
    if len(report.declarations) > 1 and context.portfolio:
        phases, per_obligation = report.declarations.phases, report.declarations.verdicts
        console.print()
        console.print(
            plain(
                text("word.phase", lang).capitalize() + "s: " + ", ".join(f"{p} {n}" for p, n in sorted(phases.items()))
            )
        )
        table = Table(show_lines=False)
        table.add_column("obligation")
        for verdict in VERDICTS:
            table.add_column(plain(text("verdict." + verdict, lang)), justify="right", style=verdict.look.style)
        for obligation in context.catalog.obligations:
            counts = per_obligation.get(obligation.id, Counter())
            table.add_row(plain(obligation.id), *(plain(counts.get(v, 0)) for v in VERDICTS))
        console.print(table)
    console.print(plain(text("word.summary", lang, **report.summary), "bold"))
    if (evidence_line := summary_line(report, lang)) is not None:
        console.print(plain(evidence_line, "bold yellow"))
