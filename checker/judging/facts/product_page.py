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


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    page = section(data, "product_page")
    facts.values["product_page_declared"] = isinstance(data.get("product_page"), dict)
    facts.values["product_page_url_declared"] = text(page.get("url")) is not None
    put(facts.values, "product_page_updated_on", parse_date(page.get("updated_on")))
