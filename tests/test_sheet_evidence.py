"""The sheet says what the portfolio report says: ``sheet --evidence`` (check's own option and
loading), and the server's and the site's sheets with the portfolio's ``evidence/`` folder, show
an obligation that evidence contradicts as ``warn``, as ``check --evidence`` does."""

import datetime as dt
import json
import re

import pytest
from conftest import ROOT

from checker.cli.main import main

DASHLORD = ROOT.parent / "shared" / "data" / "dashlord"
AS_OF = dt.date(2026, 10, 10)  # six days after the sample's newest scan


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    """mobilic declared as an online procedure (observatoire applies) whose accessibility is
    "partiellement conforme", while DashLord read "non conforme" on its site; the evidence from
    the real DashLord sample in the portfolio's ``evidence/`` folder."""
    root = tmp_path_factory.mktemp("portfolio")
    text = (ROOT / "fixtures" / "examples" / "exemple-conforme.yaml").read_text(encoding="utf-8")
    assert "  id: exemple-conforme\n" in text and "  is_procedure: true\n" in text and "\naccessibility:" not in text
    text = (
        text.replace("  id: exemple-conforme\n", "  id: mobilic\n")
        + "accessibility:\n  status: partiellement conforme\n"
    )
    (root / "mobilic.yaml").write_text(text, encoding="utf-8")
    args = ["evidence", "dashlord", str(DASHLORD / "results"), "--config", str(DASHLORD / "dashlord.yml")]
    assert main([*args, "--observed-on", "2026-10-04", "--out", str(root / "evidence")]) == 0
    return root


def _row(html: str, obligation: str) -> str:
    return re.search(rf'<tr data-obligation="{obligation}" data-verdict="[^"]+".*?</tr>', html).group(0)


def test_check_with_evidence_warns_on_the_contradicted_obligation(portfolio, capsys):
    args = ["check", str(portfolio / "mobilic.yaml"), "--as-of", AS_OF.isoformat(), "--format", "json"]
    main([*args, "--evidence", str(portfolio / "evidence")])
    [decl] = json.loads(capsys.readouterr().out)["declarations"]
    assert decl["obligations"]["observatoire"] == "warn"


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_sheet_with_evidence_shows_the_verdict_check_shows(portfolio, capsys, fmt):
    args = ["sheet", str(portfolio / "mobilic.yaml"), "--as-of", AS_OF.isoformat(), "--format", fmt]
    assert main(args) == 0
    alone = capsys.readouterr().out
    assert main([*args, "--evidence", str(portfolio / "evidence")]) == 0
    sheet = capsys.readouterr().out
    contradiction = "mais le site affiche « non conforme »"
    if fmt == "html":
        assert 'data-obligation="observatoire" data-verdict="pass"' in alone
        row = _row(sheet, "observatoire")
        assert 'data-verdict="warn"' in row and contradiction in row
    else:
        # the obligations' table comes first; the strip of verdicts over the period has a row each too
        row, strip = [line for line in sheet.splitlines() if line.startswith("| observatoire |")]
        assert "! attention" in row and contradiction in row and "attention" not in strip
        before = next(line for line in alone.splitlines() if line.startswith("| observatoire |"))
        assert "✓ respectée" in before


def test_sheet_with_evidence_in_output_dir_mode_is_the_same(portfolio, tmp_path, capsys):
    out = tmp_path / "sheets"
    args = ["sheet", str(portfolio), "--as-of", AS_OF.isoformat(), "--output-dir", str(out)]
    assert main([*args, "--evidence", str(portfolio / "evidence")]) == 0
    assert 'data-verdict="warn"' in _row((out / "mobilic.html").read_text(encoding="utf-8"), "observatoire")


def test_sheet_refuses_an_evidence_directory_that_is_not_one_in_one_sentence(portfolio, tmp_path, capsys):
    args = ["sheet", str(portfolio / "mobilic.yaml"), "--evidence", str(tmp_path / "nowhere")]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err and len(captured.err.strip().splitlines()) == 1
    assert "dossier de preuves introuvable" in captured.err
    assert main([*args[:2], "--evidence", str(portfolio / "evidence"), "--evidence-max-age", "-1"]) == 2
    # the folder is there: the sentence is about the age (hostile probe: it said "introuvable")
    said = capsys.readouterr().err
    assert said.strip() == "conformite: --evidence-max-age -1 : attendu un nombre de jours positif ou nul"


def test_the_servers_sheet_uses_the_portfolios_evidence(portfolio, catalog):
    from checker.web import tasks
    from checker.web.engine import State

    state = State(catalog)
    sheet = tasks.sheet(state, str(portfolio), "mobilic.yaml", AS_OF, "fr")
    assert 'data-verdict="warn"' in _row(sheet, "observatoire")
    page = tasks.portfolio(state, str(portfolio), AS_OF, "fr")["html"]
    assert re.search(r'data-obligation="observatoire" data-verdict="warn"', page)


def test_the_sites_sheet_uses_the_portfolios_evidence(portfolio, tmp_path):
    out = tmp_path / "site"
    assert main(["site", str(portfolio), "--out", str(out), "--as-of", AS_OF.isoformat()]) == 0
    sheet = (out / "startups" / "mobilic.html").read_text(encoding="utf-8")
    assert 'data-verdict="warn"' in _row(sheet, "observatoire")
