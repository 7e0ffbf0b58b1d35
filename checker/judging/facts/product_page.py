"""The beta.gouv.fr product page: declared, its URL and last update (``product_page``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checker.foundation.dates import parse_date

from ._common import Facts, put, section, text

FACTS: dict[str, str] = {
    "product_page_declared": "bool",
    "product_page_url_declared": "bool",
    "product_page_updated_on": "date",
}
DISPLAY: frozenset[str] = frozenset()
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "product_page_url_declared": {
        "fr": ("l'adresse de la fiche produit est déclarée", "l'adresse de la fiche produit n'est pas déclarée"),
        "en": ("the product page address is declared", "the product page address is not declared"),
    },
    "product_page_updated_on": {
        "fr": "la date de dernière mise à jour de la fiche produit",
        "en": "the date the product page was last updated",
    },
    "product_page_declared": {
        "fr": ("une fiche produit est déclarée", "aucune fiche produit n'est déclarée"),
        "en": ("a product page is declared", "no product page is declared"),
    },
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    page = section(data, "product_page")
    facts.values["product_page_declared"] = isinstance(data.get("product_page"), dict)
    facts.values["product_page_url_declared"] = text(page.get("url")) is not None
    put(facts.values, "product_page_updated_on", parse_date(page.get("updated_on")))
