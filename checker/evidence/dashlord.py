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
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.foundation.messages import register, text
from checker.foundation.wording import printable, shorten, system_error
from checker.reading.loader import load_json
from checker.reading.problems import Problem

from . import store
from .filling import located, read_declarations

MAX_BYTES = 4 * 1024 * 1024  # one tool's result: the sample's largest is 11 KB

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


def load_config(path: Path, lang: str = "fr") -> tuple[dict, list[str]]:
    """Scanned URL (exactly as written) -> betaId or None, read through the loader (a FIFO, a
    huge or deeply nested file refused); and the problems met, one sentence each. A betaId that
    breaks the declaration id rule maps nothing (said). :class:`ConfigError` when the file
    cannot be used at all."""
    from checker.reading.loader import load_file

    doc, problems = load_file(path)
    if problems:
        raise ConfigError(located(path, min(problems, key=lambda p: p.sort_key()), lang))
    urls = doc.data.get("urls") if isinstance(doc.data, dict) else None
    if not isinstance(urls, list):
        raise ConfigError(_said("no_urls", lang, where=path))
    config, said = {}, []
    for entry in urls:
        if not (isinstance(entry, dict) and isinstance(entry.get("url"), str)):
            continue
        beta = entry.get("betaId")
        if isinstance(beta, str) and beta.strip() and not store.valid_id(beta):
            said.append(_said("bad_beta", lang, beta=printable(shorten(beta, lang)), url=shorten(entry["url"], lang)))
            beta = None
        config[entry["url"]] = beta if isinstance(beta, str) and beta.strip() else None
    return config, said


class ConfigError(Exception):
    """A DashLord configuration that cannot be used: its one sentence."""


def load_declarations(paths: Iterable[str], lang: str = "fr") -> tuple[dict, list[str]]:
    """startup id -> declared ``startup.link`` (or None), from declaration files or directories
    read as ``check`` reads them (:func:`~checker.evidence.filling.read_declarations`); and one
    sentence per file left out."""
    declared = {}
    found, said = read_declarations(paths, lang)
    for data in found:
        link = data["startup"].get("link")
        declared[data["startup"]["id"]] = link if isinstance(link, str) else None
    return declared, said


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
    """The date of a result that carries none: ``--observed-on``, else the file's modification
    time (``OSError``, ``OverflowError`` or ``ValueError`` when it has none that makes a date)."""
    if observed_on is not None:
        return observed_on.isoformat(), "observed-on"
    mtime = dt.datetime.fromtimestamp(os.stat(path).st_mtime, dt.UTC)
    return mtime.date().isoformat(), "mtime"


def _iso_day(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return None


TEXT_LIMIT = 500  # characters of a text a result gives, kept at most (mentions and URLs are short)
LIST_LIMIT = 50  # items of a list a result gives, kept at most


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value[: TEXT_LIMIT * 2].strip()[:TEXT_LIMIT]
    return value if value and value != "null" else None


def _scalar(value: object) -> str | int | float | bool | None:
    """A detail kept as the source gave it when it is a number, a boolean or null; a text clipped;
    anything else (a list, a mapping) left out: the store keeps facts, not whole answers."""
    if value is None or isinstance(value, bool | int | float):
        return value
    return _text(value)


def _texts(values: object) -> list[str]:
    return [t for t in (_text(v) for v in values[:LIST_LIMIT]) if t] if isinstance(values, list) else []


register(
    "evidence.dashlord",
    {
        "folder": {
            "fr": "{where} : nom de dossier illisible (pas un base64 d'URL) ; ignoré",
            "en": "{where}: unreadable folder name (not the base64 of a URL); skipped",
        },
        "unreadable": {"fr": "{sentence} ; ignoré", "en": "{sentence}; skipped"},
        "shape": {
            "fr": "{where} : forme inattendue ({detail}) ; ignoré",
            "en": "{where}: unexpected shape ({detail}); skipped",
        },
        "no_urls": {
            "fr": "{where} : pas de liste `urls` ; configuration DashLord inutilisable",
            "en": "{where}: no `urls` list; DashLord configuration unusable",
        },
        "bad_beta": {
            "fr": "betaId « {beta} » (pour {url}) : identifiant de startup refusé (1 à 100 caractères, sans espace, caractère de contrôle, / ni \\) ; cette adresse n'est rattachée par lui à aucune startup",
            "en": "betaId “{beta}” (for {url}): startup id refused (1 to 100 characters, no white space, control character, / or \\); it maps this address to no startup",
        },
    },
)


def _said(code: str, lang: str, /, **params: object) -> str:
    return text(f"evidence.dashlord.{code}", lang, **params)


def read_results(
    results_dir: Path,
    config: dict | None = None,
    declared: dict | None = None,
    observed_on: dt.date | None = None,
    lang: str = "fr",
) -> Import:
    """Every result file of a known tool under ``results_dir``, each read through
    :func:`checker.reading.loader.load_json` (a regular file of at most :data:`MAX_BYTES`, nested at most
    64 levels): a bad file costs that file (one sentence in ``problems``), never the run."""
    results_dir = Path(results_dir)
    done = Import()
    config = config or {}
    for folder in _listing(results_dir, str(results_dir), done, lang):
        where = results_dir / folder
        if not where.is_dir():
            continue
        url = decode_folder(folder)
        if url is None:
            done.problems.append(_said("folder", lang, where=folder))
            continue
        startup, how = map_startup(url, config.get(url), declared)
        done.mapping[url] = (startup, how)
        for name in _listing(where, folder, done, lang):
            _read_one(done, where / name, f"{folder}/{name}", url, (startup, how), observed_on, lang)
    return done


def _listing(directory: Path, shown: str, done: Import, lang: str) -> list[str]:
    """The names in ``directory``, sorted; none (and a sentence) when it cannot be listed."""
    try:
        return sorted(os.listdir(directory))
    except OSError as exc:
        problem = Problem("file.unreadable", {"detail": system_error(exc)})
        done.problems.append(_said("unreadable", lang, sentence=located(shown, problem, lang)))
        return []


def _read_one(
    done: Import,
    path: Path,
    relative: str,
    url: str,
    mapped: tuple[str | None, str | None],
    observed_on: dt.date | None,
    lang: str,
) -> None:
    """One result file into ``done``: its observations, or the sentence that says why not."""
    tool = relative[:-5].rpartition("/")[2] if relative.endswith(".json") else None
    if tool not in KNOWN_TOOLS or path.is_dir():  # a FIFO or a device is read, and refused, below
        done.skipped.append(relative)
        return
    done.files_read.append(relative)
    data = load_json(path, MAX_BYTES)
    if isinstance(data, Problem):
        done.problems.append(_said("unreadable", lang, sentence=located(relative, data, lang)))
        return
    startup, how = mapped
    if startup is None:
        return
    try:
        fallback = _file_date(path, observed_on)
    except (OSError, OverflowError, ValueError) as exc:
        problem = Problem("file.unreadable", {"detail": system_error(exc)})
        done.problems.append(_said("unreadable", lang, sentence=located(relative, problem, lang)))
        return
    source = {"kind": "dashlord", "tool": tool, "file": relative, "scanned_url": url, "mapped_by": how}
    try:
        found = list(_READERS[tool](data, url, source, fallback))
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        done.problems.append(_said("shape", lang, where=relative, detail=type(exc).__name__))
        return
    done.observations.setdefault(startup, []).extend(found)


# each reader: (a result file's JSON, the scanned URL, the observations' source, (date, date source)) ->
# its observations
def _obs(fact: str, status: str, source: dict, date: tuple[str, str], **kw: Any) -> dict:
    return store.observation(fact, status, source, date[0], date[1], **kw)


def _stats(data: Any, url: str, source: dict, date: tuple[str, str]) -> Iterator[dict]:
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


def _a11y(data: Any, url: str, source: dict, date: tuple[str, str]) -> Iterator[dict]:
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


def _rgpd(data: Any, url: str, source: dict, date: tuple[str, str]) -> Iterator[dict]:
    items = data if isinstance(data, list) else [dict(v, slug=k) for k, v in data.items() if isinstance(v, dict)]
    facts = {"pc": "personal_data.privacy_notice_url", "ml": "legal_notice.url"}
    for item in items:
        if not isinstance(item, dict) or item.get("slug") not in facts:
            continue
        mention = _text(item.get("mention"))
        details = {
            "mention": mention,
            "score": _scalar(item.get("score")),
            "max_score": _scalar(item.get("maxScore")),
            "missing_words": _texts(item.get("missingWords")),
            "missing_trackers": _texts(item.get("missingTrackers")),
        }
        yield _obs(
            facts[item["slug"]],
            "found" if mention else "not-found",
            source,
            date,
            url=_text(item.get("declarationUrl")),
            details=details,
        )


def _updown(data: Any, url: str, source: dict, date: tuple[str, str]) -> Iterator[dict]:
    day = _iso_day(data.get("last_check_at"))
    if day:
        date = (day, "file")
    uptime = data.get("uptime")
    details = {
        "uptime_grade": _scalar(data.get("uptimeGrade")),
        "down": _scalar(data.get("down")),
        "last_status": _scalar(data.get("last_status")),
        "last_check_at": _scalar(data.get("last_check_at")),
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


def _http(data: Any, url: str, source: dict, date: tuple[str, str]) -> Iterator[dict]:
    scan = data.get("scan") or {}
    day = store.http_day((scan.get("responseHeaders") or {}).get("date"))
    if day:
        date = (day, "http-date")
    code = _scalar(scan.get("statusCode"))
    status = "found" if isinstance(code, int) and code < 400 else "error"
    yield _obs(
        "startup.link",
        status,
        source,
        date,
        url=url,
        details={"status_code": code, "grade": _scalar(scan.get("grade")), "score": _scalar(scan.get("score"))},
    )


def _thirdparties(data: Any, url: str, source: dict, date: tuple[str, str]) -> Iterator[dict]:
    day = store.http_day((data.get("headers") or {}).get("date"))
    if day:
        date = (day, "http-date")
    kinds: set[str] = {
        t["type"][:TEXT_LIMIT]
        for t in data.get("trackers") or []
        if isinstance(t, dict) and isinstance(t.get("type"), str) and t["type"]
    }
    trackers = sorted(kinds)[:LIST_LIMIT]
    yield _obs(
        "personal_data.trackers",
        "value",
        source,
        date,
        value=trackers,
        url=url,
        details={"cookies": len(data.get("cookies") or [])},
    )


def _betagouv(data: Any, url: str, source: dict, date: tuple[str, str]) -> Iterator[dict]:
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


def _budget(data: Any, url: str, source: dict, date: tuple[str, str]) -> Iterator[dict]:
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
