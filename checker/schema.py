"""The declaration schema (JSON Schema 2020-12) and its errors as located, plain-French problems."""
from __future__ import annotations

import difflib
import json
from functools import lru_cache
from importlib import resources

from .dates import parse_date
from .fastschema import MEANING, compile_schema
from .loader import Document, path_str
from .problems import Problem

SCHEMA_RESOURCE = "declaration.schema.json"
YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}
# the x-meaning values a pattern may have: each has its words, pattern.<meaning>, in checker.messages
PATTERN_MEANINGS = ("date", "startup_id")


def schema_text() -> str:
    return resources.files("checker.schemas").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def declaration_schema() -> dict:
    return json.loads(schema_text())


@lru_cache(maxsize=1)
def _validator():
    """jsonschema, imported only to explain an invalid declaration (its import is most of a
    one-file run's start-up)."""
    from jsonschema import Draft202012Validator, FormatChecker

    formats = FormatChecker(formats=())
    formats.checks("date")(lambda value: not isinstance(value, str) or parse_date(value) is not None)
    return Draft202012Validator(declaration_schema(), format_checker=formats)


@lru_cache(maxsize=1)
def _fast_check():
    return compile_schema(declaration_schema())


def suggest(word: str, choices) -> str | None:
    found = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def validate(doc: Document) -> list[Problem]:
    """Schema problems of a loaded declaration, each at its path, line and column."""
    if _fast_check()(doc.data):  # most declarations are valid: answered without jsonschema
        return []
    validator = _validator()
    problems = []
    for error in validator.iter_errors(doc.data):
        problems.extend(_problems(error, doc))
    # one problem per place and kind, in document order
    unique = {(p.path, p.code, str(p.params)): p for p in problems}
    return sorted(unique.values(), key=Problem.sort_key)


def _problems(error, doc: Document) -> list[Problem]:
    """Problems of one jsonschema error, from its structured fields (``validator``,
    ``validator_value``, ``instance``, ``absolute_path``, the schema node and its ``x-meaning``),
    never from its English message."""
    kind = error.validator
    if kind == "additionalProperties":
        return _unknown_keys(error, doc)
    path = path_str(tuple(error.absolute_path))
    line, col = doc.locate(path)
    code, params = _explain(kind, error.validator_value, error.instance, error.schema.get(MEANING))
    if code == "schema.required":
        return [Problem(code, {"key": key}, path, line, col) for key in params["keys"]]
    return [Problem(code, params, path, line, col)]


def _unknown_keys(error, doc: Document) -> list[Problem]:
    allowed = error.schema.get("properties", {})
    out = []
    for key in error.instance:
        if key in allowed:
            continue
        key_path = path_str(tuple(error.absolute_path) + (key,))
        line, col = doc.locate_key(key_path)
        out.append(Problem("schema.unknown_key", {"key": key, "suggestion": suggest(key, allowed)}, key_path, line, col))
    return out


def _explain(kind: str, expected, value, meaning: str | None) -> tuple[str, dict]:
    """(message code, parameters) of one failed keyword."""
    if kind == "required":
        present = value if isinstance(value, dict) else {}
        return "schema.required", {"keys": [key for key in expected if key not in present] or ["?"]}
    if kind == "type":
        expected = [t for t in ([expected] if isinstance(expected, str) else expected) if t != "null"]
        if "boolean" in expected and isinstance(value, str) and value.strip().lower() in YAML11_BOOLEANS:
            return "schema.boolean_word", {"value": value}
        return "schema.type", {"expected": expected, "found": _type_name(value)}
    if kind == "format" and meaning == "date":
        return "schema.date", {"value": value}
    if kind == "pattern" and meaning in PATTERN_MEANINGS:
        return "schema.pattern", {"value": value, "what": f"pattern.{meaning}"}
    if kind == "enum":
        allowed = [v for v in expected if v is not None]
        code = "schema.obligation" if meaning == "obligation" else "schema.enum"
        return code, {"value": value, "allowed": allowed, "suggestion": suggest(value, allowed)}
    if kind == "const":
        return "schema.const", {"expected": expected}
    if kind in ("minimum", "maximum"):
        return f"schema.{kind}", {"limit": expected}
    return "schema.other", {"detail": f"{kind} {json.dumps(expected, ensure_ascii=False)}"}


def _type_name(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
