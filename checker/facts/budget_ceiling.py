"""The budget: declared, and the share of credits committed against those allocated, in
percent (exact; capped far past any threshold when nothing or almost nothing is allocated)."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from fractions import Fraction

from ._common import number, section

if TYPE_CHECKING:
    from . import Facts

FACTS: dict[str, str] = {"budget_declared": "bool", "budget_committed_percent": "decimal"}
DISPLAY: frozenset[str] = frozenset({"budget_committed_percent", "budget_allocated", "budget_committed"})
NO_ALLOCATION = Fraction(10**12)  # percent for credits committed against (next to) nothing allocated


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    facts.values["budget_declared"] = isinstance(data.get("budget"), dict)
    budget = section(data, "budget")
    allocated, committed = number(budget.get("allocated")), number(budget.get("committed"))
    if allocated is None or committed is None:
        return
    if allocated > 0:
        percent = min(committed * 100 / allocated, NO_ALLOCATION)  # capped: far past any threshold
    else:  # nothing allocated: nothing committed is the ceiling reached (0 ≥ 90 % of 0), more is over it
        percent = Fraction(100) if committed == 0 else NO_ALLOCATION
    facts.values["budget_committed_percent"] = percent
    facts.display["budget_committed_percent"] = round(float(percent), 1)
    facts.display["budget_allocated"] = float(budget["allocated"])
    facts.display["budget_committed"] = float(budget["committed"])
