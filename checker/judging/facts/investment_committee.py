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
