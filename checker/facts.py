"""Facts: what the rules read, prepared from a schema-valid declaration and the as-of date.

Python does what the rules engine cannot do safely (dates, deadlines with the French month
rule, ratios, "the last committee held"); the rules in ``rules/`` decide. A fact that the
declaration does not state is *absent* (left out), never ``None``.

``FACTS`` is the catalogue the rule compiler checks every condition against.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from .dates import add_months, parse_date

ACTIVE = ("investigation", "construction", "acceleration", "consolidation", "opere")
BUILT = ("construction", "acceleration", "consolidation", "opere")
LEGACY_PHASES = {"transfer": "transfere", "success": "transfere", "alumni": "abandon"}

# name -> type. Types: bool, int, text (exact), text_ci (trimmed, lower-case: compared
# case-insensitively), decimal (exact, compared with lt/le/gt/ge), date (deadline inputs only;
# never sent to the engine).
FACTS: dict[str, str] = {
    "active": "bool", "built": "bool",
    "commitments_approach": "bool", "commitments_manifesto": "bool",
    "intrapreneur_named": "bool", "intrapreneur_public_agent": "bool",
    "sponsor_named": "bool", "sponsor_role_declared": "bool",
    "has_committee": "bool", "last_committee_date": "date", "committee_start_date": "date",
    "last_committee_chaired_by_partner": "bool", "last_committee_dinum_present": "bool",
    "last_committee_indicator_count": "int", "last_committee_incomplete_indicators": "int",
    "product_page_url_declared": "bool", "product_page_updated_on": "date",
    "repository_count": "int", "licence": "text_ci",
    "personal_data_processed": "bool", "personal_data_register_entry": "bool",
    "privacy_notice_declared": "bool", "dpo_contact_declared": "bool",
    "statistics_url_declared": "bool",
    "has_workshop": "bool", "last_workshop_date": "date", "last_workshop_method": "text_ci",
    "authentication_required": "bool", "franceconnect": "text",
    "is_procedure": "bool", "jdma_button": "bool",
    "observatoire_satisfaction": "decimal", "observatoire_accessibility_rate": "decimal",
    "observatoire_help_reachable": "decimal", "observatoire_availability": "decimal",
    "budget_declared": "bool", "budget_committed_percent": "decimal",
    "convention_declared": "bool", "convention_signed_on": "date", "convention_ends_on": "date",
    "termination_declared": "bool", "termination_notified_on": "date", "termination_effective_on": "date",
    "amendment_count": "int", "unsigned_amendments": "int", "amendments_not_sent": "int",
    "amendments_cbcm_undeclared": "int",
}
NO_ALLOCATION = Fraction(10**12)  # percent for credits committed against (next to) nothing allocated


@dataclass
class Facts:
    """Typed facts for the rules, plus display values for messages and report fields."""

    values: dict = field(default_factory=dict)  # fact name -> typed value (absent = missing)
    # what messages and paths show that is not a fact as such: list indexes, the declaration's
    # own spelling (licence, method), numbers as floats; other placeholders read the facts
    display: dict = field(default_factory=dict)
    phase: str = "investigation"
    dates: dict = field(default_factory=dict)  # deadline name -> due date


def _section(data: dict, key: str) -> dict:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _text(value) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _items(value) -> list:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def current_phase(phases, as_of: dt.date) -> str:
    """The phase with the latest start on or before ``as_of`` (the later one listed on a tie);
    ``investigation`` when none has started. Legacy names are mapped."""
    best, best_start = "investigation", None
    for phase in _items(phases):
        start = parse_date(phase.get("start"))
        name = phase.get("name")
        if start is None or not name or start > as_of:
            continue
        if best_start is None or start >= best_start:
            best, best_start = LEGACY_PHASES.get(name, name), start
    return best


def _last_held(items: list, as_of: dt.date) -> tuple[int, dict, dt.date] | None:
    """The latest item dated on or before ``as_of`` (later in the list wins a tie)."""
    last = None
    for index, item in enumerate(items):
        day = parse_date(item.get("date"))
        if day is not None and day <= as_of and (last is None or day >= last[2]):
            last = (index, item, day)
    return last


def _put(values: dict, name: str, value) -> None:
    if value is not None:
        values[name] = value


def _number(value) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return Fraction(value) if isinstance(value, int) else Fraction(repr(value))


def prepare(data: dict, as_of: dt.date, deadlines: dict) -> Facts:
    """Facts of one schema-valid declaration as of ``as_of``.

    ``deadlines`` maps a deadline name to its rule-file definition: ``from`` (date facts, the
    first present wins), ``months`` and optional ``against`` (a date fact; default as-of).
    Each gives the int fact ``<name>_days_left`` = due date − reference, in days.
    """
    facts = Facts()
    v, show = facts.values, facts.display
    startup = _section(data, "startup")
    phases = startup.get("phases")
    facts.phase = current_phase(phases, as_of)
    v["active"] = facts.phase in ACTIVE
    v["built"] = facts.phase in BUILT
    show["phase"] = facts.phase

    commitments = _section(data, "commitments")
    for key in ("approach", "manifesto"):
        _put(v, f"commitments_{key}", commitments.get(key))

    team = _section(data, "team")
    intrapreneur, sponsor = _section(team, "intrapreneur"), _section(team, "sponsor")
    v["intrapreneur_named"] = _text(intrapreneur.get("name")) is not None
    _put(v, "intrapreneur_public_agent", intrapreneur.get("public_agent"))
    v["sponsor_named"] = _text(sponsor.get("name")) is not None
    v["sponsor_role_declared"] = _text(sponsor.get("role")) is not None

    convention = _section(data, "convention")
    v["convention_declared"] = isinstance(data.get("convention"), dict)
    signed_on = parse_date(convention.get("signed_on"))
    _put(v, "convention_signed_on", signed_on)
    _put(v, "convention_ends_on", parse_date(convention.get("ends_on")))

    # investment committees held by the as-of date
    committees = _items(data.get("committees"))
    last = _last_held(committees, as_of)
    v["has_committee"] = last is not None
    starts = [parse_date(p.get("start")) for p in _items(phases)]
    starts = [s for s in starts if s is not None]
    first_start = min(starts) if starts else None
    candidates = [d for d in (signed_on, first_start) if d is not None]
    _put(v, "committee_start_date", max(candidates) if candidates else None)
    if last is not None:
        index, committee, day = last
        v["last_committee_date"] = day
        show["last_committee_index"] = index
        _put(v, "last_committee_chaired_by_partner", committee.get("chaired_by_partner"))
        _put(v, "last_committee_dinum_present", committee.get("dinum_present"))
        indicators = committee.get("indicators")
        if isinstance(indicators, list):
            v["last_committee_indicator_count"] = len(indicators)
            incomplete = [
                i for i, item in enumerate(indicators)
                if not isinstance(item, dict)
                or _number(item.get("result")) is None
                or _number(item.get("objective_6_months")) is None
            ]
            v["last_committee_incomplete_indicators"] = len(incomplete)
            if incomplete:
                show["first_incomplete_indicator_index"] = incomplete[0]

    page = _section(data, "product_page")
    v["product_page_url_declared"] = _text(page.get("url")) is not None
    _put(v, "product_page_updated_on", parse_date(page.get("updated_on")))

    source = _section(data, "source_code")
    repositories = source.get("repositories")
    v["repository_count"] = len([r for r in repositories if _text(r)]) if isinstance(repositories, list) else 0
    licence = _text(source.get("licence"))
    if licence:
        v["licence"] = licence.lower()
        show["licence"] = licence

    personal = _section(data, "personal_data")
    _put(v, "personal_data_processed", personal.get("processed"))
    _put(v, "personal_data_register_entry", personal.get("register_entry"))
    v["privacy_notice_declared"] = _text(personal.get("privacy_notice_url")) is not None
    v["dpo_contact_declared"] = _text(personal.get("dpo_contact")) is not None

    v["statistics_url_declared"] = _text(_section(data, "statistics").get("url")) is not None

    workshops = _items(_section(data, "security").get("risk_workshops"))
    held = _last_held(workshops, as_of)
    v["has_workshop"] = held is not None
    if held is not None:
        index, workshop, day = held
        v["last_workshop_date"] = day
        show["last_workshop_index"] = index
        method = _text(workshop.get("method"))
        if method:
            v["last_workshop_method"] = method.lower()
            show["last_workshop_method"] = method

    auth = _section(data, "authentication")
    _put(v, "authentication_required", auth.get("required"))
    _put(v, "franceconnect", auth.get("franceconnect"))

    procedure = _section(data, "online_procedure")
    _put(v, "is_procedure", procedure.get("is_procedure"))
    _put(v, "jdma_button", procedure.get("jdma_button"))
    observatoire = _section(procedure, "observatoire")
    for key in ("satisfaction", "accessibility_rate", "help_reachable", "availability"):
        number = _number(observatoire.get(key))
        if number is not None:
            v[f"observatoire_{key}"] = number
            show[f"observatoire_{key}"] = float(observatoire[key])

    v["budget_declared"] = isinstance(data.get("budget"), dict)
    budget = _section(data, "budget")
    allocated, committed = _number(budget.get("allocated")), _number(budget.get("committed"))
    if allocated is not None and committed is not None:
        if allocated > 0:
            percent = min(committed * 100 / allocated, NO_ALLOCATION)  # capped: far past any threshold
        else:  # nothing allocated: nothing committed is the ceiling reached (0 ≥ 90 % of 0), more is over it
            percent = Fraction(100) if committed == 0 else NO_ALLOCATION
        v["budget_committed_percent"] = percent
        show["budget_committed_percent"] = round(float(percent), 1)
        show["budget_allocated"] = float(budget["allocated"])
        show["budget_committed"] = float(budget["committed"])

    termination = convention.get("termination")
    v["termination_declared"] = isinstance(termination, dict)
    if isinstance(termination, dict):
        _put(v, "termination_notified_on", parse_date(termination.get("notified_on")))
        _put(v, "termination_effective_on", parse_date(termination.get("effective_on")))

    amendments = convention.get("amendments")
    amendments = amendments if isinstance(amendments, list) else []
    v["amendment_count"] = len(amendments)
    _count(v, show, "unsigned_amendments", "first_unsigned_amendment_index",
           [i for i, a in enumerate(amendments) if not isinstance(a, dict) or parse_date(a.get("signed_on")) is None])
    _count(v, show, "amendments_not_sent", "first_not_sent_amendment_index",
           [i for i, a in enumerate(amendments) if isinstance(a, dict) and a.get("sent_to_cbcm") is False])
    _count(v, show, "amendments_cbcm_undeclared", "first_cbcm_undeclared_amendment_index",
           [i for i, a in enumerate(amendments) if not isinstance(a, dict) or a.get("sent_to_cbcm") is None])

    for name, spec in deadlines.items():
        base = next((v[f] for f in spec["from"] if f in v), None)
        reference = v.get(spec["against"]) if "against" in spec else as_of
        if base is None or reference is None:
            continue
        due = add_months(base, spec["months"])
        facts.dates[name] = due
        v[f"{name}_days_left"] = (due - reference).days
    return facts


def _count(values: dict, show: dict, name: str, index_name: str, indexes: list[int]) -> None:
    values[name] = len(indexes)
    if indexes:
        show[index_name] = indexes[0]
