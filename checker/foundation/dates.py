"""Calendar arithmetic as French law counts a délai (Code de procédure civile, art. 641)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DAY_FIRST = re.compile(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*")
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # the calendar module would also import locale


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day-of-month ``months`` later, or the last day of that month when it has none.

    >>> add_months(dt.date(2024, 11, 30), 3)
    datetime.date(2025, 2, 28)
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if year > dt.MAXYEAR:  # a deadline past the calendar: as far away as a date can be
        return dt.date.max
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    last = 29 if month == 2 and leap else _MONTH_DAYS[month - 1]
    return dt.date(year, month, min(day.day, last))


def parse_date(text: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` to a date, None for anything else (the schema has already said why).

    >>> parse_date("2025-W03-3") is None
    True
    """
    if not isinstance(text, str):
        return None
    return _parsed(text) if len(text) == 10 else None


@lru_cache(maxsize=4096)
def _parsed(text: str) -> dt.date | None:
    """Cached: every provider reads the dates it needs, and the same dates recur."""
    # exactly YYYY-MM-DD: fromisoformat alone also takes week dates (2025-W03-3) and other digits
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def day_first(text: object) -> dt.date | None:
    """A date written day first as people do in France, ``15/08/2024`` (also with dots or
    dashes, spaces around them), when it is a real date; else None. The one reading of such
    dates: the near misses of ``check`` and ``init`` and the hint of a date option use it."""
    match = _DAY_FIRST.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return None
    day, month, year = (int(group) for group in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
