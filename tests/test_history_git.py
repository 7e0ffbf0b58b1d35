"""History from git (checker.committee.history): each date judges each declaration as committed that day,
as of that day; the startup's strip; what moved since the last committee and who moved it; the
real series on the portfolio page, the server and the static site. Every repository here is
built with dated commits (GIT_AUTHOR_DATE / GIT_COMMITTER_DATE)."""

import datetime as dt
import html
import json
import re

import pytest
from conftest import FIXTURES, dump_dom, run_cli
from test_gitstate import Repo

from checker.committee import history as history_mod
from checker.committee.history import Past, compute
from checker.judging.evaluate import Evaluator
from checker.reading.gitstate import GitState
from checker.reading.loader import load_text

D = dt.date
GOOD = (FIXTURES / "examples" / "exemple-conforme.yaml").read_text(encoding="utf-8")  # compliant in early 2025
BAD = GOOD.replace("public_agent: true", "public_agent: false")  # intrapreneur fails: a breach
API = (FIXTURES / "examples" / "api-engagement.yaml").read_text(encoding="utf-8")
DAYS = [D(2024, 12, 15), D(2025, 1, 15), D(2025, 2, 15), D(2025, 3, 15), D(2025, 4, 15)]
LATER = D(2026, 1, 1)  # "today" for a history all in the past: no work tree involved


@pytest.fixture
def portfolio(tmp_path, monkeypatch):
    """Four months of a portfolio: exemple arrives, breaks its intrapreneur rule while
    api-engagement arrives, exemple is renamed (git mv), api-engagement leaves."""
    repo = Repo(tmp_path / "portfolio")
    repo.write("decl/a.yaml", GOOD)
    c1 = repo.commit("2025-01-10T09:00:00+01:00", "exemple arrives", author="Alice")
    repo.write("decl/a.yaml", BAD)
    repo.write("decl/b.yaml", API)
    c2 = repo.commit("2025-02-10T09:00:00+01:00", "intrapreneur; api-engagement arrives", author="Bruno")
    (repo.root / "decl" / "sub").mkdir()
    repo.git("mv", "decl/a.yaml", "decl/sub/alpha.yaml")
    c3 = repo.commit("2025-03-10T09:00:00+01:00", "exemple moves", author="Chloé")
    (repo.root / "decl" / "b.yaml").unlink()
    c4 = repo.commit("2025-04-10T09:00:00+02:00", "api-engagement leaves", author="Dominique")
    monkeypatch.chdir(repo.root)
    return repo, [c1, c2, c3, c4]


def made(catalog, paths=("decl",), today=LATER, start=DAYS[0], end=DAYS[-1], **options):
    with Past(catalog, list(paths), "fr", today=today, **options) as past:
        return past.history(start, end, "month", options.get("startup"))


def by_series(history):
    found = {}
    for record in history.records:
        found.setdefault(record.series, []).append(record)
    return found


def test_each_date_judges_each_declaration_as_committed_that_day(portfolio, catalog):
    repo, (c1, c2, c3, c4) = portfolio
    history = made(catalog)
    assert history.source == "git" and history.note is None
    assert [(p.as_of, p.checked, p.commit) for p in history.points] == [
        (D(2024, 12, 15), 0, None),  # before the first commit: nothing existed
        (D(2025, 1, 15), 1, c1),
        (D(2025, 2, 15), 2, c2),
        (D(2025, 3, 15), 2, c3),
        (D(2025, 4, 15), 1, c4),  # api-engagement deleted: it stops counting
    ]
    series = by_series(history)
    assert list(series) == ["id:exemple-conforme", "id:api-engagement"]
    exemple = series["id:exemple-conforme"]  # renamed, same history
    assert [(r.as_of, r.file, r.obligations["intrapreneur"]) for r in exemple] == [
        (D(2025, 1, 15), "decl/a.yaml", "pass"),
        (D(2025, 2, 15), "decl/a.yaml", "fail"),
        (D(2025, 3, 15), "decl/sub/alpha.yaml", "fail"),
        (D(2025, 4, 15), "decl/sub/alpha.yaml", "fail"),
    ]
    assert [r.as_of for r in series["id:api-engagement"]] == [D(2025, 2, 15), D(2025, 3, 15)]
    for record in history.records:  # each record is the checker on the file as committed, as of its date
        doc, problems = load_text(repo.git("show", f"{record.commit}:{record.file}"))
        result = Evaluator(catalog, record.as_of, "fr").check_document(doc, problems, record.file)
        assert (record.status, record.obligations) == (result.status, result.obligations), record


def test_todays_files_are_only_used_where_there_is_no_history(portfolio, catalog):
    history = made(catalog, as_now=True)
    assert history.source == "today" and history.note is None
    assert [p.checked for p in history.points] == [1, 1, 1, 1, 1]  # today's single file, at every date
    assert {r.file for r in history.records} == {"decl/sub/alpha.yaml"}
    assert [p.checked for p in made(catalog).points] == [0, 1, 2, 2, 1]  # git's own path


def test_uncommitted_changes_count_for_today_and_later_only(portfolio, catalog):
    repo, (_, _, c3, c4) = portfolio
    repo.write("decl/sub/alpha.yaml", GOOD)  # the intrapreneur fixed, not committed
    repo.write("decl/c.yaml", GOOD.replace("id: exemple-conforme", "id: nouvelle"))  # new, untracked
    history = made(catalog, today=D(2025, 4, 15), start=D(2025, 3, 15), end=D(2025, 5, 15))
    exemple = by_series(history)["id:exemple-conforme"]
    assert [(r.as_of, r.commit, r.obligations["intrapreneur"]) for r in exemple] == [
        (D(2025, 3, 15), c3, "fail"),  # as committed
        (D(2025, 4, 15), None, "pass"),  # today: the work tree's file
        (D(2025, 5, 15), None, "pass"),  # after today: the latest known
    ]
    assert [r.as_of for r in by_series(history)["id:nouvelle"]] == [D(2025, 4, 15), D(2025, 5, 15)]
    assert [p.commit for p in history.points] == [c3, c4, c4]


def test_each_version_is_read_once_and_judged_for_each_date_it_stands_on(portfolio, catalog, monkeypatch):
    loaded, judged = [], []
    read = GitState.load_all
    examine = history_mod.examine

    def load_all(self, entries):
        entries = list(entries)
        loaded.extend(e.blob for e in entries)
        return read(self, entries)

    def counted(evaluator, item, with_facts=True):
        judged.append((evaluator.as_of, item.shown))
        return examine(evaluator, item, with_facts)

    monkeypatch.setattr(GitState, "load_all", load_all)
    monkeypatch.setattr(history_mod, "examine", counted)
    history = made(catalog)
    assert sorted(loaded) == sorted(set(loaded)) and len(loaded) == 3  # GOOD, BAD (renamed too), API
    assert sorted(judged) == sorted((r.as_of, r.file) for r in history.records) and len(judged) == 6


def test_outside_git_history_says_so_in_one_line_and_reevaluates_todays_files(tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.yaml").write_text(BAD, encoding="utf-8")
    code, out, err = run_cli("history", str(plain), "--from", "2025-01-15", "--to", "2025-03-15", "--format", "json")
    assert code == 0 and err.count("\n") == 1
    line = f"l'historique réévalue les fichiers d'aujourd'hui (pas un dépôt git : {plain})"
    assert err == f"conformite: {line}\n"
    found = json.loads(out)
    assert found["source"] == "today" and found["note"] == line and [p["checked"] for p in found["points"]] == [1, 1, 1]
    code, out, err = run_cli("history", str(plain), "--from", "2025-01-15", "--to", "2025-03-15", "--as-now")
    assert code == 0 and err == "" and "Fichiers d'aujourd'hui réévalués" in out  # asked for: no line


def test_declarations_git_ignores_are_reevaluated_today_and_said_never_a_history_of_zeros(tmp_path):
    """A portfolio imported into a folder the repository ignores (the README's `portfolio/` in a
    clone of conformite) has no past in git: every date counted none of its files, a chart of
    zeros said without a word. Its history re-evaluates today's files, with one line why."""
    repo = Repo(tmp_path / "repo")
    repo.write(".gitignore", "/portfolio/\n")
    repo.commit("2025-01-01T12:00:00+00:00", "ignore the portfolio")
    repo.write("portfolio/a.yaml", BAD)
    code, out, err = run_cli(
        "history", "portfolio", "--from", "2025-01-15", "--to", "2025-03-15", "--format", "json", cwd=repo.root
    )
    line = (
        "l'historique réévalue les fichiers d'aujourd'hui (aucune de ces déclarations n'est commitée dans git : "
        "nouvelles, ou ignorées par .gitignore)"
    )
    assert code == 0 and err == f"conformite: {line}\n"
    assert [p["checked"] for p in json.loads(out)["points"]] == [1, 1, 1]


def test_the_json_has_one_record_per_date_and_startup_and_keeps_its_keys(portfolio):
    repo, commits = portfolio
    code, out, err = run_cli(
        "history", "decl", "--from", "2024-12-15", "--to", "2025-04-15", "--format", "json", cwd=repo.root
    )
    assert code == 0 and err == ""
    found = json.loads(out)
    assert found["history_version"] == 1 and found["source"] == "git" and found["startup"] is None
    assert {"from", "to", "every", "points", "errors", "records"} <= set(found)
    for point in found["points"]:
        assert {"as_of", "checked", "compliant", "fails"} <= set(point)  # the keys of version 1 stay
        records = [r for r in found["records"] if r["as_of"] == point["as_of"]]
        assert len(records) == point["checked"] + point["invalid"]
        assert len({r["series"] for r in records}) == len(records)  # one per startup and date
    last = found["records"][-1]
    assert last == {
        "as_of": "2025-04-15",
        "startup": "exemple-conforme",
        "file": "decl/sub/alpha.yaml",
        "series": "id:exemple-conforme",
        "status": "non-compliant",
        "group": "breach",
        "phase": "construction",
        "commit": commits[3],
        "obligations": last["obligations"],
        "failures": {"intrapreneur": "breach"},
    }
    assert last["obligations"]["intrapreneur"] == "fail" and len(last["obligations"]) == 22
    lines = out.splitlines()
    assert sum(line.startswith('    {"as_of"') for line in lines) == len(found["records"])  # a line each


def test_points_split_breaches_and_facts_to_complete_per_phase_view(tmp_path, catalog, monkeypatch):
    repo = Repo(tmp_path / "p")
    closed = GOOD.replace("id: exemple-conforme", "id: fermee").replace(
        "    - {name: construction, start: 2024-02-01}",
        "    - {name: construction, start: 2024-02-01}\n    - {name: abandon, start: 2024-10-01}",
    )
    repo.write("a.yaml", BAD)  # active, a breach
    repo.write(
        "b.yaml",
        GOOD.replace("id: exemple-conforme", "id: sans-nom").replace("name: Jeanne Martin, ", ""),  # to complete
    )
    repo.write("c.yaml", closed)
    repo.commit("2025-01-05T10:00:00+01:00", "three")
    monkeypatch.chdir(repo.root)
    history = made(catalog, paths=["."], start=D(2025, 1, 15), end=D(2025, 2, 15))
    for point in history.points:
        active, gone = point.phases["active"], point.phases["closed"]
        assert (active["checked"], gone["checked"], point.checked) == (2, 1, 3)
        for counts in (active, gone, point.view("all")):
            assert counts["compliant"] + counts["breach"] + counts["missing"] == counts["checked"]
        assert (active["breach"], active["missing"], gone["checked"] - gone["compliant"]) == (1, 1, 0)
        assert point.fails["intrapreneur"] == active["fails"]["intrapreneur"] == 2
        groups = [r.group for r in history.records if r.as_of == point.as_of and r.phase != "abandon"]
        assert active["missing"] == groups.count("missing") and active["breach"] == groups.count("breach")
    assert [r.phase for r in by_series(history)["id:fermee"]] == ["abandon", "abandon"]


def test_history_startup_follows_one_startup_through_its_renames(portfolio):
    repo, _ = portfolio
    args = ("history", "decl", "--from", "2024-12-15", "--to", "2025-04-15", "--startup", "exemple-conforme")
    code, out, err = run_cli(*args, cwd=repo.root)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Évolution de la conformité du 2024-12-15 au 2025-04-15 — exemple-conforme"
    assert "fichier : decl/a.yaml, decl/sub/alpha.yaml" in lines
    assert re.search(r"^intrapreneur +  ✓✗✗✗$", out, re.M)  # blank before the first commit
    assert re.search(r"^statut +  ✓✗✗✗$", out, re.M)
    code, out, _ = run_cli(*args, "--format", "json", cwd=repo.root)
    assert {r["startup"] for r in json.loads(out)["records"]} == {"exemple-conforme"}
    assert [p["checked"] for p in json.loads(out)["points"]] == [0, 1, 1, 1, 1]
    code, out, err = run_cli(*args[:-1], "personne", cwd=repo.root)
    assert (
        code == 2 and out == "" and err == "conformite: aucune déclaration de startup.id « personne » sur la période\n"
    )


# --- the sheet --------------------------------------------------------------------


@pytest.fixture
def sheet_repo(tmp_path):
    """One declaration: committed before its committee of 2024-12-10, its intrapreneur broken
    after it by an author whose name is hostile, its title changed by another."""
    repo = Repo(tmp_path / "sheet")
    repo.write("decl/a.yaml", GOOD)
    c1 = repo.commit("2024-11-10T10:00:00+01:00", "exemple", author="Alice")
    repo.write("decl/a.yaml", BAD)
    c2 = repo.commit("2025-01-05T10:00:00+01:00", "<b>agent</b> \x1b[31mno more", author='Bruno "co" & fils')
    repo.write("decl/a.yaml", BAD.replace("title: Exemple conforme", "title: Exemple renommé"))
    c3 = repo.commit("2025-01-20T10:00:00+01:00", "title", author="Chloé")
    return repo, [c1, c2, c3]


def sheet(repo, *extra):
    args = ("sheet", "decl/a.yaml", "--as-of", "2025-02-15", "--history-from", "2024-10-15", *extra)
    return run_cli(*args, cwd=repo.root)


def test_the_sheet_says_which_verdicts_moved_since_the_last_committee_and_who_moved_them(sheet_repo):
    repo, (_, c2, c3) = sheet_repo
    code, page, err = sheet(repo)
    assert code == 0 and err == ""
    since = re.search(r'<section class="since">(.*?)</section>', page, re.S).group(1)
    assert "<h2>Depuis le dernier comité (2024-12-10)</h2>" in since
    rows = re.findall(r'<tr data-obligation="([a-z-]+)">(.*?)</tr>', since, re.S)
    assert [oid for oid, _ in rows] == ["intrapreneur"]  # nothing else moved between 2024-12-10 and 2025-02-15
    cells = re.findall(r"<td>(.*?)</td>", rows[0][1], re.S)
    assert "pill pass" in cells[1] and "pill fail" in cells[2]
    assert f"<code>{c2[:7]}</code> 2025-01-05 · Bruno &quot;co&quot; &amp; fils" in cells[3]
    assert "&lt;b&gt;agent&lt;/b&gt; \ufffd[31mno more" in cells[3]  # the subject escaped, its escape code made visible
    assert "clés modifiées : team.intrapreneur.public_agent" in cells[3] and c3[:7] not in cells[3]
    edits = re.findall(r"<li>(.*?)</li>", since.split("<h3>")[1], re.S)
    assert len(edits) == 2 and c3[:7] in edits[1] and "clés modifiées : startup.title" in edits[1]
    assert "verdicts changés : intrapreneur" in edits[0] and "verdicts changés" not in edits[1]
    assert "<b>agent" not in page and "\x1b" not in page


def test_a_verdict_moved_by_the_date_alone_names_no_commit(sheet_repo):
    repo, _ = sheet_repo
    code, page, _ = run_cli("sheet", "decl/a.yaml", "--as-of", "2025-12-01", "--format", "markdown", cwd=repo.root)
    assert code == 0
    rows = dict(
        re.findall(r"^\| ([a-z-]+) \| .*? \| .*? \| (.*) \|$", page.split("## Depuis le dernier comité")[1], re.M)
    )
    assert "Bruno" in rows["intrapreneur"]
    assert (
        rows["investment-committee"]
        == "aucune modification de la déclaration : la date (une échéance passée ou proche)"
    )


def test_the_sheets_strip_has_a_cell_per_date_in_the_reports_colours_with_words(sheet_repo, catalog):
    repo, _ = sheet_repo
    _, page, _ = sheet(repo)
    tables = re.findall(r'<table class="strip">(.*?)</table>', page, re.S)  # two halves, side by side on paper
    assert len(tables) == 2
    for strip in tables:
        dates = re.findall(r'<th scope="col"><span>([0-9-]+)</span></th>', strip)
        assert dates == ["2024-10-15", "2024-11-15", "2024-12-15", "2025-01-15", "2025-02-15"]
    rows = re.findall(r'<tr data-obligation="([a-z-]+)">(.*?)</tr>', "".join(tables), re.S)
    assert [oid for oid, _ in rows] == catalog.obligation_ids
    cells = {oid: re.findall(r'<td class="([a-z -]+)" title="([0-9-]+) : ([^"]+)">', body) for oid, body in rows}
    assert all(len(found) == len(dates) for found in cells.values())
    assert [c[0] for c in cells["intrapreneur"]] == ["none", "pass", "pass", "fail", "fail"]
    assert cells["intrapreneur"][3][2] == "non respectée — manquement"  # its words, beside its colour
    assert cells["intrapreneur"][0][2] == "pas de fichier à cette date"
    assert page.count('<span class="sr">') >= 23 * len(dates)  # every cell says its verdict to a screen reader


def test_outside_git_the_sheet_says_its_changes_are_unknown(tmp_path):
    (tmp_path / "a.yaml").write_text(BAD, encoding="utf-8")
    code, page, err = run_cli("sheet", str(tmp_path / "a.yaml"), "--as-of", "2025-02-15")
    line = f"l'historique réévalue les fichiers d'aujourd'hui (pas un dépôt git : {tmp_path})"
    assert code == 0 and err == f"conformite: {line}\n"
    since = re.search(r'<section class="since">(.*?)</section>', page, re.S).group(1)
    assert html.unescape(re.search(r'<p class="note">(.*?)</p>', since).group(1)) == line
    assert "Fichiers d'aujourd'hui réévalués" in html.unescape(page)  # the strip says what it is
    code, page, err = run_cli(
        "sheet", str(tmp_path / "a.yaml"), "--as-of", "2025-02-15", "--history-from", "2025-03-01"
    )
    assert code == 2 and err == "conformite: --history-from 2025-03-01 tombe après la date d'évaluation 2025-02-15\n"
    # the portfolio page too: a history after the report's date is said, never a page without its chart
    code, _, err = run_cli(
        "check",
        str(tmp_path / "a.yaml"),
        "--as-of",
        "2025-02-15",
        "--history-from",
        "2025-03-01",
        "--format",
        "html",
        "--output",
        str(tmp_path / "report.html"),
    )
    assert code == 2 and err == "conformite: --history-from 2025-03-01 tombe après la date d'évaluation 2025-02-15\n"
    assert not (tmp_path / "report.html").exists()


# --- the portfolio page, the server, the static site ------------------------------


@pytest.mark.browser
def test_the_portfolio_page_shows_the_real_series_of_the_phase_filtered(portfolio, tmp_path):
    repo, _ = portfolio
    report = tmp_path / "report.html"
    args = ("check", "decl", "--as-of", "2025-04-15", "--format", "html", "--history-from", "2024-12-15")
    code, _, err = run_cli(*args, "--phase", "active", "--output", str(report), cwd=repo.root)
    assert code == 1 and err == ""
    page = report.read_text(encoding="utf-8")
    section = re.search(r'<section id="history">(.*?)</section>', page, re.S).group(1)
    figures = re.findall(r'<figure data-phase="([a-z]+)"( hidden)?>', section)
    assert figures == [("active", ""), ("closed", " hidden"), ("all", " hidden")]
    assert "Historique lu dans git" in section
    active = re.search(r'<figure data-phase="active">.*?<desc>(.*?)</desc>', section, re.S).group(1)
    assert "avec manquements : 0 (2024-12-15) → 1 (2025-04-15)" in active and "conformes : 0 (2024-12-15)" in active
    dom = dump_dom(report, tmp_path / "profile", "#phase=all")
    shown = re.findall(r'<figure data-phase="([a-z]+)"( hidden="")?>', dom)
    assert shown == [("active", ' hidden=""'), ("closed", ' hidden=""'), ("all", "")]  # the script follows the filter


def test_the_servers_history_page_reads_git_per_phase_view(portfolio):
    from starlette.testclient import TestClient

    from checker.web.app import Settings, create_app

    repo, _ = portfolio
    with TestClient(create_app(Settings(directory=str(repo.root / "decl"), engine="lock"))) as client:
        params = {"from": "2024-12-15", "to": "2025-04-15", "phase": "active"}
        answer = client.get("/history", params=params)
        assert answer.status_code == 200
        assert "Historique lu dans git" in answer.text and 'aria-current="page">startups actives</a>' in answer.text
        rows = re.findall(
            r'<tr><th scope="row">([0-9-]+)</th><td><code>([0-9a-f-]+)</code></td>((?:<td>\d+</td>)+)', answer.text
        )
        assert [(day, [int(n) for n in re.findall(r"\d+", cells)][:4]) for day, _, cells in rows] == [
            ("2024-12-15", [0, 0, 0, 0]),
            ("2025-01-15", [1, 1, 0, 0]),
            ("2025-02-15", [2, 0, 2, 0]),  # exemple breaks its rule, api-engagement arrives with breaches
            ("2025-03-15", [2, 0, 2, 0]),
            ("2025-04-15", [1, 0, 1, 0]),
        ]
        svg = client.get("/history.svg", params=params)
        assert svg.text.startswith("<?xml") and "startups actives" in svg.text
        assert client.get("/history", params={**params, "phase": "nope"}).status_code == 400


def test_a_sheet_follows_its_file_back_through_a_rename_to_every_commit_since_the_committee(portfolio, tmp_path):
    """sheet --output-dir (one history for the directory): exemple, renamed after its changes,
    still lists the commits made under its old name, and not those of the file that left."""
    repo, (c1, c2, c3, c4) = portfolio
    code, _, err = run_cli(
        "sheet", "decl", "--output-dir", str(tmp_path / "sheets"), "--as-of", "2025-04-15", cwd=repo.root
    )
    assert code == 0 and err == ""
    page = (tmp_path / "sheets" / "exemple-conforme.html").read_text(encoding="utf-8")
    since = re.search(r'<section class="since">(.*?)</section>', page, re.S).group(1)
    edits = re.findall(r"<li><code>([0-9a-f]{7})</code> [0-9-]+ · ([^ <]+)", since.split("<h3>")[1])
    assert edits == [(c1[:7], "Alice"), (c2[:7], "Bruno"), (c3[:7], "Chloé")] and c4[:7] not in since
    assert "clés modifiées : aucun" in since  # the rename changed no key
    strip = re.search(
        r'<tr data-obligation="intrapreneur">(.*?)</tr>', page.split('<table class="strip">')[1], re.S
    ).group(1)
    assert re.findall(r'<td class="([a-z -]+)"', strip)[-4:] == ["pass", "fail", "fail", "fail"]


def test_compute_and_git_agree_on_a_single_unchanged_file(tmp_path, catalog, monkeypatch):
    """A file committed once and never changed: git's history is today's re-evaluation, from its commit on."""
    repo = Repo(tmp_path / "one")
    repo.write("a.yaml", API)
    repo.commit("2024-06-01T10:00:00+02:00", "one")
    monkeypatch.chdir(repo.root)
    git = made(catalog, paths=["a.yaml"], start=D(2024, 7, 1), end=D(2025, 6, 1))
    from checker.reading.declarations import load

    now = compute(catalog, [load("a.yaml", repo.root / "a.yaml")], D(2024, 7, 1), D(2025, 6, 1))
    assert [p.to_json() | {"commit": None} for p in git.points] == [p.to_json() for p in now.points]


@pytest.mark.browser
def test_a_sheet_with_its_strip_still_prints_on_three_a4_pages(sheet_repo, tmp_path):
    """The strip's two halves stand side by side on paper: the example's sheet, with a year of
    verdicts and what moved since its committee, stays within three pages."""
    import subprocess

    import pypdf
    from conftest import CHROMIUM_FLAGS, chromium

    repo, _ = sheet_repo
    page = tmp_path / "sheet.html"
    code, _, _ = run_cli("sheet", "decl/a.yaml", "--as-of", "2025-02-15", "--output", str(page), cwd=repo.root)
    assert code == 0 and page.read_text(encoding="utf-8").count('<table class="strip">') == 2
    pdf = tmp_path / "sheet.pdf"
    args = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer"]
    subprocess.run([*args, f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=120, check=True)
    pages = pypdf.PdfReader(str(pdf)).pages
    assert 1 <= len(pages) <= 3 and "Verdicts sur la période" in "".join(p.extract_text() for p in pages)
