"""publication (Art. 7): the convention published on gouvernement.fr and, by DINUM, on
data.gouv.fr, as ``https`` URLs of those sites or their subdomains (host compared in lower
case, without user name or port; an address that cannot be parsed is not valid)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from checker.foundation.dates import parse_date

from ._common import Facts, section, text

FACTS: dict[str, str] = {
    "publication_applies": "bool",
    "publication_signed_on": "date",
    "publication_gouvernement_fr_declared": "bool",
    "publication_gouvernement_fr_valid": "bool",
    "publication_data_gouv_fr_declared": "bool",
    "publication_data_gouv_fr_valid": "bool",
}
DISPLAY: frozenset[str] = frozenset({"publication_gouvernement_fr", "publication_data_gouv_fr"})
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "publication_applies": {
        "fr": ("la publication est due (signature de la convention déclarée)", "la publication n'est pas due"),
        "en": ("publication is due (the convention's signature declared)", "publication is not due"),
    },
    "publication_signed_on": {"fr": "la date de signature de la convention", "en": "the convention's signature date"},
    "publication_gouvernement_fr_declared": {
        "fr": (
            "la publication sur gouvernement.fr est déclarée",
            "la publication sur gouvernement.fr n'est pas déclarée",
        ),
        "en": ("publication on gouvernement.fr is declared", "publication on gouvernement.fr is not declared"),
    },
    "publication_gouvernement_fr_valid": {
        "fr": (
            "l'adresse gouvernement.fr est valide",
            "l'adresse gouvernement.fr n'est pas une adresse https de gouvernement.fr",
        ),
        "en": (
            "the gouvernement.fr address is valid",
            "the gouvernement.fr address is not an https address on gouvernement.fr",
        ),
    },
    "publication_data_gouv_fr_declared": {
        "fr": ("la publication sur data.gouv.fr est déclarée", "la publication sur data.gouv.fr n'est pas déclarée"),
        "en": ("publication on data.gouv.fr is declared", "publication on data.gouv.fr is not declared"),
    },
    "publication_data_gouv_fr_valid": {
        "fr": (
            "l'adresse data.gouv.fr est valide",
            "l'adresse data.gouv.fr n'est pas une adresse https de data.gouv.fr",
        ),
        "en": ("the data.gouv.fr address is valid", "the data.gouv.fr address is not an https address on data.gouv.fr"),
    },
}
SITES = (("gouvernement_fr", "gouvernement.fr"), ("data_gouv_fr", "data.gouv.fr"))


def url_valid(url: str, site: str) -> bool:
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() == "https" and host is not None and (host == site or host.endswith("." + site))


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    v = facts.values
    convention = section(data, "convention")
    signed_on = parse_date(convention.get("signed_on"))
    v["publication_applies"] = signed_on is not None and signed_on <= as_of
    if signed_on is None:
        return
    v["publication_signed_on"] = signed_on
    publication = section(convention, "publication")
    for key, site in SITES:
        url = text(publication.get(key))
        v[f"publication_{key}_declared"] = url is not None
        if url is not None:
            v[f"publication_{key}_valid"] = url_valid(url, site)
            facts.display[f"publication_{key}"] = url
