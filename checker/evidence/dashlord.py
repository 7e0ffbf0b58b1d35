"""Reader of DashLord results (``results/<base64 URL>/<tool>.json`` + ``dashlord.yml``).

What each tool really checks, and so what its observation may mean:

- ``stats``: only whether ``<url>/stats`` answers (grade A) or not (F). An F says nothing about a
  statistics page at another address: the observation records the address it checked.
- ``declaration-a11y``: the accessibility mention scraped from the home page (``Accessibilité :
  partiellement conforme``) and the statement link found; the link is kept as found, malformed
  or off-site.
- ``declaration-rgpd``: exact-wording checks of the legal notice (``ml``) and privacy policy
  (``pc``) pages: whether a link with the expected words was found, its score and missing words.
  A missing link may be a wording mismatch (DashLord's best-known false negative).
- ``updownio``: uptime percentage measured by updown.io, dated by ``last_check_at``.
- ``http``, ``thirdparties``: the home page answered (status, grade; trackers seen), dated by the
  HTTP ``date`` header when there is one.
- ``betagouv``: the beta.gouv.fr record of the startup (what is declared there, not observed).
- ``budget_page``: like ``stats``, for a budget page (``url`` may be the text ``"null"``).

Most tools write no date: their observations take ``--observed-on`` or else the file's
modification time, and say which (``date_source``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import email.utils
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import store

KNOWN_TOOLS = (
    "stats",
    "declaration-a11y",
    "declaration-rgpd",
    "updownio",
    "http",
    "betagouv",
    "thirdparties",
    "budget_page",
)


def normalise(url: str) -> str:
    """A URL as the mapping compares it: lower case, no scheme, no leading www., no trailing /."""
    value = url.strip().lower()
    value = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value)
    value = value.removeprefix("www.")
    return value.rstrip("/")


def decode_folder(name: str) -> str | None:
    try:
        return base64.b64decode(name, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


@dataclass
class Import:
    """What an import did: per startup its observations; the files read; the problems met."""

    observations: dict = field(default_factory=dict)  # startup -> [observation]
    files_read: list = field(default_factory=list)  # relative paths, in reading order
    mapping: dict = field(default_factory=dict)  # scanned URL -> (startup | None, how)
    problems: list = field(default_factory=list)  # one sentence each
    skipped: list = field(default_factory=list)  # files of tools this reader does not use


def load_config(path: Path | None) -> dict:
    """Scanned URL (exactly as written) -> betaId or None."""
    if path is None:
        return {}
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    urls = data.get("urls") if isinstance(data, dict) else None
    if not isinstance(urls, list):
        raise ValueError("no `urls` list")
    config = {}
    for entry in urls:
        if isinstance(entry, dict) and isinstance(entry.get("url"), str):
            beta = entry.get("betaId")
            config[entry["url"]] = beta if isinstance(beta, str) and beta.strip() else None
    return config


def load_declarations(paths) -> dict:
    """startup id -> declared ``startup.link`` (or None), from declaration files or directories."""
    from ..run import collect

    declared = {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for _shown, target in collect(paths):
        if not isinstance(target, Path):
            continue
        try:
            data = yaml.load(target.read_text(encoding="utf-8"), Loader=loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        startup = data.get("startup") if isinstance(data, dict) else None
        if isinstance(startup, dict) and isinstance(startup.get("id"), str):
            link = startup.get("link")
            declared[startup["id"]] = link if isinstance(link, str) else None
    return declared


def map_startup(url: str, beta_id: str | None, declared: dict | None) -> tuple[str | None, str | None]:
    """The startup a scanned URL belongs to, and how it was found (``betaId`` or ``link``).

    ``betaId`` first; but when declarations are known and the betaId names none of them, or names
    one whose own ``link`` is another site while another declaration's ``link`` is this URL, the
    declared ``link`` decides (dashlord.yml's betaId can be an old or a sibling id)."""
    if not declared:
        return (beta_id, "betaId") if beta_id else (None, None)
    here = normalise(url)
    by_link = sorted(sid for sid, link in declared.items() if link and normalise(link) == here)
    if beta_id in declared:
        own = declared[beta_id]
        if not by_link or beta_id in by_link or not own:
            return beta_id, "betaId"
    if by_link:
        return by_link[0], "link"
    return (beta_id, "betaId") if beta_id else (None, None)


def _file_date(path: Path, observed_on: dt.date | None) -> tuple[str, str]:
    if observed_on is not None:
        return observed_on.isoformat(), "observed-on"
    mtime = dt.datetime.fromtimestamp(os.stat(path).st_mtime, dt.UTC)
    return mtime.date().isoformat(), "mtime"


def _iso_day(value) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return None


def _http_day(value) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _text(value) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() and value.strip() != "null" else None


PROBLEMS = {
    "fr": {
        "folder": "{where} : nom de dossier illisible (pas un base64 d'URL) ; ignoré",
        "unreadable": "{where} : illisible ({detail}) ; ignoré",
        "shape": "{where} : forme inattendue ({detail}) ; ignoré",
    },
    "en": {
        "folder": "{where}: unreadable folder name (not the base64 of a URL); skipped",
        "unreadable": "{where}: unreadable ({detail}); skipped",
        "shape": "{where}: unexpected shape ({detail}); skipped",
    },
}


def read_results(
    results_dir: Path,
    config: dict | None = None,
    declared: dict | None = None,
    observed_on: dt.date | None = None,
    lang: str = "fr",
) -> Import:
    results_dir = Path(results_dir)
    say = PROBLEMS[lang]
    done = Import()
    config = config or {}
    for folder in sorted(os.listdir(results_dir)):
        where = results_dir / folder
        if not where.is_dir():
            continue
        url = decode_folder(folder)
        if url is None:
            done.problems.append(say["folder"].format(where=folder))
            continue
        startup, how = map_startup(url, config.get(url), declared)
        done.mapping[url] = (startup, how)
        for name in sorted(os.listdir(where)):
            path = where / name
            relative = f"{folder}/{name}"
            tool = name[:-5] if name.endswith(".json") else None
            if tool not in KNOWN_TOOLS or not path.is_file():
                done.skipped.append(relative)
                continue
            done.files_read.append(relative)
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                done.problems.append(say["unreadable"].format(where=relative, detail=str(exc)[:200]))
                continue
            if startup is None:
                continue
            fallback = _file_date(path, observed_on)
            source = {"kind": "dashlord", "tool": tool, "file": relative, "scanned_url": url, "mapped_by": how}
            try:
                found = list(_READERS[tool](data, url, source, fallback))
            except (AttributeError, KeyError, TypeError, ValueError) as exc:
                done.problems.append(say["shape"].format(where=relative, detail=type(exc).__name__))
                continue
            done.observations.setdefault(startup, []).extend(found)
    return done


def _obs(fact, status, source, date, **kw):
    return store.observation(fact, status, source, date[0], date[1], **kw)


def _stats(data, url, source, date):
    grade = _text(data.get("grade"))
    uri = _text(data.get("uri")) or "stats"
    checked = url.rstrip("/") + "/" + uri.lstrip("/")
    status = {"A": "found", "F": "not-found"}.get(grade or "", "value")
    yield _obs(
        "statistics.url",
        status,
        source,
        date,
        value=grade if status == "value" else None,
        url=checked,
        details={"grade": grade, "checked": checked},
    )


_MENTION = re.compile(r"^\s*accessibilit[ée]\s*:\s*(.+?)\s*$", re.I)


def _a11y(data, url, source, date):
    mention = _text(data.get("mention"))
    statement = _text(data.get("declarationUrl"))
    status_text = None
    if mention:
        match = _MENTION.match(mention)
        status_text = (match.group(1) if match else mention).lower()
    details: dict[str, object] = {"mention": mention}
    if statement and "//" in statement.split("://", 1)[-1]:
        details["url_malformed"] = True
    yield _obs(
        "accessibility.status",
        "value" if status_text else "not-found",
        source,
        date,
        value=status_text,
        url=statement,
        details=details,
    )


def _rgpd(data, url, source, date):
    items = data if isinstance(data, list) else [dict(v, slug=k) for k, v in data.items() if isinstance(v, dict)]
    facts = {"pc": "personal_data.privacy_notice_url", "ml": "legal_notice.url"}
    for item in items:
        if not isinstance(item, dict) or item.get("slug") not in facts:
            continue
        mention = _text(item.get("mention"))
        details = {
            "mention": mention,
            "score": item.get("score"),
            "max_score": item.get("maxScore"),
            "missing_words": list(item.get("missingWords") or []),
            "missing_trackers": list(item.get("missingTrackers") or []),
        }
        yield _obs(
            facts[item["slug"]],
            "found" if mention else "not-found",
            source,
            date,
            url=_text(item.get("declarationUrl")),
            details=details,
        )


def _updown(data, url, source, date):
    day = _iso_day(data.get("last_check_at"))
    if day:
        date = (day, "file")
    uptime = data.get("uptime")
    details = {
        "uptime_grade": data.get("uptimeGrade"),
        "down": data.get("down"),
        "last_status": data.get("last_status"),
        "last_check_at": data.get("last_check_at"),
    }
    if isinstance(uptime, (int, float)) and not isinstance(uptime, bool):
        yield _obs(
            "online_procedure.observatoire.availability",
            "value",
            source,
            date,
            value=float(uptime),
            url=_text(data.get("url")),
            details=details,
        )


def _http(data, url, source, date):
    scan = data.get("scan") or {}
    day = _http_day((scan.get("responseHeaders") or {}).get("date"))
    if day:
        date = (day, "file")
    code = scan.get("statusCode")
    status = "found" if isinstance(code, int) and code < 400 else "error"
    yield _obs(
        "startup.link",
        status,
        source,
        date,
        url=url,
        details={"status_code": code, "grade": scan.get("grade"), "score": scan.get("score")},
    )


def _thirdparties(data, url, source, date):
    day = _http_day((data.get("headers") or {}).get("date"))
    if day:
        date = (day, "file")
    kinds: set[str] = {
        t["type"]
        for t in data.get("trackers") or []
        if isinstance(t, dict) and isinstance(t.get("type"), str) and t["type"]
    }
    trackers = sorted(kinds)
    yield _obs(
        "personal_data.trackers",
        "value",
        source,
        date,
        value=trackers,
        url=url,
        details={"cookies": len(data.get("cookies") or [])},
    )


def _betagouv(data, url, source, date):
    attributes = data.get("attributes") or {}
    for fact, key in (
        ("accessibility.status", "accessibility_status"),
        ("statistics.url", "stats_url"),
        ("budget.page_url", "budget_url"),
        ("source_code.repositories", "repository"),
    ):
        value = _text(attributes.get(key))
        if value:
            yield _obs(
                fact,
                "value",
                dict(source, declared_on_betagouv=True),
                date,
                value=value,
                url=value if key != "accessibility_status" else None,
            )


def _budget(data, url, source, date):
    grade = _text(data.get("grade"))
    page = _text(data.get("url"))
    yield _obs(
        "budget.page_url", "found" if grade == "A" else "not-found", source, date, url=page, details={"grade": grade}
    )


_READERS = {
    "stats": _stats,
    "declaration-a11y": _a11y,
    "declaration-rgpd": _rgpd,
    "updownio": _updown,
    "http": _http,
    "thirdparties": _thirdparties,
    "betagouv": _betagouv,
    "budget_page": _budget,
}
