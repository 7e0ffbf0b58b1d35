"""``--format html``: one self-contained page for a portfolio (no network, no CDN).

A heatmap of startups × obligations coloured by verdict, filters (text, phase, status,
obligation and verdict; also read from the URL fragment, e.g.
``#phase=all&status=non-compliant&obligation=open-source&verdict=fail``, so a filtered view can
be shared; ``#startup=ID`` shows one startup whatever its phase unless the fragment names one,
``#q=TEXT`` the startups whose id, title or file holds TEXT), and for each startup its findings
with message, article and due date. Every count of the page (the summaries above the table, the
verdict rows and the "à compléter" / "manquement" rows below it) is of the rows shown: it follows
every filter and the fragment. The page opens on ``check --phase`` (the rows of the other phases
hidden, the counts already of those shown, so that the page says the same without its script).
All user text is escaped (a message's `code` shown as code); the script reads only the page's
own attributes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from html import escape
from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote

from checker.evidence import words as evidence_words
from checker.evidence.words import summary_line
from checker.foundation.messages import choice_word, text
from checker.foundation.verdicts import VERDICTS, look
from checker.foundation.wording import colon
from checker.judging.model import GROUPS, NOTE, PHASE_VIEWS, Brief, declaration_group, in_phase_view

from . import phase_view, reporter

if TYPE_CHECKING:
    from checker.judging.model import DeclarationResult, Report, Results
    from checker.judging.rules import Obligation

    from . import Context
    from .baseline import Baseline

CHANGE_MARK = {"new": "●", "resolved": "○"}
MISSING_MARK = "✎"  # a failing cell whose failures only lack facts ("à compléter")

STYLE = """
:root { --fail:#c62828; --warn:#ef8f00; --waived:#3f6fb5; --pass:#2e7d4f; --na:#e4e4e4; --ink:#1e1e1e; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 1.5rem 3rem; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 1.5rem; }
h1 { font-size: 1.35rem; margin: 1rem 0 .25rem; }
.summary { font-weight: 600; margin: .25rem 0 .75rem; }
.legend span, .pill { display: inline-block; padding: 0 .45em; border-radius: 3px; margin-right: .3em; color: #fff; }
.fail { background: var(--fail); color: #fff; } .warn, .legend span.warn { background: var(--warn); color: #1e1e1e; }
.waived { background: var(--waived); color: #fff; } .pass { background: var(--pass); color: #fff; }
.not-applicable, .legend span.not-applicable, .pill.not-applicable { background: var(--na); color: #3a3a3a; } .invalid { background: #7b1fa2; color: #fff; }
.pill.non-compliant { background: var(--fail); } .pill.compliant { background: var(--pass); }
.pill.note { background: #fff; color: #1f4e79; border: 1px solid #1f4e79; }
.pill.unverified { background: #fff; color: #3a3a3a; border: 1px dashed #8a8a8a; }
#controls { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin: .5rem 0 1rem;
            padding: .5rem .75rem; background: #f4f4f4; border-radius: 6px; }
#controls input, #controls select { font: inherit; padding: .15rem .3rem; }
.scroll { overflow-x: auto; max-width: 100%; }
table.heatmap { border-collapse: collapse; }
.heatmap th, .heatmap td { border: 1px solid #fff; padding: 0; }
.heatmap thead th.o { height: 11rem; white-space: nowrap; vertical-align: bottom; padding: 0 0 .3rem; }
.heatmap thead th.o > div { transform: rotate(-60deg); transform-origin: 0 100%; width: 1.6rem; translate: .9rem 0; }
.heatmap thead th.o a { color: var(--ink); text-decoration: none; font-weight: 500; font-size: 12px; }
.heatmap tbody th { text-align: left; font-weight: 500; padding: 0 .6rem 0 .2rem; white-space: nowrap; max-width: 22rem;
                    overflow: hidden; text-overflow: ellipsis; }
.heatmap td.meta { padding: 0 .5rem; white-space: nowrap; color: #555; font-size: 12px; }
.heatmap td.v { width: 1.6rem; min-width: 1.6rem; height: 1.4rem; text-align: center; font-size: 12px; font-weight: 700; }
.heatmap td.v.none { background: #fafafa; }
.heatmap td.v.fail.missing, .legend span.missing, .pill.non-compliant.missing { background: repeating-linear-gradient(135deg, #e8a3a3 0 4px, #f6d5d5 4px 8px); color: #7a1d1d; }
.heatmap td.v.new { outline: 2px solid #111; outline-offset: -3px; }
.heatmap td.v.resolved { background-image: radial-gradient(circle, #fff 25%, transparent 28%); }
.heatmap tfoot th { text-align: right; padding-right: .6rem; font-weight: 500; font-size: 12px; }
.heatmap tfoot td { text-align: center; font-size: 11px; color: #333; background: #f4f4f4; }
.heatmap tbody tr:hover th, .heatmap tbody tr:hover td.meta { background: #fff6cc; }
tr.hidden, article.hidden { display: none; }
#details article { border-top: 1px solid #ddd; padding: .5rem 0; }
#details h2 { font-size: 1.05rem; margin: .3rem 0; }
#details .where { color: #555; font-size: 12px; }
#details ul { list-style: none; padding: 0; margin: .3rem 0; }
#details li { margin: .25rem 0; }
#details li .ref { color: #555; font-size: 12px; }
#details li .due { font-weight: 600; }
#details h2 a.only { color: #888; text-decoration: none; font-weight: 400; }
#details code, #obligations code { background: #f0f0f0; padding: 0 .2em; border-radius: 3px; }
#history p.note { color: #555; font-size: 12px; margin: 0 0 .5rem; }
#history figure { margin: 0 0 1rem; } #history svg { max-width: 100%; height: auto; }
"""

SCRIPT = """
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('#heatmap tbody tr'));
  var q = document.getElementById('q'), st = document.getElementById('status');
  var ob = document.getElementById('obligation'), ve = document.getElementById('verdict');
  var ph = document.getElementById('phase');
  var shown = document.getElementById('shown'), one = document.getElementById('one');
  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }
  var counts = all('#heatmap tfoot td.count'), groupCounts = all('#heatmap tfoot td.group-count');
  var numbers = all('header [data-n]');  // the summaries' numbers
  var only = '';
  function decode(part) {  // any fragment is fine: a lone '%' or bad UTF-8 is kept as written
    try { return decodeURIComponent(part); } catch (e) { return part; }
  }
  function fromHash() {
    var params = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (pair) {
      var at = pair.indexOf('='), key = at < 0 ? pair : pair.slice(0, at), value = at < 0 ? '' : pair.slice(at + 1);
      if (key) { params[decode(key)] = decode(value); }
    });
    if ('startup' in params) { only = params.startup; }
    else if (location.hash.indexOf('=') !== -1) { only = ''; }  // a filter fragment without startup=
    if ('phase' in params) { ph.value = params.phase; }
    else if (only) { ph.value = 'all'; }  // a link to one startup shows it whatever its phase
    if ('q' in params) { q.value = params.q; }
    if ('status' in params) { st.value = params.status; }
    if ('obligation' in params) { ob.value = params.obligation; }
    if ('verdict' in params) { ve.value = params.verdict; }
  }
  function inPhase(row) {  // an invalid declaration (no phase) is in every view
    var phase = row.getAttribute('data-phase');
    return !ph.value || ph.value === 'all' || !phase || phase === ph.value;
  }
  function add(tally, key) { tally[key] = (tally[key] || 0) + 1; }
  function apply() {
    var needle = q.value.trim().toLowerCase(), count = 0, tally = {}, groups = {}, n = {};
    rows.forEach(function (row) {
      var ok = (!needle || row.getAttribute('data-search').indexOf(needle) !== -1)
        && (!only || row.getAttribute('data-startup') === only)
        && inPhase(row)
        && (!st.value || row.getAttribute('data-status') === st.value);
      if (ok && ve.value) {
        var cells = row.querySelectorAll('td.v');
        ok = Array.prototype.some.call(cells, function (cell) {
          return (!ob.value || cell.getAttribute('data-obligation') === ob.value)
            && cell.getAttribute('data-verdict') === ve.value;
        });
      }
      row.classList.toggle('hidden', !ok);
      var card = document.getElementById(row.getAttribute('data-details'));
      if (card) { card.classList.toggle('hidden', !ok); }
      if (ok) {
        count += 1;
        add(n, row.getAttribute('data-status'));
        if (row.getAttribute('data-group')) { add(n, row.getAttribute('data-group')); }
        if (row.hasAttribute('data-contradicted')) { add(n, 'contradicted'); }
        n.notes = (n.notes || 0) + Number(row.getAttribute('data-notes') || 0);
        Array.prototype.forEach.call(row.querySelectorAll('td.v'), function (cell) {
          var obligation = cell.getAttribute('data-obligation');
          add(tally, obligation + ' ' + cell.getAttribute('data-verdict'));
          if (cell.getAttribute('data-group')) { add(groups, obligation + ' ' + cell.getAttribute('data-group')); }
        });
      }
    });
    n.declarations = count;
    counts.forEach(function (cell) {  // the counts per obligation: of the rows shown
      cell.textContent = String(tally[cell.getAttribute('data-obligation') + ' ' + cell.getAttribute('data-verdict')] || 0);
    });
    groupCounts.forEach(function (cell) {  // the failures split: of the rows shown too
      cell.textContent = String(groups[cell.getAttribute('data-obligation') + ' ' + cell.getAttribute('data-group')] || 0);
    });
    numbers.forEach(function (span) { span.textContent = String(n[span.getAttribute('data-n')] || 0); });
    all('#history figure[data-phase]').forEach(function (figure) {  // the history of the phase shown
      figure.hidden = figure.getAttribute('data-phase') !== (ph.value || 'all');
    });
    one.hidden = !only;
    one.querySelector('code').textContent = only;
    shown.textContent = count + ' / ' + rows.length;
    document.body.setAttribute('data-shown', String(count));
  }
  [q, ph, st, ob, ve].forEach(function (el) { el.addEventListener('input', apply); el.addEventListener('change', apply); });
  window.addEventListener('hashchange', function () { fromHash(); apply(); });
  fromHash();
  apply();
  document.body.setAttribute('data-ready', '1');
})();
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


_CODE = re.compile(r"`([^`]+)`")


def _rich(value: object) -> str:
    """A message as HTML: escaped, its `code` spans as <code> (never a raw backtick pair)."""
    return _CODE.sub(r"<code>\1</code>", _e(value))


def _fix(fix: str | None) -> str:
    """What to write (a finding's ``fix``), its `backticked` keys and values as code."""
    return f' <span class="fix">→ {_rich(fix)}</span>' if fix else ""


def _words(lang: str) -> Callable[..., str]:
    """The report's wording in ``lang``: ``w("verdict.ok")``."""
    return lambda key, **kw: text(key, lang, **kw)


def _moved(baseline: Baseline | None, decl: DeclarationResult | Brief, obligation: str, verdict: str) -> str:
    """How a cell moved since ``check --baseline`` ("unchanged" without a baseline)."""
    if baseline is None:
        return "unchanged"
    from .baseline import change

    return change(baseline, decl, obligation, verdict)


@reporter("html")
def render(report: Report, context: Context, out: TextIO) -> None:
    lang = context.lang
    w = _words(lang)
    title = f"{w('word.report_title')} — {w('word.as_of')} {report.as_of}"
    shown, _ = phase_view(report, context)  # the page opens on --phase: its counts are of those rows
    _write_head(out, report, shown, lang, title)
    if context.history_html is not None:  # check --history-from: how compliance moved up to this report
        out.write(context.history_html)
    _write_controls(out, context.catalog.obligations, w, context.phase)
    _write_heatmap(out, report, shown, context, w)
    _write_details(out, report.declarations, w, lang, context.phase)
    _write_obligations(out, context.catalog.obligations, lang, w)
    out.write(f"<script>{SCRIPT}</script>\n</body>\n</html>\n")


def _numbers(key: str, lang: str, numbers: Mapping[str, tuple[str, object]]) -> str:
    """The sentence ``key`` as HTML, each number in a ``<span data-n="…">`` that the script sets
    to the count of the rows shown. ``numbers``: message parameter -> (data-n name, value)."""
    marks = {param: f"\x00{index}\x00" for index, param in enumerate(numbers)}
    shown = _e(text(key, lang, **marks))
    for param, (name, value) in numbers.items():
        shown = shown.replace(marks[param], f'<span data-n="{_e(name)}">{value}</span>')
    return shown


def _summaries(report: Report, shown: Report, lang: str) -> str:
    """The summaries above the table (declarations and statuses, failures split, evidence), of
    the declarations ``shown``; their numbers follow the filters (:func:`_numbers`)."""
    results = shown.declarations
    status = {s.replace("-", "_"): (s, results.status[s]) for s in ("compliant", "non-compliant", "invalid")}
    numbers = {"declarations": ("declarations", len(results)), **status}
    out = f'<p class="summary" id="summary">{_numbers("word.summary", lang, numbers)}</p>'
    if report.evidence is not None:  # the line is the evidence module's: only its numbers become spans
        marks = {"contradicted": "\ue000", "notes": "\ue001"}  # private use: printable keeps them
        line = _e(summary_line(shown, lang, count=marks["contradicted"], notes=marks["notes"]))
        counts = {"contradicted": results.contradicted, "notes": results.findings[NOTE]}
        for name, mark in marks.items():
            line = line.replace(mark, f'<span data-n="{name}">{counts[name]}</span>')
        out += f'<p class="summary" id="evidence-summary">{line}</p>'
    if report.declarations.status["non-compliant"]:
        groups = {g: (g, results.declaration_groups[g]) for g in GROUPS}
        out += f'<p class="summary" id="group-summary">{_numbers("word.failures_by_group", lang, groups)}</p>'
    return out


def _write_head(out: TextIO, report: Report, shown: Report, lang: str, title: str) -> None:
    """The document's head and the page header: title, summaries (of the rows ``shown``), legend."""
    w = _words(lang)
    out.write(
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    )
    out.write(
        f"<header><h1>{_e(title)}</h1>{_summaries(report, shown, lang)}"
        + '<p class="legend">'
        + "".join(f'<span class="{v}">{look(v).html_mark} {_e(w("verdict." + v))}</span>' for v in VERDICTS)
        + f'<span class="missing">{MISSING_MARK} {_e(w("verdict.fail"))}{colon(lang)}{_e(w("group.missing"))}</span>'
        + "</p></header>\n"
    )


def _write_controls(out: TextIO, obligations: list[Obligation], w: Callable[..., str], phase: str) -> None:
    """The filters: free text, phase (``phase`` chosen), status, obligation, verdict."""
    out.write(
        '<section id="controls">'
        f'<label>{_e(w("word.filter"))} <input id="q" type="search" autocomplete="off"></label>'
        f'<label title="{_e(w("phase.help"))}">{_e(w("word.phase"))} <select id="phase">'
        + "".join(
            f'<option value="{p}"{" selected" if p == phase else ""}>{_e(w("phase." + p))}</option>'
            for p in PHASE_VIEWS
        )
        + "</select></label>"
        f'<label>{_e(w("word.status"))} <select id="status"><option value="">{_e(w("word.all_masculine"))}</option>'
        + "".join(
            f'<option value="{s}">{_e(w("status." + s))}</option>' for s in ("non-compliant", "compliant", "invalid")
        )
        + f'</select></label><label>{_e(w("word.obligation"))} <select id="obligation"><option value="">{_e(w("word.all"))}</option>'
        + "".join(f'<option value="{_e(o.id)}">{_e(o.id)}</option>' for o in obligations)
        + f'</select></label><label>{_e(w("word.verdict"))} <select id="verdict"><option value="">{_e(w("word.all_masculine"))}</option>'
        + "".join(f'<option value="{v}">{_e(w("verdict." + v))}</option>' for v in VERDICTS)
        + '</select></label><span id="shown"></span>'
        + f'<span id="one" hidden>{_e(w("word.startup"))} <code></code> · <a href="#startup=">{_e(w("word.all"))}</a></span>'
        + "</section>\n"
    )


def _phase_of(decl: DeclarationResult | Brief) -> str:
    """A row's ``data-phase``: ``active`` or ``closed``, empty for an invalid declaration."""
    if decl.phase is None:
        return ""
    return "active" if in_phase_view(decl.phase, "active") else "closed"


def _write_heatmap(out: TextIO, report: Report, shown: Report, context: Context, w: Callable[..., str]) -> None:
    """The table: a row per declaration (those out of ``--phase`` hidden), a column per
    obligation, below it the verdict counts of the rows ``shown``."""
    lang, obligations = context.lang, context.catalog.obligations
    sheet = context.sheet_link
    out.write(
        '<div class="scroll"><table class="heatmap" id="heatmap">\n<thead><tr>'
        "<th></th><th></th><th></th>"
        + "".join(
            f'<th class="o" title="{_e(o.title[lang])} — {_e(o.article[lang])}"><div><a href="#o-{_e(o.id)}">{_e(o.id)}</a></div></th>'
            for o in obligations
        )
        + "</tr></thead>\n<tbody>\n"
    )
    for index, decl in enumerate(report.declarations):
        name = decl.startup or decl.file
        search = " ".join(x for x in (decl.startup, decl.title, decl.file) if x).lower()
        brief = Brief.of(decl)  # what the counts of a run know of it: failures split, contradicted
        groups = brief.groups
        out.write(
            f'<tr data-status="{_e(decl.status)}" data-search="{_e(search)}" data-details="d-{index}"'
            f' data-startup="{_e(decl.startup or "")}" data-phase="{_phase_of(decl)}"'
            f' data-group="{declaration_group(groups) or ""}"'
            + (" data-contradicted" if brief.contradicted else "")
            + (f' data-notes="{notes}"' if (notes := brief.outcomes.count(NOTE)) else "")
            + ("" if in_phase_view(decl.phase, context.phase) else ' class="hidden"')
            + ">"
            f'<th title="{_e(decl.title or name)}"><a href="{_e(sheet and sheet(decl.startup) or f"#d-{index}")}">{_e(name)}</a></th>'
            f'<td class="meta">{_e(choice_word(decl.phase, context.lang) if decl.phase else "")}</td><td class="meta">{_status_pill(decl.status, groups, w)}</td>'
        )
        for o in obligations:
            out.write(_cell(report, context, decl, name, o.id, w, groups.get(o.id)))
        out.write("</tr>\n")
    out.write("</tbody>\n<tfoot>\n")
    for verdict in VERDICTS:
        out.write(
            f'<tr><th colspan="3">{look(verdict).html_mark} {_e(w("verdict." + verdict))}</th>'
            + "".join(
                f'<td class="count" data-obligation="{_e(o.id)}" data-verdict="{verdict}">'
                f"{shown.declarations.verdicts.get(o.id, Counter()).get(verdict, 0)}</td>"
                for o in obligations
            )
            + "</tr>\n"
        )
    for group in GROUPS:  # the failures split: facts to complete, breaches
        out.write(
            f'<tr class="groups"><th colspan="3">{look("fail").html_mark} {_e(w("group." + group))}</th>'
            + "".join(
                f'<td class="group-count" data-obligation="{_e(o.id)}" data-group="{group}">'
                f"{shown.declarations.groups.get(o.id, Counter()).get(group, 0)}</td>"
                for o in obligations
            )
            + "</tr>\n"
        )
    out.write("</tfoot></table></div>\n")


def _status_pill(status: str, groups: dict[str, str], w: Callable[..., str]) -> str:
    """The status; a non-compliant startup whose failures only lack facts is marked ✎ "à compléter"."""
    if declaration_group(groups) == "missing":
        label = f"{w('status.' + status)} — {w('group.missing')}"
        return f'<span class="pill {_e(status)} missing" title="{_e(label)}">{MISSING_MARK} {_e(w("status." + status))}</span>'
    return f'<span class="pill {_e(status)}">{_e(w("status." + status))}</span>'


def _cell(
    report: Report,
    context: Context,
    decl: DeclarationResult | Brief,
    name: str,
    obligation: str,
    w: Callable[..., str],
    group: str | None = None,
) -> str:
    """One heatmap cell: the verdict (a failure marked "à compléter" or "manquement"), how it
    moved since the baseline, contradicting evidence."""
    verdict = decl.obligations.get(obligation)
    if verdict is None:
        return f'<td class="v none" data-obligation="{_e(obligation)}" data-verdict=""></td>'
    moved = _moved(context.baseline, decl, obligation, verdict)
    extra = f" {moved}" if moved != "unchanged" else ""
    label = f"{name} · {obligation}{colon(context.lang)}{w('verdict.' + verdict)}" + (
        f" ({w('change.' + moved)})" if extra else ""
    )
    if verdict == "not-applicable":  # why, as check --verbose and the sheet say it
        label += f" — {context.catalog.obligation(obligation).why_not_applicable(context.lang)}"
    mark, data = look(verdict).html_mark, ""
    if group is not None:  # a failure: only to complete (a hatched ✎ cell), or a breach
        extra += " missing" if group == "missing" else ""
        data = f' data-group="{group}"'
        label += f" — {w('group.' + group)}"
        mark = MISSING_MARK if group == "missing" else mark
    marker = ""
    if report.evidence is not None and evidence_words.contradicted(decl, obligation):
        extra += " evidence"
        label += f" ({evidence_words.cell_note(context.lang)})"
        marker = evidence_words.MARKER
    return (
        f'<td class="v {verdict}{extra}" data-obligation="{_e(obligation)}" data-verdict="{verdict}"{data} '
        f'title="{_e(label)}">{CHANGE_MARK.get(moved, mark)}{marker}</td>'
    )


def _write_details(out: TextIO, results: Results, w: Callable[..., str], lang: str, phase: str) -> None:
    """A section per declaration: its errors and findings (hidden out of ``phase``, as its row)."""
    out.write('<section id="details">\n')
    for index, decl in enumerate(results):
        name = decl.startup or decl.file
        heading = f"{name} — {decl.title}" if decl.title and decl.title != name else name
        hidden = "" if in_phase_view(decl.phase, phase) else ' class="hidden"'
        out.write(
            f'<article id="d-{index}"{hidden}><h2>{_e(heading)} <span class="pill {_e(decl.status)}">{_e(w("status." + decl.status))}</span>'
            + (f' <a class="only" href="#startup={_e(quote(decl.startup, safe=""))}">#</a>' if decl.startup else "")
            + "</h2>"
            f'<p class="where">{_e(decl.file)}'
            + (f" · {_e(w('word.phase'))} {_e(choice_word(decl.phase, lang))}" if decl.phase else "")
            + "</p><ul>"
        )
        for err in decl.errors:
            out.write(
                f'<li><span class="pill invalid">{_e(w("status.invalid"))}</span> {_e(w("word.line"))} {err.line}:{err.column} — {_rich(err.message)}</li>'
            )
        for f in decl.findings:
            due = f' <span class="due">{_e(w("word.due_on"))} {_e(f.due_on)}</span>' if f.due_on else ""
            out.write(
                f'<li class="finding" data-rule="{_e(f.rule)}" data-cause="{_e(f.cause or "")}"><span class="pill {f.css}">{f.look.html_mark} {_e(f.label(lang))}</span> '
                f"<code>{_e(f.obligation)}</code> {_rich(f.message)}{due}{_fix(f.fix)} "
                f'<span class="ref">— {_e(f.reference)} · {_e(w("word.line"))} {f.line}</span></li>'
            )
        if not decl.errors and not decl.findings:
            out.write(f"<li>{_e(w('word.no_finding'))}</li>")
        out.write("</ul></article>\n")
    out.write("</section>\n")


def _write_obligations(out: TextIO, obligations: list[Obligation], lang: str, w: Callable[..., str]) -> None:
    """The obligations' reference: title, article, how to comply."""
    out.write('<section id="obligations"><h2>' + _e(w("word.per_obligation")) + "</h2><dl>")
    for o in obligations:
        out.write(
            f'<dt id="o-{_e(o.id)}"><code>{_e(o.id)}</code> — {_e(o.title[lang])}</dt><dd>{_e(o.article[lang])} · {_rich(o.how_to_comply[lang])}</dd>'
        )
    out.write("</dl></section>\n")
