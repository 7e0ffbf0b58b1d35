"""``--format json``: the documented report, byte-identical for the same inputs and as-of date.

Written declaration by declaration; the bytes are those of
``json.dumps(report, ensure_ascii=False, indent=2)`` plus a final newline. Each declaration is
encoded by orjson (C speed; the standard encoder drops to pure Python as soon as it indents),
whose output is the same bytes for what a declaration holds: strings (UTF-8 as they are, the
same escapes), integers, null, booleans, objects in order, empty ``{}`` / ``[]``. Where the
two would differ, the standard encoder writes it: a float (orjson writes ``1e16``, Python
``1e+16``), an integer beyond 64 bits, a string orjson refuses. tests/test_json_encoder.py
holds the two to the same bytes.
"""

import json

import orjson

from . import reporter


def _dump(value, depth: int) -> str:
    """``value`` as json.dumps(indent=2, ensure_ascii=False) writes it at nesting ``depth``."""
    text = _fast(value)
    if text is None:
        text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + "  " * depth) if depth else text


def _fast(value) -> str | None:
    """orjson's text for ``value``, or None where it could differ from the standard encoder's."""
    if _holds_float(value):
        return None
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
    except (orjson.JSONEncodeError, UnicodeDecodeError):
        return None


def _holds_float(value) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_holds_float(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_holds_float(v) for v in value)
    return False


def _declaration(decl: dict) -> str:
    """One declaration: its fixed fields hold text, integers and null; only a finding's
    ``evidence`` (what was declared and observed) is open-ended and so looked through."""
    if any("evidence" in f and _holds_float(f["evidence"]) for f in decl["findings"]):
        return json.dumps(decl, ensure_ascii=False, indent=2).replace("\n", "\n    ")
    try:
        text = orjson.dumps(decl, option=orjson.OPT_INDENT_2).decode("utf-8")
    except (orjson.JSONEncodeError, UnicodeDecodeError):
        text = json.dumps(decl, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n    ")


@reporter("json")
def render(report, context, out) -> None:
    out.write("{\n")
    for key, value in report.header().items():
        out.write(f"  {json.dumps(key)}: {_dump(value, 1)},\n")
    if not len(report.declarations):
        out.write('  "declarations": []\n}\n')
        return
    out.write('  "declarations": [\n')
    for index, decl in enumerate(report.declarations.stored()):  # as stored: no objects to build
        decl.pop("title", None)  # kept for human reports, not in the JSON report
        out.write(("" if index == 0 else ",\n") + "    " + _declaration(decl))
    out.write("\n  ]\n}\n")
