"""What a person types as an option (``--as-of``, ``--workers``, a directory) or as a query
parameter of the web pages, read one way for both: a date exactly ``YYYY-MM-DD`` within the
dates a computation can reach (a day-first date gets its ISO spelling as a hint), a number within
its bounds, an existing directory. A value that cannot be used is a :class:`Usage` carrying the
one sentence that says why, in the user's language: the command line writes it and exits 2, the
web application answers 400 with it."""

from __future__ import annotations

import datetime as dt
import math
import os

from .dates import day_first, parse_date
from .messages import text
from .wording import printable, quote

# the dates an option may give: every computation from them (a deadline, an agenda's horizon, a
# sheet's time line four years back, a history's steps) stays inside the calendar (years 1 to 9999)
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


class Usage(Exception):
    """A misused option, found once the language is known: one sentence, exit 2."""


def date_option(value: str, lang: str, option: str = "--as-of") -> dt.date:
    """A date option: exactly YYYY-MM-DD (no week date such as 2025-W03-3), a real date, from
    :data:`FIRST_DAY` to :data:`LAST_DAY`."""
    day = parse_date(value)
    if day is None:
        meant = day_first(value)  # 15/01/2025 -> 2025-01-15
        hint = text("cli.date_meant", lang, date=meant.isoformat()) if meant else ""
        raise Usage(text("cli.bad_date", lang, option=option, value=quote(value)) + hint)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise Usage(text("cli.date_range", lang, option=option, value=value, first=FIRST_DAY, last=LAST_DAY))
    return day


def number_option(value: str | int, option: str, low: float, high: float, lang: str, whole: bool = True) -> float:
    """An option's number within [low, high], else :class:`Usage` (``--days`` comes already read
    by the command line, an integer: only its bounds here)."""
    value = str(value)
    try:
        found = int(value.strip(), 10) if whole else float(value.strip())
    except ValueError:
        found = math.nan
    if not low <= found <= high:
        raise Usage(text("web.bad_option", lang, option=option, low=low, high=high, value=printable(value[:40])))
    return found


def directory_option(value: str | None, lang: str) -> str | None:
    """A directory option: None, or a directory that exists."""
    if value is not None and not os.path.isdir(value):
        raise Usage(text("web.not_a_directory", lang, dir=printable(value)))
    return value
