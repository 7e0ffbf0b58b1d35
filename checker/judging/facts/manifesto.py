"""The manifesto commitment: ``commitments.manifesto`` as declared (absent when not stated)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, put, section

FACTS: dict[str, str] = {"commitments_manifesto": "bool"}
DISPLAY: frozenset[str] = frozenset()
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "commitments_manifesto": {
        "fr": ("le manifeste beta.gouv.fr est signé", "le manifeste beta.gouv.fr n'est pas signé"),
        "en": ("the beta.gouv.fr manifesto is signed", "the beta.gouv.fr manifesto is not signed"),
    },
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    put(facts.values, "commitments_manifesto", section(data, "commitments").get("manifesto"))
