"""The fast schema check says "valid" exactly when jsonschema does."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_differential import declaration

from checker.reading.fastschema import compile_schema
from checker.reading.loader import load_text
from checker.reading.schema import _validator, validate
from checker.reading.schemas import declaration_schema


def _names(node, out):
    if isinstance(node, dict):
        out.update(node.get("properties", {}))
        for value in node.values():
            _names(value, out)
    return out


KEYS = sorted(_names(declaration_schema(), set())) + ["typo", "comittees"]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 10**16),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            "yes",
            "2024-02-30",
            "2024-02-29",
            "2024-1-1",
            "api-engagement",
            "Bad Id",
            "planned",
            "abc\n",
            "l'appli",
            "a/b",
            "increase",
            "decrease",
            "https://www.data.gouv.fr/x",
            "partiellement conforme",
            "franceconnect",
            "jdma",
            "acceleration",
            "success",
        ]
    ),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
    max_leaves=12,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


def _replace(doc, path, new):
    if not path:
        return new
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = new
    return doc


FAST = compile_schema(declaration_schema())


def agree(doc):
    assert FAST(doc) == _validator().is_valid(doc), doc


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(doc=declaration, data=st.data())
def test_agrees_on_mutated_declarations(doc, data):
    agree(doc)
    path = data.draw(st.sampled_from(list(_paths(doc))))
    mutated = _replace(doc, path, data.draw(JSON))
    agree(mutated)
    if isinstance(mutated, dict):
        agree(dict(mutated, **{data.draw(st.sampled_from(KEYS)): data.draw(JSON)}))


@given(
    doc=st.fixed_dictionaries(
        {
            "schema_version": st.sampled_from([1, 1.0, True, "1", 2]),
            "startup": st.dictionaries(st.sampled_from(KEYS + ["id"]), JSON, max_size=3),
        },
        optional=dict.fromkeys(KEYS[:12], JSON),
    )
)
def test_agrees_on_arbitrary_documents(doc):
    agree(doc)


def test_unknown_keyword_is_refused():
    with pytest.raises(ValueError, match="does not know"):
        compile_schema({"type": "object", "patternProperties": {}})


def test_invalid_document_still_gets_located_errors():
    doc, _ = load_text("schema_version: 1\nstartup: {id: x}\nbudget:\n  allocated: lots\n")
    problems = validate(doc)
    assert [(p.code, p.path, p.line) for p in problems] == [("schema.type", "budget.allocated", 4)]


def _rule_documents():
    import yaml
    from conftest import ROOT

    return [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "rules").glob("*.yaml"))
        if not p.name.startswith("_")
    ]


RULE_DOCS = _rule_documents()
RULE_KEYS = [
    "obligation",
    "order",
    "article",
    "title",
    "convention_text",
    "how_to_comply",
    "applies_when",
    "deadlines",
    "rules",
    "id",
    "outcome",
    "when",
    "due",
    "path",
    "message",
    "fr",
    "en",
    "from",
    "months",
    "against",
    "Bad-Name",
    "extra",
]
RULE_JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(RULE_KEYS), inner, max_size=4)
    ),
    max_leaves=10,
)


@given(data=st.data())
def test_agrees_on_mutated_rule_files(data):
    import copy

    from checker.reading.schema import whole_value_validator  # jsonschema, patterns read as JSON Schema reads "$"
    from checker.reading.schemas import rule_file_schema

    schema = rule_file_schema()
    fast, slow = compile_schema(schema), whole_value_validator()(schema)
    doc = copy.deepcopy(data.draw(st.sampled_from(RULE_DOCS)))
    assert fast(doc) and slow.is_valid(doc)
    mutated = _replace(doc, data.draw(st.sampled_from(list(_paths(doc)))), data.draw(RULE_JSON))
    assert fast(mutated) == slow.is_valid(mutated), mutated


KEYWORD_CASES = [
    ({"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}}, [{"ok": 1}, {"Bad-Name": 1}, {}, "ok", []]),
    ({"type": "object", "additionalProperties": {"type": "integer"}}, [{"a": 1}, {"a": "x"}, {"a": 1.0}, {"a": True}]),
    ({"type": "object", "additionalProperties": False, "properties": {"a": {}}}, [{"a": None}, {"b": 1}, None, 5]),
    ({"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}, [[], ["x"], [""], ["é"], "x", {}]),
    ({"items": {"type": "string"}}, [["x"], [1], "x", {"a": 1}, None]),
    ({"properties": {"a": {"type": "string"}}}, [{"a": "x"}, {"a": 1}, "x", [1], None]),
    ({"type": "object", "required": ["a"]}, [{}, {"a": None}, []]),
    ({"enum": [1, "x", None]}, [1, True, 1.0, "x", None, "y"]),
    ({"const": 1}, [1, 1.0, True, "1"]),
    ({"type": ["number", "null"], "minimum": 0, "maximum": 10}, [0, -1, 10.5, None, False, "3"]),
    ({"type": "string", "format": "date", "pattern": "^[0-9]{4}"}, ["2024-02-29", "2024-02-30", "x", 5]),
    (
        {
            "type": ["object", "null"],
            "anyOf": [
                {"properties": {"years": {"type": "null"}}},
                {"properties": {"allocated": {"type": "null"}, "committed": {"type": "null"}}},
            ],
        },
        [
            {},
            None,
            {"years": []},
            {"allocated": 1},
            {"years": [], "allocated": 1},
            {"years": None, "allocated": 1},
            {"years": [1], "allocated": None, "committed": None},
            {"years": [], "committed": 0},
        ],
    ),
    (
        {"type": "string", "pattern": "^[^\\s\\u0000-\\u001f\\u007f-\\u009f/\\\\]{1,100}(?![\\s\\S])"},
        ["abc", "abc\n", "\nabc", "a b", "a/b", "a\\b", "l'é.t_É", "x" * 100, "x" * 101, "", "a\u0085", "a\u00a0"],
    ),
]


VALUES = [None, True, False, 0, 1, -2.5, 3.0, "", "x", "2024-02-29", [], ["x"], {}, {"a": 1}]
KINDS = ["object", "array", "string", "boolean", "null", "number", "integer"]


@pytest.mark.parametrize(
    "kinds",
    [[kind] for kind in KINDS]
    + [[kind, "null"] for kind in KINDS if kind != "null"]
    + [["string", "boolean"], ["object", "array", "null"], ["boolean", "number"], ["integer", "string", "null"]]
    + [KINDS],
)
def test_type_lists_agree_with_jsonschema(kinds):
    """One test for a list of types (text or null, the usual case), as for each type alone."""
    from jsonschema import Draft202012Validator

    slow, fast = Draft202012Validator({"type": kinds}), compile_schema({"type": kinds})
    for instance in VALUES:
        assert fast(instance) == slow.is_valid(instance), (kinds, instance)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5])
def test_any_and_all_of_any_number_of_checks(count):
    """anyOf with 1 to 5 branches, and 1 to 5 keywords on one node (all must hold)."""
    from jsonschema import Draft202012Validator

    branches = [{"const": value} for value in ("a", 1, None, True, [])[:count]]
    keywords = dict(
        list({"type": "string", "minLength": 2, "pattern": "^x", "enum": ["xy", "xz", "x"], "const": "xy"}.items())[
            :count
        ]
    )
    for schema in ({"anyOf": branches}, keywords):
        slow, fast = Draft202012Validator(schema), compile_schema(schema)
        for instance in VALUES + ["xy", "xz", "a", "xx"]:
            assert fast(instance) == slow.is_valid(instance), (schema, instance)


def test_startup_id_keyword_case_is_the_schemas():
    assert (
        KEYWORD_CASES[-1][0]["pattern"] == declaration_schema()["properties"]["startup"]["properties"]["id"]["pattern"]
    )


@pytest.mark.parametrize("schema, instances", KEYWORD_CASES)
def test_each_keyword_agrees_with_jsonschema(schema, instances):
    from jsonschema import Draft202012Validator, FormatChecker

    from checker.foundation.dates import parse_date

    formats = FormatChecker(formats=())
    formats.checks("date")(lambda v: not isinstance(v, str) or parse_date(v) is not None)
    slow, fast = Draft202012Validator(schema, format_checker=formats), compile_schema(schema)
    for instance in instances:
        assert fast(instance) == slow.is_valid(instance), (schema, instance)
