"""The DashLord importer over the whole real sample (../shared/data/dashlord), and evidence
findings made from it by ``check --evidence``."""

import datetime as dt
import json
import re

import pytest
from conftest import ROOT

from checker.cli import main
from checker.evidence import dashlord, store
from checker.evidence.findings import EvidenceStep
from checker.run import run_check

DASHLORD = ROOT.parent / "shared" / "data" / "dashlord"
RESULTS = DASHLORD / "results"
CONTENT = ROOT.parent / "shared" / "data" / "betagouv" / "content"
OBSERVED = dt.date(2026, 10, 4)


def notice_table():
    """folder -> (url, startup id, betaId or None, files) from NOTICE.md's table."""
    rows = {}
    for line in (DASHLORD / "NOTICE.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].isdigit():
            folder = cells[1].strip("`")
            beta = None if cells[4] in ("—", "-", "") else cells[4]
            rows[folder] = (cells[2], cells[3], beta, sorted(f.strip() for f in cells[5].split(",")))
    return rows


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    out = tmp_path_factory.mktemp("portfolio")
    assert main(["import", "betagouv", str(CONTENT), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def imported(portfolio):
    config = dashlord.load_config(DASHLORD / "dashlord.yml")
    declared = dashlord.load_declarations([str(portfolio)])
    return dashlord.read_results(RESULTS, config, declared, OBSERVED)


def test_notice_table_is_whole():
    assert len(notice_table()) == 40


def test_every_file_of_the_sample_is_read(imported):
    on_disk = sorted(f"{p.parent.name}/{p.name}" for p in RESULTS.glob("*/*.json"))
    assert len(on_disk) == 160
    assert sorted(imported.files_read) == on_disk
    assert imported.problems == [] and imported.skipped == []


def test_each_url_maps_to_the_startup_of_the_notice(imported):
    table = notice_table()
    for folder, (url, startup, _beta, files) in table.items():
        assert dashlord.decode_folder(folder) == url
        assert imported.mapping[url][0] == startup, url
        present = sorted(p.stem for p in (RESULTS / folder).glob("*.json"))
        assert present == files, folder
    # the four betaIds that are not the link's startup: decided by the declared link
    how = {url: imported.mapping[url][1] for url, *_ in table.values()}
    assert how["https://contrat.apprentissage.beta.gouv.fr"] == "link"
    assert how["https://emplois.inclusion.beta.gouv.fr"] == "link"
    assert how["https://plusfraichemaville.fr"] == "link"
    assert how["https://api.apprentissage.beta.gouv.fr"] == "link"
    assert how["https://audioconf.numerique.gouv.fr"] == "link"  # no betaId in dashlord.yml
    assert how["https://pix.fr"] == "betaId"
    assert sorted(imported.observations) == sorted(row[1] for row in table.values())


def test_without_declarations_betaid_only_and_unmapped_urls_said():
    done = dashlord.read_results(RESULTS, dashlord.load_config(DASHLORD / "dashlord.yml"), None, OBSERVED)
    assert done.mapping["https://audioconf.numerique.gouv.fr"] == (None, None)
    assert done.mapping["https://emplois.inclusion.beta.gouv.fr"] == ("itou", "betaId")
    assert "audioconf" not in done.observations and len(done.observations) == 39


def _obs(imported, startup, fact, tool=None):
    return [
        o for o in imported.observations[startup] if o["fact"] == fact and (tool is None or o["source"]["tool"] == tool)
    ]


def test_quirks_of_the_sample(imported):
    # malformed statement URL kept as found, and said
    [a11y] = _obs(imported, "trackdechets", "accessibility.status")
    assert a11y["url"] == "https://trackdechets.beta.gouv.fr//trackdechets.beta.gouv.fr/accessibilite/"
    assert a11y["details"]["url_malformed"] is True
    # datapass: a privacy mention without a URL, score 0/0
    [pc] = _obs(imported, "datapass", "personal_data.privacy_notice_url")
    assert pc["status"] == "found" and pc["url"] is None and pc["details"]["max_score"] == 0
    # mobilic: budget page F with url "null"; beta.gouv.fr declares a budget_url; both kept
    budget = _obs(imported, "mobilic", "budget.page_url")
    assert {(o["source"]["tool"], o["status"], o["url"] is None) for o in budget} == {
        ("budget_page", "not-found", True),
        ("betagouv", "value", False),
    }
    # contradicting tools, both kept with their own date
    statuses = {
        o["source"]["tool"]: (o["value"], o["date_source"]) for o in _obs(imported, "mobilic", "accessibility.status")
    }
    assert statuses == {
        "declaration-a11y": ("non conforme", "observed-on"),
        "betagouv": ("partiellement conforme", "observed-on"),
    }
    # older updownio format (no `type`, no `domain`) still gives the uptime, dated by the file
    [uptime] = _obs(imported, "carbure", "online_procedure.observatoire.availability")
    assert uptime["date_source"] == "file" and re.fullmatch(r"\d{4}-\d\d-\d\d", uptime["observed_on"])
    [santepsy] = _obs(imported, "sante-psy-etudiant", "online_procedure.observatoire.availability")
    assert santepsy["value"] == 95.52 and santepsy["observed_on"] == "2025-09-28"
    # stats checks only <url>/stats, and says so
    [stats] = _obs(imported, "pix", "statistics.url", "stats")
    assert stats["status"] == "not-found" and stats["details"]["checked"] == "https://pix.fr/stats"
    # http.json dated by its date header; annuaire-entreprises has none: the fallback date, said
    [http] = _obs(imported, "mobilic", "startup.link")
    assert http["date_source"] == "file" and http["observed_on"] == "2026-10-04"
    [cdn] = _obs(imported, "annuaire-entreprises", "startup.link")
    assert cdn["date_source"] == "observed-on"
    # no declaration-a11y for pix and mrs; no rgpd for mon-entreprise
    assert (
        _obs(imported, "pix", "accessibility.status") == []
        and _obs(imported, "mon-entreprise", "personal_data.privacy_notice_url") == []
    )


def test_mtime_is_the_date_when_none_is_given(portfolio):
    done = dashlord.read_results(RESULTS, {}, dashlord.load_declarations([str(portfolio)]), None)
    [stats] = _obs(done, "mobilic", "statistics.url", "stats")
    mtime = dt.datetime.fromtimestamp(
        (RESULTS / "aHR0cHM6Ly9tb2JpbGljLmJldGEuZ291di5mcg==" / "stats.json").stat().st_mtime, dt.UTC
    )
    assert stats["date_source"] == "mtime" and stats["observed_on"] == mtime.date().isoformat()


def test_bad_inputs_cost_one_file(tmp_path, capsys):
    results = tmp_path / "results"
    good = results / "aHR0cHM6Ly9leGFtcGxlLm9yZw=="  # https://example.org
    good.mkdir(parents=True)
    (good / "stats.json").write_text('{"grade":"F","url":"https://example.org","uri":"stats"}')
    (good / "updownio.json").write_text("{not json")
    (good / "declaration-a11y.json").write_text("[1, 2]")
    (results / "not base64!").mkdir()
    (tmp_path / "dashlord.yml").write_text("urls:\n  - url: https://example.org\n    betaId: example\n")
    out = tmp_path / "evidence"
    code = main(
        [
            "evidence",
            "dashlord",
            str(results),
            "--config",
            str(tmp_path / "dashlord.yml"),
            "--out",
            str(out),
            "--observed-on",
            "2026-10-04",
        ]
    )
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    assert "updownio.json : illisible" in err and "declaration-a11y.json : forme inattendue" in err
    assert "not base64! : nom de dossier illisible" in err
    [obs] = store.load(out, "example")
    assert obs["fact"] == "statistics.url" and obs["observed_on"] == "2026-10-04"
    assert main(["evidence", "dashlord", str(tmp_path / "nowhere"), "--out", str(out)]) == 2
    assert (
        main(["evidence", "dashlord", str(results), "--config", str(tmp_path / "nowhere.yml"), "--out", str(out)]) == 2
    )
    assert "Traceback" not in capsys.readouterr().err


def test_an_impossible_observed_on_is_one_sentence_and_nothing_written(tmp_path, capsys):
    out = tmp_path / "evidence"
    for bad in ("2026-13-01", "04/10/2026"):
        assert main(["evidence", "dashlord", str(RESULTS), "--observed-on", bad, "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert bad in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()


@pytest.fixture(scope="module")
def evidence_dir(portfolio, tmp_path_factory):
    out = tmp_path_factory.mktemp("evidence")
    args = [
        "evidence",
        "dashlord",
        str(RESULTS),
        "--config",
        str(DASHLORD / "dashlord.yml"),
        "--declarations",
        str(portfolio),
        "--observed-on",
        OBSERVED.isoformat(),
        "--out",
        str(out),
    ]
    assert main(args) == 0
    first = {p.name: p.read_bytes() for p in out.glob("*.json")}
    assert main(args) == 0  # a re-import gives the same bytes
    assert {p.name: p.read_bytes() for p in out.glob("*.json")} == first
    assert len(first) == 40
    return out


def _check(catalog, files, evidence_dir, as_of, max_age=30, verbose=False, lang="fr"):
    from checker.run import collect

    step = EvidenceStep(evidence_dir, catalog, as_of, lang, max_age, verbose) if evidence_dir else None
    return run_check(catalog, collect([str(f) for f in files]), as_of, lang, verbose=verbose, evidence=step)


def _evidence(report):
    return {d.startup: [f for f in d.findings if getattr(f, "cause", None) == "evidence"] for d in report.declarations}


def test_accessibility_contradiction_warns_with_source_and_date(catalog, portfolio, evidence_dir):
    report = _check(
        catalog, [portfolio / "mobilic.yaml", portfolio / "aplus.yaml"], evidence_dir, dt.date(2026, 10, 10)
    )
    found = _evidence(report)
    [mobilic] = found["mobilic"]
    assert mobilic.outcome == "warn" and mobilic.rule == "evidence-accessibility-status"
    assert mobilic.message == (
        "accessibility.status déclaré « partiellement conforme », mais le site affiche « non conforme » "
        "(DashLord declaration-a11y, le 2026-10-04)."
    )
    assert mobilic.evidence["source"] == "dashlord/declaration-a11y" and mobilic.evidence["observed_on"] == "2026-10-04"
    lines = (portfolio / "mobilic.yaml").read_text(encoding="utf-8").splitlines()
    section = lines.index("accessibility:")
    status_line = next(i for i in range(section, len(lines)) if lines[i].startswith("  status:")) + 1
    assert (mobilic.line, mobilic.path) == (status_line, "accessibility.status")
    assert report.declarations.contradicted == 2
    assert report.summary["contradicted_by_evidence"] == 2


def test_stats_elsewhere_is_not_verified_not_a_contradiction(catalog, portfolio, evidence_dir):
    report = _check(catalog, [portfolio / "pix.yaml"], evidence_dir, dt.date(2026, 10, 10), verbose=True)
    [note] = [f for f in _evidence(report)["pix"] if f.rule == "evidence-statistics-page"]
    assert note.outcome == "pass" and note.evidence["status"] == "unconfirmed"
    assert "non vérifié" in note.message and "https://pix.fr/stats" in note.message
    quiet = _check(catalog, [portfolio / "pix.yaml"], evidence_dir, dt.date(2026, 10, 10))
    assert _evidence(quiet)["pix"] == []  # notes only with --verbose


def test_stale_evidence_is_said_and_not_used(catalog, portfolio, evidence_dir):
    report = _check(catalog, [portfolio / "mobilic.yaml"], evidence_dir, dt.date(2026, 11, 28), verbose=True)
    found = _evidence(report)["mobilic"]
    assert found and all(f.outcome == "pass" and f.evidence["status"] == "stale" for f in found)
    assert "trop ancienne" in found[0].message
    assert report.declarations.contradicted == 0


def test_availability_contradiction(catalog, tmp_path, evidence_dir):
    # edited as text: a PyYAML round trip would turn the example's `on:` keys into booleans
    text = (ROOT / "fixtures" / "examples" / "exemple-conforme.yaml").read_text(encoding="utf-8")
    assert "  id: exemple-conforme\n" in text and "  is_procedure: true\n" in text and "availability: 99.9}" in text
    path = tmp_path / "santepsy.yaml"
    path.write_text(text.replace("  id: exemple-conforme\n", "  id: sante-psy-etudiant\n"), encoding="utf-8")
    report = _check(catalog, [path], evidence_dir, dt.date(2025, 10, 1))
    [finding] = [f for f in _evidence(report)["sante-psy-etudiant"] if f.rule == "evidence-availability"]
    assert finding.outcome == "warn"
    assert finding.message == "Disponibilité déclarée 99,9 %, mais mesurée 95,52 % (DashLord updownio, le 2025-09-28)."
    [decl] = list(report.declarations)
    assert decl.obligations["observatoire"] == "warn"


def test_without_evidence_the_json_report_has_nothing_new(portfolio, evidence_dir, capsys, tmp_path):
    files = [str(portfolio / "mobilic.yaml"), str(portfolio / "aplus.yaml")]
    main(["check", *files, "--as-of", "2026-10-10", "--format", "json"])
    plain = json.loads(capsys.readouterr().out)
    assert list(plain["summary"]) == ["declarations", "compliant", "non_compliant", "invalid"]
    # every finding has its rule's cause (issue 10); none is an evidence one
    assert all(f["cause"] != "evidence" and "evidence" not in f for d in plain["declarations"] for f in d["findings"])
    main(["check", *files, "--as-of", "2026-10-10", "--format", "json", "--evidence", str(evidence_dir)])
    with_evidence = json.loads(capsys.readouterr().out)
    assert with_evidence["summary"]["contradicted_by_evidence"] == 2
    # apart from the evidence findings and the obligations they raise, nothing moved
    for before, after in zip(plain["declarations"], with_evidence["declarations"]):
        assert [f for f in after["findings"] if f.get("cause") != "evidence"] == before["findings"]
        assert {k: v for k, v in after["obligations"].items() if k != "observatoire"} == {
            k: v for k, v in before["obligations"].items() if k != "observatoire"
        }
    for fmt, needle in (
        ("table", "DashLord declaration-a11y, le 2026-10-04"),
        ("markdown", "2 déclaration(s) contredite(s)"),  # escaped only where Markdown would misread
        ("html", "◆"),
    ):
        main(["check", *files, "--as-of", "2026-10-10", "--format", fmt, "--evidence", str(evidence_dir)])
        assert needle in capsys.readouterr().out, fmt
    assert main(["check", *files, "--evidence", str(tmp_path / "nowhere")]) == 2


def test_every_format_renders_evidence(portfolio, evidence_dir, capsys):
    from checker.cli import FORMATS

    files = [str(portfolio / "mobilic.yaml"), str(portfolio / "pix.yaml")]
    for fmt in FORMATS:
        code = main(
            [
                "check",
                *files,
                "--as-of",
                "2026-10-10",
                "--format",
                fmt,
                "--evidence",
                str(evidence_dir),
                "--verbose",
                "--fail-on",
                "never",
            ]
        )
        captured = capsys.readouterr()
        assert code == 0 and "Traceback" not in captured.err, fmt
        assert "evidence-accessibility-status" in captured.out or re.search(
            r"DashLord declaration\\?-a11y", captured.out
        ), fmt


def test_english_messages(portfolio, evidence_dir, capsys):
    main(
        [
            "check",
            str(portfolio / "mobilic.yaml"),
            "--as-of",
            "2026-10-10",
            "--evidence",
            str(evidence_dir),
            "--lang",
            "en",
        ]
    )
    out = capsys.readouterr().out
    assert (
        "accessibility.status declared “partiellement conforme”, but the site shows “non conforme” "
        "(DashLord declaration-a11y, on 2026-10-04)."
    ) in out
    assert "Evidence (" in out and "1 declaration(s) contradicted" in out
