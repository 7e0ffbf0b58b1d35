"""What to write: the hint a finding carries (``Finding.fix``), computed from its path, the
declaration and the schema's ``examples``.

A hint names the key path in backticks and, where the schema gives an example, a valid value:
``écrivez `team.intrapreneur.name: Jeanne Martin```. For a key that is missing it says under
which existing key to add it (the finding itself is located at that key), or, when even the
section is missing, which section to add at the top level. The words live in
:mod:`checker.messages` (``fix.*``); the examples in the declaration schema.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import yaml

from . import nearmiss
from .loader import path_str
from .messages import text
from .schema import declaration_schema

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATES = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")
_MISSING = object()
# a value the person most likely meant, before the schema's example: `MIT License` -> `MIT`
_MEANT = {("source_code", "licence"): nearmiss.spdx_meant}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=4096)
def parts(path: str) -> tuple:
    """``committees[0].date`` -> ``("committees", 0, "date")`` (cached: the same paths come back)."""
    return tuple(int(index) if index else name for name, index in _PART.findall(path))


def schema_node(path: str | tuple) -> dict | None:
    """The schema node of ``path`` (``$ref`` followed, the node's own keywords kept), or None
    when the path leaves the schema (an unresolved template, an unknown key). Read-only."""
    return _node(parts(path) if isinstance(path, str) else tuple(path))


@lru_cache(maxsize=4096)
def _node(keys: tuple) -> dict | None:
    """Cached: a run asks for the same few paths for every finding of every file."""
    node: dict | None = declaration_schema()
    for part in keys:
        node = _deref(node)
        if node is None:
            return None
        node = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
    return node


def _deref(node: dict | None) -> dict | None:
    if node is None or "$ref" not in node:
        return node
    name = node["$ref"].rsplit("/", 1)[-1]
    return dict(declaration_schema()["$defs"][name], **{k: v for k, v in node.items() if k != "$ref"})


def example(path: str | tuple):
    """The schema's first example for ``path``; ``_MISSING`` when it has none."""
    node = schema_node(path)
    return node["examples"][0] if node and node.get("examples") else _MISSING


@lru_cache(maxsize=1024)
def _whole(path: tuple):
    """The example of the object at ``path``: its own, else one made of its keys' examples, so
    that two findings about the same missing object give the same line to add (two separate
    lines would be a duplicate key)."""
    own = example(path)
    node = _deref(schema_node(path))
    if own is not _MISSING or not node or "properties" not in node:
        return own
    made = {k: _whole(path + (k,)) for k in node["properties"]}
    return {k: v for k, v in made.items() if v is not _MISSING} or _MISSING


def flow(value) -> str:
    """A value as one line of YAML a person can copy (flow style, dates and words unquoted)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and not _DATE.match(value):
        return _word(value)
    return str(value)


@lru_cache(maxsize=1024)
def _word(value: str) -> str:
    """A text as YAML reads it back inside a flow collection: plain when it can be, else
    double-quoted. Cached: the examples are few and fixed, the findings many."""
    try:
        plain = yaml.load(f"[{value}]", Loader=_Loader) == [value]
    except yaml.YAMLError:
        plain = False
    return value if plain else json.dumps(value, ensure_ascii=False)


def _entry(key, rest: tuple, value) -> str:
    """``key: value``, the missing keys of ``rest`` nested around the value in flow style."""
    if value is _MISSING:
        return f"{key}:"
    for part in reversed(rest):
        value = [value] if isinstance(part, int) else {part: value}
    return f"{key}: {flow(value)}"


def _walk(data, path: tuple) -> tuple[int, object]:
    """How many parts of ``path`` exist in ``data`` (a key present, even null, counts), and the
    value at the deepest of them."""
    node = data
    for depth, part in enumerate(path):
        if isinstance(part, int):
            found = isinstance(node, list) and 0 <= part < len(node)
        else:
            found = isinstance(node, dict) and part in node
        if not found:
            return depth, node
        node = node[part]
    return len(path), node


def _under(path: tuple) -> str:
    """How a person finds an existing key: ``team.intrapreneur:``, or ``committees[0]`` for an item."""
    return path_str(path) + ("" if isinstance(path[-1], int) else ":")


def hint(path: str, data, lang: str, next_item: bool = False) -> str:
    """What to write for a finding at ``path`` of the declaration ``data``. ``next_item``: the
    finding is a deadline on a list item (the next workshop, the next committee): add an item.

    The schema's examples are another startup's values: their dates become a placeholder
    (``AAAA-MM-JJ``; a past date copied as written would leave a deadline passed) and the
    example startup's id becomes the declaration's own (in the example URLs)."""
    keys = parts(path)
    depth, value = _walk(data, keys)
    key = (path, lang, next_item, depth, _shape(value) if keys and depth == len(keys) else None)
    found = _HINTS.get(key) if key[-1] is not _UNCACHED else None
    if found is None:
        found = _DATES.sub(text("fix.date_placeholder", lang), _hint(path, keys, depth, value, lang, next_item))
        if key[-1] is not _UNCACHED and len(_HINTS) < _HINTS_MAX:
            _HINTS[key] = found
    own = (data.get("startup") or {}).get("id") if isinstance(data, dict) else None
    sample = example(("startup", "id"))
    if isinstance(own, str) and own.strip() and isinstance(sample, str):
        found = found.replace(sample, own.strip())
    return found


# (path, language, next item, parts found, shape of the value found) -> hint: the same findings
# come back in file after file, and a hint depends on the declaration only through these
_HINTS: dict[tuple, str] = {}
_HINTS_MAX = 4096  # bounded: memory stays flat over thousands of files
_UNCACHED = object()


def _shape(value):
    """What of the value at a finding's path its hint reads (see :func:`_present`): a short
    scalar itself, a mapping's keys that hold something, whether a list is empty."""
    if value is None or isinstance(value, bool | int | float) or isinstance(value, str) and len(value) <= 80:
        return (type(value), value)
    if isinstance(value, dict):
        return (dict, bool(value), frozenset(k for k, v in value.items() if v is not None))
    if isinstance(value, list):
        return (list, bool(value))
    return _UNCACHED


def _hint(path: str, keys: tuple, depth: int, value, lang: str, next_item: bool) -> str:
    """The hint for ``path`` (split in ``keys``), of which ``depth`` parts exist in the
    declaration, the deepest holding ``value`` (:func:`_walk`)."""
    if not keys or "{" in path:
        return text("fix.key", lang, path=path)
    if depth == len(keys):
        return _present(keys, value, lang, next_item)
    if depth == 0:
        return _section(keys, lang)
    rest = keys[depth:]
    if not isinstance(rest[0], str):
        return text("fix.key", lang, path=path)
    entry = _entry(rest[0], (), _whole(keys[: depth + 1])) if len(rest) > 1 else _entry(rest[0], (), example(keys))
    if isinstance(keys[depth - 1], int):  # a key missing in a list item
        return text("fix.add_to_item", lang, under=_under(keys[:depth]), entries=entry)
    return text("fix.add_under", lang, under=_under(keys[:depth]), entry=entry)


def _section(keys: tuple, lang: str) -> str:
    return text("fix.add_top", lang, entry=_entry(keys[0], (), _whole(keys[:1])))


def _present(keys: tuple, value, lang: str, next_item: bool) -> str:
    """The key exists: a value to write instead of a wrong word or a blank, an item to add to
    an empty list (or the next one when a deadline passed), the keys an item lacks; a date or
    an amount already written is named with the form it takes, the message says what to do."""
    shown = path_str(keys)
    where = max((i for i, k in enumerate(keys) if isinstance(k, int)), default=None)
    dated = isinstance(value, str) and bool(_DATE.match(value))
    if next_item and dated and where is not None and example(keys[: where + 1]) is not _MISSING:
        return text("fix.add_next", lang, under=_under(keys[:where]), item=flow(example(keys[: where + 1])))
    wanted = _MEANT[keys](value) or example(keys) if keys in _MEANT else example(keys)
    if _is_list(schema_node(keys)):
        item = example(keys + (0,))
        if item is _MISSING:
            return text("fix.key", lang, path=shown)
        if value and not next_item:
            return text("fix.key_value", lang, path=shown, value="- " + flow(item))
        return text("fix.add_item", lang, under=_under(keys), item=flow(item))
    if isinstance(value, dict) and isinstance(wanted, dict):
        missing = [f"{k}: {flow(v)}" for k, v in wanted.items() if value.get(k) is None]
        if not missing:
            return text("fix.key", lang, path=shown)
        code = "fix.add_to_item" if isinstance(keys[-1], int) else "fix.add_keys"
        return text(code, lang, under=_under(keys), entries="`, `".join(missing))
    if wanted is _MISSING:
        return text("fix.key", lang, path=shown)
    if dated or isinstance(value, int | float) and not isinstance(value, bool):
        return text("fix.key_value", lang, path=shown, value=flow(wanted))
    if len(keys) > 1 and isinstance(keys[-1], str):  # never a dotted key: the tool refuses them
        return text("fix.write_under", lang, under=_under(keys[:-1]), entry=f"{keys[-1]}: {flow(wanted)}")
    return text("fix.write", lang, entry=f"{shown}: {flow(wanted)}")


def _is_list(node: dict | None) -> bool:
    kind = (_deref(node) or {}).get("type")
    return kind == "array" or isinstance(kind, list) and "array" in kind


@lru_cache(maxsize=256)
def exemption(obligation: str, lang: str) -> str:
    """The one mention, per failing obligation, that an exemption may be declared: the keys of
    an exemption as the schema lists them, the obligation filled in."""
    keys = (schema_node(("exemptions", 0)) or {}).get("properties", {})
    item = ", ".join(f"{k}: {obligation if k == 'obligation' else '…'}" for k in keys)
    return text("fix.exemption", lang, item="- {" + item + "}")
