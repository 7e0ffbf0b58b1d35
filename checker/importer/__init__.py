"""``conformite import SOURCE …``: declarations made from another source of facts.

Importers are registered here by name; each one reads its source and yields records
(``base.Importer``); ``writer.py`` merges them into the output directory, the same way for
every source. Adding a source: a module with an importer object, one line in ``IMPORTERS``.
"""

from __future__ import annotations

import sys

from ..messages import counted, text
from .base import Issue, shorten
from .betagouv import BetaGouv, NotContentDir

IMPORTERS = {importer.name: importer for importer in (BetaGouv(),)}


def add_parsers(sub, parser_class, date_type, common) -> None:
    """``conformite import SOURCE``: one sub-command per registered importer; ``common``
    (checker.cli) words the help. An importer's ``help`` is its message key (checker.messages)."""
    h = common.h
    imp = sub.add_parser("import", help=h("import"), description=h("import"))
    common.lang(imp)
    sources = imp.add_subparsers(
        dest="source", required=True, metavar="SOURCE", parser_class=parser_class, help=h("import.source")
    )
    for name, importer in IMPORTERS.items():
        one = sources.add_parser(name, help=h(importer.help), description=h(importer.help))
        importer.add_arguments(one, h)
        one.add_argument("--out", required=True, metavar=common.metavar("dir"), help=h("import.out"))
        common.as_of(one, date_type)
        one.add_argument("--dry-run", action="store_true", help=h("import.dry_run"))
        one.add_argument("--jobs", default=None, metavar="N", help=h("import.jobs"))  # checked as check's
        common.lang(one)


def _say(message: str) -> None:
    sys.stderr.write(f"conformite: {message}\n")


def _line(issue: Issue, lang: str, code: str) -> str:
    params = {k: shorten(v, 200, lang) if isinstance(v, str) else v for k, v in issue.params.items()}  # a safety net
    return f"{issue.file}:{issue.line}: " + text(code, lang, reason=text(issue.code, lang, **params))


def main(args) -> int:
    """Run the importer named ``args.source``: exit 0, or 2 when something was left out."""
    from .writer import InsideSource, import_records

    importer, lang = IMPORTERS[args.source], args.lang
    try:
        outcome = import_records(importer, args, lang, dry_run=args.dry_run)
    except InsideSource as exc:
        _say(text("import.inside_source", lang, out=args.out, source=exc.root))
        return 2
    except NotContentDir as exc:
        _say(str(exc))
        return 2
    except OSError as exc:
        _say(f"{exc.filename or args.out}: {exc.strerror or exc}")
        return 2
    for issue in outcome.skipped:
        _say(_line(issue, lang, "import.skipped"))
    for issue in outcome.problems:
        _say(_line(issue, lang, "import.left_out"))
    for conflict in outcome.conflicts:
        _say(conflict)
    written, unchanged = (
        counted(len(outcome.written), "count.written", lang),
        counted(len(outcome.unchanged), "count.unchanged", lang),
    )
    summary = text("import.summary", lang, written=written, unchanged=unchanged, out=args.out)
    if outcome.conflicts:
        summary += text(
            "import.summary_conflicts", lang, conflicts=counted(len(outcome.conflicts), "count.conflicts", lang)
        )
    if outcome.skipped:
        summary += text("import.summary_skipped", lang, skipped=counted(len(outcome.skipped), "count.skipped", lang))
    if args.dry_run:
        summary += text("import.dry_run", lang)
    _say(summary)
    return 2 if outcome.skipped or outcome.problems else 0
