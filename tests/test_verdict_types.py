"""Verdicts in one module; exemption findings described once, in the catalogue."""

import io
import shutil

import pytest
from conftest import ROOT

from checker.foundation.messages import text
from checker.foundation.verdicts import VERDICTS, Status, Verdict, look, worst
from checker.judging.model import Finding
from checker.judging.rules import EXEMPTION_RULE_IDS, RuleFileError, load_catalog
from checker.reporting import docs


def test_verdicts_worst_first_and_words_in_both_languages():
    assert [v.value for v in VERDICTS] == ["fail", "warn", "waived", "pass", "not-applicable"]
    for verdict in Verdict:
        assert (
            text(f"verdict.{verdict}", "fr")
            == verdict.word("fr")
            != verdict.word("en")
            == text(f"verdict.{verdict}", "en")
        )
    for status in Status:
        assert text(f"status.{status}", "fr") == status.word("fr")


def test_worst_is_the_highest_rank():
    assert worst(["pass", "warn", "waived"]) == Verdict.WARN
    assert worst(["pass", "fail", "warn"]) == Verdict.FAIL
    assert worst([]) == Verdict.NOT_APPLICABLE
    assert worst(["not-applicable", "pass"]) == Verdict.PASS


def test_reported_verdicts_have_marks_levels_and_severities():
    assert look("fail").sarif == "error" and look("warn").sarif == "warning" and look("waived").sarif == "note"
    assert look("pass").github is None and look("waived").github == "notice"
    assert Verdict.FAIL.look.severity == "error" and Verdict.WARN.look.severity == "warning"
    assert len({v.look.mark for v in Verdict}) == len(Verdict) == len({v.look.icon for v in Verdict})
    with pytest.raises(ValueError):
        look("failed")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_due_date_added_once_unless_the_message_shows_it(lang):
    shown = Finding("r", "o", "error", "fail", "Due 2025-03-01.", "art", "p", 1, 1, "2025-03-01")
    assert shown.with_due(lang) == "Due 2025-03-01."
    hidden = Finding("r", "o", "error", "fail", "Late.", "art", "p", 1, 1, "2025-03-01")
    assert hidden.with_due(lang) == f"Late. ({text('word.due_on', lang)} 2025-03-01)"
    assert Finding("r", "o", "error", "fail", "Late.", "art", "p", 1, 1).with_due(lang) == "Late."


def test_exemption_rules_come_from_the_catalogue(catalog):
    assert tuple(catalog.exemption_rules) == EXEMPTION_RULE_IDS
    for rule_id, rule in catalog.exemption_rules.items():
        page = docs.explain(catalog, rule_id, "fr")
        assert page is not None and rule.message["fr"] in page and rule_id in page
        assert docs.explain(catalog, rule_id, "en") != page


@pytest.mark.parametrize("change", ["delete", "rename"])
def test_exemption_rules_file_must_describe_every_finding(tmp_path, change):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    file = rules / "_exemptions.yaml"
    if change == "delete":
        file.unlink()
    else:
        file.write_text(
            file.read_text(encoding="utf-8").replace("id: exemption-stale", "id: exemption-useless"), encoding="utf-8"
        )
    with pytest.raises(RuleFileError, match="_exemptions.yaml"):
        load_catalog(rules)


def test_sarif_describes_exemption_findings_from_the_catalogue(check_text, catalog):
    import json

    from checker.judging.model import Report
    from checker.reporting import Context, render

    result = check_text("""schema_version: 1
startup: {id: demo, title: Démo, phases: [{name: investigation, start: 2024-01-01}]}
exemptions:
  - {obligation: franceconnect, reason: r, approved_by: a, expires_on: 2024-01-01}
""")
    assert not result.errors and any(f.rule == "exemption-expired" for f in result.findings)
    report = Report("2025-01-15", "fr")
    report.declarations.append(result)
    out = io.StringIO()
    render("sarif", report, Context(catalog, "fr"), out)
    run = json.loads(out.getvalue())["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for rule_id in EXEMPTION_RULE_IDS:
        assert rule_id in ids
    expired = next(r for r in run["results"] if r["ruleId"] == "exemption-expired")
    assert ids[expired["ruleIndex"]] == "exemption-expired"
    # the date is already written: what to do is in the message, no key to write follows it
    assert expired["message"]["text"] == catalog.exemption_rules["exemption-expired"].message["fr"].format(
        expires_on="2024-01-01"
    )
