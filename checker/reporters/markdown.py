"""``--format markdown``: a summary, then one section per declaration, to paste in a pull
request or a committee document. All user text is escaped: a ``|``, a newline, markup or HTML
in a title or a message cannot break a table or inject anything."""

from __future__ import annotations

import re

from ..baseline import moved
from ..evidence.words import summary_line
from ..messages import text
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


def _fix(fix) -> str:
    """`` → `` and what to write (a finding's ``fix``), its `backticked` keys and values as code
    spans (a ``|`` escaped, as a table cell needs), the words between escaped."""
    if not fix:
        return ""
    parts = str(fix).split("`")
    return " → " + "".join(code(p).replace("|", "\\|") if i % 2 else escape(p) for i, p in enumerate(parts))


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
    if len(results) > 1:
        out.write(f"## {w('word.per_obligation')}\n\n")
        out.write(
            f"| {w('word.obligation')} | " + " | ".join(f"{v.look.icon} {w('verdict.' + v)}" for v in VERDICTS) + " |\n"
        )
        out.write("|---|" + "---:|" * len(VERDICTS) + "\n")
        for obligation in context.catalog.obligations:
            counts = results.verdicts.get(obligation.id, {})
            out.write(f"| `{obligation.id}` | " + " | ".join(str(counts.get(v, 0)) for v in VERDICTS) + " |\n")
        out.write("\n")
        out.write(
            f"| {w('word.startup')} | {w('word.phase')} | {w('word.status')} | {Verdict.FAIL.look.icon} | {Verdict.WARN.look.icon} | {Verdict.WAIVED.look.icon} |\n"
        )
        out.write("|---|---|---|---:|---:|---:|\n")
        for decl in results:
            verdicts = list(decl.obligations.values())
            out.write(
                f"| {_name(decl)} | {escape(decl.phase or '')} | {w('status.' + decl.status)} | "
                f"{verdicts.count('fail')} | {verdicts.count('warn')} | {verdicts.count('waived')} |\n"
            )
        out.write("\n")
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
                    f"| {look(f.outcome).icon} {w('verdict.' + f.outcome)} | `{f.obligation}` | {f.line} | {escape(f.message)}{_fix(f.fix)} | "
                    f"{escape(f.reference)} | {f.due_on or ''} |\n"
                )
            out.write("\n")
        else:
            out.write(f"{w('word.no_finding')}\n\n")
        changes = moved(context.baseline, decl)
        if changes:
            out.write(f"**{w('word.changes')}** : " if lang == "fr" else f"**{w('word.changes')}**: ")
            out.write(", ".join(f"`{oid}` {w('change.' + c)} ({w('verdict.' + v)})" for oid, v, c in changes) + "\n\n")
