"""The convention: declared, its signature and end dates (``convention``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checker.foundation.dates import parse_date

from ._common import Facts, put, section

FACTS: dict[str, str] = {"convention_declared": "bool", "convention_signed_on": "date", "convention_ends_on": "date"}
DISPLAY: frozenset[str] = frozenset()


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    convention = section(data, "convention")
    facts.values["convention_declared"] = isinstance(data.get("convention"), dict)
    put(facts.values, "convention_signed_on", parse_date(convention.get("signed_on")))
    put(facts.values, "convention_ends_on", parse_date(convention.get("ends_on")))
