"""The declaration schema (JSON Schema 2020-12) and its errors as located, plain-French problems."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

import yaml

from checker.foundation.dates import parse_date
from checker.foundation.messages import LANGS, MAX_ERRORS
from checker.foundation.wording import worded

from . import placeholders
from .fastschema import MEANING, Check, compile_pattern, compile_schema
from .loader import Document, PathParts, path_str
from .nearmiss import boolean_meant, closest, iso_date_meant, number_meant, worded_date_meant
from .problems import Problem
from .schemas import declaration_schema as declaration_schema  # re-exported: the questionnaire reads it here

if TYPE_CHECKING:  # jsonschema is imported only to explain an invalid declaration
    from jsonschema import ValidationError
    from jsonschema.protocols import Validator

# the x-meaning values a pattern may have: each has its words, pattern.<meaning>, in checker.foundation.messages
PATTERN_MEANINGS = ("date", "startup_id")
_NO_SPACE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*:[^\s/]")  # "key:value": no space after the colon
_EQUALS = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:=|\uff1a)\s*(.*)")  # "key = value", "key：value"
# problems that say all there is to say about a value: no other problem of that value is listed
_SAYS_IT_ALL = ("schema.placeholder", "schema.number_written", "schema.number_ambiguous")
_ABOUT_THE_KEY = ("schema.unknown_key", "schema.dotted_key", "schema.key_no_space")
# problems whose "write" is shown with its key (``ae_committed: 502310.00``)
_KEYED = ("schema.number_written", "schema.number_ambiguous", "schema.comment_glued")


@lru_cache(maxsize=1)
def whole_value_validator() -> type[Validator]:
    """jsonschema's Draft 2020-12 validator class reading ``pattern`` as JSON Schema (ECMA-262)
    does: ``$`` is the end of the value (Python's ``re`` also matches it before a final newline).
    The declaration and rule-file schemas are both explained with it."""
    from jsonschema import Draft202012Validator, ValidationError, validators

    def pattern(
        validator: Validator, patrn: str, instance: Any, schema: dict[str, Any]
    ) -> Iterator[ValidationError]:  # the whole value, as JSON Schema reads "$"
        if validator.is_type(instance, "string") and not compile_pattern(patrn).search(instance):
            yield ValidationError(f"{instance[:80]!r} does not match {patrn!r}")

    extend: Callable[..., type[Validator]] = validators.extend  # untyped in jsonschema's stubs
    return extend(Draft202012Validator, {"pattern": pattern})


@lru_cache(maxsize=1)
def _validator() -> Validator:
    """jsonschema, imported only to explain an invalid declaration (its import is most of a
    one-file run's start-up)."""
    from jsonschema import FormatChecker

    formats = FormatChecker(formats=())
    formats.checks("date")(lambda value: not isinstance(value, str) or parse_date(value) is not None)
    return whole_value_validator()(declaration_schema(), format_checker=formats)


@lru_cache(maxsize=1)
def _fast_check() -> Check:
    return compile_schema(declaration_schema())


_suggestions_left: list[int | None] = [None]  # within validate(): how many more "did you mean" may be computed


def suggest(word: str, choices: Iterable[object]) -> str | None:
    if len(str(word)) > 64:  # no id is that long; difflib would cost seconds per long value
        return None
    if _suggestions_left[0] is not None:  # thousands of unknown keys: only the first few get a hint
        if _suggestions_left[0] <= 0:
            return None
        _suggestions_left[0] -= 1
    return closest(word, choices)


def validate(doc: Document) -> list[Problem]:
    """Schema problems of a loaded declaration, each at its path, line and column. A value
    that still holds a hint's placeholder is one problem ("à remplacer"), never a fact."""
    pasted = _placeholders(doc)
    if not pasted and _fast_check()(doc.data):  # most declarations are valid: answered without jsonschema
        return _duplicate_objective_ids(doc)
    validator = _validator()
    problems = _duplicate_objective_ids(doc) + pasted
    _suggestions_left[0] = 4 * MAX_ERRORS  # only MAX_ERRORS are listed per file
    truncated = False
    try:
        for error in validator.iter_errors(cast(Any, doc.data)):  # any YAML data
            problems.extend(_problems(error, doc))
            if len(problems) >= MAX_COLLECTED:  # tens of thousands of errors: stop counting
                truncated = True
                break
    finally:
        _suggestions_left[0] = None
    # one problem per place and kind, in document order
    unique = {(p.path, p.code, str(p.params)): p for p in problems}
    found = Problems(sorted(_one_per_value(list(unique.values())), key=Problem.sort_key))
    found.truncated = truncated
    return found


MAX_COLLECTED = 1000  # schema errors explained per file, at most (MAX_ERRORS of them are listed)


def _placeholders(doc: Document) -> list[Problem]:
    """A problem at each value still holding a placeholder pasted from a hint, saying what to
    write there (:mod:`checker.reading.placeholders`)."""
    out = []
    for keys, value in placeholders.find(doc.data):
        path = path_str(keys)
        line, col = doc.locate(path)
        wanted = worded({lang: placeholders.what(keys, lang) for lang in LANGS})
        out.append(Problem("schema.placeholder", {"value": value, "wanted": wanted}, path, line, col))
    return out


def _one_per_value(problems: list[Problem]) -> list[Problem]:
    """Where a problem says all there is to say about a value (a placeholder, a number written
    with separators), the other problems of that value (its type, its date format) go."""
    said = {p.path for p in problems if p.code in _SAYS_IT_ALL}
    return [p for p in problems if p.path not in said or p.code in _SAYS_IT_ALL + _ABOUT_THE_KEY]


class Problems(list[Problem]):
    """Problems of one file; ``truncated`` when there were more than were collected."""

    truncated = False


def unknown_obligations(doc: Document, obligations: Sequence[str], found: list[Problem]) -> list[Problem]:
    """``found`` (a file's schema problems) with a problem at each exemption naming no obligation
    of ``obligations``: the catalogue in use, whose rule files are the one list of obligations
    (the schema cannot hold a copy of it). The same problem, at the same place, as an ``enum``
    the schema would check."""
    items = doc.data.get("exemptions") if isinstance(doc.data, dict) else None
    extra: list[Problem] = []
    truncated = getattr(found, "truncated", False)
    _suggestions_left[0] = 4 * MAX_ERRORS  # thousands of unknown ids: only the first few get a "did you mean"
    try:
        for index, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, dict) and "obligation" in item and item["obligation"] not in obligations:
                if len(extra) >= MAX_COLLECTED:  # as validate(): stop explaining, say there were more
                    truncated = True
                    break
                path = f"exemptions[{index}].obligation"
                code, params = _explain("enum", list(obligations), item["obligation"], "obligation")
                extra.append(Problem(code, params, path, *doc.locate(path)))
    finally:
        _suggestions_left[0] = None
    if not extra:
        return found
    merged = Problems(sorted([*found, *extra], key=Problem.sort_key))
    merged.truncated = truncated
    return merged


def _duplicate_objective_ids(doc: Document) -> list[Problem]:
    """Objective ids are unique in the file (declaration.md), which JSON Schema cannot say."""
    objectives = doc.data.get("objectives") if isinstance(doc.data, dict) else None
    if not isinstance(objectives, list):
        return []
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    for index, item in enumerate(objectives):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str) or not ident.strip():
            continue
        if ident in seen:
            path = f"objectives[{index}].id"
            line, col = doc.locate(path)
            problems.append(
                Problem(
                    "schema.duplicate_objective",
                    {"value": ident, "first": doc.locate(f"objectives[{seen[ident]}].id")[0]},
                    path,
                    line,
                    col,
                )
            )
        else:
            seen[ident] = index
    return problems


def _problems(error: ValidationError, doc: Document) -> list[Problem]:
    """Problems of one jsonschema error, from its structured fields (``validator``,
    ``validator_value``, ``instance``, ``absolute_path``, the schema node and its ``x-meaning``),
    never from its English message."""
    kind, schema = cast(str, error.validator), cast("dict[str, Any]", error.schema)  # a keyword, an object schema
    if kind == "additionalProperties":
        return _unknown_keys(error, doc)
    path = path_str(tuple(error.absolute_path))
    if kind == "anyOf" and schema.get(MEANING) == "budget_forms":  # the flat and the yearly forms together
        line, col = doc.locate_key(path + ".years")
        return [Problem("schema.budget_forms", {}, path + ".years", line, col)]
    line, col = doc.locate(path)
    code, params = _explain(kind, error.validator_value, error.instance, schema.get(MEANING))
    parts = tuple(error.absolute_path)
    if code.startswith("schema.number_"):
        if parts and parts[-1] in _number_runs(_node(doc, parts[:-1])):
            return []  # "502 310,00" split by a flow mapping's comma: said once, by _unknown_keys
    if "write" in params and code in _KEYED:
        params = _with_key(parts[-1] if parts else "", params)
    if code == "schema.required":
        return [Problem(code, {"key": key, **_example(parts + (key,))}, path, line, col) for key in params["keys"]]
    if code in ("schema.type", "schema.pattern", "schema.min_length", "schema.other"):
        params.update(_example(parts))
    return [Problem(code, params, path, line, col)]


def _example(parts: PathParts) -> dict[str, object]:
    """``{"example": "key: <what to write>"}``: the shape of the value of the field at
    ``parts``, its placeholder in each language (:mod:`checker.reading.placeholders`), never a value
    of its own; nothing when the field has none."""
    shown = {lang: placeholders.shown(parts, lang) for lang in LANGS}
    if any(v is None for v in shown.values()):
        return {}
    key = parts[-1] if len(parts) > 1 and isinstance(parts[-1], str) else path_str(parts)
    example = worded({lang: f"{key}: {'true' if v is True else v}" for lang, v in shown.items()})
    if len(parts) > 1 and isinstance(parts[-1], str):  # never a dotted key: the key under its parent
        return {"example": example, "under": path_str(tuple(parts[:-1]))}
    return {"example": example}


def _types(parts: PathParts) -> list[str]:
    kind = (placeholders.schema_node(parts) or {}).get("type") or []
    return [kind] if isinstance(kind, str) else list(kind)


def _node(doc: Document, parts: PathParts) -> yaml.Node | None:
    """The composed YAML node at ``parts`` (None when there is none)."""
    return doc._walk(path_str(parts))[1] if doc.root is not None else None


def _number_runs(node: yaml.Node | None) -> dict[str, tuple[str, list[str]]]:
    """In a flow mapping, the numbers its commas split: ``{ae_committed: 502 310,00}`` reads as
    ``ae_committed: 502 310`` and a key ``00`` with no value, the key written right after the
    comma. Key -> (the number as written, the keys that continue it)."""
    runs: dict[str, tuple[str, list[str]]] = {}
    head, end = None, None
    for key_node, value_node in node.value if isinstance(node, yaml.MappingNode) else ():
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        bare = isinstance(value_node, yaml.ScalarNode) and value_node.value == "" and value_node.tag.endswith("null")
        mark = key_node.start_mark
        if head and key and key.isdigit() and bare and end and (mark.line, mark.column) == (end.line, end.column + 1):
            written, keys = runs[head]
            runs[head] = (f"{written},{key}", keys + [key])
            end = key_node.end_mark
            continue
        head = key if key and isinstance(value_node, yaml.ScalarNode) and value_node.value else None
        if head:
            runs[head] = (value_node.value, [])
        end = value_node.end_mark
    return {key: run for key, run in runs.items() if run[1] and number_meant(run[0])}


def _with_key(key: str | int, params: dict[str, Any]) -> dict[str, Any]:
    """The value's key written with what to write (``ae_committed: 502310.00``)."""
    params = dict(params)
    params["fix"] = f"{key}: {params.pop('write')}" if isinstance(key, str) else params.pop("write")
    if params.get("other") is not None and isinstance(key, str):
        params["other"] = f"{key}: {params['other']}"
    return params


def _split_numbers(error: ValidationError, doc: Document) -> tuple[list[Problem], set[str]]:
    """The numbers a flow mapping's commas split (:func:`_number_runs`), each as one problem at
    its key, and the keys after the commas, which are not unknown keys but decimals."""
    parent = tuple(error.absolute_path)
    problems, continued = [], set()
    for key, (written, keys) in _number_runs(_node(doc, parent)).items():
        if not {"number", "integer"} & set(_types(parent + (key,))):  # "label: 12,5" is text
            continue
        write, other = number_meant(written) or ("", None)
        path = path_str(parent + (key,))
        line, col = doc.locate(path)
        code = "schema.number_written" if other is None else "schema.number_ambiguous"
        params = _with_key(key, {"value": written, "write": write, "other": other})
        problems.append(Problem(code, params, path, line, col))
        continued.update(keys)
    return problems, continued


def _unknown_keys(error: ValidationError, doc: Document) -> list[Problem]:
    schema, instance = cast("dict[str, Any]", error.schema), cast("dict[str, Any]", error.instance)  # both objects
    allowed = schema.get("properties", {})
    parent = tuple(error.absolute_path)
    out, decimals = _split_numbers(error, doc)
    for key in instance:
        if key in allowed or key in decimals:
            continue
        key_path = path_str(parent + (key,))
        line, col = doc.locate_entry(path_str(parent), key)  # its own line, even "a.b" or "x[0]"
        meant, _, rest = key.partition(":") if isinstance(key, str) and _NO_SPACE.match(key) else ("", "", "")
        if meant in allowed and instance[key] is None:  # {name:investigation}: "name: investigation"
            out.append(Problem("schema.key_no_space", {"key": key, "fix": f"{meant}: {rest}"}, key_path, line, col))
            continue
        nested = _dotted(key, schema)
        if nested is not None:
            value = instance[key]
            params = {"key": key, "levels": nested, "value": value if _scalar(value) else None}
            out.append(Problem("schema.dotted_key", params, key_path, line, col))
            continue
        params = {"key": key, "suggestion": suggest(key, allowed)}
        if params["suggestion"] is None:  # a key of another level: say under which key it goes
            params["elsewhere"] = _elsewhere(key, parent)
        out.append(Problem("schema.unknown_key", params, key_path, line, col))
    return out


def _elsewhere(key: str, parent: PathParts) -> str | None:
    """The one place of the schema where ``key`` is a key, when it is not at ``parent``:
    ``approach`` at the top level -> ``commitments.approach``."""
    if not isinstance(key, str):
        return None
    here = path_str(tuple("[]" if isinstance(p, int) else p for p in parent)).replace(".[]", "[]")
    places = [p for p in _key_places().get(key, ()) if p.rpartition(".")[0] != here]
    return places[0] if len(places) == 1 else None


@lru_cache(maxsize=1)
def _key_places() -> dict[str, list[str]]:
    """Every key of the declaration schema -> the paths it has (``committees[].date``)."""
    places: dict[str, list[str]] = {}

    def walk(node: object, path: str, depth: int) -> None:
        node = _resolve(node)
        if depth > 8:
            return
        for name, child in (node.get("properties") or {}).items():
            full = f"{path}.{name}" if path else name
            places.setdefault(name, []).append(full)
            walk(child, full, depth + 1)
        if isinstance(node.get("items"), dict):
            walk(node["items"], path + "[]", depth + 1)

    walk(declaration_schema(), "", 0)
    return places


def _scalar(value: object) -> bool:
    return isinstance(value, (str, int, float, bool)) and len(str(value)) <= 40


def _dotted(key: str, schema: dict[str, Any]) -> list[str] | None:
    """The keys a dotted key stands for (``commitments.approach`` -> commitments, approach) when
    each part is a key of the schema at that level, else None."""
    parts = key.split(".")
    if len(parts) < 2 or not all(parts):
        return None
    node = schema
    for part in parts:
        properties = _resolve(node).get("properties")
        if not isinstance(properties, dict) or part not in properties:
            return None
        node = properties[part]
    return parts


def _resolve(node: object) -> dict[str, Any]:
    """A schema node with its local ``$ref`` followed (``#/$defs/…``)."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        target: object = declaration_schema()
        for step in node["$ref"][2:].split("/"):
            target = target.get(step, {}) if isinstance(target, dict) else {}
        node = target
    return node if isinstance(node, dict) else {}


def _explain(kind: str, expected: Any, value: Any, meaning: str | None) -> tuple[str, dict[str, Any]]:
    """(message code, parameters) of one failed keyword."""
    if kind == "required":
        present = value if isinstance(value, dict) else {}
        return "schema.required", {"keys": [key for key in expected if key not in present] or ["?"]}
    if kind == "type":
        expected = [t for t in ([expected] if isinstance(expected, str) else expected) if t != "null"]
        if "object" in expected and isinstance(value, str) and _NO_SPACE.match(value):  # "id:mon-id"
            key, _, rest = value.partition(":")
            return "schema.missing_space", {"value": value, "fix": f"{key}: {rest}"}
        equals = _EQUALS.fullmatch(value) if "object" in expected and isinstance(value, str) else None
        if equals:  # "id = mon-id", "id：mon-id"
            return "schema.key_equals", {"value": value, "fix": f"{equals.group(1)}: {equals.group(2)}"}
        dashed = _dashed(value) if "array" in expected else None
        if dashed:  # "-date: 2024-01-10" (no space after the dash): a mapping, not a list
            return "schema.dash_space", dashed
        glued = _comment_glued(value, expected)
        if glued:  # "true#vu en comité": "#" opens a comment only after a space
            return "schema.comment_glued", glued
        written = number_meant(value) if {"number", "integer"} & set(expected) else None
        if written is not None:  # "502 310,00", "925 000 €", "7,2"
            code = "schema.number_written" if written[1] is None else "schema.number_ambiguous"
            return code, {"value": value, "write": written[0], "other": written[1]}
        meant = boolean_meant(value) if "boolean" in expected else None
        if meant is not None:  # oui, non, yes, "true"…
            quoted = value.strip().lower() in ("true", "false")  # "true": text, for its quotes
            code = "schema.boolean_quoted" if quoted else "schema.boolean_word"
            return code, {"value": value, "write": "true" if meant else "false"}
        return "schema.type", {"expected": expected, "found": _type_name(value)}
    if meaning == "date" and kind in ("format", "pattern"):  # one message for both keywords
        iso = iso_date_meant(value)
        if iso is not None:
            return "schema.date_day_first", {"value": value, "write": iso}
        iso = worded_date_meant(value)
        if iso is not None:  # "24 janvier 2024"
            return "schema.date_words", {"value": value, "write": iso}
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


def _comment_glued(value: object, expected: list[str]) -> dict[str, object] | None:
    """``true#vu`` where a boolean or a number is expected: the value before a ``#`` glued to
    it is right, the rest was meant as a comment."""
    if not isinstance(value, str) or "#" not in value:
        return None
    before, _, after = value.partition("#")
    before = before.strip()
    right = ("boolean" in expected and before in ("true", "false")) or (
        {"number", "integer"} & set(expected) and re.fullmatch(r"-?\d+(\.\d+)?", before) is not None
    )
    return {"value": value, "write": f"{before} #{after}"} if right else None


def _dashed(value: object) -> dict[str, object] | None:
    """``{"-date": "2024-01-10"}``: the first key that is a list item's dash glued to its key."""
    if not isinstance(value, dict):
        return None
    for key, item in value.items():
        if isinstance(key, str) and re.match(r"-[^\s-]", key):
            shown = "…" if item is None or isinstance(item, dict | list) else item
            return {"key": key, "fix": f"- {key[1:]}: {shown}"}
    return None


def _type_name(value: object) -> str:
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
