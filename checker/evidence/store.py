"""The evidence store: a directory of JSON documents, one per startup (``<startup id>.json``).

Shape of a document (``evidence_version`` 1)::

    {"evidence_version": 1,
     "startup": "mobilic",
     "observations": [
       {"fact": "statistics.url",            # the declaration fact it bears on
        "status": "not-found",               # found | not-found | value | unreachable | error
        "value": null,                       # what was observed (text, number) when status is value
        "url": "https://mobilic.beta.gouv.fr/stats",   # the address observed, when there is one
        "details": {"grade": "F", "checked": "<url>/stats"},   # the source's own words
        "source": {"kind": "dashlord", "tool": "stats",
                   "file": "aHR0cHM6Ly9tb2JpbGljLmJldGEuZ291di5mcg==/stats.json",
                   "scanned_url": "https://mobilic.beta.gouv.fr"},
        "observed_on": "2026-10-04",         # YYYY-MM-DD
        "date_source": "file"}               # file (a date written by the tool) | observed-on
     ]}                                      # (--observed-on) | mtime (file modification) | probe

Observations are sorted (fact, source, date, url) so the same inputs give the same bytes; every
write goes through :mod:`checker.atomic`. A re-import replaces the observations of its own
source kind (``dashlord`` or ``probe``) for the startups it covers and keeps the others.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..atomic import atomic_write_text

VERSION = 1
STATUSES = ("found", "not-found", "value", "unreachable", "error")
DATE_SOURCES = ("file", "observed-on", "mtime", "probe")


class StoreError(Exception):
    """An evidence document that cannot be read: one sentence, naming the file."""


def observation(
    fact: str,
    status: str,
    source: dict,
    observed_on: str,
    date_source: str,
    *,
    value=None,
    url: str | None = None,
    details: dict | None = None,
) -> dict:
    assert status in STATUSES and date_source in DATE_SOURCES
    return {
        "fact": fact,
        "status": status,
        "value": value,
        "url": url,
        "details": details or {},
        "source": source,
        "observed_on": observed_on,
        "date_source": date_source,
    }


def _key(obs: dict):
    source = obs.get("source") or {}
    return (
        obs.get("fact", ""),
        source.get("kind", ""),
        source.get("tool", ""),
        source.get("file", ""),
        obs.get("observed_on", ""),
        obs.get("url") or "",
    )


def file_for(directory: Path, startup: str) -> Path:
    return Path(directory) / f"{startup}.json"


def load(directory: Path, startup: str) -> list[dict]:
    """The observations about ``startup`` ([] when the store has none)."""
    path = file_for(directory, startup)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path}: {exc}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise StoreError(f"{path}:{exc.lineno}:{exc.colno}: {exc.msg}") from None
    if (
        not isinstance(data, dict)
        or data.get("evidence_version") != VERSION
        or not isinstance(data.get("observations"), list)
    ):
        raise StoreError(f"{path}: not an evidence document (evidence_version {VERSION})")
    return [o for o in data["observations"] if isinstance(o, dict) and isinstance(o.get("fact"), str)]


def save(directory: Path, startup: str, observations: list[dict], replace_kind: str | None = None) -> Path:
    """Write ``startup``'s document, merging with what it holds: observations of ``replace_kind``
    already there are replaced by the new ones, the others kept."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    try:
        kept = load(directory, startup)
    except StoreError:
        kept = []  # an unreadable document is rewritten whole
    if replace_kind is not None:
        kept = [o for o in kept if (o.get("source") or {}).get("kind") != replace_kind]
    merged = sorted(kept + list(observations), key=_key)
    document = {"evidence_version": VERSION, "startup": startup, "observations": merged}
    path = file_for(directory, startup)
    atomic_write_text(path, json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n")
    return path


def startups(directory: Path) -> list[str]:
    return sorted(name[:-5] for name in os.listdir(directory) if name.endswith(".json") and not name.startswith("."))
