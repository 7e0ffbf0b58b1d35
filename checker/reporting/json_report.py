"""``--format json``: the documented report, byte-identical for the same inputs and as-of date.

The bytes are those of ``json.dumps(report, ensure_ascii=False, indent=2)`` plus a final
newline. Each declaration was encoded once, as it was checked (maybe in a worker process), in
exactly the form this report writes it (:meth:`checker.judging.model.Results.encode`): here it is only
copied back from the run's store, a batch at a time, re-indented and without its title. It was
encoded by orjson (C speed; the standard encoder drops to pure Python as soon as it indents),
whose output is the same bytes for what a declaration holds: strings (UTF-8 as they are, the
same escapes), integers, null, booleans, objects in order, empty ``{}`` / ``[]``. Where the
two would differ, the standard encoder wrote it: an open-ended ``evidence`` (a float: orjson
writes ``1e16``, Python ``1e+16``), an integer beyond 64 bits. The header is written here,
the same way. tests/test_json_encoder.py holds the two to the same bytes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

import orjson

from . import reporter

if TYPE_CHECKING:
    from checker.judging.model import Report

    from . import Context


def _dump(value: object, depth: int) -> str:
    """``value`` as json.dumps(indent=2, ensure_ascii=False) writes it at nesting ``depth``."""
    text = _fast(value)
    if text is None:
        text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + "  " * depth) if depth else text


def _fast(value: object) -> str | None:
    """orjson's text for ``value``, or None where it could differ from the standard encoder's."""
    if _holds_float(value):
        return None
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
    except (orjson.JSONEncodeError, UnicodeDecodeError):
        return None


def _holds_float(value: object) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_holds_float(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_holds_float(v) for v in value)
    return False


BATCH = 256  # declarations written by one call
_TITLE = b',\t  "title": '  # the last key of a stored line (a string holds no raw tab)


def _item(line: bytes) -> bytes:
    """A stored result (:meth:`checker.judging.model.Results.encode`: the declaration as this report
    writes it, newlines as tabs, plus its ``title``) as an item of ``declarations``: without
    its title, its newlines back, indented two levels."""
    body = line[1:] if line.startswith(b"J") else line
    cut = body.rfind(_TITLE)
    if cut != -1:
        body = body[:cut] + b"\t}"
    return b"    " + body.replace(b"\t", b"\n    ")


@reporter("json")
def render(report: Report, context: Context, out: TextIO) -> None:
    out.write("{\n")
    for key, value in report.header().items():
        out.write(f"  {json.dumps(key)}: {_dump(value, 1)},\n")
    if not len(report.declarations):
        out.write('  "declarations": []\n}\n')
        return
    out.write('  "declarations": [\n')
    batch: list[bytes] = []
    separator = ""
    for line in report.declarations.lines():  # as stored: nothing to read or encode again
        batch.append(_item(line))
        if len(batch) == BATCH:
            out.write(separator + b",\n".join(batch).decode("utf-8"))
            batch, separator = [], ",\n"
    if batch:
        out.write(separator + b",\n".join(batch).decode("utf-8"))
    out.write("\n  ]\n}\n")
