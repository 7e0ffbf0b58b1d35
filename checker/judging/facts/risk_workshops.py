"""Risk workshops held by the as-of date: the last one's date and method (compared
case-insensitively; shown as declared)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, items, last_held, section, text

FACTS: dict[str, str] = {"has_workshop": "bool", "last_workshop_date": "date", "last_workshop_method": "text_ci"}
DISPLAY: frozenset[str] = frozenset({"last_workshop_index", "last_workshop_method"})
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "has_workshop": {
        "fr": (
            "un atelier d'analyse de risques daté est déclaré",
            "aucun atelier d'analyse de risques daté n'est déclaré",
        ),
        "en": ("a dated risk-analysis workshop is declared", "no dated risk-analysis workshop is declared"),
    },
    "last_workshop_date": {"fr": "la date du dernier atelier de risques", "en": "the date of the last risk workshop"},
    "last_workshop_method": {
        "fr": "la démarche du dernier atelier de risques",
        "en": "the method of the last risk workshop",
    },
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    held = last_held(items(section(data, "security").get("risk_workshops")), as_of)
    facts.values["has_workshop"] = held is not None
    if held is None:
        return
    index, workshop, day = held
    facts.values["last_workshop_date"] = day
    facts.display["last_workshop_index"] = index
    method = text(workshop.get("method"))
    if method:
        facts.values["last_workshop_method"] = method.lower()
        facts.display["last_workshop_method"] = method
