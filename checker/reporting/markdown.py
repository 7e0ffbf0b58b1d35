"""``--format markdown``: a summary, then one section per declaration, to paste in a pull
request or a committee document. User text is escaped only where Markdown would misread it: a
``|``, a newline, markup or HTML in a title or a message cannot break a table or inject
anything, while dates, ids and key paths stay as written (2026-12-09, acces-cible) and a
message's `code` stays code."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TextIO

from checker.evidence.words import summary_line
from checker.foundation.messages import choice_word, text
from checker.foundation.verdicts import VERDICTS, Verdict
from checker.judging.model import GROUPS, failure_groups

from . import phase_view, reporter
from .baseline import moved

if TYPE_CHECKING:
    from checker.judging.model import DeclarationResult, Report, Results

    from . import Context

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# in text: what Markdown would read as markup. A backslash only before punctuation (elsewhere it
# is a backslash); `_` only at a word's edge (acces_cible is no emphasis); a pipe breaks a table
_MARKUP = re.compile(r"\\(?=[!-/:-@\[-`{-~])|[*\[\]~|]|(?<![^\W_])_|_(?![^\W_])")
# at the very start: what would open a heading, a list, a quote or a setext underline
_LEADING = re.compile(r"^(?:[#>+=-]|[0-9]+(?=[.)]))")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # an & that would start an entity such as &amp;


def escape(value: object, table: bool = True) -> str:
    """User text as inline Markdown that shows exactly that text, on one line: HTML and
    markup escaped, line breaks folded, `code` kept as code (a lone backtick escaped).
    ``table``: inside a table cell, where a pipe even in code must be escaped."""
    value = _CONTROL.sub(" ", "" if value is None else str(value))
    value = re.sub(r"\s*[\r\n]+\s*", " ", value)
    pieces = value.split("`")
    lone = pieces.pop() if len(pieces) % 2 == 0 else None  # an odd number of backticks: the last is text
    out = []
    for index, piece in enumerate(pieces):
        if index % 2 and not piece.strip():  # `` or ` `: no code to show, two backticks
            out.append("\\`" + piece + "\\`")
        elif index % 2:  # inside a code span: shown as written; only a pipe breaks a table
            out.append("`" + (piece.replace("|", "\\|") if table else piece) + "`")
        else:
            out.append(_text(piece))
    if lone is not None:
        out.append("\\`" + _text(lone))
    shown = "".join(out)
    return _LEADING.sub(lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit() else "\\" + m.group(0), shown, 1)


def _text(value: str) -> str:
    value = _ENTITY.sub("&amp;", value).replace("<", "&lt;")
    return _MARKUP.sub(lambda m: "\\" + m.group(0), value)


def code(value: object) -> str:
    """A code span showing ``value`` as written: fenced by more backticks than it holds."""
    value = re.sub(r"[\x00-\x1f\x7f]+", " ", "" if value is None else str(value))
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest or value.startswith(" ") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _fix(fix: str | None) -> str:
    """`` → `` and what to write (a finding's ``fix``), its `backticked` keys and values as code."""
    return " → " + escape(fix) if fix else ""


def _name(decl: DeclarationResult, table: bool = True) -> str:
    name = escape(decl.startup or decl.file, table)
    return f"{name} — {escape(decl.title, table)}" if decl.title and decl.title != decl.startup else name


@reporter("markdown")
def render(report: Report, context: Context, out: TextIO) -> None:
    report, view = phase_view(report, context)  # --phase: the startups shown and counted
    lang, results = context.lang, report.declarations
    w: Callable[..., str] = lambda key, **kw: text(key, lang, **kw)  # noqa: E731
    out.write(f"# {w('word.report_title')} — {w('word.as_of')} {report.as_of}\n\n")
    if view is not None:
        out.write(f"{escape(view, table=False)}\n\n")
    out.write(f"**{w('word.summary', **report.summary)}**\n\n")
    if (evidence_line := summary_line(report, lang)) is not None:
        out.write(f"**{escape(evidence_line, table=False)}**\n\n")
    if len(results) > 1 and results.status["non-compliant"]:
        split = {g: results.declaration_groups[g] for g in GROUPS}
        out.write(f"**{w('word.failures_by_group', **split)}**\n\n")
    if len(results) > 1:
        _portfolio(out, results, context, w)
    if context.summary_only:
        return
    for decl in results:
        out.write(f"## {_name(decl, table=False)}\n\n")
        phase = f" · {w('word.phase')} {escape(choice_word(decl.phase, lang), table=False)}" if decl.phase else ""
        out.write(f"{w('word.file')} {code(decl.file)}{phase} · **{w('status.' + decl.status)}**\n\n")
        if decl.errors:
            out.write(f"| {w('word.line')} | {w('word.errors')} |\n|---:|---|\n")
            for err in decl.errors:
                out.write(f"| {err.line}:{err.column} | {escape(err.message)} |\n")
            out.write("\n")
            continue
        if decl.findings:
            out.write(
                f"| {w('word.verdict')} | {w('word.obligation')} | {w('word.line')} | {w('word.message')} | "
                f"{w('word.article')} | {w('word.due_on')} |\n|---|---|---:|---|---|---|\n"
            )
            for f in decl.findings:
                out.write(
                    f"| {f.look.icon} {escape(f.label(lang))} | `{f.obligation}` | {f.line} | {escape(f.message)}{_fix(f.fix)} | "
                    f"{escape(f.reference)} | {f.due_on or ''} |\n"
                )
            out.write("\n")
        else:
            out.write(f"{w('word.no_finding')}\n\n")
        changes = moved(context.baseline, decl)
        if changes:
            out.write(f"**{w('word.changes')}** : " if lang == "fr" else f"**{w('word.changes')}**: ")
            out.write(", ".join(f"`{oid}` {w('change.' + c)} ({w('verdict.' + v)})" for oid, v, c in changes) + "\n\n")


def _portfolio(out: TextIO, results: Results, context: Context, w: Callable[..., str]) -> None:
    """Verdict counts per obligation and per startup, failures split into to complete / breach."""
    out.write(f"## {w('word.per_obligation')}\n\n")
    split = [f"{Verdict.FAIL.look.icon} {w('group.' + g)}" for g in GROUPS]  # failures: to complete, breach
    out.write(
        f"| {w('word.obligation')} | "
        + " | ".join([f"{v.look.icon} {w('verdict.' + v)}" for v in VERDICTS] + split)
        + " |\n"
    )
    out.write("|---|" + "---:|" * (len(VERDICTS) + len(GROUPS)) + "\n")
    for obligation in context.catalog.obligations:
        counts: Mapping[str, int] = results.verdicts.get(obligation.id, {})
        by_group: Mapping[str, int] = results.groups.get(obligation.id, {})
        cells = [str(counts.get(v, 0)) for v in VERDICTS] + [str(by_group.get(g, 0)) for g in GROUPS]
        out.write(f"| `{obligation.id}` | " + " | ".join(cells) + " |\n")
    out.write("\n")
    out.write(
        f"| {w('word.startup')} | {w('word.phase')} | {w('word.status')} | {Verdict.FAIL.look.icon} | "
        f"{' | '.join(split)} | {Verdict.WARN.look.icon} | {Verdict.WAIVED.look.icon} |\n"
    )
    out.write("|---|---|---|---:|---:|---:|---:|---:|\n")
    for decl in results:
        verdicts = list(decl.obligations.values())
        failing = list(failure_groups(decl).values())
        out.write(
            f"| {_name(decl)} | {escape(choice_word(decl.phase, context.lang) if decl.phase else '')} | {w('status.' + decl.status)} | "
            f"{verdicts.count('fail')} | {' | '.join(str(failing.count(g)) for g in GROUPS)} | "
            f"{verdicts.count('warn')} | {verdicts.count('waived')} |\n"
        )
    out.write("\n")
