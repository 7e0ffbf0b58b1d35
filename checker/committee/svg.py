"""Small inline SVG pictures made in Python (no script, no font, nothing fetched): a line chart
over dates and a timeline. Every label is a ``<text>`` element (a reader can select and copy
it) and is escaped; each picture has a ``<title>`` and a ``<desc>`` that says its numbers in words.

Series of a chart are told apart three ways, never by colour alone: each has its own colour
(:data:`SERIES_STYLES`, every one at least 3:1 against white, the contrast a graphic needs), its
own dash pattern, and with ``Chart.direct_labels`` its label written at the end of its line (a
sample of the line beside it, the text in ink), moved apart from the others when lines end close
together, a thin leader line joining label and line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape

from checker.foundation.wording import colon, number

END_ANCHOR = ' text-anchor="end"'
INK = "#1e1e1e"
# (colour, stroke-dasharray) of the series of a chart that needs many: solid, long dashes, dots,
# dash-dot, short dashes, dash-dot-dot, very long dashes; each colour is 3:1 or more against white
SERIES_STYLES = (
    ("#2e7d4f", ""),
    ("#c62828", "9 4"),
    ("#1f5fa8", "2 3"),
    ("#a34f00", "9 3 2 3"),
    ("#7b1fa2", "4 3"),
    ("#00838f", "9 3 2 3 2 3"),
    ("#6d4c41", "16 4"),
)
HALO = ' stroke="#fff" stroke-width="3" paint-order="stroke"'  # a label stays readable across a line
LABEL_GAP = 12  # direct labels: the least distance between two, in pixels
CHAR_WIDTH = 6  # a 10 px label's average character width, to size the labels' margin
SAMPLE = 26  # direct labels: the length of the stretch of line drawn before the text
LABEL_INSET = 10 + SAMPLE + 4  # from the plot's right edge to a direct label's text


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass
class Series:
    label: str
    points: list  # (date, number)
    color: str = SERIES_STYLES[2][0]
    dashed: bool = False
    markers: bool = True
    dash: str | None = None  # a stroke-dasharray of its own ("" solid); None: dashed or solid

    @property
    def dasharray(self) -> str:
        return self.dash if self.dash is not None else ("5 4" if self.dashed else "")


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
    direct_labels: bool = False  # each series labelled at the end of its line, in place of a legend
    lang: str = "fr"  # how its numbers are written (checker.foundation.wording.number)


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
    legend_rows = (len(_legend_entries(chart)) + 2) // 3
    left, right, top, bottom = 56, 14, 26, 28 + 16 * legend_rows
    if chart.direct_labels:
        right = _label_margin(chart)
    return _Frame(x0, x1, lo, hi + (hi - lo) * 0.08, left, top, chart.width - left - right, chart.height - top - bottom)


def _label_margin(chart: Chart) -> int:
    """The width right of the plot for the direct labels: a sample of the line and the longest
    label, at most a third of the picture."""
    longest = max((len(s.label) for s in chart.series), default=0)
    return min(LABEL_INSET + 4 + CHAR_WIDTH * longest, chart.width // 3)


def line_chart(chart: Chart) -> str:
    """A chart of numbers over dates, with legend, axes, horizontal and vertical marks."""
    f = _frame(chart)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{_e(chart.css_class)}" viewBox="0 0 {chart.width} {chart.height}" '
        f'width="{chart.width}" height="{chart.height}" role="img" aria-label="{_e(chart.title)}" font-family="system-ui, sans-serif">',
        f"<title>{_e(chart.title)}</title><desc>{_e(_description(chart))}</desc>",
        f'<text x="{f.left}" y="15" font-size="12" font-weight="bold" fill="{INK}">'
        f"{_e(_clip(chart.title, (chart.width - f.left) // 8))}</text>",
    ]  # whole in <title>
    out += _axes(f, chart.lang)
    out += _marks(chart, f)
    out += _lines(chart, f)
    out += _end_labels(chart, f) if chart.direct_labels else []
    out += _legend(chart, f)
    out.append("</svg>")
    return "".join(out)


def _description(chart: Chart) -> str:
    """The chart's numbers in words, for a reader who cannot see it: each series from its first
    point to its last, each horizontal mark."""
    parts = []
    for s in chart.series:
        points = sorted(s.points, key=lambda p: p[0])
        if points:
            (d0, v0), (d1, v1) = points[0], points[-1]
            parts.append(
                f"{s.label}{colon(chart.lang)}{_fmt(v0, chart.lang)} ({d0.isoformat()}) → {_fmt(v1, chart.lang)} ({d1.isoformat()})"
            )
    parts += [f"{label}{colon(chart.lang)}{_fmt(value, chart.lang)}" for value, label, _ in chart.hlines]
    return " ; ".join(parts)


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
        near_end = vx + 3 + len(label) * CHAR_WIDTH > chart.width  # label left of a line it would pass
        out.append(
            f'<line x1="{_n(vx)}" x2="{_n(vx)}" y1="{f.top}" y2="{f.top + f.ph}" stroke="{color}" stroke-width="1.5"/>'
            f'<text x="{_n(vx - 3 if near_end else vx + 3)}" y="{f.top + 9 + 11 * row}" font-size="10" fill="{color}"{HALO}'
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
        dash = f' stroke-dasharray="{s.dasharray}"' if s.dasharray else ""
        out.append(
            f'<polyline fill="none" stroke="{s.color}" stroke-width="2"{dash} points="{path}"><title>{_e(s.label)}</title></polyline>'
        )
        if s.markers:
            out += [
                f'<circle cx="{_n(f.x(d))}" cy="{_n(f.y(v))}" r="2.6" fill="{s.color}"><title>{_e(s.label)} — {d.isoformat()}{colon(chart.lang)}{_e(_fmt(v, chart.lang))}</title></circle>'
                for d, v in points
            ]
    return out


def _legend_entries(chart: Chart) -> list[tuple[str, str, str]]:
    """(label, colour, dasharray) of the legend: the series (unless labelled in place) and the
    horizontal marks."""
    series = [] if chart.direct_labels else [(s.label, s.color, s.dasharray) for s in chart.series]
    return series + [(label, color, "2 3") for _, label, color in chart.hlines]


def _legend(chart: Chart, f: _Frame) -> list[str]:
    column = (chart.width - f.left) / 3
    out = []
    for index, (label, color, dasharray) in enumerate(_legend_entries(chart)):
        lx = f.left + column * (index % 3)
        ly = f.top + f.ph + 30 + 16 * (index // 3)
        out.append(_sample(lx, ly - 4, color, dasharray) + _label(lx + 20, ly, _clip(label, 38)))
    return out


def _sample(x: float, y: float, color: str, dasharray: str, length: int = 16) -> str:
    """A short stretch of a line as the chart draws it: its colour and its dashes."""
    dash = f' stroke-dasharray="{dasharray}"' if dasharray else ""
    return (
        f'<line x1="{_n(x)}" x2="{_n(x + length)}" y1="{_n(y)}" y2="{_n(y)}" stroke="{color}" stroke-width="2"{dash}/>'
    )


def _label(x: float, y: float, label: str, extra: str = "") -> str:
    return f'<text x="{_n(x)}" y="{_n(y)}" font-size="10" fill="{INK}"{extra}>{_e(label)}</text>'


def _end_labels(chart: Chart, f: _Frame) -> list[str]:
    """Each series' label at the right of the plot, level with where its line ends, moved apart
    from the others and joined to its line by a thin leader; a long label wraps at its spaces."""
    size = max((chart.width - f.left - f.pw - LABEL_INSET - 4) // CHAR_WIDTH, 4)
    ends = []
    for s in chart.series:
        if s.points:
            day, value = max(s.points, key=lambda p: p[0])
            ends.append((f.y(value), f.x(day), s, _wrap(s.label, size)))
    ends.sort(key=lambda end: end[0])
    placed = _spread([(wanted, len(lines)) for wanted, _, _, lines in ends], f.top - 8, f.top + f.ph + 8)
    lx, out = f.left + f.pw + 10, []
    for (wanted, x_end, s, lines), ly in zip(ends, placed):
        text = "".join(
            f'<tspan x="{_n(lx + SAMPLE + 4)}" dy="{0 if index == 0 else LABEL_GAP}">{_e(line)}</tspan>'
            for index, line in enumerate(lines)
        )
        out.append(
            f'<g class="series-label"><title>{_e(s.label)}</title><line x1="{_n(x_end)}" x2="{_n(lx - 2)}" '
            f'y1="{_n(wanted)}" y2="{_n(ly)}" stroke="{s.color}" stroke-width="1"/>'
            + _sample(lx, ly, s.color, s.dasharray, SAMPLE)
            + f'<text x="{_n(lx + SAMPLE + 4)}" y="{_n(ly + 3.5)}" font-size="10" fill="{INK}">{text}</text></g>'
        )
    return out


def _spread(wanted: list[tuple[float, int]], low: float, high: float) -> list[float]:
    """Where labels go: each as near as it can be to its wanted height, none closer to the next
    than LABEL_GAP per line of the one above, between ``low`` and ``high`` while they fit."""
    placed: list[float] = []
    for index, (y, _) in enumerate(wanted):  # downwards from the top...
        above = placed[-1] + LABEL_GAP * wanted[index - 1][1] if placed else low
        placed.append(max(y, above))
    bottom = high - LABEL_GAP * (wanted[-1][1] - 1) if wanted else high
    for index in range(len(placed) - 1, -1, -1):  # ...then back up from the bottom
        below = bottom if index == len(placed) - 1 else placed[index + 1] - LABEL_GAP * wanted[index][1]
        placed[index] = min(placed[index], below)
    return placed


def _wrap(label: str, size: int, most: int = 3) -> list[str]:
    """``label`` in lines of at most ``size`` characters, cut at spaces; ``most`` lines, the
    last clipped with an ellipsis when the label is longer."""
    lines: list[str] = []
    for word in label.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= size:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[: most - 1] + [" ".join(lines[most - 1 :])]
    return [_clip(line, size) for line in lines]


def _inside(x: float, low: float, high: float, half_width: float) -> str:
    """The ``text-anchor`` that keeps a label written at ``x`` between ``low`` and ``high``:
    centred where it fits, else ending at ``x`` (near the right edge) or starting there."""
    if x + half_width > high:
        return END_ANCHOR
    return ' text-anchor="start"' if x - half_width < low else ' text-anchor="middle"'


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
    lang: str = "fr"


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
            # a phase not followed by another runs to the chart's edge, which is no end of it: "→ …"
            f"<title>{_e(label)}{colon(t.lang)}{start.isoformat()} → {end.isoformat() if end < t.end else '…'}</title></rect>"
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
    tx, today = x(t.today), f"{t.today_label} {t.today.isoformat()}"
    out.append(
        f'<line x1="{_n(tx)}" x2="{_n(tx)}" y1="{top - 6}" y2="{h - 20}" stroke="#c62828" stroke-width="2"/>'
        f'<text x="{_n(tx)}" y="{top - 9}" font-size="10"{_inside(tx, 0, t.width, len(today) * CHAR_WIDTH / 2)} '
        f'fill="#c62828"{HALO}>{_e(today)}</text>'
    )
    out.append("</svg>")
    return "".join(out)
