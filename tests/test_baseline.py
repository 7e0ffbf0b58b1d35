"""--baseline: what changed since the previous report, in table, markdown and html."""

import json

import pytest
from conftest import ROOT, run_cli

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


def test_the_machine_formats_tell_a_new_failure_from_the_others(tmp_path):
    """New-user trial: with --fail-on new in CI, `github` and SARIF showed 28 findings and no way
    to see the one that blocked. SARIF gives each result its baselineState, the annotation of a
    new one says so in its title; without a baseline neither appears."""
    baseline = previous_report(tmp_path, "2024-12-01")
    args = ("check", "fixtures/examples", "--as-of", "2025-01-15", "--baseline", str(baseline))
    _, sarif, _ = run_cli(*args, "--format", "sarif")
    log = json.loads(sarif)
    from jsonschema import Draft4Validator

    schema = json.loads((ROOT / "tests" / "data" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))
    assert not list(Draft4Validator(schema).iter_errors(log))  # baselineState is SARIF's own property
    results = log["runs"][0]["results"]
    states = {(r["properties"]["startup"], r["ruleId"]): r["baselineState"] for r in results if "properties" in r}
    assert states[("api-engagement", "committee-overdue")] == "new"
    assert "unchanged" in states.values() and set(states.values()) <= {"new", "unchanged"}
    _, github, _ = run_cli(*args, "--format", "github")
    new = [line for line in github.splitlines() if "— nouveau" in line]
    assert new and all(line.startswith(("::error", "::warning")) for line in new)
    assert any("title=investment-committee (committee-overdue) — nouveau" in line for line in new)
    _, plain, _ = run_cli("check", "fixtures/examples", "--as-of", "2025-01-15", "--format", "sarif")
    assert all("baselineState" not in r for r in json.loads(plain)["runs"][0]["results"])


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


def test_a_fifo_or_a_device_as_baseline_is_one_sentence_and_never_read(tmp_path):
    import os

    fifo = tmp_path / "baseline.json"
    os.mkfifo(fifo)  # nobody writes to it: opening it for reading would wait for ever
    for path in (fifo, "/dev/zero"):  # /dev/zero: read whole, it would never end
        code, out, err = run_cli("check", EXAMPLE, "--baseline", str(path))
        assert code == 2 and out == ""
        assert err.strip().splitlines() == [
            f"conformite: rapport de référence illisible {path} : ce n'est pas un fichier ordinaire"
        ]
    assert run_cli("check", EXAMPLE, "--baseline", "/dev/zero", "--lang", "en")[2].strip().splitlines() == [
        "conformite: cannot read the baseline report /dev/zero: not a regular file"
    ]


def test_a_baseline_nested_too_deep_or_too_large_is_one_sentence(tmp_path, monkeypatch):
    from checker.reporting import baseline

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    code, out, err = run_cli("check", EXAMPLE, "--baseline", str(deep))
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.strip().splitlines() == [
        f"conformite: rapport de référence illisible {deep} : JSON trop imbriqué (plus de 64 niveaux) : refusé"
    ]
    monkeypatch.setattr(baseline, "MAX_BYTES", 1000)
    with pytest.raises(baseline.BaselineError) as error:
        baseline.load_baseline(deep, "en")
    assert str(error.value) == "file too large (400000 bytes, limit 1000): it was not read"


def test_a_baseline_that_is_not_a_report_is_said_in_either_language(tmp_path):
    from checker.reporting.baseline import BaselineError, load_baseline

    other = tmp_path / "other.json"
    other.write_text('{"report_version": 2, "declarations": []}')
    for lang, said in (
        ("fr", "ce n'est pas un rapport JSON de conformite (report_version 1)"),
        ("en", "not a conformite JSON report (report_version 1)"),
    ):
        with pytest.raises(BaselineError) as error:
            load_baseline(other, lang)
        assert str(error.value) == said
    other.write_text('{"declarations": [], "report_version": 1, "x": NaN}')  # strict JSON: no NaN
    with pytest.raises(BaselineError) as error:
        load_baseline(other)
    assert str(error.value).startswith("JSON illisible ligne 1")
    assert run_cli("check", EXAMPLE, "--baseline", str(tmp_path / "missing.json"))[2].strip().splitlines() == [
        f"conformite: rapport de référence illisible {tmp_path / 'missing.json'} : fichier illisible (fichier ou dossier introuvable)"
    ]
