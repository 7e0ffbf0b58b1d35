"""Authentication: required, and how FranceConnect is offered (``authentication``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ._common import put, section

if TYPE_CHECKING:
    from . import Facts

FACTS: dict[str, str] = {"authentication_required": "bool", "franceconnect": "text"}
DISPLAY: frozenset[str] = frozenset()


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    auth = section(data, "authentication")
    put(facts.values, "authentication_required", auth.get("required"))
    put(facts.values, "franceconnect", auth.get("franceconnect"))
