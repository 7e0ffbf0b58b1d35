"""The values a few rules name, for the near misses and placeholders that read a declaration
before any rule runs: the licences the open-source rule authorises and the workshop methods the
risk-workshops rule recognises. The rule files are their one home: they are read here as the
data they are (the guarded loader, the shipped ``rules/`` directory), once per process, so that
reading a declaration needs nothing of the judging layer (:mod:`checker.judging.rules`, which
validates and compiles the same files, sits above reading and uses this module's
:func:`default_rules_dir`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .loader import load_file


def default_rules_dir() -> Path:
    """The rules shipped in the package (``checker/_rules``), else the repository's ``rules/``."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_rules"
    return packaged if packaged.is_dir() else package.parent / "rules"


def _condition(obligation: str, rule_id: str) -> dict[str, Any]:
    """The ``when`` of rule ``rule_id`` in the shipped rule file of ``obligation`` (empty when
    the file cannot be read: the catalogue's own load says why, at start-up)."""
    doc, problems = load_file(default_rules_dir() / f"{obligation}.yaml")
    data = doc.data if not problems and isinstance(doc.data, dict) else {}
    for rule in data.get("rules") or ():
        if isinstance(rule, dict) and rule.get("id") == rule_id and isinstance(rule.get("when"), dict):
            when: dict[str, Any] = rule["when"]
            return when
    return {}


@lru_cache(maxsize=1)
def authorised_licences() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(SPDX ids, suffixes) the open-source rule authorises (``open-source-licence-authorised``)."""
    when = _condition("open-source", "open-source-licence-authorised")
    return tuple(when.get("not_in", ())), tuple(when.get("variants", ()))


@lru_cache(maxsize=1)
def recognised_methods() -> tuple[str, ...]:
    """The workshop methods the risk-workshops rule recognises (``anssi-agile``, ``ebios-rm``)."""
    return tuple(_condition("risk-workshops", "risk-workshop-method").get("not_in", ()))
