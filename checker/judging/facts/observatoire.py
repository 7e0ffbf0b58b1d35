"""The Observatoire's indicators (``online_procedure.observatoire``): exact decimals for the
rules, floats for the messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, number, section

KEYS = ("satisfaction", "accessibility_rate", "help_reachable", "availability")
FACTS: dict[str, str] = {f"observatoire_{key}": "decimal" for key in KEYS}
DISPLAY: frozenset[str] = frozenset(FACTS)


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    observatoire = section(section(data, "online_procedure"), "observatoire")
    for key in KEYS:
        value = number(observatoire.get(key))
        if value is not None:
            facts.values[f"observatoire_{key}"] = value
            facts.display[f"observatoire_{key}"] = float(observatoire[key])
