"""The JSON report is written with orjson; its bytes must stay those of the standard encoder,
``json.dumps(report, ensure_ascii=False, indent=2)`` and a newline (shared/spec/report.md)."""

import io
import json

import pytest
from conftest import AS_OF, FIXTURES
from hypothesis import given
from hypothesis import strategies as st

from checker.judging.model import DeclarationResult, Error, Finding, Report, Results
from checker.judging.run import run_check
from checker.reading.declarations import collect
from checker.reporting import Context, json_report, render
from checker.reporting.json_report import _dump, _item


def _reference(report: Report) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"


def _rendered(report: Report, catalog) -> str:
    out = io.StringIO()
    render("json", report, Context(catalog), out)
    return out.getvalue()


@pytest.mark.parametrize("lang, verbose", [("fr", False), ("en", True)])
def test_every_fixture_gives_the_standard_encoder_bytes(catalog, lang, verbose):
    targets = collect([str(FIXTURES), "no-such-file.yaml"])
    report = run_check(catalog, targets, AS_OF, lang, verbose=verbose)
    assert len(report.declarations) > 60
    text = _rendered(report, catalog)
    assert text == _reference(report)
    assert "\\u" in text or "é" in text  # the fixtures hold non-ASCII text, written as it is


def test_an_empty_report_gives_the_standard_encoder_bytes(catalog):
    report = run_check(catalog, [], AS_OF)
    assert _rendered(report, catalog) == _reference(report)


TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)  # lone surrogates cannot be UTF-8
SCALAR = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | TEXT
OPEN = st.recursive(
    SCALAR | st.floats(allow_nan=True, allow_infinity=True),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)


@st.composite
def declarations(draw):
    findings = [
        Finding(
            draw(TEXT),
            draw(TEXT),
            "error",
            draw(st.sampled_from(["fail", "warn", "waived", "pass"])),
            draw(TEXT),
            draw(TEXT),
            draw(TEXT),
            draw(st.integers(0, 2**66)),
            draw(st.integers(0, 10**6)),
            draw(st.none() | TEXT),
            draw(st.none() | st.just("evidence")),
            draw(st.none() | st.dictionaries(TEXT, OPEN, max_size=3)),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    errors = [Error(draw(TEXT), draw(TEXT), draw(st.integers(0, 99)), 1) for _ in range(draw(st.integers(0, 2)))]
    obligations = draw(st.dictionaries(TEXT, st.sampled_from(["fail", "pass", "not-applicable"]), max_size=4))
    return DeclarationResult(
        draw(TEXT),
        draw(st.none() | TEXT),
        "invalid",
        draw(st.none() | TEXT),
        obligations,
        findings,
        errors,
        draw(st.none() | TEXT),
    )


@given(declarations())
def test_any_declaration_gives_the_standard_encoder_bytes(result):
    """Stored once (orjson, or the standard encoder for what orjson would write otherwise),
    written back as the report's item with nothing encoded again."""
    expected = "    " + json.dumps(result.to_json(), ensure_ascii=False, indent=2).replace("\n", "\n    ")
    line = Results.encode(result)
    assert b"\n" not in line
    assert _item(line).decode("utf-8") == expected
    assert Results.decode(line) == result or any(f.evidence for f in result.findings)  # NaN != NaN


@given(OPEN, st.integers(0, 3))
def test_any_value_gives_the_standard_encoder_bytes(value, depth):
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)
    assert _dump(value, depth) == expected


@given(st.lists(declarations(), max_size=7))
def test_whole_reports_survive_the_spool_and_give_the_standard_encoder_bytes(results):
    """Declarations are read and written in batches (those the standard encoder must write
    alone break a batch): every batch size gives the same bytes."""
    report = Report(AS_OF.isoformat(), "fr", generator_version="0")
    for result in results:
        report.declarations.append(result)
    assert [d.to_json() for d in report.declarations] == [r.to_json() for r in results] or any(
        f.evidence for r in results for f in r.findings
    )
    default = json_report.BATCH
    try:
        for json_report.BATCH in (1, 2, 3, default):
            assert _rendered(report, None) == _reference(report), json_report.BATCH
    finally:
        json_report.BATCH = default


_FACT_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), st.text(max_size=30), st.floats()
)


@given(st.dictionaries(st.text(max_size=12), _FACT_VALUES, max_size=8))
def test_the_engine_gets_the_standard_encoder_text(payload):
    """The fact sent to durable_rules is written by orjson when that gives the standard
    encoder's compact text (what is not ASCII escaped, as in the ruleset), else by it."""
    from checker.judging.engine import _encode

    assert _encode(payload) == json.dumps(payload, separators=(",", ":"))
