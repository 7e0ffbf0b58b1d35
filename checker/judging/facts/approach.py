"""The approach commitment: ``commitments.approach`` as declared (absent when not stated)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, put, section

FACTS: dict[str, str] = {"commitments_approach": "bool"}
DISPLAY: frozenset[str] = frozenset()
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "commitments_approach": {
        "fr": ("l'approche Startup d'État est acceptée", "l'approche Startup d'État n'est pas acceptée"),
        "en": ("the Startup d'État approach is accepted", "the Startup d'État approach is not accepted"),
    },
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    put(facts.values, "commitments_approach", section(data, "commitments").get("approach"))
