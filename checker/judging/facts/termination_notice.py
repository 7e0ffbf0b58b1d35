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
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "termination_declared": {
        "fr": ("une résiliation est déclarée", "aucune résiliation n'est déclarée"),
        "en": ("a termination is declared", "no termination is declared"),
    },
    "termination_notified_on": {
        "fr": "la date de notification de la résiliation",
        "en": "the termination's notification date",
    },
    "termination_effective_on": {"fr": "la date d'effet de la résiliation", "en": "the termination's effective date"},
    "termination_notified_declared": {
        "fr": (
            "la date de notification de la résiliation est déclarée",
            "la date de notification de la résiliation n'est pas déclarée",
        ),
        "en": ("the termination's notice date is declared", "the termination's notice date is not declared"),
    },
    "termination_effective_declared": {
        "fr": (
            "la date d'effet de la résiliation est déclarée",
            "la date d'effet de la résiliation n'est pas déclarée",
        ),
        "en": ("the termination's effective date is declared", "the termination's effective date is not declared"),
    },
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    termination = section(data, "convention").get("termination")
    facts.values["termination_declared"] = isinstance(termination, dict)
    if isinstance(termination, dict):
        put(facts.values, "termination_notified_on", parse_date(termination.get("notified_on")))
        put(facts.values, "termination_effective_on", parse_date(termination.get("effective_on")))
    facts.values["termination_notified_declared"] = "termination_notified_on" in facts.values
    facts.values["termination_effective_declared"] = "termination_effective_on" in facts.values
