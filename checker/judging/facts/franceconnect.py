"""Authentication: required, and how FranceConnect is offered (``authentication``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checker.foundation.messages import LANGS, choice_word

from ._common import Facts, put, section

FACTS: dict[str, str] = {"authentication_required": "bool", "franceconnect": "text"}
DISPLAY: frozenset[str] = frozenset({"franceconnect_word"})
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "authentication_required": {
        "fr": ("le service demande une authentification", "le service ne demande pas d'authentification"),
        "en": ("the service requires authentication", "the service requires no authentication"),
    },
    "franceconnect": {"fr": "l'état de FranceConnect", "en": "the FranceConnect status"},
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    auth = section(data, "authentication")
    put(facts.values, "authentication_required", auth.get("required"))
    put(facts.values, "franceconnect", auth.get("franceconnect"))
    if isinstance(auth.get("franceconnect"), str):  # its words in a text ("prévu"); the id is what to write
        facts.display["franceconnect_word"] = {lang: choice_word(auth["franceconnect"], lang) for lang in LANGS}
