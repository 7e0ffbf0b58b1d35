"""The declaration schema (JSON Schema 2020-12) and its errors as located, plain-French problems."""
from __future__ import annotations

import difflib
import json
from functools import lru_cache
from importlib import resources

from .dates import parse_date
from .fastschema import compile_schema
from .loader import Document, path_str
from .problems import Problem

SCHEMA_RESOURCE = "declaration.schema.json"
YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}


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
        return _duplicate_objective_ids(doc)
    validator = _validator()
    problems = _duplicate_objective_ids(doc)
    for error in validator.iter_errors(doc.data):
        problems.extend(_problems(error, doc))
    # one problem per place and kind, in document order
    unique = {(p.path, p.code, str(p.params)): p for p in problems}
    return sorted(unique.values(), key=Problem.sort_key)


def _duplicate_objective_ids(doc: Document) -> list[Problem]:
    """Objective ids are unique in the file (declaration.md), which JSON Schema cannot say."""
    objectives = doc.data.get("objectives") if isinstance(doc.data, dict) else None
    if not isinstance(objectives, list):
        return []
    seen, problems = {}, []
    for index, item in enumerate(objectives):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str) or not ident.strip():
            continue
        if ident in seen:
            path = f"objectives[{index}].id"
            line, col = doc.locate(path)
            problems.append(Problem("schema.duplicate_objective", {"value": ident, "first": doc.locate(f"objectives[{seen[ident]}].id")[0]}, path, line, col))
        else:
            seen[ident] = index
    return problems


def _problems(error, doc: Document) -> list[Problem]:
    path = path_str(tuple(error.absolute_path))
    kind = error.validator
    value = error.instance
    if kind == "additionalProperties":
        allowed = error.schema.get("properties", {})
        out = []
        for key in value:
            if key in allowed:
                continue
            key_path = path_str(tuple(error.absolute_path) + (key,))
            line, col = doc.locate_key(key_path)
            guess = suggest(key, allowed)
            out.append(Problem("schema.unknown_key", {"key": key, "suggestion": guess}, key_path, line, col))
        return out
    line, col = doc.locate(path)
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return [Problem("schema.required", {"key": missing}, path, line, col)]
    if kind == "type":
        expected = error.validator_value
        expected = [t for t in ([expected] if isinstance(expected, str) else expected) if t != "null"]
        if "boolean" in expected and isinstance(value, str) and value.strip().lower() in YAML11_BOOLEANS:
            return [Problem("schema.boolean_word", {"value": value}, path, line, col)]
        return [Problem("schema.type", {"expected": expected, "found": _type_name(value)}, path, line, col)]
    if kind == "format":
        return [Problem("schema.date", {"value": value}, path, line, col)]
    if kind == "pattern":
        what = "pattern.date" if error.validator_value.startswith("^[0-9]{4}") else "pattern.startup_id"
        return [Problem("schema.pattern", {"value": value, "what": what}, path, line, col)]
    if kind == "enum":
        allowed = [v for v in error.validator_value if v is not None]
        code = "schema.obligation" if path.endswith(".obligation") else "schema.enum"
        return [Problem(code, {"value": value, "allowed": allowed, "suggestion": suggest(value, allowed)}, path, line, col)]
    if kind == "anyOf" and path == "budget":  # the flat and the yearly forms together
        line, col = doc.locate_key("budget.years")
        return [Problem("schema.budget_forms", {}, "budget.years", line, col)]
    if kind == "const":
        return [Problem("schema.const", {"expected": error.validator_value}, path, line, col)]
    if kind in ("minimum", "maximum"):
        return [Problem(f"schema.{kind}", {"limit": error.validator_value}, path, line, col)]
    return [Problem("schema.other", {"detail": error.message}, path, line, col)]


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
