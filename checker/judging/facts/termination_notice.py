"""Termination: declared, notified on and effective on (``convention.termination``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checker.foundation.dates import parse_date

from ._common import Facts, put, section

FACTS: dict[str, str] = {
    "termination_declared": "bool",
    "termination_notified_on": "date",
    "termination_effective_on": "date",
    "termination_notified_declared": "bool",
    "termination_effective_declared": "bool",
}
DISPLAY: frozenset[str] = frozenset()


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    termination = section(data, "convention").get("termination")
    facts.values["termination_declared"] = isinstance(termination, dict)
    if isinstance(termination, dict):
        put(facts.values, "termination_notified_on", parse_date(termination.get("notified_on")))
        put(facts.values, "termination_effective_on", parse_date(termination.get("effective_on")))
    facts.values["termination_notified_declared"] = "termination_notified_on" in facts.values
    facts.values["termination_effective_declared"] = "termination_effective_on" in facts.values
