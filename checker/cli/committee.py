"""The committee subcommands: ``agenda``, ``sheet`` and ``history`` (wired into :mod:`checker.cli.main`)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from checker.foundation.atomic import atomic_open
from checker.foundation.console import say as _say
from checker.foundation.messages import text as word
from checker.foundation.wording import system_error

if TYPE_CHECKING:
    from checker.cli.lang import Common, Subparsers
    from checker.committee.examine import Examined
    from checker.evidence.findings import EvidenceStep
    from checker.judging.rules import Catalog
    from checker.reading.declarations import Loaded
    from checker.reporting import Context

COMMANDS = ("agenda", "sheet", "history")


def add_parsers(sub: Subparsers, as_of_type: Callable[[str], object], common: Common) -> None:
    """agenda, sheet and history; ``common`` (checker.cli.main) words the help and the shared options."""
    h, date = common.h, common.metavar("date")
    agenda = sub.add_parser("agenda", help=h("agenda"), description=h("agenda"))
    common.paths(agenda)
    common.as_of(agenda, as_of_type)
    agenda.add_argument("--days", default=90, metavar="N", help=h("agenda.days"))  # checked in main()
    agenda.add_argument("--since", default=None, metavar=date, help=h("agenda.since"))  # checked in cli.main()
    from checker.judging.model import PHASE_VIEWS

    agenda.add_argument("--phase", choices=PHASE_VIEWS, default="active", help=h("agenda.phase"))
    agenda.add_argument(
        "--format", choices=("table", "json", "markdown", "ics"), default="table", help=h("agenda.format")
    )
    common.output(agenda)
    common.lang(agenda)
    agenda.add_argument("--rules", metavar="DIR", help=argparse.SUPPRESS)

    sheet = sub.add_parser("sheet", help=h("sheet"), description=h("sheet"))
    sheet.add_argument("path", metavar=common.metavar("path"), help=h("sheet.path"))
    common.as_of(sheet, as_of_type)
    sheet.add_argument("--format", choices=("html", "markdown"), default="html", help=h("sheet.format"))
    common.output(sheet)
    sheet.add_argument("--output-dir", metavar=common.metavar("dir"), help=h("sheet.output_dir"))
    common.evidence(sheet)
    common.lang(sheet)
    sheet.add_argument("--history-from", default=None, metavar=date, help=h("sheet.history_from"))
    sheet.add_argument("--as-now", action="store_true", help=h("history.as_now"))
    sheet.add_argument("--rules", metavar="DIR", help=argparse.SUPPRESS)

    history = sub.add_parser("history", help=h("history"), description=h("history"))
    common.paths(history)
    history.add_argument("--from", dest="start", type=as_of_type, required=True, metavar=date, help=h("history.from"))
    history.add_argument("--to", dest="end", type=as_of_type, default=None, metavar=date, help=h("history.to"))
    history.add_argument("--every", choices=("month", "week"), default="month", help=h("history.every"))
    history.add_argument("--format", choices=("table", "json", "svg"), default="table", help=h("history.format"))
    history.add_argument("--startup", default=None, metavar="ID", help=h("history.startup"))
    history.add_argument("--as-now", action="store_true", help=h("history.as_now"))
    common.output(history)
    common.lang(history)
    history.add_argument("--rules", metavar="DIR", help=argparse.SUPPRESS)


def _write(content: str | bytes, output: str | None, lang: str) -> int:
    """To ``output`` (atomically) or standard output; 2 when the file cannot be written."""
    from checker.foundation.messages import text

    if output in (None, "-"):
        if isinstance(content, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(content)
            sys.stdout.flush()
        return 0
    try:
        if isinstance(content, bytes):
            with atomic_open(output, "wb") as out:
                out.write(content)
        else:
            with atomic_open(output, "w") as out:
                out.write(content)
    except OSError as exc:
        _say(text("cli.output", lang, file=output, detail=system_error(exc)))
        return 2
    return 0


def _load_all(paths: list[str]) -> list[Loaded]:
    from checker.reading.declarations import collect, load

    return [load(shown, target) for shown, target in collect(paths)]


def _report_errors(examined: Iterable[Examined]) -> bool:
    bad = False
    for ex in examined:
        for err in ex.result.errors:
            _say(f"{ex.shown}:{err.line}:{err.column}: {err.message}")
            bad = True
    return bad


def run(args: argparse.Namespace, catalog: Catalog) -> int:
    from checker.committee.examine import examine
    from checker.judging.evaluate import Evaluator

    lang = args.lang
    if args.command == "agenda":
        from checker.committee import agenda as agenda_mod

        as_of = args.as_of or dt.date.today()
        since = args.since or agenda_mod.default_since(as_of)
        if since > as_of:
            _say(word("cli.since_after", lang, since=since.isoformat(), as_of=as_of.isoformat()))
            return 2
        evaluator = Evaluator(catalog, as_of, lang)
        examined = [examine(evaluator, loaded) for loaded in _load_all(args.paths)]
        bad = _report_errors(examined)
        agenda = agenda_mod.build(catalog, examined, as_of, args.days, lang, since, args.phase)
        render: dict[str, Callable[[agenda_mod.Agenda], str | bytes]] = {
            "table": agenda_mod.render_table,
            "json": agenda_mod.render_json,
            "markdown": agenda_mod.render_markdown,
            "ics": agenda_mod.render_ics,
        }
        code = _write(render[args.format](agenda), args.output, lang)
        return code or (2 if bad else 0)
    if args.command == "history":
        from checker.committee import history as history_mod

        # the dates were checked in main(): --from <= --to (default today), few enough
        with history_mod.Past(catalog, args.paths, lang, as_now=args.as_now, say=_say) as past:
            result = past.history(args.start, args.end, args.every, args.startup)
        if args.startup is not None and not result.records:
            from checker.foundation.wording import printable, quote

            _say(word("history.no_startup", lang, id=quote(printable(args.startup))))
            return 2
        for file, line, message in result.errors:
            _say(f"{file}:{line}: {message}")
        draw = {"table": history_mod.render_table, "json": history_mod.render_json, "svg": history_mod.render_svg}[
            args.format
        ]
        code = _write(draw(result, catalog), args.output, lang)
        return code or (2 if result.errors else 0)
    return _sheet(args, catalog)


def _sheet(args: argparse.Namespace, catalog: Catalog) -> int:
    from checker.committee import sheet as sheet_mod
    from checker.committee.history import Past
    from checker.evidence.findings import evidence_option
    from checker.foundation.dates import add_months
    from checker.foundation.options import Usage

    lang = args.lang
    as_of = args.as_of or dt.date.today()
    # the strip of verdicts: a year by default (a --history-from after as_of is refused by cli.main)
    start = args.history_from or add_months(as_of, -12)
    path = Path(args.path)
    try:  # check's own --evidence: the sheet shows the verdicts the portfolio report shows
        evidence = evidence_option(args, catalog, as_of)
    except Usage as exc:
        _say(str(exc))
        return 2
    loaded = _load_all([args.path])
    if args.output_dir is None and (path.is_dir() or len(loaded) != 1):
        _say(word("cli.sheet_output_dir", lang) if path.is_dir() else word("cli.sheet_one", lang, path=args.path))
        return 2
    render = sheet_mod.render_html if args.format == "html" else sheet_mod.render_markdown
    with Past(catalog, [args.path], lang, as_now=args.as_now, say=_say) as past:
        history = past.history(start, as_of, "month")

        def made(ex: Examined) -> str:
            """One sheet, with the startup's past (none for an invalid declaration: no verdicts)."""
            if ex.result.status == "invalid":
                return render(ex, catalog, as_of, lang)
            committee = sheet_mod.last_committee(ex.data, as_of)
            return render(ex, catalog, as_of, lang, past=past.startup(history, ex.shown, as_of, committee))

        return _sheets(args, catalog, loaded, as_of, made, evidence)


def _sheets(
    args: argparse.Namespace,
    catalog: Catalog,
    loaded: list[Loaded],
    as_of: dt.date,
    made: Callable[[Examined], str],
    evidence: EvidenceStep | None,
) -> int:
    """The sheet of ``loaded`` (one file) to ``--output``, or one per declaration in ``--output-dir``
    (each with ``evidence``'s findings, as in the portfolio report)."""
    from checker.committee import sheet as sheet_mod
    from checker.committee.examine import examine
    from checker.judging.evaluate import Evaluator

    lang = args.lang
    evaluator = Evaluator(catalog, as_of, lang)
    if args.output_dir is None:
        ex = with_evidence(evidence, examine(evaluator, loaded[0]))
        bad = _report_errors([ex])
        return _write(made(ex), args.output, lang) or (2 if bad else 0)
    out_dir = Path(args.output_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from checker.foundation.messages import text

        _say(text("cli.output", lang, file=str(out_dir), detail=system_error(exc)))
        return 2
    code, suffix, used = 0, ".html" if args.format == "html" else ".md", set()
    for item in loaded:
        ex = with_evidence(evidence, examine(evaluator, item))
        if _report_errors([ex]) or ex.result.startup is None:
            code = 2
            continue
        stem = sheet_mod.file_name(ex.result.startup)
        name, n = stem + suffix, 1
        while name.lower() in used:  # two files declaring one startup id: neither sheet is lost
            n += 1
            name = f"{stem}-{n}{suffix}"
        used.add(name.lower())
        code = _write(made(ex), str(out_dir / name), lang) or code
    return code


def with_evidence(evidence: EvidenceStep | None, ex: Examined) -> Examined:
    """``ex`` with the evidence findings ``check --evidence`` adds (in place; ``evidence``: an
    :class:`checker.evidence.findings.EvidenceStep` or None), its problems said on stderr once."""
    if evidence is None:
        return ex
    evidence.add_to(ex)
    for problem in evidence.problems:
        _say(problem)
    evidence.problems.clear()
    return ex


def html_extras(context: Context, args: argparse.Namespace, catalog: Catalog, as_of: dt.date, file: str | None) -> None:
    """``check --format html``: the history chart (``--history-from``: from git, or today's
    files with ``--as-now`` or outside git; made once per run) and links to the startup sheets
    written in ``sheets/`` beside the report file."""
    start = getattr(args, "history_from", None)
    if start is not None and start <= as_of:
        if getattr(args, "made_history", None) is None:  # several html reports of one run: one history
            from checker.committee.history import Past

            with Past(catalog, args.paths, args.lang, as_now=getattr(args, "as_now", False), say=_say) as past:
                args.made_history = past.history(start, as_of, "month")
        from checker.committee.history import portfolio_section

        context.history_html = portfolio_section(args.made_history, context.phase)
    if file not in (None, "-"):
        from checker.committee.sheet import links_to_sheets

        sheets = Path(file).parent / "sheets"
        if sheets.is_dir():
            context.sheet_link = links_to_sheets(sheets.name, lambda name: (sheets / name).is_file())
