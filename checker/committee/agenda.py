"""``conformite agenda``: every deadline of every declaration that is overdue or falls within
the coming days, sorted by date.

Items come from *sources*, one function each (:data:`SOURCES`): the rule files' deadlines (the
due dates :func:`checker.judging.facts.prepare` computes for the checker: never a second calculation),
exemption expiries, the security homologation's end and the annex objectives' ``due_on``. A new
kind of item is one more function in that list.

An item's state is ``overdue`` (due before the as-of date), ``due-soon`` (within its
obligation's warning window: the ``le`` bound on ``<deadline>_days_left`` of the warn rule whose
``due`` names the deadline, read from the rule files) or ``upcoming``.

What is left to do: the agenda lists the startups of one phase view (``--phase``, active ones by
default) and the overdue items due on or after ``--since`` (by default twelve months before the
as-of date); it counts what it leaves out and says so. A calendar shows an overdue item once, on
the as-of date (its past day is where no calendar looks and no alarm rings), and every item keeps
its UID from one run to the next, whatever its date: a re-imported calendar moves it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from checker.foundation.dates import add_months, parse_date
from checker.foundation.messages import text as word
from checker.foundation.wording import counted, number, printable
from checker.judging import conditions
from checker.judging.evaluate import Placeholders
from checker.judging.facts import Facts
from checker.judging.model import Finding, in_phase_view
from checker.judging.rules import Catalog, Obligation, Rule

from . import objectives as objectives_mod
from .examine import Examined, title_of

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
    ident: str = ""  # what falls due, as an edit of the file keeps it (an objective's id); default: key
    twin: int = 0  # a second item of the same startup, obligation and ident (two files, one id)

    @property
    def summary(self) -> str:
        return f"{self.label} — {self.title}"

    @property
    def uid(self) -> str:
        """Stable across runs and edits: startup, obligation and what falls due, never the date
        (a calendar that imports the agenda again moves the event instead of adding one)."""
        twin = f"/{self.twin + 1}" if self.twin else ""
        return f"{self.startup}/{self.obligation}/{self.ident or self.key}{twin}@conformite"

    def to_json(self, as_of: dt.date) -> dict:
        return {
            "due_on": self.due_on.isoformat(),
            "state": self.state,
            "days_left": (self.due_on - as_of).days,
            "startup": self.startup,
            "title": self.title,
            "obligation": self.obligation,
            "key": self.key,
            "label": self.label,
            "file": self.file,
            "line": self.line,
            "reference": self.reference,
            "explanation": self.explanation,
            "uid": self.uid,
        }


@dataclass
class Agenda:
    as_of: dt.date
    days: int
    lang: str
    items: list[Item] = field(default_factory=list)
    errors: list[tuple[str, int, str]] = field(default_factory=list)  # (file, line, message) of declarations not read
    phase: str = "all"  # the startups listed (model.PHASE_VIEWS)
    since: dt.date | None = None  # overdue items due before it are left out (None: none is)
    left_out: dict[str, int] = field(default_factory=lambda: {"before_since": 0, "other_phase": 0})
    oldest_left_out: dt.date | None = None  # the due date of the oldest overdue item left out by ``since``

    def to_json(self) -> dict:
        return {
            "agenda_version": AGENDA_VERSION,
            "as_of": self.as_of.isoformat(),
            "days": self.days,
            "phase": self.phase,
            "since": self.since.isoformat() if self.since else None,
            "left_out": dict(self.left_out),
            "items": [i.to_json(self.as_of) for i in self.items],
            "errors": [{"file": f, "line": line, "message": m} for f, line, m in self.errors],
        }


# --- the warning window, from the rule files ----------------------------------


def _bound(cond: dict[str, Any], fact: str) -> int | None:
    if "all" in cond or "any" in cond:
        for sub in cond.get("all", cond.get("any", [])):
            found = _bound(sub, fact)
            if found is not None:
                return found
        return None
    return cond.get("le") if cond.get("fact") == fact else None


def warn_rule(catalog: Catalog, deadline: str) -> Rule | None:
    """The warn rule whose ``due`` names ``deadline`` and bounds ``<deadline>_days_left``."""
    for rule in catalog.rules.values():
        if rule.due == deadline and rule.outcome == "warn" and _bound(rule.when, f"{deadline}_days_left") is not None:
            return rule
    return None


def warning_window(catalog: Catalog, deadline: str) -> int | None:
    rule = warn_rule(catalog, deadline)
    return _bound(rule.when, f"{deadline}_days_left") if rule else None


def state_of(due: dt.date, as_of: dt.date, window: int | None) -> str:
    left = (due - as_of).days
    if left < 0:
        return "overdue"
    return "due-soon" if window is not None and left <= window else "upcoming"


# --- the sources of items -----------------------------------------------------


@dataclass
class Scope:
    catalog: Catalog
    as_of: dt.date
    lang: str
    horizon: dt.date  # last day shown


# obligations whose due dates another source lists one by one (each objective has its own):
# their rule-file deadlines (the earliest due date of the objectives concerned) would repeat one
PER_ITEM = frozenset({"annex-objectives"})


def _by_deadline(ex: Examined, catalog: Catalog) -> dict[str, list[Finding]]:
    """The checker's findings about a deadline (fail, warn, waived), by deadline name."""
    found: dict[str, list[Finding]] = {}
    for finding in ex.result.findings:
        rule = catalog.rules.get(finding.rule)
        if rule is not None and rule.due and finding.outcome in PAST_OUTCOMES:
            found.setdefault(rule.due, []).append(finding)
    return found


def _shown(scope: Scope, facts: Facts, name: str, due: dt.date, spec: dict[str, Any], found: list[Finding]) -> bool:
    """Whether a deadline is news: see :func:`deadline_items`."""
    if "against" in spec and not found:
        return False  # a delay between two declared dates: shown only when the checker reports it
    if due < scope.as_of:
        return bool(found)
    if due > scope.horizon:
        return False
    rule = warn_rule(scope.catalog, name)
    if found or rule is None:
        return True
    probe = dict(facts.values)
    probe[f"{name}_days_left"] = 0
    return bool(conditions.evaluate(rule.when, probe, scope.catalog.facts))


def deadline_items(ex: Examined, scope: Scope) -> Iterator[Item]:
    """The rule files' deadlines measured against the as-of date, as the checker dated them.

    A deadline measured against another declared date (``against``: the termination notice)
    is shown only when the checker reports on it. A past deadline is shown when the checker
    reports a finding about it (a deadline met is no news); a coming one when its obligation
    applies and its warn rule would fire on the day (a duty already done, such as a copy
    already sent, is not a deadline any more)."""
    facts = ex.facts
    if facts is None:
        return
    by_deadline = _by_deadline(ex, scope.catalog)
    for obligation in scope.catalog.obligations:
        if obligation.id in PER_ITEM or ex.result.obligations.get(obligation.id) == "not-applicable":
            continue
        for name, spec in obligation.deadlines.items():
            due = facts.dates.get(name)
            found = by_deadline.get(name, [])
            if due is not None and _shown(scope, facts, name, due, spec, found):
                yield _deadline_item(ex, scope, facts, obligation, name, due, found)


def _deadline_item(
    ex: Examined, scope: Scope, facts: Facts, obligation: Obligation, name: str, due: dt.date, found: list[Finding]
) -> Item:
    lang = scope.lang
    rule = warn_rule(scope.catalog, name) or next((r for r in obligation.rules if r.due == name), None)
    if found:
        line, message = found[0].line, found[0].message
    elif rule is not None:
        shown = Placeholders(facts, lang, due)  # as the checker words it: numbers, amounts
        line, message = (
            ex.line(rule.path_for(shown)),
            printable(rule.message_for(facts.values, scope.catalog.facts)[lang].format_map(shown)),
        )
    else:
        line, message = 1, ""
    label = obligation.deadline_label(name, lang)
    explanation = " ".join(x for x in (message, obligation.how_to_comply[lang]) if x)
    return _item(
        ex,
        scope,
        due,
        warning_window(scope.catalog, name),
        obligation.id,
        name,
        label,
        line,
        explanation,
        obligation.article[lang],
    )


def exemption_items(ex: Examined, scope: Scope) -> Iterator[Item]:
    """Each exemption's expiry (an expired one is overdue: it waives nothing any more)."""
    for index, item in enumerate(_list(ex.data.get("exemptions"))):
        due = parse_date(item.get("expires_on"))
        if due is None or due > scope.horizon:
            continue
        oid = str(item.get("obligation", ""))
        explanation = word(
            "item.exemption.explain",
            scope.lang,
            obligation=oid,
            reason=_s(item.get("reason")),
            approved_by=_s(item.get("approved_by")),
            due_on=due.isoformat(),
        )
        line = ex.line(f"exemptions[{index}].expires_on")
        yield _item(
            ex,
            scope,
            due,
            None,
            "exemption",
            f"exemptions[{index}]",
            word("item.exemption", scope.lang, obligation=oid),
            line,
            explanation,
            "",
            ident=oid,  # the obligation it waives: an exemption added before it changes no UID
        )


def homologation_items(ex: Examined, scope: Scope) -> Iterator[Item]:
    """The security homologation's end: ``decided_on`` + ``months`` (French month rule)."""
    homologation = _dict(_dict(ex.data.get("security")).get("homologation"))
    decided, months = parse_date(homologation.get("decided_on")), homologation.get("months")
    if decided is None or isinstance(months, bool) or not isinstance(months, int):
        return
    due = add_months(decided, months)
    if due > scope.horizon:
        return
    line = ex.line("security.homologation.decided_on")
    explanation = word(
        "item.homologation.explain",
        scope.lang,
        decided_on=decided.isoformat(),
        months=counted(months, "count.months", scope.lang),
        due_on=due.isoformat(),
    )
    yield _item(
        ex,
        scope,
        due,
        None,
        "homologation",
        "security.homologation",
        word("item.homologation", scope.lang),
        line,
        explanation,
        "",
    )


def objective_items(ex: Examined, scope: Scope) -> Iterator[Item]:
    """Each annex objective's ``due_on`` (the obligation has no warning window: an objective is
    overdue or upcoming); a past one only when it was not reached (the checker warns about it)."""
    ids = set(scope.catalog.obligation_ids)
    obligation = scope.catalog.obligation("annex-objectives") if "annex-objectives" in ids else None
    if obligation is not None and ex.result.obligations.get("annex-objectives") == "not-applicable":
        return
    for index, found in enumerate(objectives_mod.objectives(ex.data, scope.as_of)):
        due = found.due_on
        if due is None or due > scope.horizon or (due < scope.as_of and found.reached):
            continue
        where = f"objectives[{index}]"
        target = _list(ex.data.get("objectives"))[index].get("target")
        target = number(target, scope.lang, places=2) if isinstance(target, (int, float)) else _s(target)
        explanation = word(
            "item.objective.explain", scope.lang, label=found.label, target=target, due_on=due.isoformat()
        )
        yield _item(
            ex,
            scope,
            due,
            None,
            "annex-objectives",
            where,
            word("item.objective", scope.lang, label=found.label),
            ex.line(f"{where}.due_on"),
            explanation,
            obligation.article[scope.lang] if obligation else "",
            ident=f"objectives/{found.id}" if found.id else "",  # its id: an objective added before it changes no UID
        )


Source = Callable[[Examined, Scope], Iterable[Item]]
SOURCES: list[Source] = [deadline_items, exemption_items, homologation_items, objective_items]


def _list(value: object) -> list[dict[str, Any]]:
    return [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _s(value: object) -> str:
    return printable(str(value).strip()) if value is not None else ""


def _item(
    ex: Examined,
    scope: Scope,
    due: dt.date,
    window: int | None,
    obligation: str,
    key: str,
    label: str,
    line: int,
    explanation: str,
    reference: str,
    ident: str = "",
) -> Item:
    startup = ex.result.startup or ex.shown
    return Item(
        due,
        state_of(due, scope.as_of, window),
        printable(startup),
        title_of(ex.data, startup),
        obligation,
        key,
        printable(label),
        ex.shown,
        line,
        printable(explanation),
        reference,
        printable(ident),
    )


def items_of(ex: Examined, scope: Scope) -> list[Item]:
    if ex.facts is None:
        return []
    return [item for source in SOURCES for item in source(ex, scope)]


def sort_key(item: Item) -> tuple[dt.date, str, str, str]:
    return (item.due_on, item.startup, item.obligation, item.key)


SINCE_MONTHS = 12  # agenda --since by default: the overdue items of the last twelve months


def default_since(as_of: dt.date) -> dt.date:
    """``--since`` when not given: twelve months before the as-of date (French month rule)."""
    return add_months(as_of, -SINCE_MONTHS) if as_of.year > 1 else dt.date.min


def build(
    catalog: Catalog,
    examined: Iterable[Examined],
    as_of: dt.date,
    days: int,
    lang: str,
    since: dt.date | None = None,
    phase: str = "all",
) -> Agenda:
    """The agenda of the examined declarations (an iterable of :class:`Examined`): the startups
    of ``phase`` (model.PHASE_VIEWS), the overdue items due on or after ``since`` (None: all);
    what is left out is counted in ``left_out``."""
    scope = Scope(catalog, as_of, lang, as_of + dt.timedelta(days=days))
    agenda = Agenda(as_of, days, lang, phase=phase, since=since)
    for ex in examined:
        if ex.result.status == "invalid":
            for err in ex.result.errors:
                agenda.errors.append((ex.shown, err.line, err.message))
            continue
        items = items_of(ex, scope)
        if not in_phase_view(ex.result.phase, phase):
            agenda.left_out["other_phase"] += len(items)
            continue
        for item in items:
            if since is not None and item.state == "overdue" and item.due_on < since:
                agenda.left_out["before_since"] += 1
                agenda.oldest_left_out = min(agenda.oldest_left_out or item.due_on, item.due_on)
            else:
                agenda.items.append(item)
    agenda.items.sort(key=sort_key)
    seen: dict[str, int] = {}
    for item in agenda.items:  # two files declaring one startup: each item keeps a UID of its own
        base = item.uid
        item.twin = seen.get(base, 0)
        seen[base] = item.twin + 1
    return agenda


# --- renderers ----------------------------------------------------------------


def render_json(agenda: Agenda) -> str:
    return json.dumps(agenda.to_json(), ensure_ascii=False, indent=2) + "\n"


def _rows(agenda: Agenda) -> Iterator[tuple[str, ...]]:
    lang = agenda.lang
    for i in agenda.items:
        yield (
            i.due_on.isoformat(),
            word(f"state.{i.state}", lang),
            i.startup,
            i.obligation,
            i.label,
            f"{i.file}:{i.line}",
        )


def _headers(lang: str) -> list[str]:
    return [word(f"col.{c}", lang) for c in ("due_on", "state", "startup", "obligation", "what", "where")]


def title(agenda: Agenda) -> str:
    """The agenda's heading: its date, how far back and how far ahead it looks."""
    days = counted(agenda.days, "count.agenda_days", agenda.lang)
    if agenda.since is None or agenda.since == dt.date.min:
        return word("agenda.title", agenda.lang, as_of=agenda.as_of.isoformat(), days=days)
    return word(
        "agenda.title_since",
        agenda.lang,
        as_of=agenda.as_of.isoformat(),
        since=agenda.since.isoformat(),
        days=days,
    )


def left_out(agenda: Agenda) -> list[str]:
    """The sentences that count what the agenda does not list (older overdue items, other
    phases), each with the command's option that lists it."""
    return [
        word(f"agenda.left_out.{kind}.cli", agenda.lang, sentence=sentence)
        for kind, sentence, _ in left_out_parts(agenda)
    ]


def left_out_parts(agenda: Agenda) -> list[tuple[str, str, dict[str, str]]]:
    """(kind, sentence, parameters that list what it counts) of each thing the agenda does not
    list: the command says the option (:func:`left_out`), a web page links to itself with the
    parameters (``since``: the oldest item left out; ``phase``: all)."""
    lang, parts = agenda.lang, []
    if agenda.left_out["before_since"]:
        since = agenda.since.isoformat() if agenda.since else ""
        sentence = word("agenda.left_out.before_since", lang, since=since, count=agenda.left_out["before_since"])
        oldest = agenda.oldest_left_out.isoformat() if agenda.oldest_left_out else ""
        parts.append(("before_since", sentence, {"since": oldest}))
    if agenda.left_out["other_phase"]:
        other = "closed" if agenda.phase == "active" else "active"
        view = word("phase." + other, lang)
        sentence = word("agenda.left_out.other_phase", lang, view=view, count=agenda.left_out["other_phase"])
        parts.append(("other_phase", sentence, {"phase": "all"}))
    return parts


def render_table(agenda: Agenda) -> str:
    lang = agenda.lang
    heading = "\n".join([title(agenda), *left_out(agenda)])
    rows = list(_rows(agenda))
    if not rows:
        return f"{heading}\n{word('agenda.none', lang)}\n"
    headers = _headers(lang)
    widths = [max(len(h), *(len(r[c]) for r in rows)) for c, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([heading, line(headers), line(["-" * w for w in widths]), *map(line, rows)]) + "\n"


def _md(cell: str) -> str:
    return cell.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def render_markdown(agenda: Agenda) -> str:
    lang = agenda.lang
    out = [f"# {_md(title(agenda))}", ""]
    out += [line for sentence in left_out(agenda) for line in (_md(sentence), "")]
    rows = list(_rows(agenda))
    if not rows:
        return "\n".join(out + [word("agenda.none", lang)]) + "\n"
    headers = _headers(lang)
    out.append("| " + " | ".join(headers) + " |")
    out.append("|" + "---|" * len(headers))
    out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


REMINDER_DAYS = 14  # an event's reminder: this many days before it, at REMINDER_HOUR
REMINDER_HOUR = 9
EPOCH = dt.date(1970, 1, 1)


def calendar_day(item: Item, as_of: dt.date) -> dt.date:
    """The day a calendar shows ``item`` on: its due date, or the as-of date when it is overdue
    (a past day is where no calendar looks and no alarm rings)."""
    return max(item.due_on, as_of)


def reminder(item: Item, as_of: dt.date) -> dt.timedelta:
    """The alarm's trigger, before the event's day: 09:00 fourteen days before, or on the as-of
    date when that is later (an alarm set in the past never rings)."""
    day = calendar_day(item, as_of)
    ring = max(day - dt.timedelta(days=REMINDER_DAYS), as_of)
    return (ring - day) + dt.timedelta(hours=REMINDER_HOUR)


def render_ics(agenda: Agenda) -> bytes:
    """RFC 5545, written by the ``icalendar`` library: one all-day event per item, on its due
    date or, overdue, once on the as-of date ("En retard (échéance du …)"); a reminder at 09:00
    fourteen days before, or on the as-of date when that is later; a UID that names the item,
    never its date (:attr:`Item.uid`), and a SEQUENCE that grows with the as-of date, so that a
    calendar importing a later agenda updates (and moves) its events instead of duplicating them."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//DINUM//conformite agenda//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", word("agenda.calendar", agenda.lang))
    stamp = dt.datetime.combine(agenda.as_of, dt.time(0, 0), tzinfo=dt.UTC)
    for item in agenda.items:
        day = calendar_day(item, agenda.as_of)
        summary = item.summary
        if item.state == "overdue":
            summary = word("agenda.overdue_summary", agenda.lang, due_on=item.due_on.isoformat(), summary=summary)
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)  # the as-of date: the same run gives the same bytes
        event.add("sequence", max((agenda.as_of - EPOCH).days, 0))  # a later agenda revises the event
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", summary)
        description = (
            item.explanation + (f"\n{item.reference}" if item.reference else "") + f"\n{item.file}:{item.line}"
        )
        event.add("description", description)
        event.add("categories", [item.obligation])
        event.add("transp", "TRANSPARENT")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", reminder(item, agenda.as_of))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
