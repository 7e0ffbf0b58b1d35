"""Where each annex objective stands, for the committee tools (agenda, sheet): its counted
measurements, whether it is reached and its straight-line forecast.

Values are read, and the forecast's two points chosen, by the helpers of the checker's own
provider (:mod:`checker.judging.facts.annex_objectives`): a measurement the checker ignores (after the
as-of date, not a number) is ignored here too, and "reached" means what the checker means."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from checker.foundation.dates import parse_date
from checker.foundation.wording import printable
from checker.judging.facts._common import held_by, items, number
from checker.judging.facts.annex_objectives import Measure, latest

# (d1, v1), (d2, v2), (due_on, projected value)
Forecast = tuple[Measure, Measure, Measure]


@dataclass
class Objective:
    id: str
    label: str
    target: object  # as declared (shown as written)
    due_on: dt.date | None
    decrease: bool
    measurements: list[Measure]  # counted (on or before as-of), in the order listed
    forecast: Forecast | None  # only for an objective not yet due and not reached
    reached: bool


def _s(value: object) -> str:
    return printable(str(value).strip()) if value is not None else ""


def counted(item: dict[str, Any], as_of: dt.date) -> list[Measure]:
    found: list[Measure] = []
    for m in items(item.get("measurements")):
        day, value = held_by(m.get("on"), as_of), number(m.get("value"))
        if day is not None and value is not None:
            found.append((day, value))
    return found


def forecast(measures: list[Measure], due: dt.date | None) -> Forecast | None:
    """The straight line through the last two measured days, extended to ``due`` (exact)."""
    last = latest(measures)
    earlier = latest(measures, before=last[0]) if last else None
    if due is None or last is None or earlier is None:
        return None
    (d1, v1), (d2, v2) = earlier, last
    return earlier, last, (due, v2 + (v2 - v1) * Fraction((due - d2).days, (d2 - d1).days))


def reaches(value: Fraction, target: Fraction, decrease: bool) -> bool:
    return value <= target if decrease else value >= target


def objective(item: dict[str, Any], as_of: dt.date) -> Objective:
    due, target = parse_date(item.get("due_on")), number(item.get("target"))
    decrease = item.get("direction") == "decrease"
    measures = counted(item, as_of)
    reached = (
        target is not None
        and due is not None
        and any(reaches(value, target, decrease) for day, value in measures if day <= due)
    )
    ahead = due is not None and due >= as_of and not reached  # the spec forecasts only these
    return Objective(
        _s(item.get("id")),
        _s(item.get("label")) or _s(item.get("id")),
        item.get("target"),
        due,
        decrease,
        measures,
        forecast(measures, due) if ahead else None,
        reached,
    )


def objectives(data: dict[str, Any], as_of: dt.date) -> list[Objective]:
    """Every objective of the declaration, in the order listed."""
    return [objective(item, as_of) for item in items(data.get("objectives"))]
