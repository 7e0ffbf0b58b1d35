"""The startup sheet and the portfolio page in headless Chromium: rendered, linked, printed
on A4 (at most 3 pages for the examples), text still text in the PDF."""

import datetime as dt
import html
import re
import subprocess

import pypdf
import pytest
import yaml
from conftest import CHROMIUM_FLAGS, FIXTURES, ROOT, chromium, run_cli
from test_committee import CONTENT, assert_series_told_apart, verbose_report

from checker.importer.betagouv import import_pages
from checker.judging.rules import load_catalog

pytestmark = pytest.mark.browser  # headless Chromium (conftest.chromium)

EXAMPLES = ("api-engagement", "exemple-conforme", "jeveuxaider")
REAL = ("aidantsconnect", "mobilic", "1-eleve-1-stage")  # active, active, closed
REAL_AS_OF = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("committee")
    code, _, stderr = run_cli(
        "sheet", str(FIXTURES / "examples"), "--output-dir", str(root / "sheets"), "--as-of", "2025-01-15"
    )
    assert code == 0, stderr
    assert import_pages(CONTENT, root / "real", REAL_AS_OF).problems == []  # the whole real portfolio
    (root / "real-sheets").mkdir()
    for name in REAL:
        code, _, stderr = run_cli(
            "sheet",
            str(root / "real" / f"{name}.yaml"),
            "--as-of",
            REAL_AS_OF.isoformat(),
            "--output",
            str(root / "real-sheets" / f"{name}.html"),
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
    rows = re.findall(r'<tr data-obligation="([a-z-]+)" data-verdict="[a-z-]+"[^>]*>', dom)
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


# what a page can only tell once laid out: where each label of a picture falls
MEASURE = """<script>
document.querySelectorAll('svg text').forEach(function (text) {
  var box = text.getBBox();
  text.setAttribute('data-box', [box.x, box.y, box.width, box.height].join(' '));
});
document.body.setAttribute('data-measured', '1');
</script>"""


def laid_out(browser, root, name, svg):
    """Each text of ``svg`` as Chromium lays it out: (text, x, y, width, height, in a direct
    label), and the picture's width and height."""
    page = root / f"{name}-measured.html"
    page.write_text(
        f'<!doctype html><html><head><meta charset="utf-8"></head><body>{svg}{MEASURE}</body></html>', encoding="utf-8"
    )
    dom = browser("--virtual-time-budget=2000", "--dump-dom", page.as_uri())
    assert 'data-measured="1"' in dom
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', dom).groups())
    texts = []
    for group, attrs, body in re.findall(
        r'(<g class="series-label">)?(?:<title>[^<]*</title><line[^>]*/?>(?:</line>)?<line[^>]*/?>(?:</line>)?)?<text([^>]*)>(.*?)</text>',
        dom,
        re.S,
    ):
        box = re.search(r'data-box="([^"]+)"', attrs)
        x, y, w, h = map(float, box.group(1).split())
        texts.append((html.unescape(re.sub(r"<[^>]+>", " ", body)).strip(), x, y, w, h, bool(group)))
    return texts, width, height


def test_history_chart_on_the_real_portfolio_is_readable_in_chromium(site, browser):
    """The 662 imported pages, two years month by month: every series told apart by colour,
    dash and a label at its end; in Chromium, every label inside the picture and no two direct
    labels on top of each other."""
    code, svg, stderr = run_cli(
        "history", str(site / "real"), "--from", "2024-11-28", "--to", REAL_AS_OF.isoformat(), "--format", "svg"
    )
    assert code == 0, stderr
    titles = assert_series_told_apart(svg)
    assert len(titles) == 7 and titles[0] == "startups conformes"
    texts, width, height = laid_out(browser, site, "history", svg)
    labels = [t for t in texts if t[5]]
    assert len(labels) == len(titles)
    for text, x, y, w, h, _ in texts:
        assert 0 <= x and x + w <= width and 0 <= y and y + h <= height, text  # nothing cut at an edge
    for index, (text, x, y, w, h, _) in enumerate(labels):
        for other, ox, oy, ow, oh, _ in labels[index + 1 :]:
            apart = x + w <= ox or ox + ow <= x or y + h <= oy or oy + oh <= y
            assert apart, (text, other)


@pytest.mark.parametrize("sheet", [*(f"sheets/{n}.html" for n in EXAMPLES), *(f"real-sheets/{n}.html" for n in REAL)])
def test_sheet_pictures_clip_no_label(site, browser, sheet):
    """The timeline's "aujourd'hui" label, and every label of each objective's chart, inside
    its picture as Chromium lays it out."""
    page = (site / sheet).read_text(encoding="utf-8")
    pictures = re.findall(r"<svg.*?</svg>", page, re.S)
    assert pictures[0].count('class="timeline"') == 1
    for index, svg in enumerate(pictures):
        texts, width, height = laid_out(browser, site, f"{sheet.replace('/', '-')}-{index}", svg)
        for text, x, y, w, h, _ in texts:
            assert 0 <= x and x + w <= width and 0 <= y and y + h <= height, (index, text, x, w, width)
        if index == 0:
            assert len([t for t in texts if t[0].startswith("aujourd'hui ")]) == 1


@pytest.mark.parametrize("name", ["api-engagement", "jeveuxaider", *REAL])
def test_sheet_shows_the_failures_split_and_why_obligations_do_not_apply(site, browser, name):
    """In Chromium: each failing obligation's pill says "à compléter" or "manquement" as the
    report's causes do; each obligation that does not apply says why, as check --verbose."""
    real = name in REAL
    path = site / "real" / f"{name}.yaml" if real else FIXTURES / "examples" / f"{name}.yaml"
    verdicts, groups, why = verbose_report(path, REAL_AS_OF.isoformat() if real else "2025-01-15")
    sheet = site / ("real-sheets" if real else "sheets") / f"{name}.html"
    dom = browser("--virtual-time-budget=2000", "--dump-dom", sheet.as_uri())
    rows = re.findall(
        r'<tr data-obligation="([a-z-]+)" data-verdict="([a-z-]+)"( data-group="([a-z]+)")?>(.*?)</tr>', dom, re.S
    )
    assert [r[0] for r in rows] == list(verdicts)
    for oid, verdict, _, group, cells in rows:
        assert verdict == verdicts[oid]
        pill = html.unescape(re.search(r'<span class="pill [^"]*">(.*?)</span>', cells).group(1))
        if verdict == "fail":
            assert group == groups[oid] and pill == "✗ " + {"missing": "à compléter", "breach": "manquement"}[group]
        else:
            assert group == ""
        if verdict == "not-applicable":
            reason = html.unescape(re.search(r'<span class="why">(.*?)</span>', cells).group(1))
            assert why[oid] == {reason} and reason.startswith("Ne s'applique pas : "), (oid, reason)
