"""Authentication: required, and how FranceConnect is offered (``authentication``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checker.foundation.messages import LANGS, choice_word

from ._common import Facts, put, section

FACTS: dict[str, str] = {"authentication_required": "bool", "franceconnect": "text"}
DISPLAY: frozenset[str] = frozenset({"franceconnect_word"})


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    auth = section(data, "authentication")
    put(facts.values, "authentication_required", auth.get("required"))
    put(facts.values, "franceconnect", auth.get("franceconnect"))
    if isinstance(auth.get("franceconnect"), str):  # its words in a text ("prévu"); the id is what to write
        facts.display["franceconnect_word"] = {lang: choice_word(auth["franceconnect"], lang) for lang in LANGS}
