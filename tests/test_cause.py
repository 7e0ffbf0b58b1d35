"""Findings say why they fail: ``cause`` is data in the rule files, validated at start-up, and
human reports tell "à compléter" (missing) from "manquement" (breach, deadline, exemption)."""

import json

import pytest
from conftest import FIXTURES, ROOT, edit, run_cli

from checker.judging.rules import RuleFileError, load_catalog

RULES_DIR = FIXTURES / "rules"
MINIMAL = "schema_version: 1\nstartup: {id: t, phases: [{name: acceleration, start: 2024-01-01}]}\n"


def _rule_finding(catalog, obligation, rule, lang="fr"):
    from conftest import AS_OF

    from checker.judging.evaluate import Evaluator

    result = Evaluator(catalog, AS_OF, lang).check_file(RULES_DIR / obligation / f"{rule.id}.fail.yaml")
    return next(f for f in result.findings if f.rule == rule.id)


def test_every_fail_fixture_finding_has_its_rule_files_cause(catalog):
    import yaml

    declared = {}
    for path in sorted((ROOT / "rules").glob("[!_]*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            declared[item["id"]] = item["cause"]
    assert declared.keys() == catalog.rules.keys()
    seen = set()
    for obligation in catalog.obligations:
        for rule in obligation.rules:
            finding = _rule_finding(catalog, obligation.id, rule)
            expected = declared[rule.id]
            if isinstance(expected, list):  # the fixture states the fact, or leaves it out
                assert finding.cause in {alt["cause"] for alt in expected}, rule.id
            else:
                assert finding.cause == expected, rule.id
            seen.add(finding.cause)
    assert seen == {"missing", "breach", "deadline"}


@pytest.mark.parametrize(
    "obligation, fragment, cause",
    [
        ("approach", "commitments: {approach: false}\n", "breach"),
        ("approach", "", "missing"),
        ("manifesto", "commitments: {manifesto: false}\n", "breach"),
        ("manifesto", "commitments: {approach: true}\n", "missing"),
        ("convention-in-force", "", "missing"),
        ("convention-in-force", "convention: {signed_on: 2024-01-01}\n", "missing"),
        ("convention-in-force", "convention: {signed_on: 2023-01-01, ends_on: 2024-06-30}\n", "deadline"),
        ("intrapreneur", "team: {intrapreneur: {name: Jeanne Martin, public_agent: false}}\n", "breach"),
        ("investment-committee", "", "missing"),  # no committee declared: to complete, not late
        (
            "investment-committee",
            "committees:\n- {date: 2024-01-10, chaired_by_partner: true, dinum_present: true,"
            " indicators: [{name: n, result: 1, objective_6_months: 2}]}\n",
            "deadline",
        ),
    ],
)
def test_cause_tells_a_missing_fact_from_a_stated_breach(check_text, obligation, fragment, cause):
    result = check_text(MINIMAL + fragment)
    causes = {f.cause for f in result.findings if f.obligation == obligation and f.outcome == "fail"}
    assert causes == {cause}


def test_exemption_findings_have_cause_exemption_and_waived_keep_theirs(check_text):
    result = check_text(
        MINIMAL + "commitments: {approach: false}\n"
        "exemptions:\n- {obligation: approach, reason: r, approved_by: a, expires_on: 2026-01-01}\n"
        "- {obligation: sponsor, reason: r}\n"
    )
    approach = [f for f in result.findings if f.obligation == "approach"]
    assert [(f.outcome, f.cause) for f in approach] == [("waived", "breach")]
    sponsor = [f for f in result.findings if f.rule == "exemption-invalid"]
    assert [(f.outcome, f.cause) for f in sponsor] == [("warn", "exemption")]


def test_json_cause_on_problems_only_and_pass_rows_without_it(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(MINIMAL + "commitments: {approach: true, manifesto: false}\n", encoding="utf-8")
    code, out, err = run_cli("check", str(path), "--as-of", "2025-01-15", "--format", "json", "--verbose")
    assert code == 1, err
    findings = json.loads(out)["declarations"][0]["findings"]
    for f in findings:
        if f["outcome"] in ("fail", "warn", "waived"):
            assert f["cause"] in ("missing", "breach", "deadline", "exemption")
        else:
            assert "cause" not in f
    by_rule = {f["rule"]: f for f in findings}
    assert by_rule["manifesto-adherence"]["cause"] == "breach"
    assert by_rule["sponsor-named"]["cause"] == "missing"
    assert "cause" not in by_rule["approach-commitment"]


@pytest.mark.parametrize(
    "file, old, new, needle",
    [
        ("sponsor.yaml", "    cause: missing\n", "", "'cause' is a required property"),
        ("sponsor.yaml", "cause: missing", "cause: absent", "cause"),
        ("sponsor.yaml", "cause: missing", "cause: exemption", "cause"),
        ("approach.yaml", "{cause: breach}]", "{if: {fact: active, is: true}, cause: breach}]", "last cause"),
        (
            "approach.yaml",
            "fact: commitments_approach, absent: true}, cause",
            "fact: commitmnts, absent: true}, cause",
            "unknown fact",
        ),
        ("_exemptions.yaml", "cause: exemption", "cause: breach", "exemption"),
        ("_exemptions.yaml", "    cause: exemption\n", "", "'cause' is a required property"),
    ],
)
def test_a_rule_without_a_valid_cause_is_a_clear_startup_error(rules_copy, file, old, new, needle):
    edit(rules_copy / file, old, new)
    with pytest.raises(RuleFileError) as info:
        load_catalog(rules_copy)
    assert needle in str(info.value) and info.value.file.name == file and info.value.line >= 1


def test_table_and_markdown_split_failures_to_complete_from_breaches(tmp_path):
    (tmp_path / "a.yaml").write_text(MINIMAL.replace("id: t", "id: a"), encoding="utf-8")  # only missing facts
    (tmp_path / "b.yaml").write_text(
        MINIMAL.replace("id: t", "id: b") + "commitments: {approach: false}\n", encoding="utf-8"
    )
    code, table, _ = run_cli("check", str(tmp_path), "--as-of", "2025-01-15")
    assert code == 1
    assert "non conformes : 1 avec au moins un manquement, 1 seulement à compléter" in table
    rows = {line.split()[0]: line.split() for line in table.splitlines() if line.split()[:1] == ["approach"]}
    assert rows["approach"][-2:] == ["1", "1"]  # one startup to complete, one breach
    assert "a (accélération): non conforme — 13 à compléter, 0 manquement" in table
    assert "b (accélération): non conforme — 12 à compléter, 1 manquement" in table
    assert any(line.strip().startswith("✗ manquement ") and "approach" in line for line in table.splitlines())
    assert any(line.strip().startswith("✗ à compléter ") and "sponsor" in line for line in table.splitlines())
    _, table_en, _ = run_cli("check", str(tmp_path), "--as-of", "2025-01-15", "--lang", "en")
    assert "non-compliant: 1 with at least one breach, 1 only to complete" in table_en
    assert any(line.strip().startswith("✗ breach ") for line in table_en.splitlines())
    assert any(line.strip().startswith("✗ to complete ") for line in table_en.splitlines())
    _, md, _ = run_cli("check", str(tmp_path), "--as-of", "2025-01-15", "--format", "markdown")
    assert "❌ à compléter | ❌ manquement |" in md
    assert "| `approach` | 2 | 0 | 0 | 0 | 0 | 1 | 1 |" in md
    _, html, _ = run_cli("check", str(tmp_path), "--as-of", "2025-01-15", "--format", "html")
    assert 'data-obligation="approach" data-group="missing">1<' in html
    assert 'data-obligation="approach" data-group="breach">1<' in html
    assert html.count('class="v fail missing"') >= 1 and 'data-verdict="fail" data-group="breach"' in html
    assert html.count('class="pill non-compliant missing"') == 1  # a: only to complete; b: a breach


def test_sarif_and_explain_carry_the_cause(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(MINIMAL + "commitments: {approach: false}\n", encoding="utf-8")
    _, sarif, _ = run_cli("check", str(path), "--as-of", "2025-01-15", "--format", "sarif")
    results = json.loads(sarif)["runs"][0]["results"]
    causes = {r["ruleId"]: r["properties"]["cause"] for r in results}
    assert causes["approach-commitment"] == "breach" and causes["sponsor-named"] == "missing"
    code, out, _ = run_cli("explain", "approach-commitment")
    assert code == 0
    assert (
        "Cause d'un constat: la déclaration ne dit pas si l'approche Startup d'État est acceptée → à compléter (missing) ; manquement (breach)"
        in out
    )
    assert "Quand elle est respectée: « Le partenaire s'engage" in out
