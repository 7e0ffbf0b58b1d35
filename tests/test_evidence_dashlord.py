"""The DashLord importer over the whole real sample (../shared/data/dashlord), and evidence
findings made from it by ``check --evidence``."""

import datetime as dt
import json
import re

import pytest
from conftest import ROOT

from checker.cli.main import main
from checker.evidence import dashlord, store
from checker.evidence.findings import EvidenceStep
from checker.judging.run import run_check

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
    config, said = dashlord.load_config(DASHLORD / "dashlord.yml")
    declared, skipped = dashlord.load_declarations([str(portfolio)])
    assert said == [] and skipped == [] and len(declared) == 662
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
    done = dashlord.read_results(RESULTS, dashlord.load_config(DASHLORD / "dashlord.yml")[0], None, OBSERVED)
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
    assert http["date_source"] == "http-date" and http["observed_on"] == "2026-10-04"
    [cdn] = _obs(imported, "annuaire-entreprises", "startup.link")
    assert cdn["date_source"] == "observed-on"
    # no declaration-a11y for pix and mrs; no rgpd for mon-entreprise
    assert (
        _obs(imported, "pix", "accessibility.status") == []
        and _obs(imported, "mon-entreprise", "personal_data.privacy_notice_url") == []
    )


def test_mtime_is_the_date_when_none_is_given(portfolio):
    done = dashlord.read_results(RESULTS, {}, dashlord.load_declarations([str(portfolio)])[0], None)
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
    assert "/updownio.json:1:2 : JSON illisible ligne 1, colonne 2" in err and "; ignoré" in err
    assert "declaration-a11y.json : forme inattendue" in err
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
    from checker.reading.declarations import collect

    step = EvidenceStep(evidence_dir, catalog, as_of, lang, max_age, verbose) if evidence_dir else None
    return run_check(catalog, collect([str(f) for f in files]), as_of, lang, verbose=verbose, evidence=step)


def _evidence(report):
    return {d.startup: [f for f in d.findings if getattr(f, "cause", None) == "evidence"] for d in report.declarations}


def _procedure(tmp_path, startup: str, accessibility: str | None = None):
    """The conforming example as ``startup``'s declaration: an online procedure (``observatoire``
    applies), edited as text (a PyYAML round trip would turn its `on:` keys into booleans)."""
    text = (ROOT / "fixtures" / "examples" / "exemple-conforme.yaml").read_text(encoding="utf-8")
    assert "  id: exemple-conforme\n" in text and "  is_procedure: true\n" in text
    assert "\naccessibility:" not in text
    text = text.replace("  id: exemple-conforme\n", f"  id: {startup}\n")
    if accessibility is not None:
        text += f"accessibility:\n  status: {accessibility}\n"
    path = tmp_path / f"{startup}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_contradiction_warns_where_its_obligation_applies(catalog, tmp_path, evidence_dir):
    path = _procedure(tmp_path, "mobilic", "partiellement conforme")
    report = _check(catalog, [path], evidence_dir, dt.date(2026, 10, 10))
    [finding] = [f for f in _evidence(report)["mobilic"] if f.rule == "evidence-accessibility-status"]
    assert finding.outcome == "warn" and finding.label("fr") == "attention (constaté)"
    assert finding.message == (
        "accessibility.status déclaré « partiellement conforme », mais le site affiche « non conforme » "
        "(DashLord declaration-a11y, le 2026-10-04, date donnée par --observed-on, la source n'en porte pas)."
    )
    assert finding.evidence["source"] == "dashlord/declaration-a11y" and finding.evidence["observed_on"] == "2026-10-04"
    assert finding.evidence["date_source"] == "observed-on"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[finding.line - 1].strip() == "status: partiellement conforme"
    [decl] = list(report.declarations)
    assert decl.obligations["observatoire"] == "warn"
    notes = [f for f in _evidence(report)["mobilic"] if f.outcome == "note"]
    assert [f.evidence["status"] for f in notes] == ["unconfirmed"]  # DashLord's /stats is not the declared page
    assert report.summary["contradicted_by_evidence"] == 1 and report.summary["evidence_notes"] == 1


def test_a_contradiction_of_an_obligation_that_does_not_apply_is_a_note(catalog, portfolio, evidence_dir):
    """Issue 22 #4: mobilic and aplus are no online procedures (observatoire does not apply): the
    site's other accessibility level is a note that says so, the verdict stays not-applicable,
    and the summary counts it as a note, not as a contradiction: report and summary agree."""
    report = _check(
        catalog, [portfolio / "mobilic.yaml", portfolio / "aplus.yaml"], evidence_dir, dt.date(2026, 10, 10)
    )
    found = _evidence(report)
    [mobilic] = found["mobilic"]
    assert mobilic.outcome == "note" and mobilic.evidence["status"] == "contradicted"
    assert mobilic.label("fr") == "note (sans objet)" and mobilic.label("en") == "note (not applicable)"
    assert mobilic.message.endswith(
        "(DashLord declaration-a11y, le 2026-10-04, date donnée par --observed-on, la source n'en porte pas). "
        "Sans effet sur les verdicts : l'obligation observatoire est sans objet pour cette déclaration."
    )
    for decl in report.declarations:
        assert decl.obligations["observatoire"] == "not-applicable"
    [aplus_stats] = [f for f in found["aplus"] if f.rule == "evidence-statistics-page"]
    assert aplus_stats.outcome == "note" and aplus_stats.evidence["status"] == "unconfirmed"
    notes = sum(f.outcome == "note" for findings in found.values() for f in findings)
    assert notes == 3 and all(f.outcome == "note" for findings in found.values() for f in findings)
    assert report.declarations.contradicted == 0
    assert report.summary["contradicted_by_evidence"] == 0 and report.summary["evidence_notes"] == 3


def test_stats_elsewhere_is_not_verified_not_a_contradiction(catalog, portfolio, evidence_dir):
    report = _check(catalog, [portfolio / "pix.yaml"], evidence_dir, dt.date(2026, 10, 10))
    [note] = [f for f in _evidence(report)["pix"] if f.rule == "evidence-statistics-page"]
    assert note.outcome == "note" and note.evidence["status"] == "unconfirmed"  # listed without --verbose
    assert note.label("fr") == "note (non vérifié)" and note.label("en") == "note (not verified)"
    assert "non vérifié" in note.message and "https://pix.fr/stats" in note.message


def test_stale_evidence_is_said_and_not_used(catalog, portfolio, evidence_dir):
    report = _check(catalog, [portfolio / "mobilic.yaml"], evidence_dir, dt.date(2026, 11, 28))
    found = _evidence(report)["mobilic"]
    assert found and all(f.outcome == "note" and f.evidence["status"] == "stale" for f in found)
    assert "trop ancienne" in found[0].message and found[0].label("fr") == "note (non utilisée)"
    assert report.declarations.contradicted == 0


def test_a_confirmation_is_a_pass_listed_with_verbose(catalog, tmp_path, evidence_dir):
    path = _procedure(tmp_path, "mobilic", "non conforme")
    quiet = _check(catalog, [path], evidence_dir, dt.date(2026, 10, 10))
    assert [f for f in _evidence(quiet)["mobilic"] if f.rule == "evidence-accessibility-status"] == []
    report = _check(catalog, [path], evidence_dir, dt.date(2026, 10, 10), verbose=True)
    [confirmed] = [f for f in _evidence(report)["mobilic"] if f.rule == "evidence-accessibility-status"]
    assert confirmed.outcome == "pass" and confirmed.evidence["status"] == "confirmed"


def test_availability_contradiction(catalog, tmp_path, evidence_dir):
    path = _procedure(tmp_path, "sante-psy-etudiant")
    report = _check(catalog, [path], evidence_dir, dt.date(2025, 10, 1))
    [finding] = [f for f in _evidence(report)["sante-psy-etudiant"] if f.rule == "evidence-availability"]
    assert finding.outcome == "warn"
    assert finding.message == (
        "Disponibilité déclarée 99,9 %, mais mesurée 95,52 % (DashLord updownio, le 2025-09-28, date écrite dans le résultat)."
    )
    assert finding.evidence["date_source"] == "file"  # updown.io's last_check_at, not --observed-on
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
    assert with_evidence["summary"]["contradicted_by_evidence"] == 0
    assert with_evidence["summary"]["evidence_notes"] == 3
    # apart from the evidence findings (notes: their obligations do not apply), nothing moved
    for before, after in zip(plain["declarations"], with_evidence["declarations"]):
        assert [f for f in after["findings"] if f.get("cause") != "evidence"] == before["findings"]
        assert after["obligations"] == before["obligations"]
        assert {f["outcome"] for f in after["findings"] if f.get("cause") == "evidence"} == {"note"}
    for fmt, needle in (
        ("table", "i note (sans objet)"),
        ("markdown", "ℹ️ note (sans objet)"),
        ("html", '<span class="pill note">ℹ note (sans objet)</span>'),
        ("github", "::notice file="),
        ("sarif", '"level": "note"'),
    ):
        main(["check", *files, "--as-of", "2026-10-10", "--format", fmt, "--evidence", str(evidence_dir)])
        out = capsys.readouterr().out
        assert needle in out, fmt
    assert main(["check", *files, "--evidence", str(tmp_path / "nowhere")]) == 2


def test_no_note_is_ever_shown_as_a_pass(portfolio, evidence_dir, capsys):
    """Issue 22 #4: a note prints as a note in every format, never with ✓ / "respectée"."""
    from checker.cli.main import FORMATS

    files = [str(portfolio / "mobilic.yaml"), str(portfolio / "pix.yaml")]
    for fmt in FORMATS:
        args = ["check", *files, "--as-of", "2026-11-28", "--format", fmt, "--evidence", str(evidence_dir)]
        main([*args, "--fail-on", "never"])
        out = capsys.readouterr().out
        if fmt in ("json", "sarif"):
            data = json.loads(out)
            outcomes = (
                [f["outcome"] for d in data["declarations"] for f in d["findings"] if f.get("cause") == "evidence"]
                if fmt == "json"
                else [
                    r["properties"]["outcome"] for r in data["runs"][0]["results"] if r["ruleId"].startswith("evidence")
                ]
            )
            assert outcomes and set(outcomes) == {"note"}, fmt
            continue
        units = re.findall(r'<li class="finding".*?</li>', out) if fmt == "html" else out.splitlines()
        shown = [u for u in units if "non utilisée" in u]
        assert shown, fmt
        for unit in shown:
            assert "✓" not in unit and "✅" not in unit and "respectée" not in unit and "pass" not in unit, (fmt, unit)


def test_every_format_renders_evidence(portfolio, evidence_dir, capsys):
    from checker.cli.main import FORMATS

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
        "(DashLord declaration-a11y, on 2026-10-04, the date given by --observed-on, the source carries none). "
        "No effect on the verdicts: obligation observatoire does not apply to this declaration."
    ) in out
    assert "Evidence (" in out and "30 days old at most" in out
    assert "declarations contradicted by what was observed: 0; notes with no effect" in out and "): 1." in out
