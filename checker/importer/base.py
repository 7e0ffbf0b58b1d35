"""What every importer shares: the interface a source implements, the result of one source
record, and the list of fields an import cannot fill (derived from the schema and the
mappings, never written by hand).

An importer reads its source and yields one :class:`Record` per declaration. The generic part
(``checker/importer/writer.py``) merges each record into the output directory.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

MAX_SHOWN = 80  # characters of a value quoted in a message


def shorten(value: object, limit: int = MAX_SHOWN, lang: str = "fr") -> str:
    """A value as it may be quoted in a message: control characters replaced, at most ``limit``
    characters (then an ellipsis and the full length)."""
    from checker.foundation.wording import printable

    shown = printable(value if isinstance(value, str) else repr(value))
    shown = shown.replace("\n", "\u23ce").replace("\t", " ")
    if len(shown) > limit:
        return f"{shown[:limit]}… ({len(shown)} {'car.' if lang == 'fr' else 'chars'})"
    return shown


@dataclass
class Issue:
    """A problem of one source file: the file, its line, a message code and its parameters."""

    file: str
    line: int
    code: str
    params: dict = field(default_factory=dict)


@dataclass
class Record:
    """One declaration made from the source: its id (the output file's name), where it came
    from, the facts the source owns, the header comment (notes for the team), and the
    problems met on the way (each costs only its own field)."""

    id: str
    source: Path
    facts: dict
    header: list[str] = field(default_factory=list)  # header comment lines (without "# ")
    issues: list[Issue] = field(default_factory=list)
    body: str | None = None  # ``merge.to_yaml(facts)`` when the importer made it already (in a worker)


@dataclass(frozen=True)
class Mapping:
    """One section of a source mapped to the declaration: the declaration paths it can fill
    (``committees[].date``: a field of each list item) and the function that fills them."""

    section: str
    fills: tuple[str, ...]
    build: Callable


class Importer(Protocol):
    """A source of declarations, registered in ``checker.importer.IMPORTERS``."""

    name: str
    help: str  # a key of the help texts (checker.foundation.messages HELP): its description
    mappings: tuple[Mapping, ...]
    # list fields merged item by item: declaration path -> the item fields naming an item
    # (an empty tuple: a list of plain values)
    list_keys: dict[str, tuple[str, ...]]

    # its options; ``h(key)`` is the help text ``help.<key>`` (checker.foundation.messages) in the help's language
    def add_arguments(self, parser: argparse.ArgumentParser, h: Callable[..., str]) -> None: ...

    def source_roots(self, args: argparse.Namespace) -> list[Path]: ...  # the import never writes inside these

    def records(self, args: argparse.Namespace, lang: str) -> Iterator[Record | Issue]: ...


def schema_node(schema: dict, path: str) -> dict:
    """The schema of the declaration field at ``path`` (``startup.phases[].name``)."""
    node = schema
    for part in path.replace("[]", ".[]").split("."):
        node = dict(_children(node))[part]
    return node


def _children(node: dict) -> list[tuple[str, dict]]:
    props: dict = {}
    for branch in [node] + node.get("oneOf", []) + node.get("anyOf", []) + node.get("allOf", []):
        props.update(branch.get("properties", {}))
    children = list(props.items())
    if isinstance(node.get("items"), dict):
        children.append(("[]", node["items"]))
    return children


def _unfilled(node: dict, path: str, filled: set[str]) -> tuple[bool, list[str]]:
    """(whether no part of ``path`` is filled, the unfilled paths, a wholly unfilled field
    standing for all its parts)."""
    if path in filled:
        return False, []
    children = [] if "$ref" in node else _children(node)
    if not children:
        return True, [path]
    results = [_unfilled(sub, path + name if name == "[]" else f"{path}.{name}", filled) for name, sub in children]
    if all(whole for whole, _ in results):
        return True, [path]
    return False, [p for _, paths in results for p in paths]


def unfilled_fields(schema: dict, mappings: Iterable[Mapping]) -> list[str]:
    """The schema's fields no mapping fills, one line per section (``convention``,
    ``team: intrapreneur.since, sponsor.name, sponsor.role``); a field none of whose parts is
    filled is named alone. Derived from the schema and the mappings' ``fills``."""
    filled = {path for mapping in mappings for path in mapping.fills}
    lines = []
    for section, node in _children(schema):
        if section == "schema_version":
            continue
        whole, paths = _unfilled(node, section, filled)
        if whole:
            lines.append(section)
        elif paths:
            label = section + "[]" if all(p.startswith(section + "[].") for p in paths) else section
            lines.append(f"{label}: " + ", ".join(p[len(label) :].lstrip(".") for p in paths))
    return lines
