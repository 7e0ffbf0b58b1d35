"""Amendments to the convention: how many, unsigned, not sent to the CBCM, sending undeclared;
the first index of each kind for the message and path."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checker.foundation.dates import parse_date

from ._common import Facts, count, section

FACTS: dict[str, str] = {
    "amendment_count": "int",
    "unsigned_amendments": "int",
    "amendments_not_sent": "int",
    "amendments_cbcm_undeclared": "int",
}
DISPLAY: frozenset[str] = frozenset(
    {
        "first_unsigned_amendment_index",
        "first_not_sent_amendment_index",
        "first_cbcm_undeclared_amendment_index",
    }
)
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "amendment_count": {"fr": "le nombre d'avenants", "en": "the number of amendments"},
    "unsigned_amendments": {"fr": "le nombre d'avenants non signés", "en": "the number of unsigned amendments"},
    "amendments_not_sent": {
        "fr": "le nombre d'avenants non transmis aux CBCM",
        "en": "the number of amendments not sent to the CBCMs",
    },
    "amendments_cbcm_undeclared": {
        "fr": "le nombre d'avenants sans transmission aux CBCM déclarée",
        "en": "the number of amendments whose sending to the CBCMs is not declared",
    },
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    v, show = facts.values, facts.display
    found = section(data, "convention").get("amendments")
    amendments: list[Any] = found if isinstance(found, list) else []
    v["amendment_count"] = len(amendments)
    count(
        v,
        show,
        "unsigned_amendments",
        "first_unsigned_amendment_index",
        [i for i, a in enumerate(amendments) if not isinstance(a, dict) or parse_date(a.get("signed_on")) is None],
    )
    count(
        v,
        show,
        "amendments_not_sent",
        "first_not_sent_amendment_index",
        [i for i, a in enumerate(amendments) if isinstance(a, dict) and a.get("sent_to_cbcm") is False],
    )
    count(
        v,
        show,
        "amendments_cbcm_undeclared",
        "first_cbcm_undeclared_amendment_index",
        [i for i, a in enumerate(amendments) if not isinstance(a, dict) or a.get("sent_to_cbcm") is None],
    )
