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
