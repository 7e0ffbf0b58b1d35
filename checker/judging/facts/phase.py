"""Shared facts: the current phase and whether the startup is active or has built something.

Sets active (investigation to opéré) and built (construction to opéré) from the phase
with the latest start on or before the as-of date, and Facts.phase.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import ACTIVE, BUILT, Facts, current_phase, section

FACTS: dict[str, str] = {"active": "bool", "built": "bool"}
DISPLAY: frozenset[str] = frozenset({"phase"})


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    facts.phase = current_phase(section(data, "startup").get("phases"), as_of)
    facts.values["active"] = facts.phase in ACTIVE
    facts.values["built"] = facts.phase in BUILT
    facts.display["phase"] = facts.phase
