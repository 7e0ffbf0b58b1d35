"""``conformite evidence probe PATH... --out DIR``: check the URLs declarations give, over HTTP.

Which URLs: ``statistics.url``, ``product_page.url``, ``personal_data.privacy_notice_url``,
each of ``source_code.repositories`` and ``convention.publication.*``; for a repository on
github.com or gitlab.com, also the licence the forge detects, through its public API (base URLs
configurable: ``--github-api``, ``--gitlab-api``); its API answer stands for the repository page
(404: the repository does not exist).

How, and within which bounds:

- one ``httpx.AsyncClient`` (GET, an honest User-Agent, no proxy from the environment), at most
  ``--concurrency`` requests at a time;
- ``--timeout`` is a **total** deadline per attempt: connection, headers, body and every
  redirect together (a server sending one header line every two seconds is cut there);
  ``--retries`` more attempts with exponential backoff on timeouts, connection errors, 429 and
  5xx answers;
- redirects are followed here, at most :data:`MAX_REDIRECTS`, each recorded, and every
  connection (the first and each redirect's) goes through :class:`_Guard`: the host's
  addresses are resolved once, and a private, loopback, link-local or otherwise non-public one
  is refused before anything is sent (``--allow-private`` for tests on 127.0.0.1); the
  connection is made to the very address checked;
- the body is read raw and decompressed here (gzip, deflate), at most :data:`MAX_BODY` bytes
  *after* decompression and :data:`MAX_RAW` before: an endless chunked body or a gzip bomb
  stops at the cap, memory stays bounded; a forge's JSON is parsed by
  :func:`checker.loader.parse_json` (depth bounded, no recursion); a page's charset is used only
  when it is one of the web's encodings (:data:`CHARSETS`), its ``<title>`` found by a linear scan;
- only the facts needed are kept (status, final URL, redirects, content type, title, dates, the
  forge's licence ids): never a body. Answers are cached in ``DIR/.cache/probe.json``; a re-run
  within ``--cache-hours`` (24) asks nothing again, except what failed or answered 429/5xx;
- each startup's document is written as soon as its answers are in (and the cache every few
  seconds): an interrupted run keeps what it had. Every failure is an observation
  (``unreachable`` with its reason), never a crash.
"""

from __future__ import annotations

import asyncio
import codecs
import datetime as dt
import email.utils
import html
import ipaddress
import json
import re
import signal
import socket
import sys
import threading
import time
import zlib
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpcore
import httpx

from .. import __version__
from ..atomic import OutsideOutput, atomic_write_text, inside
from ..loader import load_json, parse_json
from ..messages import system_error
from ..problems import Problem
from . import store
from .command import located, out_dir, read_declarations, save, say, tell

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
MAX_REDIRECTS = 10
MAX_BODY = 512 * 1024  # bytes of a body kept, after decompression
MAX_RAW = 4 * MAX_BODY  # bytes read off the wire for one body, at most
TEXT_LIMIT = 500  # characters of a header, URL or title kept
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


# -- where a request may go ---------------------------------------------------------------
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def public_address(address: str) -> bool:
    """Whether an address is a public one: not private, loopback, link-local, shared (CGNAT),
    multicast, reserved or unspecified, also when written as an IPv4-mapped, 6to4 or NAT64
    IPv6 address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.is_global and not ip.is_multicast


class RefusedAddress(Exception):
    """A host that resolves to an address the probe may not reach (see :func:`public_address`)."""


class UnknownHost(Exception):
    """A host name that does not resolve."""


class _Guard(httpcore.AsyncNetworkBackend):
    """httpcore's connections, each made only to an address ``allowed(address, port)`` accepts:
    the host is resolved here, every address it has is checked, and the connection goes to the
    address checked (no second resolution a DNS answer could change). TLS still verifies the
    host name (httpcore gives it as the server name once connected)."""

    def __init__(self, allowed) -> None:
        self._allowed, self._inner = allowed, httpcore.AnyIOBackend()

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise UnknownHost(host) from exc
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        if not addresses or not all(self._allowed(address, port) for address in addresses):
            raise RefusedAddress(host)
        failure: Exception = UnknownHost(host)
        for address in addresses:
            try:
                return await self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
        raise failure

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise RefusedAddress(path)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport with its connection pool built on :class:`_Guard` (the pool is the
    one part replaced), and no proxy taken from the environment: a proxy would resolve the
    hosts itself, out of the guard's sight."""

    def __init__(self, concurrency: int, allowed) -> None:
        super().__init__(limits=httpx.Limits(max_connections=concurrency), trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=concurrency,
            network_backend=_Guard(allowed),
        )


# -- what a body says, within bounds ------------------------------------------------------
class _Decoder:
    """A body's content coding undone chunk by chunk, never giving more than asked: a gzip bomb
    yields at most what the cap leaves room for, whatever each raw chunk would expand to."""

    def __init__(self, coding: str | None) -> None:
        coding = (coding or "").strip().lower()
        self.problem: str | None = None
        self._zlib = None
        self._raw_tried = coding != "deflate"
        if coding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif coding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)
        elif coding not in ("", "identity"):
            self.problem = f"content-encoding {coding[:40]} not decoded"

    def feed(self, data: bytes, room: int) -> bytes:
        if self.problem is not None:
            return b""
        if self._zlib is None:
            return data[:room]
        out = []
        try:
            while data and room > 0 and not self._zlib.eof:
                piece = self._zlib.decompress(data, room)
                out.append(piece)
                room -= len(piece)
                if not piece and self._zlib.unconsumed_tail == data:
                    break
                data = self._zlib.unconsumed_tail
        except zlib.error:
            if not self._raw_tried and not out:  # "deflate" sent raw, without its zlib header
                self._raw_tried, self._zlib = True, zlib.decompressobj(-zlib.MAX_WBITS)
                return self.feed(data, room)
            self.problem = "compressed body cannot be decoded"
        return b"".join(out)


async def read_capped(response: httpx.Response) -> tuple[bytes, bool, str | None]:
    """The body of a streamed response, decompressed here: (at most :data:`MAX_BODY` bytes,
    whether it was cut, a decoding problem or None). Reading stops at the cap."""
    decoder = _Decoder(response.headers.get("content-encoding"))
    body, raw = bytearray(), 0
    async for chunk in response.aiter_raw():
        raw += len(chunk)
        body += decoder.feed(chunk, MAX_BODY + 1 - len(body))
        if len(body) > MAX_BODY or raw > MAX_RAW or decoder.problem:
            return bytes(body[:MAX_BODY]), len(body) > MAX_BODY or raw > MAX_RAW, decoder.problem
    return bytes(body), False, None


# the encodings of the web (WHATWG Encoding Standard) Python decodes in linear time; any other
# charset an answer names (punycode, idna, rot13, a codec that runs for seconds) is not used
CHARSETS = frozenset(
    codecs.lookup(name).name
    for name in (
        "utf-8",
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "ascii",
        "iso-8859-1",
        "iso-8859-2",
        "iso-8859-3",
        "iso-8859-4",
        "iso-8859-5",
        "iso-8859-6",
        "iso-8859-7",
        "iso-8859-8",
        "iso-8859-10",
        "iso-8859-13",
        "iso-8859-14",
        "iso-8859-15",
        "iso-8859-16",
        "cp1250",
        "cp1251",
        "cp1252",
        "cp1253",
        "cp1254",
        "cp1255",
        "cp1256",
        "cp1257",
        "cp1258",
        "cp866",
        "cp874",
        "koi8-r",
        "koi8-u",
        "mac-roman",
        "gbk",
        "gb18030",
        "big5",
        "euc-jp",
        "iso-2022-jp",
        "shift_jis",
        "euc-kr",
    )
)
_TITLE_OPEN = re.compile(r"<title(?=[\s/>])", re.I)  # no nested quantifier: linear
_TITLE_CLOSE = re.compile(r"</title", re.I)


def decode_page(body: bytes, charset: str | None, cut: bool) -> tuple[str, str | None]:
    """The text of a page and, when it could not be read as its charset says, why."""
    named = (charset or "utf-8").strip()[:40] or "utf-8"
    try:
        codec = codecs.lookup(named).name
    except LookupError:
        codec = ""
    if codec not in CHARSETS:
        return body.decode("utf-8", "replace"), f"charset {named} not used, read as utf-8"
    try:  # a body cut at the cap may end inside a character: that is no encoding problem
        return codecs.getincrementaldecoder(codec)().decode(body, final=not cut), None
    except UnicodeError:  # a bad byte; or UTF-16 without its byte order mark (found by fuzzing)
        try:
            return body.decode(codec, "replace"), f"body is not valid {named}"
        except UnicodeError:
            return body.decode("utf-8", "replace"), f"body is not valid {named}"


def title_of(text: str) -> str | None:
    """The page's ``<title>`` (entities decoded, white space folded, 200 characters at most),
    found by three linear scans: no pattern here can backtrack."""
    found = _TITLE_OPEN.search(text)
    if found is None:
        return None
    start = text.find(">", found.end())
    if start < 0:
        return None
    closing = _TITLE_CLOSE.search(text, start + 1)
    end = closing.start() if closing else len(text)
    title = " ".join(html.unescape(text[start + 1 : min(end, start + 1 + 4 * TEXT_LIMIT)]).split())[:200]
    return title or None


def licence_facts(body: bytes) -> dict:
    """What a forge's JSON answer says of the licence, and nothing else: ``licence`` (its SPDX
    id, key and name, or None) when the answer is a JSON object, else ``json_problem``."""
    data = parse_json(body)
    if isinstance(data, Problem):
        return {"json_problem": data.code}
    if not isinstance(data, dict):
        return {"json_problem": "json.not_object"}
    found = data.get("license")
    if not isinstance(found, dict):
        return {"licence": None}
    return {"licence": {key: _clip(found.get(key)) for key in ("spdx_id", "key", "name")}}


def body_facts(body: bytes, content_type: str, charset: str | None, cut: bool, licence: bool) -> dict:
    """The facts kept of a body: a forge's licence (``licence``), or a page's title and
    whether its text could be read."""
    if licence:
        return licence_facts(body)
    if "json" in content_type.lower():
        return {}
    text, problem = decode_page(body, charset, cut)
    facts: dict = {"encoding_problem": problem} if problem else {}
    title = title_of(text)
    if title:
        facts["title"] = title
    return facts


def _clip(value):
    return value[:TEXT_LIMIT] if isinstance(value, str) else None


def _http_day(value) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return email.utils.parsedate_to_datetime(value[:200]).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def answer_of(response: httpx.Response, redirects: list, body: bytes, cut: bool, problem, licence: bool) -> dict:
    """The facts one answer gives: never its body."""
    content_type = _clip(response.headers.get("content-type", "")) or ""
    answer: dict = {
        "outcome": "answered",
        "status_code": response.status_code,
        "final_url": _clip(str(response.url)),
        "redirects": redirects,
        "content_type": content_type,
    }
    for key, header in (("date", "date"), ("last_modified", "last-modified")):
        day = _http_day(response.headers.get(header))
        if day:
            answer[key] = day
    if cut:
        answer["truncated"] = True
    if problem:
        answer["encoding_problem"] = problem
    else:
        answer.update(body_facts(body, content_type, response.charset_encoding, cut, licence))
    return answer


# -- asking --------------------------------------------------------------------------------
class _TooManyRedirects(Exception):
    pass


class Prober:
    """``allowed(address, port)``: where a connection may go (default: public addresses only,
    or any with ``allow_private``); ``transport``: an httpx transport for tests (no guard)."""

    def __init__(
        self, timeout=10.0, retries=2, concurrency=8, backoff=0.5, transport=None, allow_private=False, allowed=None
    ):
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.concurrency, self.transport = max(1, concurrency), transport
        self.allowed = allowed or (lambda address, port: allow_private or public_address(address))

    async def fetch(self, client, semaphore, url: str, licence: bool = False) -> dict:
        """What one URL answered: status, final URL, redirects, facts, or why it could not be reached."""
        try:
            parts = urlsplit(url)
            valid = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
        except ValueError:
            valid = False
        if not valid:
            return {"outcome": "unreachable", "reason": "invalid-url"}
        reason = "?"
        for attempt in range(self.retries + 1):
            if attempt:
                await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
            async with semaphore:
                answer, reason = await self._one_attempt(client, url, licence, reason)
            if answer is None:
                continue
            answer["attempts"] = attempt + 1
            if answer["outcome"] == "answered" and answer["status_code"] in RETRY_STATUS and attempt < self.retries:
                continue
            return answer
        return {"outcome": "unreachable", "reason": reason, "attempts": self.retries + 1}

    async def _one_attempt(self, client, url: str, licence: bool, reason: str) -> tuple[dict | None, str]:
        """(answer, reason): an answer (final, or to retry), or None and why this attempt failed."""
        try:
            async with asyncio.timeout(self.timeout):
                return await self._attempt(client, url, licence), reason
        except (TimeoutError, httpx.TimeoutException):
            return None, "timeout"
        except _TooManyRedirects:
            return {"outcome": "unreachable", "reason": "too-many-redirects"}, reason
        except RefusedAddress:
            return {"outcome": "unreachable", "reason": "private-address"}, reason
        except UnknownHost:
            return None, "unknown-host"
        except httpx.ConnectError:
            return None, "connection-error"
        except (httpx.HTTPError, httpx.InvalidURL, httpcore.ProtocolError, ValueError, UnicodeError) as exc:
            return None, type(exc).__name__

    async def _attempt(self, client, url: str, licence: bool) -> dict:
        """One attempt: redirects followed here (each connection checked by the guard), the last
        answer's body read within its caps."""
        request = client.build_request("GET", url)
        redirects: list[dict] = []
        while True:
            response = await client.send(request, stream=True)
            try:
                following = response.next_request
                if following is None:
                    body, cut, problem = await read_capped(response)
                    return answer_of(response, redirects, body, cut, problem, licence)
                redirects.append({"url": _clip(str(response.url)), "status_code": response.status_code})
            finally:
                await response.aclose()
            if len(redirects) > MAX_REDIRECTS:
                raise _TooManyRedirects
            request = following

    def client(self) -> httpx.AsyncClient:
        transport = self.transport or _GuardedTransport(self.concurrency, self.allowed)
        return httpx.AsyncClient(
            follow_redirects=False,
            timeout=self.timeout,
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/json;q=0.9,*/*;q=0.5",
                "Accept-Encoding": "gzip, deflate",
            },
            transport=transport,
            trust_env=False,
        )

    async def run(self, urls, on_answer, licence_urls=frozenset()) -> None:
        """Ask every URL; ``on_answer(url, answer)`` as each answer comes in."""
        semaphore = asyncio.Semaphore(self.concurrency)
        async with self.client() as client:

            async def one(url):
                on_answer(url, await self.fetch(client, semaphore, url, url in licence_urls))

            await asyncio.gather(*(one(u) for u in urls))


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


def clean_answer(answer) -> dict | None:
    """A cached answer reduced to the facts the probe keeps (:data:`_FIELDS`, ``redirects``,
    ``licence``), each of its type and clipped; None when it is not an answer. What a cache
    written by hand or by an older version holds beyond these (a whole JSON body) is dropped."""
    if not isinstance(answer, dict) or answer.get("outcome") not in ("answered", "unreachable"):
        return None
    out: dict = {}
    for key, kind in _FIELDS.items():
        value = answer.get(key)
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            out[key] = _clip(value) if isinstance(value, str) else value
    redirects = answer.get("redirects")
    if isinstance(redirects, list):
        out["redirects"] = [
            {"url": _clip(r.get("url")), "status_code": r.get("status_code")}
            for r in redirects[: MAX_REDIRECTS + 1]
            if isinstance(r, dict) and isinstance(r.get("url"), str) and type(r.get("status_code")) is int
        ]
    licence = answer.get("licence", False)
    if licence is None or isinstance(licence, dict):
        out["licence"] = {k: _clip(licence.get(k)) for k in ("spdx_id", "key", "name")} if licence else None
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
    return cache


def save_cache(out: Path, cache: dict) -> None:
    """The cache written whole, atomically (``OSError`` or ``OutsideOutput`` when it cannot be)."""
    directory = inside(out, ".cache")
    directory.mkdir(exist_ok=True)
    document = {"probe_cache_version": CACHE_VERSION, "entries": cache}
    atomic_write_text(_cache_path(out), json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def fresh_entries(cache: dict, now: dt.datetime, hours: float) -> dict[str, dict]:
    """The cached answers younger than ``hours`` worth reusing: an answer, not a failure, and
    not a 429 or 5xx (those are asked again)."""
    fresh = {}
    for url, entry in cache.items():
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
def read_targets(paths, lang: str) -> dict[str, list[tuple[str, str]]]:
    """startup id -> the (fact, url) pairs its declaration gives; each file read as ``check``
    reads it (:func:`~checker.evidence.command.read_declarations`), one left out is one sentence."""
    found, said = read_declarations(paths, lang)
    for line in said:
        tell(line)
    return {data["startup"]["id"]: targets_of(data) for data in found}


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

    def __init__(self, out: Path, per_startup: dict, forges: dict, cache: dict, lang: str) -> None:
        self.out, self.per_startup, self.forges, self.cache, self.lang = out, per_startup, forges, cache, lang
        self.waiting: dict[str, set[str]] = {}
        self.needed_by: dict[str, list[str]] = {}
        for startup, pairs in sorted(per_startup.items()):
            wanted = {forges[url][1] if url in forges else url for _fact, url in pairs} - set(cache)
            self.waiting[startup] = wanted
            for url in wanted:
                self.needed_by.setdefault(url, []).append(startup)
        self.written = self.observations = 0
        self.saved_at = time.monotonic()
        self.cache_said = False

    def start(self) -> None:
        """Write the startups whose answers are all in the cache already."""
        for startup, wanted in list(self.waiting.items()):
            if not wanted:
                self._write(startup)

    def answered(self, url: str, answer: dict) -> None:
        self.cache[url] = {"at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "answer": answer}
        for startup in self.needed_by.get(url, []):
            self.waiting[startup].discard(url)
            if not self.waiting[startup]:
                self._write(startup)
        if time.monotonic() - self.saved_at >= CACHE_SAVE_SECONDS:
            self.save_cache()

    def _write(self, startup: str) -> None:
        del self.waiting[startup]
        observations = observations_for(self.per_startup[startup], self.forges, self.cache)
        if observations and save(self.out, startup, observations, "probe", self.lang):
            self.written += 1
            self.observations += len(observations)

    def save_cache(self) -> None:
        self.saved_at = time.monotonic()
        try:
            save_cache(self.out, self.cache)
        except (OSError, OutsideOutput) as exc:
            if not self.cache_said:  # once: the same cause every time
                self.cache_said = True
                detail = system_error(exc).shown(self.lang) if isinstance(exc, OSError) else str(exc)
                say(self.lang, "cache_write", path=self.out / ".cache" / "probe.json", detail=detail)


def main(args, transport=None, backoff=0.5, allowed=None) -> int:
    lang = args.lang
    per_startup = read_targets(args.paths, lang)
    if not per_startup:
        say(lang, "no_declarations", paths=", ".join(args.paths))
        return 2
    out = out_dir(args)
    if out is None:
        return 2
    requests, forges = plan(per_startup, args.github_api, args.gitlab_api)
    cache = fresh_entries(load_cache(out, lang), dt.datetime.now(dt.UTC), args.cache_hours)
    cached = len(requests & set(cache))
    writer = Writer(out, per_startup, forges, cache, lang)
    prober = Prober(
        args.timeout, args.retries, args.concurrency, backoff, transport, getattr(args, "allow_private", False), allowed
    )
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
            say(lang, "probe_interrupted", written=writer.written, out=out)
    say(
        lang,
        "probe_done",
        checked=len(requests),
        cached=cached,
        obs=writer.observations,
        startups=writer.written,
        out=out,
    )
    return 0


def run_interruptibly(work) -> None:
    """``asyncio.run(work)``, with Ctrl-C and SIGTERM taken by the event loop itself while it
    runs: the signal cancels the work (requests in flight are closed), then is raised again
    once the loop has stopped, for the handler there was before (``conformite``'s: one line,
    exit 130 / 143). A signal raised inside the loop's own code could otherwise be taken for a
    failed write and lost."""
    received: list[int] = []

    async def guarded() -> None:
        loop, task = asyncio.get_running_loop(), asyncio.current_task()
        installed = []
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                installed.append((signum, signal.getsignal(signum)))
                loop.add_signal_handler(signum, lambda signum=signum: (received.append(signum), task and task.cancel()))
        try:
            await work
        except asyncio.CancelledError:
            if not received:
                raise
        finally:
            for signum, previous in installed:
                loop.remove_signal_handler(signum)
                signal.signal(signum, previous)

    asyncio.run(guarded())
    if received:
        signal.raise_signal(received[0])


async def _with_progress(prober: Prober, urls, on_answer, licence_urls, show: bool) -> None:
    if not show or not urls:
        return await prober.run(urls, on_answer, licence_urls)
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(file=sys.stderr), transient=True) as progress:
        task = progress.add_task("probe", total=len(urls))

        def answered(url, answer):
            on_answer(url, answer)
            progress.advance(task)

        return await prober.run(urls, answered, licence_urls)
