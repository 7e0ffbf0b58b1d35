"""cbcm-copy (Art. 4): a copy of the signed convention to both budget controllers (CBCM of the
Prime Minister's services and the partner's). A copy dated after the as-of date counts as not
sent yet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checker.foundation.dates import parse_date

from ._common import Facts, held_by, section

FACTS: dict[str, str] = {
    "cbcm_copy_applies": "bool",
    "cbcm_copy_signed_on": "date",
    "cbcm_copy_prime_minister_sent": "bool",
    "cbcm_copy_partner_sent": "bool",
}
DISPLAY: frozenset[str] = frozenset()
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "cbcm_copy_applies": {
        "fr": ("la copie aux CBCM est due (signature de la convention déclarée)", "la copie aux CBCM n'est pas due"),
        "en": (
            "the copy to the CBCMs is due (the convention's signature declared)",
            "the copy to the CBCMs is not due",
        ),
    },
    "cbcm_copy_signed_on": {"fr": "la date de signature de la convention", "en": "the convention's signature date"},
    "cbcm_copy_prime_minister_sent": {
        "fr": (
            "l'envoi de la copie au CBCM des services du Premier ministre est déclaré",
            "aucun envoi de la copie au CBCM des services du Premier ministre n'est déclaré",
        ),
        "en": (
            "sending the copy to the Prime Minister's CBCM is declared",
            "no sending of the copy to the Prime Minister's CBCM is declared",
        ),
    },
    "cbcm_copy_partner_sent": {
        "fr": (
            "l'envoi de la copie au CBCM du partenaire est déclaré",
            "aucun envoi de la copie au CBCM du partenaire n'est déclaré",
        ),
        "en": (
            "sending the copy to the partner's CBCM is declared",
            "no sending of the copy to the partner's CBCM is declared",
        ),
    },
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    v = facts.values
    convention = section(data, "convention")
    signed_on = parse_date(convention.get("signed_on"))
    v["cbcm_copy_applies"] = signed_on is not None and signed_on <= as_of
    if signed_on is None:
        return
    v["cbcm_copy_signed_on"] = signed_on
    copies = section(convention, "copy_sent_to_cbcm")
    for key in ("prime_minister", "partner"):
        v[f"cbcm_copy_{key}_sent"] = held_by(copies.get(key), as_of) is not None
