"""Investment committees held by the as-of date: the last one (date, chair, DINUM, indicators)
and the start the first one is counted from (the later of the convention's signature and the
first phase's start)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checker.foundation.dates import parse_date

from ._common import Facts, items, last_held, number, put, section

FACTS: dict[str, str] = {
    "has_committee": "bool",
    "last_committee_date": "date",
    "committee_start_date": "date",
    "last_committee_chaired_by_partner": "bool",
    "last_committee_dinum_present": "bool",
    "last_committee_indicator_count": "int",
    "last_committee_incomplete_indicators": "int",
}
DISPLAY: frozenset[str] = frozenset(
    {"last_committee_index", "first_incomplete_indicator_index", "first_incomplete_indicator_missing"}
)
INDICATOR_AMOUNTS = ("result", "objective_6_months")
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "has_committee": {
        "fr": ("un comité d'investissement est déclaré", "aucun comité d'investissement n'est déclaré"),
        "en": ("an investment committee is declared", "no investment committee is declared"),
    },
    "last_committee_date": {"fr": "la date du dernier comité", "en": "the date of the last committee"},
    "committee_start_date": {
        "fr": "la signature de la convention ou le début de la première phase (la plus tardive)",
        "en": "the convention's signature or the start of the first phase (the later one)",
    },
    "last_committee_chaired_by_partner": {
        "fr": (
            "le dernier comité est déclaré présidé par le partenaire",
            "le dernier comité est déclaré non présidé par le partenaire",
        ),
        "en": (
            "the last committee is declared chaired by the partner",
            "the last committee is declared not chaired by the partner",
        ),
    },
    "last_committee_dinum_present": {
        "fr": ("la DINUM est déclarée présente au dernier comité", "la DINUM est déclarée absente du dernier comité"),
        "en": ("DINUM is declared present at the last committee", "DINUM is declared absent from the last committee"),
    },
    "last_committee_indicator_count": {
        "fr": "le nombre d'indicateurs du dernier comité",
        "en": "the number of indicators of the last committee",
    },
    "last_committee_incomplete_indicators": {
        "fr": "le nombre d'indicateurs incomplets du dernier comité",
        "en": "the number of incomplete indicators of the last committee",
    },
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    v, show = facts.values, facts.display
    last = last_held(items(data.get("committees")), as_of)
    v["has_committee"] = last is not None
    starts = [parse_date(p.get("start")) for p in items(section(data, "startup").get("phases"))]
    first_start = min((s for s in starts if s is not None), default=None)
    signed_on = parse_date(section(data, "convention").get("signed_on"))
    candidates = [d for d in (signed_on, first_start) if d is not None]
    put(v, "committee_start_date", max(candidates) if candidates else None)
    if last is None:
        return
    index, committee, day = last
    v["last_committee_date"] = day
    show["last_committee_index"] = index
    put(v, "last_committee_chaired_by_partner", committee.get("chaired_by_partner"))
    put(v, "last_committee_dinum_present", committee.get("dinum_present"))
    indicators = committee.get("indicators")
    if isinstance(indicators, list):
        v["last_committee_indicator_count"] = len(indicators)
        incomplete = [
            i
            for i, item in enumerate(indicators)
            if not isinstance(item, dict)
            or number(item.get("result")) is None
            or number(item.get("objective_6_months")) is None
        ]
        v["last_committee_incomplete_indicators"] = len(incomplete)
        if incomplete:
            show["first_incomplete_indicator_index"] = incomplete[0]
            first = indicators[incomplete[0]]
            first = first if isinstance(first, dict) else {}
            missing = [key for key in INDICATOR_AMOUNTS if number(first.get(key)) is None]
            show["first_incomplete_indicator_missing"] = ", ".join(missing)  # the keys, as written
