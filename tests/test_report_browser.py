"""The html report in headless Chromium: every count of the page (the summaries, the verdict
rows, the "à compléter" / "manquement" rows) follows the filters, the phase and the fragment,
and equals what the table report says of the same startups; a fragment selects one startup
(#startup=ID; the older #q=TEXT still filters). One browser profile for the module.

The page holds the fixtures and a sample of the real beta.gouv.fr portfolio (active and
closed startups)."""

import json
import re

import pytest
from conftest import AS_OF, FIXTURES, ROOT, dump_dom, run_cli

from checker.foundation.verdicts import VERDICTS
from checker.importer.betagouv import import_pages
from checker.judging.model import GROUPS, in_phase_view
from checker.judging.run import run_check
from checker.reading.declarations import collect
from checker.reporting import Context, render_text

pytestmark = pytest.mark.browser  # headless Chromium (conftest.chromium)

CONTENT = ROOT.parent / "shared" / "data" / "betagouv" / "content"


@pytest.fixture(scope="module")
def report(catalog, tmp_path_factory):
    sample = sorted(path.stem for path in (CONTENT / "_startups").glob("*.md"))[::25]  # 27 real pages
    portfolio = tmp_path_factory.mktemp("portfolio")
    assert import_pages(CONTENT, portfolio, AS_OF, only=sample).problems == []
    targets = collect(
        [
            str(FIXTURES / "examples"),
            str(FIXTURES / "hostile"),
            str(FIXTURES / "invalid" / "unknown-key.yaml"),
            str(portfolio),
        ]
    )
    return run_check(catalog, targets, AS_OF)


@pytest.fixture(scope="module")
def pages(report, catalog, tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    written = {}
    for phase in ("all", "active"):
        written[phase] = root / f"report-{phase}.html"
        written[phase].write_text(render_text("html", report, Context(catalog, "fr", phase=phase)), encoding="utf-8")

    def load(fragment="", phase="all"):
        shown = dump_dom(written[phase], root / "profile", fragment)
        assert 'data-ready="1"' in shown
        return shown

    load.written = written
    return load


def _rows(page):
    """Each row of the heatmap: its attributes (name -> value)."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [dict(re.findall(r'([a-z-]+)="([^"]*)"', attrs)) for attrs in re.findall(r"<tr ([^>]*)>", body)]


def _shown_rows(page):
    return [row for row in _rows(page) if "hidden" not in row.get("class", "").split()]


def _shown_startups(page):
    return [row["data-startup"] for row in _shown_rows(page)]


def _counts(page):
    """The verdict counts the page shows: (obligation, verdict) -> number."""
    cells = re.findall(r'<td class="count" data-obligation="([a-z-]+)" data-verdict="([a-z-]+)">(\d+)</td>', page)
    return {(o, v): int(n) for o, v, n in cells}


def _group_counts(page):
    """The failures split the page shows: (obligation, group) -> number."""
    cells = re.findall(r'<td class="group-count" data-obligation="([a-z-]+)" data-group="([a-z]+)">(\d+)</td>', page)
    return {(o, g): int(n) for o, g, n in cells}


def _numbers(page):
    """The numbers of the summaries above the table: name -> number."""
    header = page.split("<header>", 1)[1].split("</header>", 1)[0]
    return {name: int(n) for name, n in re.findall(r'<span data-n="([a-z-]+)">(\d+)</span>', header)}


def _subset(report, page):
    """The report restricted to the rows the page shows (a row's data-details is d-INDEX)."""
    files = [decl.file for decl in report.declarations]
    shown = {files[int(row["data-details"][2:])] for row in _shown_rows(page)}
    return report.only(lambda decl: decl.file in shown)


def _table_counts(subset, catalog):
    """What ``--format table`` says of the same startups: per-obligation counts, failures
    split, and the summary lines' numbers."""
    table = render_text("table", subset, Context(catalog, "fr", summary_only=True))
    ids = set(catalog.obligation_ids)
    counts, groups = {}, {}
    for line in table.splitlines():
        cells = line.split()
        if cells and cells[0] in ids:
            numbers = list(map(int, cells[1:]))
            counts.update({(cells[0], v): n for v, n in zip(VERDICTS, numbers)})
            groups.update({(cells[0], g): n for g, n in zip(GROUPS, numbers[len(VERDICTS) :])})
    summary = re.search(
        r"déclarations : (\d+) — conformes : (\d+), non conformes : (\d+), invalides : (\d+)", table
    ).groups()
    numbers = dict(zip(("declarations", "compliant", "non-compliant", "invalid"), map(int, summary)))
    split = re.search(r"non conformes : (\d+) avec au moins un manquement, (\d+) seulement à compléter", table)
    if split:
        numbers.update(breach=int(split.group(1)), missing=int(split.group(2)))
    return counts, groups, numbers


def _expected(subset, catalog):
    """The counts of the startups shown, from the report's own counters."""
    results = subset.declarations
    counts = {(o.id, v): results.verdicts.get(o.id, {}).get(v, 0) for o in catalog.obligations for v in VERDICTS}
    groups = {(o.id, g): results.groups.get(o.id, {}).get(g, 0) for o in catalog.obligations for g in GROUPS}
    numbers = {"declarations": len(results), **{s: results.status[s] for s in ("compliant", "non-compliant")}}
    numbers.update(invalid=results.status["invalid"], **{g: results.declaration_groups[g] for g in GROUPS})
    return counts, groups, numbers


def _assert_page_agrees(page, report, catalog, fragment):
    subset = _subset(report, page)
    counts, groups, numbers = _expected(subset, catalog)
    assert _counts(page) == counts, fragment
    assert _group_counts(page) == groups, fragment
    assert _numbers(page) == numbers, fragment
    assert f"{len(subset.declarations)} / {len(report.declarations)}" in page, fragment
    if len(subset.declarations) > 1:  # the table prints its portfolio counts for several startups
        table_counts, table_groups, table_numbers = _table_counts(subset, catalog)
        assert (table_counts, table_groups) == (counts, groups), fragment
        assert table_numbers.items() <= numbers.items() and "declarations" in table_numbers, fragment
    return subset


def test_the_sample_has_active_closed_and_invalid_startups(report):
    phases = [decl.phase for decl in report.declarations]
    assert sum(p is not None and in_phase_view(p, "active") for p in phases) >= 5
    assert sum(p is not None and in_phase_view(p, "closed") for p in phases) >= 5
    assert None in phases and any(decl.status == "invalid" for decl in report.declarations)


FRAGMENTS = (
    "#status=compliant",
    "#obligation=risk-workshops&verdict=fail",
    "#q=jeveux",
    "#phase=closed",
    "#phase=active&status=non-compliant",
    "#phase=active&obligation=investment-committee&verdict=fail",
    "#verdict=warn",
)


def test_every_count_follows_every_filter(report, catalog, pages):
    everything = pages()
    assert _assert_page_agrees(everything, report, catalog, "").declarations.status == report.declarations.status
    for fragment in FRAGMENTS:
        page = pages(fragment)
        shown = _shown_rows(page)
        assert 0 < len(shown) < len(report.declarations), fragment
        _assert_page_agrees(page, report, catalog, fragment)
        assert (_counts(page), _group_counts(page), _numbers(page)) != (
            _counts(everything),
            _group_counts(everything),
            _numbers(everything),
        ), fragment


def test_startup_fragment_shows_one_startup_and_its_counts(report, catalog, pages):
    page = pages("#startup=jeveuxaider")
    assert _shown_startups(page) == ["jeveuxaider"] and 'data-shown="1"' in page
    subset = _assert_page_agrees(page, report, catalog, "#startup=jeveuxaider")
    assert _numbers(page)["declarations"] == 1 and subset.declarations.status["non-compliant"] == 1
    notice = re.search(r'<span id="one">(.*?)</span>', page)
    assert notice and "<code>jeveuxaider</code>" in notice.group(1)  # shown, with the way back to all
    assert re.search(r'<span id="one" hidden="">', pages())  # no startup chosen: no notice
    assert len(_shown_startups(pages("#startup="))) == len(report.declarations)  # startup= empty: all again
    assert _shown_startups(pages("#startup=jeveux")) == []  # an id, not a search
    combined = pages("#startup=jeveuxaider&status=compliant")  # with other filters: all must hold
    assert _shown_startups(combined) == [] and _numbers(combined)["declarations"] == 0
    assert set(_counts(combined).values()) == {0} and set(_group_counts(combined).values()) == {0}


def test_page_opens_on_the_phase_asked_and_agrees_without_its_script(report, catalog, pages):
    """``check --phase active``: the closed startups hidden, every count of the others, in the
    page as written (no script run) and once the script has run."""
    written = pages.written["active"].read_text(encoding="utf-8")
    opened = pages(phase="active")
    active = [
        row["data-startup"] for row in _rows(opened) if row["data-phase"] in ("active", "")
    ]  # invalid: in every view
    assert _shown_startups(opened) == active and len(active) < len(report.declarations)
    subset = _assert_page_agrees(opened, report, catalog, "phase=active")
    for found in (_counts, _group_counts, _numbers):
        assert found(written) == found(opened), found.__name__
    assert subset.declarations.status == report.only(lambda d: in_phase_view(d.phase, "active")).declarations.status
    assert '<option value="active" selected="">' in opened


def test_a_closed_startup_link_shows_it_whatever_the_phase_chosen(report, catalog, pages):
    closed = next(d.startup for d in report.declarations if d.phase and not in_phase_view(d.phase, "active"))
    page = pages(f"#startup={closed}", phase="active")
    assert _shown_startups(page) == [closed]
    _assert_page_agrees(page, report, catalog, closed)
    assert _shown_startups(pages(f"#startup={closed}&phase=active", phase="active")) == []  # asked: obeyed


def test_each_startup_links_to_its_own_view(report, pages):
    page = pages()
    links = re.findall(r'<a class="only" href="#startup=([^"]+)">', page)
    assert sorted(links) == sorted(d.startup for d in report.declarations if d.startup)


def test_evidence_count_follows_the_filters(catalog, tmp_path):
    """With ``--evidence``: the count of declarations contradicted by what was observed is of
    the startups shown too, as the JSON report counts them for the same startups."""
    from checker.cli.main import main

    portfolio, evidence = tmp_path / "portfolio", tmp_path / "evidence"
    dashlord = ROOT.parent / "shared" / "data" / "dashlord"
    assert import_pages(CONTENT, portfolio, AS_OF).problems == []
    observed = ["--config", str(dashlord / "dashlord.yml"), "--declarations", str(portfolio)]
    assert (
        main(
            [
                "evidence",
                "dashlord",
                str(dashlord / "results"),
                *observed,
                "--observed-on",
                "2026-10-04",
                "--out",
                str(evidence),
            ]
        )
        == 0
    )
    files = sorted(
        str(portfolio / f"{p.stem}.yaml") for p in evidence.iterdir() if (portfolio / f"{p.stem}.yaml").is_file()
    )
    assert len(files) >= 20
    page = tmp_path / "report.html"
    options = ["--as-of", "2026-10-10", "--evidence", str(evidence), "--fail-on", "never"]
    assert main(["check", *files, *options, "--format", "html", "--output", str(page)]) == 0
    report = json.loads(run_cli("check", *files, *options, "--format", "json")[1])
    contradicted = {
        d["startup"]
        for d in report["declarations"]
        if any(f.get("cause") == "evidence" and f["outcome"] == "warn" for f in d["findings"])
    }
    notes = {d["startup"]: sum(f["outcome"] == "note" for f in d["findings"]) for d in report["declarations"]}
    # the real sample's contradictions all bear on obligations that do not apply: notes, not warnings
    assert len(contradicted) == report["summary"]["contradicted_by_evidence"] < len(files)
    assert 0 < sum(notes.values()) == report["summary"]["evidence_notes"]
    noted = sorted(s for s, n in notes.items() if n)
    others = sorted({d["startup"] for d in report["declarations"]} - set(noted))
    for fragment in (
        "",
        "#status=compliant",
        "#phase=active&verdict=warn",
        f"#startup={noted[0]}",
        f"#startup={others[0]}",
    ):
        shown = dump_dom(page, tmp_path / "profile", fragment)
        startups = set(_shown_startups(shown))
        assert _numbers(shown)["contradicted"] == len(startups & contradicted), fragment
        assert _numbers(shown)["notes"] == sum(notes[s] for s in startups), fragment
        assert _numbers(shown)["declarations"] == len(startups), fragment
