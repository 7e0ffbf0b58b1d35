"""Personal data: processed, register entry, privacy notice and DPO contact (``personal_data``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, put, section, text

FACTS: dict[str, str] = {
    "personal_data_processed": "bool",
    "personal_data_register_entry": "bool",
    "privacy_notice_declared": "bool",
    "dpo_contact_declared": "bool",
}
DISPLAY: frozenset[str] = frozenset()


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    personal = section(data, "personal_data")
    put(facts.values, "personal_data_processed", personal.get("processed"))
    put(facts.values, "personal_data_register_entry", personal.get("register_entry"))
    facts.values["privacy_notice_declared"] = text(personal.get("privacy_notice_url")) is not None
    facts.values["dpo_contact_declared"] = text(personal.get("dpo_contact")) is not None
