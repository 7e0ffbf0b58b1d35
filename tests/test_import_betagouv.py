"""Importing the real beta.gouv.fr snapshot, and older hand-made pages, into declarations."""

import datetime as dt
import re
import subprocess

import pytest
import yaml
from conftest import ROOT, run_cli

from checker.importer.betagouv import import_pages
from checker.reading.loader import load_file
from checker.reading.schema import validate

CONTENT = ROOT.parent / "shared" / "data" / "betagouv" / "content"
AS_OF = dt.date(2026, 11, 28)
LEGACY = {"transfer": "transfere", "success": "transfere", "alumni": "abandon"}
BUILT = {"construction", "acceleration", "consolidation", "opere"}
ACTIVE = BUILT | {"investigation"}


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory, catalog):
    out = tmp_path_factory.mktemp("portfolio")
    outcome = import_pages(CONTENT, out, AS_OF)
    from checker.judging.evaluate import Evaluator

    evaluator = Evaluator(catalog, AS_OF)
    results = {p.stem: evaluator.check_file(p) for p in sorted(out.glob("*.yaml"))}
    return out, outcome, results


def raw_pages():
    for path in sorted((CONTENT / "_startups").glob("*.md")):
        front = re.match(r"---\n(.*?)\n---", path.read_text(encoding="utf-8"), re.S).group(1)
        yield path.stem, yaml.safe_load(front)


def test_every_page_imports_to_a_schema_valid_declaration(portfolio):
    out, outcome, results = portfolio
    assert outcome.skipped == [] and outcome.problems == [] and outcome.conflicts == []
    assert len(outcome.written) == 662 == len(list((CONTENT / "_startups").glob("*.md")))
    for path in outcome.written:
        doc, problems = load_file(path)
        assert problems == [] and validate(doc) == [], path
    assert not [name for name, r in results.items() if r.status == "invalid"]


def test_generated_file_names_its_source_and_what_to_complete(portfolio):
    text = (portfolio[0] / "mobilic.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# Importé de la fiche produit beta.gouv.fr : content/_startups/mobilic.md (instantané 693fb7c4d863 du 2026-08-20)"
    )
    assert "analyse_risques: true) mais sans date" in text
    # what the team must add, derived from the schema and the mappings (test_import_mappings.py)
    assert "#   - convention\n" in text and "#   - team: intrapreneur.since, sponsor.name, sponsor.role\n" in text


def _independent(page: dict):
    """Phase and three verdicts computed from the raw page, without the checker's code."""
    phase, latest = "investigation", None
    for p in page.get("phases") or []:  # on a tie the phase listed later wins (clara: abandon, then transfere)
        if p["start"] <= AS_OF and (latest is None or p["start"] >= latest):
            phase, latest = LEGACY.get(p["name"], p["name"]), p["start"]
    built, active = phase in BUILT, phase in ACTIVE
    open_source = ("warn" if page.get("repository") else "fail") if built else "not-applicable"  # no licence on pages
    stats = bool(page.get("stats_url") or (page.get("stats") is True and page.get("link")))
    impact = ("pass" if stats else "fail") if built else "not-applicable"
    committees = [e["date"] for e in page.get("events") or [] if e.get("name") == "committee" and e["date"] <= AS_OF]
    if not active:
        committee = "not-applicable"
    else:
        starts = [p["start"] for p in page.get("phases") or []]
        base = max(committees) if committees else (min(starts) if starts else None)
        if base is None:
            committee = "fail"
        else:
            month = base.month - 1 + 6
            year, month = base.year + month // 12, month % 12 + 1
            import calendar

            due = dt.date(year, month, min(base.day, calendar.monthrange(year, month)[1]))
            days = (due - AS_OF).days
            # committee details (chair, DINUM, indicators) are never on a page: a warning
            committee = "fail" if days < 0 else ("warn" if committees or days <= 30 else "pass")
    return phase, open_source, impact, committee


def test_phase_and_verdicts_agree_with_independent_computation(portfolio):
    results = portfolio[2]
    disagreements = []
    for sid, page in raw_pages():
        r = results[sid]
        got = (
            r.phase,
            r.obligations["open-source"],
            r.obligations["impact-statistics"],
            r.obligations["investment-committee"],
        )
        if got != _independent(page):
            disagreements.append((sid, got, _independent(page)))
    assert disagreements == []


@pytest.mark.parametrize(
    "sid, expected",
    [
        (
            "api-engagement",
            {
                "startup.incubator": "dinum",
                "team.intrapreneur.name": "Benjamin Richard",
                "team.intrapreneur.employer": "DJEPVA",
                "source_code.repositories": ["https://github.com/betagouv/api-engagement"],
                "statistics.url": "https://app.api-engagement.beta.gouv.fr/public-stats",
                "accessibility.status": "partiellement conforme",
                "product_page.url": "https://beta.gouv.fr/startups/api-engagement.html",
            },
        ),
        (
            "jeveuxaider",
            {
                "statistics.url": "https://www.jeveuxaider.gouv.fr/stats",
                "startup.link": "https://www.jeveuxaider.gouv.fr",
            },
        ),
        (
            "mobilic",
            {
                "security.mon_service_securise": True,
                "source_code.repositories": ["https://github.com/MTES-MCT/mobilic"],
                "statistics.url": "https://mobilic.beta.gouv.fr/stats",
            },
        ),
        (
            "nosgestesclimat",
            {
                "startup.phases": [{"name": "consolidation", "start": "2022-06-13", "comment": "Spin-off de Datagir"}],
                "committees": [
                    {"date": d}
                    for d in ["2023-10-24", "2024-05-23", "2024-12-03", "2025-05-21", "2025-12-09", "2026-05-06"]
                ],
            },
        ),
    ],
)
def test_spot_checks_of_mapped_fields(portfolio, sid, expected):
    doc, _ = load_file(portfolio[0] / f"{sid}.yaml")
    for path, value in expected.items():
        node = doc.data
        for part in path.split("."):
            node = node[part]
        assert node == value, path
    assert "updated_on" not in doc.data["product_page"]  # the snapshot is not a git checkout


@pytest.mark.parametrize(
    "sid, verdicts",
    [
        (
            "api-engagement",
            {
                "intrapreneur": "pass",
                "open-source": "warn",
                "impact-statistics": "pass",
                "investment-committee": "fail",
                "sponsor": "fail",
            },
        ),
        ("jeveuxaider", {"impact-statistics": "pass", "open-source": "warn", "risk-workshops": "fail"}),
        ("mobilic", {"impact-statistics": "pass", "open-source": "warn", "product-page": "warn"}),
        (
            "nosgestesclimat",
            {"investment-committee": "fail", "impact-statistics": "pass", "convention-in-force": "fail"},
        ),
    ],
)
def test_spot_checks_of_verdicts(portfolio, sid, verdicts):
    result = portfolio[2][sid]
    for oid, verdict in verdicts.items():
        assert result.obligations[oid] == verdict, oid


def _content(tmp_path, pages: dict[str, str]):
    content = tmp_path / "content"
    for folder in ("_startups", "_organisations", "_authors"):
        (content / folder).mkdir(parents=True)
    (content / "_organisations" / "dinum.md").write_text("---\nname: Direction interministérielle du numérique\n---\n")
    for name, text in pages.items():
        (content / "_startups" / f"{name}.md").write_text(text, encoding="utf-8")
    return content


OLD_PAGES = {
    "ancienne": "---\ntitle: Ancienne\nowner: /organisations/dinum\nphases:\n  - {name: investigation, start: 2016-01-04}\n  - {name: success, start: 2018-06-01}\n---\nTexte.\n",
    "inline": "---\ntitle: Inline\nsponsors:\n  - {name: Ministère de l'Exemple, acronym: MEX}\nstats: true\nlink: https://inline.beta.gouv.fr/\nphases:\n  - name: alumni\n    start: 2019-01-01\n    end: 2019-12-31\n---\n",
    "sans-entete": "Juste du texte, pas d'en-tête.\n",
    "cassee": "---\ntitle: Cassée\nphases: [\n---\n",
    "crlf": "---\r\ntitle: Windows\r\nrepository: [https://git/a, https://git/b]\r\nphases: [{name: transfer, start: 2018-01-01}]\r\n---\r\nTexte\r\n",
    "avec espace": "---\ntitle: Espace\n---\n",
    "bizarre": "---\ntitle: 12\nphases:\n  - {name: incubation, start: 2020-01-01}\n  - {name: construction, start: pas-une-date}\nevents:\n  - {name: committee, date: 2020-06-01, comment: Poursuite}\n---\n",
}


def test_older_snapshot_pages_import_and_bad_ones_are_reported(tmp_path):
    content = _content(tmp_path, OLD_PAGES)
    out = tmp_path / "out"
    code, _, err = run_cli("import", "betagouv", str(content), "--out", str(out), "--as-of", "2024-01-01")
    assert code == 2  # three pages skipped
    assert "sans-entete.md:1: pas d'en-tête YAML" in err and "cassee.md:4: en-tête YAML invalide" in err
    assert "avec espace.md:1: « avec espace » ne peut pas servir d'identifiant" in err
    assert "4 déclarations écrites" in err and "Traceback" not in err
    assert sorted(p.stem for p in out.glob("*.yaml")) == ["ancienne", "bizarre", "crlf", "inline"]
    for path in out.glob("*.yaml"):
        doc, problems = load_file(path)
        assert problems == [] and validate(doc) == [], path
    ancienne = load_file(out / "ancienne.yaml")[0].data
    assert ancienne["team"]["sponsor"] == {"organisation": "Direction interministérielle du numérique"}
    assert ancienne["startup"]["phases"][1]["name"] == "success"  # legacy name kept
    inline = load_file(out / "inline.yaml")[0].data
    assert inline["team"]["sponsor"]["organisation"] == "Ministère de l'Exemple"
    assert inline["statistics"]["url"] == "https://inline.beta.gouv.fr/stats"
    bizarre_text = (out / "bizarre.yaml").read_text()
    assert "phase ignorée" in bizarre_text
    bizarre = load_file(out / "bizarre.yaml")[0].data
    assert bizarre["startup"]["title"] == "12" and bizarre["committees"] == [
        {"date": "2020-06-01", "comment": "Poursuite"}
    ]
    code, out_json, _ = run_cli("check", str(out), "--as-of", "2024-01-01", "--format", "json")
    import json

    phases = {d["startup"]: d["phase"] for d in json.loads(out_json)["declarations"]}
    assert phases == {"ancienne": "transfere", "bizarre": "investigation", "crlf": "transfere", "inline": "abandon"}
    crlf = load_file(out / "crlf.yaml")[0].data
    assert crlf["source_code"]["repositories"] == ["https://git/a", "https://git/b"]


def test_intrapreneur_is_the_most_recent_admin_mission_covering_as_of(tmp_path):
    content = _content(
        tmp_path, {"produit": "---\ntitle: Produit\nphases: [{name: construction, start: 2023-01-01}]\n---\n"}
    )
    missions = {
        "ancien.md": "missions:\n  - {start: 2022-01-01, end: 2023-12-31, status: admin, employer: DGFIP, startups: [produit]}",
        "recent.md": "missions:\n  - {start: 2024-02-01, end: 2026-01-31, status: admin, employer: DJEPVA, startups: [produit]}",
        "autre.md": "missions:\n  - {start: 2024-03-01, end: 2026-01-31, status: admin, startups: [autre-produit]}",
        "prestataire.md": "missions:\n  - {start: 2024-06-01, end: 2026-01-31, status: independent, startups: [produit]}",
    }
    for name, body in missions.items():
        (content / "_authors" / name).write_text(f"---\nfullname: {name[:-3].title()}\n{body}\n---\n")
    for as_of, expected in [("2023-06-01", "Ancien"), ("2024-06-01", "Recent"), ("2024-01-15", None)]:
        out = tmp_path / f"out-{as_of}"
        import_pages(content, out, dt.date.fromisoformat(as_of))
        team = load_file(out / "produit.yaml")[0].data.get("team", {})
        assert team.get("intrapreneur", {}).get("name") == expected, as_of


def test_updated_on_from_git_history(tmp_path):
    content = _content(tmp_path, {"produit": "---\ntitle: Produit\n---\n", "autre": "---\ntitle: Autre\n---\n"})
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@x",
        "PATH": "/usr/bin:/bin",
    }

    def commit(date, *files):
        subprocess.run(["git", "add", *files], cwd=tmp_path, check=True, env=env)
        subprocess.run(
            ["git", "commit", "-qm", "m"],
            cwd=tmp_path,
            check=True,
            env=dict(env, GIT_AUTHOR_DATE=f"{date}T12:00:00", GIT_COMMITTER_DATE=f"{date}T12:00:00"),
        )

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, env=env)
    commit("2024-03-01", ".")
    (content / "_startups" / "produit.md").write_text("---\ntitle: Produit v2\n---\n")
    commit("2024-09-15", "content/_startups/produit.md")
    out = tmp_path.parent / f"{tmp_path.name}-out"  # outside the checkout: the import never writes in its source
    import_pages(content, out, dt.date(2025, 1, 15))
    assert load_file(out / "produit.yaml")[0].data["product_page"]["updated_on"] == "2024-09-15"
    assert load_file(out / "autre.yaml")[0].data["product_page"]["updated_on"] == "2024-03-01"
    code, _, err = run_cli("import", "betagouv", str(content), "--out", str(tmp_path / "out"))
    assert code == 2 and f"est dans le dossier source {tmp_path}" in err and not (tmp_path / "out").exists()


def test_import_selected_startups_and_bad_content_dir(tmp_path):
    code, _, err = run_cli(
        "import", "betagouv", str(CONTENT), "--out", str(tmp_path), "--startup", "mobilic", "--startup", "nope"
    )
    assert code == 2 and "nope.md:1: fiche introuvable" in err
    assert [p.name for p in tmp_path.glob("*.yaml")] == ["mobilic.yaml"]
    code, _, err = run_cli("import", "betagouv", str(tmp_path), "--out", str(tmp_path / "x"))
    assert code == 2 and "_startups" in err and "Traceback" not in err


def test_import_in_english(tmp_path):
    content = _content(tmp_path, {"produit": "---\ntitle: Produit\nanalyse_risques: true\n---\n", "vide": "texte\n"})
    out = tmp_path / "out"
    code, _, err = run_cli("import", "betagouv", str(content), "--out", str(out), "--lang", "en")
    assert code == 2 and "vide.md:1: no YAML header (front matter) between two --- lines; page skipped" in err
    assert "1 declaration written to" in err and ", 1 page skipped" in err
    text = (out / "produit.yaml").read_text()
    assert text.startswith("# Imported from the beta.gouv.fr product page: content/_startups/produit.md\n")
    assert "#   - security.risk_workshops: the page says a risk analysis was done" in text


def test_a_risk_analysis_without_a_date_is_reported_as_declared(portfolio):
    """Mobilic's page says `analyse_risques: true` with no date: the import cannot date a
    workshop, writes none and says so in the header; the check then says that no dated workshop
    is declared, never that none was held (amendment of 2026-12-04, "Words")."""
    out, _, results = portfolio
    written = (out / "mobilic.yaml").read_text(encoding="utf-8")
    assert (
        "#   - security.risk_workshops : la fiche indique une analyse de risques (analyse_risques: true) "
        "mais sans date ni démarche\n" in written
    )
    assert "risk_workshops:" not in written.split("\nschema_version:", 1)[1]
    finding = next(f for f in results["mobilic"].findings if f.obligation == "risk-workshops")
    assert (finding.rule, finding.outcome, finding.cause) == ("risk-workshop-held", "fail", "missing")
    assert finding.message == (
        "Aucun atelier d'analyse de risques daté n'est déclaré à cette date (security.risk_workshops)."
    )


@pytest.mark.slow
def test_imported_portfolio_tells_facts_to_complete_from_real_breaches(portfolio):
    """The import leaves facts for the teams to add. Every active startup fails, as "to complete"
    (not a breach), convention-in-force (no convention declared), franceconnect and jdma (no page
    says whether the service authenticates users or is an online procedure) and personal-data
    (only a page whose `rgpd` section lists personal data says the product processes some); a
    closed startup needs none of them (amendment of 2026-12-04). The investment-committee
    breaches are exactly the startups whose page shows a committee held and the next one late."""
    from checker.judging.model import failure_groups

    out, _, results = portfolio
    groups = {sid: failure_groups(r) for sid, r in results.items()}
    pages = dict(raw_pages())
    active = {sid for sid, page in pages.items() if _independent(page)[0] in ACTIVE}
    undeclared = {
        "convention-in-force": "convention-declared",
        "franceconnect": "franceconnect-authentication-undeclared",
        "jdma": "jdma-procedure-undeclared",
        "personal-data": "personal-data-processed-undeclared",
    }
    for sid, r in results.items():
        for oid, rule in undeclared.items():
            assert groups[sid].get(oid) == ("missing" if sid in active else None), (sid, oid)
            fired = {f.rule for f in r.findings if f.obligation == oid}
            stated = oid == "personal-data" and (pages[sid].get("rgpd") or {}).get("donnees")
            assert (rule in fired) is (sid in active and not stated), (sid, rule)
        if sid not in active:
            assert r.status == "compliant", sid
    late = set()
    for sid, page in raw_pages():
        held = [e["date"] for e in page.get("events") or [] if e.get("name") == "committee" and e["date"] <= AS_OF]
        if held and _independent(page)[3] == "fail":
            late.add(sid)
    assert late and {sid for sid, g in groups.items() if g.get("investment-committee") == "breach"} == late
    breach = {sid for sid, g in groups.items() if "breach" in g.values()}
    assert 0 < len(breach) < len(active) - len(breach)  # mostly to complete
    code, table, err = run_cli(
        "check", str(out), "--as-of", "2026-11-28", "--summary", "--phase", "all", "--fail-on", "never"
    )
    assert code == 0, err
    summary = (
        f"non conformes : {len(breach)} avec au moins un manquement, {len(active) - len(breach)} seulement à compléter"
    )
    assert summary in table
    for oid in ("convention-in-force", "personal-data", "franceconnect", "jdma"):
        row = next(line.split() for line in table.splitlines() if line.startswith(f"{oid} "))
        # every active startup failing, all to complete; the closed ones not applicable
        assert row[1] == str(len(active)) and row[5] == str(len(results) - len(active)), oid
        assert row[-2:] == [str(len(active)), "0"], oid
