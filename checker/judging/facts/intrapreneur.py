"""The intrapreneur: declared, named, and whether a public agent (``team.intrapreneur``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, put, section, text

FACTS: dict[str, str] = {
    "intrapreneur_declared": "bool",
    "intrapreneur_named": "bool",
    "intrapreneur_public_agent": "bool",
}
DISPLAY: frozenset[str] = frozenset()


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    intrapreneur = section(section(data, "team"), "intrapreneur")
    facts.values["intrapreneur_declared"] = isinstance(section(data, "team").get("intrapreneur"), dict)
    facts.values["intrapreneur_named"] = text(intrapreneur.get("name")) is not None
    put(facts.values, "intrapreneur_public_agent", intrapreneur.get("public_agent"))
