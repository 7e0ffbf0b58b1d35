"""Source code: how many repositories are named, and the licence (compared case-insensitively;
shown as declared)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from checker.foundation.messages import text as text_of
from checker.reading.nearmiss import spdx_meant

from ._common import Facts, section, text

FACTS: dict[str, str] = {"repository_count": "int", "licence": "text_ci"}
DISPLAY: frozenset[str] = frozenset({"licence", "licence_hint"})
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "repository_count": {
        "fr": "le nombre de dépôts de code déclarés",
        "en": "the number of code repositories declared",
    },
    "licence": {"fr": "la licence du code", "en": "the code's licence"},
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    source = section(data, "source_code")
    repositories = source.get("repositories")
    named = [r for r in repositories if text(r)] if isinstance(repositories, list) else []
    facts.values["repository_count"] = len(named)
    licence = text(source.get("licence"))
    if licence:
        facts.values["licence"] = licence.lower()
        facts.display["licence"] = licence
        # "MIT License": the id it stands for, said in the failure; computed only when a message
        # names it (the authorised list is the open-source rule's, read then)
        facts.display["licence_hint"] = functools.partial(licence_hint, licence)


def licence_hint(licence: str) -> dict[str, str] | str:
    meant = spdx_meant(licence)
    return {lang: text_of("hint.spdx", lang, spdx=meant) for lang in ("fr", "en")} if meant else ""
