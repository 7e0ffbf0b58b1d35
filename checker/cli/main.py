"""The ``conformite`` command line (``python -m checker`` does the same).

Exit status (``shared/spec/report.md``): 0 nothing reaches ``--fail-on``; 1 something does;
2 a file is invalid or the command is misused. No traceback reaches the user.
"""

from __future__ import annotations

import gc

_COLLECTING = gc.isenabled()
gc.disable()  # while these modules are imported: see _Collector
try:
    import argparse
    import contextlib
    import datetime as dt
    import os
    import signal
    import stat
    import sys
    import threading
    from collections.abc import Callable, Iterator
    from pathlib import Path
    from types import FrameType
    from typing import IO, TYPE_CHECKING, Any, NoReturn, TextIO, cast

    from checker import __version__
    from checker.cli import lang as clilang
    from checker.cli.lang import Subparsers, helper
    from checker.foundation import atomic
    from checker.foundation.atomic import atomic_open
    from checker.foundation.console import say as _say  # every line on stderr: cleaned of terminal escapes
    from checker.foundation.messages import text
    from checker.foundation.options import Usage as _Usage
    from checker.foundation.options import date_option
    from checker.foundation.wording import counted, printable, quote, system_error
    from checker.reading.problems import Problem
finally:
    if _COLLECTING:
        gc.freeze()  # what these imports made lives as long as the process: no collection traverses it again
        gc.enable()

if TYPE_CHECKING:
    from checker.evidence.findings import EvidenceStep
    from checker.judging.model import DeclarationResult, Report
    from checker.judging.rules import Catalog
    from checker.reporting.baseline import Baseline

FORMATS = ("table", "json", "markdown", "junit", "sarif", "github", "html")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors: one sentence, exit 2
        self.print_usage(sys.stderr)
        _say(message)  # it may quote what was typed (an unrecognized argument): cleaned
        raise SystemExit(2)

    def _get_formatter(
        self,
    ) -> argparse.HelpFormatter:  # argparse's, with the width it would find: without importing shutil
        return self.formatter_class(prog=self.prog, width=_help_width() - 2)  # type: ignore[call-arg]


def _help_width() -> int:
    """``shutil.get_terminal_size().columns``, as argparse's help formatter asks it (importing
    shutil, and bz2 and lzma with it, costs every run more than this)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns


MAX_BYTES_LIMIT = 64 * 1024 * 1024  # --max-bytes: 1 byte to 64 MiB (a declaration is read whole)


DATE_OPTIONS = {
    "as_of": "--as-of",
    "start": "--from",
    "end": "--to",
    "history_from": "--history-from",
    "observed_on": "--observed-on",
    "since": "--since",
}  # every date option: read by checker.foundation.options.date_option
DAY_OPTIONS = {"days": "--days"}  # every number of days: 0 to MAX_DAYS
MAX_DAYS = 36_525  # a hundred years


def _series(args: argparse.Namespace, lang: str) -> None:
    """The dates of a history (``history``, ``check --history-from``): ``--from`` on or before
    ``--to`` (default today), at most :data:`checker.committee.history.MAX_DATES` of them."""
    if args.command == "history":
        args.end = args.end or dt.date.today()
        start, end, every, options = args.start, args.end, args.every, "--from/--to"
        if start > end:
            raise _Usage(text("cli.history_range", lang))
    elif getattr(args, "history_from", None) is not None:
        start, end, every, options = args.history_from, args.as_of or dt.date.today(), "month", "--history-from"
        if start > end:  # a history after the report's date: said, never a page without its chart
            raise _Usage(text("cli.history_from_after", lang, start=start.isoformat(), as_of=end.isoformat()))
    else:
        return
    from checker.committee.history import MAX_DATES, date_count

    count = date_count(start, end, every)
    if count > MAX_DATES:
        step = text(f"cli.every_{every}", lang)
        raise _Usage(
            text(
                "cli.too_many_dates",
                lang,
                option=options,
                start=start,
                end=end,
                count=count,
                step=step,
                limit=MAX_DATES,
            )
        )


MAX_JOBS = 256


def _jobs(value: str | None, lang: str) -> int:
    """``--jobs N``: 1 to 256 processes; default, the CPUs this process may use."""
    if value is None:
        from checker.judging.parallel import usable_cpus

        return usable_cpus()
    return _count(value, MAX_JOBS, "cli.jobs", lang)


def _max_bytes(value: str, lang: str) -> int:
    return _count(value, MAX_BYTES_LIMIT, "cli.max_bytes", lang)


def _count(value: str, limit: int, message: str, lang: str, least: int = 1, option: str = "") -> int:
    """A whole number from ``least`` to ``limit`` written in decimal, else a usage error
    (``message``, which may name the ``option``)."""
    digits = value.strip()
    number = int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 20 else least - 1  # 0-9 only
    if not least <= number <= limit:
        raise _Usage(text(message, lang, value=quote(value), limit=limit, option=option))
    return number


class _Interrupted(BaseException):
    """SIGINT or SIGTERM: unwinds like KeyboardInterrupt, so every report being written is
    dropped (its temporary file removed, the previous file left whole)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class _SignalState:
    active = False  # while True a signal unwinds the run; after, it is only recorded
    received: int | None = None
    command: str | None = None  # the command running, once parsed (``serve`` writes no report)


RECHECK = 0.01  # seconds: a signal that came during an import is acted on this long after, import over
_ALARM = hasattr(signal, "setitimer")  # not on Windows: there a signal unwinds the run at once


def _on_signal(signum: int, frame: FrameType | None) -> None:
    _SignalState.received = signum
    if not _SignalState.active:
        return
    if _ALARM and _importing(frame):  # an exception inside an import can crash a C extension's set-up (orjson's)
        signal.setitimer(signal.ITIMER_REAL, RECHECK)  # look again once the import is over
        return
    raise _Interrupted(signum)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    if _SignalState.received is not None:
        _on_signal(_SignalState.received, frame)


def _importing(frame: FrameType | None) -> bool:
    """Whether ``frame`` runs inside an import (the import system's own frames are under it)."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


@contextlib.contextmanager
def _signals_stop_cleanly(restore: bool) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():  # only the main thread may
        yield
        return
    handlers = {signal.SIGINT: _on_signal, signal.SIGTERM: _on_signal}
    if _ALARM:
        handlers[signal.SIGALRM] = _on_alarm
    previous = {sig: signal.signal(sig, handler) for sig, handler in handlers.items()}
    _SignalState.active, _SignalState.received = True, None
    atomic.forget()  # what this run writes is recorded from here (the interruption's message)
    try:
        yield
    finally:
        _SignalState.active = False
        if _ALARM:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if restore:  # main() called from Python; as the conformite process, a late signal is only recorded
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def build_parser(lang: str = "fr", run_lang: str = "fr", command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, its help in ``lang`` (:mod:`checker.cli.lang`); ``run_lang`` is
    the default of every ``--lang`` (the one given anywhere on the command line, else French).
    Build and parse inside ``clilang.speaking(lang)`` so argparse's own words follow.
    ``command``: the command about to run, when known (:func:`_command`); the parsers of the
    other command groups are then only named."""
    h = helper(lang)
    parser = _Parser(prog="conformite", description=h("description"), epilog=h("epilog"))
    parser.add_argument("--version", action="version", version=f"conformite {__version__}", help=h("version"))
    parser.add_argument("--lang", choices=("fr", "en"), default=run_lang, help=h("lang"))
    sub = parser.add_subparsers(
        dest="command",
        required=True,
        parser_class=_Parser,
        title=h("commands"),
        help=h("command"),
        metavar="COMMANDE" if lang == "fr" else "COMMAND",
    )
    _add_check(sub, h, run_lang)

    common = _Common(h, run_lang)
    sub.add_parser("schema", help=h("schema"), description=h("schema"))

    rules = sub.add_parser("rules", help=h("rules"), description=h("rules"))
    common.lang(rules)
    shown = rules.add_mutually_exclusive_group()
    shown.add_argument("--markdown", action="store_true", help=h("rules.markdown"))
    shown.add_argument("--readme-table", action="store_true", help=h("rules.readme_table"))
    rules.add_argument("--rules", metavar="DIR", help=argparse.SUPPRESS)

    explain = sub.add_parser("explain", help=h("explain"), description=h("explain"))
    explain.add_argument("id", metavar="ID", help=h("explain.id"))
    common.lang(explain)
    explain.add_argument("--rules", metavar="DIR", help=argparse.SUPPRESS)
    _add_init(sub, h, run_lang)

    _add_groups(sub, common, h, command)
    return parser


# commands whose parsers live in modules of their own, imported only when needed: a check
# (what a pre-commit hook runs on every commit) does not pay for the importer's modules
GROUPS = {
    "import": ("import",),
    "committee": ("agenda", "sheet", "history"),
    "evidence": ("evidence",),
    "web": ("serve", "site"),
}


def _add_groups(sub: Subparsers, common: _Common, h: Callable[..., str], command: str | None) -> None:
    """The import, committee and evidence commands: in full when one of them runs or when the
    command is unknown (top-level help, a typo); else as a named entry of the command list."""
    known = {"check", "schema", "rules", "explain", "init"}
    for group, names in GROUPS.items():
        if command in known:
            for name in names:
                sub.add_parser(name, help=h(name), description=h(name))
            continue
        if group == "import":
            from checker.importer import add_parsers  # one sub-command per registered importer

            add_parsers(sub, _Parser, str, common)  # --as-of is checked in main(), once --lang is known
        elif group == "committee":
            from checker.cli.committee import add_parsers as add_committee_parsers

            add_committee_parsers(sub, str, common)  # agenda, sheet, history; dates checked in main()
        elif group == "web":
            from checker.cli.web import add_parsers as add_web_parsers

            add_web_parsers(sub, common)  # serve, site; dates and --max-bytes checked in main()
        else:
            from checker.cli.evidence import add_parser as add_evidence_parser

            add_evidence_parser(sub, str, common)  # dates checked in main()


def _command(argv: list[str]) -> str | None:
    """The command named on the command line (the first word that is not an option or the
    value of the top-level ``--lang``), or None."""
    words = iter(argv)
    for word in words:
        if word == "--lang":
            next(words, None)
        elif word == "--":
            return next(words, None)
        elif not word.startswith("-"):
            return word
    return None


class _Common:
    """The options every command words alike (``--lang``, ``--as-of``, ``--output``, PATH):
    ``common.h`` is the help lookup in the help's language."""

    def __init__(self, h: Callable[..., str], run_lang: str):
        self.h, self.run_lang = h, run_lang

    def metavar(self, kind: str) -> str:
        return self.h(f"metavar.{kind}")

    def lang(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--lang", choices=("fr", "en"), default=self.run_lang, help=self.h("lang"))

    def as_of(self, parser: argparse.ArgumentParser, date_type: Callable[[str], object] | None = None) -> None:
        kwargs: dict[str, Any] = {"type": date_type} if date_type is not None else {}
        parser.add_argument("--as-of", default=None, metavar=self.metavar("date"), help=self.h("as_of"), **kwargs)

    def output(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--output", metavar=self.metavar("file"), help=self.h("output"))

    def paths(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", metavar=self.metavar("path"), help=self.h("paths"))

    def evidence(self, parser: argparse.ArgumentParser) -> None:
        """``--evidence DIR`` and ``--evidence-max-age N`` (check, sheet), read by :func:`_evidence`."""
        parser.add_argument("--evidence", metavar="EVIDENCE_DIR", help=self.h("check.evidence"))
        parser.add_argument(
            "--evidence-max-age", type=int, default=30, metavar="N", help=self.h("check.evidence_max_age")
        )


def _add_check(sub: Subparsers, h: Callable[..., str], run_lang: str) -> None:
    common = _Common(h, run_lang)
    check = sub.add_parser("check", help=h("check"), description=h("check"))
    common.paths(check)
    common.as_of(check)
    check.add_argument("--format", choices=FORMATS, default="table", help=h("check.format"))
    common.output(check)
    check.add_argument(
        "--report", action="append", default=[], metavar="FORMAT:" + common.metavar("file"), help=h("check.report")
    )
    check.add_argument(
        "--fail-on", choices=("error", "warning", "never", "new"), default="error", help=h("check.fail_on")
    )
    check.add_argument("--no-exemptions", action="store_true", help=h("check.no_exemptions"))
    common.lang(check)
    check.add_argument("--summary", action="store_true", help=h("check.summary"))
    check.add_argument("--verbose", action="store_true", help=h("check.verbose"))
    check.add_argument("--baseline", metavar="JSON", help=h("check.baseline"))
    check.add_argument("--diff-base", metavar="REF", help=h("check.diff_base"))
    check.add_argument("--skip-non-declarations", action="store_true", help=h("check.skip_non_declarations"))
    check.add_argument("--no-portfolio", action="store_true", help=h("check.no_portfolio"))
    from checker.judging.model import PHASE_VIEWS

    check.add_argument("--phase", choices=PHASE_VIEWS, default=None, help=h("check.phase"))
    check.add_argument(
        "--history-from", type=str, default=None, metavar=common.metavar("date"), help=h("check.history_from")
    )
    check.add_argument("--as-now", action="store_true", help=h("history.as_now"))
    check.add_argument("--rules", metavar="DIR", help=argparse.SUPPRESS)
    check.add_argument("--max-bytes", default=str(1024 * 1024), metavar="N", help=h("check.max_bytes"))
    check.add_argument("--jobs", default=None, metavar="N", help=h("check.jobs"))
    common.evidence(check)


def _add_init(sub: Subparsers, h: Callable[..., str], run_lang: str) -> None:
    common = _Common(h, run_lang)
    init = sub.add_parser("init", help=h("init"), description=h("init"))
    init.add_argument("--output", metavar=common.metavar("file"), help=h("init.output"))
    common.lang(init)
    init.add_argument("--answers", metavar=common.metavar("file"), help=h("init.answers"))
    init.add_argument("--from-betagouv", metavar="CONTENT_DIR", help=h("init.from_betagouv"))
    init.add_argument("--startup", metavar="ID", help=h("init.startup"))
    init.add_argument("--force", action="store_true", help=h("init.force"))


class _SameId:
    """A line on stderr when a startup id was already declared by another file of the run: the
    portfolio would count that startup twice (the spec is silent; a coach wants to know). The
    first ``SHOWN`` such files get a line each, the rest one count at the end of the run."""

    SHOWN = 5

    def __init__(self, lang: str):
        self.lang, self.first, self.more = lang, dict[str, str](), 0

    def see(self, decl: DeclarationResult) -> None:
        if decl.status == "invalid" or not decl.startup:
            return
        first = self.first.setdefault(decl.startup, decl.file)
        if first == decl.file:
            return
        self.more += 1
        if self.more <= self.SHOWN:
            _say(text("check.same_id", self.lang, file=decl.file, id=decl.startup, first=first))

    def close(self) -> None:
        if self.more > self.SHOWN:
            _say(
                text(
                    "check.same_id_more",
                    self.lang,
                    count=counted(self.more - self.SHOWN, "count.same_id_more", self.lang),
                )
            )


class _Collector:
    """Python's cyclic garbage collector is paused while a command starts: the imports it needs
    and the rule catalogue allocate much and free almost nothing, and the collections they set
    off cost a one-file check about 5% of its time. It runs again once the catalogue is loaded
    (or at once for a command without one), and always when :func:`main` returns; in the
    command's own process, what start-up made is first frozen (``gc.freeze``: it lives as long
    as the process, no collection needs to traverse it). This module's imports are made with
    the collector paused too, at the top of the file."""

    resume = freeze = False

    @classmethod
    def pause(cls, freeze: bool) -> None:
        cls.resume, cls.freeze = cls.resume or gc.isenabled(), freeze
        gc.disable()

    @classmethod
    def started(cls) -> None:
        if cls.resume:
            cls.resume = False
            if cls.freeze:
                gc.freeze()
            gc.enable()


def main(argv: list[str] | None = None) -> int:
    _Collector.pause(freeze=argv is None)  # called from Python (tests): nothing frozen
    try:
        return _main(argv)
    finally:
        _Collector.started()


def _arguments(argv: list[str]) -> argparse.Namespace | int:
    """The command line parsed and its options checked, or the exit status when it stops there
    (``--help``, ``--version``, a usage error)."""
    try:
        with clilang.speaking(clilang.cli_lang(argv)):  # --help and usage errors in that language
            parser = build_parser(clilang.cli_lang(argv), clilang.from_argv(argv) or "fr", _command(argv))
            args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    lang = getattr(args, "lang", "fr")
    try:
        for name, option in DATE_OPTIONS.items():
            if isinstance(getattr(args, name, None), str):
                setattr(args, name, date_option(getattr(args, name), lang, option))
        for name, option in DAY_OPTIONS.items():
            if isinstance(getattr(args, name, None), str):
                setattr(args, name, _count(getattr(args, name), MAX_DAYS, "cli.days", lang, 0, option))
        _series(args, lang)
        if getattr(args, "max_bytes", None) is not None:
            args.max_bytes = _max_bytes(args.max_bytes, lang)
        if args.command in ("check", "import"):
            args.jobs = _jobs(args.jobs, lang)
    except _Usage as exc:
        _say(str(exc))
        return 2
    return args


def _main(argv: list[str] | None) -> int:
    from_process = argv is None  # the console command (or python -m checker), not a call from Python
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = clilang.from_argv(argv) or "fr"  # every --lang's value, known before argparse runs
    _SignalState.command = None
    try:
        with _signals_stop_cleanly(restore=not from_process):  # from the start: parsing imports modules
            args = _arguments(argv)
            _SignalState.command = getattr(args, "command", None)
            code = args if isinstance(args, int) else _dispatch(args)
        if _SignalState.received is None:
            return code
        raise _Interrupted(_SignalState.received)  # arrived as the run ended: still 130 / 143
    except (_Interrupted, KeyboardInterrupt) as exc:  # Ctrl-C, SIGTERM: one line, 130 / 143
        signum = getattr(exc, "signum", signal.SIGINT)
        with contextlib.suppress(OSError):
            sys.stdout.flush()
        _say(_interrupted(lang, signum))
        return 128 + signum
    except BrokenPipeError:  # `conformite check … | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OverflowError:  # past the calendar: every date option is bounded, a declaration's date is not
        _say(text("cli.overflow", lang))
        return 2
    except Exception as exc:  # the last guard: one sentence, never a traceback
        _say(f"{text('cli.error', lang)}: {type(exc).__name__}: {exc}")
        return 2


def _catalog(args: argparse.Namespace) -> Catalog | None:
    from checker.judging.rules import RuleFileError, load_catalog

    try:
        return load_catalog(Path(args.rules) if getattr(args, "rules", None) else None)
    except RuleFileError as exc:
        _say(text("cli.rules_broken", getattr(args, "lang", "fr"), file=f"{exc.file}:{exc.line}", detail=exc.detail))
        return None
    finally:
        _Collector.started()


def _dispatch(args: argparse.Namespace) -> int:
    if args.command in ("schema", "init", "import", "evidence"):  # no catalogue to load
        _Collector.started()
    if args.command == "schema":
        from checker.reading.schemas import schema_text

        sys.stdout.write(schema_text())
        return 0
    if args.command in ("rules", "explain"):
        catalog = _catalog(args)
        if catalog is None:
            return 2
        from checker.reporting import docs

        if args.command == "rules":
            if args.readme_table:
                listing = docs.readme_table(catalog, args.lang)
            elif args.markdown:
                listing = docs.markdown(catalog, args.lang)
            else:
                listing = docs.rules_listing(catalog, args.lang)
            sys.stdout.write(listing)
            return 0
        page = docs.explain(catalog, args.id, args.lang)
        if page is None:
            from checker.reading.schema import suggest

            guess = suggest(args.id, catalog.obligation_ids + list(catalog.rules) + list(catalog.exemption_rules))
            hint = text("hint.did_you_mean", args.lang, suggestion=guess) if guess else ""
            _say(text("cli.unknown_id", args.lang, value=quote(args.id), hint=hint))
            return 2
        sys.stdout.write(page)
        return 0
    if args.command == "init":
        from checker.questionnaire import command as init

        return init.main(args)
    if args.command == "import":
        from checker import importer

        return importer.main(args)
    from checker.cli.committee import COMMANDS
    from checker.cli.committee import run as run_committee

    if args.command in COMMANDS:
        catalog = _catalog(args)
        return 2 if catalog is None else run_committee(args, catalog)
    if args.command == "evidence":
        from checker.cli import evidence as command

        return command.main(args)
    if args.command in GROUPS["web"]:
        from checker.cli import web as web_command

        catalog = _catalog(args)
        return 2 if catalog is None else web_command.main(args, catalog)
    return _check(args)


def _check(args: argparse.Namespace) -> int:
    """``conformite check``: options checked, the baseline read, every file evaluated once, then
    each report written (files first), and the exit status."""
    from checker.judging.run import run_check
    from checker.reading.declarations import collect

    catalog = _catalog(args)
    if catalog is None:
        return 2
    lang, as_of = args.lang, args.as_of or dt.date.today()
    try:
        outputs = [(args.format, args.output)] + _extra_outputs(args.report, lang)
        baseline = _baseline(args.fail_on, args.baseline, args.diff_base, lang)
        targets = collect(args.paths)
        if args.skip_non_declarations:
            from checker.reporting.diffbase import skip_non_declarations

            targets = skip_non_declarations(targets, args.max_bytes, lang, _say)
        if args.diff_base:
            baseline = _diff_base(args, catalog, as_of, targets)
        evidence = _evidence(args, catalog, as_of)
        for _, file in outputs:  # before anything is read or written: no report replaces an input
            if file not in (None, "-") and _is_input(file, targets, args.paths):
                raise _Usage(text("cli.output_is_input", lang, file=printable(file)))
    except _Usage as exc:
        _say(str(exc))
        return 2

    in_report = _errors_in_report(args.summary, outputs)

    same_id = _SameId(lang)

    def errors_to_stderr(decl: DeclarationResult) -> None:  # as each file is checked, one sentence per problem
        for err in [] if in_report else decl.errors:
            _say(f"{decl.file}:{err.line}:{err.column}: {err.message}")
        same_id.see(decl)

    report = run_check(
        catalog,
        targets,
        as_of,
        lang,
        exemptions=not args.no_exemptions,
        verbose=args.verbose,
        max_bytes=args.max_bytes,
        on_result=errors_to_stderr,
        evidence=evidence,
        jobs=args.jobs,
    )
    same_id.close()
    for problem in evidence.problems if evidence is not None else []:
        _say(problem)
    if not _write_reports(args, catalog, report, outputs, baseline, as_of):
        return 2
    if args.fail_on == "new":
        from checker.reporting.diffbase import exit_code_new

        return exit_code_new(report, baseline or {})
    return report.exit_code(args.fail_on)


ERRORS_SHOWN = ("table", "markdown", "github")  # human formats that list each error at its line


def _errors_in_report(summary: bool, outputs: list[tuple[str, str | None]]) -> bool:
    """Whether a report written to standard output already lists every error: then it is not
    also said on stderr (one problem, one message, printed once). Machine formats (json, junit,
    sarif, html), a report written to a file, or ``--summary`` leave the errors to stderr."""
    return not summary and any(fmt in ERRORS_SHOWN and file in (None, "-") for fmt, file in outputs)


def _extra_outputs(specs: list[str], lang: str) -> list[tuple[str, str]]:
    """``--report FORMAT:FILE`` options as (format, file) pairs."""
    extra = []
    for spec in specs:
        fmt, sep, file = spec.partition(":")
        if not sep or fmt not in FORMATS or not file:
            raise _Usage(text("cli.report_spec", lang, spec=spec, formats=", ".join(FORMATS)))
        extra.append((fmt, file))
    return extra


def _baseline(fail_on: str, baseline: str | None, diff_base: str | None, lang: str) -> Baseline | None:
    """The ``--baseline`` report, after the checks of ``--fail-on new`` and ``--diff-base``."""
    if fail_on == "new" and not (baseline or diff_base):
        from checker.reporting.diffbase import message

        raise _Usage(message("fail_on_new", lang))
    if baseline and diff_base:
        from checker.reporting.diffbase import message

        raise _Usage(message("both", lang))
    if not baseline:
        return None
    from checker.reporting.baseline import BaselineError, load_baseline

    try:
        return load_baseline(Path(baseline), lang)
    except BaselineError as exc:
        raise _Usage(text("cli.baseline", lang, file=baseline, detail=str(exc))) from None


def _diff_base(
    args: argparse.Namespace, catalog: Catalog, as_of: dt.date, targets: list[tuple[str, Path | Problem]]
) -> Baseline:
    """``--diff-base REF``: the verdicts of each file as it stood at REF, at the same as-of date."""
    from checker.judging.evaluate import Evaluator
    from checker.reporting.diffbase import DiffBaseError, GitRevision, baseline_at

    evaluator = Evaluator(catalog, as_of, args.lang, not args.no_exemptions, False, args.max_bytes)
    try:
        with GitRevision(args.diff_base, args.lang, args.max_bytes) as revision:
            return baseline_at(revision, evaluator, targets)
    except DiffBaseError as exc:
        raise _Usage(str(exc)) from None


def _evidence(args: argparse.Namespace, catalog: Catalog, as_of: dt.date) -> EvidenceStep | None:
    """``--evidence DIR``: the step that adds evidence findings, or None; a run without it never
    imports the evidence package's findings."""
    if not args.evidence:
        return None
    from checker.evidence.findings import evidence_option

    return evidence_option(args, catalog, as_of)


def _write_reports(
    args: argparse.Namespace,
    catalog: Catalog,
    report: Report,
    outputs: list[tuple[str, str | None]],
    baseline: Baseline | None,
    as_of: dt.date,
) -> bool:
    """Every report: files first (a reader closing standard output early, ``| head``, cannot
    cost a report file), each file written whole or not at all. False when one cannot be written."""
    from checker.reporting import Context, render

    for fmt, file in sorted(outputs, key=lambda output: output[1] in (None, "-")):
        to_terminal = file in (None, "-") and sys.stdout.isatty()
        width = os.get_terminal_size(sys.stdout.fileno()).columns if to_terminal else 100
        context = Context(
            catalog,
            args.lang,
            terminal=to_terminal and fmt == "table",
            width=width,
            baseline=baseline,
            summary_only=args.summary,
            portfolio=not args.no_portfolio,
            phase=args.phase or ("active" if args.summary else "all"),  # --summary: the committee's view
        )
        if fmt == "html":
            from checker.cli.committee import html_extras

            html_extras(context, args, catalog, as_of, file)
        if file in (None, "-"):
            render(fmt, report, context, sys.stdout)
            sys.stdout.flush()
            continue
        try:  # a temporary file beside the target, renamed into place once whole
            with _open_output(file) as out:
                render(fmt, report, context, cast(TextIO, out))  # a text file opened for writing
        except OSError as exc:
            _say(text("cli.output", args.lang, file=printable(file), detail=system_error(exc)))
            return False
    return True


def _interrupted(lang: str, signum: int) -> str:
    """What an interrupted run says: exactly the files it replaced before the signal
    (:func:`checker.foundation.atomic.committed`: each rename is recorded with the signals held), or that
    it replaced none."""
    name = signal.Signals(signum).name
    if _SignalState.command == "serve":  # a server writes no report: it stopped
        return text("cli.interrupted_serve", lang, signal=name)
    written = atomic.committed_text(lang)
    if written is None:
        return text("cli.interrupted", lang, signal=name)
    return text("cli.interrupted_written", lang, signal=name, written=written)


def _open_output(file: str) -> contextlib.AbstractContextManager[IO[str]]:
    """A report file: written whole or not at all (:func:`atomic_open`), except a device or a pipe
    that exists (``/dev/null``, ``/dev/stderr``, a FIFO) or anything under ``/dev`` or ``/proc``:
    that is written to as it is, since a file renamed over it would replace it (run as root,
    ``/dev/null`` itself). A symbolic link is followed: the file it names is replaced, the link
    stays (``/dev/stdout`` with standard output redirected to a file: that file is written)."""
    real = os.path.realpath(file)
    try:
        kind = os.stat(real).st_mode
    except OSError:
        kind = None
    special = kind is not None and not stat.S_ISREG(kind) and not stat.S_ISDIR(kind)
    if special or real.startswith(("/dev/", "/proc/")):
        return open(file, "w", encoding="utf-8", newline="")
    return atomic_open(file)  # a symbolic link is written through (checker.foundation.atomic)


def _same_file(path: Path, info: os.stat_result) -> bool:
    try:
        return os.path.samestat(os.stat(path), info)
    except OSError:
        return False


def _is_input(file: str, targets: list[tuple[str, Path | Problem]], arguments: list[str]) -> bool:
    """Whether writing ``file`` would replace a checked file: one of ``targets`` (the same
    file: its real path, or a hard link to it), or a ``*.yaml`` / ``*.yml`` file the
    directories searched would collect."""
    from checker.reading.declarations import SUFFIXES

    real = os.path.realpath(file)
    try:  # one stat per target, not one realpath (a stat per part of its path)
        info = os.stat(real)
    except OSError:  # nothing there yet: no checked file is it
        info = None
    # a device or a pipe (/dev/null, /dev/stdout) is never a checked file: those are refused
    if info is not None and stat.S_ISREG(info.st_mode):
        if any(_same_file(path, info) for _, path in targets if not isinstance(path, Problem)):
            return True
    if not real.endswith(SUFFIXES):
        return False
    for argument in arguments:
        if os.path.isdir(argument):
            inside = os.path.relpath(real, os.path.realpath(argument))
            parts = inside.split(os.sep)
            if parts[0] != ".." and not any(part.startswith(".") for part in parts[:-1]):
                return True
    return False
