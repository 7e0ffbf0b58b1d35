"""Findings capped per file like errors: 12,500 exemptions (one stale finding each) no longer
give megabytes of report. Each rule lists at most MAX_FINDINGS findings; one more counts the
rest, in every format, at the line of the first left out, with the shape every finding has."""

import json
from types import SimpleNamespace

import pytest
from conftest import AS_OF, FIXTURES

from checker.cli.main import FORMATS, main
from checker.foundation.messages import MAX_FINDINGS
from checker.judging.evaluate import capped
from checker.judging.model import Finding, failure_groups

EXEMPTIONS = 12_500
BASE = (FIXTURES / "examples" / "exemple-conforme.yaml").read_text(encoding="utf-8")
STALE = "  - {obligation: approach, reason: r, approved_by: a, expires_on: 2030-01-01}\n"
LEFT = EXEMPTIONS - MAX_FINDINGS


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """One run writing every format of a 0.9 MB declaration with 12,500 stale exemptions."""
    directory = tmp_path_factory.mktemp("cap")
    declaration = directory / "many.yaml"
    declaration.write_text(BASE + "exemptions:\n" + STALE * EXEMPTIONS, encoding="utf-8")
    assert 900_000 < declaration.stat().st_size < 1024 * 1024
    others = [f"--report={fmt}:{directory / ('report.' + fmt)}" for fmt in FORMATS if fmt != "json"]
    code = main(
        [
            "check",
            str(declaration),
            "--as-of",
            AS_OF.isoformat(),
            "--format",
            "json",
            "--output",
            str(directory / "report.json"),
            *others,
        ]
    )
    assert code == 0  # stale exemptions warn; nothing fails
    first_line = BASE.count("\n") + 2  # the first exemption
    return directory, first_line


def test_the_json_report_lists_twenty_findings_of_a_rule_and_counts_the_rest(reports):
    directory, first_line = reports
    raw = (directory / "report.json").read_bytes()
    assert len(raw) < 64_000  # 6.5 MB before the cap
    [decl] = json.loads(raw)["declarations"]
    stale = [f for f in decl["findings"] if f["rule"] == "exemption-stale"]
    assert len(stale) == MAX_FINDINGS + 1
    assert [f["line"] for f in stale] == [first_line + n for n in range(MAX_FINDINGS + 1)]
    last = stale[-1]
    assert last["message"] == (
        f"… et {LEFT} autres constats de la règle exemption-stale dans ce fichier (non listés : 20 au plus par règle)"
    )
    assert set(last) == set(stale[0]) - {"fix"} and last["cause"] == "exemption" and last["outcome"] == "warn"
    assert last["obligation"] == "approach" and decl["obligations"]["approach"] == "warn"


@pytest.mark.parametrize("fmt", [fmt for fmt in FORMATS if fmt != "json"])
def test_every_format_shows_the_count_and_stays_small(reports, fmt):
    directory, _ = reports
    content = (directory / f"report.{fmt}").read_text(encoding="utf-8")
    assert len(content.encode()) < 300_000, len(content)  # the table alone was 2.8 MB
    assert f"{LEFT} autres constats de la règle exemption-stale" in content


def test_the_capped_report_is_the_same_on_every_run(reports, capsys):
    directory, _ = reports
    assert main(["check", str(directory / "many.yaml"), "--as-of", AS_OF.isoformat(), "--format", "json"]) == 0
    assert capsys.readouterr().out.encode() == (directory / "report.json").read_bytes()


def _finding(rule: str, outcome: str, line: int, cause: str = "breach", obligation: str = "x") -> Finding:
    return Finding(rule, obligation, "error", outcome, f"{rule} {line}", "ref", "p", line, 1, None, cause, fix="do")


def test_the_cap_keeps_every_rule_under_it_and_every_verdict_group():
    many = [_finding("stale", "warn", n, "exemption") for n in range(3 * MAX_FINDINGS)]
    fails = [_finding("f1", "fail", 1000, "missing", "a"), _finding("f2", "fail", 1001, "breach", "b")]
    findings = many[:5] + fails + many[5:]
    kept = capped(findings, "en")
    assert kept[:5] == many[:5] and kept[5:7] == fails  # order kept, other rules untouched
    assert [f.line for f in kept[7:]] == list(range(5, MAX_FINDINGS + 1))
    assert (
        kept[-1].message
        == f"… and {2 * MAX_FINDINGS} more findings of rule stale in this file (not listed: at most 20 per rule)"
    )
    assert kept[-1].fix is None and kept[-1].cause == "exemption"
    obligations = {"a": "fail", "b": "fail"}
    groups = failure_groups(SimpleNamespace(findings=findings, obligations=obligations))
    assert (
        groups
        == failure_groups(SimpleNamespace(findings=kept, obligations=obligations))
        == {"a": "missing", "b": "breach"}
    )
    under = many[:MAX_FINDINGS] + fails
    assert capped(under, "fr") is under  # at the cap: nothing changes
