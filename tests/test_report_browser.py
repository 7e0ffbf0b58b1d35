"""The html report in headless Chromium: the counts per obligation follow the filters, and a
fragment selects one startup (#startup=ID; the older #q=TEXT still filters). One browser
profile for the module."""

import re
from collections import Counter

import pytest
from conftest import AS_OF, FIXTURES, dump_dom

from checker.reporters import Context, render_text
from checker.run import collect, run_check
from checker.verdicts import VERDICTS


@pytest.fixture(scope="module")
def report(catalog):
    targets = collect(
        [str(FIXTURES / "examples"), str(FIXTURES / "hostile"), str(FIXTURES / "invalid" / "unknown-key.yaml")]
    )
    return run_check(catalog, targets, AS_OF)


@pytest.fixture(scope="module")
def dom(report, catalog, tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    page = root / "report.html"
    page.write_text(render_text("html", report, Context(catalog, "fr")), encoding="utf-8")

    def load(fragment=""):
        shown = dump_dom(page, root / "profile", fragment)
        assert 'data-ready="1"' in shown
        return shown

    return load


def _shown_startups(page):
    rows = re.findall(r'<tr data-status="[^"]*"[^>]*data-startup="([^"]*)"( class="hidden")?>', page)
    return [startup for startup, hidden in rows if not hidden]


def _counts(page):
    """The counts the page shows: (obligation, verdict) -> number."""
    cells = re.findall(r'<td class="count" data-obligation="([a-z-]+)" data-verdict="([a-z-]+)">(\d+)</td>', page)
    return {(o, v): int(n) for o, v, n in cells}


def _expected(report, catalog, startups):
    tally = Counter()
    for decl in report.declarations:
        if decl.startup in startups:
            tally.update((o, v) for o, v in decl.obligations.items())
    return {(o.id, v): tally[(o.id, v)] for o in catalog.obligations for v in VERDICTS}


def test_counts_follow_every_filter(report, catalog, dom):
    everything = dom()
    assert _counts(everything) == _expected(report, catalog, {d.startup for d in report.declarations})
    for fragment in ("#status=compliant", "#obligation=risk-workshops&verdict=fail", "#q=jeveux"):
        page = dom(fragment)
        shown = _shown_startups(page)
        assert 0 < len(shown) < len(report.declarations), fragment
        assert _counts(page) == _expected(report, catalog, set(shown)), fragment
        assert _counts(page) != _counts(everything), fragment


def test_startup_fragment_shows_one_startup_and_its_counts(report, catalog, dom):
    page = dom("#startup=jeveuxaider")
    assert _shown_startups(page) == ["jeveuxaider"] and 'data-shown="1"' in page
    assert _counts(page) == _expected(report, catalog, {"jeveuxaider"})
    notice = re.search(r'<span id="one">(.*?)</span>', page)
    assert notice and "<code>jeveuxaider</code>" in notice.group(1)  # shown, with the way back to all
    assert re.search(r'<span id="one" hidden="">', dom())  # no startup chosen: no notice
    assert len(_shown_startups(dom("#startup="))) == len(report.declarations)  # startup= empty: all again
    assert _shown_startups(dom("#startup=jeveux")) == []  # an id, not a search
    combined = dom("#startup=jeveuxaider&status=compliant")  # with other filters: all must hold
    assert _shown_startups(combined) == []


def test_each_startup_links_to_its_own_view(report, dom):
    page = dom()
    links = re.findall(r'<a class="only" href="#startup=([^"]+)">', page)
    assert sorted(links) == sorted(d.startup for d in report.declarations if d.startup)
