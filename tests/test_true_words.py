"""Words a committee reads as true: an objective with no measurement is not "non atteint"; a
"sans objet" cell says why; a placeholder in any brackets is never a fact; counts agree with
their nouns; an échéance is "bientôt due"; phases and choices in words (ids in the JSON and in
what to write); a web page speaks of its own links, not of command-line options; a server
that stops says so; an amount is shown as declared."""

import json
import re
import shutil
import signal
import subprocess
import sys
from html import unescape

import pytest
from conftest import AS_OF, FIXTURES, ROOT

from checker.cli.main import main
from checker.committee import sheet as sheet_mod
from checker.committee.examine import examine
from checker.reading.declarations import load
from checker.reading.loader import load_text
from checker.reading.schema import validate

EXAMPLES = FIXTURES / "examples"
JEVEUXAIDER = EXAMPLES / "jeveuxaider.yaml"


def _sheet(evaluator, catalog, fmt="html", lang="fr"):
    ex = examine(evaluator, load(str(JEVEUXAIDER), JEVEUXAIDER))
    render = sheet_mod.render_html if fmt == "html" else sheet_mod.render_markdown
    return render(ex, catalog, AS_OF, lang)


# --- 6. an objective with no measurement ----------------------------------------------------


def test_an_objective_with_no_measurement_is_said_unmeasured_not_missed(evaluator, catalog):
    """jeveuxaider's "Nouvelles organisations en 2024" has no measurement: check says "aucune
    mesure déclarée", and so do the sheet and its chart's caption; a measured objective that
    missed its target stays "non atteint"."""
    html = _sheet(evaluator, catalog)
    captions = dict(re.findall(r'<figure data-objective="([^"]+)">.*?<figcaption>(.*?)</figcaption>', html, re.S))
    assert unescape(captions["nouvelles-organisations"]).endswith("· 2024-12-31 · aucune mesure déclarée")
    assert unescape(captions["mises-en-relation"]).endswith("· non atteint")
    markdown = _sheet(evaluator, catalog, "markdown")
    section = markdown.split("### Nouvelles organisations en 2024\n", 1)[1].split("\n## ", 1)[0]
    assert "aucune mesure déclarée" in section and "non atteint" not in section and "| date |" not in section
    english = _sheet(evaluator, catalog, "markdown", "en")
    assert "no measurement declared" in english


# --- 8. why a heatmap cell is "sans objet" --------------------------------------------------


def test_every_not_applicable_cell_of_the_heatmap_says_why(catalog, capsys):
    main(["check", str(EXAMPLES), "--as-of", AS_OF.isoformat(), "--format", "html", "--fail-on", "never"])
    html = capsys.readouterr().out
    cells = re.findall(r'<td class="v not-applicable[^"]*" data-obligation="([^"]+)"[^>]*title="([^"]*)"', html)
    assert len(cells) > 5
    for obligation, title in cells:
        why = catalog.obligation(obligation).why_not_applicable("fr")
        assert unescape(title).endswith(f"sans objet — {why}"), title
    jdma = next(unescape(t) for o, t in cells if o == "jdma" and t.startswith("jeveuxaider"))
    assert "la déclaration indique qu'il n'est pas une démarche en ligne" in jdma


# --- 7. any bracketed placeholder -----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "value", "wanted"),
    [
        ("team:\n  sponsor:\n    name: {v}\n", "<first and last name of the sponsor>", "prénom et nom du sponsor"),
        ("team:\n  sponsor:\n    name: Paule Durand\n    role: {v}\n", "<fonction>", "fonction du sponsor"),
        ("team:\n  intrapreneur:\n    name: {v}\n", "‹prénom et nom>", "prénom et nom de l'intrapreneur"),
        ("source_code:\n  repositories: [{v}]\n", "<adresse du dépôt>", "adresse du dépôt de code source"),
        ("source_code:\n  licence: {v}\n", "<identifiant SPDX>", "identifiant SPDX de la licence"),
        ("team:\n  sponsor:\n    name: '{v}'\n", "[nom du sponsor]", "prénom et nom du sponsor"),
        ("team:\n  sponsor:\n    name: '{v}'\n", "[…]", "prénom et nom du sponsor"),
        ("statistics:\n  url: {v}\n", "‹adresse de la page›", "adresse de la page publique de statistiques"),
    ],
)
def test_a_value_entirely_in_brackets_is_a_placeholder_to_replace(line, value, wanted):
    head = "schema_version: 1\nstartup:\n  id: x\n"
    doc, problems = load_text(head + line.format(v=value))
    assert not problems
    [problem] = validate(doc)
    assert problem.code == "schema.placeholder" and problem.params["value"] == value
    assert problem.params["wanted"].shown("fr") == wanted
    assert problem.line == 4 + line.count("\n") - 1


def test_a_bracketed_placeholder_makes_the_declaration_invalid_never_a_fact(tmp_path, capsys):
    path = tmp_path / "d.yaml"
    path.write_text(
        JEVEUXAIDER.read_text(encoding="utf-8").replace("    role: ", "    role: <fonction>  # ", 1), encoding="utf-8"
    )
    assert main(["check", str(path), "--as-of", AS_OF.isoformat(), "--format", "json"]) == 2
    [decl] = json.loads(capsys.readouterr().out)["declarations"]
    assert decl["status"] == "invalid" and decl["obligations"] == {}
    [error] = decl["errors"]
    assert "« <fonction> » est un modèle" in error["message"] and "fonction du sponsor" in error["message"]


@pytest.mark.parametrize("value", ["<dpo@jeunesse-sports.gouv.fr>", "<https://beta.gouv.fr>", "[1]", "Claire [DINUM]"])
def test_an_address_or_a_text_with_brackets_stays_a_value(value):
    doc, problems = load_text(f"schema_version: 1\nstartup:\n  id: x\n  title: '{value}'\n")
    assert not problems and validate(doc) == []


# --- 9. words ---------------------------------------------------------------------------------


def test_a_view_of_one_declaration_says_one_declaration(capsys):
    main(["check", str(JEVEUXAIDER), "--as-of", AS_OF.isoformat(), "--summary", "--phase", "active"])
    out = capsys.readouterr().out
    assert "Vue : startups actives seulement, 1 sur 1 déclaration (--phase all : toutes)" in out


def test_an_echeance_due_soon_is_bientot_due(evaluator, catalog, capsys):
    """jeveuxaider's convention ends on 2025-02-10: due soon as of 2025-01-15."""
    main(["agenda", str(JEVEUXAIDER), "--as-of", AS_OF.isoformat()])
    agenda = capsys.readouterr().out
    assert "bientôt due" in agenda and "bientôt dû" not in agenda
    for fmt in ("html", "markdown"):
        sheet = _sheet(evaluator, catalog, fmt)
        assert "bientôt due" in sheet and "bientôt dû" not in sheet


def test_phases_and_choices_are_words_in_french_text_and_ids_in_json(evaluator, catalog, capsys):
    main(["check", str(EXAMPLES), "--as-of", AS_OF.isoformat(), "--verbose", "--fail-on", "never"])
    table = capsys.readouterr().out
    assert "jeveuxaider — JeVeuxAider.gouv.fr (accélération): non conforme" in table
    assert "(acceleration)" not in table
    assert "Phases : construction 1, accélération 2" in table  # the examples' phases in words, in lifecycle order
    assert "FranceConnect déclaré intégré (authentication.franceconnect: integrated)." in table
    main(["check", str(JEVEUXAIDER), "--as-of", AS_OF.isoformat(), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["declarations"][0]["phase"] == "acceleration"
    main(["check", str(JEVEUXAIDER), "--as-of", AS_OF.isoformat(), "--format", "markdown"])
    assert "· phase accélération ·" in capsys.readouterr().out
    main(["check", str(JEVEUXAIDER), "--as-of", AS_OF.isoformat(), "--format", "html"])
    html = capsys.readouterr().out
    assert '<td class="meta">accélération</td>' in html and 'data-phase="active"' in html
    assert "| Phase actuelle | accélération |" in _sheet(evaluator, catalog, "markdown")
    assert "| Current phase | acceleration |" in _sheet(evaluator, catalog, "markdown", "en")
    assert re.search(r">accélération</text>", _sheet(evaluator, catalog))  # the timeline's band


def test_a_not_planned_franceconnect_is_said_in_words_with_what_is_written(check_text):
    result = check_text(
        "schema_version: 1\nstartup: {id: t, phases: [{name: acceleration, start: 2024-01-01}]}\n"
        "authentication: {required: true, franceconnect: not-planned}\n"
    )
    [finding] = [f for f in result.findings if f.rule == "franceconnect-planned"]
    assert finding.message == (
        "Le service est déclaré authentifier ses usagers, mais FranceConnect est déclaré non prévu "
        "(authentication.franceconnect: not-planned)."
    )


def test_an_amount_finer_than_the_cent_is_shown_as_declared(check_text):
    result = check_text(
        "schema_version: 1\nstartup: {id: t, phases: [{name: acceleration, start: 2024-01-01}]}\n"
        "budget: {years: [{year: 2024, ae_allocated: 2000000, ae_committed: 1000000.005, "
        "cp_allocated: 1000000, cp_paid: 1000000.005}]}\n"
    )
    [finding] = [f for f in result.findings if f.rule == "budget-cp-exceeded"]
    assert finding.message == (
        "Les crédits de paiement versés (1\u202f000\u202f000,005 €) dépassent les CP alloués (1\u202f000\u202f000 €)."
    )


def test_the_web_agenda_links_to_what_it_leaves_out_and_names_no_option(tmp_path):
    """As of 2026-06-01 (default since: twelve months back), older overdue deadlines and the
    closed startups' are left out: the page says so with links to itself, never "--since"."""
    from starlette.testclient import TestClient

    from checker.web.app import Settings, create_app

    directory = tmp_path / "portfolio"
    directory.mkdir()
    for name in ("jeveuxaider.yaml", "api-engagement.yaml"):
        shutil.copy(EXAMPLES / name, directory / name)
    closed = (EXAMPLES / "api-engagement.yaml").read_text(encoding="utf-8")
    closed = closed.replace("id: api-engagement", "id: ferme").replace("- {name: consolidation", "- {name: abandon", 1)
    (directory / "ferme.yaml").write_text(closed, encoding="utf-8")
    with TestClient(create_app(Settings(directory=str(directory), engine="lock"))) as client:
        page = client.get("/agenda", params={"as_of": "2026-06-01"}).text
        sentences = re.findall(r'<p class="fr-text--sm">(Non listées.*?)</p>', page, re.S)
        assert len(sentences) == 2 and "--since" not in page and "--phase" not in page
        links = {
            unescape(text): unescape(href)
            for href, text in re.findall(r'<a class="fr-link fr-link--sm" href="([^"]+)">([^<]+)</a>', page)
        }
        older = next(href for text, href in links.items() if text.startswith("les lister, depuis le "))
        assert older.startswith("?as_of=2026-06-01&since=") and links["lister celles de toutes les startups"] == (
            "?as_of=2026-06-01&phase=all"
        )
        fuller = client.get("/agenda" + older).text
        assert "échues avant" not in fuller and fuller.count('<tr class="item"') > page.count('<tr class="item"')
    out = tmp_path / "site"
    assert main(["site", str(directory), "--out", str(out), "--as-of", "2026-06-01"]) == 0
    static = (out / "agenda.html").read_text(encoding="utf-8")
    assert "Non listées" in static and "--since" not in static and "--phase" not in static


def test_serve_stopped_by_sigterm_says_it_stopped(tmp_path):
    directory = tmp_path / "portfolio"
    directory.mkdir()
    shutil.copy(JEVEUXAIDER, directory / "jeveuxaider.yaml")
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "serve", str(directory), "--port", "0"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "http://127.0.0.1:" in process.stderr.readline()  # it listens
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)
    assert process.returncode == 128 + signal.SIGTERM
    assert "serveur arrêté (SIGTERM)" in err and "rapport" not in err and "Traceback" not in err
