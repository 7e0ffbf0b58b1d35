"""The probe's HTTP, within bounds (:mod:`checker.evidence.probe` decides what to ask and keeps
what it learns).

- One ``httpx.AsyncClient`` (GET, an honest User-Agent, no proxy from the environment), at most
  ``concurrency`` requests at a time.
- ``timeout`` is a **total** deadline per attempt: connection, headers, body and every redirect
  together (a server sending one header line every two seconds is cut there); ``retries`` more
  attempts with exponential backoff on timeouts, connection errors, 429 and 5xx answers.
- Redirects are followed here, at most :data:`MAX_REDIRECTS`, each recorded; every connection
  (the first and each redirect's) goes through :class:`_Guard`: the host's addresses are
  resolved once, and a private, loopback, link-local or otherwise non-public one is refused
  before anything is sent (``allow_private`` for tests on 127.0.0.1); the connection is made to
  the very address checked.
- The body is read raw and decompressed here (gzip, deflate), at most :data:`MAX_BODY` bytes
  *after* decompression and :data:`MAX_RAW` before: an endless chunked body or a gzip bomb stops
  at the cap, memory stays bounded. A forge's JSON is parsed by :func:`checker.reading.loader.parse_json`
  (depth bounded, no recursion); a page's charset is used only when it is one of the web's
  encodings (:data:`CHARSETS`), its ``<title>`` found by linear scans.
- What comes back is facts only (:func:`answer_of`): status, final URL, redirects, content
  type, title, dates, the forge's licence ids; never a body.
"""

from __future__ import annotations

import asyncio
import codecs
import html
import ipaddress
import re
import signal
import socket
import threading
import zlib
from collections.abc import Awaitable, Callable, Collection, Iterable
from urllib.parse import urlsplit

import httpcore
import httpx

from checker.reading.loader import parse_json
from checker.reading.problems import Problem

from .. import __version__
from . import store

USER_AGENT = (
    f"conformite/{__version__} (compliance checker for France's Startups d'Etat; "
    "checks the public pages a startup declares; +https://beta.gouv.fr)"
)
RETRY_STATUS = {429, 500, 502, 503, 504}
MAX_REDIRECTS = 10
MAX_BODY = 512 * 1024  # bytes of a body kept, after decompression
MAX_RAW = 4 * MAX_BODY  # bytes read off the wire for one body, at most
TEXT_LIMIT = 500  # characters of a header, URL or title kept
MAX_URL = 2048  # characters of a URL asked, at most (longer: invalid-url)


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

    def __init__(self, allowed: Callable[[str, int], bool]) -> None:
        self._allowed, self._inner = allowed, httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
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

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise RefusedAddress(path)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport with its connection pool built on :class:`_Guard` (the pool is the
    one part replaced), and no proxy taken from the environment: a proxy would resolve the
    hosts itself, out of the guard's sight."""

    def __init__(self, concurrency: int, allowed: Callable[[str, int], bool]) -> None:
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
    if response.is_stream_consumed:  # a transport that gave the body already read (httpx.MockTransport)
        content = response.content
        return content[:MAX_BODY], len(content) > MAX_BODY, None
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
    return {"licence": {key: clip(found.get(key)) for key in ("spdx_id", "key", "name")}}


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


def clip(value: object) -> str | None:
    """A text cut to :data:`TEXT_LIMIT` characters; anything else None (a fact is text or nothing)."""
    return value[:TEXT_LIMIT] if isinstance(value, str) else None


def answer_of(
    response: httpx.Response, redirects: list, body: bytes, cut: bool, problem: str | None, licence: bool
) -> dict:
    """The facts one answer gives: never its body."""
    content_type = clip(response.headers.get("content-type", "")) or ""
    answer: dict = {
        "outcome": "answered",
        "status_code": response.status_code,
        "final_url": clip(str(response.url)),
        "redirects": redirects,
        "content_type": content_type,
    }
    for key, header in (("date", "date"), ("last_modified", "last-modified")):
        day = store.http_day(response.headers.get(header))
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
        self,
        timeout: float = 10.0,
        retries: int = 2,
        concurrency: int = 8,
        backoff: float = 0.5,
        transport: httpx.AsyncBaseTransport | None = None,
        allow_private: bool = False,
        allowed: Callable[[str, int], bool] | None = None,
    ):
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.concurrency, self.transport = max(1, concurrency), transport
        self.allowed = allowed or (lambda address, port: allow_private or public_address(address))

    async def fetch(
        self, client: httpx.AsyncClient, semaphore: asyncio.Semaphore, url: str, licence: bool = False
    ) -> dict:
        """What one URL answered: status, final URL, redirects, facts, or why it could not be reached."""
        try:
            parts = urlsplit(url)
            valid = parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and len(url) <= MAX_URL
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

    async def _one_attempt(
        self, client: httpx.AsyncClient, url: str, licence: bool, reason: str
    ) -> tuple[dict | None, str]:
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
        except Exception as exc:  # anything else (a bug of ours, a library's surprise) costs this URL, not the run
            return None, type(exc).__name__

    async def _attempt(self, client: httpx.AsyncClient, url: str, licence: bool) -> dict:
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
                redirects.append({"url": clip(str(response.url)), "status_code": response.status_code})
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

    async def run(
        self,
        urls: Iterable[str],
        on_answer: Callable[[str, dict], object],
        licence_urls: Collection[str] = frozenset(),
    ) -> None:
        """Ask every URL; ``on_answer(url, answer)`` as each answer comes in."""
        semaphore = asyncio.Semaphore(self.concurrency)
        async with self.client() as client:

            async def one(url: str) -> None:
                on_answer(url, await self.fetch(client, semaphore, url, url in licence_urls))

            await asyncio.gather(*(one(u) for u in urls))


def run_interruptibly(work: Awaitable[object]) -> None:
    """``asyncio.run(work)``, with Ctrl-C and SIGTERM taken by the event loop itself while it
    runs: the signal cancels the work (requests in flight are closed), then is raised again
    once the loop has stopped, for the handler there was before (``conformite``'s: one line,
    exit 130 / 143). A signal raised inside the loop's own code could otherwise be taken for a
    failed write and lost."""
    received: list[int] = []

    async def guarded() -> None:
        loop, task = asyncio.get_running_loop(), asyncio.current_task()

        def stop(signum: int) -> None:
            received.append(signum)
            if task is not None:
                task.cancel()

        installed = []
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                installed.append((signum, signal.getsignal(signum)))
                loop.add_signal_handler(signum, stop, signum)
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
