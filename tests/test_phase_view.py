"""``check --phase active|closed|all``: the startups the human reports (table, markdown) show and
count; ``--summary`` (the committee's view) counts the active ones unless told otherwise; the
JSON report and the exit status keep every declaration."""

import json
import shutil

import pytest
from conftest import FIXTURES, edit, run_cli

API = FIXTURES / "examples" / "api-engagement.yaml"
AS_OF = ("--as-of", "2025-01-15", "--fail-on", "never")


@pytest.fixture
def portfolio(tmp_path):
    """Two active startups, one closed (abandoned), one invalid file; and the same without the
    closed one."""
    both, active = tmp_path / "both" / "portfolio", tmp_path / "active" / "portfolio"  # reports name "portfolio/…"
    for directory in (both, active):
        directory.mkdir(parents=True)
        shutil.copy(API, directory / "api-engagement.yaml")
        shutil.copy(FIXTURES / "examples" / "jeveuxaider.yaml", directory / "jeveuxaider.yaml")
        shutil.copy(FIXTURES / "invalid" / "unknown-key.yaml", directory / "unknown-key.yaml")
    closed = both / "ferme.yaml"
    shutil.copy(API, closed)
    edit(closed, "id: api-engagement", "id: ferme")
    edit(closed, "    - {name: consolidation, start: 2025-12-01}\n", "    - {name: abandon, start: 2024-12-01}\n")
    return both, active


def check(directory, *options):
    """``conformite check portfolio …`` run beside ``directory`` (reports name files as given)."""
    return run_cli("check", "portfolio", *options, cwd=directory.parent)


def _without_view(text):
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith(("Vue :", "View:")))


def test_summary_counts_active_startups_by_default(portfolio):
    both, active = portfolio
    code, summary, _ = check(both, *AS_OF, "--summary")
    assert "Vue : startups actives seulement, 3 sur 4 déclarations (--phase all : toutes)" in summary
    assert "déclarations : 3 — " in summary and ", invalides : 1" in summary
    assert check(both, *AS_OF, "--summary", "--phase", "active")[1] == summary
    # the same counts as a run on the active startups alone (the invalid file is in every view)
    alone = check(active, *AS_OF, "--summary", "--phase", "all")[1]
    assert _without_view(summary) == alone
    everything = check(both, *AS_OF, "--summary", "--phase", "all")[1]
    assert "Vue :" not in everything and "déclarations : 4 — " in everything


def test_phase_restricts_the_table_and_markdown_reports(portfolio):
    both, active = portfolio
    code, table, _ = check(both, *AS_OF)  # without --summary: every startup
    assert "Vue :" not in table and "\nferme — API Engagement (abandonné)" in table
    code, table, _ = check(both, *AS_OF, "--phase", "closed", "--lang", "en")
    assert "View: closed startups only, 2 of 4 declarations" in table
    assert "\nferme — API Engagement (abandoned)" in table and "\napi-engagement" not in table
    code, markdown, _ = check(both, *AS_OF, "--format", "markdown", "--phase", "active")
    assert "Vue : startups actives seulement, 3 sur 4 déclarations (--phase all : toutes)\n" in markdown
    assert "## ferme" not in markdown and "## api-engagement — API Engagement" in markdown
    alone = check(active, *AS_OF, "--format", "markdown")[1]
    assert _without_view(markdown).replace("\n\n\n", "\n\n") == alone.replace("\n\n\n", "\n\n")


def test_json_and_exit_status_keep_every_declaration(portfolio):
    both, _ = portfolio
    reports = [
        json.loads(check(both, "--as-of", "2025-01-15", "--format", "json", *phase)[1])
        for phase in ((), ("--phase", "closed"), ("--summary", "--phase", "active"))
    ]
    assert [len(r["declarations"]) for r in reports] == [4, 4, 4] and reports[0] == reports[1] == reports[2]
    shutil.move(both / "unknown-key.yaml", both.parent / "unknown-key.yaml")  # no invalid file: exit 1 or 0
    codes = {phase: check(both, "--as-of", "2025-01-15", "--phase", phase)[0] for phase in ("active", "closed", "all")}
    assert codes == {"active": 1, "closed": 1, "all": 1}


def test_phase_is_checked(portfolio):
    code, _, stderr = run_cli("check", str(portfolio[0]), "--phase", "fermees")
    assert code == 2 and "--phase" in stderr and "Traceback" not in stderr
