"""Rule files are data, validated at start-up: a broken one is a clear error, never a silent skip."""

import shutil

import pytest
from conftest import ROOT, run_cli

from checker.rules import RuleFileError, load_catalog


@pytest.fixture
def rules_copy(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    return target


def edit(path, old, new):
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_catalogue_matches_the_spec(catalog):
    from checker.schema import declaration_schema

    exemptable = declaration_schema()["properties"]["exemptions"]["items"]["properties"]["obligation"]["enum"]
    assert sorted(catalog.obligation_ids) == sorted(exemptable)
    assert all(o.rules for o in catalog.obligations)
    # report.md: a failure is an error, a warning a warning; both kinds exist
    pairs = {(rule.outcome, rule.severity) for rule in catalog.rules.values()}
    assert pairs == {("fail", "error"), ("warn", "warning")}


def test_findings_carry_their_rule_files_outcome_and_severity(check_text, catalog):
    import yaml

    declared = {
        r["id"]: r["outcome"]
        for f in sorted((ROOT / "rules").glob("[!_]*.yaml"))
        for r in yaml.safe_load(f.read_text(encoding="utf-8"))["rules"]
    }
    assert declared.keys() == catalog.rules.keys()
    result = check_text(
        "schema_version: 1\nstartup: {id: t, phases: [{name: construction, start: 2024-01-01}]}\n"
        "team: {sponsor: {name: S}}\n"
    )
    assert {f.outcome for f in result.findings} == {"fail", "warn"}
    for finding in result.findings:
        assert finding.outcome == declared[finding.rule]
        assert finding.severity == {"fail": "error", "warn": "warning"}[finding.outcome]


@pytest.mark.parametrize(
    "file, old, new, needle",
    [
        (
            "intrapreneur.yaml",
            "fact: intrapreneur_named",
            "fact: intrapreneur_nmed",
            "unknown fact 'intrapreneur_nmed'",
        ),
        ("intrapreneur.yaml", "is: false}", "is: 'false'}", "does not fit bool fact"),
        ("intrapreneur.yaml", "outcome: fail", "outcome: error", "'error' is not one of"),
        ("investment-committee.yaml", "months: 6", "months: six", "not of type 'integer'"),
        ("investment-committee.yaml", "due: committee\n", "due: comittee\n", "not a deadline of this obligation"),
        ("sponsor.yaml", "id: sponsor-named", "id: intrapreneur-named", "already used"),
        ("observatoire.yaml", "lt: 98.5", "lt: 98.5000001", "at most six decimals"),
        ("product-page.yaml", "{due_on}", "{due_date}", "unknown placeholder"),
        ("jdma.yaml", "obligation: jdma", "obligation: jdmaa", "must live in jdmaa.yaml"),
        ("jdma.yaml", "  - id: jdma-button", "  - id: jdma-button\n    severity: high", "Additional properties"),
    ],
)
def test_broken_rule_file_is_a_clear_startup_error(rules_copy, file, old, new, needle):
    edit(rules_copy / file, old, new)
    with pytest.raises(RuleFileError) as info:
        load_catalog(rules_copy)
    assert needle in str(info.value) and info.value.file.name in (file, "rules")
    assert info.value.line >= 1


def test_a_threshold_is_a_one_line_change(rules_copy, tmp_path):
    edit(rules_copy / "convention-in-force.yaml", "ge: 0, le: 60}", "ge: 0, le: 90}")
    catalog = load_catalog(rules_copy)
    import datetime as dt

    from checker.evaluate import Evaluator

    decl = tmp_path / "d.yaml"
    decl.write_text("schema_version: 1\nstartup: {id: t}\nconvention: {signed_on: 2024-01-01, ends_on: 2025-04-10}\n")
    assert Evaluator(catalog, dt.date(2025, 1, 15)).check_file(decl).obligations["convention-in-force"] == "warn"
    assert (
        Evaluator(load_catalog(ROOT / "rules"), dt.date(2025, 1, 15))
        .check_file(decl)
        .obligations["convention-in-force"]
        == "pass"
    )


def test_missing_obligation_file_is_an_error(rules_copy):
    (rules_copy / "jdma.yaml").unlink()
    with pytest.raises(RuleFileError, match="missing \\['jdma'\\]"):
        load_catalog(rules_copy)


def test_cli_reports_broken_rules_in_one_sentence(rules_copy):
    edit(rules_copy / "sponsor.yaml", "outcome: warn", "outcome: [warn")
    code, out, err = run_cli("check", "fixtures/examples", "--rules", str(rules_copy))
    assert code == 2 and "sponsor.yaml" in err and "Traceback" not in err and out == ""
