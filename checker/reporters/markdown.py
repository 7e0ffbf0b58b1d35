"""``--format markdown``: a summary, then one section per declaration, to paste in a pull
request or a committee document. All user text is escaped: a ``|``, a newline, markup or HTML
in a title or a message cannot break a table or inject anything."""

from __future__ import annotations

import re

from ..baseline import moved
from ..evidence.words import summary_line
from ..messages import text
from ..model import GROUPS, failure_groups
from ..verdicts import VERDICTS, Verdict, look
from . import reporter

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def escape(value) -> str:
    """Plain text safe in a Markdown table cell: no markup, no HTML, one line."""
    value = "" if value is None else str(value)
    value = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = re.sub(r"\s*[\r\n]+\s*", " ", value)
    return _SPECIAL.sub(r"\\\1", value)


def code(value) -> str:
    """A code span: backslash escapes do not work inside one, so backticks are replaced."""
    value = re.sub(r"[\x00-\x1f\x7f]+", " ", "" if value is None else str(value)).replace("`", "'")
    return f"`{value}`"


def _name(decl) -> str:
    name = escape(decl.startup or decl.file)
    return f"{name} — {escape(decl.title)}" if decl.title and decl.title != decl.startup else name


@reporter("markdown")
def render(report, context, out) -> None:
    lang, results = context.lang, report.declarations
    w = lambda key, **kw: text(key, lang, **kw)  # noqa: E731
    out.write(f"# {w('word.report_title')} — {w('word.as_of')} {report.as_of}\n\n")
    out.write(f"**{w('word.summary', **report.summary)}**\n\n")
    if (evidence_line := summary_line(report, lang)) is not None:
        out.write(f"**{escape(evidence_line)}**\n\n")
    if len(results) > 1 and results.status["non-compliant"]:
        split = {g: results.declaration_groups[g] for g in GROUPS}
        out.write(f"**{w('word.failures_by_group', **split)}**\n\n")
    if len(results) > 1:
        _portfolio(out, results, context, w)
    if context.summary_only:
        return
    for decl in results:
        out.write(f"## {_name(decl)}\n\n")
        phase = f" · {w('word.phase')} {escape(decl.phase)}" if decl.phase else ""
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
                    f"| {look(f.outcome).icon} {escape(f.label(lang))} | `{f.obligation}` | {f.line} | {escape(f.message)} | "
                    f"{escape(f.reference)} | {f.due_on or ''} |\n"
                )
            out.write("\n")
        else:
            out.write(f"{w('word.no_finding')}\n\n")
        changes = moved(context.baseline, decl)
        if changes:
            out.write(f"**{w('word.changes')}** : " if lang == "fr" else f"**{w('word.changes')}**: ")
            out.write(", ".join(f"`{oid}` {w('change.' + c)} ({w('verdict.' + v)})" for oid, v, c in changes) + "\n\n")


def _portfolio(out, results, context, w) -> None:
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
        counts = results.verdicts.get(obligation.id, {})
        by_group = results.groups.get(obligation.id, {})
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
            f"| {_name(decl)} | {escape(decl.phase or '')} | {w('status.' + decl.status)} | "
            f"{verdicts.count('fail')} | {' | '.join(str(failing.count(g)) for g in GROUPS)} | "
            f"{verdicts.count('warn')} | {verdicts.count('waived')} |\n"
        )
    out.write("\n")
