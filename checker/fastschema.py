"""A fast yes/no check of the declaration schema, for the common case of a valid file.

jsonschema explains errors well but costs over a millisecond per declaration; this compiles the
few keywords our schema uses into plain Python predicates. It answers only "valid or not":
when a declaration is not valid, jsonschema gives the located errors. A keyword it does not
know is a compile error, so the schema can never be half-checked; tests compare it with
jsonschema on generated documents.
"""
from __future__ import annotations

import re
from typing import Callable

from .dates import parse_date

Check = Callable[[object], bool]
IGNORED = {"$schema", "$id", "title", "description", "$defs", "$comment"}
KNOWN = IGNORED | {"$ref", "type", "properties", "additionalProperties", "required", "items", "enum",
                   "const", "pattern", "format", "minimum", "maximum", "minItems", "minLength", "propertyNames",
                   "anyOf"}

_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}


def _same(a, b) -> bool:
    """JSON Schema equality: booleans are not numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def compile_schema(schema: dict) -> Check:
    root, cache = schema, {}

    def build(node: dict) -> Check:
        unknown = set(node) - KNOWN
        if unknown:
            raise ValueError(f"fastschema does not know {sorted(unknown)}")
        if "$ref" in node:
            ref = node["$ref"]
            if ref not in cache:
                target = root
                for part in ref.removeprefix("#/").split("/"):
                    target = target[part]
                cache[ref] = None  # placeholder against self-reference
                cache[ref] = build(target)
            return cache[ref]
        checks: list[Check] = []
        if "type" in node:
            kinds = [node["type"]] if isinstance(node["type"], str) else node["type"]
            tests = [_TYPES[k] for k in kinds]
            checks.append(lambda v, tests=tests: any(t(v) for t in tests))
        if "const" in node:
            checks.append(lambda v, c=node["const"]: _same(v, c))
        if "enum" in node:
            checks.append(lambda v, e=node["enum"]: any(_same(v, x) for x in e))
        if "pattern" in node:
            search = re.compile(node["pattern"]).search
            checks.append(lambda v: not isinstance(v, str) or search(v) is not None)
        if node.get("format") == "date":
            checks.append(lambda v: not isinstance(v, str) or parse_date(v) is not None)
        elif "format" in node:
            raise ValueError(f"fastschema does not know format {node['format']!r}")
        for key, op in (("minimum", float.__ge__), ("maximum", float.__le__)):
            if key in node:
                bound = float(node[key])
                checks.append(lambda v, b=bound, op=op: isinstance(v, bool) or not isinstance(v, (int, float)) or op(float(v), b))
        if "minLength" in node:
            checks.append(lambda v, n=node["minLength"]: not isinstance(v, str) or len(v) >= n)
        if "minItems" in node:
            checks.append(lambda v, n=node["minItems"]: not isinstance(v, list) or len(v) >= n)
        if {"properties", "required", "additionalProperties", "propertyNames"} & set(node):
            props = {k: build(v) for k, v in node.get("properties", {}).items()}
            required = tuple(node.get("required", ()))
            extra = node.get("additionalProperties", True)
            # additional properties: True (anything), False (none) or a schema they must match
            other = (lambda v: True) if extra is True else (lambda v: False) if extra is False else build(extra)
            names = build(node["propertyNames"]) if "propertyNames" in node else None

            def mapping(v, props=props, required=required, other=other, names=names):
                if not isinstance(v, dict):
                    return True
                for key in required:
                    if key not in v:
                        return False
                for key, value in v.items():
                    if names is not None and not names(key):
                        return False
                    check = props.get(key, other)
                    if not check(value):
                        return False
                return True
            checks.append(mapping)
        if "anyOf" in node:
            branches = tuple(build(branch) for branch in node["anyOf"])
            checks.append(lambda v, branches=branches: any(b(v) for b in branches))
        if "items" in node:
            item = build(node["items"])
            checks.append(lambda v: not isinstance(v, list) or all(item(x) for x in v))
        if len(checks) == 1:
            return checks[0]
        return lambda v, checks=tuple(checks): all(c(v) for c in checks)

    return build(schema)
