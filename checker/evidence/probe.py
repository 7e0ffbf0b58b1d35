"""``conformite evidence probe PATH... --out DIR``: check the URLs declarations give, over HTTP.

Which URLs: ``statistics.url``, ``product_page.url``, ``personal_data.privacy_notice_url``,
each of ``source_code.repositories`` and ``convention.publication.*``; for a repository on
github.com or gitlab.com, also the licence the forge detects, through its public API (base URLs
configurable: ``--github-api``, ``--gitlab-api``); its API answer stands for the repository page
(404: the repository does not exist).

How: :mod:`checker.evidence.fetch` asks (a total deadline per request, redirects followed and
every hop's address checked, bodies capped after decompression, facts only). Here: what to ask,
the cache and the documents. Answers are cached in ``DIR/.cache/probe.json``, facts only and
cleaned again when read (:func:`clean_answer`); a re-run within ``--cache-hours`` (24) asks
nothing again, except what failed or answered 429/5xx. Each startup's document is written as
soon as its answers are in (and the cache every few seconds): an interrupted run keeps what it
had. Every failure is an observation (``unreachable`` with its reason), never a crash.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from checker.foundation.atomic import OutsideOutput, atomic_write_text, inside
from checker.foundation.wording import counted, number, system_error
from checker.reading.loader import load_json
from checker.reading.problems import Problem

from . import store
from .fetch import MAX_REDIRECTS, RETRY_STATUS, USER_AGENT, Prober, clip, run_interruptibly
from .filling import located, out_dir, read_declarations, save, say, tell

if TYPE_CHECKING:
    import argparse

    import httpx

URL_FACTS = (
    "statistics.url",
    "product_page.url",
    "personal_data.privacy_notice_url",
    "convention.publication.gouvernement_fr",
    "convention.publication.data_gouv_fr",
)
MAX_URLS = 100  # addresses asked for one declaration, at most (the first ones, in the order of targets_of)
CACHE_VERSION = 2
CACHE_MAX_BYTES = 32 * 1024 * 1024
CACHE_SAVE_SECONDS = 5.0  # while a run goes on, the cache is written at most this often
_GITLAB_SPDX = {
    "mit": "MIT",
    "apache-2.0": "Apache-2.0",
    "gpl-3.0": "GPL-3.0",
    "agpl-3.0": "AGPL-3.0",
    "lgpl-3.0": "LGPL-3.0",
    "mpl-2.0": "MPL-2.0",
    "bsd-2-clause": "BSD-2-Clause",
    "bsd-3-clause": "BSD-3-Clause",
    "eupl-1.2": "EUPL-1.2",
    "epl-2.0": "EPL-2.0",
    "gpl-2.0": "GPL-2.0",
    "unlicense": "Unlicense",
}


def _get(data: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def targets_of(data: dict) -> list[tuple[str, str]]:
    """(fact, url) pairs a declaration gives, in a stable order."""
    found = []
    for fact in URL_FACTS:
        value = _get(data, fact)
        if isinstance(value, str) and value.strip():
            found.append((fact, value.strip()))
    repos = _get(data, "source_code.repositories")
    for repo in repos if isinstance(repos, list) else []:
        if isinstance(repo, str) and repo.strip():
            found.append(("source_code.repositories", repo.strip()))
    return found


def forge_of(url: str, github_api: str, gitlab_api: str) -> tuple[str, str] | None:
    """(forge name, API URL giving the licence) for a github.com / gitlab.com repository URL."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:  # an unreadable URL (a bad port, an unclosed bracket): asked as it is, and said
        return None
    path = parts.path.strip("/").removesuffix(".git")
    segments = [s for s in path.split("/") if s]
    if host in ("github.com", "www.github.com") and len(segments) >= 2:
        return "github", f"{github_api.rstrip('/')}/repos/{segments[0]}/{segments[1]}"
    if host in ("gitlab.com", "www.gitlab.com") and len(segments) >= 2:
        project = "/".join(segments).split("/-/")[0]
        return "gitlab", f"{gitlab_api.rstrip('/')}/projects/{quote(project, safe='')}?license=true"
    return None


# -- answers into observations ---------------------------------------------------------------
def observed(entry: dict) -> tuple[str, str]:
    """(day, date_source) of an answer: the ``Date`` header of the answer when it agrees with
    the probe's clock within a day, else the probe's own clock."""
    asked = entry["at"][:10]
    day = entry["answer"].get("date")
    try:
        if day and abs((dt.date.fromisoformat(day) - dt.date.fromisoformat(asked)).days) <= 1:
            return day, "http-date"
    except ValueError:
        pass
    return asked, "probe"


def observation_of(fact: str, url: str, entry: dict) -> dict:
    source = {"kind": "probe", "method": "GET", "user_agent": USER_AGENT}
    answer, (day, date_source) = entry["answer"], observed(entry)
    if answer["outcome"] == "unreachable":
        return store.observation(
            fact,
            "unreachable",
            source,
            day,
            date_source,
            url=url,
            details={"reason": answer["reason"], "attempts": answer.get("attempts", 1)},
        )
    code = answer["status_code"]
    status = "found" if code < 400 else "not-found" if code in (404, 410) else "error"
    details = {k: answer[k] for k in PAGE_DETAILS if k in answer}
    return store.observation(fact, status, source, day, date_source, url=url, details=details)


PAGE_DETAILS = (
    "status_code",
    "final_url",
    "redirects",
    "content_type",
    "attempts",
    "title",
    "encoding_problem",
    "truncated",
    "last_modified",
)


def licence_observation(forge: str, api: str, repo: str, entry: dict) -> dict:
    source = {"kind": "probe", "forge": forge, "api": api, "user_agent": USER_AGENT}
    answer, (day, date_source) = entry["answer"], observed(entry)
    fact = "source_code.licence"
    if answer["outcome"] == "unreachable":
        return store.observation(
            fact, "unreachable", source, day, date_source, url=repo, details={"reason": answer["reason"]}
        )
    code = answer["status_code"]
    if code in (404, 410):
        return store.observation(fact, "not-found", source, day, date_source, url=repo, details={"status_code": code})
    if code >= 400 or "licence" not in answer:
        details = {
            "status_code": code,
            **({"json_problem": answer["json_problem"]} if "json_problem" in answer else {}),
        }
        return store.observation(fact, "error", source, day, date_source, url=repo, details=details)
    licence: dict = answer["licence"] or {}
    if forge == "github":
        value = licence.get("spdx_id")
    else:
        key = str(licence.get("key") or "").lower()
        value = _GITLAB_SPDX.get(key, key.upper() or None) if key else None
    details = {"status_code": code, "licence_name": licence.get("name")}
    return store.observation(fact, "value", source, day, date_source, value=value, url=repo, details=details)


def observations_for(pairs: list[tuple[str, str]], forges: dict[str, tuple[str, str]], entries: dict) -> list[dict]:
    """One startup's observations, from the answers (``entries``: URL -> {"at", "answer"})."""
    observations = []
    for fact, url in pairs:
        if fact == "source_code.repositories" and url in forges:
            forge, api = forges[url]
            entry = entries[api]
            repo = observation_of(fact, url, entry)
            repo["source"] = dict(repo["source"], forge=forge, api=api)
            observations.append(repo)
            observations.append(licence_observation(forge, api, url, entry))
        else:
            observations.append(observation_of(fact, url, entries[url]))
    return observations


# -- cache ---------------------------------------------------------------------------------
_FIELDS: dict[str, type | tuple] = {
    "outcome": str,
    "reason": str,
    "attempts": int,
    "status_code": int,
    "final_url": str,
    "content_type": str,
    "title": str,
    "encoding_problem": str,
    "truncated": bool,
    "date": str,
    "last_modified": str,
    "json_problem": str,
}


def clean_answer(answer: object) -> dict | None:
    """A cached answer reduced to the facts the probe keeps (:data:`_FIELDS`, ``redirects``,
    ``licence``), each of its type and clipped; None when it is not an answer. What a cache
    written by hand or by an older version holds beyond these (a whole JSON body) is dropped."""
    if not isinstance(answer, dict) or answer.get("outcome") not in ("answered", "unreachable"):
        return None
    out: dict = {}
    for key, kind in _FIELDS.items():
        value = answer.get(key)
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            out[key] = clip(value) if isinstance(value, str) else value
    redirects = answer.get("redirects")
    if isinstance(redirects, list):
        out["redirects"] = [
            {"url": clip(r.get("url")), "status_code": r.get("status_code")}
            for r in redirects[: MAX_REDIRECTS + 1]
            if isinstance(r, dict) and isinstance(r.get("url"), str) and type(r.get("status_code")) is int
        ]
    licence = answer.get("licence", False)
    if licence is None or isinstance(licence, dict):
        out["licence"] = {k: clip(licence.get(k)) for k in ("spdx_id", "key", "name")} if licence else None
    if out["outcome"] == "answered" and "status_code" not in out:
        return None
    if out["outcome"] == "unreachable" and "reason" not in out:
        return None
    return out


def _cache_path(out: Path) -> Path:
    return inside(inside(out, ".cache"), "probe.json")


def load_cache(out: Path, lang: str) -> dict:
    """URL -> {"at", "answer"}: the cache's entries, each cleaned (:func:`clean_answer`); an
    unreadable cache is said and left unused, a cache of another version silently unused."""
    try:
        path = _cache_path(out)
    except OutsideOutput:
        return {}
    if not path.exists():
        return {}
    data = load_json(path, CACHE_MAX_BYTES)
    if isinstance(data, Problem):
        say(lang, "cache", sentence=located(path, data, lang))
        return {}
    if not isinstance(data, dict) or data.get("probe_cache_version") != CACHE_VERSION:
        return {}
    entries = data.get("entries")
    cache = {}
    for url, entry in (entries if isinstance(entries, dict) else {}).items():
        answer = clean_answer(entry.get("answer")) if isinstance(entry, dict) else None
        if answer is not None and isinstance(entry.get("at"), str):
            cache[url] = {"at": entry["at"][:40], "answer": answer}
            if entry.get("private") is not False:  # an entry of a run that could reach any address
                cache[url]["private"] = True
    return cache


def save_cache(out: Path, cache: dict) -> None:
    """The cache written whole, atomically (``OSError`` or ``OutsideOutput`` when it cannot be)."""
    directory = inside(out, ".cache")
    directory.mkdir(exist_ok=True)
    document = {"probe_cache_version": CACHE_VERSION, "entries": cache}
    atomic_write_text(_cache_path(out), json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def fresh_entries(cache: dict, now: dt.datetime, hours: float, allow_private: bool = False) -> dict[str, dict]:
    """The cached answers younger than ``hours`` worth reusing: an answer, not a failure, and
    not a 429 or 5xx (those are asked again); one cached by a run with ``--allow-private`` (which
    may have reached a private address) only by another such run."""
    fresh = {}
    for url, entry in cache.items():
        if entry.get("private") and not allow_private:
            continue
        answer = entry["answer"]
        if answer["outcome"] != "answered" or answer["status_code"] in RETRY_STATUS:
            continue
        try:
            when = dt.datetime.fromisoformat(entry["at"])
        except ValueError:
            continue
        if when.tzinfo is not None and dt.timedelta(0) <= now - when < dt.timedelta(hours=hours):
            fresh[url] = entry
    return fresh


# -- the run -------------------------------------------------------------------------------
def read_targets(paths: Iterable[str], lang: str) -> dict[str, list[tuple[str, str]]]:
    """startup id -> the (fact, url) pairs its declaration gives; each file read as ``check``
    reads it (:func:`~checker.evidence.filling.read_declarations`), one left out is one sentence."""
    found, said = read_declarations(paths, lang)
    for line in said:
        tell(line)
    per_startup = {}
    for data in found:
        startup, pairs = data["startup"]["id"], targets_of(data)
        if len(pairs) > MAX_URLS:
            say(lang, "too_many_urls", startup=startup, count=len(pairs), limit=MAX_URLS)
            pairs = pairs[:MAX_URLS]
        per_startup[startup] = pairs
    return per_startup


def plan(
    per_startup: dict[str, list[tuple[str, str]]], github_api: str, gitlab_api: str
) -> tuple[set[str], dict[str, tuple[str, str]]]:
    """The URLs to ask, and for each forge repository its (forge, API URL), asked instead of its page."""
    requests: set[str] = set()
    forges: dict[str, tuple[str, str]] = {}
    for pairs in per_startup.values():
        for fact, url in pairs:
            forge = forge_of(url, github_api, gitlab_api) if fact == "source_code.repositories" else None
            if forge:  # the forge's API says both whether the repository exists and its licence
                forges[url] = forge
                requests.add(forge[1])
            else:
                requests.add(url)
    return requests, forges


class Writer:
    """Each startup's document written as soon as every answer it needs is in, and the cache
    every :data:`CACHE_SAVE_SECONDS`: what an interrupted run had is kept."""

    def __init__(
        self, out: Path, per_startup: dict, forges: dict, cache: dict, lang: str, private: bool = False
    ) -> None:
        self.out, self.per_startup, self.forges, self.cache, self.lang = out, per_startup, forges, cache, lang
        self.private = private  # this run may reach private addresses (--allow-private): its answers say so
        self.waiting: dict[str, set[str]] = {}
        self.needed_by: dict[str, list[str]] = {}
        for startup, pairs in sorted(per_startup.items()):
            wanted = {forges[url][1] if url in forges else url for _fact, url in pairs} - set(cache)
            self.waiting[startup] = wanted
            for url in wanted:
                self.needed_by.setdefault(url, []).append(startup)
        self.written = self.observations = self.refused = 0
        self.saved_at = time.monotonic()
        self.cache_said = False

    def start(self) -> None:
        """Write the startups whose answers are all in the cache already."""
        for startup, wanted in list(self.waiting.items()):
            if not wanted:
                self._write(startup)

    def answered(self, url: str, answer: dict) -> None:
        self.cache[url] = {
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "answer": answer,
            "private": self.private,
        }
        for startup in self.needed_by.get(url, []):
            self.waiting[startup].discard(url)
            if not self.waiting[startup]:
                self._write(startup)
        if time.monotonic() - self.saved_at >= CACHE_SAVE_SECONDS:
            self.save_cache()

    def _write(self, startup: str) -> None:
        del self.waiting[startup]
        observations = observations_for(self.per_startup[startup], self.forges, self.cache)
        if not observations:
            return
        if save(self.out, startup, observations, "probe", self.lang):
            self.written += 1
            self.observations += len(observations)
        else:  # its sentence said (a refused id, a file there that is not an evidence document)
            self.refused += 1

    def save_cache(self) -> None:
        self.saved_at = time.monotonic()
        try:
            save_cache(self.out, self.cache)
        except (OSError, OutsideOutput) as exc:
            if not self.cache_said:  # once: the same cause every time
                self.cache_said = True
                detail = system_error(exc).shown(self.lang) if isinstance(exc, OSError) else str(exc)
                say(self.lang, "cache_write", path=self.out / ".cache" / "probe.json", detail=detail)


def main(
    args: argparse.Namespace,
    transport: httpx.AsyncBaseTransport | None = None,
    backoff: float = 0.5,
    allowed: Callable[[str, int], bool] | None = None,
) -> int:
    lang = args.lang
    per_startup = read_targets(args.paths, lang)
    if not per_startup:
        say(lang, "no_declarations", paths=", ".join(args.paths))
        return 2
    out = out_dir(args)
    if out is None:
        return 2
    requests, forges = plan(per_startup, args.github_api, args.gitlab_api)
    private = getattr(args, "allow_private", False)
    cache = fresh_entries(load_cache(out, lang), dt.datetime.now(dt.UTC), args.cache_hours, private)
    cached = len(requests & set(cache))
    writer = Writer(out, per_startup, forges, cache, lang, private)
    prober = Prober(args.timeout, args.retries, args.concurrency, backoff, transport, private, allowed)
    to_ask = sorted(requests - set(cache))
    show = not args.no_progress and sys.stderr.isatty()
    finished = False
    try:
        writer.start()
        run_interruptibly(_with_progress(prober, to_ask, writer.answered, {api for _f, api in forges.values()}, show))
        finished = True
    finally:
        writer.save_cache()
        if not finished:
            say(lang, "probe_interrupted", written=counted(writer.written, "count.evidence_document", lang), out=out)
    say(
        lang,
        "probe_done",
        checked=counted(len(requests), "count.address_checked", lang),
        cached=number(cached, lang),
        obs=counted(writer.observations, "count.observation_written", lang),
        startups=counted(writer.written, "count.startup", lang),
        out=out,
    )
    return 2 if writer.refused else 0  # a startup's observations not stored: not all that was asked was done


async def _with_progress(
    prober: Prober, urls: list[str], on_answer: Callable[[str, dict], object], licence_urls: Collection[str], show: bool
) -> None:
    if not show or not urls:
        return await prober.run(urls, on_answer, licence_urls)
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(file=sys.stderr), transient=True) as progress:
        task = progress.add_task("probe", total=len(urls))

        def answered(url: str, answer: dict) -> None:
            on_answer(url, answer)
            progress.advance(task)

        return await prober.run(urls, answered, licence_urls)
