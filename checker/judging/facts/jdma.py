"""Online procedure: whether the service is one, and the « Je donne mon avis » button."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, put, section

FACTS: dict[str, str] = {"is_procedure": "bool", "jdma_button": "bool"}
DISPLAY: frozenset[str] = frozenset()


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    procedure = section(data, "online_procedure")
    put(facts.values, "is_procedure", procedure.get("is_procedure"))
    put(facts.values, "jdma_button", procedure.get("jdma_button"))
