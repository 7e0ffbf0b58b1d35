"""The convention: declared, its signature and end dates (``convention``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checker.foundation.dates import parse_date

from ._common import Facts, put, section

FACTS: dict[str, str] = {"convention_declared": "bool", "convention_signed_on": "date", "convention_ends_on": "date"}
DISPLAY: frozenset[str] = frozenset()
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "convention_declared": {
        "fr": ("la convention est déclarée", "la convention n'est pas déclarée"),
        "en": ("the convention is declared", "the convention is not declared"),
    },
    "convention_signed_on": {"fr": "la date de signature de la convention", "en": "the convention's signature date"},
    "convention_ends_on": {"fr": "la date de fin de la convention", "en": "the convention's end date"},
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    convention = section(data, "convention")
    facts.values["convention_declared"] = isinstance(data.get("convention"), dict)
    put(facts.values, "convention_signed_on", parse_date(convention.get("signed_on")))
    put(facts.values, "convention_ends_on", parse_date(convention.get("ends_on")))
