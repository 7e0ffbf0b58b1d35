"""``conformite sheet``: one self-contained page per startup for its investment committee.

Identity, phase, intrapreneur and sponsor, convention period; a timeline picture; every
obligation with verdict, message, article and due date; the indicators of the last
committees side by side; each annex objective as a small chart; exemptions. HTML (inline SVG,
print CSS for A4, nothing fetched) or Markdown (the same content, tables for pictures). The
verdicts and due dates are the checker's (:class:`~checker.committee.examine.Examined`)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from checker.committee.examine import Examined, title_of
from checker.committee.objectives import Objective, objectives
from checker.committee.svg import Chart, Series, Timeline, line_chart, timeline
from checker.foundation.dates import parse_date
from checker.foundation.messages import choice_word, text
from checker.foundation.messages import text as word
from checker.foundation.wording import colon, number, printable
from checker.judging.facts import LEGACY_PHASES
from checker.judging.model import DeclarationResult, Finding, failure_groups
from checker.judging.rules import Catalog, Obligation

from . import agenda as agenda_mod

if TYPE_CHECKING:
    from checker.committee.agenda import Item
    from checker.committee.history import Edit, Record, Since, StartupPast

HORIZON_DAYS = 180  # coming due dates shown on the sheet
PHASE_COLORS = {
    "investigation": "#7f8fa6",
    "construction": "#1f5fa8",
    "acceleration": "#2e7d4f",
    "consolidation": "#00838f",
    "opere": "#546e7a",
    "transfere": "#6d4c41",
    "abandon": "#9e9e9e",
    "abandon-investigation": "#9e9e9e",
}
STATE_COLORS = {"overdue": "#c62828", "due-soon": "#ef8f00", "upcoming": "#1f5fa8"}
MARK = {"fail": "✗", "warn": "!", "waived": "~", "pass": "✓", "not-applicable": "·"}


def file_name(startup: str) -> str:
    """A file name for a startup id (ids have no slash; a leading dot would hide the file)."""
    return ("_" + startup[1:]) if startup.startswith(".") else startup


def links_to_sheets(folder: str, written: Callable[[str], bool]) -> Callable[[str], str | None]:
    """What the HTML report links each row to (``Context.sheet_link``): startup id ->
    ``folder/<its sheet's file name>`` when ``written(that file name)`` says the sheet is there,
    else None (also for a declaration without an id)."""

    def link(startup: str | None) -> str | None:
        name = file_name(startup) + ".html" if startup else None
        return f"{quote(folder)}/{quote(name)}" if name is not None and written(name) else None

    return link


def _e(value: object) -> str:
    return escape("" if value is None else printable(str(value)), quote=True)


def _s(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    return printable(str(value).strip())


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[dict[str, Any]]:
    return [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []


def _num(value: object) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return Fraction(value) if isinstance(value, int) else Fraction(repr(value))


def _fmt(value: object, lang: str) -> str:
    if isinstance(value, bool) or value is None:
        return _s(value)
    if isinstance(value, (int, float)):
        return number(value, lang, places=2)  # 8 886,99 (fr), 8,886.99 (en)
    return _s(value)


# --- what the sheet shows, as data --------------------------------------------


@dataclass
class IndicatorRow:
    name: str
    objective: object  # objective_6_months set at the earlier committee
    result: object  # result presented at the following committee (None: not yet)
    reached: bool | None


@dataclass
class CommitteePair:
    set_on: dt.date
    result_on: dt.date | None
    rows: list[IndicatorRow]


def committees_held(data: dict[str, Any], as_of: dt.date) -> list[tuple[dt.date, dict[str, Any]]]:
    held = [(parse_date(c.get("date")), c) for c in _list(data.get("committees"))]
    return sorted([(d, c) for d, c in held if d is not None and d <= as_of], key=lambda p: p[0])


def committee_pairs(data: dict[str, Any], as_of: dt.date, last: int = 3) -> list[CommitteePair]:
    """The objective set at one committee next to the result presented at the next one."""
    held = committees_held(data, as_of)[-last:]
    pairs = []
    for index, (day, committee) in enumerate(held):
        nxt = held[index + 1] if index + 1 < len(held) else None
        results = {}
        if nxt is not None:
            for ind in _list(nxt[1].get("indicators")):
                results[_s(ind.get("name"))] = ind.get("result")
        rows = []
        for ind in _list(committee.get("indicators")):
            name = _s(ind.get("name"))
            objective, result = ind.get("objective_6_months"), results.get(name)
            o, r = _num(objective), _num(result)
            rows.append(IndicatorRow(name, objective, result, None if o is None or r is None else r >= o))
        pairs.append(CommitteePair(day, nxt[0] if nxt else None, rows))
    return pairs


def phases(data: dict[str, Any], end: dt.date) -> list[tuple[dt.date, dt.date, str]]:
    """The phases as (start, end, name) bands; each ends where the next starts."""
    items: list[tuple[dt.date, str, dt.date | None]] = []
    for p in _list(_dict(data.get("startup")).get("phases")):
        start = parse_date(p.get("start"))
        if start is not None:
            items.append((start, LEGACY_PHASES.get(_s(p.get("name")), _s(p.get("name"))), parse_date(p.get("end"))))
    items.sort(key=lambda p: p[0])
    bands = []
    for index, (start, name, own_end) in enumerate(items):
        stop = items[index + 1][0] if index + 1 < len(items) else (own_end or end)
        bands.append((start, max(stop, start), name))
    return bands


def last_committee(data: dict[str, Any], as_of: dt.date) -> dt.date | None:
    """The date of the last committee held on or before ``as_of`` (None: none declared)."""
    held = committees_held(data, as_of)
    return held[-1][0] if held else None


def coming(ex: Examined, catalog: Catalog, as_of: dt.date, lang: str) -> list[Item]:
    """The agenda of this startup: overdue and coming due dates (the agenda's own items)."""
    return agenda_mod.build(catalog, [ex], as_of, HORIZON_DAYS, lang).items


def obligation_due(ex: Examined, obligation: Obligation) -> dt.date | None:
    """The obligation's next due date as the checker computed it (deadlines against as-of)."""
    dates = ex.facts.dates if ex.facts is not None else {}
    days = [dates[n] for n, spec in obligation.deadlines.items() if "against" not in spec and n in dates]
    return min(days) if days else None


# --- HTML ---------------------------------------------------------------------

STYLE = """
:root { --fail:#c62828; --warn:#ef8f00; --waived:#3f6fb5; --pass:#2e7d4f; --na:#e4e4e4; --ink:#1e1e1e; }
* { box-sizing: border-box; }
body { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 1rem auto; max-width: 190mm; padding: 0 .5rem; }
h1 { font-size: 1.4rem; margin: 0 0 .2rem; } h2 { font-size: 1.05rem; margin: 1rem 0 .35rem; border-bottom: 1px solid #ccc; }
.sub { color: #555; margin: 0 0 .6rem; }
.pill { display: inline-block; padding: 0 .45em; border-radius: 3px; color: #fff; font-size: 12px; white-space: nowrap; }
.fail, .non-compliant, .overdue { background: var(--fail); } .warn, .due-soon { background: var(--warn); }
.waived, .upcoming { background: var(--waived); } .pass, .compliant { background: var(--pass); }
.not-applicable { background: var(--na); color: #555; } .invalid { background: #7b1fa2; }
.pill.fail.missing { background: #f6d5d5; color: #7a1d1d; box-shadow: inset 0 0 0 1px #c62828; }
td .cause { color: #444; font-weight: 600; } td .why { color: #555; }
dl.identity { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: .15rem .8rem; margin: 0; }
dl.identity dt { font-weight: 600; } dl.identity dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .2rem 0 .4rem; }
th, td { border-bottom: 1px solid #e2e2e2; padding: .15rem .35rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; font-weight: 600; font-size: 12px; }
td.num { text-align: right; white-space: nowrap; } td.nowrap { white-space: nowrap; }
td .ref { color: #555; font-size: 10.5px; }
section.obligations td { font-size: 12px; } section.obligations td:first-child { width: 36%; }
.pairs { display: flex; flex-wrap: wrap; gap: .5rem; } .pairs table { flex: 1 1 45%; width: auto; min-width: 45%; }
.charts { display: flex; flex-wrap: wrap; gap: .4rem; }
.charts figure { margin: 0; flex: 1 1 30%; min-width: 220px; max-width: 50%; } .charts figcaption { font-size: 11px; color: #444; }
svg { max-width: 100%; height: auto; display: block; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.strips { display: flex; flex-wrap: wrap; gap: 0 .8rem; align-items: flex-start; }
table.strip { width: auto; border-collapse: separate; border-spacing: 1px; }
table.strip th, table.strip td { border: 0; padding: 0; }
table.strip th[scope=row] { padding-right: .5rem; font-weight: 500; font-size: 11px; white-space: nowrap; background: none; }
table.strip thead th { background: none; font-weight: 400; font-size: 9.5px; color: #555; vertical-align: bottom; }
table.strip thead th span { writing-mode: vertical-rl; transform: rotate(180deg); display: inline-block; padding-bottom: 2px; }
table.strip td { width: 1rem; min-width: 1rem; height: 1.05rem; text-align: center; font-size: 10px; font-weight: 700; color: #fff; }
table.strip td.not-applicable { color: #555; } table.strip td.none { background: #fafafa; }
table.strip td.fail.missing { background: repeating-linear-gradient(135deg, #e8a3a3 0 4px, #f6d5d5 4px 8px); color: #7a1d1d; }
table.strip caption, .since p.note, .strip p.note { text-align: left; color: #555; font-size: 11px; margin: 0 0 .2rem; }
.since ul { margin: 0; padding-left: 1rem; } .since .keys, .since .subject { color: #444; font-size: 11px; }
section { break-inside: avoid-page; }
@page { size: A4; margin: 11mm 10mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5px; }
  h2 { margin-top: .6rem; } section.obligations { break-inside: auto; }
  .pill { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  th, table.strip td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  table.strip td { height: .62rem; min-width: .9rem; width: .9rem; font-size: 7px; line-height: 1; }
  table.strip th[scope=row] { font-size: 8px; line-height: 1; } table.strip thead th { font-size: 7px; }
  section.strip h2, section.since h2 { margin-top: .3rem; } .strip p.note { margin: 0; }
}
"""


def render_html(ex: Examined, catalog: Catalog, as_of: dt.date, lang: str, past: StartupPast | None = None) -> str:
    """The sheet; ``past`` (:class:`checker.committee.history.StartupPast`): its verdicts over a period
    and what moved since the last committee, after the obligations."""
    w = lambda key, **kw: word(key, lang, **kw)  # noqa: E731
    t = lambda key, **kw: text(key, lang, **kw)  # noqa: E731
    data, result = ex.data, ex.result
    name = title_of(data, ex.shown)
    title = w("sheet.title", title=name)
    out = [
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    ]
    out.append(
        f'<header><h1>{_e(title)}</h1><p class="sub">{_e(w("sheet.as_of", as_of=as_of.isoformat()))} · '
        f"<code>{_e(result.startup or ex.shown)}</code> · {_e(ex.shown)} · "
        f'<span class="pill {_e(result.status)}" id="status">{_e(t("status." + result.status))}</span></p></header>\n'
    )
    if result.status == "invalid":
        out.append(
            f"<section><h2>{_e(w('sheet.invalid'))}</h2><ul>"
            + "".join(f"<li>{_e(t('word.line'))} {e.line}:{e.column} — {_e(e.message)}</li>" for e in result.errors)
            + "</ul></section>\n</body>\n</html>\n"
        )
        return "".join(out)
    out.append(_identity_html(data, result, lang))
    items = coming(ex, catalog, as_of, lang)
    out.append(
        f'<section class="timeline"><h2>{_e(w("sheet.timeline"))}</h2>{_timeline_svg(data, as_of, items, lang)}</section>\n'
    )
    out.append(_obligations_html(ex, catalog, lang))
    if past is not None:
        out.append(_strip_html(past, catalog, lang))
        out.append(_since_html(past.since, lang))
    out.append(_deadlines_html(items, lang))
    out.append(_committees_html(data, as_of, lang))
    out.append(_objectives_html(data, as_of, lang))
    out.append(_exemptions_html(data, as_of, lang))
    out.append("</body>\n</html>\n")
    return "".join(out)


def _identity(data: dict[str, Any], result: DeclarationResult, lang: str) -> list[tuple[str, str]]:
    w = lambda key, **kw: word(key, lang, **kw)  # noqa: E731
    startup, convention, team = _dict(data.get("startup")), _dict(data.get("convention")), _dict(data.get("team"))
    intra, sponsor = _dict(team.get("intrapreneur")), _dict(team.get("sponsor"))
    nd = w("sheet.not_declared")
    intra_text = ", ".join(x for x in (_s(intra.get("name")), _s(intra.get("employer"))) if x) or nd
    sponsor_text = (
        ", ".join(x for x in (_s(sponsor.get("name")), _s(sponsor.get("role")), _s(sponsor.get("organisation"))) if x)
        or nd
    )
    period = w("sheet.period", start=_s(convention.get("signed_on")) or "?", end=_s(convention.get("ends_on")) or "?")
    conv = (
        " · ".join(x for x in (_s(convention.get("reference")), _s(convention.get("partner")), period) if x)
        if convention
        else w("sheet.not_declared_feminine")  # la convention
    )
    return [
        (w("sheet.phase"), choice_word(result.phase, lang) if result.phase else ""),
        (w("sheet.incubator"), _s(startup.get("incubator")) or nd),
        (w("sheet.intrapreneur"), intra_text),
        (w("sheet.sponsor"), sponsor_text),
        (w("sheet.convention"), conv),
        (w("sheet.link"), _s(startup.get("link")) or nd),
    ]


def _identity_html(data: dict[str, Any], result: DeclarationResult, lang: str) -> str:
    rows = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in _identity(data, result, lang))
    return f'<section class="identity"><h2>{_e(word("sheet.identity", lang))}</h2><dl class="identity">{rows}</dl></section>\n'


def _timeline_svg(data: dict[str, Any], as_of: dt.date, items: list[Item], lang: str) -> str:
    w = lambda key, **kw: word(key, lang, **kw)  # noqa: E731
    convention = _dict(data.get("convention"))
    signed, ends = parse_date(convention.get("signed_on")), parse_date(convention.get("ends_on"))
    committees = [(parse_date(c.get("date")), c) for c in _list(data.get("committees"))]
    workshops = [parse_date(x.get("date")) for x in _list(_dict(data.get("security")).get("risk_workshops"))]
    amendments = [parse_date(a.get("signed_on")) for a in _list(convention.get("amendments"))]
    dates = [
        d
        for d in [signed, ends, as_of, *(d for d, _ in committees), *workshops, *amendments, *(i.due_on for i in items)]
        if d is not None
    ]
    bands_raw = phases(data, max(dates))
    # from a little before the convention's first event (earlier phases are cut at the left edge)
    start = max(min(dates), as_of - dt.timedelta(days=365 * 4)) - dt.timedelta(days=45)
    end = max(dates + [s for s, _, _ in bands_raw]) + dt.timedelta(days=20)
    bands_raw = phases(data, end)
    bands = [(s, e, choice_word(n, lang), PHASE_COLORS.get(n, "#888")) for s, e, n in bands_raw if e >= start]
    rows = [
        (w("sheet.committee"), [(d, w("sheet.committee"), "#1f5fa8", d > as_of) for d, _ in committees if d]),
        (w("sheet.workshop"), [(d, w("sheet.workshop"), "#00838f", d > as_of) for d in workshops if d]),
        (w("sheet.amendment"), [(d, w("sheet.amendment"), "#7b1fa2", d > as_of) for d in amendments if d]),
        (
            w("sheet.convention"),
            [
                (d, label, "#6d4c41", False)
                for d, label in ((signed, w("sheet.convention_start")), (ends, w("sheet.convention_end")))
                if d
            ],
        ),
        (w("sheet.deadlines_row"), [(i.due_on, i.label, STATE_COLORS[i.state], True) for i in items]),
    ]
    rows = [(label, [m for m in marks if m[0] >= start]) for label, marks in rows]
    return timeline(
        Timeline(start, end, as_of, w("sheet.today"), bands, rows, w("sheet.timeline"), width=700, lang=lang)
    )


@dataclass
class ObligationRow:
    obligation: Obligation
    verdict: str
    shown: str  # the verdict as the reports word it: a failure is "à compléter" or "manquement"
    group: str | None  # a failure's group (model.GROUPS), None otherwise
    notes: list[
        tuple[str | None, str, int | None]
    ]  # (label, message, line): each finding with its cause as the reports word it;
    # for an obligation that does not apply, why (its rule file's not_applicable), label and line None
    due: str  # due date(s), ISO


def _obligation_rows(ex: Examined, catalog: Catalog, lang: str) -> Iterator[ObligationRow]:
    """An :class:`ObligationRow` per obligation, in catalogue order."""
    by: dict[str, list[Finding]] = {}
    for f in ex.result.findings:
        by.setdefault(f.obligation, []).append(f)
    groups = failure_groups(ex.result)
    for o in catalog.obligations:
        verdict = ex.result.obligations.get(o.id, "not-applicable")
        findings = by.get(o.id, [])
        dues = sorted({f.due_on for f in findings if f.due_on})
        if not dues and verdict != "not-applicable":
            due = obligation_due(ex, o)
            dues = [due.isoformat()] if due else []
        group = groups.get(o.id)
        shown = text("group." + group, lang) if group else text("verdict." + verdict, lang)
        notes: list[tuple[str | None, str, int | None]] = [(f.label(lang), f.message, f.line) for f in findings]
        if verdict == "not-applicable" and not notes:  # why, as check --verbose says it
            notes = [(None, o.why_not_applicable(lang), None)]
        yield ObligationRow(o, verdict, shown, group, notes, ", ".join(dues))


def _obligations_html(ex: Examined, catalog: Catalog, lang: str) -> str:
    t = lambda key, **kw: text(key, lang, **kw)  # noqa: E731
    head = "".join(
        f"<th>{_e(h)}</th>" for h in (t("word.obligation"), t("word.verdict"), t("word.message"), t("word.due_on"))
    )
    rows = []
    for row in _obligation_rows(ex, catalog, lang):
        o, verdict = row.obligation, row.verdict
        notes = "<br>".join(
            (f'<span class="cause">{_e(label)} ·</span> ' if label and label != row.shown else "")
            + (
                f'{_e(m)} <span class="ref">({_e(t("word.line"))} {line})</span>'
                if line
                else f'<span class="why">{_e(m)}</span>'
            )
            for label, m, line in row.notes
        )
        group = f' data-group="{row.group}"' if row.group else ""
        hatch = " missing" if row.group == "missing" else ""
        rows.append(
            f'<tr data-obligation="{_e(o.id)}" data-verdict="{_e(verdict)}"{group}><td><b>{_e(o.title[lang])}</b> '
            f'<span class="ref">· <code>{_e(o.id)}</code> · {_e(o.article[lang])}</span></td>'
            f'<td><span class="pill {_e(verdict)}{hatch}">{MARK[verdict]} {_e(row.shown)}</span></td>'
            f'<td>{notes}</td><td class="nowrap">{_e(row.due)}</td></tr>'
        )
    return (
        f'<section class="obligations"><h2>{_e(word("sheet.obligations", lang))}</h2>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></section>\n"
    )


def _strip_cell(record: Record | None, oid: str, day: dt.date, lang: str) -> str:
    """One date of one obligation: its verdict's colour and mark, its words for a screen reader."""
    if record is None or oid not in record.obligations:
        return _cell("", None, day, lang)
    verdict = record.obligations[oid]
    return _cell(verdict, record.failures.get(oid) if verdict == "fail" else None, day, lang)


def _status_cell(record: Record | None, day: dt.date, lang: str) -> str:
    return _cell("status:" + record.status if record is not None else "", None, day, lang)


@functools.lru_cache(maxsize=4096)
def _cell(kind: str, group: str | None, day: dt.date, lang: str) -> str:
    """A strip cell: ``kind`` a verdict, ``status:<status>``, or "" (no file that day); made
    once per kind and date (a directory of sheets repeats them a hundred thousand times)."""
    if not kind:
        words, css, mark = word("history.no_file", lang), "none", ""
    elif kind.startswith("status:"):
        status = kind.removeprefix("status:")
        words, css = text("status." + status, lang), status
        mark = {"compliant": "✓", "non-compliant": "✗"}.get(status, "?")
    else:
        words = text("verdict." + kind, lang) + (f" — {text('group.' + group, lang)}" if group else "")
        css = kind + (" missing" if group == "missing" else "")
        mark = "✎" if group == "missing" else MARK[kind]
    shown = f'<span aria-hidden="true">{mark}</span>' if mark else ""
    return f'<td class="{_e(css)}" title="{day.isoformat()}{colon(lang)}{_e(words)}">{shown}<span class="sr">{_e(words)}</span></td>'


def _strip_html(past: StartupPast, catalog: Catalog, lang: str) -> str:
    """Each obligation's verdict on each date of the period: a table (a row per obligation, a
    cell per date, the report's colours), each cell's verdict also in words."""
    w = lambda key, **kw: word(key, lang, **kw)  # noqa: E731
    dates, records = past.dates, past.records
    notes = [w(f"history.source.{past.source}")] + ([past.note] if past.note else [])
    if all(r is None for r in records):  # no version of it on any date: a sentence, not an empty table
        first, last = (dates[0].isoformat(), dates[-1].isoformat()) if dates else ("", "")
        notes.append(w("history.strip_none", first=first, last=last))
        return (
            f'<section class="strip"><h2>{_e(w("history.strip"))}</h2>'
            + "".join(f'<p class="note">{_e(n)}</p>' for n in notes)
            + "</section>\n"
        )
    head = "".join(f'<th scope="col"><span>{d.isoformat()}</span></th>' for d in dates)
    rows = [f'<tr><th scope="row">{_e(w("col.status"))}</th>'
            + "".join(_status_cell(r, d, lang) for r, d in zip(records, dates)) + "</tr>"]  # fmt: skip
    for o in catalog.obligations:
        cells = "".join(_strip_cell(r, o.id, d, lang) for r, d in zip(records, dates))
        rows.append(
            f'<tr data-obligation="{_e(o.id)}"><th scope="row" title="{_e(o.title[lang])}">{_e(o.id)}</th>{cells}</tr>'
        )
    caption = w("history.strip_caption", first=dates[0].isoformat(), last=dates[-1].isoformat()) if dates else ""
    half = (len(rows) + 1) // 2  # two tables side by side when they fit: half the height on paper
    tables = "".join(
        f'<table class="strip"><caption class="sr">{_e(caption)}{" (2/2)" if part else " (1/2)"}</caption>'
        f"<thead><tr><td></td>{head}</tr></thead><tbody>{''.join(chunk)}</tbody></table>"
        for part, chunk in enumerate((rows[:half], rows[half:]))
    )
    return (
        f'<section class="strip"><h2>{_e(w("history.strip"))}</h2>'
        + "".join(f'<p class="note">{_e(n)}</p>' for n in [*notes, caption])
        + f'<div class="strips">{tables}</div></section>\n'
    )


def _verdict_pill(verdict: str | None, lang: str) -> str:
    if verdict is None:
        return f'<span class="pill not-applicable">{_e(word("history.no_file", lang))}</span>'
    return f'<span class="pill {_e(verdict)}">{MARK[verdict]} {_e(text("verdict." + verdict, lang))}</span>'


def _edit_html(edit: Edit, lang: str) -> str:
    """A change: its commit, date and author, its subject, the keys it changed."""
    if edit.commit is None:
        who = f"<b>{_e(edit.subject)}</b>"
    else:
        who = (f"<code>{_e(edit.commit[:7])}</code> {_e(edit.day.isoformat() if edit.day else '')} · {_e(edit.author)}"
               f' <span class="subject">— {_e(edit.subject)}</span>')  # fmt: skip
    keys = _keys(edit.keys, lang)
    return f'{who}<br><span class="keys">{_e(word("col.keys", lang))}{colon(lang)}{_e(keys)}</span>'


def _keys(keys: list[str] | None, lang: str, most: int = 8) -> str:
    if keys is None:
        return word("since.not_read", lang)
    if not keys:
        return word("since.none", lang)
    shown = ", ".join(k or "·" for k in keys[:most])
    return shown + (f" (+{len(keys) - most})" if len(keys) > most else "")


def _since_html(since: Since, lang: str) -> str:
    """The verdicts that moved since the last committee, each with the changes that moved it."""
    w = lambda key, **kw: word(key, lang, **kw)  # noqa: E731
    title = w("since.title", date=since.committee.isoformat()) if since.committee else w("since.title_none")
    out = f'<section class="since"><h2>{_e(title)}</h2>'
    if since.note:
        return out + f'<p class="note">{_e(since.note)}</p></section>\n'
    if not since.moved:
        out += f"<p>{_e(w('since.nothing'))}</p>"
    else:
        head = "".join(f"<th>{_e(h)}</th>" for h in (text("word.obligation", lang), w("col.before"),
                       w("col.after", date=since.as_of.isoformat()), w("col.by")))  # fmt: skip
        rows = "".join(
            f'<tr data-obligation="{_e(m.obligation)}"><td><code>{_e(m.obligation)}</code></td>'
            f"<td>{_verdict_pill(m.before, lang)}</td><td>{_verdict_pill(m.after, lang)}</td><td>"
            + (
                "<ul>" + "".join(f"<li>{_edit_html(e, lang)}</li>" for e in m.by) + "</ul>"
                if m.by
                else _e(w("since.by_date"))
            )
            + "</td></tr>"
            for m in since.moved
        )
        out += f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    out += f"<h3>{_e(w('since.edits'))}</h3>"
    if not since.edits:
        return out + f"<p>{_e(w('since.no_edit'))}</p></section>\n"
    items = "".join(
        f"<li>{_edit_html(e, lang)}"
        + (f' <span class="keys">· {_e(w("col.moved"))}{colon(lang)}{_e(", ".join(e.moved))}</span>' if e.moved else "")
        + "</li>"
        for e in since.edits
    )
    return out + f"<ul>{items}</ul></section>\n"


def _deadlines_html(items: list[Item], lang: str) -> str:
    w = lambda key, **kw: word(key, lang, **kw)  # noqa: E731
    if not items:
        return f'<section class="deadlines"><h2>{_e(w("sheet.deadlines"))}</h2><p>{_e(w("sheet.no_deadline"))}</p></section>\n'
    head = "".join(f"<th>{_e(w('col.' + c))}</th>" for c in ("due_on", "state", "what", "obligation"))
    rows = "".join(
        f'<tr class="item"><td class="nowrap">{i.due_on.isoformat()}</td><td><span class="pill {i.state}">'
        f"{_e(w('state.' + i.state))}</span></td><td>{_e(i.label)}</td><td><code>{_e(i.obligation)}</code></td></tr>"
        for i in items
    )
    return f'<section class="deadlines"><h2>{_e(w("sheet.deadlines"))}</h2><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>\n'


def _committees_html(data: dict[str, Any], as_of: dt.date, lang: str) -> str:
    w = lambda key, **kw: word(key, lang, **kw)  # noqa: E731
    pairs = committee_pairs(data, as_of)
    if not pairs:
        return f'<section class="committees"><h2>{_e(w("sheet.committees"))}</h2><p>{_e(w("sheet.no_indicator"))}</p></section>\n'
    tables = []
    for pair in pairs:
        result_head = w("sheet.result_at", date=pair.result_on.isoformat()) if pair.result_on else w("sheet.no_next")
        body = (
            "".join(
                f'<tr><td>{_e(r.name)}</td><td class="num">{_e(_fmt(r.objective, lang))}</td><td class="num">{_e(_fmt(r.result, lang))}</td>'
                f"<td>{_reached_pill(r.reached, lang)}</td></tr>"
                for r in pair.rows
            )
            or f'<tr><td colspan="4">{_e(w("sheet.no_indicator"))}</td></tr>'
        )
        tables.append(
            f'<table class="pair"><thead><tr><th>{_e(w("sheet.indicator"))}</th><th>{_e(w("sheet.objective_at", date=pair.set_on.isoformat()))}</th>'
            f"<th>{_e(result_head)}</th><th></th></tr></thead><tbody>{body}</tbody></table>"
        )
    return f'<section class="committees"><h2>{_e(w("sheet.committees"))}</h2><div class="pairs">{"".join(tables)}</div></section>\n'


def _reached_pill(reached: bool | None, lang: str) -> str:
    if reached is None:
        return ""
    if reached:
        return f'<span class="pill pass">✓ {_e(word("sheet.reached", lang))}</span>'
    return f'<span class="pill fail">✗ {_e(word("sheet.not_reached", lang))}</span>'


def objective_chart(obj: Objective, as_of: dt.date, lang: str) -> str:
    w = lambda key, **kw: word(key, lang, **kw)  # noqa: E731
    series = [Series(w("sheet.measurements"), [(d, float(v)) for d, v in obj.measurements], "#1f5fa8")]
    if obj.forecast:
        (d1, v1), _, (due, projected) = obj.forecast
        series.append(
            Series(
                w("sheet.forecast"), [(d1, float(v1)), (due, float(projected))], "#ef8f00", dashed=True, markers=False
            )
        )
    target = _num(obj.target)
    hlines = [(float(target), f"{w('sheet.target')} {_fmt(obj.target, lang)}", "#c62828")] if target is not None else []
    vlines = [(as_of, w("sheet.today"), "#c62828")]
    if obj.due_on:
        vlines.append((obj.due_on, obj.due_on.isoformat(), "#555"))
    return line_chart(Chart(obj.label, series, hlines, vlines, width=280, height=190, css_class="objective", lang=lang))


def standing(obj: Objective, lang: str) -> str:
    """Where an objective stands: reached, not reached, or, with no measurement counted, that
    none is declared (as check says it), never "not reached" on nothing."""
    if obj.reached:
        return word("sheet.reached", lang)
    return word("sheet.not_reached" if obj.measurements else "sheet.no_measurement", lang)


def _objectives_html(data: dict[str, Any], as_of: dt.date, lang: str) -> str:
    found = objectives(data, as_of)
    if not found:
        return ""
    w = lambda key, **kw: word(key, lang, **kw)  # noqa: E731
    charts = "".join(
        f'<figure data-objective="{_e(o.id)}">{objective_chart(o, as_of, lang)}'
        f"<figcaption>{_e(o.label)} — {_e(w('sheet.target'))} {_e(_fmt(o.target, lang))} · {_e(o.due_on.isoformat() if o.due_on else '')}"
        f" · {_e(standing(o, lang))}</figcaption></figure>"
        for o in found
    )
    return f'<section class="objectives"><h2>{_e(w("sheet.objectives"))}</h2><div class="charts">{charts}</div></section>\n'


def _exemption_rows(data: dict[str, Any], as_of: dt.date) -> Iterator[tuple[str, str, str, str, str]]:
    for item in _list(data.get("exemptions")):
        expires = parse_date(item.get("expires_on"))
        state = "overdue" if expires is not None and expires < as_of else "upcoming"
        yield (
            _s(item.get("obligation")),
            _s(item.get("reason")),
            _s(item.get("approved_by")),
            _s(item.get("expires_on")),
            state,
        )


def _exemptions_html(data: dict[str, Any], as_of: dt.date, lang: str) -> str:
    w = lambda key, **kw: word(key, lang, **kw)  # noqa: E731
    rows = list(_exemption_rows(data, as_of))
    if not rows:
        return f'<section class="exemptions"><h2>{_e(w("sheet.exemptions"))}</h2><p>{_e(w("sheet.no_exemption"))}</p></section>\n'
    body = "".join(
        f'<tr><td><code>{_e(o)}</code></td><td>{_e(r)}</td><td>{_e(a)}</td><td class="nowrap">'
        f'<span class="pill {state}">{_e(w("sheet.expires"))} {_e(e)}</span></td></tr>'
        for o, r, a, e, state in rows
    )
    return f'<section class="exemptions"><h2>{_e(w("sheet.exemptions"))}</h2><table><tbody>{body}</tbody></table></section>\n'


# --- Markdown -----------------------------------------------------------------


def _md(value: object) -> str:
    cell = printable(str(value)) if value is not None else ""
    for a, b in (
        ("\\", "\\\\"),
        ("|", "\\|"),
        ("\n", " "),
        ("<", "&lt;"),
        (">", "&gt;"),
        ("`", "\\`"),
        ("*", "\\*"),
        ("_", "\\_"),
        ("[", "\\["),
        ("]", "\\]"),
    ):
        cell = cell.replace(a, b)
    return cell


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    out = ["| " + " | ".join(_md(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return out + [""]


def render_markdown(ex: Examined, catalog: Catalog, as_of: dt.date, lang: str, past: StartupPast | None = None) -> str:
    w = lambda key, **kw: word(key, lang, **kw)  # noqa: E731
    t = lambda key, **kw: text(key, lang, **kw)  # noqa: E731
    data, result = ex.data, ex.result
    out = [
        f"# {_md(w('sheet.title', title=title_of(data, ex.shown)))}",
        "",
        f"{_md(w('sheet.as_of', as_of=as_of.isoformat()))} · {_md(result.startup or ex.shown)} · {_md(ex.shown)} · "
        f"**{_md(t('status.' + result.status))}**",
        "",
    ]
    if result.status == "invalid":
        out += [f"## {_md(w('sheet.invalid'))}", ""] + [
            f"- {_md(t('word.line'))} {e.line}:{e.column} — {_md(e.message)}" for e in result.errors
        ]
        return "\n".join(out) + "\n"
    out += [f"## {_md(w('sheet.identity'))}", ""] + _table(["", ""], _identity(data, result, lang))
    items = coming(ex, catalog, as_of, lang)
    out += [f"## {_md(w('sheet.timeline'))}", ""]
    events = _md_events(data, items, as_of, lang)
    out += _table([w("col.date"), w("col.what"), ""], sorted(e for e in events if e[0]))
    out += [f"## {_md(w('sheet.obligations'))}", ""]
    out += _table(
        [t("word.obligation"), t("word.verdict"), t("word.message"), t("word.article"), t("word.due_on")],
        [
            (
                r.obligation.id,
                f"{MARK[r.verdict]} {r.shown}",
                " / ".join(f"{label} — {m}" if label and label != r.shown else m for label, m, _ in r.notes),
                r.obligation.article[lang],
                r.due,
            )
            for r in _obligation_rows(ex, catalog, lang)
        ],
    )
    if past is not None:
        out += _md_past(past, catalog, lang)
    out += [f"## {_md(w('sheet.deadlines'))}", ""]
    out += (
        _table(
            [w("col.due_on"), w("col.state"), w("col.what"), w("col.obligation")],
            [(i.due_on.isoformat(), w("state." + i.state), i.label, i.obligation) for i in items],
        )
        if items
        else [w("sheet.no_deadline"), ""]
    )
    out += _md_committees_and_objectives(data, as_of, lang)
    out += [f"## {_md(w('sheet.exemptions'))}", ""]
    exemptions = [(o, r, a, e) for o, r, a, e, _ in _exemption_rows(data, as_of)]
    out += (
        _table([t("word.obligation"), "", "", w("sheet.expires")], exemptions)
        if exemptions
        else [w("sheet.no_exemption"), ""]
    )
    return "\n".join(out).rstrip("\n") + "\n"


def _md_past(past: StartupPast, catalog: Catalog, lang: str) -> list[str]:
    """The strip (a row per obligation, a mark per date; blank: no file) and what moved since
    the last committee, in Markdown."""
    w = lambda key, **kw: word(key, lang, **kw)  # noqa: E731
    out = [f"## {_md(w('history.strip'))}", "", _md(w(f"history.source.{past.source}")), ""]
    out += [_md(past.note), ""] if past.note else []
    first, last = (past.dates[0].isoformat(), past.dates[-1].isoformat()) if past.dates else ("", "")
    if all(r is None for r in past.records):
        out += [_md(w("history.strip_none", first=first, last=last)), ""]
    else:
        out += [_md(w("history.strip_dates", first=first, last=last, count=len(past.dates))), ""]

    def marks(oid: str) -> str:
        return "".join(
            " " if r is None or oid not in r.obligations else
            ("✎" if r.failures.get(oid) == "missing" and r.obligations[oid] == "fail" else MARK[r.obligations[oid]])
            for r in past.records
        )  # fmt: skip

    status = "".join(
        " " if r is None else {"compliant": "✓", "non-compliant": "✗"}.get(r.status, "?") for r in past.records
    )
    rows = [(w("col.status"), status)] + [(o.id, marks(o.id)) for o in catalog.obligations]
    if any(r is not None for r in past.records):
        out += [f"| {_md(text('word.obligation', lang))} | {_md(w('history.strip'))} |", "|---|---|"]
        out += [f"| {_md(name)} | `{strip}` |" for name, strip in rows] + [""]
    since = past.since
    title = w("since.title", date=since.committee.isoformat()) if since.committee else w("since.title_none")
    out += [f"## {_md(title)}", ""]
    if since.note:
        return out + [_md(since.note), ""]
    out += _table(
        [text("word.obligation", lang), w("col.before"), w("col.after", date=since.as_of.isoformat()), w("col.by")],
        [(m.obligation, _md_verdict(m.before, lang), _md_verdict(m.after, lang),
          " / ".join(_md_edit(e, lang) for e in m.by) or w("since.by_date")) for m in since.moved],
    ) if since.moved else [w("since.nothing"), ""]  # fmt: skip
    out += [f"### {_md(w('since.edits'))}", ""]
    out += [f"- {_md(_md_edit(e, lang))}" for e in since.edits] or [w("since.no_edit")]
    return out + [""]


def _md_verdict(verdict: str | None, lang: str) -> str:
    return word("history.no_file", lang) if verdict is None else f"{MARK[verdict]} {text('verdict.' + verdict, lang)}"


def _md_edit(edit: Edit, lang: str) -> str:
    keys = f"{word('col.keys', lang)}{colon(lang)}{_keys(edit.keys, lang)}"
    if edit.commit is None:
        return f"{printable(edit.subject)} ({keys})"
    day = edit.day.isoformat() if edit.day else ""
    return f"{edit.commit[:7]} {day} · {printable(edit.author)} — {printable(edit.subject)} ({keys})"


def _md_events(data: dict[str, Any], items: list[Item], as_of: dt.date, lang: str) -> list[tuple[str, str, str]]:
    """(date, what, detail) rows of the markdown sheet's timeline."""
    w = lambda key, **kw: word(key, lang, **kw)  # noqa: E731
    events = [(s.isoformat(), w("sheet.phase_event"), choice_word(n, lang)) for s, _, n in phases(data, as_of)]
    events += [(d.isoformat(), w("sheet.committee"), "") for d, _ in committees_held(data, dt.date.max)]
    events += [
        (_s(x.get("date")), w("sheet.workshop"), _s(x.get("method")))
        for x in _list(_dict(data.get("security")).get("risk_workshops"))
    ]
    convention = _dict(data.get("convention"))
    events += [
        (_s(a.get("signed_on")), w("sheet.amendment"), _s(a.get("subject")))
        for a in _list(convention.get("amendments"))
    ]
    events += [
        (_s(convention.get(k)), w(label), "")
        for k, label in (("signed_on", "sheet.convention_start"), ("ends_on", "sheet.convention_end"))
        if convention.get(k)
    ]
    events += [(i.due_on.isoformat(), w("state." + i.state), i.label) for i in items]
    events.append((as_of.isoformat(), f"▶ {w('sheet.today')}", ""))
    return events


def _md_committees_and_objectives(data: dict[str, Any], as_of: dt.date, lang: str) -> list[str]:
    """The markdown sheet's committee indicators and annex objectives."""
    w = lambda key, **kw: word(key, lang, **kw)  # noqa: E731
    out: list[str] = []
    out += [f"## {_md(w('sheet.committees'))}", ""]
    pairs = committee_pairs(data, as_of)
    for pair in pairs:
        result_head = w("sheet.result_at", date=pair.result_on.isoformat()) if pair.result_on else w("sheet.no_next")
        out += _table(
            [w("sheet.indicator"), w("sheet.objective_at", date=pair.set_on.isoformat()), result_head, ""],
            [
                (
                    r.name,
                    _fmt(r.objective, lang),
                    _fmt(r.result, lang),
                    "" if r.reached is None else (w("sheet.reached") if r.reached else w("sheet.not_reached")),
                )
                for r in pair.rows
            ],
        )
    if not pairs:
        out += [w("sheet.no_indicator"), ""]
    found = objectives(data, as_of)
    if found:
        out += [f"## {_md(w('sheet.objectives'))}", ""]
        for o in found:
            out += [
                f"### {_md(o.label)}",
                "",
                f"{_md(w('sheet.target'))} {_md(_fmt(o.target, lang))} · {_md(o.due_on.isoformat() if o.due_on else '')} · "
                f"{_md(standing(o, lang))}",
                "",
            ]
            rows = [(d.isoformat(), w("sheet.measurements"), _fmt(float(v), lang)) for d, v in o.measurements]
            if o.forecast:
                rows.append(
                    (o.forecast[2][0].isoformat(), w("sheet.forecast"), _fmt(round(float(o.forecast[2][1]), 2), lang))
                )
            if rows:  # none: the line above says no measurement is declared
                out += _table([w("col.date"), "", ""], rows)
    return out
