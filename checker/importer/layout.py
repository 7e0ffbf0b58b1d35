"""A merged declaration written back as the team wrote it: every line the merge did not change
is the team's own line, byte for byte.

ruamel.yaml's round trip keeps comments, key order and quotes, but it writes the whole file
its own way: ``~`` and ``Null`` become empty, ``+12`` becomes ``12``, every list takes one
indentation, CRLF becomes LF, and what lies outside the document (a header above ``---``,
``---`` itself, a note after ``...``) is dropped; a comment that followed a key the merge
removes goes with that key. So the merged text is not written as ruamel writes it. Instead
(:func:`keep_layout`):

1. ruamel writes the document twice, before the merge (``before``) and after it (``after``):
   both are written the same way, so their difference is exactly what the merge changed;
2. each line of ``before`` is matched with the team's line it was written from (``difflib``;
   ``x: ~`` and ``x:`` are one line written two ways); a team line matching no line of
   ``before`` is one ruamel dropped (the header, ``---``, ``...``, the closing note): it is kept;
3. the result is the team's text with only the changed lines replaced by ruamel's new lines,
   in the file's line endings (CRLF stays CRLF), re-indented like the lines around them (a
   list indented the team's way gets its new items indented the same way);
4. a comment of a line the merge removed (a comment after a dropped section, above a dropped
   committee, or at the end of a dropped key's line) that the new lines do not hold is kept
   where it was, on a line of its own;
5. the result must read as the very data ruamel wrote (checked with the checker's loader):
   otherwise the same without re-indenting, and failing that ruamel's text (never seen on the
   real portfolio or in the bounded fuzz test; the data is what matters, never a layout).

The byte-order mark is the caller's business (``writer.plan``): it is taken off before and put
back after.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

import yaml

from checker.reading.loader import load_text

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_CSafe = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split_lines(text: str) -> list[tuple[str, str]]:
    """``text`` as (line, its ending) pairs; the last line's ending may be empty."""
    lines = [(m.group(1), m.group(2)) for m in _LINE.finditer(text)]
    if lines and lines[-1] == ("", ""):
        lines.pop()  # the empty match at the very end
    return lines


def normalised(text: str) -> str:
    """``text`` with every line ending as ``\\n`` (what ruamel.yaml is given to read)."""
    return "".join(line + ("\n" if ending else "") for line, ending in split_lines(text))


@dataclass
class _Piece:
    """Team lines ``team[t1:t2]`` written by ruamel as ``before[o1:o2]`` (o1 == o2: lines
    ruamel dropped; t1 == t2: a line ruamel wrote that the team's text does not have)."""

    t1: int
    t2: int
    o1: int
    o2: int


@dataclass
class _Run:
    """``before[i1:i2]`` written as ``after[j1:j2]``: unchanged (one line) or changed by the
    merge (``changed``); runs joined by a piece that spans them are one run."""

    i1: int
    i2: int
    j1: int
    j2: int
    changed: bool


def keep_layout(text: str, before: str, after: str) -> str:
    """``after`` (the merged document as ruamel writes it) with every line the merge did not
    change taken from ``text`` (the team's file, BOM already off), as the module says."""
    team = split_lines(text)
    old = [line for line, _ in split_lines(before)]
    new = [line for line, _ in split_lines(after)]
    endings = Counter(ending for _, ending in team if ending)
    ending = endings.most_common(1)[0][0] if endings else "\n"
    pieces = _pieces([line for line, _ in team], old)
    changes = difflib.SequenceMatcher(None, old, new).get_opcodes()
    runs = _runs(changes, pieces)
    lost = _lost_comments(changes, old, new)
    expected = load_text(after)[0].data
    for reindent in (True, False):
        lines = _assemble(team, old, new, pieces, runs, Counter(lost), reindent)
        candidate = "".join(line + (end or ending) for line, end in lines[:-1])
        candidate += lines[-1][0] + lines[-1][1] if lines else ""
        document, problems = load_text(candidate)
        if not problems and document.data == expected:
            return candidate
    return after.replace("\n", ending)


def _pieces(team: list[str], old: list[str]) -> list[_Piece]:
    """The team's lines matched with the lines of ``before``, in order (module docstring, 2)."""
    pieces = []
    for tag, t1, t2, o1, o2 in difflib.SequenceMatcher(None, team, old).get_opcodes():
        if tag == "equal" or (tag == "replace" and t2 - t1 == o2 - o1):  # one line each: the same line
            pieces += [_Piece(t1 + k, t1 + k + 1, o1 + k, o1 + k + 1) for k in range(t2 - t1)]
        else:
            pieces.append(_Piece(t1, t2, o1, o2))
    return pieces


def _runs(changes: list, pieces: list[_Piece]) -> list[_Run]:
    """What the merge changed and what it did not, in order: each unchanged line a run, each
    change a run, runs that one piece spans joined (a piece is rewritten whole or not at all)."""
    spanned = {at for p in pieces for at in range(p.o1 + 1, p.o2)}
    runs: list[_Run] = []
    for tag, i1, i2, j1, j2 in changes:  # the opcodes of ``before`` -> ``after``
        if tag == "equal":
            parts = [_Run(i1 + k, i1 + k + 1, j1 + k, j1 + k + 1, False) for k in range(i2 - i1)]
        else:
            parts = [_Run(i1, i2, j1, j2, True)]
        for run in parts:
            if runs and run.i1 in spanned:
                last = runs[-1]
                runs[-1] = _Run(last.i1, run.i2, last.j1, run.j2, last.changed or run.changed)
            else:
                runs.append(run)
    return runs


def _assemble(
    team: list[tuple[str, str]],
    old: list[str],
    new: list[str],
    pieces: list[_Piece],
    runs: list[_Run],
    lost: Counter,
    reindent: bool,
) -> list[tuple[str, str]]:
    """The result's (line, ending) pairs: the team's lines where the merge changed nothing,
    the new lines (and the comments they would lose) where it changed something."""
    out: list[tuple[str, str]] = []
    at = 0  # the next piece
    single = {p.o1: team[p.t1][0] for p in pieces if p.o2 - p.o1 == 1 == p.t2 - p.t1} if reindent else {}
    for run in runs:
        while at < len(pieces) and _before(pieces[at], run, len(old)):
            out += team[pieces[at].t1 : pieces[at].t2]
            at += 1
        removed = []
        while at < len(pieces) and _within(pieces[at], run):
            removed += team[pieces[at].t1 : pieces[at].t2]
            at += 1
        if not run.changed:
            out += removed
            continue
        shift = _shift(single, old, run, new) if reindent else 0
        out += _rendered(new[run.j1 : run.j2], removed, lost, shift)
    for piece in pieces[at:]:
        out += team[piece.t1 : piece.t2]
    return out


def _before(piece: _Piece, run: _Run, end: int) -> bool:
    """Whether ``piece`` comes before ``run`` in the result."""
    if piece.o1 < piece.o2:
        return piece.o2 <= run.i1
    # lines ruamel dropped, between two lines of ``before``: before what is inserted there,
    # except after the last line (the note after ``...`` stays last)
    return piece.o1 < run.i1 or (piece.o1 == run.i1 and not (run.i1 == run.i2 == end))


def _within(piece: _Piece, run: _Run) -> bool:
    if piece.o1 < piece.o2:
        return run.i1 <= piece.o1 and piece.o2 <= run.i2
    return run.i1 < piece.o1 < run.i2


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _shift(single: dict[int, str], old: list[str], run: _Run, new: list[str]) -> int:
    """How much further the team indents the lines around ``run`` than ruamel does: the new
    lines are indented as their nearest sibling (same indentation in ruamel's text, both list
    items or both keys), above them or else below, is in the team's (a list whose dashes the
    team indents its way gets its new items indented the same way). ``single``: the team's
    line written as each line of ``before`` that is one line of each."""
    first = next((line for line in new[run.j1 : run.j2] if line.strip() and not line.lstrip().startswith("#")), None)
    if first is None:
        return 0
    level, dash = _indent(first), first.lstrip().startswith("-")
    for scan in (range(run.i1 - 1, -1, -1), range(run.i2, len(old))):
        for k in scan:
            line = old[k]
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if _indent(line) < level:
                break  # out of the block the new lines go in
            if _indent(line) == level and line.lstrip().startswith("-") == dash and k in single:
                return _indent(single[k]) - level
    return 0


def _rendered(lines: list[str], removed: list[tuple[str, str]], lost: Counter, shift: int) -> list[tuple[str, str]]:
    """A span's new lines (shifted), with the comments of its removed lines that would be lost
    kept where they were: those above the first removed line that holds data before the new
    lines, the others after them; the comment at the end of a removed line of data on a line
    of its own, at the removed lines' indentation; a blank line after a kept comment kept."""
    data = [line for line, _ in removed if line.strip() and not line.lstrip().startswith("#")]
    base = min(map(_indent, data), default=0)
    kept_before: list[tuple[str, str]] = []
    kept_after: list[tuple[str, str]] = []
    data_seen = after_kept = False
    for line, ending in removed:
        comment = comment_of(line)
        is_comment = line.lstrip().startswith("#")
        kept = None
        if comment is not None and lost[comment] > 0:
            lost[comment] -= 1
            kept = line if is_comment else " " * base + comment
        elif not line.strip() and after_kept:
            kept = line
        if kept is not None:
            (kept_after if data_seen else kept_before).append((kept, ending))
        after_kept = kept is not None or (after_kept and not line.strip())
        data_seen = data_seen or (bool(line.strip()) and not is_comment)
    if shift and all(_indent(line) + shift >= 0 for line in lines if line.strip()):
        lines = [(" " * shift + line if shift > 0 else line[-shift:]) if line.strip() else line for line in lines]
    return kept_before + [(line, "") for line in lines] + kept_after


def comment_of(line: str) -> str | None:
    """The comment a line holds (``# …``, to the end of the line), or None: a whole-line
    comment, or the end of a line of data (the first `` #`` after which the rest of the line
    reads as the same YAML as the whole line)."""
    stripped = line.strip()
    if stripped.startswith("#"):
        return stripped
    if "#" not in line:
        return None
    whole = None
    for match in re.finditer(r"[ \t]#", line):
        if whole is None:
            whole = _read(line)
            if whole is _UNREADABLE:
                return None
        if _read(line[: match.start()]) == whole:
            return line[match.start() + 1 :].rstrip()
    return None


_UNREADABLE = object()


def _read(line: str) -> object:
    """One line read as YAML on its own (dedented), or :data:`_UNREADABLE`."""
    try:
        return yaml.load(line.strip(), Loader=_CSafe)  # noqa: S506 - the C *safe* loader
    except yaml.YAMLError:
        return _UNREADABLE


def _lost_comments(changes: list, old: list[str], new: list[str]) -> Counter:
    """Comments ``before`` holds more often than ``after``: those the merge would lose (only
    the lines it changed are read: the others hold the same comments on both sides)."""
    count: Counter = Counter()
    for tag, i1, i2, j1, j2 in changes:
        if tag != "equal":
            count.update(c for c in map(comment_of, old[i1:i2]) if c is not None)
            count.subtract(c for c in map(comment_of, new[j1:j2]) if c is not None)
    return +count
