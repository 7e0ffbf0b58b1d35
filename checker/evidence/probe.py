"""``conformite evidence probe PATH... --out DIR``: check the URLs declarations give, over HTTP.

Which URLs: ``statistics.url``, ``product_page.url``, ``personal_data.privacy_notice_url``,
each of ``source_code.repositories`` and ``convention.publication.*``; for a repository on
github.com or gitlab.com, also the licence the forge detects, through its public API (base URLs
configurable: ``--github-api``, ``--gitlab-api``); its API answer stands for the repository page
(404: the repository does not exist).

How: one ``httpx.AsyncClient`` (GET, redirects followed and recorded, an honest User-Agent),
at most ``--concurrency`` requests at a time, a ``--timeout`` per request, ``--retries`` more
attempts with exponential backoff on timeouts, connection errors, 429 and 5xx answers. Answers
are cached in ``DIR/.cache/probe.json``: a re-run within ``--cache-hours`` (24) asks nothing
again. Every failure is an observation (``unreachable`` with its reason), never a crash.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import yaml

from .. import __version__
from ..atomic import atomic_write_text
from . import store
from .command import say

USER_AGENT = (
    f"conformite/{__version__} (compliance checker for France's Startups d'Etat; "
    "checks the public pages a startup declares; +https://beta.gouv.fr)"
)
URL_FACTS = (
    "statistics.url",
    "product_page.url",
    "personal_data.privacy_notice_url",
    "convention.publication.gouvernement_fr",
    "convention.publication.data_gouv_fr",
)
RETRY_STATUS = {429, 500, 502, 503, 504}
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
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


def _get(data, path):
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
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path.strip("/").removesuffix(".git")
    segments = [s for s in path.split("/") if s]
    if host in ("github.com", "www.github.com") and len(segments) >= 2:
        return "github", f"{github_api.rstrip('/')}/repos/{segments[0]}/{segments[1]}"
    if host in ("gitlab.com", "www.gitlab.com") and len(segments) >= 2:
        project = "/".join(segments).split("/-/")[0]
        return "gitlab", f"{gitlab_api.rstrip('/')}/projects/{quote(project, safe='')}?license=true"
    return None


class Prober:
    def __init__(self, timeout=10.0, retries=2, concurrency=8, backoff=0.5, transport=None):
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.concurrency, self.transport = max(1, concurrency), transport

    async def fetch(self, client, semaphore, url: str) -> dict:
        """What one URL answered: status, final URL, redirects, or why it could not be reached."""
        if urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).hostname:
            return {"outcome": "unreachable", "reason": "invalid-url"}
        reason = "?"
        for attempt in range(self.retries + 1):
            if attempt:
                await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                async with semaphore:
                    response = await client.get(url)
            except httpx.TimeoutException:
                reason = "timeout"
                continue
            except httpx.TooManyRedirects:
                return {"outcome": "unreachable", "reason": "too-many-redirects"}
            except httpx.ConnectError:
                reason = "connection-error"
                continue
            except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
                reason = type(exc).__name__
                continue
            answer = _answer(response, attempt)
            if response.status_code in RETRY_STATUS and attempt < self.retries:
                continue
            return answer
        return {"outcome": "unreachable", "reason": reason, "attempts": self.retries + 1}

    async def run(self, urls, progress=None) -> dict:
        semaphore = asyncio.Semaphore(self.concurrency)
        limits = httpx.Limits(max_connections=self.concurrency)
        async with httpx.AsyncClient(
            follow_redirects=True,
            timeout=self.timeout,
            limits=limits,
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/json;q=0.9,*/*;q=0.5"},
            transport=self.transport,
            max_redirects=10,
        ) as client:

            async def one(url):
                answer = await self.fetch(client, semaphore, url)
                if progress is not None:
                    progress()
                return url, answer

            return dict(await asyncio.gather(*(one(u) for u in urls)))


def _answer(response: httpx.Response, attempt: int) -> dict:
    redirects = [{"url": str(r.url), "status_code": r.status_code} for r in response.history]
    answer = {
        "outcome": "answered",
        "status_code": response.status_code,
        "final_url": str(response.url),
        "redirects": redirects,
        "content_type": response.headers.get("content-type", ""),
        "attempts": attempt + 1,
    }
    body = response.content[: 512 * 1024]
    charset = response.charset_encoding or "utf-8"
    try:
        decoded = body.decode(charset)
    except (UnicodeDecodeError, LookupError):
        decoded = body.decode(charset if _known(charset) else "utf-8", errors="replace")
        answer["encoding_problem"] = f"body is not valid {charset}"
    if "json" in answer["content_type"]:
        try:
            answer["json"] = json.loads(decoded)
        except ValueError:
            answer["json"] = None
    else:
        match = _TITLE.search(decoded)
        if match:
            answer["title"] = re.sub(r"\s+", " ", match.group(1)).strip()[:200]
    return answer


def _known(charset: str) -> bool:
    try:
        "".encode(charset)
        return True
    except LookupError:
        return False


def observation_of(fact: str, url: str, answer: dict, today: str) -> dict:
    source = {"kind": "probe", "method": "GET", "user_agent": USER_AGENT}
    if answer["outcome"] == "unreachable":
        return store.observation(
            fact,
            "unreachable",
            source,
            today,
            "probe",
            url=url,
            details={"reason": answer["reason"], "attempts": answer.get("attempts", 1)},
        )
    code = answer["status_code"]
    status = "found" if code < 400 else "not-found" if code in (404, 410) else "error"
    details = {
        k: answer[k]
        for k in ("status_code", "final_url", "redirects", "content_type", "attempts", "title", "encoding_problem")
        if k in answer
    }
    return store.observation(fact, status, source, today, "probe", url=url, details=details)


def licence_observation(forge: str, api: str, repo: str, answer: dict, today: str) -> dict:
    source = {"kind": "probe", "forge": forge, "api": api, "user_agent": USER_AGENT}
    if answer["outcome"] == "unreachable":
        return store.observation(
            "source_code.licence", "unreachable", source, today, "probe", url=repo, details={"reason": answer["reason"]}
        )
    code = answer["status_code"]
    if code in (404, 410):
        return store.observation(
            "source_code.licence", "not-found", source, today, "probe", url=repo, details={"status_code": code}
        )
    data = answer.get("json")
    if code >= 400 or not isinstance(data, dict):
        return store.observation(
            "source_code.licence", "error", source, today, "probe", url=repo, details={"status_code": code}
        )
    found = data.get("license")
    licence: dict = found if isinstance(found, dict) else {}
    if forge == "github":
        value = licence.get("spdx_id")
    else:
        key = str(licence.get("key") or "").lower()
        value = _GITLAB_SPDX.get(key, key.upper() or None) if key else None
    return store.observation(
        "source_code.licence",
        "value",
        source,
        today,
        "probe",
        value=value,
        url=repo,
        details={"status_code": code, "licence_name": licence.get("name")},
    )


# -- cache ---------------------------------------------------------------------------------
def _cache_path(out: Path) -> Path:
    return out / ".cache" / "probe.json"


def load_cache(out: Path) -> dict:
    try:
        data = json.loads(_cache_path(out).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save_cache(out: Path, cache: dict) -> None:
    _cache_path(out).parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(_cache_path(out), json.dumps(cache, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def read_targets(paths, lang: str) -> dict[str, list[tuple[str, str]]]:
    """startup id -> the (fact, url) pairs its declaration gives; an unreadable file is one sentence."""
    from ..run import collect

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    per_startup: dict[str, list[tuple[str, str]]] = {}
    for _shown, target in collect(paths):
        if not isinstance(target, Path):
            continue
        try:
            data = yaml.load(target.read_text(encoding="utf-8"), Loader=loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            sys.stderr.write(
                f"conformite: {target}: "
                + ("déclaration illisible ; ignorée\n" if lang == "fr" else "unreadable declaration; skipped\n")
            )
            continue
        startup = data.get("startup") if isinstance(data, dict) else None
        if isinstance(startup, dict) and isinstance(startup.get("id"), str):
            per_startup[startup["id"]] = targets_of(data)
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


def fresh_entries(cache: dict, requests: set[str], now: dt.datetime, hours: float) -> dict[str, dict]:
    """The cached answers to ``requests`` younger than ``hours``."""
    fresh = {}
    for url in requests:
        entry = cache.get(url)
        if not isinstance(entry, dict) or not isinstance(entry.get("answer"), dict):
            continue
        try:
            when = dt.datetime.fromisoformat(entry["at"])
        except (KeyError, TypeError, ValueError):
            continue
        if when.tzinfo is not None and now - when < dt.timedelta(hours=hours):
            fresh[url] = entry
    return fresh


def observations_for(
    pairs: list[tuple[str, str]], forges: dict[str, tuple[str, str]], entries: dict[str, dict]
) -> list[dict]:
    """One startup's observations, from the answers (``entries``: URL -> {"at", "answer"})."""
    observations = []
    for fact, url in pairs:
        if fact == "source_code.repositories" and url in forges:
            forge, api = forges[url]
            entry = entries[api]
            repo = observation_of(fact, url, entry["answer"], entry["at"][:10])
            repo["source"] = dict(repo["source"], forge=forge, api=api)
            observations.append(repo)
            observations.append(licence_observation(forge, api, url, entry["answer"], entry["at"][:10]))
        else:
            entry = entries[url]
            observations.append(observation_of(fact, url, entry["answer"], entry["at"][:10]))
    return observations


def main(args, transport=None, backoff=0.5) -> int:
    lang = args.lang
    per_startup = read_targets(args.paths, lang)
    if not per_startup:
        say(lang, "no_declarations", paths=", ".join(args.paths))
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    requests, forges = plan(per_startup, args.github_api, args.gitlab_api)
    now = dt.datetime.now(dt.UTC)
    cache = load_cache(out)
    fresh = fresh_entries(cache, requests, now, args.cache_hours)
    to_ask = sorted(requests - set(fresh))
    prober = Prober(args.timeout, max(0, args.retries), args.concurrency, backoff, transport)
    answers = asyncio.run(_with_progress(prober, to_ask, not args.no_progress and sys.stderr.isatty()))
    stamp = now.isoformat(timespec="seconds")
    for url, answer in answers.items():
        cache[url] = {"at": stamp, "answer": answer}
    save_cache(out, cache)
    entries = {url: fresh.get(url) or cache[url] for url in requests}
    count = 0
    for startup, pairs in sorted(per_startup.items()):
        observations = observations_for(pairs, forges, entries)
        if observations:
            store.save(out, startup, observations, replace_kind="probe")
            count += len(observations)
    say(
        lang,
        "probe_done",
        checked=len(requests),
        cached=len(fresh),
        obs=count,
        startups=sum(1 for p in per_startup.values() if p),
        out=out,
    )
    return 0


async def _with_progress(prober: Prober, urls, show: bool) -> dict:
    if not show or not urls:
        return await prober.run(urls)
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(file=sys.stderr), transient=True) as progress:
        task = progress.add_task("probe", total=len(urls))
        return await prober.run(urls, lambda: progress.advance(task))
