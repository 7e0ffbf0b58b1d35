"""A fast yes/no check of the declaration schema, for the common case of a valid file.

jsonschema explains errors well but costs over a millisecond per declaration; this compiles the
few keywords our schema uses into plain Python predicates. It answers only "valid or not":
when a declaration is not valid, jsonschema gives the located errors. A keyword it does not
know is a compile error, so the schema can never be half-checked; tests compare it with
jsonschema on generated documents.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from checker.foundation.dates import parse_date

Check = Callable[[object], bool]
# our own keyword: what a node's pattern, format or enum means, for the error messages (checker.reading.schema)
MEANING = "x-meaning"
IGNORED = {"$schema", "$id", "title", "description", "examples", "$defs", "$comment", MEANING}
KNOWN = IGNORED | {
    "$ref",
    "type",
    "properties",
    "additionalProperties",
    "required",
    "items",
    "enum",
    "const",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "minLength",
    "propertyNames",
    "anyOf",
}

_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}


def _same(a: object, b: object) -> bool:
    """JSON Schema equality: booleans are not numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def _joined(
    checks: list[Check], two: Callable[[Check, Check], Check], three: Callable[[Check, Check, Check], Check]
) -> Check:
    """``checks`` joined by one operator: ``two(a, b)`` / ``three(a, b, c)`` make one test of
    two or three (one level of nesting: a predicate is called for every value of every
    declaration, a generator per call cost a fifth of the check, and each level a call more);
    more are folded two at a time."""
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 3:
        return three(*checks)
    return functools.reduce(two, checks)


def _any_of(tests: list[Check]) -> Check:
    """Any of ``tests`` holds."""
    return _joined(tests, lambda a, b: lambda v: a(v) or b(v), lambda a, b, c: lambda v: a(v) or b(v) or c(v))


def _type_test(kinds: list[str]) -> Check:
    """The value is of one of JSON Schema's ``kinds``: one test, without a call per kind, for
    the usual lists (mappings, lists, text, booleans, each maybe null); else one per kind."""
    classes = {"object": dict, "array": list, "string": str, "boolean": bool}
    if not set(kinds) <= {*classes, "null"}:  # numbers: a bool is not one (see _TYPES)
        return _any_of([_TYPES[k] for k in kinds])
    allowed = tuple(classes[k] for k in kinds if k != "null")
    if "null" in kinds:
        return lambda v: v is None or isinstance(v, allowed)
    return lambda v: isinstance(v, allowed)


@functools.lru_cache(maxsize=64)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A JSON Schema (ECMA-262) pattern as Python must read it: ``$`` is the end of the value,
    where Python's ``$`` also matches before a final newline (``"abc\\n"`` would pass ``^[a-z]+$``).
    Every ``$`` outside a character class and not escaped becomes ``\\Z``."""
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            out.append(r"\Z")
            continue
        out.append(char)
    return re.compile("".join(out))


def _all_of(checks: list[Check]) -> Check:
    """All of ``checks`` hold; none: anything holds."""
    if not checks:
        return _anything
    return _joined(checks, lambda a, b: lambda v: a(v) and b(v), lambda a, b, c: lambda v: a(v) and b(v) and c(v))


def _anything(v: object) -> bool:
    return True


def _each(item: Check, strict: bool = False) -> Check:
    """Every item of a list holds ``item``; anything else is not this keyword's business,
    unless ``strict`` (the node's ``type: array``): then it fails."""

    def each(v: object) -> bool:
        if not isinstance(v, list):
            return not strict
        for x in v:
            if not item(x):
                return False
        return True

    return each


def _any_same(values: list[object]) -> Check:
    if all(isinstance(x, str) for x in values):  # the usual enum: a set lookup
        allowed = frozenset(values)
        return lambda v: isinstance(v, str) and v in allowed
    return lambda v: any(_same(v, x) for x in values)


def _bounded(op: Callable[[float, float], bool], bound: float) -> Check:
    return lambda v: isinstance(v, bool) or not isinstance(v, (int, float)) or op(float(v), bound)


def _min_size(kind: type, size: int) -> Check:
    return lambda v: not isinstance(v, kind) or len(v) >= size  # type: ignore[arg-type]


def _max_size(kind: type, size: int) -> Check:
    return lambda v: not isinstance(v, kind) or len(v) <= size  # type: ignore[arg-type]


def compile_schema(schema: dict[str, Any]) -> Check:
    return _Compiler(schema).build(schema)


class _Compiler:
    """Schema nodes to predicates; ``$ref`` targets compiled once."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.cache: dict[str, Check] = {}

    def build(self, node: dict[str, Any]) -> Check:
        unknown = set(node) - KNOWN
        if unknown:
            raise ValueError(f"fastschema does not know {sorted(unknown)}")
        if "$ref" in node:
            return self._ref(node["$ref"])
        # "type: object" with its properties (or "type: array" with its items) is one check:
        # the mapping's (the list's) own test of the type, not a separate predicate to call
        mapping = bool({"properties", "required", "additionalProperties", "propertyNames"} & set(node))
        as_object = mapping and node.get("type") == "object"
        as_array = "items" in node and node.get("type") == "array"
        checks = self._scalar_checks(node, typed=as_object or as_array)
        if mapping:
            checks.append(self._mapping(node, strict=as_object))
        if "anyOf" in node:
            checks.append(_any_of([self.build(branch) for branch in node["anyOf"]]))
        if "items" in node:
            checks.append(_each(self.build(node["items"]), strict=as_array))
        if len(checks) == 1:
            return checks[0]
        return _all_of(checks)

    def _ref(self, ref: str) -> Check:
        if ref not in self.cache:
            target = self.root
            for part in ref.removeprefix("#/").split("/"):
                target = target[part]
            self.cache[ref] = _anything  # placeholder against self-reference
            self.cache[ref] = self.build(target)
        return self.cache[ref]

    @staticmethod
    def _scalar_checks(node: dict[str, Any], typed: bool = False) -> list[Check]:
        """``typed``: the type is tested by the mapping or list check (see :meth:`build`)."""
        checks: list[Check] = []
        if "type" in node and not typed:
            kinds = [node["type"]] if isinstance(node["type"], str) else node["type"]
            checks.append(_type_test(kinds))
        if "const" in node:
            checks.append(_any_same([node["const"]]))
        if "enum" in node:
            checks.append(_any_same(node["enum"]))
        if "pattern" in node:
            search = compile_pattern(node["pattern"]).search
            checks.append(lambda v: not isinstance(v, str) or search(v) is not None)
        if node.get("format") == "date":
            checks.append(lambda v: not isinstance(v, str) or parse_date(v) is not None)
        elif "format" in node:
            raise ValueError(f"fastschema does not know format {node['format']!r}")
        for key, op in (("minimum", float.__ge__), ("maximum", float.__le__)):
            if key in node:
                bound = float(node[key])
                checks.append(_bounded(op, bound))
        if "minLength" in node:
            checks.append(_min_size(str, node["minLength"]))
        if "minItems" in node:
            checks.append(_min_size(list, node["minItems"]))
        if "maxItems" in node:
            checks.append(_max_size(list, node["maxItems"]))
        return checks

    def _mapping(self, node: dict[str, Any], strict: bool = False) -> Check:
        """``strict``: anything but a mapping fails (the node's ``type: object``)."""
        props = {k: self.build(v) for k, v in node.get("properties", {}).items()}
        required = tuple(node.get("required", ()))
        extra = node.get("additionalProperties", True)
        # additional properties: True (anything), False (none) or a schema they must match
        other: Check = _anything if extra is True else (lambda v: False) if extra is False else self.build(extra)
        names = self.build(node["propertyNames"]) if "propertyNames" in node else None

        def mapping(v: object) -> bool:
            if not isinstance(v, dict):
                return not strict
            for key in required:
                if key not in v:
                    return False
            get = props.get
            for key, value in v.items():
                if not get(key, other)(value):
                    return False
                if names is not None and not names(key):
                    return False
            return True

        return mapping
