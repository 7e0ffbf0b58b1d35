"""The sponsor: declared, named, and its role declared (``team.sponsor``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, section, text

FACTS: dict[str, str] = {"sponsor_declared": "bool", "sponsor_named": "bool", "sponsor_role_declared": "bool"}
DISPLAY: frozenset[str] = frozenset()
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "sponsor_named": {
        "fr": ("le nom du sponsor est déclaré", "le nom du sponsor n'est pas déclaré"),
        "en": ("the sponsor's name is declared", "the sponsor's name is not declared"),
    },
    "sponsor_role_declared": {
        "fr": ("la fonction du sponsor est indiquée", "la fonction du sponsor n'est pas indiquée"),
        "en": ("the sponsor's role is given", "the sponsor's role is not given"),
    },
    "sponsor_declared": {
        "fr": ("un sponsor est déclaré", "aucun sponsor n'est déclaré"),
        "en": ("a sponsor is declared", "no sponsor is declared"),
    },
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    sponsor = section(section(data, "team"), "sponsor")
    facts.values["sponsor_declared"] = isinstance(section(data, "team").get("sponsor"), dict)
    facts.values["sponsor_named"] = text(sponsor.get("name")) is not None
    facts.values["sponsor_role_declared"] = text(sponsor.get("role")) is not None
