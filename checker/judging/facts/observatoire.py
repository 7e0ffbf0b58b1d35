"""The Observatoire's indicators (``online_procedure.observatoire``): exact decimals for the
rules, floats for the messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, number, section

KEYS = ("satisfaction", "accessibility_rate", "help_reachable", "availability")
FACTS: dict[str, str] = {f"observatoire_{key}": "decimal" for key in KEYS}
DISPLAY: frozenset[str] = frozenset(FACTS)
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "observatoire_satisfaction": {
        "fr": "la satisfaction (Observatoire, sur 10)",
        "en": "satisfaction (Observatoire, out of 10)",
    },
    "observatoire_accessibility_rate": {
        "fr": "le taux d'accessibilité (Observatoire, %)",
        "en": "the accessibility rate (Observatoire, %)",
    },
    "observatoire_help_reachable": {
        "fr": "la part d'aide joignable (Observatoire, %)",
        "en": "the share of reachable help (Observatoire, %)",
    },
    "observatoire_availability": {"fr": "la disponibilité (Observatoire, %)", "en": "availability (Observatoire, %)"},
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    observatoire = section(section(data, "online_procedure"), "observatoire")
    for key in KEYS:
        value = number(observatoire.get(key))
        if value is not None:
            facts.values[f"observatoire_{key}"] = value
            facts.display[f"observatoire_{key}"] = float(observatoire[key])
