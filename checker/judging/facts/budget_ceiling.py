"""The budget: declared, and the share of credits committed (AE) against those allocated, in
percent (exact; capped far past any threshold when nothing or almost nothing is allocated). In
the yearly form (``budget.years``, the convention's own table) the totals of the table, the
years lacking their AE amounts, and the two CP checks (CP paid against CP allocated and
against AE committed), which apply only when some year declares a ``cp_*`` value."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from ._common import Facts, euros, number, section, total

FACTS: dict[str, str] = {
    "budget_declared": "bool",
    "budget_allocated_declared": "bool",
    "budget_committed_declared": "bool",
    "budget_years_declared": "bool",
    "budget_committed_percent": "decimal",
    "budget_years_incomplete": "int",
    "budget_cp_paid_percent": "decimal",
    "budget_cp_paid_percent_of_ae": "decimal",
}
DISPLAY: frozenset[str] = frozenset(
    {
        "budget_committed_percent",
        "budget_allocated",
        "budget_committed",
        "budget_committed_path",
        "first_incomplete_budget_year_index",
        "first_incomplete_budget_year",
        "first_incomplete_budget_year_missing",
        "budget_cp_allocated",
        "budget_cp_paid",
    }
)
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "budget_declared": {
        "fr": ("le budget est déclaré", "le budget n'est pas déclaré"),
        "en": ("the budget is declared", "the budget is not declared"),
    },
    "budget_committed_percent": {
        "fr": "la part des crédits alloués engagés (AE, %)",
        "en": "the share of allocated credits committed (AE, %)",
    },
    "budget_years_incomplete": {
        "fr": "le nombre d'années du budget sans leurs montants AE",
        "en": "the number of budget years without their AE amounts",
    },
    "budget_cp_paid_percent": {
        "fr": "la part des CP alloués payés (%)",
        "en": "the share of allocated CP paid (%)",
    },
    "budget_cp_paid_percent_of_ae": {
        "fr": "les CP payés rapportés aux AE engagées (%)",
        "en": "CP paid against AE committed (%)",
    },
    "budget_allocated_declared": {
        "fr": ("le montant alloué est déclaré", "le montant alloué n'est pas déclaré"),
        "en": ("the amount allocated is declared", "the amount allocated is not declared"),
    },
    "budget_committed_declared": {
        "fr": ("le montant engagé est déclaré", "le montant engagé n'est pas déclaré"),
        "en": ("the amount committed is declared", "the amount committed is not declared"),
    },
    "budget_years_declared": {
        "fr": ("le tableau budgétaire par année est déclaré", "le tableau budgétaire par année n'est pas déclaré"),
        "en": ("the yearly budget table is declared", "the yearly budget table is not declared"),
    },
}
NO_ALLOCATION = Fraction(10**12)  # percent for credits committed against (next to) nothing allocated


def percent(part: Fraction, whole: Fraction) -> Fraction:
    """``part`` as an exact percentage of ``whole``; of nothing, 0 is the ceiling reached (0 ≥ 90 %
    of 0) and more is far past any threshold."""
    if whole > 0:  # one Fraction built from integers: its arithmetic is Python code
        share = Fraction(part.numerator * 100 * whole.denominator, part.denominator * whole.numerator)
        return min(share, NO_ALLOCATION)  # capped: far past any threshold
    return Fraction(100) if part == 0 else NO_ALLOCATION


AMOUNTS = ("ae_allocated", "ae_committed", "cp_allocated", "cp_paid")  # of a year, in this order


def _yearly(items: list[dict[str, Any]], facts: Facts) -> tuple[Fraction, Fraction] | None:
    """AE totals of the table (None when a year lacks them), and the CP facts."""
    v, show = facts.values, facts.display
    rows = [[number(y.get(key)) for key in AMOUNTS] for y in items]  # each amount read once
    incomplete = [i for i, row in enumerate(rows) if row[0] is None or row[1] is None]
    v["budget_years_incomplete"] = len(incomplete)
    if incomplete:
        show["first_incomplete_budget_year_index"] = incomplete[0]
        year = items[incomplete[0]].get("year")
        show["first_incomplete_budget_year"] = (
            year if isinstance(year, int) and not isinstance(year, bool) else incomplete[0] + 1
        )
        missing = [key for key, amount in zip(AMOUNTS[:2], rows[incomplete[0]]) if amount is None]
        show["first_incomplete_budget_year_missing"] = ", ".join(missing)  # the keys, as written
        return None
    allocated, committed, cp_allocated, cp_paid = (total(column) for column in zip(*rows))
    if any(row[2] is not None or row[3] is not None for row in rows):
        v["budget_cp_paid_percent"] = percent(cp_paid, cp_allocated)
        v["budget_cp_paid_percent_of_ae"] = percent(cp_paid, committed)
        show["budget_cp_allocated"] = euros(cp_allocated)
        show["budget_cp_paid"] = euros(cp_paid)
    show["budget_committed_path"] = "budget.years"
    return allocated, committed


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    facts.values["budget_declared"] = isinstance(data.get("budget"), dict)
    budget = section(data, "budget")
    years = budget.get("years")
    facts.values["budget_years_declared"] = isinstance(years, list)
    facts.values["budget_allocated_declared"] = number(budget.get("allocated")) is not None
    facts.values["budget_committed_declared"] = number(budget.get("committed")) is not None
    if isinstance(years, list):
        items = [y if isinstance(y, dict) else {} for y in years]
        totals = _yearly(items, facts) if items else None  # an empty table: no amounts (budget-amounts)
        if totals is None:
            return
        allocated, committed = totals
    else:
        found_allocated, found_committed = number(budget.get("allocated")), number(budget.get("committed"))
        if found_allocated is None or found_committed is None:
            return
        allocated, committed = found_allocated, found_committed
        facts.display["budget_committed_path"] = "budget.committed"
    share = percent(committed, allocated)
    facts.values["budget_committed_percent"] = share
    facts.display["budget_committed_percent"] = round(float(share), 1)
    facts.display["budget_allocated"] = euros(allocated)
    facts.display["budget_committed"] = euros(committed)
