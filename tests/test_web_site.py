"""conformite site: the server's pages as static files with relative links and a policy per
page (inline elements by hash); the report's script runs from file://; sheets named from ids
through atomic.inside, stale ones removed; the calendar is the agenda command's."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from html import unescape

import pytest
from conftest import AS_OF, FIXTURES, dump_dom

from checker.cli import main as cli


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    portfolio = root / "portfolio"
    portfolio.mkdir()
    for path in sorted((FIXTURES / "examples").glob("*.yaml")):
        shutil.copy(path, portfolio / path.name)
    out = root / "out"
    assert cli.main(["site", str(portfolio), "--out", str(out), "--as-of", AS_OF.isoformat()]) == 0
    return portfolio, out


def test_every_page_is_written(site):
    _, out = site
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and "static" not in p.parts}
    assert names == {
        "index.html",
        "agenda.html",
        "agenda.ics",
        "history.html",
        "history.svg",
        "history-active.html",
        "history-active.svg",
        "history-closed.html",
        "history-closed.svg",
        "rules.html",
        ".conformite-site.json",  # the sheets the site wrote: only those are ever removed
        "startups/api-engagement.html",
        "startups/exemple-conforme.html",
        "startups/jeveuxaider.html",
    }
    assert (out / "static" / "dsfr" / "dsfr.min.css").is_file() and (out / "static" / "dsfr" / "LICENSE.md").is_file()
    assert not list(out.rglob("*.tmp"))


@pytest.mark.parametrize(
    "page",
    ["index.html", "agenda.html", "history.html", "history-closed.html", "rules.html", "startups/jeveuxaider.html"],
)
def test_links_are_relative_and_inline_elements_are_allowed_by_hash(site, page):
    _, out = site
    html = (out / page).read_text(encoding="utf-8")
    links = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert links and not [link for link in links if link.startswith(("/", "http:", "https:", "//"))]
    for link in links:
        target = link.split("#")[0]
        if target:
            assert ((out / page).parent / target).resolve().is_file(), (page, link)
    policy = unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1))
    assert "unsafe-inline" not in policy and "default-src 'none'" in policy
    for body in re.findall(r"<(?:script|style)>(.*?)</(?:script|style)>", html, re.S):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


@pytest.mark.browser
def test_the_reports_script_runs_from_the_disk(site, tmp_path):
    _, out = site
    dom = dump_dom(out / "index.html", tmp_path / "profile", "#status=compliant")
    assert 'data-ready="1"' in dom and 'data-shown="1"' in dom


def test_the_calendar_is_the_agenda_commands(site, tmp_path, monkeypatch):
    portfolio, out = site
    expected = tmp_path / "agenda.ics"
    monkeypatch.chdir(portfolio)  # the site names files relative to the portfolio, as `agenda .` there does
    assert cli.main(["agenda", ".", "--format", "ics", "--as-of", AS_OF.isoformat(), "--output", str(expected)]) == 0
    assert (out / "agenda.ics").read_bytes() == expected.read_bytes()


def test_a_startup_gone_loses_its_sheet_and_a_second_build_is_the_same(site, tmp_path):
    portfolio, out = site
    copy = tmp_path / "portfolio"
    shutil.copytree(portfolio, copy)
    (copy / "api-engagement.yaml").unlink()
    (out / "startups" / "keep.txt").write_text("not a sheet", encoding="utf-8")
    assert cli.main(["site", str(copy), "--out", str(out), "--as-of", AS_OF.isoformat()]) == 0
    assert sorted(p.name for p in (out / "startups").iterdir()) == [
        "exemple-conforme.html",
        "jeveuxaider.html",
        "keep.txt",
    ]
    assert 'href="startups/api-engagement.html"' not in (out / "index.html").read_text(encoding="utf-8")


def test_the_site_counts_its_pages_and_sheets_in_agreeing_words(tmp_path, capsys):
    portfolio = tmp_path / "portfolio"
    portfolio.mkdir()
    shutil.copy(FIXTURES / "examples" / "jeveuxaider.yaml", portfolio)
    assert cli.main(["site", str(portfolio), "--out", str(tmp_path / "out"), "--as-of", AS_OF.isoformat()]) == 0
    said = capsys.readouterr().err
    assert re.search(r"site écrit dans .*out : \d+ pages, dont 1 fiche$", said.strip()), said


def test_a_bad_portfolio_or_option_is_one_french_sentence(tmp_path, capsys):
    assert cli.main(["site", str(tmp_path / "none"), "--out", str(tmp_path / "o")]) == 2
    assert "n'est pas un dossier de déclarations lisible" in capsys.readouterr().err
    assert cli.main(["site", str(FIXTURES / "examples"), "--out", str(tmp_path / "o"), "--days", "-3"]) == 2
    assert "--days attend un nombre de jours entre 0 et 36525" in capsys.readouterr().err
    blocked = tmp_path / "file"
    blocked.write_text("x")
    assert cli.main(["site", str(FIXTURES / "examples"), "--out", str(blocked / "sub")]) == 2
    err = capsys.readouterr().err
    assert "impossible d'écrire" in err and "Traceback" not in err
