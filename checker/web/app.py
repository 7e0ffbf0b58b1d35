"""The Starlette application of ``conformite serve``.

Every response carries a strict Content-Security-Policy (scripts and styles from this server,
or inline with the response's nonce; nothing from another host; no framing), and
``X-Content-Type-Options``, ``Referrer-Policy``, ``X-Frame-Options``. Bad input is a 4xx with
one French sentence (English with ``lang=en``): an HTML page, or an RFC 9457 problem under
``/api/``; nothing reaches the user as a traceback (:class:`SecurityHeaders` answers any
exception a handler let through with a 500 of the same kind). The portfolio directory is only
ever read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import secrets
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from checker.committee import agenda as agenda_mod
from checker.foundation.messages import LANGS, text
from checker.foundation.options import Usage, date_option
from checker.foundation.wording import printable, shorten
from checker.judging.model import PHASE_VIEWS

from . import engine as engine_mod
from . import pages, tasks
from .embed import embed
from .openapi import document, markdown, rules
from .portfolio import Portfolio
from .refused import PROBLEMS, Refused

if TYPE_CHECKING:
    from checker.judging.rules import Catalog

_T = TypeVar("_T")

POLICY = (
    "default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
NONCE = "conformite.nonce"  # where the request's nonce is kept in the ASGI scope
MAX_DAYS = 3660  # agenda: ten years ahead at most
MAX_POINTS = 120  # history: dates per period at most
MAX_FILE_NAME = 255
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)  # dates the pages and the API accept


@dataclass
class Settings:
    directory: str | None = None  # the portfolio; None: the API and the rules only
    max_bytes: int = 1024 * 1024
    lang: str = "fr"  # when neither ?lang= nor the browser chooses
    engine: str = "process"
    workers: int = 2
    timeout: float = 10.0  # one API check
    page_timeout: float = 300.0  # one page of the portfolio
    rules_dir: str | None = None
    extra: dict = field(default_factory=dict)


class SecurityHeaders:
    """Pure ASGI middleware: a nonce per request, the security headers on every response, and
    any exception a handler let through answered with a 500 (never a traceback)."""

    def __init__(self, app: ASGIApp, fallback: Callable[[Request, Exception], Response]) -> None:
        self.app, self.fallback = app, fallback

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(18)
        scope[NONCE] = nonce
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = POLICY.format(nonce=nonce)
                for name, value in HEADERS.items():
                    headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            if started:  # the answer is on its way: nothing more can be said to this client
                raise
            response = self.fallback(Request(scope), exc)
            await response(scope, receive, sending)


def _accepted(header: str) -> str | None:
    """The language of ``Accept-Language`` (fr or en, by its weights), or None."""
    best, weight = None, 0.0
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        lang = tag.strip().lower()[:2]
        try:
            q = float(params.strip()[2:]) if params.strip().startswith("q=") else 1.0
        except ValueError:
            q = 0.0
        if lang in LANGS and q > weight:
            best, weight = lang, q
    return best


class App:
    """The routes, and what they share: the settings, the engine, the portfolio's cache."""

    def __init__(
        self, settings: Settings, runner: engine_mod.Runner | None = None, catalog: Catalog | None = None
    ) -> None:
        self.settings = settings
        self.runner = runner or engine_mod.runner(settings.engine, settings.rules_dir, settings.workers)
        self.portfolio = Portfolio(settings.directory) if settings.directory else None
        if catalog is None:
            from checker.judging.rules import load_catalog

            catalog = load_catalog(Path(settings.rules_dir) if settings.rules_dir else None)
        self.catalog = catalog

    # --- request parameters -------------------------------------------------------

    def lang(self, request: Request) -> str:
        """``?lang=``, then the ``lang`` cookie (pages), then Accept-Language, then --lang."""
        asked = request.query_params.get("lang")
        if asked in LANGS:
            return asked
        found = request.cookies.get("lang") if not request.url.path.startswith("/api/") else None
        chosen = found if found in LANGS else _accepted(request.headers.get("accept-language", ""))
        lang = chosen or self.settings.lang
        if asked is not None:
            raise Refused(400, text("web.error.bad_lang", lang, value=_shown(asked, lang)))
        return lang

    def date(self, request: Request, name: str, lang: str, default: dt.date) -> dt.date:
        value = request.query_params.get(name)
        if value is None or value == "":
            return default
        try:
            day = date_option(value, lang, name)  # as the command line reads a date option, hint included
        except Usage as exc:
            raise Refused(400, str(exc)) from None
        if not EARLIEST <= day <= LATEST:
            raise Refused(400, text("web.error.date_range", lang, name=name, low=EARLIEST, high=LATEST))
        return day

    def number(self, request: Request, name: str, lang: str, default: int, high: int) -> int:
        value = request.query_params.get(name)
        if value is None:
            return default
        if not (value.isascii() and value.isdigit() and int(value) <= high):
            raise Refused(
                400, text("web.error.bad_number", lang, name=name, low=0, high=high, value=_shown(value, lang))
            )
        return int(value)

    # --- pages ----------------------------------------------------------------------

    def page(self, request: Request, lang: str, current: str = "", ids: Iterable[str] = ()) -> pages.Page:
        links = pages.ServerLinks(request.scope.get("root_path", ""), ids, request.url.path, lang)
        return pages.Page(lang, links, current, nonce=request.scope.get(NONCE, ""))

    def html(
        self, request: Request, lang: str, template: str, page: pages.Page, status: int = 200, **values: object
    ) -> HTMLResponse:
        response = HTMLResponse(pages.render(template, page, **values), status_code=status)
        if request.query_params.get("lang") in LANGS:  # the choice follows the reader's next pages
            response.set_cookie("lang", lang, max_age=365 * 86400, path="/", samesite="lax", httponly=True)
        return response

    async def computed(self, what: tuple[object, ...], task: Callable[..., _T], *args: object) -> _T:
        """A page of the portfolio, from the cache or computed by the engine."""
        assert self.portfolio is not None
        directory = self.settings.directory
        return await self.portfolio.page(
            what, lambda: self.runner.run(task, directory, *args, timeout=self.settings.page_timeout)
        )

    async def report(self, lang: str, as_of: dt.date, phase: str = "active") -> dict[str, Any]:
        if self.portfolio is None:
            raise Refused(404, text("web.no_portfolio", lang), title=text("web.no_portfolio.title", lang))
        if await self.portfolio.current() == "missing":
            raise Refused(503, text("web.portfolio.missing", lang))
        return await self.computed(("report", lang, as_of, phase), tasks.portfolio, as_of, lang, True, phase)

    async def home(self, request: Request) -> Response:
        lang = self.lang(request)
        as_of = self.date(request, "as_of", lang, dt.date.today())
        if self.portfolio is None:
            paragraphs = [text("web.no_portfolio", lang)]
            page = self.page(request, lang, "portfolio")
            title = text("web.no_portfolio.title", lang)
            return self.html(
                request, lang, "message.html", page, title=title, code=None, paragraphs=paragraphs, back=None
            )
        phase = request.query_params.get("phase") or "active"  # the committee's view, as check --summary
        if phase not in PHASE_VIEWS:
            raise Refused(400, text("web.error.phase", lang, choices=", ".join(PHASE_VIEWS)))
        report = await self.report(lang, as_of, phase)
        page = self.page(request, lang, "portfolio", report["ids"])
        return self.html(
            request,
            lang,
            "embedded.html",
            page,
            embedded=embed(report["html"]),
            kind="report",
            breadcrumb=None,
            notices=report["problems"],
        )

    def startup(self, report: dict, asked: str, lang: str) -> tuple[str, str]:
        """(startup id, its file) for ``/startups/<asked>``: an id of the portfolio, or the
        name of its sheet file (``<id>.html``, as the report links to it); else 404."""
        ids = report["ids"]
        if asked in ids:
            return asked, ids[asked]
        from checker.committee.sheet import file_name

        for startup, file in ids.items():
            if file_name(startup) + ".html" == asked:
                return startup, file
        raise Refused(404, text("web.error.unknown_startup", lang, id=_shown(asked, lang)))

    async def sheet(self, request: Request) -> Response:
        lang = self.lang(request)
        as_of = self.date(request, "as_of", lang, dt.date.today())
        report = await self.report(lang, as_of)
        startup, file = self.startup(report, request.path_params["startup"], lang)
        page_html = await self.computed(("sheet", file, lang, as_of), tasks.sheet, file, as_of, lang)
        page = self.page(request, lang, "", report["ids"])
        embedded = embed(page_html)
        return self.html(
            request, lang, "embedded.html", page, embedded=embedded, kind="sheet", breadcrumb=startup, notices=[]
        )

    async def agenda_data(self, request: Request) -> tuple[str, dt.date, dict, dict]:
        lang = self.lang(request)
        as_of = self.date(request, "as_of", lang, dt.date.today())
        days = self.number(request, "days", lang, 90, MAX_DAYS)
        since = self.date(request, "since", lang, agenda_mod.default_since(as_of))
        if since > as_of:
            raise Refused(400, text("cli.since_after", lang, since=since.isoformat(), as_of=as_of.isoformat()))
        phase = request.query_params.get("phase") or "active"
        if phase not in PHASE_VIEWS:
            raise Refused(400, text("web.error.phase", lang, choices=", ".join(PHASE_VIEWS)))
        report = await self.report(lang, as_of)
        key = ("agenda", lang, as_of, days, since, phase)
        return lang, as_of, report, await self.computed(key, tasks.agenda, as_of, days, lang, since, phase)

    async def agenda(self, request: Request) -> Response:
        lang, as_of, report, found = await self.agenda_data(request)
        page = self.page(request, lang, "agenda", report["ids"])
        left_out = [  # each sentence links to this page with the parameters that list what it counts
            dict(part, href="?" + urlencode({**request.query_params, **part["query"]})) for part in found["left_out"]
        ]
        return self.html(
            request, lang, "agenda.html", page, title=found["title"], agenda=found["agenda"], left_out=left_out
        )

    async def agenda_ics(self, request: Request) -> Response:
        _, _, _, found = await self.agenda_data(request)
        return Response(found["ics"], media_type="text/calendar; charset=utf-8")

    async def history_data(self, request: Request) -> tuple[str, str, dict, dict]:
        from checker.foundation.dates import add_months

        lang = self.lang(request)
        as_of = self.date(request, "as_of", lang, dt.date.today())
        end = self.date(request, "to", lang, as_of)
        start = self.date(request, "from", lang, add_months(end, -12))
        every = request.query_params.get("every", "month")
        if every not in ("month", "week"):
            raise Refused(
                400, text("web.error.bad_choice", lang, name="every", choices="month, week", value=_shown(every, lang))
            )
        phase = request.query_params.get("phase") or "all"
        if phase not in PHASE_VIEWS:
            raise Refused(400, text("web.error.phase", lang, choices=", ".join(PHASE_VIEWS)))
        if start > end or _points(start, end, every) > MAX_POINTS:
            raise Refused(400, text("web.error.bad_period", lang, start=start, end=end, limit=MAX_POINTS))
        report = await self.report(lang, end)
        found = await self.computed(("history", lang, start, end, every), tasks.history, start, end, every, lang)
        return lang, phase, report, found

    async def history(self, request: Request) -> Response:
        lang, phase, report, found = await self.history_data(request)
        history = found["history"]
        title = text("history.title", lang, start=history["from"], end=history["to"])
        page = self.page(request, lang, "history", report["ids"])
        page.links.history_svg += "?" + request.url.query if request.url.query else ""
        asked = {k: v for k, v in request.query_params.items() if k in ("from", "to", "every", "as_of", "lang")}
        views = {view: page.links.history + "?" + urlencode({**asked, "phase": view}) for view in PHASE_VIEWS}
        return self.html(
            request, lang, "history.html", page, title=title, history=history, found=found, phase=phase,
            view=found["views"][phase], views=views, form=True,
        )  # fmt: skip

    async def history_svg(self, request: Request) -> Response:
        _, phase, _, found = await self.history_data(request)
        return Response(found["views"][phase]["svg"], media_type="image/svg+xml")

    async def rules_page(self, request: Request) -> Response:
        lang = self.lang(request)
        page = self.page(request, lang, "rules")
        html = pages.rules_html(self.catalog, lang)
        return self.html(request, lang, "document.html", page, title=text("web.rules.title", lang), html=html)

    async def api_page(self, request: Request) -> Response:
        lang = self.lang(request)
        page = self.page(request, lang, "api")
        from markdown_it import MarkdownIt

        html = MarkdownIt("commonmark", {"html": False}).render(markdown(lang))
        return self.html(request, lang, "document.html", page, title=text("web.api.title", lang), html=html)

    # --- API --------------------------------------------------------------------------

    async def check(self, request: Request) -> Response:
        lang = self.lang(request)
        as_of = self.date(request, "as_of", lang, dt.date.today())
        shown = request.query_params.get("file", "declaration.yaml")
        if not 1 <= len(shown) <= MAX_FILE_NAME or printable(shown) != shown:
            raise Refused(400, text("web.error.bad_file", lang, limit=MAX_FILE_NAME))
        raw = await self.body(request, lang)
        limit = self.settings.max_bytes
        found = await self.runner.run(tasks.check, raw, shown, as_of, lang, limit, timeout=self.settings.timeout)
        if isinstance(found, tasks.Refusal):
            message = text("web.error.refused", lang, line=found.line, column=found.column, message=found.message)
            raise Refused(found.status, message, code=found.code, line=found.line, column=found.column)
        return Response(found.encode("utf-8"), media_type="application/json")

    async def body(self, request: Request, lang: str) -> bytes:
        """The request's body, refused (413) as soon as it is known to exceed --max-bytes: by
        its Content-Length before anything is read, else while it is read."""
        limit = self.settings.max_bytes
        refused = Refused(413, text("web.error.too_large", lang, limit=limit))
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise refused
        parts, total = [], 0
        async for chunk in request.stream():
            total += len(chunk)
            if total > limit:
                raise refused
            parts.append(chunk)
        return b"".join(parts)

    async def schema(self, request: Request) -> Response:
        from checker.reading.schemas import schema_text

        return Response(schema_text(), media_type="application/schema+json")

    async def rules_api(self, request: Request) -> Response:
        return JSONResponse(rules(self.catalog, self.lang(request)))

    async def openapi(self, request: Request) -> Response:
        return Response(json.dumps(document(), ensure_ascii=False, indent=2), media_type="application/json")

    # --- errors -------------------------------------------------------------------------

    def refused(self, request: Request, exc: Exception) -> Response:
        """The answer to a refused request, an HTTP error or an engine's failure."""
        lang = self._lang_for_errors(request)
        status, message, extra = _status_of(exc, lang, self.settings, request.method)
        title = extra.pop("title", None) or text("web.error.title", lang)
        if request.url.path.startswith("/api/") or request.scope.get(PROBLEMS):
            body = {"status": status, "title": title, "detail": message, **extra}
            return JSONResponse(body, status_code=status, media_type="application/problem+json")
        page = self.page(request, lang)
        html = pages.render(
            "message.html", page, title=title, code=status, paragraphs=[message], back=page.links.portfolio
        )
        return HTMLResponse(html, status_code=status)

    def _lang_for_errors(self, request: Request) -> str:
        with contextlib.suppress(Refused):
            return self.lang(request)
        return _accepted(request.headers.get("accept-language", "")) or self.settings.lang

    def routes(self) -> list[Route | Mount]:
        from .declarer import Declarer

        static = StaticFiles(directory=str(files("checker.web").joinpath("static")))
        return [
            *Declarer(self).routes(),
            Route("/", self.home),
            Route("/startups/{startup}", self.sheet),
            Route("/agenda", self.agenda),
            Route("/agenda.ics", self.agenda_ics),
            Route("/history", self.history),
            Route("/history.svg", self.history_svg),
            Route("/rules", self.rules_page),
            Route("/api", self.api_page),
            Route("/api/check", self.check, methods=["POST"]),
            Route("/api/schema", self.schema),
            Route("/api/rules", self.rules_api),
            Route("/api/openapi.json", self.openapi),
            Mount("/static", static, name="static"),
        ]


def _points(start: dt.date, end: dt.date, every: str) -> int:
    """Dates of a history period (the last day counts too), without listing them."""
    if every == "week":
        return (end - start).days // 7 + 2
    return (end.year - start.year) * 12 + end.month - start.month + 2


def _shown(value: str, lang: str) -> str:
    return printable(shorten(value, lang, 60))


def _status_of(exc: Exception, lang: str, settings: Settings, method: str) -> tuple[int, str, dict]:
    if isinstance(exc, Refused):
        return exc.status, exc.message, dict(exc.extra)
    if isinstance(exc, engine_mod.Busy):
        return 503, text("web.error.busy", lang, seconds=_seconds(settings.timeout)), {}
    if isinstance(exc, engine_mod.TooLong):
        return 504, text("web.error.too_long", lang, seconds=_seconds(settings.timeout)), {}
    if isinstance(exc, HTTPException):
        if exc.status_code == 405:
            return 405, text("web.error.method", lang, method=printable(shorten(method, lang, 20))), {}
        return exc.status_code, text("web.error.not_found", lang), {}
    detail = str(exc) if isinstance(exc, engine_mod.Failed) else type(exc).__name__
    return 500, text("web.error.failed", lang, detail=printable(shorten(detail, lang, 200))), {}


def _seconds(value: float) -> str:
    return f"{value:g}"


def create_app(
    settings: Settings, runner: engine_mod.Runner | None = None, catalog: Catalog | None = None
) -> Starlette:
    """The application; its engine starts and stops with it (Starlette's lifespan)."""
    app = App(settings, runner, catalog)

    @contextlib.asynccontextmanager
    async def lifespan(_starlette: Starlette) -> AsyncIterator[None]:
        await app.runner.start()
        try:
            yield
        finally:
            await app.runner.stop()

    handlers = {
        Refused: app.refused,
        HTTPException: app.refused,
        engine_mod.Busy: app.refused,
        engine_mod.TooLong: app.refused,
        engine_mod.Failed: app.refused,
    }
    starlette = Starlette(routes=app.routes(), exception_handlers=handlers, lifespan=lifespan)
    starlette.add_middleware(SecurityHeaders, fallback=app.refused)
    starlette.state.app = app
    return starlette
