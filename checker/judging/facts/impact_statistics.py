"""Impact statistics: their public URL declared (``statistics.url``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, section, text

FACTS: dict[str, str] = {"statistics_url_declared": "bool"}
DISPLAY: frozenset[str] = frozenset()
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "statistics_url_declared": {
        "fr": ("la page de statistiques est déclarée", "la page de statistiques n'est pas déclarée"),
        "en": ("the statistics page is declared", "the statistics page is not declared"),
    },
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    facts.values["statistics_url_declared"] = text(section(data, "statistics").get("url")) is not None
