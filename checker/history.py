"""``conformite history``: the declarations re-checked as of each date of a period (the spec
makes a past as-of date see a declaration as it stood then), and how compliance moved: per
date, the startups checked and compliant, and per obligation the count of ``fail``.

Each file is read and validated once; only the evaluation is repeated per date."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from .evaluate import Evaluator
from .examine import as_of_dates, examine
from .messages import text as word
from .svg import PALETTE, Chart, Series, line_chart

HISTORY_VERSION = 1
FAIL_COLORS = [c for c in PALETTE if c != "#2e7d4f"]  # green is the compliant line's


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


def chart(history: History, catalog, width: int = 760, top: int = 6) -> Chart:
    """Compliant startups, and the ``top`` obligations with the most ``fail`` over the period."""
    lang = history.lang
    totals = {oid: sum(p.fails.get(oid, 0) for p in history.points) for oid in catalog.obligation_ids}
    worst = [oid for oid in sorted(totals, key=lambda o: (-totals[o], o)) if totals[oid]][:top]
    series = [Series(word("history.compliant", lang), [(p.as_of, p.compliant) for p in history.points], "#2e7d4f")]
    for index, oid in enumerate(worst):
        series.append(
            Series(
                word("history.fail_series", lang, obligation=oid),
                [(p.as_of, p.fails[oid]) for p in history.points],
                FAIL_COLORS[index % len(FAIL_COLORS)],
                dashed=True,
                markers=False,
            )
        )
    title = word("history.title", lang, start=history.start.isoformat(), end=history.end.isoformat())
    return Chart(title, series, width=width, height=300, y_min=0, css_class="history", lang=lang)


def render_svg(history: History, catalog) -> str:
    return '<?xml version="1.0" encoding="utf-8"?>\n' + line_chart(chart(history, catalog)) + "\n"
