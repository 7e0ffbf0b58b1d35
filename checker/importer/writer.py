"""The part of ``conformite import SOURCE`` every source shares: each record merged into its
declaration (``merge.py``), written atomically (``checker/foundation/atomic.py``) or, with ``--dry-run``,
shown as a unified diff; the state file recording what the import wrote; the one-line reports
(problems, conflicts) and the summary.

The state file ``DIR/.conformite-import.json`` holds, per declaration, the facts the source
gave at the last import: that is how a fact the team changed is told from one it did not touch.
It is read through the one guarded way in (``checker.reading.loader.load_json``: a regular file, at most
64 MiB, nesting bounded). One that exists but cannot be read, or is not such a state file,
stops the import before anything is written, with one sentence: going on without it would
take every fact the import wrote earlier for a team's edit (those declarations would stop
following their pages), and writing over it would lose it; the user repairs or removes it.

Two imports into one directory run one after the other: the import holds a lock
(``DIR/.conformite-import.lock``, :func:`checker.foundation.atomic.locked`) from reading the state to
writing it back, so neither loses the other's update; the second says it waits.

Every declaration is written through the guarded way out (``checker/foundation/atomic.py``): its name made
by :func:`checker.foundation.atomic.inside`; a declaration kept as a symbolic link is written through (the
link stays a link) when the file it names is inside the output directory, and left as it is,
with one sentence, when it is not; a read-only declaration is left as it is, with one sentence;
the temporary files an earlier, killed import left are removed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import errno
import json
import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import orjson

from checker.foundation import atomic
from checker.foundation.atomic import Batch, atomic_batch
from checker.foundation.messages import text
from checker.foundation.wording import printable, system_error
from checker.reading.loader import decode, load_json, load_text, read_bytes
from checker.reading.problems import Problem

from . import layout, merge
from .base import Issue, Record, shorten

if TYPE_CHECKING:
    from .base import Importer

STATE = ".conformite-import.json"
LOCK = ".conformite-import.lock"
STATE_MAX_BYTES = 64 * 1024 * 1024
_BOM = "\ufeff"


@dataclass
class Outcome:
    written: list[Path] = field(default_factory=list)  # created or updated
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[Issue] = field(default_factory=list)  # nothing written for these
    problems: list[Issue] = field(default_factory=list)  # a field left out, the rest written
    conflicts: list[str] = field(default_factory=list)  # one line each
    adopted: list[Path] = field(default_factory=list)  # existing files no earlier import wrote, now written
    state: dict = field(default_factory=dict)


class InsideSource(Exception):
    """The output directory is inside the source: the import never writes there."""

    def __init__(self, root: Path):
        super().__init__(str(root))
        self.root = root


class OutNotDirectory(Exception):
    """``--out`` exists and is not a directory (``/dev/null``, a file)."""


class StateUnreadable(Exception):
    """The state file exists but cannot be read, or is not an import's state file."""

    def __init__(self, path: Path, reason: str):
        super().__init__(reason)
        self.path, self.reason = path, reason


def inside(path: Path, root: Path) -> bool:
    path, root = path.resolve(), root.resolve()
    return path == root or root in path.parents


def load_state(out_dir: Path, lang: str = "fr") -> dict:
    """Declaration file name -> the facts last imported into it; empty when there is no state
    file; :class:`StateUnreadable` for one that cannot be read or is not a state file."""
    path = out_dir / STATE
    if not os.path.lexists(path):
        return {}
    state = load_json(path, STATE_MAX_BYTES)
    if isinstance(state, Problem):
        raise StateUnreadable(path, text(state.code, lang, **state.params))
    declarations = state.get("declarations") if isinstance(state, dict) else None
    if (
        not isinstance(state, dict)
        or state.get("format") != 1
        or not isinstance(declarations, dict)
        or not all(isinstance(facts, dict) for facts in declarations.values())
    ):
        raise StateUnreadable(path, text("import.not_state", lang))
    return declarations


def _json_facts(facts: dict) -> dict:
    """The facts as the state file keeps them (what a JSON round trip gives: dates as ISO
    text, tuples as lists, anything else as text), made directly for plain facts."""
    try:
        return _plain_json(facts)
    except _NotPlain:
        return json.loads(json.dumps(facts, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))


class _NotPlain(Exception):
    """A value the direct paths do not handle: the json module's way is taken."""


def _plain_json(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or kind is float or value is None or kind is bool:
        return value
    if kind is dict:
        if any(type(key) is not str for key in value):
            raise _NotPlain
        return {key: _plain_json(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [_plain_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    raise _NotPlain


def state_text(state: dict, source: str) -> str:
    """The state file's text: ``json.dumps(..., ensure_ascii=False, indent=1, sort_keys=True)``
    exactly. Written by orjson (C speed: json's indented encoder is pure Python, and was the
    slowest part of writing the state) where its text is the same once each indentation is
    halved (strings hold no raw newline): for keys and values of text, integers within 64
    bits, booleans, null and floats Python writes without an exponent. Anything else (a float
    such as ``1e+16``, which orjson writes ``1e16``; a key that is not text; a value json would
    refuse) is json's own."""
    whole = {"format": 1, "source": source, "declarations": state}
    if _plain_data(whole):
        try:
            raw = orjson.dumps(whole, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
        except orjson.JSONEncodeError:  # an integer beyond 64 bits, a lone surrogate
            pass
        else:
            return _halved(raw).decode("utf-8") + "\n"
    return json.dumps(whole, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _halved(text: bytes) -> bytes:
    """Indented JSON text with each indentation halved (orjson's two spaces a level to json's
    one), a level at a time, deepest first, each level's spaces held as a mark no JSON text
    holds raw (\\x01) until the end: so a shallower level never matches a deeper line."""
    depth = 1
    while b"\n" + b"  " * depth in text:
        depth += 1
    for level in range(depth - 1, 0, -1):
        text = text.replace(b"\n" + b"  " * level, b"\n" + b"\x01" * level)
    return text.replace(b"\x01", b" ")


def _plain_data(value: Any) -> bool:
    """Text, integers, booleans, null, floats Python writes without an exponent (orjson writes
    those alike; ``1e-05`` it writes ``0.00001``), and lists and text-keyed mappings of them."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return True
    if kind is float:
        return math.isfinite(value) and "e" not in float.__repr__(value)
    if kind is dict:
        return all(type(key) is str and _plain_data(item) for key, item in value.items())
    if kind is list:
        return all(_plain_data(item) for item in value)
    return False


def _value(value: object, lang: str) -> str:
    return (
        text("import.absent", lang)
        if value is merge.MISSING
        else f"« {shorten(value, lang=lang)} »"
        if lang == "fr"
        else repr(shorten(value, lang=lang))
    )


def plan(
    record: Record, target: Path, base: dict | None, lists: dict, lang: str, outcome: Outcome
) -> tuple[str | None, str | None]:
    """(the file's current text or None, its new text or None when nothing changes)."""
    if not target.exists() and not target.is_symlink():
        body = record.body if record.body is not None else merge.to_yaml(record.facts)
        return None, "".join(f"# {line}".rstrip() + "\n" for line in record.header) + body
    found = _read_existing(target, lang, outcome)
    if found is None:
        return None, None
    old, data = found
    if not merge.differs(data, record.facts, base, lists):
        return None, None  # the common re-import: nothing owned changed, the file is not touched
    bom = _BOM if old.startswith(_BOM) else ""
    try:
        document, tool = merge.load(layout.normalised(old.removeprefix(bom)))
    except Exception as exc:  # noqa: BLE001 - ruamel's errors have no common base worth naming
        reason = shorten(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, lang=lang)
        outcome.skipped.append(Issue(str(target), 1, "import.existing_unreadable", {"reason": reason}))
        return None, None
    if not isinstance(document, merge.CommentedMap):  # the round-trip loader's mapping
        outcome.skipped.append(
            Issue(str(target), 1, "import.existing_unreadable", {"reason": text("yaml.not_mapping", lang)})
        )
        return None, None
    before = merge.dump(tool, document)
    merging = merge.Merge(document, record.facts, lists)
    merging.run(base)
    for c in merging.conflicts:
        outcome.conflicts.append(
            f"{target}:{c.line}: "
            + text("import.conflict", lang, path=c.path, ours=_value(c.ours, lang), theirs=_value(c.theirs, lang))
        )
    if not merging.changed:
        return old, None
    return old, bom + layout.keep_layout(old.removeprefix(bom), before, merge.dump(tool, document))


def _read_existing(target: Path, lang: str, outcome: Outcome) -> tuple[str, object] | None:
    """The team's declaration as it is (its text, BOM included) and its data, read through the
    one guarded way in; None (and the reason in ``outcome.skipped``) when it cannot be read."""
    raw = read_bytes(target)
    if isinstance(raw, Problem):
        problems = [raw]
    else:
        old, problems = decode(raw)
        if old is not None:
            document, problems = load_text(old)
            if not problems:
                return (_BOM if raw.startswith(_BOM.encode()) else "") + old, document.data
    first = problems[0]
    reason = text(first.code, lang, **first.params)
    outcome.skipped.append(Issue(str(target), first.line, "import.existing_unreadable", {"reason": reason}))
    return None


def import_records(
    importer: Importer,
    args: argparse.Namespace,
    lang: str,
    dry_run: bool = False,
    out: TextIO = sys.stdout,
    waiting: Callable[[], None] | None = None,
) -> Outcome:
    """Run ``importer`` into ``args.out``: every record merged, written (or diffed).
    ``waiting()``: called once if another import holds the directory's lock."""
    out_dir = Path(args.out)
    for root in importer.source_roots(args):
        if inside(out_dir, root):
            raise InsideSource(root)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutNotDirectory(out_dir)
    if dry_run:
        outcome = Outcome(state=dict(load_state(out_dir, lang)))
        _all(importer, args, lang, None, out, outcome)
        return outcome
    out_dir.mkdir(parents=True, exist_ok=True)
    with atomic.locked(out_dir / LOCK, waiting):  # one import at a time, from reading the state to writing it
        state = load_state(out_dir, lang)
        outcome = Outcome(state=dict(state))
        atomic.sweep(out_dir, _written_here)  # what an import killed earlier left
        with atomic_batch(within=out_dir) as batch:  # every file replaced at the end, with one flush to disk
            _all(importer, args, lang, batch, out, outcome)
            if outcome.state != state:
                batch.write_text(out_dir / STATE, state_text(outcome.state, importer.name))
    return outcome


def _written_here(name: str) -> bool:
    """The files an import writes: declarations and the state file."""
    return name.endswith(".yaml") or name == STATE


def _all(
    importer: Importer, args: argparse.Namespace, lang: str, batch: Batch | None, out: TextIO, outcome: Outcome
) -> None:
    """Every record of the source planned and written into ``batch`` (diffed when None)."""
    out_dir = Path(args.out)
    for item in importer.records(args, lang):
        if isinstance(item, Issue):
            outcome.skipped.append(item)
            continue
        _one(item, out_dir, importer, lang, batch, out, outcome)


def _one(
    record: Record, out_dir: Path, importer: Importer, lang: str, batch: Batch | None, out: TextIO, outcome: Outcome
) -> None:
    name = f"{record.id}.yaml"
    outcome.problems += record.issues
    target = _target(out_dir, name, lang, outcome)
    if target is None:
        return
    skipped = len(outcome.skipped)
    try:
        old, new = plan(record, target, outcome.state.get(name), importer.list_keys, lang, outcome)
    except Exception as exc:  # noqa: BLE001 - one record's surprise costs only that record
        outcome.skipped.append(
            Issue(
                str(record.source), 1, "import.internal", {"detail": shorten(f"{type(exc).__name__}: {exc}", lang=lang)}
            )
        )
        return
    if len(outcome.skipped) > skipped:  # the team's file could not be read: left as it is
        return
    if new is None:
        outcome.unchanged.append(target)
        outcome.state[name] = _json_facts(record.facts)
        return
    try:
        if batch is None:  # --dry-run: what the real run would refuse is said the same way
            atomic.destination(target)
        else:
            batch.write_text(target, new)
    except atomic.Refused as exc:
        code = "import.read_only" if exc.errno == errno.EACCES else "import.not_replaced"
        outcome.skipped.append(Issue(str(target), 1, code, {"detail": system_error(exc)}))
        return
    except atomic.OutsideOutput:  # made a link to elsewhere since _target looked
        outcome.skipped.append(
            Issue(str(target), 1, "import.outside_out", {"target": printable(os.path.realpath(target))})
        )
        return
    outcome.written.append(target)
    if old is not None and name not in outcome.state:  # a file the import did not make: said so
        outcome.adopted.append(target)
    outcome.state[name] = _json_facts(record.facts)
    if batch is None:
        out.writelines(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                new.splitlines(keepends=True),
                "/dev/null" if old is None else str(target),
                str(target),
            )
        )


def _target(out_dir: Path, name: str, lang: str, outcome: Outcome) -> Path | None:
    """``out_dir/name``, or None (and why in ``outcome.skipped``) when it would leave
    ``out_dir``: a symbolic link to a file elsewhere is the team's, left as it is."""
    try:
        return atomic.inside(out_dir, name)
    except atomic.OutsideOutput:
        where = printable(os.path.realpath(out_dir / name))
        outcome.skipped.append(Issue(str(out_dir / name), 1, "import.outside_out", {"target": where}))
        return None
