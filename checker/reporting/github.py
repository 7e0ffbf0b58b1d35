"""``--format github``: GitHub Actions workflow commands, one annotation per finding on its
file and line (``::error``, ``::warning``; waived findings as ``::notice``), escaped as the
runner requires: ``%``, ``\\r``, ``\\n`` in messages, and also ``:`` and ``,`` in properties."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from checker.foundation.messages import text
from checker.judging.model import finding_look

from . import reporter
from .baseline import is_new

if TYPE_CHECKING:
    from checker.judging.model import DeclarationResult, Report

    from . import Context


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(command: str, file: str, line: int, column: int, title: str, message: str) -> str:
    props = f"file={escape_property(file)},line={line},col={column},title={escape_property(title)}"
    return f"::{command} {props}::{escape_data(message)}\n"


@reporter("github")
def render(report: Report, context: Context, out: TextIO) -> None:
    lang = context.lang
    for decl in report.declarations:
        for err in decl.errors:
            out.write(
                annotation(
                    "error", decl.file, err.line, err.column, f"conformite: {text('status.invalid', lang)}", err.message
                )
            )
        for f in decl.findings:
            command = finding_look(f.outcome).github
            if command:
                out.write(
                    annotation(
                        command,
                        decl.file,
                        f.line,
                        f.column,
                        f"{f.obligation} ({f.rule})" + _new_mark(context, decl, f.obligation),
                        f"{f.with_due(lang)} — {f.reference}",
                    )
                )
    out.write(f"::notice title=conformite::{escape_data(text('word.summary', lang, **report.summary))}\n")


def _new_mark(context: Context, decl: DeclarationResult, obligation: str) -> str:
    """`` — nouveau`` after the title of a finding the change made (``--baseline``,
    ``--diff-base``): the annotations that block under ``--fail-on new`` are told from the others."""
    if not is_new(context.baseline, decl, obligation):
        return ""
    return f" — {text('change.new', context.lang)}"
