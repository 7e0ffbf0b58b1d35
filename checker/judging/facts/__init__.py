"""Facts: what the rules read, prepared from a schema-valid declaration and the as-of date.

Python does what the rules engine cannot do safely (dates, deadlines with the French month
rule, ratios, "the last committee held"); the rules in ``rules/`` decide. A fact that the
declaration does not state is *absent* (left out), never ``None``.

One **provider** per obligation computes its facts: the module
``checker/judging/facts/<obligation id with - replaced by _>.py`` defines

- ``FACTS: dict[str, str]``: the facts it sets, name -> type (see :data:`TYPES`);
- ``GLOSSARY``: what each of its facts means, in French and English (``conformite rules``,
  ``explain``, docs/rules.md): a bool fact as its statement when true and when false, any other
  fact as a noun phrase;
- ``DISPLAY: frozenset[str]``: the display values it sets (what messages and paths name that
  is not a fact as such: list indexes, the declaration's own spelling, numbers as floats; a
  zero-argument callable is computed only when a message names it, e.g. ``licence_hint``, and
  a :class:`~checker.judging.facts._common.PerLanguage` text only in the language asked for);
- ``provide(data, as_of, facts)``: sets them on ``facts`` (a fact it cannot compute is left out);
- a module docstring saying what it reads.

``phase`` provides the facts every obligation shares (``active``, ``built``, the phase).
Providers are discovered, every module of this package not starting with ``_``
(:data:`PROVIDERS`); :data:`FACTS`, :data:`DISPLAY_NAMES` and the glossary :data:`FACT_WORDS`
are built from them, and the rule catalogue rejects at load time any fact or placeholder a
rule uses that no provider declares.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from types import ModuleType
from typing import Any

from checker.foundation.dates import add_months
from checker.foundation.phases import ACTIVE, BUILT
from checker.foundation.phases import LEGACY as LEGACY_PHASES

from ._common import Facts, current_phase

__all__ = [
    "ACTIVE",
    "BUILT",
    "DISPLAY_NAMES",
    "EVALUATION_DISPLAY",
    "FACTS",
    "FACT_WORDS",
    "LEGACY_PHASES",
    "PROVIDERS",
    "TYPES",
    "Facts",
    "current_phase",
    "prepare",
    "provider_name",
]

# Fact types: bool, int, text (exact), text_ci (trimmed, lower-case: compared
# case-insensitively), decimal (exact, compared with lt/le/gt/ge), date (deadline inputs only;
# never sent to the engine).
TYPES = frozenset({"bool", "int", "text", "text_ci", "decimal", "date"})


def _discover() -> tuple[ModuleType, ...]:
    """Every provider: each module of this package whose name does not start with ``_``, in
    name order (providers read the declaration, never one another's facts). Adding an
    obligation adds a module here, and nothing to any list."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))
    return tuple(importlib.import_module(f"{__name__}.{name}") for name in names)


PROVIDERS: tuple[ModuleType, ...] = _discover()

# display values the evaluation itself sets, per rule: the rule's due date
EVALUATION_DISPLAY = frozenset({"due_on"})


def provider_name(provider: ModuleType) -> str:
    """The obligation id (or ``phase``) a provider module serves."""
    return provider.__name__.rsplit(".", 1)[-1].replace("_", "-")


Words = dict[str, dict[str, tuple[str, str] | str]]


def _registry() -> tuple[dict[str, str], frozenset[str], Words]:
    facts: dict[str, str] = {}
    display: set[str] = set(EVALUATION_DISPLAY)
    words: Words = {}
    for provider in PROVIDERS:
        for name, kind in provider.FACTS.items():
            if name in facts or kind not in TYPES:
                raise ValueError(
                    f"provider {provider.__name__}: fact {name!r} declared twice or of unknown type {kind!r}"
                )
            facts[name] = kind
        if set(provider.GLOSSARY) != set(provider.FACTS):
            raise ValueError(f"provider {provider.__name__}: GLOSSARY must word each of its FACTS, and only them")
        display |= provider.DISPLAY
        words.update(provider.GLOSSARY)
    return facts, frozenset(display), words


# name -> type, every fact some provider sets; every display name; what each fact means, in words
# (a bool fact as its statement when true and when false, any other fact as a noun phrase; a
# deadline's ``<name>_days_left`` fact reads as its deadline: its label in the rule file)
FACTS, DISPLAY_NAMES, FACT_WORDS = _registry()


def prepare(data: dict[str, Any], as_of: dt.date, deadlines: dict[str, Any]) -> Facts:
    """Facts of one schema-valid declaration as of ``as_of``: every provider, then the deadlines.

    ``deadlines`` maps a deadline name to its rule-file definition: ``from`` (date facts, the
    first present wins), ``months`` and optional ``against`` (a date fact; default as-of).
    Each gives the int fact ``<name>_days_left`` = due date − reference, in days.
    """
    facts = Facts()
    for provider in PROVIDERS:
        provider.provide(data, as_of, facts)
    values = facts.values
    for name, spec in deadlines.items():
        base = next((values[f] for f in spec["from"] if f in values), None)
        reference = values.get(spec["against"]) if "against" in spec else as_of
        if base is None or reference is None:
            continue
        due = add_months(base, spec["months"])
        facts.dates[name] = due
        values[f"{name}_days_left"] = (due - reference).days
    return facts
