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
    # budget-ceiling, yearly form (budget.years)
    "budget_years_incomplete": "int", "budget_cp_paid_percent": "decimal",
    "budget_cp_paid_percent_of_ae": "decimal",
    # cbcm-copy
    "cbcm_copy_applies": "bool", "cbcm_copy_signed_on": "date",
    "cbcm_copy_prime_minister_sent": "bool", "cbcm_copy_partner_sent": "bool",
    # publication
    "publication_applies": "bool", "publication_signed_on": "date",
    "publication_gouvernement_fr_declared": "bool", "publication_gouvernement_fr_valid": "bool",
    "publication_data_gouv_fr_declared": "bool", "publication_data_gouv_fr_valid": "bool",
    # final-report
    "final_report_applies": "bool", "final_report_term": "date", "final_report_sent": "bool",
    "final_report_false_items": "int", "final_report_undeclared_items": "int",
    # budget-underspend
    "budget_underspend_applies": "bool", "budget_underspend_term": "date",
    "budget_underspend_notified": "bool",
    # annex-objectives
    "objective_count": "int", "objectives_unmeasured": "int", "objectives_incomplete": "int",
    "objectives_missed": "int", "objectives_off_track": "int",
    "objectives_missed_due": "date", "objectives_off_track_due": "date",
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

    _budget_ceiling(data, v, show)

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

    _cbcm_copy(data, as_of, v, show)
    _publication(data, as_of, v, show)
    _final_report(data, as_of, v, show)
    _budget_underspend(data, as_of, v, show)
    _annex_objectives(data, as_of, v, show)

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


def _percent(part: Fraction, whole: Fraction) -> Fraction:
    """``part`` as an exact percentage of ``whole``; of nothing, 0 is the ceiling reached (100)
    and more is far past any threshold."""
    if whole > 0:
        return min(part * 100 / whole, NO_ALLOCATION)  # capped: far past any threshold
    return Fraction(100) if part == 0 else NO_ALLOCATION


def _budget_ceiling(data: dict, v: dict, show: dict) -> None:
    """budget-ceiling: committed credits (AE) against the allocated amount, exactly; in the
    yearly form (``budget.years``), the totals of the table and the two CP checks."""
    v["budget_declared"] = isinstance(data.get("budget"), dict)
    budget = _section(data, "budget")
    years = budget.get("years")
    if isinstance(years, list):
        items = [y if isinstance(y, dict) else {} for y in years]
        if not items:
            return  # an empty table: no amounts (budget-amounts)
        incomplete = [i for i, y in enumerate(items)
                      if _number(y.get("ae_allocated")) is None or _number(y.get("ae_committed")) is None]
        v["budget_years_incomplete"] = len(incomplete)
        if incomplete:
            show["first_incomplete_budget_year_index"] = incomplete[0]
            year = items[incomplete[0]].get("year")
            show["first_incomplete_budget_year"] = year if isinstance(year, int) and not isinstance(year, bool) else incomplete[0] + 1
            return
        allocated = sum((_number(y["ae_allocated"]) for y in items), Fraction(0))
        committed = sum((_number(y["ae_committed"]) for y in items), Fraction(0))
        if any(_number(y.get(k)) is not None for y in items for k in ("cp_allocated", "cp_paid")):
            cp_allocated = sum((_number(y.get("cp_allocated")) or Fraction(0) for y in items), Fraction(0))
            cp_paid = sum((_number(y.get("cp_paid")) or Fraction(0) for y in items), Fraction(0))
            v["budget_cp_paid_percent"] = _percent(cp_paid, cp_allocated)
            v["budget_cp_paid_percent_of_ae"] = _percent(cp_paid, committed)
            show["budget_cp_allocated"] = float(cp_allocated)
            show["budget_cp_paid"] = float(cp_paid)
        show["budget_committed_path"] = "budget.years"
    else:
        allocated, committed = _number(budget.get("allocated")), _number(budget.get("committed"))
        if allocated is None or committed is None:
            return
        show["budget_committed_path"] = "budget.committed"
    percent = _percent(committed, allocated)
    v["budget_committed_percent"] = percent
    show["budget_committed_percent"] = round(float(percent), 1)
    show["budget_allocated"] = float(allocated)
    show["budget_committed"] = float(committed)


def _held_by(value, as_of: dt.date) -> dt.date | None:
    """A date that had happened by ``as_of``; a later one counts as absent (amendment of 2026-11-28)."""
    day = parse_date(value)
    return day if day is not None and day <= as_of else None


def _cbcm_copy(data: dict, as_of: dt.date, v: dict, show: dict) -> None:
    """cbcm-copy (Art. 4): a copy of the signed convention to both budget controllers."""
    convention = _section(data, "convention")
    signed_on = parse_date(convention.get("signed_on"))
    v["cbcm_copy_applies"] = signed_on is not None and signed_on <= as_of
    if signed_on is None:
        return
    v["cbcm_copy_signed_on"] = signed_on
    copies = _section(convention, "copy_sent_to_cbcm")
    for key in ("prime_minister", "partner"):
        v[f"cbcm_copy_{key}_sent"] = _held_by(copies.get(key), as_of) is not None


def _publication_url_valid(url: str, site: str) -> bool:
    from urllib.parse import urlsplit
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() == "https" and host is not None and (host == site or host.endswith("." + site))


def _publication(data: dict, as_of: dt.date, v: dict, show: dict) -> None:
    """publication (Art. 7): on gouvernement.fr and, by DINUM, on data.gouv.fr, as https URLs
    of those sites (or their subdomains)."""
    convention = _section(data, "convention")
    signed_on = parse_date(convention.get("signed_on"))
    v["publication_applies"] = signed_on is not None and signed_on <= as_of
    if signed_on is None:
        return
    v["publication_signed_on"] = signed_on
    publication = _section(convention, "publication")
    for key, site in (("gouvernement_fr", "gouvernement.fr"), ("data_gouv_fr", "data.gouv.fr")):
        url = _text(publication.get(key))
        v[f"publication_{key}_declared"] = url is not None
        if url is not None:
            v[f"publication_{key}_valid"] = _publication_url_valid(url, site)
            show[f"publication_{key}"] = url


def _term(convention: dict) -> dt.date | None:
    """The convention's term: the earlier of ``ends_on`` and the termination's ``effective_on``."""
    termination = _section(convention, "termination")
    days = [d for d in (parse_date(convention.get("ends_on")), parse_date(termination.get("effective_on"))) if d]
    return min(days) if days else None


def _final_report(data: dict, as_of: dt.date, v: dict, show: dict) -> None:
    """final-report (Art. 4): at the term, an account of expenses, progress and forecast."""
    convention = _section(data, "convention")
    term = _term(convention)
    v["final_report_applies"] = term is not None and term <= as_of
    if term is None:
        return
    v["final_report_term"] = term
    report = _section(convention, "final_report")
    sent_on = _held_by(report.get("sent_on"), as_of)
    v["final_report_sent"] = sent_on is not None
    if sent_on is None:
        return
    show["final_report_sent_on"] = sent_on.isoformat()
    keys = ("expenses", "progress", "forecast")
    false = [k for k in keys if report.get(k) is False]
    undeclared = [k for k in keys if report.get(k) is None]
    v["final_report_false_items"] = len(false)
    v["final_report_undeclared_items"] = len(undeclared)
    show["final_report_false_keys"] = ", ".join(false)
    show["final_report_undeclared_keys"] = ", ".join(undeclared)
    if false:
        show["final_report_first_false"] = false[0]
    if undeclared:
        show["final_report_first_undeclared"] = undeclared[0]


def _budget_underspend(data: dict, as_of: dt.date, v: dict, show: dict) -> None:
    """budget-underspend (Art. 4): credits not fully consumed at the term are reported."""
    term = _term(_section(data, "convention"))
    budget = _section(data, "budget")
    years = budget.get("years")
    if isinstance(years, list):
        items = [y if isinstance(y, dict) else {} for y in years]
        pairs = [(_number(y.get("ae_allocated")), _number(y.get("ae_committed"))) for y in items]
        known = bool(pairs) and all(a is not None and c is not None for a, c in pairs)
        allocated = sum((a for a, _ in pairs if a is not None), Fraction(0))
        committed = sum((c for _, c in pairs if c is not None), Fraction(0))
    else:
        allocated, committed = _number(budget.get("allocated")), _number(budget.get("committed"))
        known = allocated is not None and committed is not None
    underspent = known and committed < allocated
    v["budget_underspend_applies"] = bool(term is not None and term <= as_of and underspent)
    if not v["budget_underspend_applies"]:
        return
    v["budget_underspend_term"] = term
    v["budget_underspend_notified"] = _held_by(budget.get("underspend_notified_on"), as_of) is not None
    show["budget_unconsumed"] = float(allocated - committed)


# annex-objectives: sentences a coach can repeat, in both languages
_OBJECTIVE_WORDS = {
    "fr": {"missed": "« {label} » : cible {target} au {due} manquée ({value} le {on})",
           "missed_none": "« {label} » : cible {target} au {due} manquée (aucune mesure à l'échéance)",
           "off_track": "« {label} » : à ce rythme : {forecast} au {due}, cible {target}",
           "unmeasured": "« {label} » : aucune mesure au {as_of}",
           "incomplete": "« {label} » : {missing} à préciser",
           "reached": "« {label} » : cible {target} atteinte le {on} ({value})",
           "reached_note": " Atteint(s) : {list}.",
           "at_most": "{target} au plus", "and": " et ", "sep": " ; ", "item": "objectif n° {n}"},
    "en": {"missed": "'{label}': target {target} by {due} missed ({value} on {on})",
           "missed_none": "'{label}': target {target} by {due} missed (no measurement by then)",
           "off_track": "'{label}': at this pace: {forecast} on {due}, target {target}",
           "unmeasured": "'{label}': no measurement as of {as_of}",
           "incomplete": "'{label}': {missing} to be given",
           "reached": "'{label}': target {target} reached on {on} ({value})",
           "reached_note": " Reached: {list}.",
           "at_most": "at most {target}", "and": " and ", "sep": "; ", "item": "objective no. {n}"},
}


def _objective_number(value: Fraction, lang: str) -> str:
    """19200 as 19 200 (fr) or 19,200 (en); at most two decimals, rounded."""
    value = round(value, 2)
    sign = "-" if value < 0 else ""
    whole, rest = divmod(abs(value), 1)
    groups = f"{int(whole):,}".replace(",", " " if lang == "fr" else ",")
    if rest:
        decimals = f"{float(rest):.2f}"[2:].rstrip("0")
        groups += ("," if lang == "fr" else ".") + decimals
    return sign + groups


def _annex_objectives(data: dict, as_of: dt.date, v: dict, show: dict) -> None:
    """annex-objectives (Annex 1): where each objective stands: reached, missed, off track
    (exact straight-line forecast through the last two measurements), or unmeasured."""
    objectives = data.get("objectives")
    objectives = [o for o in objectives if isinstance(o, dict)] if isinstance(objectives, list) else []
    v["objective_count"] = len(objectives)
    found = {"unmeasured": [], "incomplete": [], "missed": [], "off_track": []}
    reached = []
    for index, objective in enumerate(objectives):
        label = _text(objective.get("label")) or _text(objective.get("id"))
        target, due = _number(objective.get("target")), parse_date(objective.get("due_on"))
        decrease = objective.get("direction") == "decrease"
        counted = []  # (date, value) on or before as-of, in listed order
        for m in _items(objective.get("measurements")):
            day, value = _held_by(m.get("on"), as_of), _number(m.get("value"))
            if day is not None and value is not None:
                counted.append((day, value))
        base = {"label": label, "n": index + 1, "due": due.isoformat() if due else "", "as_of": as_of.isoformat(),
                "target": target, "decrease": decrease}
        if not counted:
            found["unmeasured"].append((index, due, base))
            continue
        if target is None or due is None:
            missing = [k for k, x in (("target", target), ("due_on", due)) if x is None]
            found["incomplete"].append((index, due, dict(base, missing=missing)))
            continue
        reaches = (lambda x: x <= target) if decrease else (lambda x: x >= target)
        hits = [(day, value) for day, value in counted if day <= due and reaches(value)]
        if hits:  # reached: when first, and at what value
            first = min(hits, key=lambda hit: hit[0])
            reached.append((index, due, dict(base, at=first)))
            continue
        if due < as_of:
            by_due = None  # the value at the due date: the latest measurement on or before it
            for day, value in counted:
                if day <= due and (by_due is None or day >= by_due[0]):
                    by_due = (day, value)
            found["missed"].append((index, due, dict(base, at_due=by_due)))
            continue
        d2, v2 = None, None
        for day, value in counted:  # the latest; on a tie, the one listed last
            if d2 is None or day >= d2:
                d2, v2 = day, value
        earlier = None
        for day, value in counted:  # the latest before d2; on a tie, the one listed last
            if day < d2 and (earlier is None or day >= earlier[0]):
                earlier = (day, value)
        if earlier is None:
            continue  # no forecast from a single day
        d1, v1 = earlier
        span, ahead = (d2 - d1).days, (due - d2).days
        left = v2 * span + (v2 - v1) * ahead
        if (left > target * span) if decrease else (left < target * span):
            found["off_track"].append((index, due, dict(base, forecast=Fraction(left, span))))
    for kind, items in found.items():
        v[f"objectives_{kind}"] = len(items)
        if not items:
            continue
        show[f"first_{kind}_objective_index"] = items[0][0]
        dues = [due for _, due, _ in items if due is not None]
        if dues and kind in ("missed", "off_track"):
            v[f"objectives_{kind}_due"] = min(dues)
        show[f"objectives_{kind}_list"] = {lang: _objective_sentences(kind, items, lang) for lang in _OBJECTIVE_WORDS}
    # the objectives reached, as context for the findings about the others
    show["objectives_reached_note"] = {
        lang: _OBJECTIVE_WORDS[lang]["reached_note"].format(list=_objective_sentences("reached", reached, lang)) if reached else ""
        for lang in _OBJECTIVE_WORDS}


def _objective_sentences(kind: str, items: list, lang: str) -> str:
    words = _OBJECTIVE_WORDS[lang]
    out = []
    for _, _, base in items:
        fill = dict(base)
        fill["label"] = base["label"] or words["item"].format(n=base["n"])
        if base["target"] is not None:
            target = _objective_number(base["target"], lang)
            fill["target"] = words["at_most"].format(target=target) if base["decrease"] else target
        if kind == "missed":
            at_due = base["at_due"]
            if at_due is None:
                out.append(words["missed_none"].format(**fill))
                continue
            fill["value"], fill["on"] = _objective_number(at_due[1], lang), at_due[0].isoformat()
        elif kind == "reached":
            fill["value"], fill["on"] = _objective_number(base["at"][1], lang), base["at"][0].isoformat()
        elif kind == "off_track":
            fill["forecast"] = _objective_number(base["forecast"], lang)
        elif kind == "incomplete":
            fill["missing"] = words["and"].join(base["missing"])
        out.append(words[kind].format(**fill))
    return words["sep"].join(out)
