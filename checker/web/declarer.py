"""The routes of the self-assessment form (``/declarer``), beside :class:`checker.web.app.App`.

``GET /declarer`` is the form (:mod:`checker.web.form` lays it out from the questionnaire's
questions; ``static/declarer.js`` runs it). What the page's script calls, each answering JSON
(a refusal is an RFC 9457 problem, as under ``/api/``):

- ``POST /declarer/answer``: the draft (``{"answers": {field: text}}``) read as ``init``
  reads answers: the refusals by field, what each accepted answer is written as;
- ``POST /declarer/findings``: the findings of the whole draft, through the evaluation of
  ``POST /api/check`` (the rules engine, with its time limit), as an HTML fragment;
- ``POST /declarer/import``: a YAML file's answers as a draft (the loader's guards, the
  ``--max-bytes`` limit; read by the engine's runner, off the event loop, within ``--timeout``
  as ``POST /api/check``), and what the form cannot hold (the first :data:`MAX_ERRORS`, then
  their count);
- ``GET /declarer/startup?id=ID``: the same for the portfolio's declaration of a startup.

``POST /declarer/yaml`` (the form itself, posted) answers the commented YAML ``init`` writes
for the same answers, as a file to save. Nothing is kept on the server.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qsl, quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from checker.foundation.messages import MAX_ERRORS, register, text
from checker.foundation.wording import counted, number, printable, shorten
from checker.judging.evaluate import render_problem
from checker.reading.loader import parse_json, read_bytes
from checker.reading.problems import Problem
from checker.reading.schema import suggest

from ..questionnaire.answers import get, parse_answers
from ..questionnaire.writer import check_text
from . import form, pages, tasks
from .engine import Busy, TooLong
from .refused import PROBLEMS, Refused

if TYPE_CHECKING:
    from checker.judging.rules import Catalog

    from .engine import Runner
    from .portfolio import Portfolio


register(
    "web.form.import",
    {
        "too_long": {
            "fr": "lecture du fichier arrêtée : elle a dépassé le délai de {seconds} s",
            "en": "reading the file stopped: it took longer than {seconds} s",
        },
        "busy": {
            "fr": "serveur occupé : la lecture du fichier n'a pu commencer en {seconds} s ; réessayez dans un instant",
            "en": "server busy: reading the file could not start within {seconds} s; try again in a moment",
        },
        "more_dropped": {"fr": "… et {count}", "en": "… and {count}"},
        "count.more_dropped": {
            "fr": "autre réponse non reprise (non listée)|autres réponses non reprises (non listées)",
            "en": "more answer not taken (not listed)|more answers not taken (not listed)",
        },
    },
)


class Limits(Protocol):
    """The server's settings the form reads (:class:`checker.web.app.Settings`)."""

    directory: str | None
    max_bytes: int
    timeout: float


class Host(Protocol):
    """What the form's routes use of the application (:class:`checker.web.app.App`, which
    imports this module: named here by what it offers, not imported)."""

    catalog: Catalog
    portfolio: Portfolio | None
    runner: Runner

    @property
    def settings(self) -> Limits: ...

    def lang(self, request: Request) -> str: ...

    def page(self, request: Request, lang: str, current: str = "", ids: Iterable[str] = ()) -> pages.Page: ...

    def html(
        self, request: Request, lang: str, template: str, page: pages.Page, status: int = 200, **values: object
    ) -> HTMLResponse: ...

    async def body(self, request: Request, lang: str) -> bytes: ...

    async def report(self, lang: str, as_of: dt.date) -> dict[str, Any]: ...


Handler = Callable[[Request], Awaitable[Response]]  # a route's handler


def _json_errors(handler: Handler) -> Handler:
    async def handle(request: Request) -> Response:
        request.scope[PROBLEMS] = True
        return await handler(request)

    return handle


class Declarer:
    def __init__(self, app: Host) -> None:
        self.app = app

    def routes(self) -> list[Route]:
        return [
            Route("/declarer", self.page),
            Route("/declarer/answer", _json_errors(self.answer), methods=["POST"]),
            Route("/declarer/findings", _json_errors(self.findings), methods=["POST"]),
            Route("/declarer/import", _json_errors(self.upload), methods=["POST"]),
            Route("/declarer/startup", _json_errors(self.startup)),
            Route("/declarer/yaml", self.download, methods=["POST"]),
        ]

    async def page(self, request: Request) -> Response:
        app = self.app
        lang = app.lang(request)
        quiz = form.questions(lang)
        page = app.page(request, lang, "declarer")
        base = _form_url(page)
        query = f"?lang={lang}"
        urls = {name: f"{base}/{name}{query}" for name in ("answer", "findings", "import", "startup", "yaml")}
        words = {key: text(f"web.form.{key}", lang) for key in _SCRIPT_WORDS}
        return app.html(
            request, lang, "declarer.html", page, parts=form.layout(quiz, app.catalog), urls=urls, words=words,
            portfolio=app.portfolio is not None, limit=number(app.settings.max_bytes, lang),
        )  # fmt: skip

    async def draft(self, request: Request, lang: str) -> dict[str, str]:
        data = parse_json(await self.app.body(request, lang))
        try:
            if isinstance(data, Problem):
                raise form.BadDraft(text("web.form.error.draft", lang, limit=form.MAX_FIELDS))
            return form.draft(data, lang)
        except form.BadDraft as exc:
            raise Refused(400, str(exc)) from None

    async def answer(self, request: Request) -> Response:
        lang = self.app.lang(request)
        flat = await self.draft(request, lang)
        return JSONResponse(form.check(form.questions(lang), flat))

    async def findings(self, request: Request) -> Response:
        app = self.app
        lang = app.lang(request)
        quiz = form.questions(lang)
        decl, _ = form.declaration(quiz, await self.draft(request, lang))
        result, detail = None, None
        if get(decl, "startup.id") is not None:
            raw = form.written(quiz, decl).encode("utf-8")
            name, limit = form.file_name(decl), app.settings.max_bytes
            found = await app.runner.run(tasks.check, raw, name, quiz.today, lang, limit, timeout=app.settings.timeout)
            if isinstance(found, tasks.Refusal):
                detail = found.message
            else:
                result = form.findings(json.loads(found), app.catalog, lang, quiz.asked())
        page = app.page(request, lang, "declarer")
        html = pages.render("declarer_findings.html", page, result=result, detail=detail)
        summary = result["summary"] if result else detail or text("web.form.findings.need_id", lang)
        return JSONResponse({"html": html, "summary": summary, "status": result["status"] if result else None})

    async def upload(self, request: Request) -> Response:
        lang = self.app.lang(request)
        return await self.answers_of(await self.app.body(request, lang), lang)

    async def answers_of(self, raw: bytes, lang: str) -> JSONResponse:
        """A declaration's bytes as a draft (:func:`read_draft`), read by the engine's runner:
        off the event loop and within the API's time limit (``--timeout``: 504 past it, 503 when
        no worker became free in time), so that no upload holds up the other requests."""
        app = self.app
        seconds = f"{app.settings.timeout:g}"
        try:
            found = await app.runner.run(read_draft, raw, lang, timeout=app.settings.timeout)
        except TooLong:
            raise Refused(504, text("web.form.import.too_long", lang, seconds=seconds)) from None
        except Busy:
            raise Refused(503, text("web.form.import.busy", lang, seconds=seconds)) from None
        refused = found.get("refused")
        if refused is not None:
            raise Refused(refused["status"], refused["message"], **refused["extra"])
        return JSONResponse(found)

    async def startup(self, request: Request) -> Response:
        app = self.app
        lang = app.lang(request)
        asked = request.query_params.get("id", "")
        report = await app.report(lang, dt.date.today())
        ids = report["ids"]
        if asked not in ids:
            guess = suggest(asked, list(ids)) if asked else None
            hint = text("web.form.error.did_you_mean", lang, id=guess) if guess else ""
            shown = printable(shorten(asked, lang, 60))
            raise Refused(404, text("web.form.error.unknown_startup", lang, id=shown, hint=hint))
        assert app.settings.directory is not None
        raw = read_bytes(Path(app.settings.directory) / ids[asked], app.settings.max_bytes)
        if isinstance(raw, Problem):
            raise Refused(422, f"{ids[asked]} : {render_problem(raw, lang)}")
        return await self.answers_of(raw, lang)

    async def download(self, request: Request) -> Response:
        """The form posted: the commented YAML ``init`` writes for these answers, to save
        (``<startup.id>.yaml``); refused answers are listed on a page, nothing written."""
        app = self.app
        lang = app.lang(request)
        quiz = form.questions(lang)
        flat = self.posted(await app.body(request, lang), lang)
        decl, refused = form.declaration(quiz, flat)
        content = form.written(quiz, decl) if not refused else ""
        problems = check_text(content) if content else []
        if refused or problems:
            lines = [f"{path} : {why}" if lang == "fr" else f"{path}: {why}" for path, why in refused.items()]
            lines += [render_problem(p, lang) for p in problems]
            page = app.page(request, lang, "declarer")
            paragraphs = [text("web.form.error.refused_answers", lang), *lines]
            title = text("web.form.error.title", lang)
            html = pages.render(
                "message.html", page, title=title, code=422, paragraphs=paragraphs, back=_form_url(page)
            )
            return HTMLResponse(html, status_code=422)
        name = form.file_name(decl)
        fallback = re.sub(r"[^A-Za-z0-9._-]", "_", name)
        disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
        headers = {"Content-Disposition": disposition}
        return Response(content.encode("utf-8"), media_type="application/yaml; charset=utf-8", headers=headers)

    def posted(self, raw: bytes, lang: str) -> dict[str, str]:
        """The form's fields (``application/x-www-form-urlencoded``) as a draft."""
        try:
            pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=form.MAX_FIELDS)
            return form.draft({"answers": dict(pairs)}, lang)
        except (UnicodeDecodeError, ValueError) as exc:  # BadDraft is a ValueError
            message = (
                str(exc)
                if isinstance(exc, form.BadDraft)
                else text("web.form.error.draft", lang, limit=form.MAX_FIELDS)
            )
            raise Refused(400, message) from None


def read_draft(_state: object, raw: bytes, lang: str) -> dict[str, Any]:
    """A task of the engine's runner (:mod:`checker.web.engine`; its state unused): a
    declaration's bytes as a draft, read as ``init --answers`` reads a file (the loader's
    limits), and what the form cannot hold (at most :data:`MAX_ERRORS` listed, then one line
    counting the rest; ``dropped_count``: all of them). A refusal comes back as plain data
    (``refused``: status, sentence and details), since a task's result must pickle."""
    try:
        return _draft(raw, lang)
    except Refused as exc:
        return {"refused": {"status": exc.status, "message": exc.message, "extra": dict(exc.extra)}}


def _draft(raw: bytes, lang: str) -> dict[str, Any]:
    data, problems = parse_answers(raw)
    if problems:
        first = problems[0]
        message = text(
            "web.error.refused", lang, line=first.line, column=first.column, message=render_problem(first, lang)
        )
        raise Refused(422, message, code=first.code, line=first.line, column=first.column)
    if not isinstance(data, dict):
        raise Refused(422, text("web.form.error.not_mapping", lang))
    try:
        flat, dropped = form.flatten(form.questions(lang), data)
        form.draft({"answers": flat}, lang)  # what the page will send back must be a draft it may send
    except (form.TooLarge, form.BadDraft):
        limits = {"fields": number(form.MAX_FIELDS, lang), "items": number(form.MAX_INDEX + 1, lang)}
        raise Refused(422, text("web.form.error.too_many", lang, **limits)) from None
    listed = [f"{path} : {why}" if lang == "fr" else f"{path}: {why}" for path, why in dropped[:MAX_ERRORS]]
    if len(dropped) > MAX_ERRORS:
        rest = counted(len(dropped) - MAX_ERRORS, "web.form.import.count.more_dropped", lang)
        listed.append(text("web.form.import.more_dropped", lang, count=rest))
    return {"answers": flat, "dropped": listed, "dropped_count": len(dropped)}


def _form_url(page: pages.Page) -> str:
    """Where the form is: a page the server answers (a static site has no form)."""
    links = page.links
    assert isinstance(links, pages.ServerLinks), "the form is served, never written to a site"
    return links.declarer


# the words the page's script says (checker/web/static/declarer.js), under web.form.
_SCRIPT_WORDS = (
    "confirm_replace", "draft.restored", "draft.cleared", "draft.saved", "draft.unsaved", "imported", "dropped",
    "written", "undeclared", "count.errors", "errors.title", "findings.updating", "findings.failed", "section_of",
    "remove",
)  # fmt: skip
