"""``conformite import betagouv CONTENT_DIR --out DIR``: beta.gouv.fr product pages to declarations.

beta.gouv.fr already publishes part of the facts for every startup (phases, repository,
statistics page, committees held, sponsoring organisations, intrapreneurs' missions). Each
page becomes one declaration holding those facts; what the page does not hold is left out and
listed at the top of the file as what the team must add. A page that cannot be read is
reported (one sentence with the file and line) and skipped; the run goes on.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader

from ..messages import text
from ..schema import declaration_schema

FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^---[ \t]*\r?$", re.S | re.M)
PAGE_URL = "https://beta.gouv.fr/startups/{id}.html"

@dataclass
class Page:
    id: str
    path: Path
    data: dict


@dataclass
class Outcome:
    written: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (file, line, message code, params)


def read_front_matter(path: Path) -> tuple[dict | None, tuple[int, str, dict] | None]:
    """The page's YAML front matter, or (line, message code, params) when it is missing or broken."""
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, (1, "import.unreadable", {"detail": exc})
    match = FRONT_MATTER.match(content)
    if not match:
        return None, (1, "import.no_front_matter", {})
    try:
        data = yaml.load(match.group(1), Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        return None, ((mark.line + 2) if mark else 1, "import.bad_front_matter", {"detail": exc.problem})
    except yaml.YAMLError as exc:
        return None, (1, "import.bad_front_matter", {"detail": exc})
    if not isinstance(data, dict):
        return None, (2, "import.not_mapping", {})
    return data, None


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _text(value) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = str(value).strip()
    return text or None


def organisation_names(content: Path) -> dict[str, str]:
    names = {}
    for path in sorted((content / "_organisations").glob("*.md")):
        data, _ = read_front_matter(path)
        if data:
            names[path.stem] = _text(data.get("name")) or _text(data.get("acronym")) or path.stem
    return names


@dataclass
class Mission:
    fullname: str
    start: dt.date | None
    end: dt.date | None
    employer: str | None


def intrapreneur_missions(content: Path) -> dict[str, list[Mission]]:
    """startup id -> the admin (public agent) missions naming it, from the member files."""
    index: dict[str, list[Mission]] = {}
    for path in sorted((content / "_authors").glob("*.md")):
        data, _ = read_front_matter(path)
        if not data:
            continue
        name = _text(data.get("fullname")) or path.stem
        for mission in data.get("missions") or []:
            if not isinstance(mission, dict) or mission.get("status") != "admin":
                continue
            for startup in mission.get("startups") or []:
                index.setdefault(str(startup), []).append(
                    Mission(name, _date(mission.get("start")), _date(mission.get("end")), _text(mission.get("employer"))))
    return index


def pick_intrapreneur(missions: list[Mission], as_of: dt.date) -> Mission | None:
    """The most recent admin mission covering ``as_of`` (start and end included)."""
    covering = [m for m in missions if (m.start is None or m.start <= as_of) and (m.end is None or as_of <= m.end)]
    if not covering:
        return None
    return max(covering, key=lambda m: (m.start or dt.date.min, m.end or dt.date.max))


def git_dates(content: Path, pages: list[Path]) -> dict[Path, dt.date]:
    """Date of the last commit touching each page, when CONTENT_DIR is inside a git checkout."""
    try:
        top = subprocess.run(["git", "-C", str(content), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, timeout=30)
        if top.returncode != 0:
            return {}
        log = subprocess.run(["git", "-C", str(content), "log", "--format=@%cs", "--name-only", "--", "."],
                             capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return {}
    if log.returncode != 0:
        return {}
    root = Path(top.stdout.strip())
    wanted = {p.resolve(): p for p in pages}
    dates: dict[Path, dt.date] = {}
    current = None
    for line in log.stdout.splitlines():
        if line.startswith("@"):
            current = _date(line[1:])
        elif line and current:
            page = wanted.get((root / line).resolve())
            if page is not None and page not in dates:  # newest first: keep the first date seen
                dates[page] = current
    return dates


def _sponsors(data: dict, organisations: dict[str, str]) -> list[str]:
    raw = data.get("sponsors")
    if raw is None and data.get("owner"):
        raw = [data["owner"]]
    if isinstance(raw, (str, dict)):
        raw = [raw]
    names = []
    for item in raw or []:
        if isinstance(item, dict):  # older pages: inline mappings
            ident = _text(item.get("id")) or ""
            name = _text(item.get("name")) or _text(item.get("acronym")) or organisations.get(ident.rsplit("/", 1)[-1]) or _text(ident)
        else:
            ident = (_text(item) or "").rstrip("/").rsplit("/", 1)[-1]
            name = organisations.get(ident) or (ident or None)
        if name and name not in names:
            names.append(name)
    return names


def declaration(page: Page, organisations, missions, updated_on: dt.date | None, as_of: dt.date,
                lang: str = "fr") -> tuple[dict, list[str]]:
    """The declaration of one page, and the notes on what the team must add."""
    data, notes = page.data, []
    schema_startup = declaration_schema()["properties"]["startup"]["properties"]
    known_phases = [n for n in schema_startup["phases"]["items"]["properties"]["name"]["enum"] if n]
    startup: dict = {"id": page.id}
    for key in ("title", "incubator", "link"):
        value = _text(data.get(key))
        if value:
            startup[key] = value
    phases = []
    for phase in data.get("phases") or []:
        if not isinstance(phase, dict):
            continue
        name, start = _text(phase.get("name")), _date(phase.get("start"))
        if name not in known_phases or start is None:
            notes.append(text("import.phase_skipped", lang, name=name, start=phase.get("start")))
            continue
        item = {"name": name, "start": start}
        if _date(phase.get("end")):
            item["end"] = _date(phase.get("end"))
        if _text(phase.get("comment")):
            item["comment"] = _text(phase.get("comment"))
        phases.append(item)
    if phases:
        startup["phases"] = phases
    out: dict = {"schema_version": 1, "startup": startup}

    sponsors = _sponsors(data, organisations)
    mission = pick_intrapreneur(missions.get(page.id, []), as_of)
    team: dict = {}
    if mission:
        team["intrapreneur"] = {"name": mission.fullname, "public_agent": True}
        if mission.employer:
            team["intrapreneur"]["employer"] = mission.employer
    else:
        notes.append(text("import.no_intrapreneur", lang, as_of=as_of.isoformat()))
    if sponsors:
        team["sponsor"] = {"organisation": ", ".join(sponsors)}
    else:
        notes.append(text("import.no_sponsor", lang))
    if team:
        out["team"] = team

    committees = []
    for event in data.get("events") or []:
        if isinstance(event, dict) and event.get("name") == "committee" and _date(event.get("date")):
            committee = {"date": _date(event["date"])}
            if _text(event.get("comment")):
                committee["comment"] = _text(event["comment"])
            committees.append(committee)
    if committees:
        out["committees"] = committees

    page_info: dict = {"url": PAGE_URL.format(id=page.id)}
    if updated_on:
        page_info["updated_on"] = updated_on
    else:
        notes.append(text("import.no_updated_on", lang))
    out["product_page"] = page_info

    repository = data.get("repository")
    repositories = [r for r in (_text(x) for x in (repository if isinstance(repository, list) else [repository])) if r]
    if repositories:
        out["source_code"] = {"repositories": repositories}
        notes.append(text("import.licence", lang))
    else:
        notes.append(text("import.no_repository", lang))

    stats_url, link = _text(data.get("stats_url")), _text(data.get("link"))
    if not stats_url and data.get("stats") is True and link:
        stats_url = link.rstrip("/") + "/stats"  # as the beta.gouv.fr site does
    if stats_url:
        out["statistics"] = {"url": stats_url}
    else:
        notes.append(text("import.no_statistics", lang))

    security: dict = {}
    if isinstance(data.get("mon_service_securise"), bool):
        security["mon_service_securise"] = data["mon_service_securise"]
    if data.get("analyse_risques") is True:
        notes.append(text("import.risk_analysis", lang))
    if security:
        out["security"] = security

    status = _text(data.get("accessibility_status"))
    accessibility_values = declaration_schema()["properties"]["accessibility"]["properties"]["status"]["enum"]
    if status in accessibility_values:
        out["accessibility"] = {"status": status}
    return out, notes + text("import.always", lang).splitlines()


def render(page: Page, decl: dict, notes: list[str], content: Path, snapshot: dict | None, lang: str = "fr") -> str:
    source = page.path.relative_to(content.parent) if content.parent in page.path.parents else page.path
    shot = text("import.snapshot", lang, **snapshot) if snapshot else ""
    head = ["# " + line for line in text("import.header", lang, source=source, snapshot=shot).splitlines()]
    head += [f"#   - {note}" for note in notes]
    body = yaml.safe_dump(decl, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return "\n".join(head) + "\n" + body


class NotContentDir(Exception):
    """CONTENT_DIR is not beta.gouv.fr's content folder."""


def import_pages(content: Path, out_dir: Path, as_of: dt.date, only: list[str] | None = None,
                 lang: str = "fr") -> Outcome:
    startups_dir = content / "_startups"
    if not startups_dir.is_dir():
        raise NotContentDir(text("import.no_startups_dir", lang, dir=content))
    pages = sorted(startups_dir.glob("*.md"))
    if only:
        wanted = set(only)
        missing = wanted - {p.stem for p in pages}
        pages = [p for p in pages if p.stem in wanted]
    organisations = organisation_names(content)
    missions = intrapreneur_missions(content)
    dates = git_dates(content, pages)
    snapshot = _snapshot(content)
    out_dir.mkdir(parents=True, exist_ok=True)
    outcome = Outcome()
    if only:
        outcome.skipped += [(str(startups_dir / f"{m}.md"), 1, "import.missing_page", {}) for m in sorted(missing)]
    id_pattern = re.compile(declaration_schema()["properties"]["startup"]["properties"]["id"]["pattern"])
    for path in pages:
        if not id_pattern.search(path.stem):
            outcome.skipped.append((str(path), 1, "import.bad_id", {"id": path.stem}))
            continue
        data, problem = read_front_matter(path)
        if problem:
            outcome.skipped.append((str(path), *problem))
            continue
        page = Page(path.stem, path, data)
        decl, notes = declaration(page, organisations, missions, dates.get(path), as_of, lang)
        target = out_dir / f"{page.id}.yaml"
        target.write_text(render(page, decl, notes, content, snapshot, lang), encoding="utf-8")
        outcome.written.append(target)
    return outcome


def _snapshot(content: Path) -> dict | None:
    """The snapshot's commit and date, from the NOTICE.md beside CONTENT_DIR when there is one."""
    notice = content.parent / "NOTICE.md"
    if notice.is_file():
        match = re.search(r"commit `([0-9a-f]{7,40})`\s*\n?\(([0-9-]+)\)", notice.read_text(encoding="utf-8"))
        if match:
            return {"commit": match.group(1)[:12], "date": match.group(2)}
    return None


def main(args) -> int:
    as_of = args.as_of or dt.date.today()
    lang = args.lang
    try:
        outcome = import_pages(Path(args.content_dir), Path(args.out), as_of, args.startup, lang)
    except NotContentDir as exc:
        sys.stderr.write(f"conformite: {exc}\n")
        return 2
    except OSError as exc:
        sys.stderr.write(f"conformite: {exc.filename or args.out}: {exc.strerror or exc}\n")
        return 2
    for file, line, code, params in outcome.skipped:
        sys.stderr.write(f"conformite: {file}:{line}: {text('import.skipped', lang, reason=text(code, lang, **params))}\n")
    summary = text("import.summary", lang, written=len(outcome.written), out=args.out)
    if outcome.skipped:
        summary += text("import.summary_skipped", lang, skipped=len(outcome.skipped))
    sys.stderr.write(f"conformite: {summary}\n")
    return 2 if outcome.skipped else 0
