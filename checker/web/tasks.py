"""What runs with the rules engine (:mod:`checker.web.engine`): each task calls the functions
the command line calls, with the process's shared engine, and returns text or plain data.

- :func:`check`: one declaration, given as bytes, evaluated by :func:`checker.judging.run.run_check`
  and written by the ``json`` reporter: the bytes of ``conformite check --format json`` on a
  file holding those bytes. Input the server refuses to evaluate (not UTF-8, over the loader's
  node, depth or text limits) is a :class:`Refusal`, worded by the loader's own message.
- :func:`portfolio`, :func:`sheet`, :func:`agenda`, :func:`history`: what ``check --format
  html``, ``sheet``, ``agenda`` and ``history`` make of a portfolio directory (its ``evidence/``
  folder, when there is one, as ``check --evidence``). File names are shown relative to the
  directory: a page never shows where the server keeps it.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.committee import agenda as agenda_mod
from checker.committee import history as history_mod
from checker.committee import sheet as sheet_mod
from checker.committee.examine import examine
from checker.foundation.messages import text
from checker.judging.model import PHASE_VIEWS, DeclarationResult
from checker.judging.run import check_one, run_check
from checker.reading.declarations import collect, load
from checker.reading.loader import decode, load_text
from checker.reading.problems import Problem
from checker.reporting import Context, render_text

if TYPE_CHECKING:
    from checker.evidence.findings import EvidenceStep
    from checker.web.engine import State

# loader problems that mean "this is no declaration to evaluate" for the API (HTTP status)
REFUSED = {"file.encoding": 400, "yaml.too_many_nodes": 422, "yaml.too_deep": 422, "yaml.too_much_text": 422}
EVIDENCE_DIR = "evidence"
EVIDENCE_MAX_AGE = 30  # days: check --evidence-max-age's default


@dataclass
class Refusal:
    """A request body the API does not evaluate: its HTTP status and the loader's problem."""

    status: int
    code: str
    message: str
    line: int
    column: int


def check(state: State, raw: bytes, shown: str, as_of: dt.date, lang: str, max_bytes: int) -> str | Refusal:
    """The JSON report of one declaration (``raw``), named ``shown`` in the report."""
    from checker.judging.evaluate import render_problem

    text, problems = decode(raw)
    doc = None
    if text is not None:
        doc, problems = load_text(text)
    refused = [p for p in problems if p.code in REFUSED]
    if refused:
        first = refused[0]
        return Refusal(REFUSED[first.code], first.code, render_problem(first, lang), first.line, first.column)
    evaluator = state.evaluator(as_of, lang, max_bytes)
    assert doc is not None

    def evaluated(
        _unused: object, _target: object, name: str
    ) -> DeclarationResult:  # as Evaluator.check_file, the file already read
        try:
            return evaluator.check_document(doc, problems, name)
        except Exception as exc:  # a bug of ours costs the declaration, as in check_one
            return evaluator.internal_error(name, exc)

    report = run_check(state.catalog, [(shown, raw)], as_of, lang, max_bytes=max_bytes, check=evaluated)
    return render_text("json", report, Context(state.catalog, lang))


def targets(directory: str) -> list[tuple[str, Path | Problem]]:
    """The declarations of ``directory`` (:func:`checker.reading.declarations.collect`), named relative to it."""
    found = collect([directory])
    return [(_relative(shown, directory), target) for shown, target in found]


def _relative(shown: str, directory: str) -> str:
    relative = os.path.relpath(shown, directory)
    return shown if relative.startswith("..") else relative


def _evidence(state: State, directory: str, as_of: dt.date, lang: str) -> EvidenceStep | None:
    store = Path(directory) / EVIDENCE_DIR
    if not store.is_dir():
        return None
    from ..evidence.findings import EvidenceStep

    return EvidenceStep(store, state.catalog, as_of, lang, EVIDENCE_MAX_AGE)


def portfolio(
    state: State, directory: str, as_of: dt.date, lang: str, invalid_sheets: bool = True, phase: str = "active"
) -> dict[str, Any]:
    """The HTML report of the portfolio, the startup ids and their files, the summary; the
    report's rows link to each startup's sheet, ``startups/<id>.html`` (where the server answers
    and the static site writes them). ``invalid_sheets`` False (the static site, as ``sheet
    --output-dir``): an invalid declaration has no sheet, its id is not among ``ids``."""
    evaluator = state.evaluator(as_of, lang)
    evidence = _evidence(state, directory, as_of, lang)
    found = targets(directory)
    report = run_check(
        state.catalog,
        found,
        as_of,
        lang,
        evidence=evidence,
        check=lambda _unused, target, shown: check_one(evaluator, target, shown),
    )
    ids: dict[str, str] = {}
    for decl in report.declarations:
        if decl.startup and (invalid_sheets or decl.status != "invalid"):
            ids.setdefault(decl.startup, decl.file)
    sheets = {sheet_mod.file_name(startup) + ".html" for startup in ids}
    links = sheet_mod.links_to_sheets("startups", sheets.__contains__)
    # the page opens on ``phase`` (active startups by default, as check --summary): its
    # counts are of those rows, the page's filter shows the others
    context = Context(state.catalog, lang, sheet_link=links, phase=phase)
    return {
        "html": render_text("html", report, context),
        "ids": ids,
        "summary": report.summary,
        "problems": list(evidence.problems) if evidence is not None else [],
    }


def sheet(state: State, directory: str, file: str, as_of: dt.date, lang: str) -> str:
    """``conformite sheet`` of one declaration of the portfolio (``file``: relative to it), with
    the portfolio's ``evidence/`` as ``sheet --evidence``: the sheet shows the verdicts the
    portfolio page shows."""
    evaluator = state.evaluator(as_of, lang)
    examined = examine(evaluator, load(file, Path(directory) / file))
    evidence = _evidence(state, directory, as_of, lang)
    if evidence is not None:
        evidence.add_to(examined)
    return sheet_mod.render_html(examined, state.catalog, as_of, lang)


def agenda(
    state: State,
    directory: str,
    as_of: dt.date,
    days: int,
    lang: str,
    since: dt.date | None = None,
    phase: str = "active",
) -> dict[str, Any]:
    """``conformite agenda`` of the portfolio, with the command's defaults (``--since`` twelve
    months back, ``--phase active``): its items and errors (JSON), its calendar (ICS), its heading
    and the sentences counting what it leaves out."""
    evaluator = state.evaluator(as_of, lang)
    examined = [examine(evaluator, load(shown, target)) for shown, target in targets(directory)]
    since = agenda_mod.default_since(as_of) if since is None else since
    built = agenda_mod.build(state.catalog, examined, as_of, days, lang, since, phase)
    return {
        "agenda": built.to_json(),
        "ics": agenda_mod.render_ics(built),
        "title": agenda_mod.title(built),
        # each sentence and the query that lists what it counts (the server links to it, the site cannot)
        "left_out": [
            {"text": sentence, "query": query, "link": text(f"agenda.left_out.{kind}.link", lang, **query)}
            for kind, sentence, query in agenda_mod.left_out_parts(built)
        ],
    }


def history(state: State, directory: str, start: dt.date, end: dt.date, every: str, lang: str) -> dict[str, Any]:
    """``conformite history`` of the portfolio (from git when it is in a work tree, else today's
    files): per phase view its rows (one per date) and the obligations failing in them, its
    chart (inline and as a file); where the history comes from; its points and errors (JSON,
    without the records: a page shows counts)."""
    from checker.committee.svg import line_chart

    name = lambda shown: _relative(shown, directory)  # noqa: E731
    with state.shared_engine(), history_mod.Past(state.catalog, [directory], lang, name=name) as past:
        result = past.history(start, end, every)
    views = {}
    for view in PHASE_VIEWS:
        rows = [{"as_of": p.as_of.isoformat(), "commit": p.commit, **p.view(view)} for p in result.points]
        chart = line_chart(history_mod.status_chart(result, view))
        svg = '<?xml version="1.0" encoding="utf-8"?>\n' + chart + "\n"
        views[view] = {"rows": rows, "failing": failing(rows), "chart": chart, "svg": svg}
    data = result.to_json()
    del data["records"]
    return {"history": data, "views": views, "source": history_mod.source_line(result), "note": result.note}


def failing(rows: list[dict[str, Any]]) -> list[str]:
    """The obligations that fail somewhere in ``rows`` (points, or a view's rows), in the order
    of their ``fails`` keys (the catalogue's)."""
    seen: dict[str, None] = {}
    for row in rows:
        for oid, count in row["fails"].items():
            if count:
                seen.setdefault(oid, None)
    return list(seen)
