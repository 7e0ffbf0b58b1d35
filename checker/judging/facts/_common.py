"""What every fact provider shares: the :class:`Facts` it fills, and helpers reading a
schema-valid declaration defensively."""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from checker.foundation.dates import parse_date
from checker.foundation.phases import LEGACY
from checker.foundation.wording import amount


@dataclass
class Facts:
    """Typed facts for the rules, plus display values for messages and report fields."""

    values: dict[str, Any] = field(default_factory=dict)  # fact name -> typed value (absent = missing)
    # what messages and paths show that is not a fact as such; other placeholders read the facts
    display: dict[str, Any] = field(default_factory=dict)
    phase: str = "investigation"
    dates: dict[str, dt.date] = field(default_factory=dict)  # deadline name -> due date


def section(data: dict[str, Any], key: str) -> dict[str, Any]:
    """``data[key]`` when it is a mapping, else an empty one."""
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def text(value: object) -> str | None:
    """The trimmed text, or ``None`` when not a non-blank string."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def items(value: object) -> list[dict[str, Any]]:
    """The mappings of a list (anything else skipped); ``[]`` when not a list."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def number(value: object) -> Fraction | None:
    """An exact number from an int or float (never a bool), else ``None``; a float is read as
    the decimal it shows (``0.1`` is 1/10)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return _exact(value)


ZERO = Fraction(0)


def total(values: Iterable[Fraction | None]) -> Fraction:
    """The exact sum of the numbers given (``None`` skipped; 0 for none), added as integers
    over their common denominator: a Fraction's arithmetic is Python code, one addition costing
    as much as building the one Fraction this returns."""
    found = [value for value in values if value is not None]
    if not found:
        return ZERO
    common = math.lcm(*(value.denominator for value in found))
    return Fraction(sum(value.numerator * (common // value.denominator) for value in found), common)


@functools.lru_cache(maxsize=512, typed=True)  # typed: 1 and 1.0 are told apart
def _exact(value: int | float) -> Fraction:
    """Cached: the same amounts are read by several providers (a budget's by four). A float is
    the decimal its ``repr`` shows: ``123.45`` is 12345/100, read without Fraction's text parser."""
    if isinstance(value, int):
        return Fraction(value)
    shown = repr(value)
    whole, point, decimals = shown.partition(".")
    if not point or not (whole.lstrip("-").isdigit() and decimals.isdigit()):  # 1e+16, inf, nan
        return Fraction(shown)
    return Fraction(int(whole + decimals), 10 ** len(decimals))


class PerLanguage(Mapping[str, str]):
    """A display value's text in each language (``fr``, ``en``), each composed by
    ``compose(lang)`` only when a message in that language names it: a report is in one
    language, and most declarations' messages never name these."""

    LANGS = ("fr", "en")

    def __init__(self, compose: Callable[[str], str]):
        self._compose, self._texts = compose, dict[str, str]()

    def __getitem__(self, lang: str) -> str:
        if lang not in self._texts:
            if lang not in self.LANGS:
                raise KeyError(lang)
            self._texts[lang] = self._compose(lang)
        return self._texts[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self.LANGS)

    def __len__(self) -> int:
        return len(self.LANGS)


def euros(value: Fraction) -> PerLanguage:
    """An amount of euros as a display value: written as each language writes amounts
    (:func:`checker.foundation.wording.amount`: ``137 499,50``), only when a message shows it."""
    return PerLanguage(functools.partial(amount, value))


def put(values: dict[str, Any], name: str, value: object) -> None:
    """Set ``values[name]`` unless ``value`` is ``None`` (a fact not stated stays absent)."""
    if value is not None:
        values[name] = value


def count(values: dict[str, Any], show: dict[str, Any], name: str, index_name: str, indexes: list[int]) -> None:
    """The count fact ``name``; the display value ``index_name`` = the first index, if any."""
    values[name] = len(indexes)
    if indexes:
        show[index_name] = indexes[0]


def current_phase(phases: object, as_of: dt.date) -> str:
    """The phase with the latest start on or before ``as_of`` (the later one listed on a tie);
    ``investigation`` when none has started. Legacy names are mapped."""
    best, best_start = "investigation", None
    for phase in items(phases):
        start = parse_date(phase.get("start"))
        name = phase.get("name")
        if start is None or not name or start > as_of:
            continue
        if best_start is None or start >= best_start:
            best, best_start = LEGACY.get(name, name), start
    return best


def last_held(dated: list[dict[str, Any]], as_of: dt.date) -> tuple[int, dict[str, Any], dt.date] | None:
    """The latest item dated on or before ``as_of`` (later in the list wins a tie), with its index."""
    last = None
    for index, item in enumerate(dated):
        day = parse_date(item.get("date"))
        if day is not None and day <= as_of and (last is None or day >= last[2]):
            last = (index, item, day)
    return last


def held_by(value: object, as_of: dt.date) -> dt.date | None:
    """A date that had happened by ``as_of``; a later one counts as absent (amendment of 2026-11-28)."""
    day = parse_date(value if isinstance(value, str) else None)
    return day if day is not None and day <= as_of else None


def term(convention: dict[str, Any]) -> dt.date | None:
    """The convention's term: the earlier of ``ends_on`` and the termination's ``effective_on``."""
    termination = section(convention, "termination")
    days = [d for d in (parse_date(convention.get("ends_on")), parse_date(termination.get("effective_on"))) if d]
    return min(days) if days else None
