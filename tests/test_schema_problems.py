"""Schema problems come from jsonschema's structured error fields and the schema's x-meaning,
never from its English message text."""

import json

from jsonschema import Draft202012Validator

from checker.foundation.messages import MESSAGES
from checker.reading import schema as schema_mod
from checker.reading.loader import load_text
from checker.reading.schema import PATTERN_MEANINGS
from checker.reading.schemas import declaration_schema


class _NoMessage:
    """A jsonschema error whose English text cannot be read."""

    def __init__(self, error):
        self._error = error

    def __getattr__(self, name):
        if name == "message":
            raise AssertionError("_problems read the English message")
        return getattr(self._error, name)


def _problems(schema: dict, text: str):
    doc, problems = load_text(text)
    assert not problems
    out = []
    for error in Draft202012Validator(schema).iter_errors(doc.data):
        out += schema_mod._problems(_NoMessage(error), doc)
    return out


def _nodes(node, key):
    if isinstance(node, dict):
        if key in node:
            yield node
        for value in node.values():
            yield from _nodes(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value, key)


def test_every_pattern_and_format_of_the_schema_says_what_it_means():
    schema = declaration_schema()
    for node in list(_nodes(schema, "pattern")) + list(_nodes(schema, "format")):
        assert node.get("x-meaning") in PATTERN_MEANINGS, node
    for meaning in PATTERN_MEANINGS:
        assert f"pattern.{meaning}" in MESSAGES


def test_the_real_schema_errors_are_read_without_the_message():
    text = (
        "schema_version: 1\nstartup: {id: '-bad id', phases: [{name: investigation, start: '2024-1-1'}]}\n"
        "exemptions: [{obligation: sponsr}]\n"
    )
    got = {(p.code, p.params.get("what"), p.path) for p in _problems(declaration_schema(), text)}
    assert ("schema.pattern", "pattern.startup_id", "startup.id") in got
    assert ("schema.date", None, "startup.phases[0].start") in got  # pattern and format: one message


def test_an_exemption_names_an_obligation_of_the_catalogue_in_use(check_text):
    """The rule files are the one list of obligations: the schema holds no copy of it, the
    evaluation checks an exemption's obligation against the catalogue, at its line, beside the
    schema's own errors."""
    alone = check_text("schema_version: 1\nstartup: {id: t}\nexemptions:\n  - {obligation: sponsr}\n")
    assert alone.status == "invalid"
    assert [(e.path, e.line, e.message) for e in alone.errors] == [
        ("exemptions[0].obligation", 4, "obligation inconnue « sponsr » — vouliez-vous dire « sponsor » ?")
    ]
    beside = check_text("schema_version: 1\nstartup: {id: '-bad id'}\nexemptions: [{obligation: 12}]\n")
    assert [(e.path, e.line) for e in beside.errors] == [("startup.id", 2), ("exemptions[0].obligation", 3)]
    assert check_text("schema_version: 1\nstartup: {id: t}\nexemptions: [{obligation: sponsor}]\n").errors == []


def test_a_pattern_without_meaning_is_not_taken_for_a_startup_id():
    schema = {"type": "object", "properties": {"code": {"type": "string", "pattern": "^[0-9]{4}[A-Z]$"}}}
    [problem] = _problems(schema, "code: nope\n")
    assert problem.code == "schema.other"
    assert problem.params["detail"] == 'pattern "^[0-9]{4}[A-Z]$"'
    meant = {"type": "object", "properties": {"code": {"type": "string", "pattern": "^x$", "x-meaning": "date"}}}
    [problem] = _problems(meant, "code: nope\n")
    assert (problem.code, problem.params["value"]) == ("schema.date", "nope")


def test_every_missing_required_key_is_named_from_the_instance():
    schema = {"type": "object", "required": ["a", "b", "c"]}
    problems = _problems(schema, "b: 1\n")
    assert {p.params["key"] for p in problems} == {"a", "c"}  # validate() keeps one per place and key
    assert {p.code for p in problems} == {"schema.required"}


def test_an_enum_is_an_obligation_only_when_the_schema_says_so():
    schema = {"type": "object", "properties": {"obligation": {"enum": ["alpha", "beta"]}}}
    [problem] = _problems(schema, "obligation: alpah\n")
    assert problem.code == "schema.enum" and problem.params["suggestion"] == "alpha"
    schema["properties"]["obligation"]["x-meaning"] = "obligation"
    [problem] = _problems(schema, "obligation: alpah\n")
    assert problem.code == "schema.obligation"


def test_fastschema_accepts_the_meaning_keyword():
    from checker.reading.fastschema import compile_schema

    check = compile_schema({"type": "string", "pattern": "^a$", "x-meaning": "date"})
    assert check("a") and not check("b")
    assert json.dumps(declaration_schema()).count('"x-meaning"') == 4  # date, startup id, obligation, budget forms


def test_slips_are_read_from_the_instance_and_the_nodes():
    """A number written as text, a glued dash, "key = value": from the instance (and, for a
    number a flow mapping's comma split, from the composed nodes), never from the message."""
    text = (
        "schema_version: 1\nstartup: {id: x}\nbudget: {allocated: 925 000 €, committed: 502310,00}\n"
        "objectives: [{id: o, label: 12,5}]\ncommittees:\n  -date: 2024-06-20\n"
    )
    got = {(p.code, p.path, p.params.get("fix")) for p in _problems(declaration_schema(), text)}
    assert got == {
        ("schema.number_written", "budget.allocated", "allocated: 925000"),
        ("schema.number_written", "budget.committed", "committed: 502310.00"),  # not "clé inconnue « 00 »"
        ("schema.type", "objectives[0].label", None),  # a text split by its comma: no number to suggest
        ("schema.unknown_key", "objectives[0].5", None),
        ("schema.dash_space", "committees", "- date: 2024-06-20"),
    }
    [problem] = _problems(declaration_schema(), "schema_version: 1\nstartup: id = x\n")
    assert (problem.code, problem.params["fix"]) == ("schema.key_equals", "id: x")


def test_thousands_of_unknown_obligations_cost_a_bounded_number_of_suggestions(check_text, monkeypatch):
    """Each unknown obligation of an exemption looks for its nearest id (difflib): 12,000 of them
    took 10 s of CPU. Only the first few get a "did you mean", as the schema's own unknown keys,
    and the count stops at MAX_COLLECTED, said as more errors not listed."""
    calls = []
    real = schema_mod.closest
    monkeypatch.setattr(schema_mod, "closest", lambda word, choices: calls.append(word) or real(word, choices))
    items = "".join(f"  - {{obligation: sponsr{i}}}\n" for i in range(3000))
    result = check_text("schema_version: 1\nstartup: {id: t}\nexemptions:\n" + items)
    assert result.status == "invalid"
    assert len(calls) == 4 * schema_mod.MAX_ERRORS
    assert result.errors[0].message == "obligation inconnue « sponsr0 » — vouliez-vous dire « sponsor » ?"
    assert schema_mod.MAX_COLLECTED < 3000 and result.errors[-1].message.startswith("… et plus de ")
