"""The intrapreneur: declared, named, and whether a public agent (``team.intrapreneur``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, put, section, text

FACTS: dict[str, str] = {
    "intrapreneur_declared": "bool",
    "intrapreneur_named": "bool",
    "intrapreneur_public_agent": "bool",
}
DISPLAY: frozenset[str] = frozenset()
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "intrapreneur_named": {
        "fr": ("le nom de l'intrapreneur est déclaré", "le nom de l'intrapreneur n'est pas déclaré"),
        "en": ("the intrapreneur's name is declared", "the intrapreneur's name is not declared"),
    },
    "intrapreneur_public_agent": {
        "fr": ("l'intrapreneur est agent public", "l'intrapreneur n'est pas agent public"),
        "en": ("the intrapreneur is a public agent", "the intrapreneur is not a public agent"),
    },
    "intrapreneur_declared": {
        "fr": ("un intrapreneur est déclaré", "aucun intrapreneur n'est déclaré"),
        "en": ("an intrapreneur is declared", "no intrapreneur is declared"),
    },
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    intrapreneur = section(section(data, "team"), "intrapreneur")
    facts.values["intrapreneur_declared"] = isinstance(section(data, "team").get("intrapreneur"), dict)
    facts.values["intrapreneur_named"] = text(intrapreneur.get("name")) is not None
    put(facts.values, "intrapreneur_public_agent", intrapreneur.get("public_agent"))
