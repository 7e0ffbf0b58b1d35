"""Online procedure: whether the service is one, and the « Je donne mon avis » button."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, put, section

FACTS: dict[str, str] = {"is_procedure": "bool", "jdma_button": "bool"}
DISPLAY: frozenset[str] = frozenset()
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "is_procedure": {
        "fr": ("le produit est une démarche en ligne", "le produit n'est pas une démarche en ligne"),
        "en": ("the product is an online procedure", "the product is not an online procedure"),
    },
    "jdma_button": {
        "fr": (
            "le bouton « Je donne mon avis » est déclaré installé",
            "le bouton « Je donne mon avis » est déclaré absent",
        ),
        "en": (
            "the 'Je donne mon avis' button is declared installed",
            "the 'Je donne mon avis' button is declared absent",
        ),
    },
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    procedure = section(data, "online_procedure")
    put(facts.values, "is_procedure", procedure.get("is_procedure"))
    put(facts.values, "jdma_button", procedure.get("jdma_button"))
