"""The startup sheet and the portfolio page in headless Chromium: rendered, linked, printed
on A4 (at most 3 pages for the examples), text still text in the PDF."""

import re
import subprocess

import pypdf
import pytest
import yaml
from conftest import CHROMIUM_FLAGS, FIXTURES, ROOT, chromium, run_cli

from checker.rules import load_catalog

EXAMPLES = ("api-engagement", "exemple-conforme", "jeveuxaider")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("committee")
    code, _, stderr = run_cli(
        "sheet", str(FIXTURES / "examples"), "--output-dir", str(root / "sheets"), "--as-of", "2025-01-15"
    )
    assert code == 0, stderr
    code, _, stderr = run_cli(
        "check",
        str(FIXTURES / "examples"),
        "--as-of",
        "2025-01-15",
        "--format",
        "html",
        "--output",
        str(root / "report.html"),
        "--history-from",
        "2024-01-01",
    )
    assert code == 1, stderr  # the examples hold a fail
    return root


@pytest.fixture(scope="module")
def browser(site):
    found = chromium()
    profile = site / "profile"

    def run(*args):
        proc = subprocess.run(
            [found, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout

    return run


def test_sheet_renders_in_chromium(site, browser):
    dom = browser("--virtual-time-budget=2000", "--dump-dom", (site / "sheets" / "api-engagement.html").as_uri())
    assert "Fiche comité — API Engagement" in dom and 'id="status"' in dom
    rows = re.findall(r'<tr data-obligation="([a-z-]+)" data-verdict="[a-z-]+">', dom)
    assert rows == load_catalog(ROOT / "rules").obligation_ids  # every obligation, in catalogue order
    assert 'data-obligation="investment-committee" data-verdict="fail"' in dom
    timeline = re.search(r'<svg[^>]*class="timeline".*?</svg>', dom, re.S).group(0)
    assert "aujourd'hui 2025-01-15" in timeline and "2024-06-20" in timeline  # today and the committee held
    assert "<script" not in dom and "http://" not in dom.replace('xmlns="http://www.w3.org/2000/svg"', "")


@pytest.mark.parametrize("name", EXAMPLES)
def test_sheet_draws_each_objective(site, browser, name):
    """One chart per declared objective, measurements as points, the target drawn."""
    ids = [
        o["id"]
        for o in yaml.safe_load((FIXTURES / "examples" / f"{name}.yaml").read_text(encoding="utf-8"))["objectives"]
    ]
    dom = browser("--virtual-time-budget=2000", "--dump-dom", (site / "sheets" / f"{name}.html").as_uri())
    figures = re.findall(r'<figure data-objective="([^"]+)">(.*?)</figure>', dom, re.S)
    assert [i for i, _ in figures] == ids and len(ids) >= 1
    for _, figure in figures:
        assert "<svg" in figure and "cible" in figure and "aujourd'hui" in figure


def test_portfolio_page_has_history_and_links_to_sheets(site, browser):
    dom = browser("--virtual-time-budget=3000", "--dump-dom", (site / "report.html").as_uri())
    assert 'data-ready="1"' in dom and 'data-shown="3"' in dom
    history = re.search(r'<section id="history">(.*?)</section>', dom, re.S).group(1)
    assert "Évolution de la conformité du 2024-01-01 au 2025-01-15" in history and history.count("<polyline") >= 2
    links = re.findall(r'<a href="(sheets/[^"]+)">', dom)
    assert sorted(links) == [f"sheets/{name}.html" for name in EXAMPLES]
    assert all((site / link).is_file() for link in links)


@pytest.mark.parametrize("name", EXAMPLES)
def test_sheet_prints_on_at_most_three_a4_pages(site, browser, name):
    pdf = site / f"{name}.pdf"
    browser("--no-pdf-header-footer", f"--print-to-pdf={pdf}", (site / "sheets" / f"{name}.html").as_uri())
    reader = pypdf.PdfReader(str(pdf))
    assert 1 <= len(reader.pages) <= 3
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4 in points
    words = " ".join(page.extract_text() for page in reader.pages)
    assert "Fiche comité" in words and "Obligations" in words  # text stays text
