"""``conformite import SOURCE …``: declarations made from another source of facts (the
beta.gouv.fr product pages today), merged into the declarations a team already keeps without
clobbering its edits. The importer reads its sources with the reading layer's guards and checks
what it writes against the declaration schema; it needs nothing of the judging layer, and sits
beside it. The questionnaire of ``conformite init`` starts from an imported page through it.

Importers are registered here by name; each one reads its source and yields records
(``base.Importer``); ``writer.py`` merges them into the output directory, the same way for
every source. Adding a source: a module with an importer object, one line in ``IMPORTERS``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from checker.foundation.console import say as _say
from checker.foundation.messages import text
from checker.foundation.wording import counted

from .base import Issue, shorten
from .betagouv import BetaGouv, NotContentDir

if TYPE_CHECKING:
    from .base import Importer
    from .writer import Outcome

IMPORTERS = {importer.name: importer for importer in (BetaGouv(),)}


# what the import's parsers ask of the command line (checker.cli.lang's Subparsers and Common,
# a higher layer: described here, never imported)
class _Subparsers(Protocol):
    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


class _Common(Protocol):
    h: Callable[..., str]

    def metavar(self, kind: str) -> str: ...

    def lang(self, parser: argparse.ArgumentParser) -> None: ...

    def as_of(self, parser: argparse.ArgumentParser, date_type: Callable[[str], object] | None = None) -> None: ...


def add_parsers(
    sub: _Subparsers,
    parser_class: type[argparse.ArgumentParser],
    date_type: Callable[[str], object],
    common: _Common,
) -> None:
    """``conformite import SOURCE``: one sub-command per registered importer; ``common``
    (checker.cli.main) words the help. An importer's ``help`` is its message key (checker.foundation.messages)."""
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


class _Stop(Exception):
    """The import cannot run, or could not write: its one sentence."""


def _run(importer: Importer, args: argparse.Namespace, lang: str) -> Outcome:
    """The import's outcome, or :class:`_Stop` with the sentence that says why there is none."""
    from checker.foundation import atomic
    from checker.foundation.wording import printable, system_error

    from .writer import InsideSource, OutNotDirectory, StateUnreadable, import_records

    out = printable(args.out)
    minutes = atomic.LOCK_WAIT // 60
    try:
        return import_records(
            importer,
            args,
            lang,
            args.dry_run,
            waiting=lambda: _say(text("import.waiting", lang, out=out, minutes=minutes)),
        )
    except InsideSource as exc:
        raise _Stop(text("import.inside_source", lang, out=out, source=printable(str(exc.root)))) from None
    except NotContentDir as exc:
        raise _Stop(str(exc)) from None
    except OutNotDirectory:
        raise _Stop(text("import.out_not_dir", lang, out=out)) from None
    except StateUnreadable as exc:
        raise _Stop(text("import.state_unreadable", lang, file=printable(str(exc.path)), reason=exc.reason)) from None
    except atomic.LockBusy:
        raise _Stop(text("import.lock_busy", lang, out=out, minutes=minutes)) from None
    except OSError as exc:
        file, written = printable(str(exc.filename or args.out)), atomic.committed_text(lang)
        if written is None:
            raise _Stop(text("import.cannot_write", lang, file=file, detail=system_error(exc))) from None
        raise _Stop(
            text("import.cannot_write_partly", lang, file=file, detail=system_error(exc), written=written)
        ) from None


def _line(issue: Issue, lang: str, code: str) -> str:
    from checker.foundation.wording import Clipped, SystemText

    params = {
        k: shorten(v.shown(lang) if isinstance(v, SystemText | Clipped) else v, 200, lang) if isinstance(v, str) else v
        for k, v in issue.params.items()  # shortened: a safety net; an operating-system error in ``lang``
    }
    return f"{issue.file}:{issue.line}: " + text(code, lang, reason=text(issue.code, lang, **params))


def main(args: argparse.Namespace) -> int:
    """Run the importer named ``args.source``: exit 0, or 2 when something was left out."""
    importer, lang = IMPORTERS[args.source], args.lang
    try:
        outcome = _run(importer, args, lang)
    except _Stop as stop:
        _say(str(stop))
        return 2
    for issue in outcome.skipped:
        _say(_line(issue, lang, "import.skipped"))
    for issue in outcome.problems:
        _say(_line(issue, lang, "import.left_out"))
    from .writer import STATE

    for path in outcome.adopted:
        _say(f"{path}: " + text("import.adopted", lang, state=STATE))
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
