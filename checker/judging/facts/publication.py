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
