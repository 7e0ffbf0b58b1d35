"""Shared facts: the current phase and whether the startup is active or has built something.

Sets active (investigation to opéré) and built (construction to opéré) from the phase
with the latest start on or before the as-of date, and Facts.phase.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from checker.foundation.phases import ACTIVE, BUILT

from ._common import Facts, current_phase, section

FACTS: dict[str, str] = {"active": "bool", "built": "bool"}
DISPLAY: frozenset[str] = frozenset({"phase"})
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "active": {
        "fr": ("le produit est actif", "le produit n'est pas actif"),
        "en": ("the product is active", "the product is not active"),
    },
    "built": {
        "fr": ("le produit est construit (phase construction ou après)", "le produit n'est pas encore construit"),
        "en": ("the product is built (construction phase or later)", "the product is not built yet"),
    },
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    facts.phase = current_phase(section(data, "startup").get("phases"), as_of)
    facts.values["active"] = facts.phase in ACTIVE
    facts.values["built"] = facts.phase in BUILT
    facts.display["phase"] = facts.phase
