"""The part of ``conformite import SOURCE`` every source shares: each record merged into its
declaration (``merge.py``), written atomically (``checker/atomic.py``) or, with ``--dry-run``,
shown as a unified diff; the state file recording what the import wrote; the one-line reports
(problems, conflicts) and the summary.

The state file ``DIR/.conformite-import.json`` holds, per declaration, the facts the source
gave at the last import: that is how a fact the team changed is told from one it did not touch.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import sys
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _quote  # in C
from pathlib import Path

from ..atomic import Batch, atomic_batch
from ..loader import load_file
from ..messages import text
from . import merge
from .base import Issue, Record, shorten

STATE = ".conformite-import.json"


@dataclass
class Outcome:
    written: list[Path] = field(default_factory=list)  # created or updated
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[Issue] = field(default_factory=list)  # nothing written for these
    problems: list[Issue] = field(default_factory=list)  # a field left out, the rest written
    conflicts: list[str] = field(default_factory=list)  # one line each
    state: dict = field(default_factory=dict)


class InsideSource(Exception):
    """The output directory is inside the source: the import never writes there."""

    def __init__(self, root: Path):
        super().__init__(str(root))
        self.root = root


def inside(path: Path, root: Path) -> bool:
    path, root = path.resolve(), root.resolve()
    return path == root or root in path.parents


def load_state(out_dir: Path) -> dict:
    """Declaration file name -> the facts last imported into it (empty when unknown)."""
    from .guarded import read_regular

    content, failure = read_regular(out_dir / STATE, 64 * 1024 * 1024)
    try:
        state = json.loads(content) if content else {}
    except ValueError:
        return {}
    declarations = state.get("declarations") if isinstance(state, dict) else None
    return declarations if isinstance(declarations, dict) else {}


def _json_facts(facts: dict) -> dict:
    """The facts as the state file keeps them (what a JSON round trip gives: dates as ISO
    text, tuples as lists, anything else as text), made directly for plain facts."""
    try:
        return _plain_json(facts)
    except _NotPlain:
        return json.loads(json.dumps(facts, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))


class _NotPlain(Exception):
    """A value the direct paths do not handle: the json module's way is taken."""


def _plain_json(value):
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
    exactly, written by :func:`_json_text` (json's indented encoder is pure Python, and the
    slowest part of writing the state), or by json itself for anything but plain JSON data."""
    whole = {"format": 1, "source": source, "declarations": state}
    try:
        return _json_text(whole, "\n") + "\n"
    except (_NotPlain, TypeError):
        return json.dumps(whole, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _json_text(value, newline: str) -> str:
    kind = type(value)
    if kind is str:
        return _quote(value)
    if kind is dict or kind is list:
        if not value:
            return "{}" if kind is dict else "[]"
        inner = newline + " "
        if kind is dict:
            parts = [_quote(key) + ": " + _json_text(item, inner) for key, item in sorted(value.items())]
            return "{" + inner + ("," + inner).join(parts) + newline + "}"
        return "[" + inner + ("," + inner).join(_json_text(item, inner) for item in value) + newline + "]"
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return _FLOATS.get(str(value)) or float.__repr__(value)
    raise _NotPlain


_FLOATS = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}  # as json writes them


def _value(value, lang: str) -> str:
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
    doc, problems = load_file(target)
    if problems:
        reason = text(problems[0].code, lang, **problems[0].params)
        outcome.skipped.append(Issue(str(target), problems[0].line, "import.existing_unreadable", {"reason": reason}))
        return None, None
    if not merge.differs(doc.data, record.facts, base, lists):
        return None, None  # the common re-import: nothing owned changed, the file is not touched
    old = target.read_text(encoding="utf-8-sig")
    try:
        document, tool = merge.load(old)
    except Exception as exc:  # noqa: BLE001 - ruamel's errors have no common base worth naming
        outcome.skipped.append(
            Issue(
                str(target),
                1,
                "import.existing_unreadable",
                {"reason": shorten(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, lang=lang)},
            )
        )
        return None, None
    if not isinstance(document, merge.CommentedMap):  # the round-trip loader's mapping
        outcome.skipped.append(
            Issue(str(target), 1, "import.existing_unreadable", {"reason": text("yaml.not_mapping", lang)})
        )
        return None, None
    merging = merge.Merge(document, record.facts, lists)
    merging.run(base)
    for c in merging.conflicts:
        outcome.conflicts.append(
            f"{target}:{c.line}: "
            + text("import.conflict", lang, path=c.path, ours=_value(c.ours, lang), theirs=_value(c.theirs, lang))
        )
    return old, merge.dump(tool, document) if merging.changed else None


def import_records(importer, args, lang: str, dry_run: bool = False, out=sys.stdout) -> Outcome:
    """Run ``importer`` into ``args.out``: every record merged, written (or diffed)."""
    out_dir = Path(args.out)
    for root in importer.source_roots(args):
        if inside(out_dir, root):
            raise InsideSource(root)
    state = load_state(out_dir)
    outcome = Outcome(state=dict(state))
    if dry_run:
        _all(importer, args, lang, None, out, outcome)
        return outcome
    out_dir.mkdir(parents=True, exist_ok=True)
    with atomic_batch() as batch:  # every file replaced at the end, with one flush to disk
        _all(importer, args, lang, batch, out, outcome)
        if outcome.state != state:
            batch.write_text(out_dir / STATE, state_text(outcome.state, importer.name))
    return outcome


def _all(importer, args, lang: str, batch: Batch | None, out, outcome: Outcome) -> None:
    """Every record of the source planned and written into ``batch`` (diffed when None)."""
    out_dir = Path(args.out)
    for item in importer.records(args, lang):
        if isinstance(item, Issue):
            outcome.skipped.append(item)
            continue
        _one(item, out_dir, importer, lang, batch, out, outcome)


def _one(record: Record, out_dir: Path, importer, lang: str, batch: Batch | None, out, outcome: Outcome) -> None:
    target = out_dir / f"{record.id}.yaml"
    name = target.name
    outcome.problems += record.issues
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
    outcome.written.append(target)
    outcome.state[name] = _json_facts(record.facts)
    if batch is None:  # --dry-run
        out.writelines(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                new.splitlines(keepends=True),
                "/dev/null" if old is None else str(target),
                str(target),
            )
        )
        return
    batch.write_text(target, new)
