"""Verdicts, rule outcomes and declaration statuses: one place for their ids, order, words
(French and English) and how each report format marks them.

A rule's *outcome* for one declaration and an obligation's *verdict* (the worst outcome of its
rules) take the same values, :class:`Verdict`. They are ``str`` enums: the value is the stable
id written in the JSON report, so ``Verdict.FAIL == "fail"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class _Look:
    rank: int  # order: the higher, the worse
    fr: str
    en: str
    mark: str  # table (plain text and terminal)
    html_mark: str
    icon: str  # markdown
    style: str  # rich style on a terminal
    sarif: str  # SARIF result level ("none": not reported)
    github: str | None  # GitHub workflow command (None: not annotated)
    severity: str | None  # severity of a rule with this outcome


_LOOKS: dict[str, _Look] = {
    "fail": _Look(4, "non respectée", "fail", "✗", "✗", "❌", "bold red", "error", "error", "error"),
    "warn": _Look(3, "attention", "warning", "!", "!", "⚠️", "yellow", "warning", "warning", "warning"),
    "waived": _Look(2, "dérogation", "waived", "~", "~", "🟦", "cyan", "note", "notice", None),
    "pass": _Look(1, "respectée", "pass", "✓", "✓", "✅", "green", "none", None, None),
    "not-applicable": _Look(0, "sans objet", "not applicable", "-", "·", "➖", "dim", "none", None, None),
}


class Verdict(StrEnum):
    """A rule outcome or an obligation verdict."""

    FAIL = "fail"
    WARN = "warn"
    WAIVED = "waived"
    PASS = "pass"
    NOT_APPLICABLE = "not-applicable"

    @property
    def look(self) -> _Look:
        return _LOOKS[self.value]

    @property
    def rank(self) -> int:
        return self.look.rank

    @property
    def is_problem(self) -> bool:
        """A problem to fix (fail or warn): what a baseline calls ``new`` when it appears."""
        return self in (Verdict.FAIL, Verdict.WARN)

    def word(self, lang: str) -> str:
        return self.look.fr if lang == "fr" else self.look.en


# worst first: the order of every report's columns and legends
VERDICTS: tuple[Verdict, ...] = tuple(sorted(Verdict, key=lambda v: v.rank, reverse=True))
RULE_OUTCOMES: tuple[Verdict, ...] = (Verdict.FAIL, Verdict.WARN)  # what a rule may conclude when it fires


def worst(outcomes: Iterable[str]) -> Verdict:
    """The verdict of an obligation: the worst of its rule outcomes (not-applicable when none)."""
    found = max(outcomes, key=_RANKS.__getitem__, default=Verdict.NOT_APPLICABLE)  # KeyError: not a verdict
    return _BY_ID[found]


_RANKS: dict[str, int] = {v.value: v.rank for v in Verdict}  # a Verdict is its value too (StrEnum)
_BY_ID: dict[str, Verdict] = {v.value: v for v in Verdict}  # Verdict(id) without the enum's call
PROBLEMS = frozenset((Verdict.FAIL, Verdict.WARN))  # ``outcome in PROBLEMS``: is_problem, in a loop


class Status(StrEnum):
    """A declaration's status."""

    COMPLIANT = "compliant"
    NON_COMPLIANT = "non-compliant"
    INVALID = "invalid"

    @property
    def style(self) -> str:
        return _STATUS[self.value][2]

    def word(self, lang: str) -> str:
        return _STATUS[self.value][0 if lang == "fr" else 1]


_STATUS: dict[str, tuple[str, str, str]] = {
    "compliant": ("conforme", "compliant", "bold green"),
    "non-compliant": ("non conforme", "non-compliant", "bold red"),
    "invalid": ("invalide", "invalid", "bold magenta"),
}


def look(value: str) -> _Look:
    """How a verdict given by its id is shown (``KeyError``-free for any :class:`Verdict`)."""
    return Verdict(value).look


def words() -> dict[str, dict[str, str]]:
    """The ``verdict.<id>`` and ``status.<id>`` entries of :mod:`checker.foundation.messages`."""
    out = {f"verdict.{v.value}": {"fr": v.word("fr"), "en": v.word("en")} for v in Verdict}
    out.update({f"status.{s.value}": {"fr": s.word("fr"), "en": s.word("en")} for s in Status})
    return out
