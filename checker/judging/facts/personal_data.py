"""Personal data: processed, register entry, privacy notice and DPO contact (``personal_data``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, put, section, text

FACTS: dict[str, str] = {
    "personal_data_processed": "bool",
    "personal_data_register_entry": "bool",
    "privacy_notice_declared": "bool",
    "dpo_contact_declared": "bool",
}
DISPLAY: frozenset[str] = frozenset()
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "personal_data_processed": {
        "fr": ("le produit traite des données personnelles", "le produit ne traite pas de données personnelles"),
        "en": ("the product processes personal data", "the product does not process personal data"),
    },
    "personal_data_register_entry": {
        "fr": ("le traitement est inscrit au registre", "le traitement n'est pas inscrit au registre"),
        "en": ("the processing is in the register", "the processing is not in the register"),
    },
    "privacy_notice_declared": {
        "fr": ("une politique de confidentialité est déclarée", "aucune politique de confidentialité n'est déclarée"),
        "en": ("a privacy notice is declared", "no privacy notice is declared"),
    },
    "dpo_contact_declared": {
        "fr": (
            "le contact du délégué à la protection des données est déclaré",
            "le contact du délégué à la protection des données n'est pas déclaré",
        ),
        "en": (
            "the data protection officer's contact is declared",
            "the data protection officer's contact is not declared",
        ),
    },
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    personal = section(data, "personal_data")
    put(facts.values, "personal_data_processed", personal.get("processed"))
    put(facts.values, "personal_data_register_entry", personal.get("register_entry"))
    facts.values["privacy_notice_declared"] = text(personal.get("privacy_notice_url")) is not None
    facts.values["dpo_contact_declared"] = text(personal.get("dpo_contact")) is not None
