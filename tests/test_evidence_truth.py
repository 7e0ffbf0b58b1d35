"""Evidence that says only what is so, on the real beta.gouv.fr pages and DashLord sample:
a confirmation of an obligation that does not apply is a note (never "✓ respectée"), a JUnit
case that does not apply stays skipped whatever notes it carries, and an observation whose
date is not known (only its file's modification time) is a note "non datée", never fresh."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT

from checker.cli.main import main
from checker.evidence import store

DASHLORD = ROOT.parent / "shared" / "data" / "dashlord"
CONTENT = ROOT.parent / "shared" / "data" / "betagouv" / "content"
SCAN = "2026-10-04"  # the sample's newest scan (its NOTICE.md)
AS_OF = "2026-10-10"


def _dashlord(portfolio, out, *extra):
    return main(
        [
            "evidence",
            "dashlord",
            str(DASHLORD / "results"),
            "--config",
            str(DASHLORD / "dashlord.yml"),
            "--declarations",
            str(portfolio),
            "--out",
            str(out),
            *extra,
        ]
    )


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    """mobilic and aplus as imported (neither is an online procedure: observatoire does not
    apply), and mobilic declaring the accessibility level its site shows ("non conforme")."""
    out = tmp_path_factory.mktemp("portfolio")
    args = ["import", "betagouv", str(CONTENT), "--out", str(out), "--startup", "mobilic", "--startup", "aplus"]
    assert main(args) == 0
    mobilic = out / "mobilic.yaml"
    text = mobilic.read_text(encoding="utf-8")
    assert "  status: partiellement conforme\n" in text
    mobilic.write_text(text.replace("  status: partiellement conforme\n", "  status: non conforme\n"), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def dated(portfolio, tmp_path_factory):
    out = tmp_path_factory.mktemp("evidence") / "dated"
    assert _dashlord(portfolio, out, "--observed-on", SCAN) == 0
    return out


def _json(portfolio, evidence, *extra):
    code = main(["check", str(portfolio), "--as-of", AS_OF, "--format", "json", "--evidence", str(evidence), *extra])
    assert code in (0, 1)


def _observatoire_evidence(report):
    [mobilic] = [d for d in report["declarations"] if d["startup"] == "mobilic"]
    return mobilic, [
        f for f in mobilic["findings"] if f.get("cause") == "evidence" and f["obligation"] == "observatoire"
    ]


def test_a_confirmation_of_an_obligation_that_does_not_apply_is_a_note(portfolio, dated, capsys):
    _json(portfolio, dated, "--verbose")
    mobilic, [confirmed] = _observatoire_evidence(json.loads(capsys.readouterr().out))
    assert mobilic["obligations"]["observatoire"] == "not-applicable"
    assert confirmed["outcome"] == "note" and confirmed["evidence"]["status"] == "confirmed"
    assert confirmed["message"] == (
        "accessibility.status : confirmé — le site affiche « non conforme » (DashLord declaration-a11y, le 2026-10-04, "
        "date donnée par --observed-on, la source n'en porte pas). "
        "Sans effet sur les verdicts : l'obligation observatoire est sans objet pour cette déclaration."
    )
    # like any confirmation, listed with --verbose only
    _json(portfolio, dated)
    _mobilic, listed = _observatoire_evidence(json.loads(capsys.readouterr().out))
    assert listed == []


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "github", "sarif"])
def test_a_confirmation_of_an_obligation_that_does_not_apply_is_never_shown_respected(portfolio, dated, capsys, fmt):
    args = ["check", str(portfolio / "mobilic.yaml"), "--as-of", AS_OF, "--evidence", str(dated), "--verbose"]
    main([*args, "--format", fmt, "--fail-on", "never"])
    out = capsys.readouterr().out
    if fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        [note] = [r for r in results if r["ruleId"] == "evidence-accessibility-status"]
        assert note["level"] == "note" and note["properties"]["outcome"] == "note"
        return
    units = re.findall(r'<li class="finding".*?</li>', out) if fmt == "html" else out.splitlines()
    [unit] = [u for u in units if "confirmé" in u and "accessibility.status" in u]
    assert "✓" not in unit and "✅" not in unit and "respectée" not in unit, unit
    if fmt != "github":
        assert "note (sans objet)" in unit, unit
    else:
        assert unit.startswith("::notice "), unit


def test_junit_keeps_a_case_that_does_not_apply_skipped_whatever_notes_it_carries(portfolio, dated, capsys):
    """The header's skipped count is the number of <skipped> elements written, suite by suite
    and in all; the not-applicable observatoire case carries its notes in system-out."""
    for verbose in ([], ["--verbose"]):
        args = ["check", str(portfolio), "--as-of", AS_OF, "--format", "junit", "--evidence", str(dated), *verbose]
        main([*args, "--fail-on", "never"])
        root = ET.fromstring(capsys.readouterr().out)
        assert int(root.get("skipped")) == len(root.findall(".//skipped")) > 0
        for suite in root.findall("testsuite"):
            assert int(suite.get("skipped")) == len(suite.findall("testcase/skipped")), suite.get("name")
        [case] = [
            c for c in root.iter("testcase") if c.get("classname") == "mobilic" and c.get("name") == "observatoire"
        ]
        assert case.find("skipped") is not None
        if verbose:
            assert "confirmé" in case.find("system-out").text


def test_an_observation_dated_only_by_its_file_is_an_undated_note_never_fresh(portfolio, tmp_path, capsys):
    """Without --observed-on, DashLord results that carry no date keep their file's
    modification time (today for a fresh checkout): each is a note "non datée" that says how to
    date it, compared with nothing, and no verdict moves."""
    out = tmp_path / "undated"
    assert _dashlord(portfolio, out) == 0
    capsys.readouterr()
    mtime = [o for s in ("mobilic", "aplus") for o in store.load(out, s) if o["date_source"] == "mtime"]
    assert mtime
    today = dt.date.today().isoformat()
    main(["check", str(portfolio), "--as-of", today, "--format", "json"])
    plain = json.loads(capsys.readouterr().out)
    main(["check", str(portfolio), "--as-of", today, "--format", "json", "--evidence", str(out), "--verbose"])
    report = json.loads(capsys.readouterr().out)
    evidence = [f for d in report["declarations"] for f in d["findings"] if f.get("cause") == "evidence"]
    undated = [f for f in evidence if f["evidence"]["date_source"] == "mtime"]
    assert undated and all(f["outcome"] == "note" and f["evidence"]["status"] == "undated" for f in undated)
    assert all(f["evidence"]["observed_on"] is None for f in undated)
    assert all("observation non datée" in f["message"] and "--observed-on AAAA-MM-JJ" in f["message"] for f in undated)
    assert report["summary"]["contradicted_by_evidence"] == 0
    for before, after in zip(plain["declarations"], report["declarations"]):
        assert after["obligations"] == before["obligations"]
    main(["check", str(portfolio / "mobilic.yaml"), "--as-of", today, "--evidence", str(out), "--lang", "en"])
    table = capsys.readouterr().out
    assert "i note (undated)" in table and "undated observation" in table


def test_evidence_dashlord_says_once_how_many_observations_have_no_date(portfolio, tmp_path, capsys):
    out = tmp_path / "undated"
    assert _dashlord(portfolio, out) == 0
    err = capsys.readouterr().err
    written = [o for path in out.glob("*.json") for o in store.load(out, path.stem)]
    undated, total = sum(o["date_source"] == "mtime" for o in written), len(written)
    assert 0 < undated < total
    lines = [line for line in err.splitlines() if "sans date" in line]
    assert lines == [
        f"conformite: {undated} observations sans date sur {total} : le résultat DashLord ne porte pas de date ; "
        "sans --observed-on AAAA-MM-JJ (la date de l'analyse), une observation non datée n'est qu'une note, "
        "jamais utilisée par check --evidence ; importez de nouveau avec cette option pour s'en servir"
    ]
    assert f"; {total} observations écrites pour {len(list(out.glob('*.json')))} startups dans" in err
    # with the date of the scan, nothing is undated and nothing is said
    again = tmp_path / "dated"
    assert _dashlord(portfolio, again, "--observed-on", SCAN) == 0
    assert "sans date" not in capsys.readouterr().err
    assert not [o for path in again.glob("*.json") for o in store.load(again, path.stem) if o["date_source"] == "mtime"]
