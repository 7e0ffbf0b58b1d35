"""A YAML syntax error as one located, plain-language problem with a hint for its usual cause.

PyYAML (libyaml) says what its parser met (``problem``), while reading what (``context``) and
where (``problem_mark``, ``context_mark``). Those fields, and a look at the offending line, name
the cause a person can fix: a tab, an unquoted " : " or " #" inside a value, an indent that
matches no key above, an unclosed quote or bracket… Unknown cases get one generic sentence
(with the parser's own words, for whoever can read them). Never the English text alone."""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml

from .problems import Problem

# a "key: " at the start of a line (or of a list item): what comes after it is the value
_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s#'\"{\[][^:#]*?|\"[^\"]*\"|'[^']*'):\s+")
_RESERVED = "@`%"
# "partner:DJEPVA": a key glued to its value (not "https://", whose colon is followed by "/")
_GLUED = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*):(?=[^\s/])(.*?)\s*(?:\s#.*)?$")
# "-date: 2024-01-10": a list item's dash glued to what follows (not "---", not "-5")
_DASH = re.compile(r"^(\s*)-(?=[A-Za-z_{\[\"'])(.*?)\s*$")
# "team" alone on its line, with lines indented under it: its ":" is missing
_BARE = re.compile(r"^(\s*)([A-Za-z_][\w.-]*)\s*(?:#.*)?$")


class _At(NamedTuple):
    """A place in the text, as a parser's mark gives it (0-based)."""

    line: int
    column: int


_Mark = yaml.Mark | _At
_Cause = tuple[str, _Mark | None, dict[str, object]]  # (message code, where, its parameters)


def syntax_problem(exc: yaml.YAMLError, text: str) -> Problem:
    """The problem for ``exc`` raised while parsing ``text``."""
    if isinstance(exc, yaml.reader.ReaderError):  # a control character: where it is, which one
        before = text[: max(exc.position, 0)]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        return Problem("yaml.control_char", {"char": f"U+{exc.character:04X}"}, "", line, column)
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Problem("yaml.syntax", {"detail": str(exc).splitlines()[0] if str(exc) else "?"}, "", 1, 1)
    lines = text.splitlines()
    found = _cause(exc, lines)
    if found is None:
        marked = exc.problem_mark or exc.context_mark
        detail = " ".join(str(p).strip() for p in (exc.context, exc.problem) if p)
        found = ("yaml.syntax", marked, {"detail": detail or "?"})
    code, at, params = found
    line, column = (at.line + 1, at.column + 1) if at is not None else (1, 1)
    return Problem(code, params, "", line, column)


def _line(lines: list[str], mark: _Mark | None) -> str:
    return lines[mark.line] if mark is not None and 0 <= mark.line < len(lines) else ""


def _cause(exc: yaml.MarkedYAMLError, lines: list[str]) -> _Cause | None:
    """(code, mark, params) of the usual causes, in the order that explains most."""
    problem, context = str(exc.problem or ""), str(exc.context or "")
    pm, cm = exc.problem_mark, exc.context_mark
    here = _line(lines, pm)
    if "single document" in context:
        return "yaml.documents", pm, {}
    if "tab" in problem or (pm is not None and (here[pm.column : pm.column + 1] == "\t" or "\t" in _indent(here))):
        return "yaml.tab", pm, {}
    if "quoted scalar" in context and ("end of stream" in problem or "document" in problem):
        return "yaml.unclosed_quote", cm, {"quote": _line(lines, cm)[cm.column : cm.column + 1] if cm else '"'}
    if "escape" in problem:
        return "yaml.escape", pm, {}
    for mark in (cm, pm):  # " #" inside [ ] or { }: the rest of the line was read as a comment
        if mark is not None and _hash_in_flow(_line(lines, mark)):
            return "yaml.comment_in_value", mark, {}
    if "mapping values are not allowed" in problem:
        found = _colon(here, pm)
        if found[0] == "yaml.indent_value" and pm is not None:  # the line above may be the cause
            return _slip(lines, _before(lines, pm.line)) or found
        return found
    if "did not find expected key" in problem:
        after_quote = pm is not None and re.search(r"[\"']\s*$", here[: pm.column]) is not None
        if after_quote:
            return _apostrophe(here, pm) or ("yaml.after_quote", pm, {})
        return "yaml.indent", pm, {}
    if "expected '-' indicator" in problem:
        return "yaml.list_indent", pm, {}
    if "could not find expected ':'" in problem:
        at = cm or pm
        slip = _slip(lines, at.line) if at is not None else None
        if slip is None and ": " in _line(lines, at):  # the line has its ":": not the cause
            return "yaml.indent", at, {}
        return slip or ("yaml.no_colon", at, {})
    if "block sequence entries are not allowed" in problem:
        return "yaml.dash_inline", pm, {}
    flow = re.search(r"expected ',' or '([\]}])'", problem)
    if flow:
        return "yaml.flow_unclosed", cm or pm, {"open": "[" if flow.group(1) == "]" else "{", "close": flow.group(1)}
    if "cannot start any token" in problem and pm is not None and here[pm.column : pm.column + 1] in tuple(_RESERVED):
        return "yaml.reserved_char", pm, {"char": here[pm.column]}
    if "undefined alias" in problem:
        name = re.match(r"\*?([^\s,\]}]*)", here[pm.column :] if pm is not None else "")
        return "yaml.alias", pm, {"name": name.group(1) if name else "?"}
    return None


def _before(lines: list[str], index: int) -> int:
    """The index of the last line before ``index`` with something on it (-1 when none)."""
    index -= 1
    while index >= 0 and (not lines[index].strip() or lines[index].lstrip().startswith("#")):
        index -= 1
    return index


def _slip(lines: list[str], index: int) -> _Cause | None:
    """The slip of line ``index`` that YAML reports on a later line, or with the wrong words:
    a key glued to its value (``partner:DJEPVA``), a list's dash glued to its item
    (``-date: …``), a key without its ``:`` above lines indented under it (``team``)."""
    if not 0 <= index < len(lines):
        return None
    line = lines[index]
    glued = _GLUED.match(line)
    if glued:
        at = _At(index, len(glued.group(1)) + len(glued.group(2)) + 1)
        return "yaml.no_space", at, {"key": glued.group(2), "fix": f"{glued.group(2)}: {glued.group(3)}"}
    dash = _DASH.match(line)
    if dash:
        return "yaml.dash_space", _At(index, len(dash.group(1)) + 1), {"fix": f"- {dash.group(2)}"}
    bare = _BARE.match(line)
    after = _after(lines, index)
    if bare and after is not None and len(_indent(lines[after])) > len(bare.group(1)):
        at = _At(index, len(bare.group(1)) + len(bare.group(2)))
        return "yaml.missing_colon", at, {"key": bare.group(2)}
    return None


def _after(lines: list[str], index: int) -> int | None:
    """The index of the next line after ``index`` with something on it (None when none)."""
    for later in range(index + 1, min(index + 50, len(lines))):
        if lines[later].strip() and not lines[later].lstrip().startswith("#"):
            return later
    return None


def _apostrophe(line: str, mark: _Mark | None) -> _Cause | None:
    """``title: 'l'appli'``: an apostrophe inside single quotes ends the value; the value in
    double quotes (where an apostrophe is plain text)."""
    key = _KEY.match(line)
    value = line[key.end() :].rstrip() if key else ""
    if not value.startswith("'") or not re.search(r"\w'\w", value):
        return None
    inner = value[1:-1] if value.endswith("'") and len(value) > 1 else value[1:]
    if '"' in inner or "\\" in inner:
        return None
    return "yaml.apostrophe", mark, {"fix": f'{key.group(2)}: "{inner}"'}  # type: ignore[union-attr]


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _colon(line: str, mark: _Mark | None) -> _Cause:
    """ " : " in a value: the key and its value quoted; else a line indented under a value."""
    key = _KEY.match(line)
    if key is None or mark is None or key.end() > mark.column:
        return "yaml.indent_value", mark, {}
    value = line[key.end() :].rstrip()
    # single quotes when double quotes would read a backslash as an escape (C:\dir) or end early
    plain_double = '"' not in value and "\\" not in value
    quoted = '"' + value + '"' if plain_double else "'" + value.replace("'", "''") + "'"
    return "yaml.colon_in_value", mark, {"fix": f"{key.group(2)}: {quoted}"}


def _hash_in_flow(line: str) -> bool:
    """Whether an unquoted " #" comes after an unclosed ``[`` or ``{`` on ``line``."""
    depth, quote = 0, ""
    for i, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(depth - 1, 0)
        elif char == "#" and i > 0 and line[i - 1] in " \t":
            return depth > 0
    return False


_ID_LINE = re.compile(r"^\s+id:\s*(['\"]?)([^'\"#\s/\\]{1,100})\1\s*(?:#.*)?$")
_ID_FLOW = re.compile(r"^startup:\s*\{.*?\bid:\s*(['\"]?)([^'\",}\s/\\]{1,100})\1\s*(?:[,}]|$)")


def guess_startup_id(text: str) -> str | None:
    """The startup id of a file YAML cannot read, from its lines (``startup:`` then an indented
    ``id: …``, or ``startup: {id: …}``), so a report names the startup, not ``?``."""
    inside = False
    for line in text.splitlines()[:2000]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            flow = _ID_FLOW.match(line)
            if flow:
                return flow.group(2)
            inside = re.match(r"startup:\s*(#.*)?$", line) is not None
            continue
        found = _ID_LINE.match(line) if inside else None
        if found:
            return found.group(2)
    return None
