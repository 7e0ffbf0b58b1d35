"""``conformite agenda``: every deadline of every declaration that is overdue or falls within
the coming days, sorted by date.

Items come from *sources*, one function each (:data:`SOURCES`): the rule files' deadlines (the
due dates :func:`checker.facts.prepare` computes for the checker: never a second calculation),
exemption expiries, the security homologation's end and the annex objectives' ``due_on``. A new
kind of item is one more function in that list.

An item's state is ``overdue`` (due before the as-of date), ``due-soon`` (within its
obligation's warning window: the ``le`` bound on ``<deadline>_days_left`` of the warn rule whose
``due`` names the deadline, read from the rule files) or ``upcoming``.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from . import conditions
from .dates import add_months, parse_date
from .examine import Examined, title_of
from .messages import printable
from .words import WORDS, word

AGENDA_VERSION = 1
PAST_OUTCOMES = ("fail", "warn", "waived")


@dataclass
class Item:
    due_on: dt.date
    state: str  # overdue | due-soon | upcoming
    startup: str
    title: str
    obligation: str  # an obligation id, or "exemption" / "homologation"
    key: str  # what falls due: the deadline name, exemptions[i], objectives[i]...
    label: str  # short human label ("Comité d'investissement")
    file: str
    line: int
    explanation: str = ""
    reference: str = ""  # the convention's article, when an obligation's

    @property
    def summary(self) -> str:
        return f"{self.label} — {self.title}"

    @property
    def uid(self) -> str:
        """Stable across runs: startup, obligation, what falls due and the due date."""
        return f"{self.startup}/{self.obligation}/{self.key}/{self.due_on.isoformat()}@conformite"

    def to_json(self, as_of: dt.date) -> dict:
        return {"due_on": self.due_on.isoformat(), "state": self.state, "days_left": (self.due_on - as_of).days,
                "startup": self.startup, "title": self.title, "obligation": self.obligation, "key": self.key,
                "label": self.label, "file": self.file, "line": self.line, "reference": self.reference,
                "explanation": self.explanation, "uid": self.uid}


@dataclass
class Agenda:
    as_of: dt.date
    days: int
    lang: str
    items: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (file, line, message) of declarations not read

    def to_json(self) -> dict:
        return {"agenda_version": AGENDA_VERSION, "as_of": self.as_of.isoformat(), "days": self.days,
                "items": [i.to_json(self.as_of) for i in self.items],
                "errors": [{"file": f, "line": line, "message": m} for f, line, m in self.errors]}


# --- the warning window, from the rule files ----------------------------------

def _bound(cond: dict, fact: str):
    if "all" in cond or "any" in cond:
        for sub in cond.get("all", cond.get("any", [])):
            found = _bound(sub, fact)
            if found is not None:
                return found
        return None
    return cond.get("le") if cond.get("fact") == fact else None


def warn_rule(catalog, deadline: str):
    """The warn rule whose ``due`` names ``deadline`` and bounds ``<deadline>_days_left``."""
    for rule in catalog.rules.values():
        if rule.due == deadline and rule.outcome == "warn" and _bound(rule.when, f"{deadline}_days_left") is not None:
            return rule
    return None


def warning_window(catalog, deadline: str) -> int | None:
    rule = warn_rule(catalog, deadline)
    return _bound(rule.when, f"{deadline}_days_left") if rule else None


def state_of(due: dt.date, as_of: dt.date, window: int | None) -> str:
    left = (due - as_of).days
    if left < 0:
        return "overdue"
    return "due-soon" if window is not None and left <= window else "upcoming"


# --- the sources of items -----------------------------------------------------

class _Show:
    """Placeholders of a message or path: ``due_on``, display values, facts (dates as ISO)."""

    def __init__(self, facts, due):
        self.facts, self.due = facts, due

    def __contains__(self, key):
        return key == "due_on" or key in self.facts.display or key in self.facts.values

    def __getitem__(self, key):
        if key == "due_on":
            return self.due.isoformat()
        value = self.facts.display.get(key, self.facts.values.get(key, ""))
        return value.isoformat() if isinstance(value, dt.date) else value


@dataclass
class Scope:
    catalog: object
    as_of: dt.date
    lang: str
    horizon: dt.date  # last day shown


def deadline_items(ex: Examined, scope: Scope):
    """The rule files' deadlines measured against the as-of date, as the checker dated them.

    A deadline measured against another declared date (``against``: the termination notice)
    is shown only when the checker reports on it. A past deadline is shown when the checker reports a finding about it (a deadline met is no
    news); a coming one when its obligation applies and its warn rule would fire on the day
    (a duty already done, such as a copy already sent, is not a deadline any more)."""
    catalog, facts, result = scope.catalog, ex.facts, ex.result
    by_deadline: dict[str, list] = {}
    for finding in result.findings:
        rule = catalog.rules.get(finding.rule)
        if rule is not None and rule.due and finding.outcome in PAST_OUTCOMES:
            by_deadline.setdefault(rule.due, []).append(finding)
    for obligation in catalog.obligations:
        if result.obligations.get(obligation.id) == "not-applicable":
            continue
        for name, spec in obligation.deadlines.items():
            if name not in facts.dates:
                continue
            due = facts.dates[name]
            found = by_deadline.get(name, [])
            if "against" in spec and not found:
                continue  # a delay between two declared dates: shown only when the checker reports it
            rule = warn_rule(catalog, name)
            if due < scope.as_of:
                if not found:
                    continue
            elif due > scope.horizon:
                continue
            elif not found and rule is not None:
                probe = dict(facts.values)
                probe[f"{name}_days_left"] = 0
                if not conditions.evaluate(rule.when, probe, catalog.facts):
                    continue
            shown = _Show(facts, due)
            explain_rule = rule or next((r for r in obligation.rules if r.due == name), None)
            if found:
                line, message = found[0].line, found[0].message
            else:
                line = ex.doc.locate(explain_rule.path_for(shown))[0] if explain_rule else 1
                message = printable(explain_rule.message[scope.lang].format_map(shown)) if explain_rule else ""
            key = f"deadline.{name}"
            label = word(key, scope.lang) if key in WORDS else obligation.title[scope.lang]
            explanation = " ".join(x for x in (message, obligation.how_to_comply[scope.lang]) if x)
            yield _item(ex, scope, due, warning_window(catalog, name), obligation.id, name, label, line,
                        explanation, obligation.article[scope.lang])


def exemption_items(ex: Examined, scope: Scope):
    """Each exemption's expiry (an expired one is overdue: it waives nothing any more)."""
    for index, item in enumerate(_list(ex.data.get("exemptions"))):
        due = parse_date(item.get("expires_on"))
        if due is None or due > scope.horizon:
            continue
        oid = str(item.get("obligation", ""))
        explanation = word("item.exemption.explain", scope.lang, obligation=oid, reason=_s(item.get("reason")),
                           approved_by=_s(item.get("approved_by")), due_on=due.isoformat())
        line = ex.doc.locate(f"exemptions[{index}].expires_on")[0]
        yield _item(ex, scope, due, None, "exemption", f"exemptions[{index}]",
                    word("item.exemption", scope.lang, obligation=oid), line, explanation, "")


def homologation_items(ex: Examined, scope: Scope):
    """The security homologation's end: ``decided_on`` + ``months`` (French month rule)."""
    security = ex.data.get("security") if isinstance(ex.data.get("security"), dict) else {}
    homologation = security.get("homologation")
    if not isinstance(homologation, dict):
        return
    decided, months = parse_date(homologation.get("decided_on")), homologation.get("months")
    if decided is None or isinstance(months, bool) or not isinstance(months, int):
        return
    due = add_months(decided, months)
    if due > scope.horizon:
        return
    line = ex.doc.locate("security.homologation.decided_on")[0]
    explanation = word("item.homologation.explain", scope.lang, decided_on=decided.isoformat(), months=months,
                       due_on=due.isoformat())
    yield _item(ex, scope, due, None, "homologation", "security.homologation", word("item.homologation", scope.lang),
                line, explanation, "")


def objective_items(ex: Examined, scope: Scope):
    """Each annex objective's ``due_on``; a past one only when the checker reports on it."""
    reported = {f.path.split(".")[0] for f in ex.result.findings if f.obligation == "annex-objectives"}
    ids = set(scope.catalog.obligation_ids)
    obligation = scope.catalog.obligation("annex-objectives") if "annex-objectives" in ids else None
    if obligation is not None and ex.result.obligations.get("annex-objectives") == "not-applicable":
        return
    for index, item in enumerate(_list(ex.data.get("objectives"))):
        due = parse_date(item.get("due_on"))
        where = f"objectives[{index}]"
        if due is None or due > scope.horizon or (due < scope.as_of and where not in reported):
            continue
        label = _s(item.get("label")) or _s(item.get("id"))
        explanation = word("item.objective.explain", scope.lang, label=label, target=_s(item.get("target")),
                           due_on=due.isoformat())
        yield _item(ex, scope, due, warning_window(scope.catalog, "objective"), "annex-objectives", where,
                    word("item.objective", scope.lang, label=label), ex.doc.locate(f"{where}.due_on")[0],
                    explanation, obligation.article[scope.lang] if obligation else "")


SOURCES = [deadline_items, exemption_items, homologation_items, objective_items]


def _list(value) -> list:
    return [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []


def _s(value) -> str:
    return printable(str(value).strip()) if value is not None else ""


def _item(ex, scope, due, window, obligation, key, label, line, explanation, reference) -> Item:
    startup = ex.result.startup or ex.shown
    return Item(due, state_of(due, scope.as_of, window), printable(startup), title_of(ex.data, startup), obligation,
                key, printable(label), ex.shown, line, printable(explanation), reference)


def items_of(ex: Examined, scope: Scope) -> list[Item]:
    if ex.facts is None:
        return []
    return [item for source in SOURCES for item in source(ex, scope)]


def sort_key(item: Item):
    return (item.due_on, item.startup, item.obligation, item.key)


def build(catalog, examined, as_of: dt.date, days: int, lang: str) -> Agenda:
    """The agenda of the examined declarations (an iterable of :class:`Examined`)."""
    scope = Scope(catalog, as_of, lang, as_of + dt.timedelta(days=days))
    agenda = Agenda(as_of, days, lang)
    for ex in examined:
        if ex.result.status == "invalid":
            for err in ex.result.errors:
                agenda.errors.append((ex.shown, err.line, err.message))
            continue
        agenda.items.extend(items_of(ex, scope))
    agenda.items.sort(key=sort_key)
    return agenda


# --- renderers ----------------------------------------------------------------

def render_json(agenda: Agenda) -> str:
    return json.dumps(agenda.to_json(), ensure_ascii=False, indent=2) + "\n"


def _rows(agenda: Agenda):
    lang = agenda.lang
    for i in agenda.items:
        yield (i.due_on.isoformat(), word(f"state.{i.state}", lang), i.startup, i.obligation, i.label, f"{i.file}:{i.line}")


def _headers(lang):
    return [word(f"col.{c}", lang) for c in ("due_on", "state", "startup", "obligation", "what", "where")]


def render_table(agenda: Agenda) -> str:
    lang = agenda.lang
    title = word("agenda.title", lang, as_of=agenda.as_of.isoformat(), days=agenda.days)
    rows = list(_rows(agenda))
    if not rows:
        return f"{title}\n{word('agenda.none', lang)}\n"
    headers = _headers(lang)
    widths = [max(len(h), *(len(r[c]) for r in rows)) for c, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([title, line(headers), line(["-" * w for w in widths]), *map(line, rows)]) + "\n"


def _md(cell: str) -> str:
    return cell.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def render_markdown(agenda: Agenda) -> str:
    lang = agenda.lang
    out = [f"# {word('agenda.title', lang, as_of=agenda.as_of.isoformat(), days=agenda.days)}", ""]
    rows = list(_rows(agenda))
    if not rows:
        return "\n".join(out + [word("agenda.none", lang)]) + "\n"
    headers = _headers(lang)
    out.append("| " + " | ".join(headers) + " |")
    out.append("|" + "---|" * len(headers))
    out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


def render_ics(agenda: Agenda) -> bytes:
    """RFC 5545, written by the ``icalendar`` library: one all-day event per item, a reminder
    14 days before, a UID stable across runs so a re-import updates instead of duplicating."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//DINUM//conformite agenda//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "conformite — échéances" if agenda.lang == "fr" else "conformite — deadlines")
    stamp = dt.datetime.combine(agenda.as_of, dt.time(0, 0), tzinfo=dt.UTC)
    for item in agenda.items:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)  # the as-of date: the same run gives the same bytes
        event.add("dtstart", item.due_on)
        event.add("dtend", item.due_on + dt.timedelta(days=1))
        event.add("summary", item.summary)
        description = item.explanation + (f"\n{item.reference}" if item.reference else "") + f"\n{item.file}:{item.line}"
        event.add("description", description)
        event.add("categories", [item.obligation])
        event.add("transp", "TRANSPARENT")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.summary)
        alarm.add("trigger", dt.timedelta(days=-14))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
