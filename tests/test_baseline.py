"""--baseline: what changed since the previous report, in table, markdown and html."""

import json

from conftest import run_cli

EXAMPLE = "fixtures/examples/api-engagement.yaml"


def previous_report(tmp_path, as_of):
    code, text, _ = run_cli("check", "fixtures/examples", "--as-of", as_of, "--format", "json")
    path = tmp_path / "previous.json"
    path.write_text(text)
    return path


def test_changes_since_previous_committee(tmp_path):
    # December 2024: the committee of 2024-06-20 is due soon (warn); January 2025: overdue (fail)
    baseline = previous_report(tmp_path, "2024-12-01")
    code, table, _ = run_cli("check", "fixtures/examples", "--as-of", "2025-01-15", "--baseline", str(baseline))
    deltas = [" ".join(line.split()) for line in table.splitlines() if line.strip().startswith("Δ")]
    assert "Δ investment-committee nouveau : non respectée" in deltas
    assert "Δ convention-in-force nouveau : attention" in deltas
    code, md, _ = run_cli(
        "check", "fixtures/examples", "--as-of", "2025-01-15", "--baseline", str(baseline), "--format", "markdown"
    )
    assert "`investment-committee` nouveau (non respectée)" in md
    code, html, _ = run_cli(
        "check", "fixtures/examples", "--as-of", "2025-01-15", "--baseline", str(baseline), "--format", "html"
    )
    assert 'class="v fail new" data-obligation="investment-committee"' in html


def test_resolved_and_unchanged(tmp_path):
    baseline = previous_report(tmp_path, "2025-01-15")
    data = json.loads(baseline.read_text())
    jva = next(d for d in data["declarations"] if d["startup"] == "jeveuxaider")
    jva["obligations"]["franceconnect"] = "fail"  # as if it had failed before
    baseline.write_text(json.dumps(data))
    code, table, _ = run_cli(
        "check", "fixtures/examples", "--as-of", "2025-01-15", "--baseline", str(baseline), "--lang", "en"
    )
    deltas = [" ".join(line.split()) for line in table.splitlines() if line.strip().startswith("Δ")]
    assert deltas == ["Δ franceconnect resolved: pass"]  # everything else unchanged


def test_bad_baseline_is_one_sentence(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, out, err = run_cli("check", EXAMPLE, "--baseline", str(bad))
    assert code == 2 and "bad.json" in err and "Traceback" not in err and out == ""
    bad.write_text('{"hello": 1}')
    assert "report_version" in run_cli("check", EXAMPLE, "--baseline", str(bad))[2]
    assert run_cli("check", EXAMPLE, "--baseline", str(tmp_path / "missing.json"))[0] == 2
