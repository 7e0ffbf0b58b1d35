"""Impact statistics: their public URL declared (``statistics.url``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, section, text

FACTS: dict[str, str] = {"statistics_url_declared": "bool"}
DISPLAY: frozenset[str] = frozenset()


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    facts.values["statistics_url_declared"] = text(section(data, "statistics").get("url")) is not None
