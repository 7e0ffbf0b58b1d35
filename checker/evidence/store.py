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
        "date_source": "file"}               # where observed_on comes from (DATE_SOURCES)
     ]}

``date_source``: ``file`` (a date the DashLord tool wrote in its result), ``http-date`` (the
``Date`` header of the answer a probe got), ``probe`` (the probe's own clock: the answer had no
usable ``Date``), ``observed-on`` (``--observed-on``: the source carries no date) or ``mtime``
(the result file's modification time: no date in the source, no ``--observed-on``).

Observations are sorted (fact, source, date, url) so the same inputs give the same bytes. A
startup id becomes a file name only when it passes the declaration's id rule (the schema's
``startup.id`` pattern) and :func:`checker.foundation.atomic.inside` keeps it in the directory; a file
there that is not an evidence document is never replaced. Documents are read through
:func:`checker.reading.loader.load_json` (regular files only, size and depth bounded) and written
through :mod:`checker.foundation.atomic`. A re-import replaces the observations of its own source kind
(``dashlord`` or ``probe``) for the startups it covers and keeps the others.
"""

from __future__ import annotations

import email.utils
import functools
import json
import os
from collections.abc import Callable
from pathlib import Path

from checker.foundation.atomic import OutsideOutput, atomic_write_text, inside
from checker.foundation.messages import register, text
from checker.foundation.wording import printable, shorten
from checker.reading.loader import load_json
from checker.reading.problems import Problem

VERSION = 1
STATUSES = ("found", "not-found", "value", "unreachable", "error")
DATE_SOURCES = ("file", "http-date", "probe", "observed-on", "mtime")
MAX_BYTES = 8 * 1024 * 1024  # one startup's document: a few kilobytes in practice

register(
    "evidence.store",
    {
        "id": {
            "fr": "« {id} » : identifiant de startup refusé (1 à 100 caractères, sans espace, caractère de contrôle, / ni \\) ; rien n'est écrit pour lui",
            "en": "“{id}”: startup id refused (1 to 100 characters, no white space, control character, / or \\); nothing written for it",
        },
        "outside": {
            "fr": "« {id} » : ce nom de fichier sortirait de {directory} ; rien n'est écrit pour lui",
            "en": "“{id}”: this file name would leave {directory}; nothing written for it",
        },
        "not_evidence": {
            "fr": "{path} : ce fichier n'est pas un document de preuves (evidence_version {version}) ; laissé tel quel, rien n'est écrit pour « {id} »",
            "en": "{path}: this file is not an evidence document (evidence_version {version}); left as it is, nothing written for “{id}”",
        },
        "unreadable": {
            "fr": "{path} : {detail} ; ses observations ne sont pas utilisées",
            "en": "{path}: {detail}; its observations are not used",
        },
        "foreign": {
            "fr": "{path} : ce fichier n'est pas un document de preuves (evidence_version {version}) ; non utilisé",
            "en": "{path}: this file is not an evidence document (evidence_version {version}); not used",
        },
        "write": {"fr": "{path} : écriture impossible ({detail})", "en": "{path}: cannot be written ({detail})"},
    },
)


class StoreError(Exception):
    """A document that cannot be read or written: one sentence, naming the file or the id."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code, self.params = code, params

    def text(self, lang: str = "fr") -> str:
        params = {}
        for key, value in self.params.items():
            if isinstance(value, Problem):
                from checker.judging.evaluate import render_problem

                value = render_problem(value, lang)
            elif hasattr(value, "shown"):  # an operating-system error, in the reader's language
                value = value.shown(lang)
            params[key] = printable(shorten(value, lang, 200)) if isinstance(value, str) else value
        return text(f"evidence.store.{self.code}", lang, version=VERSION, **params)

    def __str__(self) -> str:
        return self.text("en")


@functools.lru_cache(maxsize=1)
def _id_rule() -> Callable[[str], object]:
    """The declaration schema's own ``startup.id`` pattern (one rule for ids, wherever they come from)."""
    from checker.judging.hints import schema_node
    from checker.reading.fastschema import compile_pattern

    node = schema_node("startup.id")
    assert node is not None and "pattern" in node
    return compile_pattern(node["pattern"]).search


def http_day(value: object) -> str | None:
    """The day (``YYYY-MM-DD``) of an HTTP date (``Sun, 04 Oct 2026 09:12:00 GMT``: a ``Date`` or
    ``Last-Modified`` header, as an answer or a DashLord result gives it), or None."""
    if not isinstance(value, str):
        return None
    try:
        return email.utils.parsedate_to_datetime(value[:200]).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def valid_id(value: object) -> bool:
    """Whether ``value`` may be a startup id: what the declaration schema accepts as ``startup.id``."""
    return isinstance(value, str) and _id_rule()(value) is not None


def observation(
    fact: str,
    status: str,
    source: dict,
    observed_on: str,
    date_source: str,
    *,
    value: object = None,
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


def _key(obs: dict) -> tuple[str, ...]:
    source = obs.get("source") or {}
    return (
        str(obs.get("fact", "")),
        str(source.get("kind", "")),
        str(source.get("tool", "")),
        str(source.get("file", "")),
        str(obs.get("observed_on", "")),
        str(obs.get("url") or ""),
    )


def file_for(directory: Path, startup: str) -> Path:
    """``directory/<startup>.json``, or :class:`StoreError` when the id breaks the id rule or
    the name would lead out of ``directory``."""
    if not valid_id(startup):
        raise StoreError("id", id=str(startup))
    try:
        return inside(directory, f"{startup}.json")
    except OutsideOutput:
        raise StoreError("outside", id=startup, directory=str(directory)) from None


def load(directory: Path, startup: str) -> list[dict]:
    """The observations about ``startup`` ([] when the store has none)."""
    path = file_for(directory, startup)
    if not os.path.lexists(path):
        return []
    data = load_json(path, MAX_BYTES)
    if isinstance(data, Problem):
        raise StoreError("unreadable", path=f"{path}:{data.line}:{data.column}", detail=data)
    if (
        not isinstance(data, dict)
        or data.get("evidence_version") != VERSION
        or not isinstance(data.get("observations"), list)
    ):
        raise StoreError("foreign", path=str(path))
    return [o for o in data["observations"] if isinstance(o, dict) and isinstance(o.get("fact"), str)]


def save(directory: Path, startup: str, observations: list[dict], replace_kind: str | None = None) -> Path:
    """Write ``startup``'s document, merging with what it holds: observations of ``replace_kind``
    already there are replaced by the new ones, the others kept. :class:`StoreError` (nothing
    written) for a refused id, or when the file there is not an evidence document."""
    directory = Path(directory)
    path = file_for(directory, startup)
    try:
        kept = load(directory, startup)
    except StoreError as exc:  # never replace what is not ours, nor what we cannot read
        if exc.code in ("unreadable", "foreign"):
            raise StoreError("not_evidence", path=str(path), id=startup) from None
        raise
    if replace_kind is not None:
        kept = [o for o in kept if (o.get("source") or {}).get("kind") != replace_kind]
    merged = sorted(kept + list(observations), key=_key)
    document = {"evidence_version": VERSION, "startup": startup, "observations": merged}
    from checker.foundation.wording import system_error

    try:
        atomic_write_text(path, json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n")
    except OSError as exc:
        raise StoreError("write", path=str(path), detail=system_error(exc)) from None
    return path
