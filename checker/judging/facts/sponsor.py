"""The sponsor: declared, named, and its role declared (``team.sponsor``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, section, text

FACTS: dict[str, str] = {"sponsor_declared": "bool", "sponsor_named": "bool", "sponsor_role_declared": "bool"}
DISPLAY: frozenset[str] = frozenset()


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    sponsor = section(section(data, "team"), "sponsor")
    facts.values["sponsor_declared"] = isinstance(section(data, "team").get("sponsor"), dict)
    facts.values["sponsor_named"] = text(sponsor.get("name")) is not None
    facts.values["sponsor_role_declared"] = text(sponsor.get("role")) is not None
