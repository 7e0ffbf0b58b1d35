"""Small inline SVG pictures made in Python (no script, no font, nothing fetched): a line chart
over dates and a timeline. Every label is a ``<text>`` element (a reader can select and copy
it) and is escaped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape

from .messages import number

END_ANCHOR = ' text-anchor="end"'
PALETTE = ("#1f5fa8", "#c62828", "#ef8f00", "#2e7d4f", "#7b1fa2", "#00838f", "#6d4c41", "#ad1457", "#546e7a", "#9e9d24")


def _e(value) -> str:
    return escape(str(value), quote=True)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass
class Series:
    label: str
    points: list  # (date, number)
    color: str = PALETTE[0]
    dashed: bool = False
    markers: bool = True


@dataclass
class Chart:
    title: str
    series: list = field(default_factory=list)
    hlines: list = field(default_factory=list)  # (value, label, color)
    vlines: list = field(default_factory=list)  # (date, label, color)
    width: int = 640
    height: int = 240
    y_min: float | None = None
    y_max: float | None = None
    css_class: str = "chart"
    lang: str = "fr"  # how its numbers are written (checker.messages.number)


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    span = high - low or 1
    raw = span / count
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = (low // step) * step
    ticks, value = [], first
    while value <= high + 1e-9:
        if value >= low - 1e-9:
            ticks.append(value)
        value += step
    return ticks


@dataclass
class _Frame:
    """Where a chart's plot sits in its picture, and how dates and values map onto it."""

    x0: dt.date
    x1: dt.date
    lo: float
    hi: float
    left: int
    top: int
    pw: int
    ph: int

    def x(self, day: dt.date) -> float:
        return self.left + self.pw * (day - self.x0).days / max((self.x1 - self.x0).days, 1)

    def y(self, value: float) -> float:
        return self.top + self.ph * (1 - (value - self.lo) / (self.hi - self.lo))


def _frame(chart: Chart) -> _Frame:
    days = [d for s in chart.series for d, _ in s.points] + [d for d, _, _ in chart.vlines] or [dt.date.today()]
    values = [v for s in chart.series for _, v in s.points] + [v for v, _, _ in chart.hlines] or [0]
    x0, x1 = min(days), max(days)
    if x0 == x1:
        x0, x1 = x0 - dt.timedelta(days=15), x1 + dt.timedelta(days=15)
    lo = chart.y_min if chart.y_min is not None else min(0, min(values))
    hi = chart.y_max if chart.y_max is not None else max(values)
    if hi <= lo:
        hi = lo + 1
    legend_rows = (len(chart.series) + len(chart.hlines) + 2) // 3
    left, right, top, bottom = 56, 14, 26, 28 + 16 * legend_rows
    return _Frame(x0, x1, lo, hi + (hi - lo) * 0.08, left, top, chart.width - left - right, chart.height - top - bottom)


def line_chart(chart: Chart) -> str:
    """A chart of numbers over dates, with legend, axes, horizontal and vertical marks."""
    f = _frame(chart)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{_e(chart.css_class)}" viewBox="0 0 {chart.width} {chart.height}" '
        f'width="{chart.width}" height="{chart.height}" role="img" aria-label="{_e(chart.title)}" font-family="system-ui, sans-serif">',
        f"<title>{_e(chart.title)}</title>",
        f'<text x="{f.left}" y="15" font-size="12" font-weight="bold" fill="#1e1e1e">'
        f"{_e(_clip(chart.title, (chart.width - f.left) // 7))}</text>",
    ]  # whole in <title>
    out += _axes(f, chart.lang)
    out += _marks(chart, f)
    out += _lines(chart, f)
    out += _legend(chart, f)
    out.append("</svg>")
    return "".join(out)


def _axes(f: _Frame, lang: str) -> list[str]:
    out = []
    for value in _ticks(f.lo, f.hi):
        ty = f.y(value)
        out.append(
            f'<line x1="{f.left}" x2="{f.left + f.pw}" y1="{_n(ty)}" y2="{_n(ty)}" stroke="#e6e6e6"/>'
            f'<text x="{f.left - 5}" y="{_n(ty + 4)}" font-size="10" text-anchor="end" fill="#555">{_e(_fmt(value, lang))}</text>'
        )
    bottom = f.top + f.ph
    for day in _date_ticks(f.x0, f.x1, f.pw // 70):
        tx = f.x(day)
        out.append(
            f'<line x1="{_n(tx)}" x2="{_n(tx)}" y1="{bottom}" y2="{bottom + 4}" stroke="#888"/>'
            f'<text x="{_n(tx)}" y="{bottom + 15}" font-size="10" text-anchor="middle" fill="#555">{_e(day.strftime("%Y-%m"))}</text>'
        )
    out.append(f'<line x1="{f.left}" x2="{f.left + f.pw}" y1="{bottom}" y2="{bottom}" stroke="#888"/>')
    return out


def _marks(chart: Chart, f: _Frame) -> list[str]:
    """The horizontal lines (labelled in the legend) and the vertical ones (labelled in place)."""
    out = []
    for value, _label, color in chart.hlines:
        hy = f.y(value)
        out.append(
            f'<line x1="{f.left}" x2="{f.left + f.pw}" y1="{_n(hy)}" y2="{_n(hy)}" stroke="{color}" stroke-dasharray="2 3"/>'
        )
    for row, (day, label, color) in enumerate(chart.vlines):
        vx = f.x(day)
        near_end = vx > f.left + f.pw * 0.8  # label to the left of a line near the right edge
        out.append(
            f'<line x1="{_n(vx)}" x2="{_n(vx)}" y1="{f.top}" y2="{f.top + f.ph}" stroke="{color}" stroke-width="1.5"/>'
            f'<text x="{_n(vx - 3 if near_end else vx + 3)}" y="{f.top + 9 + 11 * row}" font-size="10" fill="{color}"'
            f"{END_ANCHOR if near_end else ''}>{_e(label)}</text>"
        )
    return out


def _lines(chart: Chart, f: _Frame) -> list[str]:
    out = []
    for s in chart.series:
        points = sorted(s.points, key=lambda p: p[0])
        if not points:
            continue
        path = " ".join(f"{_n(f.x(d))},{_n(f.y(v))}" for d, v in points)
        dash = ' stroke-dasharray="5 4"' if s.dashed else ""
        out.append(
            f'<polyline fill="none" stroke="{s.color}" stroke-width="2"{dash} points="{path}"><title>{_e(s.label)}</title></polyline>'
        )
        if s.markers:
            out += [
                f'<circle cx="{_n(f.x(d))}" cy="{_n(f.y(v))}" r="2.6" fill="{s.color}"><title>{_e(s.label)} — {d.isoformat()} : {_e(_fmt(v, chart.lang))}</title></circle>'
                for d, v in points
            ]
    return out


def _legend(chart: Chart, f: _Frame) -> list[str]:
    entries = [(s.label, s.color, s.dashed) for s in chart.series] + [
        (label, color, True) for _, label, color in chart.hlines
    ]
    column = (chart.width - f.left) / 3
    out = []
    for index, (label, color, dashed) in enumerate(entries):
        lx = f.left + column * (index % 3)
        ly = f.top + f.ph + 30 + 16 * (index // 3)
        dash = ' stroke-dasharray="4 3"' if dashed else ""
        out.append(
            f'<line x1="{_n(lx)}" x2="{_n(lx + 16)}" y1="{ly - 4}" y2="{ly - 4}" stroke="{color}" stroke-width="2"{dash}/>'
            f'<text x="{_n(lx + 20)}" y="{ly}" font-size="10" fill="#1e1e1e">{_e(_clip(label, 38))}</text>'
        )
    return out


def _clip(label: str, size: int) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def _fmt(value: float, lang: str) -> str:
    return number(value, lang, places=2)


def _date_ticks(x0: dt.date, x1: dt.date, count: int = 6) -> list[dt.date]:
    months = (x1.year - x0.year) * 12 + x1.month - x0.month
    step = max(1, -(-months // max(count, 1)))
    ticks: list[dt.date] = []
    year, month = x0.year, x0.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        day = dt.date(year, month, 1)
        if day > x1:
            return ticks
        if (year * 12 + month) % step == 0:
            ticks.append(day)


@dataclass
class Timeline:
    start: dt.date
    end: dt.date
    today: dt.date
    today_label: str
    bands: list = field(default_factory=list)  # (start, end, label, color): the phases
    rows: list = field(default_factory=list)  # (row label, [(date, label, color, hollow)])
    title: str = ""
    width: int = 700


def timeline(t: Timeline) -> str:
    """Phases as coloured bands, one row of dated marks per kind of event, today as a red line."""
    left, right, top = 112, 16, 22
    band_h, row_h = 24, 30
    h = top + band_h + 8 + row_h * len(t.rows) + 22
    pw = t.width - left - right
    span = max((t.end - t.start).days, 1)

    def x(day: dt.date) -> float:
        day = min(max(day, t.start), t.end)
        return left + pw * (day - t.start).days / span

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {t.width} {h}" width="{t.width}" '
        f'height="{h}" role="img" aria-label="{_e(t.title)}" font-family="system-ui, sans-serif"><title>{_e(t.title)}</title>'
    ]
    for tick in _date_ticks(t.start, t.end):
        tx = x(tick)
        out.append(
            f'<line x1="{_n(tx)}" x2="{_n(tx)}" y1="{top}" y2="{h - 20}" stroke="#eee"/>'
            f'<text x="{_n(tx)}" y="{h - 8}" font-size="10" text-anchor="middle" fill="#555">{tick.strftime("%Y-%m")}</text>'
        )
    for start, end, label, color in t.bands:
        bx, ex = x(start), x(end)
        out.append(
            f'<rect x="{_n(bx)}" y="{top}" width="{_n(max(ex - bx, 1))}" height="{band_h}" fill="{color}" opacity="0.85">'
            f"<title>{_e(label)} : {start.isoformat()} → {end.isoformat()}</title></rect>"
        )
        if ex - bx > 6 * len(label):
            out.append(f'<text x="{_n(bx + 4)}" y="{top + 16}" font-size="11" fill="#fff">{_e(label)}</text>')
    out.append(f'<text x="{left - 6}" y="{top + 16}" font-size="11" text-anchor="end" fill="#1e1e1e">phases</text>')
    for index, (label, marks) in enumerate(t.rows):
        ry = top + band_h + 8 + row_h * index + row_h / 2
        out.append(
            f'<line x1="{left}" x2="{left + pw}" y1="{_n(ry)}" y2="{_n(ry)}" stroke="#ccc"/>'
            f'<text x="{left - 6}" y="{_n(ry + 4)}" font-size="11" text-anchor="end" fill="#1e1e1e">{_e(label)}</text>'
        )
        last_x = -100.0
        for day, mark_label, color, hollow in sorted(marks, key=lambda m: m[0]):
            mx = x(day)
            fill = "#fff" if hollow else color
            out.append(
                f'<circle cx="{_n(mx)}" cy="{_n(ry)}" r="5" fill="{fill}" stroke="{color}" stroke-width="2">'
                f"<title>{_e(mark_label)} — {day.isoformat()}</title></circle>"
            )
            if mx - last_x > 58:
                out.append(
                    f'<text x="{_n(mx)}" y="{_n(ry - 8)}" font-size="9" text-anchor="middle" fill="#333">{day.strftime("%Y-%m-%d")}</text>'
                )
                last_x = mx
    tx = x(t.today)
    out.append(
        f'<line x1="{_n(tx)}" x2="{_n(tx)}" y1="{top - 6}" y2="{h - 20}" stroke="#c62828" stroke-width="2"/>'
        f'<text x="{_n(tx)}" y="{top - 9}" font-size="10" text-anchor="middle" fill="#c62828">{_e(t.today_label)} {t.today.isoformat()}</text>'
    )
    out.append("</svg>")
    return "".join(out)
