"""``conformite history``: the declarations re-checked as of each date of a period (the spec
makes a past as-of date see a declaration as it stood then), and how compliance moved: per
date, the startups checked and compliant, and per obligation the count of ``fail``.

Each file is read and validated once; only the evaluation is repeated per date."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from checker.foundation.dates import add_months
from checker.foundation.messages import text as word
from checker.judging.evaluate import Evaluator

from .examine import examine
from .svg import SERIES_STYLES, Chart, Series, line_chart

HISTORY_VERSION = 1
# dates of one history at most (``history --from/--to/--every``, ``check --history-from``): ten
# years week by week, over forty years month by month. Each date re-checks every declaration,
# and a chart 760 pixels wide shows no more; a longer series is refused before anything is read.
MAX_DATES = 520


class TooManyDates(ValueError):
    def __init__(self, count: int):
        super().__init__(f"{count} dates, at most {MAX_DATES}")
        self.count = count


def date_count(start: dt.date, end: dt.date, every: str) -> int:
    """How many dates :func:`as_of_dates` gives, counted without making them."""
    if start > end:
        return 0
    last = _steps(start, end, every)
    return last + 1 + (_step(start, last, every) != end)


def as_of_dates(start: dt.date, end: dt.date, every: str, limit: int = MAX_DATES) -> list[dt.date]:
    """``start``, then every month (French month rule, from ``start``) or week up to ``end``, and
    ``end`` itself; none when ``start`` is after ``end``. The number of steps is computed first,
    so no step is ever taken past ``end`` (9999-12-31 included: a month after it is no date).
    More than ``limit`` dates: :class:`TooManyDates`."""
    count = date_count(start, end, every)
    if count > limit:
        raise TooManyDates(count)
    if not count:
        return []
    days = [_step(start, n, every) for n in range(_steps(start, end, every) + 1)]
    return days if days[-1] == end else days + [end]  # the period's last day too


def _step(start: dt.date, n: int, every: str) -> dt.date:
    return add_months(start, n) if every == "month" else start + dt.timedelta(weeks=n)


def _steps(start: dt.date, end: dt.date, every: str) -> int:
    """The number of the last step on or before ``end`` (``start`` is step 0, ``start <= end``)."""
    if every != "month":
        return (end - start).days // 7
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (add_months(start, months) > end)  # that month's day is after end: one less


@dataclass
class Point:
    as_of: dt.date
    checked: int  # valid declarations
    compliant: int
    fails: dict  # obligation id -> declarations whose verdict is fail


@dataclass
class History:
    start: dt.date
    end: dt.date
    every: str
    lang: str
    points: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (file, line, message), once per file

    def to_json(self) -> dict:
        return {
            "history_version": HISTORY_VERSION,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "every": self.every,
            "points": [
                {"as_of": p.as_of.isoformat(), "checked": p.checked, "compliant": p.compliant, "fails": dict(p.fails)}
                for p in self.points
            ],
            "errors": [{"file": f, "line": line, "message": m} for f, line, m in self.errors],
        }


def compute(catalog, loaded, start: dt.date, end: dt.date, every: str = "month", lang: str = "fr") -> History:
    history = History(start, end, every, lang)
    ids = catalog.obligation_ids
    reported = set()
    for day in as_of_dates(start, end, every):
        evaluator = Evaluator(catalog, day, lang)
        checked, compliant, fails = 0, 0, dict.fromkeys(ids, 0)
        for item in loaded:
            ex = examine(evaluator, item, with_facts=False)
            result = ex.result
            if result.status == "invalid":
                if item.shown not in reported:
                    reported.add(item.shown)
                    history.errors += [(item.shown, e.line, e.message) for e in result.errors]
                continue
            checked += 1
            compliant += result.status == "compliant"
            for oid, verdict in result.obligations.items():
                if verdict == "fail":
                    fails[oid] += 1
        history.points.append(Point(day, checked, compliant, fails))
    return history


def render_json(history: History, catalog=None) -> str:
    return json.dumps(history.to_json(), ensure_ascii=False, indent=2) + "\n"


def render_table(history: History, catalog) -> str:
    lang = history.lang
    ids = [oid for oid in catalog.obligation_ids if any(p.fails.get(oid) for p in history.points)]
    headers = [word("col.date", lang), word("col.checked", lang), word("col.compliant", lang), *ids]
    rows = [
        [p.as_of.isoformat(), str(p.checked), str(p.compliant), *(str(p.fails.get(o, 0)) for o in ids)]
        for p in history.points
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(
        c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))
    ).rstrip()  # noqa: E731
    title = word("history.title", lang, start=history.start.isoformat(), end=history.end.isoformat())
    return "\n".join([title, line(headers), line(["-" * w for w in widths]), *map(line, rows)]) + "\n"


def chart(history: History, catalog, width: int = 900, top: int = 6) -> Chart:
    """Compliant startups, and the ``top`` obligations with the most ``fail`` over the period
    (obligations that fail alike at every date share one line, named together): each series its
    own colour and dash, labelled at the end of its line."""
    lang = history.lang
    alike: dict[tuple, list[str]] = {}  # the obligations with the same fail count at every date
    for oid in catalog.obligation_ids:
        counts = tuple(p.fails.get(oid, 0) for p in history.points)
        if any(counts):
            alike.setdefault(counts, []).append(oid)
    worst = sorted(alike.items(), key=lambda group: (-sum(group[0]), group[1]))[:top]
    color, dash = SERIES_STYLES[0]
    compliant = [(p.as_of, p.compliant) for p in history.points]
    series = [Series(word("history.compliant", lang), compliant, color, dash=dash)]
    for index, (counts, oids) in enumerate(worst):
        color, dash = SERIES_STYLES[1 + index % (len(SERIES_STYLES) - 1)]
        points = [(p.as_of, n) for p, n in zip(history.points, counts)]
        label = word("history.fail_series", lang, obligation=", ".join(oids))
        series.append(Series(label, points, color, markers=False, dash=dash))
    title = word("history.title", lang, start=history.start.isoformat(), end=history.end.isoformat())
    return Chart(title, series, width=width, height=320, y_min=0, css_class="history", direct_labels=True, lang=lang)


def render_svg(history: History, catalog) -> str:
    return '<?xml version="1.0" encoding="utf-8"?>\n' + line_chart(chart(history, catalog)) + "\n"
