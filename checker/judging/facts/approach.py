"""The approach commitment: ``commitments.approach`` as declared (absent when not stated)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, put, section

FACTS: dict[str, str] = {"commitments_approach": "bool"}
DISPLAY: frozenset[str] = frozenset()


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    put(facts.values, "commitments_approach", section(data, "commitments").get("approach"))
