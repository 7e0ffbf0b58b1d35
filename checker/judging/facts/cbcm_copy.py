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
