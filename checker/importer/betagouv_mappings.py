"""beta.gouv.fr product page -> declaration, one small mapping per section.

Each mapping reads the page's front matter (already loaded with the loader's guards) and
fills its part of the declaration. A value of the wrong type, an impossible date or an
over-long text costs only its own field: it is left out and reported (file, line, reason);
the rest of the page is imported. ``fills`` lists the declaration paths a mapping can fill:
what no mapping fills is what the team must add (derived in ``base.unfilled_fields``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from checker.foundation.messages import text
from checker.reading.loader import Document
from checker.reading.schemas import declaration_schema

from .base import Issue, Mapping, schema_node, shorten

PAGE_URL = "https://beta.gouv.fr/startups/{id}.html"
MAX_TEXT = 2000  # characters: a longer value is no real page's; left out and reported
MAX_ITEMS = 500  # items of a list (phases, events, sponsors…): real pages have a few dozen at most
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[Tt ])")
PHASES = tuple(n for n in schema_node(declaration_schema(), "startup.phases[].name")["enum"] if n)
ACCESSIBILITY = tuple(n for n in schema_node(declaration_schema(), "accessibility.status")["enum"] if n)


@dataclass
class Mission:
    fullname: str
    start: dt.date | None
    end: dt.date | None
    employer: str | None


@dataclass
class Page:
    """One product page: its id, file, front matter and where that starts in the file."""

    id: str
    path: Path
    data: dict
    doc: Document | None = None
    offset: int = 1

    def line(self, where: str) -> int:
        return self.doc.locate(where)[0] + self.offset if self.doc is not None and self.doc.root is not None else 1


@dataclass
class Context:
    """What every page's mapping may use besides the page itself."""

    as_of: dt.date
    lang: str = "fr"
    organisations: dict[str, str] = field(default_factory=dict)
    missions: dict[str, list[Mission]] = field(default_factory=dict)
    updated_on: dict[str, dt.date] = field(default_factory=dict)  # page id -> last commit date


@dataclass
class Built:
    """What the mappings made of one page so far."""

    page: Page
    ctx: Context
    facts: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def problem(self, where: str, code: str, **params: object) -> None:
        params.setdefault("field", where)
        self.issues.append(Issue(str(self.page.path), self.page.line(where), code, params))

    def note(self, code: str, **params: object) -> None:
        self.notes.append(text(code, self.ctx.lang, **params))

    def put(self, path: str, value: object) -> None:
        node = self.facts
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value

    # typed reads: a wrong value is this field's problem, reported and left out
    def text(self, where: str, value: object) -> str | None:
        if value is None or (
            isinstance(value, (str, int, float)) and not isinstance(value, bool) and not str(value).strip()
        ):
            return None
        if isinstance(value, (dict, list, bool)):
            self.problem(where, "import.bad_type", expected=text("type.string", self.ctx.lang))
            return None
        shown = str(value).strip()
        if len(shown) > MAX_TEXT:
            self.problem(where, "import.too_long", size=len(shown), limit=MAX_TEXT)
            return None
        return shown

    def date(self, where: str, value: object) -> dt.date | None:
        if value is None or value == "":
            return None
        match = _DATE.match(value) if isinstance(value, str) else None
        if match:
            try:
                return dt.date(*map(int, match.groups()))
            except ValueError:
                pass
        self.problem(where, "import.bad_date", value=shorten(value, lang=self.ctx.lang))
        return None

    def items(self, where: str, value: object) -> list:
        if value is None:
            return []
        if isinstance(value, list) and len(value) > MAX_ITEMS:
            self.problem(where, "import.too_many", size=len(value), limit=MAX_ITEMS)
            return []
        if isinstance(value, list):
            return value
        self.problem(where, "import.bad_type", expected=text("type.array", self.ctx.lang))
        return []

    def mapping(self, where: str, value: object) -> dict | None:
        if isinstance(value, dict):
            return value
        self.problem(where, "import.bad_type", expected=text("type.object", self.ctx.lang))
        return None


def startup(b: Built) -> None:
    """``startup``: the id is the file name; title, incubator, link and phases are copied
    (legacy phase names kept; a phase with an unknown name or no valid start is left out)."""
    b.put("startup.id", b.page.id)
    for key in ("title", "incubator", "link"):
        value = b.text(key, b.page.data.get(key))
        if value:
            b.put(f"startup.{key}", value)
    phases = []
    for i, phase in enumerate(b.items("phases", b.page.data.get("phases"))):
        where = f"phases[{i}]"
        phase = b.mapping(where, phase) if phase is not None else None
        if phase is None:
            continue
        name, start = b.text(f"{where}.name", phase.get("name")), b.date(f"{where}.start", phase.get("start"))
        if name not in PHASES or start is None:
            b.note(
                "import.phase_skipped",
                name=shorten(name, lang=b.ctx.lang),
                start=shorten(phase.get("start"), lang=b.ctx.lang),
            )
            continue
        item: dict = {"name": name, "start": start}
        end, comment = b.date(f"{where}.end", phase.get("end")), b.text(f"{where}.comment", phase.get("comment"))
        if end:
            item["end"] = end
        if comment:
            item["comment"] = comment
        phases.append(item)
    if phases:
        b.put("startup.phases", phases)


def pick_intrapreneur(missions: list[Mission], as_of: dt.date) -> Mission | None:
    """The most recent admin mission covering ``as_of`` (start and end included)."""
    covering = [m for m in missions if (m.start is None or m.start <= as_of) and (m.end is None or as_of <= m.end)]
    if not covering:
        return None
    return max(covering, key=lambda m: (m.start or dt.date.min, m.end or dt.date.max))


def intrapreneur(b: Built) -> None:
    """``team.intrapreneur``: the most recent ``status: admin`` mission of ``content/_authors``
    naming the startup and covering the as-of date (a public agent)."""
    mission = pick_intrapreneur(b.ctx.missions.get(b.page.id, []), b.ctx.as_of)
    if mission is None:
        b.note("import.no_intrapreneur", as_of=b.ctx.as_of.isoformat())
        return
    b.put("team.intrapreneur", {"name": mission.fullname, "public_agent": True})
    if mission.employer:
        b.put("team.intrapreneur.employer", mission.employer)


def _sponsor_name(b: Built, where: str, item: object) -> str | None:
    if isinstance(item, dict):  # older pages: inline mappings
        ident = b.text(f"{where}.id", item.get("id")) or ""
        return (
            b.text(f"{where}.name", item.get("name"))
            or b.text(f"{where}.acronym", item.get("acronym"))
            or b.ctx.organisations.get(ident.rsplit("/", 1)[-1])
            or ident
            or None
        )
    ident = (b.text(where, item) or "").rstrip("/").rsplit("/", 1)[-1]
    return b.ctx.organisations.get(ident) or ident or None


def sponsor(b: Built) -> None:
    """``team.sponsor.organisation``: ``sponsors`` (or the older ``owner``, or inline mappings),
    named from ``content/_organisations``."""
    data = b.page.data
    where, raw = "sponsors", data.get("sponsors")
    if raw is None and data.get("owner"):
        where, raw = "owner", [data["owner"]]
    if isinstance(raw, (str, dict)):
        raw = [raw]
    names: list[str] = []
    for i, item in enumerate(b.items(where, raw)):
        name = _sponsor_name(b, f"{where}[{i}]" if where == "sponsors" else where, item)
        if name and name not in names:
            names.append(name)
    organisation = b.text(where, ", ".join(names)) if names else None
    if organisation:
        b.put("team.sponsor.organisation", organisation)
    elif not names:
        b.note("import.no_sponsor")


def committees(b: Built) -> None:
    """``committees``: the ``events`` named ``committee``, with their date and comment."""
    found = []
    for i, event in enumerate(b.items("events", b.page.data.get("events"))):
        event = b.mapping(f"events[{i}]", event) if event is not None else None
        if not event or event.get("name") != "committee":
            continue
        date = b.date(f"events[{i}].date", event.get("date"))
        if date is None:
            continue
        item: dict = {"date": date}
        comment = b.text(f"events[{i}].comment", event.get("comment"))
        if comment:
            item["comment"] = comment
        found.append(item)
    if found:
        b.put("committees", found)


def product_page(b: Built) -> None:
    """``product_page``: the page's URL; ``updated_on`` from the last git commit touching the
    page (when CONTENT_DIR is in a git checkout)."""
    b.put("product_page.url", PAGE_URL.format(id=b.page.id))
    updated_on = b.ctx.updated_on.get(b.page.id)
    if updated_on:
        b.put("product_page.updated_on", updated_on)
    else:
        b.note("import.no_updated_on")


def code_and_statistics(b: Built) -> None:
    """``source_code.repositories`` from ``repository``; ``statistics.url`` from ``stats_url``,
    else ``link`` + ``/stats`` when ``stats: true`` (as the beta.gouv.fr site does)."""
    data = b.page.data
    raw = data.get("repository")
    values = raw if isinstance(raw, list) else [raw]
    repositories = []
    for i, value in enumerate(values):
        repository = b.text(f"repository[{i}]" if isinstance(raw, list) else "repository", value)
        if repository and repository not in repositories:
            repositories.append(repository)
    if repositories:
        b.put("source_code.repositories", repositories)
    else:
        b.note("import.no_repository")
    stats_url, link = b.text("stats_url", data.get("stats_url")), b.text("link", data.get("link"))
    if not stats_url and data.get("stats") is True and link:
        stats_url = link.rstrip("/") + "/stats"
    if stats_url:
        b.put("statistics.url", stats_url)
    else:
        b.note("import.no_statistics")


def accessibility_and_security(b: Built) -> None:
    """``accessibility.status`` and ``security.mon_service_securise`` copied; ``analyse_risques:
    true`` noted (the page gives no workshop date or method)."""
    data = b.page.data
    secure = data.get("mon_service_securise")
    if isinstance(secure, bool):
        b.put("security.mon_service_securise", secure)
    elif secure is not None:
        b.problem("mon_service_securise", "import.bad_type", expected=text("type.boolean", b.ctx.lang))
    if data.get("analyse_risques") is True:
        b.note("import.risk_analysis")
    status = b.text("accessibility_status", data.get("accessibility_status"))
    if status in ACCESSIBILITY:
        b.put("accessibility.status", status)


def personal_data(b: Built) -> None:
    """``personal_data.processed: true`` when the page's ``rgpd`` section lists the personal
    data the product processes (``rgpd.donnees``, one page of the 2026 snapshot). No other page
    field says whether a product processes personal data, authenticates its users or is an
    online procedure: those facts stay absent, and an active product then fails them as
    ``missing`` (amendment of 2026-12-04) until the team states them."""
    raw = b.page.data.get("rgpd")
    rgpd = b.mapping("rgpd", raw) if raw is not None else None
    listed = b.items("rgpd.donnees", rgpd.get("donnees")) if rgpd else []
    if any(b.text(f"rgpd.donnees[{i}]", item) for i, item in enumerate(listed)):
        b.put("personal_data.processed", True)
    else:
        b.note("import.no_personal_data")


MAPPINGS: tuple[Mapping, ...] = (
    Mapping("startup", ("startup.id", "startup.title", "startup.incubator", "startup.link", "startup.phases"), startup),
    Mapping(
        "intrapreneur",
        ("team.intrapreneur.name", "team.intrapreneur.public_agent", "team.intrapreneur.employer"),
        intrapreneur,
    ),
    Mapping("sponsor", ("team.sponsor.organisation",), sponsor),
    Mapping("committees", ("committees[].date", "committees[].comment"), committees),
    Mapping("product_page", ("product_page.url", "product_page.updated_on"), product_page),
    Mapping("code_and_statistics", ("source_code.repositories", "statistics.url"), code_and_statistics),
    Mapping("personal_data", ("personal_data.processed",), personal_data),
    Mapping(
        "accessibility_and_security",
        ("security.mon_service_securise", "accessibility.status"),
        accessibility_and_security,
    ),
)

# lists merged item by item on re-import: the fields naming an item (none: plain values)
LIST_KEYS: dict[str, tuple[str, ...]] = {
    "startup.phases": ("name", "start"),
    "committees": ("date",),
    "source_code.repositories": (),
}


def build(page: Page, ctx: Context) -> Built:
    """Every mapping applied to one page, in the declaration's order."""
    built = Built(page, ctx)
    built.put("schema_version", 1)
    for mapping in MAPPINGS:
        mapping.build(built)
    return built
