"""Reading a declaration file: bytes to plain data, keeping the composed YAML nodes so that
the line and column of any path can be found.

Everything that can go wrong here comes back as a :class:`Problem` (data), never as an
exception: a bad file is reported ``invalid`` and the run goes on.
"""

from __future__ import annotations

import functools
import math
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import orjson
import yaml

from checker.foundation.wording import system_error

from .problems import Problem
from .yamlerrors import guess_startup_id, syntax_problem

_BaseLoader: type[yaml.CSafeLoader] | type[yaml.SafeLoader]
try:  # libyaml's parser and composer: C speed
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader

DEFAULT_MAX_BYTES = 1024 * 1024
MAX_NODES = 100_000  # nodes after alias expansion: stops "billion laughs" early
MAX_DEPTH = 64
MAX_EXPANSION = 4  # text after alias expansion: at most 4x the file (or 4x the default limit)
MAX_INTEGER = 2**53  # numbers beyond are refused at their line: exact in JSON and in a float

_YAML = "tag:yaml.org,2002:"
_SCALAR_CONSTRUCTOR = yaml.constructor.SafeConstructor()


PathParts = tuple[str | int, ...]  # a place in a document: keys and list indexes
_Entry = tuple[yaml.Node | None, yaml.Node]  # (key node, value node); no key node for a list item

# the safe loader's own resolution (untyped in PyYAML's stubs), called where a value is new
_BASE_RESOLVE: Callable[[Any, type[yaml.Node], str, tuple[bool, bool]], str] = _BaseLoader.resolve
_RESOLVED: dict[str, str] = {}  # plain scalar -> its tag: keys and short values repeat across files
_RESOLVED_MAX, _RESOLVED_LONGEST = 4096, 40  # bounded: memory stays flat over thousands of files


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader, with its tag resolution remembered: the composer asks the (Python)
    resolver for the tag of every node, and the same keys and values come back in every file.
    Same tags as the safe loader's (it has no path resolvers: those two hooks do nothing)."""

    def descend_resolver(self, current_node: yaml.Node | None, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode:  # a collection: its default tag
            return _MAP if kind is yaml.MappingNode else _SEQ
        if not implicit[0]:  # quoted, or tagged "!": text
            return _STR
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = _BASE_RESOLVE(self, kind, value, implicit)
            if len(value) <= _RESOLVED_LONGEST and len(_RESOLVED) < _RESOLVED_MAX:
                _RESOLVED[value] = tag
        return tag


def path_str(path: PathParts) -> str:
    """``("team", "intrapreneur", "name")`` -> ``team.intrapreneur.name``; ints as ``[i]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


@dataclass
class Document:
    """A loaded declaration: its data, and the composed YAML nodes to locate any path in it.

    Locations are looked up only when a finding or an error needs one, so loading a valid
    declaration records none."""

    data: object = None
    root: yaml.Node | None = None  # the composed yaml node tree
    guessed_id: str | None = None  # unreadable YAML: the startup id as a line of the text gives it
    _index: dict[int, dict[str, _Entry]] = field(default_factory=dict, repr=False)  # id(mapping node) -> key -> entry

    def declared_id(self) -> str | None:
        """The startup id as the evaluator reads it: ``startup.id`` when it is text, else the
        one a line of an unreadable file gives (:attr:`guessed_id`); as written, not stripped."""
        data = self.data if isinstance(self.data, dict) else {}
        startup = data.get("startup")
        found = startup.get("id") if isinstance(startup, dict) else None
        return found if isinstance(found, str) else self.guessed_id

    def _child(self, node: yaml.Node | None, part: str | int) -> _Entry | None:
        """``_child`` with each mapping's keys indexed once: locating every one of thousands of
        keys stays linear, not quadratic."""
        if isinstance(part, int) or not isinstance(node, yaml.MappingNode):
            return _child(node, part)
        index = self._index.get(id(node))
        if index is None:  # reversed: a key written twice is found where it first is
            scalar = yaml.ScalarNode
            index = self._index[id(node)] = {
                key.value: (key, value)
                for key, value in reversed(node.value)
                if key.__class__ is scalar and key.tag != _MERGE
            }
        found = index.get(part)
        return found if found is not None else _child(node, part)

    def _walk(self, path: str) -> tuple[yaml.Node | None, yaml.Node | None, yaml.Node | None]:
        """(key node, value node) at ``path`` (None, None when it does not exist) and the anchor
        of the deepest part that exists: its key for a mapping entry, the item for a list item."""
        node, key_node, anchor = self.root, None, None
        for part in _parts(path):
            child = self._child(node, part)
            if child is None:
                return None, None, anchor
            key_node, node = child
            anchor = key_node if key_node is not None else node
        return key_node, node, anchor

    def locate(self, path: str) -> tuple[int, int]:
        """Line and column of the value at ``path``; for a missing field, of the nearest
        enclosing key (or list item) that exists, or of the document's start."""
        if self.root is None:
            return (1, 1)
        _, node, anchor = self._walk(path)
        target = node if node is not None else anchor
        return _mark(target) if target is not None else (1, 1)

    def locate_key(self, path: str) -> tuple[int, int]:
        """Line and column of the key of the mapping entry at ``path`` (else as :meth:`locate`)."""
        key_node = self._walk(path)[0] if self.root is not None else None
        return _mark(key_node) if key_node is not None else self.locate(path)

    def locate_entry(self, parent: str, key: str) -> tuple[int, int]:
        """Line and column of the key ``key`` in the mapping at ``parent``, taken whole: a key
        written ``commitments.approach`` is found at its own line, not read as a path."""
        node = self._walk(parent)[1] if parent else self.root
        found = self._child(node, key) if node is not None else None
        if found is not None and found[0] is not None:
            return _mark(found[0])
        return self.locate(parent)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@functools.lru_cache(maxsize=1024)  # the same rule paths are located in every declaration
def _parts(path: str) -> PathParts:
    return tuple(int(index) if index else name for name, index in _PART.findall(path))


def _child(node: yaml.Node | None, part: str | int) -> _Entry | None:
    """(key node, value node) of ``part`` in a mapping (merge keys included), (None, item) in a
    sequence, or None."""
    if isinstance(part, int):
        if isinstance(node, yaml.SequenceNode) and 0 <= part < len(node.value):
            return None, node.value[part]
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    merged: list[yaml.Node] = []
    for key_node, value_node in node.value:
        if key_node.tag == _YAML + "merge":
            merged += value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        elif isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
            return key_node, value_node
    for source in merged:
        found = _child(source, part)
        if found is not None:
            return found
    return None


class _Reader:
    def __init__(self, max_chars: int) -> None:
        self.nodes = 0
        self.chars = 0  # characters of keys and scalars after alias expansion
        self.max_chars = max_chars
        self.problems: list[Problem] = []

    def count(self, node: yaml.Node) -> None:
        """The alias guard for bytes: one long value aliased thousands of times is refused here,
        before the schema (or a message) could echo it back each time."""
        self.chars += len(node.value)
        if self.chars > self.max_chars:
            raise _TooMuchText(node)

    def fail(self, code: str, node_or_mark: yaml.Node | yaml.Mark, path: PathParts = (), **params: Any) -> None:
        if "tag" in params:
            params["tag"] = params["tag"].replace(_YAML, "!!")
        mark = node_or_mark.start_mark if isinstance(node_or_mark, yaml.Node) else node_or_mark
        self.problems.append(Problem(code, params, path_str(path), mark.line + 1, mark.column + 1))

    def read(self, root: yaml.Node) -> Any:
        """The data of the document ``root``: the fast reading when the document is plain (it
        gives the same data), else :meth:`build`, which says what is wrong and where."""
        try:
            return _plain(root, self.max_chars)
        except _Unusual:
            return self.build(root, (), 0)

    def build(self, node: yaml.Node, path: PathParts, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(node)
        if depth > MAX_DEPTH:
            raise _TooDeep(node)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _YAML + "seq":
                self.fail("yaml.tag", node, path, tag=node.tag)
                return None
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(cast(yaml.ScalarNode, node), path)

    def mapping(self, node: yaml.MappingNode, path: PathParts, depth: int) -> dict[str, Any] | None:
        if node.tag != _YAML + "map":
            self.fail("yaml.tag", node, path, tag=node.tag)
            return None
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        merged: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _YAML + "merge":
                merged.append(value_node)
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag in (_YAML + "null",):
                self.fail("yaml.key_type", key_node, path)
                continue
            key = key_node.value
            self.count(key_node)
            line = key_node.start_mark.line + 1
            if key in seen:
                self.fail("yaml.duplicate_key", key_node, path + (key,), key=key, first=seen[key], second=line)
                continue
            seen[key] = line
            out[key] = self.build(value_node, path + (key,), depth + 1)
        for source in merged:  # "<<: *defaults": explicit keys win
            sources = source.value if isinstance(source, yaml.SequenceNode) else [source]
            for src in sources:
                value = self.build(src, path, depth + 1)
                if not isinstance(value, dict):
                    self.fail("yaml.merge", src, path)
                    continue
                for key, item in value.items():
                    out.setdefault(key, item)
        return out

    def scalar(self, node: yaml.ScalarNode, path: PathParts) -> Any:
        self.count(node)
        tag = node.tag
        if tag == _YAML + "str":
            return node.value
        if tag == _YAML + "null":
            return None
        if tag == _YAML + "bool":
            # YAML 1.2 booleans only; yes/no/on/off stay text, so the schema can say
            # "write true or false" exactly where a boolean is expected.
            if node.value in ("true", "True", "TRUE"):
                return True
            if node.value in ("false", "False", "FALSE"):
                return False
            return node.value
        if tag == _YAML + "int":
            try:
                value = _SCALAR_CONSTRUCTOR.construct_yaml_int(node)
            except ValueError:  # "!!int abc", or over Python's 4,300-digit limit for int()
                self.fail("yaml.number", node, path, value=node.value)
                return None
            if abs(value) > MAX_INTEGER:  # no later step (dates, sums, the engine) overflows
                self.fail("yaml.number_range", node, path, value=node.value, limit=MAX_INTEGER)
                return None
            return value
        if tag == _YAML + "float":
            try:
                number = _SCALAR_CONSTRUCTOR.construct_yaml_float(node)
            except (ValueError, OverflowError):  # "!!float abc"
                self.fail("yaml.number", node, path, value=node.value)
                return None
            if math.isnan(number) or math.isinf(number):
                self.fail("yaml.number", node, path, value=node.value)
                return None
            if abs(number) > MAX_INTEGER:
                self.fail("yaml.number_range", node, path, value=node.value, limit=MAX_INTEGER)
                return None
            return number
        if tag == _YAML + "timestamp":
            return node.value  # checked as a date by the schema (format "date"), at its line
        self.fail("yaml.tag", node, path, tag=tag)
        return None


class _Unusual(Exception):
    """Not a plain document: :meth:`_Reader.build` reads it, with its problems located."""


_STR, _NULL, _BOOL, _INT, _FLOAT, _STAMP, _MAP, _SEQ, _MERGE = (
    _YAML + t for t in ("str", "null", "bool", "int", "float", "timestamp", "map", "seq", "merge")
)
_TRUE, _FALSE = ("true", "True", "TRUE"), ("false", "False", "FALSE")


def _plain(root: yaml.Node, max_chars: int) -> Any:
    """The data of a document with nothing to report: what :meth:`_Reader.build` gives for it
    (same values, same limits counted in the same order), at a fraction of the cost: no path
    kept per node, no location. :class:`_Unusual` at the first thing build would report, or
    treat specially (merge keys, tags, a number out of range, a limit reached)."""
    nodes = chars = 0
    scalar_node, mapping_node, sequence_node = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode

    def build(node: yaml.Node, depth: int) -> Any:
        nonlocal nodes, chars
        nodes += 1
        if nodes > MAX_NODES or depth > MAX_DEPTH:
            raise _Unusual
        kind = node.__class__
        if kind is scalar_node:
            chars += len(node.value)
            if chars > max_chars:
                raise _Unusual
            return _plain_scalar(cast(yaml.ScalarNode, node))
        if kind is mapping_node and node.tag == _MAP:
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key_tag = key_node.tag
                if key_node.__class__ is not scalar_node or key_tag == _MERGE or key_tag == _NULL:
                    raise _Unusual
                key = key_node.value
                if key in out:
                    raise _Unusual
                value_tag = value_node.tag
                if (
                    value_node.__class__ is scalar_node
                    and (value_tag == _STR or value_tag == _STAMP)
                    and depth < MAX_DEPTH
                ):
                    # text, the usual value: taken here, counted as build counts it (no call per value)
                    nodes += 1
                    chars += len(key) + len(value_node.value)
                    if nodes > MAX_NODES or chars > max_chars:
                        raise _Unusual
                    out[key] = value_node.value
                    continue
                chars += len(key)
                if chars > max_chars:
                    raise _Unusual
                out[key] = build(value_node, depth + 1)
            return out
        if kind is sequence_node and node.tag == _SEQ:
            return [build(item, depth + 1) for item in node.value]
        raise _Unusual

    return build(root, 0)


def _plain_scalar(node: yaml.ScalarNode) -> Any:
    """A scalar's value as :meth:`_Reader.scalar` gives it, or :class:`_Unusual` where that
    reports a problem."""
    value, tag = node.value, node.tag
    if tag == _STR or tag == _STAMP:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return True if value in _TRUE else False if value in _FALSE else value
    if tag == _INT:
        try:
            number = int(value) if value.isdigit() and value[0] != "0" else _SCALAR_CONSTRUCTOR.construct_yaml_int(node)
        except ValueError:
            raise _Unusual from None
        if abs(number) > MAX_INTEGER:
            raise _Unusual
        return number
    if tag == _FLOAT:
        try:
            real = _SCALAR_CONSTRUCTOR.construct_yaml_float(node)
        except (ValueError, OverflowError):
            raise _Unusual from None
        if math.isnan(real) or math.isinf(real) or abs(real) > MAX_INTEGER:
            raise _Unusual
        return real
    raise _Unusual


class _TooBig(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _TooDeep(_TooBig):
    pass


class _TooMuchText(_TooBig):
    pass


def load_text(text: str) -> tuple[Document, list[Problem]]:
    """Parse YAML text into a :class:`Document`; problems instead of exceptions."""
    doc = Document()
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:  # said in plain words, with the usual cause: checker.reading.yamlerrors
        doc.guessed_id = guess_startup_id(text)
        return doc, [syntax_problem(exc, text)]
    finally:
        loader.dispose()
    if root is None:
        return doc, [Problem("yaml.empty", {}, "", 1, 1)]
    doc.root = root
    reader = _Reader(max_chars=MAX_EXPANSION * max(len(text), DEFAULT_MAX_BYTES))
    try:
        doc.data = reader.read(root)
    except _TooMuchText as exc:
        reader.problems = [
            Problem(
                "yaml.too_much_text",
                {"limit": reader.max_chars},
                "",
                exc.node.start_mark.line + 1,
                exc.node.start_mark.column + 1,
            )
        ]
    except _TooDeep as exc:
        reader.problems = [
            Problem(
                "yaml.too_deep", {"limit": MAX_DEPTH}, "", exc.node.start_mark.line + 1, exc.node.start_mark.column + 1
            )
        ]
    except _TooBig as exc:
        reader.problems = [
            Problem(
                "yaml.too_many_nodes",
                {"limit": MAX_NODES},
                "",
                exc.node.start_mark.line + 1,
                exc.node.start_mark.column + 1,
            )
        ]
    if not reader.problems and not isinstance(doc.data, dict):
        reader.problems.append(
            Problem("yaml.not_mapping", {}, "", root.start_mark.line + 1, root.start_mark.column + 1)
        )
    return doc, reader.problems


def decode(raw: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 (BOM accepted) to text, or a problem at the line of the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [Problem("file.encoding", {"byte": f"0x{raw[exc.start]:02x}"}, "", line, column)]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem("file.encoding", {"byte": "0x00"}, "", line, 1)]
    return text, []


_OPEN = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _read(path: Path | str, size: int, max_bytes: int) -> bytes | Problem:
    """The file's bytes to its end: plain system calls, each sized to the file (a buffered
    ``read(max_bytes + 1)`` first allocates the whole mebibyte: four times the cost). A problem
    when it has grown past the limit since its ``size`` was taken (its size then), or is no
    longer a regular file (opened without waiting: a FIFO put in its place does not block)."""
    fd = os.open(path, _OPEN)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return Problem("file.not_regular", {}, "", 1, 1)
        parts, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, max(size + 1 - total, 65536))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            now = max(total, os.fstat(fd).st_size)
            return Problem("file.too_large", {"size": now, "limit": max_bytes}, "", 1, 1)
    finally:
        os.close(fd)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_bytes(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | Problem:
    """The one guarded way in: the bytes of a regular file of at most ``max_bytes`` bytes, or
    the :class:`Problem` that says why not. A FIFO, a device or a directory is refused without
    being opened for reading (nothing waits on a writer, ``/dev/zero`` is not read), a larger
    file unread, and an operating-system error is worded in the reader's language
    (:func:`checker.foundation.wording.system_error`). Every file conformite reads comes through here:
    declarations, answers, baselines, evidence, DashLord results and configuration, state files."""
    try:
        info = os.stat(path)  # before opening: opening a FIFO would wait for a writer
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
            return Problem("file.not_regular", {}, "", 1, 1)
        if info.st_size > max_bytes:
            return Problem("file.too_large", {"size": info.st_size, "limit": max_bytes}, "", 1, 1)
        return _read(path, info.st_size, max_bytes)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        return Problem("file.unreadable", {"detail": system_error(exc)}, "", 1, 1)


def read_text(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> str | Problem:
    """:func:`read_bytes`, decoded as UTF-8 (a BOM accepted and dropped, NUL refused)."""
    raw = read_bytes(path, max_bytes)
    if isinstance(raw, Problem):
        return raw
    text, problems = decode(raw)
    return problems[0] if text is None else text


def load_file(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Document, list[Problem]]:
    """Read, decode and parse one declaration file (or any YAML file conformite reads: the same
    limits of size, nodes, depth and text). Never raises for bad input."""
    text = read_text(path, max_bytes)
    if isinstance(text, Problem):
        return Document(), [text]
    return load_text(text)


def load_json(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES, max_depth: int = MAX_DEPTH) -> object | Problem:
    """A JSON file read through :func:`read_bytes` and parsed by orjson (no ``NaN``, no
    ``Infinity``: strict JSON), its nesting bounded by ``max_depth`` (checked without recursion,
    so no later walk of the data can overflow Python's stack), or the problem that says why not."""
    raw = read_bytes(path, max_bytes)
    if isinstance(raw, Problem):
        return raw
    return parse_json(raw, max_depth)


def parse_json(raw: bytes | str, max_depth: int = MAX_DEPTH) -> object | Problem:
    """JSON text already read (an HTTP body, a git blob) under the same limits as :func:`load_json`."""
    if isinstance(raw, bytes) and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        data: object = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "depth" in str(exc):
            return Problem("json.too_deep", {"limit": max_depth}, "", exc.lineno, exc.colno)
        return Problem(
            "json.syntax", {"detail": exc.msg, "at_line": exc.lineno, "at_column": exc.colno}, "", exc.lineno, exc.colno
        )
    if _depth_over(data, max_depth):
        return Problem("json.too_deep", {"limit": max_depth}, "", 1, 1)
    return data


def _depth_over(data: object, limit: int) -> bool:
    """Whether ``data`` nests lists and mappings more than ``limit`` levels deep (iterative)."""
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False
