"""The ``conformite`` command line (``python -m checker`` does the same).

Exit status (``shared/spec/report.md``): 0 nothing reaches ``--fail-on``; 1 something does;
2 a file is invalid or the command is misused. No traceback reaches the user.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from . import __version__
from .messages import text

FORMATS = ("table", "json", "markdown", "junit", "sarif", "github", "html")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: one sentence, exit 2
        self.print_usage(sys.stderr)
        sys.stderr.write(f"conformite: {message}\n")
        raise SystemExit(2)


def _lang_from_argv(argv) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in ("fr", "en") else "fr"
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1] if arg.split("=", 1)[1] in ("fr", "en") else "fr"
    return "fr"


def _as_of(value: str) -> dt.date:
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(text("cli.bad_date", _lang_from_argv(sys.argv), value=value)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="conformite", description="Checks Startups d'État declarations against the DINUM convention.")
    parser.add_argument("--version", action="version", version=f"conformite {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="check declaration files or directories")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--as-of", type=_as_of, default=None, metavar="YYYY-MM-DD")
    check.add_argument("--format", choices=FORMATS, default="table")
    check.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    check.add_argument("--report", action="append", default=[], metavar="FORMAT:FILE",
                       help="also write FORMAT to FILE (repeatable), e.g. --report sarif:conformite.sarif")
    check.add_argument("--fail-on", choices=("error", "warning", "never"), default="error")
    check.add_argument("--no-exemptions", action="store_true", help="no exemption waives anything; none is reported")
    check.add_argument("--lang", choices=("fr", "en"), default="fr")
    check.add_argument("--summary", action="store_true", help="table: only the portfolio summary, not each finding")
    check.add_argument("--verbose", action="store_true", help="list passing and not-applicable rule outcomes too")
    check.add_argument("--baseline", metavar="JSON", help="a previous JSON report: mark verdicts new, resolved or unchanged")
    check.add_argument("--rules", metavar="DIR", help=argparse.SUPPRESS)
    check.add_argument("--max-bytes", type=int, default=1024 * 1024, help="largest declaration file read (default 1 MiB)")
    check.add_argument("--evidence", metavar="EVIDENCE_DIR", help="evidence store: observations become cause-evidence findings")
    check.add_argument("--evidence-max-age", type=int, default=30, metavar="DAYS",
                       help="evidence older than this many days before as-of is stale, not used (default 30)")

    sub.add_parser("schema", help="print the declaration JSON Schema")

    rules = sub.add_parser("rules", help="list obligations and rules")
    rules.add_argument("--lang", choices=("fr", "en"), default="fr")
    rules.add_argument("--markdown", action="store_true", help="the whole documentation as Markdown (docs/rules.md)")
    rules.add_argument("--rules", metavar="DIR", help=argparse.SUPPRESS)

    explain = sub.add_parser("explain", help="explain a rule or an obligation")
    explain.add_argument("id")
    explain.add_argument("--lang", choices=("fr", "en"), default="fr")
    explain.add_argument("--rules", metavar="DIR", help=argparse.SUPPRESS)

    imp = sub.add_parser("import", help="import declarations from another source")
    imp.add_argument("source", choices=("betagouv",))
    imp.add_argument("content_dir", metavar="CONTENT_DIR")
    imp.add_argument("--out", required=True, metavar="DIR")
    imp.add_argument("--as-of", type=_as_of, default=None, metavar="YYYY-MM-DD")
    imp.add_argument("--startup", action="append", default=[], metavar="ID")
    imp.add_argument("--lang", choices=("fr", "en"), default="fr")

    from .evidence.command import add_parser as add_evidence_parser
    add_evidence_parser(sub, _as_of)
    return parser


def _say(message: str) -> None:
    sys.stderr.write(f"conformite: {message}\n")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `conformite check … | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the last guard: one sentence, never a traceback
        _say(f"{text('cli.error', getattr(args, 'lang', 'fr'))}: {type(exc).__name__}: {exc}")
        return 2


def _catalog(args):
    from .rules import RuleFileError, load_catalog
    try:
        return load_catalog(Path(args.rules) if getattr(args, "rules", None) else None)
    except RuleFileError as exc:
        _say(text("cli.rules_broken", getattr(args, "lang", "fr"), file=f"{exc.file}:{exc.line}", detail=exc.detail))
        return None


def _dispatch(args) -> int:
    if args.command == "schema":
        from .schema import schema_text
        sys.stdout.write(schema_text())
        return 0
    if args.command in ("rules", "explain"):
        catalog = _catalog(args)
        if catalog is None:
            return 2
        from . import docs
        if args.command == "rules":
            listing = docs.markdown(catalog, args.lang) if args.markdown else docs.rules_listing(catalog, args.lang)
            sys.stdout.write(listing)
            return 0
        page = docs.explain(catalog, args.id, args.lang)
        if page is None:
            from .schema import suggest
            guess = suggest(args.id, list(catalog.rules) + catalog.obligation_ids)
            hint = text("hint.did_you_mean", args.lang, suggestion=guess) if guess else ""
            _say(text("cli.unknown_id", args.lang, value=args.id, hint=hint))
            return 2
        sys.stdout.write(page)
        return 0
    if args.command == "import":
        from .importer import betagouv
        return betagouv.main(args)
    if args.command == "evidence":
        from .evidence import command
        return command.main(args)
    return _check(args)


def _check(args) -> int:
    from .run import collect, run_check
    from .reporters import Context, render

    catalog = _catalog(args)
    if catalog is None:
        return 2
    lang = args.lang
    extra_outputs = []
    for spec in args.report:
        fmt, sep, file = spec.partition(":")
        if not sep or fmt not in FORMATS or not file:
            _say(text("cli.report_spec", lang, spec=spec, formats=", ".join(FORMATS)))
            return 2
        extra_outputs.append((fmt, file))
    baseline = None
    if args.baseline:
        from .baseline import BaselineError, load_baseline
        try:
            baseline = load_baseline(Path(args.baseline))
        except BaselineError as exc:
            _say(text("cli.baseline", lang, file=args.baseline, detail=str(exc)))
            return 2
    as_of = args.as_of or dt.date.today()

    def errors_to_stderr(decl) -> None:  # as each file is checked, one sentence per problem
        for err in decl.errors:
            _say(f"{decl.file}:{err.line}:{err.column}: {err.message}")

    evidence = None
    if args.evidence:
        from .evidence.findings import EvidenceStep
        if not Path(args.evidence).is_dir() or args.evidence_max_age < 0:
            _say((f"{args.evidence} : dossier de preuves introuvable (ou --evidence-max-age négatif)" if lang == "fr"
                  else f"{args.evidence}: evidence directory not found (or negative --evidence-max-age)"))
            return 2
        evidence = EvidenceStep(Path(args.evidence), catalog, as_of, lang, args.evidence_max_age, args.verbose)
    report = run_check(catalog, collect(args.paths), as_of, lang, exemptions=not args.no_exemptions,
                       verbose=args.verbose, max_bytes=args.max_bytes, on_result=errors_to_stderr, evidence=evidence)
    for problem in (evidence.problems if evidence is not None else []):
        _say(problem)
    outputs = [(args.format, args.output)] + extra_outputs
    # files first: a reader closing standard output early (| head) cannot cost a report file
    outputs.sort(key=lambda output: output[1] in (None, "-"))
    for fmt, file in outputs:
        to_terminal = file in (None, "-") and sys.stdout.isatty()
        width = os.get_terminal_size(sys.stdout.fileno()).columns if to_terminal else 100
        context = Context(catalog, lang, terminal=to_terminal and fmt == "table", width=width, baseline=baseline,
                          summary_only=args.summary)
        if file in (None, "-"):
            render(fmt, report, context, sys.stdout)
            sys.stdout.flush()
            continue
        try:
            with open(file, "w", encoding="utf-8") as out:
                render(fmt, report, context, out)
        except OSError as exc:
            _say(text("cli.output", lang, file=file, detail=exc.strerror or str(exc)))
            return 2
    return report.exit_code(args.fail_on)
