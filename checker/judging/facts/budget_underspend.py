"""budget-underspend (Art. 4): credits not fully consumed at the term are reported to the
partner. Applies once the term has passed and the AE totals are both known (flat form: both
amounts; yearly form: every year declares both) with AE committed below AE allocated."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from ._common import Facts, euros, held_by, number, section, term, total

FACTS: dict[str, str] = {
    "budget_underspend_applies": "bool",
    "budget_underspend_term": "date",
    "budget_underspend_notified": "bool",
}
DISPLAY: frozenset[str] = frozenset({"budget_unconsumed"})
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "budget_underspend_applies": {
        "fr": (
            "selon les montants déclarés, des crédits restent non consommés au terme",
            "selon les montants déclarés, aucun crédit ne reste non consommé au terme",
        ),
        "en": (
            "by the declared amounts, credits remain unspent at the term",
            "by the declared amounts, no credit remains unspent at the term",
        ),
    },
    "budget_underspend_term": {"fr": "le terme de la convention", "en": "the convention's term"},
    "budget_underspend_notified": {
        "fr": (
            "le signalement des crédits non consommés au partenaire est déclaré",
            "aucun signalement des crédits non consommés au partenaire n'est déclaré",
        ),
        "en": (
            "reporting the unspent credits to the partner is declared",
            "no report of the unspent credits to the partner is declared",
        ),
    },
}


def _ae_totals(budget: dict[str, Any]) -> tuple[Fraction, Fraction] | None:
    years = budget.get("years")
    if isinstance(years, list):
        pairs = [
            (number(y.get("ae_allocated")), number(y.get("ae_committed")))
            for y in (y if isinstance(y, dict) else {} for y in years)
        ]
        if not pairs or any(a is None or c is None for a, c in pairs):
            return None
        return total(a for a, _ in pairs), total(c for _, c in pairs)
    allocated, committed = number(budget.get("allocated")), number(budget.get("committed"))
    return None if allocated is None or committed is None else (allocated, committed)


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    v = facts.values
    ends = term(section(data, "convention"))
    budget = section(data, "budget")
    totals = _ae_totals(budget)
    v["budget_underspend_applies"] = bool(
        ends is not None and ends <= as_of and totals is not None and totals[1] < totals[0]
    )
    if not v["budget_underspend_applies"] or ends is None or totals is None:
        return
    v["budget_underspend_term"] = ends
    v["budget_underspend_notified"] = held_by(budget.get("underspend_notified_on"), as_of) is not None
    facts.display["budget_unconsumed"] = euros(totals[0] - totals[1])
