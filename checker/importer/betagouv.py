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

from ..schema import declaration_schema

FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^---[ \t]*$", re.S | re.M)
PAGE_URL = "https://beta.gouv.fr/startups/{id}.html"

# what a product page never holds, for the "to complete" header (French: the teams' language)
ALWAYS_MISSING = [
    "convention : référence, partenaire, signed_on, ends_on (et avenants, résiliation)",
    "commitments : approach et manifesto",
    "team.sponsor : nom et fonction de la personne (la fiche ne donne que l'organisation)",
    "committees : présidence par le partenaire, présence de la DINUM, indicateurs (la fiche ne donne que les dates)",
    "personal_data, authentication, online_procedure, budget",
    "security.risk_workshops : dates et démarche des ateliers d'analyse de risques",
]


@dataclass
class Page:
    id: str
    path: Path
    data: dict


@dataclass
class Outcome:
    written: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (file, line, reason)


def read_front_matter(path: Path) -> tuple[dict | None, tuple[int, str] | None]:
    """The page's YAML front matter, or (line, reason) when it is missing or broken."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, (1, f"illisible ({exc})")
    match = FRONT_MATTER.match(text)
    if not match:
        return None, (1, "pas d'en-tête YAML (front matter) entre deux lignes ---")
    try:
        data = yaml.load(match.group(1), Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        return None, ((mark.line + 2) if mark else 1, f"en-tête YAML invalide : {exc.problem}")
    except yaml.YAMLError as exc:
        return None, (1, f"en-tête YAML invalide : {exc}")
    if not isinstance(data, dict):
        return None, (2, "l'en-tête YAML n'est pas un dictionnaire")
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


def declaration(page: Page, organisations, missions, updated_on: dt.date | None, as_of: dt.date) -> tuple[dict, list[str]]:
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
            notes.append(f"phase ignorée (nom ou début invalide) : {name!r} {phase.get('start')!r}")
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
        notes.append(f"team.intrapreneur : aucune mission d'agent public (status: admin) ne couvre le {as_of.isoformat()}")
    if sponsors:
        team["sponsor"] = {"organisation": ", ".join(sponsors)}
    else:
        notes.append("team.sponsor : aucune organisation sponsor sur la fiche")
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
        notes.append("product_page.updated_on : date de dernière mise à jour de la fiche (inconnue hors d'un dépôt git)")
    out["product_page"] = page_info

    repository = _text(data.get("repository"))
    if repository:
        out["source_code"] = {"repositories": [repository]}
        notes.append("source_code.licence : identifiant SPDX de la licence du code")
    else:
        notes.append("source_code.repositories : aucun dépôt de code sur la fiche")

    stats_url, link = _text(data.get("stats_url")), _text(data.get("link"))
    if not stats_url and data.get("stats") is True and link:
        stats_url = link.rstrip("/") + "/stats"  # as the beta.gouv.fr site does
    if stats_url:
        out["statistics"] = {"url": stats_url}
    else:
        notes.append("statistics.url : aucune page de statistiques sur la fiche")

    security: dict = {}
    if isinstance(data.get("mon_service_securise"), bool):
        security["mon_service_securise"] = data["mon_service_securise"]
    if data.get("analyse_risques") is True:
        notes.append("security.risk_workshops : la fiche indique une analyse de risques (analyse_risques: true) mais sans date ni démarche")
    if security:
        out["security"] = security

    status = _text(data.get("accessibility_status"))
    accessibility_values = declaration_schema()["properties"]["accessibility"]["properties"]["status"]["enum"]
    if status in accessibility_values:
        out["accessibility"] = {"status": status}
    return out, notes + ALWAYS_MISSING


def render(page: Page, decl: dict, notes: list[str], content: Path, snapshot: str | None) -> str:
    source = page.path.relative_to(content.parent) if content.parent in page.path.parents else page.path
    head = [
        f"# Importé de la fiche produit beta.gouv.fr : {source}" + (f" ({snapshot})" if snapshot else ""),
        "# par `conformite import betagouv` (schéma : `conformite schema`). Les faits ci-dessous viennent de la fiche.",
        "# À compléter par l'équipe (la fiche ne les contient pas) :",
    ]
    head += [f"#   - {note}" for note in notes]
    body = yaml.safe_dump(decl, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return "\n".join(head) + "\n" + body


def import_pages(content: Path, out_dir: Path, as_of: dt.date, only: list[str] | None = None) -> Outcome:
    startups_dir = content / "_startups"
    if not startups_dir.is_dir():
        raise FileNotFoundError(f"{content}: pas de dossier _startups (attendu : le dossier content/ de beta.gouv.fr)")
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
        outcome.skipped += [(str(startups_dir / f"{m}.md"), 1, "fiche introuvable") for m in sorted(missing)]
    for path in pages:
        data, problem = read_front_matter(path)
        if problem:
            outcome.skipped.append((str(path), *problem))
            continue
        page = Page(path.stem, path, data)
        decl, notes = declaration(page, organisations, missions, dates.get(path), as_of)
        target = out_dir / f"{page.id}.yaml"
        target.write_text(render(page, decl, notes, content, snapshot), encoding="utf-8")
        outcome.written.append(target)
    return outcome


def _snapshot(content: Path) -> str | None:
    notice = content.parent / "NOTICE.md"
    if notice.is_file():
        match = re.search(r"commit `([0-9a-f]{7,40})`\s*\n?\(([0-9-]+)\)", notice.read_text(encoding="utf-8"))
        if match:
            return f"instantané {match.group(1)[:12]} du {match.group(2)}"
    return None


def main(args) -> int:
    as_of = args.as_of or dt.date.today()
    try:
        outcome = import_pages(Path(args.content_dir), Path(args.out), as_of, args.startup)
    except (FileNotFoundError, OSError) as exc:
        sys.stderr.write(f"conformite: {exc}\n")
        return 2
    for file, line, reason in outcome.skipped:
        sys.stderr.write(f"conformite: {file}:{line}: {reason} ; fiche ignorée\n")
    sys.stderr.write(f"conformite: {len(outcome.written)} déclarations écrites dans {args.out}"
                     + (f", {len(outcome.skipped)} fiches ignorées" if outcome.skipped else "") + "\n")
    return 2 if outcome.skipped else 0
