"""``conformite init``: through a real pseudo-terminal (pexpect, the real command) and with an answers file."""

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.foundation.atomic import create_text
from checker.questionnaire import command
from checker.questionnaire.answers import Invalid, convert, licence
from checker.questionnaire.flow import Questionnaire
from checker.questionnaire.questions import MAX_TEXT, PHASES, SECTIONS, Q, Repeat, choice_word
from checker.questionnaire.writer import check_text, render
from checker.reading.loader import load_text
from checker.reading.schema import validate

BETAGOUV = Path("/work/shared/data/betagouv/content")
TODAY = dt.date.today()


def day(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


def french(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).strftime("%d/%m/%Y")


def conformite(*args, cwd, stdin=subprocess.DEVNULL):
    return subprocess.run(
        [sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, text=True, stdin=stdin, timeout=300
    )


def passes_schema(path: Path) -> dict:
    doc, problems = load_text(path.read_text(encoding="utf-8"))
    assert problems == [] and validate(doc) == []
    return doc.data


# --- answers, read as a person types them ------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2024-08-15", dt.date(2024, 8, 15)),
        ("15/08/2024", dt.date(2024, 8, 15)),
        ("5/8/2024", dt.date(2024, 8, 5)),
        (" 15.08.2024 ", dt.date(2024, 8, 15)),
    ],
)
def test_dates_iso_or_french(raw, expected):
    assert convert(Q("d", "date", "", ""), raw, "fr", ".") == expected


@pytest.mark.parametrize(
    "raw, says", [("2024-02-30", "n'existe pas"), ("15 août", "AAAA-MM-JJ"), ("08/15/2024", "n'existe pas")]
)
def test_bad_dates_say_what_to_write(raw, says):
    with pytest.raises(Invalid, match=says):
        convert(Q("d", "date", "", ""), raw, "fr", ".")


@pytest.mark.parametrize(
    "raw, expected",
    [("oui", True), ("Non", False), ("vrai", True), ("faux", False), ("true", True), ("o", True), ("n", False)],
)
def test_booleans_in_words(raw, expected):
    assert convert(Q("b", "bool", "", ""), raw, "fr", ".") is expected


def test_a_boolean_answer_that_is_not_one():
    with pytest.raises(Invalid, match="oui ou non"):
        convert(Q("b", "bool", "", ""), "peut-être", "fr", ".")
    with pytest.raises(Invalid, match="yes or no"):
        convert(Q("b", "bool", "", ""), "maybe", "en", ".")


@pytest.mark.parametrize(
    "raw, spdx",
    [
        ("MIT License", "MIT"),
        ("Apache 2", "Apache-2.0"),
        ("GPLv3", "GPL-3.0"),
        ("GNU Affero General Public License v3.0", "AGPL-3.0"),
        ("mpl 2.0", "MPL-2.0"),
        ("EUPL", "EUPL-1.2"),
        ("BSD 3-Clause", "BSD-3-Clause"),
    ],
)
def test_licence_near_misses_name_the_spdx_id(raw, spdx):
    with pytest.raises(Invalid) as caught:
        licence(raw, "fr")
    assert f"Écrivez l'identifiant SPDX : {spdx}" in str(caught.value)


def test_licences_written_as_spdx_ids_are_kept_canonical():
    assert licence("agpl-3.0", "fr") == "AGPL-3.0"
    assert licence("GPL-3.0-or-later", "fr") == "GPL-3.0-or-later"
    assert licence("WTFPL", "fr") == "WTFPL"  # another SPDX id: the open-source rule judges it
    with pytest.raises(Invalid, match="sans espace"):
        licence("ma licence maison", "fr")


def test_choices_are_shown_and_typed_in_words_and_written_as_ids():
    q = Q("f", "choice", "", "", choices=("integrated", "planned", "not-planned"))
    assert convert(q, "prévu", "fr", ".") == "planned"
    assert convert(q, "Non prévu", "fr", ".") == "not-planned"
    assert convert(q, "not planned", "fr", ".") == "not-planned"  # the English words, or the id
    assert convert(q, "Planned", "en", ".") == "planned"
    with pytest.raises(
        Invalid, match="Réponse attendue parmi : intégré, prévu, non prévu.*vouliez-vous dire « prévu »"
    ):
        convert(q, "prevus", "fr", ".")
    with pytest.raises(Invalid, match="did you mean 'planned'"):
        convert(q, "planed", "en", ".")
    quiz = Questionnaire("fr")
    section = next(s for s in SECTIONS if s.key == "authentication")
    label = quiz._label(next(i for i in section.items if i.key == "franceconnect"), None, False)
    assert "[intégré | prévu | non prévu]" in label and "integrated" not in label
    phase = Q("name", "choice", "", "", choices=PHASES)
    assert convert(phase, "Accélération", "fr", ".") == "acceleration"
    assert convert(phase, "alumni", "fr", ".") == "abandon"  # a former beta.gouv.fr name, as the rules map it
    assert convert(Q("d", "choice", "", "", choices=("increase", "decrease")), "baisse", "fr", ".") == "decrease"


@pytest.mark.parametrize(
    "typed, written",
    [
        ("EBIOS RM", "ebios-rm"),
        ("ebios_rm", "ebios-rm"),
        ("ANSSI agile", "anssi-agile"),
        # the methods' full names, as check reads them (reading.nearmiss.method_meant)
        ("EBIOS Risk Manager", "ebios-rm"),
        ("Méthode ANSSI agile", "anssi-agile"),
    ],
)
def test_a_recommended_workshop_method_is_written_as_the_rule_reads_it(typed, written):
    assert convert(Q("method", "method", "", ""), typed, "fr", ".") == written


def test_a_near_miss_of_a_method_is_refused_with_its_id_and_another_method_is_kept():
    with pytest.raises(Invalid, match="écrivez son identifiant : ebios-rm"):
        convert(Q("method", "method", "", ""), "RM EBIOS", "fr", ".")
    with pytest.raises(Invalid, match="anssi-agile"):
        convert(Q("method", "method", "", ""), "ansi agile", "fr", ".")
    assert convert(Q("method", "method", "", ""), "EBIOS 2010", "fr", ".") == "EBIOS 2010"  # declared as it is


AMOUNT = {"type": ["number", "null"], "minimum": 0, "maximum": 1e15}


@pytest.mark.parametrize(
    "raw", ["-1", -1, "1" * 5000, "1e400", "NaN", float("nan"), float("inf"), 10**16, "1 000 000 000 000 001"]
)
def test_a_number_check_would_refuse_is_refused_with_its_range(raw):
    with pytest.raises(Invalid) as caught:
        convert(Q("n", "number", "", ""), raw, "fr", ".", AMOUNT)
    said = str(caught.value)
    assert said in (
        "Nombre attendu entre 0 et 1\u202f000\u202f000\u202f000\u202f000\u202f000.",
        "Nombre attendu, par exemple 925000 ou 7,5.",
    )


def test_numbers_within_their_bounds():
    assert convert(Q("n", "number", "", ""), "925 000", "fr", ".", AMOUNT) == 925000
    assert convert(Q("n", "number", "", ""), "7,5", "fr", ".", AMOUNT) == 7.5
    assert convert(Q("n", "number", "", ""), "-3", "fr", ".") == -3  # a measured value may be negative
    with pytest.raises(Invalid, match="Nombre entier"):
        convert(Q("n", "int", "", ""), "six", "fr", ".")
    with pytest.raises(Invalid, match="Nombre entier"):
        convert(Q("n", "int", "", ""), 6.5, "fr", ".")
    year = {"minimum": 1900, "maximum": 2999}
    with pytest.raises(Invalid, match="entre 1\u202f900 et 2\u202f999"):
        convert(Q("y", "int", "", ""), "1850", "fr", ".", year)
    assert convert(Q("y", "int", "", ""), 2024.0, "fr", ".", year) == 2024
    with pytest.raises(Invalid, match="obligatoire"):
        convert(Q("i", "id", "", "", required=True), "", "fr", ".")


def test_a_text_too_long_for_check_is_refused():
    with pytest.raises(Invalid, match="Texte trop long : 4\u202f000\u202f000 caractères, 2\u202f000 au plus"):
        convert(Q("title", "text", "", ""), "x" * 4_000_000, "fr", ".")
    assert convert(Q("title", "text", "", ""), "x" * MAX_TEXT, "fr", ".") == "x" * MAX_TEXT


def test_questions_follow_the_schema_of_this_branch():
    """Questions for fields the schema does not know are neither asked nor accepted."""
    quiz = Questionnaire("fr")
    asked = {s.key for s in quiz.sections()}
    assert {"startup", "convention", "team", "committees", "source_code", "budget"} <= asked
    schema = quiz.schema
    for section in SECTIONS:
        assert (section.key in asked) == (section.key in schema["properties"])
    pretend = json.loads(json.dumps(schema))
    pretend["properties"]["objectives"] = {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "label": {"type": "string"},
                "target": {"type": "number"},
                "due_on": {"type": "string"},
            },
        },
    }
    pretend["properties"]["budget"]["properties"]["years"] = {
        "type": "array",
        "items": {"type": "object", "properties": {"year": {"type": "integer"}, "ae_allocated": {"type": "number"}}},
    }
    newer = Questionnaire("fr", pretend)
    decl, errors = newer.from_answers(
        {"startup": {"id": "x"}, "budget": {"years": [{"year": "2024", "ae_allocated": "581 040,00"}]}}
    )
    assert errors == [] and decl["budget"] == {"years": [{"year": 2024, "ae_allocated": 581040}]}
    decl, errors = newer.from_answers(
        {"startup": {"id": "x"}, "objectives": [{"id": "o", "target": "1 000", "due_on": "31/12/2025"}]}
    )
    assert errors == [] and decl["objectives"] == [{"id": "o", "target": 1000, "due_on": dt.date(2025, 12, 31)}]
    decl, errors = quiz.from_answers({"startup": {"id": "x"}, "objectives": [{"id": "o"}]})
    assert errors == [] and decl["objectives"] == [{"id": "o"}]  # the schema now knows objectives


class Script:
    """A prompt typing each scripted answer at the first question whose label holds its key, in
    order, and Enter (the value shown) at every other question. A step ``(key, typed, says)`` is a
    refusal: the answer must be refused with ``says``, and the next step answers the same question."""

    def __init__(self, *steps):
        self.steps = list(steps)
        self.asked, self.notes, self.headings = [], [], []

    def heading(self, title):
        self.headings.append(title)

    def note(self, text):
        self.notes.append(text)

    def text(self, label, default, validate):
        self.asked.append(label)
        while self.steps and self.steps[0][0] in label:
            key, typed, *says = self.steps.pop(0)
            verdict = validate(typed)
            if says:
                assert verdict is not True and says[0] in verdict, (label, typed, verdict)
                continue
            assert verdict is True, (label, typed, verdict)
            return typed
        assert validate(default) is True, (label, default)
        return default


ACTIVE_FACTS = (
    ("personal_data.processed", "non"),
    ("authentication.required", "non"),
    ("online_procedure.is_procedure", "non"),
)


def test_the_final_report_contents_are_asked_once_it_was_sent():
    prompt = Script(("startup.id", "p"), *ACTIVE_FACTS)
    decl = Questionnaire("fr").ask({}, prompt)
    assert "convention" not in decl
    assert not any("final_report.expenses" in label for label in prompt.asked)
    prompt = Script(
        ("startup.id", "p"),
        ("convention.final_report.sent_on", "20/03/2025"),
        ("convention.final_report.expenses", "oui"),
        ("convention.final_report.progress", "oui"),
        ("convention.final_report.forecast", "non"),
        *ACTIVE_FACTS,
    )
    decl = Questionnaire("fr").ask({}, prompt)
    assert decl["convention"] == {
        "final_report": {"sent_on": dt.date(2025, 3, 20), "expenses": True, "progress": True, "forecast": False}
    }
    cbcm = next(label for label in prompt.asked if "copy_sent_to_cbcm.prime_minister" in label)
    assert "Premier ministre" in cbcm and "ex. 05/02/2024" in cbcm


def test_an_active_product_must_say_whether_each_obligation_applies_and_why_it_is_asked():
    prompt = Script(
        ("startup.id", "p"),
        ("personal_data.processed", "", "l'obligation personal-data n'est pas tenue"),
        ("personal_data.processed", "oui"),
        ("authentication.required", "", "l'obligation franceconnect"),
        ("authentication.required", "non"),
        ("online_procedure.is_procedure", "", "l'obligation jdma"),
        ("online_procedure.is_procedure", "non"),
    )
    decl = Questionnaire("fr").ask({}, prompt)
    assert decl["personal_data"] == {"processed": True}
    assert decl["authentication"] == {"required": False} and decl["online_procedure"] == {"is_procedure": False}
    label = next(label for label in prompt.asked if "personal_data.processed" in label)
    assert "à déclarer pour un produit actif" in label and "(Entrée pour passer)" not in label
    closed = Script(
        ("startup.id", "p"),
        ("Ajouter une phase", "oui"),
        ("Nom de la phase", "abandonné"),
        ("Début de la phase", "01/01/2020"),
    )
    decl = Questionnaire("fr").ask({}, closed)  # a closed product: the three may be skipped
    assert decl["startup"]["phases"] == [{"name": "abandon", "start": dt.date(2020, 1, 1)}]
    assert "personal_data" not in decl and "authentication" not in decl
    label = next(label for label in closed.asked if "personal_data.processed" in label)
    assert "(Entrée pour passer)" in label and "produit actif" not in label


def test_back_goes_to_the_previous_question_with_its_answer_ready_to_edit():
    class Recording(Script):
        def text(self, label, default, validate):
            self.defaults = getattr(self, "defaults", []) + [(label, default)]
            return super().text(label, default, validate)

    prompt = Recording(
        ("startup.id", "p"),
        ("startup.title", "Mon prodiut"),
        ("startup.incubator", "<"),  # back to the title
        ("startup.title", "Mon produit"),
        ("startup.incubator", "dinum"),
        ("startup.link", "<"),
        ("startup.incubator", "<"),
        ("startup.title", "<"),
        ("startup.id", "q"),
        *ACTIVE_FACTS,
    )
    decl = Questionnaire("fr").ask({}, prompt)
    assert decl["startup"] == {"id": "q", "title": "Mon produit", "incubator": "dinum"}
    shown = [default for label, default in prompt.defaults if "startup.title" in label]
    assert shown[1] == "Mon prodiut"  # the previous answer, ready to edit
    assert prompt.headings.count("Le produit") >= 2  # the section is named again where the questions resume
    first = Script(("startup.id", "<"), ("startup.id", "p"), *ACTIVE_FACTS)
    assert Questionnaire("fr").ask({}, first)["startup"] == {"id": "p"}
    assert "(C'est la première question.)" in first.notes


def test_a_list_is_reviewed_before_it_is_left_items_added_fixed_and_removed():
    prompt = Script(
        ("startup.id", "p"),
        ("Ajouter un comité", "oui"),
        ("Date du comité", "01/06/2024"),
        ("Ajouter un indicateur", "oui"),
        ("Nom de l'indicateur", "Démarches"),
        ("(result)", "12"),
        ("Ajouter un indicateur", "non"),
        ("Ajouter un comité", "oui"),
        ("Date du comité", "01/12/2042"),  # a slip
        ("Ajouter un comité", "supprimer 3", "N de 1 à 2"),
        ("Ajouter un comité", "modifier 2"),
        ("Date du comité", "01/12/2024"),
        ("Ajouter un comité", "oui"),
        ("Date du comité", "01/01/2025"),
        ("Ajouter un comité", "s 3"),
        ("Ajouter un comité", "non"),
        *ACTIVE_FACTS,
    )
    decl = Questionnaire("fr").ask({}, prompt)
    assert decl["committees"] == [
        {"date": dt.date(2024, 6, 1), "indicators": [{"name": "Démarches", "result": 12}]},
        {"date": dt.date(2024, 12, 1)},
    ]
    menu = [label for label in prompt.asked if "Ajouter un comité" in label]
    assert menu[0].endswith("(oui/non) [non]") and "modifier N / supprimer N" in menu[-1]
    assert "committees : 2 éléments :\n  1. 2024-06-01\n  2. 2042-12-01" in prompt.notes


def test_a_list_left_by_mistake_is_reopened_by_going_back():
    prompt = Script(
        ("startup.id", "p"),
        ("Ajouter une phase", "oui"),
        ("Nom de la phase", "construction"),
        ("Début de la phase", "01/01/2024"),
        ("Ajouter une phase", "non"),  # one "non" too soon
        ("convention.reference", "<"),  # back to the list
        ("Ajouter une phase", "oui"),
        ("Nom de la phase", "accélération"),
        ("Début de la phase", "01/06/2024"),
        ("Ajouter une phase", "non"),
        *ACTIVE_FACTS,
    )
    decl = Questionnaire("fr").ask({}, prompt)
    assert [p["name"] for p in decl["startup"]["phases"]] == ["construction", "acceleration"]


def test_objective_ids_stay_unique_in_the_questionnaire():
    prompt = Script(
        ("startup.id", "p"),
        *ACTIVE_FACTS,
        ("Ajouter un objectif", "oui"),
        ("Identifiant de l'objectif", "demarches"),
        ("Ajouter un objectif", "oui"),
        ("Identifiant de l'objectif", "demarches", "chacun est unique"),
        ("Identifiant de l'objectif", "usagers"),
        ("Ajouter un objectif", "modifier 1"),
        ("Identifiant de l'objectif", "usagers", "chacun est unique"),
        ("Identifiant de l'objectif", "demarches"),  # its own id again: kept
        ("Ajouter un objectif", "non"),
    )
    decl = Questionnaire("fr").ask({}, prompt)
    assert [o["id"] for o in decl["objectives"]] == ["demarches", "usagers"]


# --- non-interactive: --answers ------------------------------------------------------------------

ANSWERS = f"""
startup:
  id: mon-produit
  title: Mon produit
  phases:
    - {{name: investigation, start: "{french(-300)}"}}
    - {{name: Construction, start: {day(-200)}}}
convention:
  reference: X-2024
  partner: DJEPVA
  signed_on: "{french(-210)}"
  ends_on: {day(400)}
  copy_sent_to_cbcm: {{prime_minister: "{french(-200)}", partner: {day(-199)}}}
  publication:
    gouvernement_fr: https://www.gouvernement.fr/publications-officielles/delegations-de-gestion/x-2024
    data_gouv_fr: https://www.data.gouv.fr/fr/datasets/x-2024/
commitments: {{approach: oui, manifesto: "true"}}
team:
  intrapreneur: {{name: Jeanne Martin, public_agent: oui, employer: DJEPVA, since: "{french(-300)}"}}
  sponsor: {{name: Paul Durand, role: Directeur, organisation: DJEPVA}}
committees:
  - date: "{french(-30)}"
    chaired_by_partner: oui
    dinum_present: oui
    indicators:
      - {{name: Démarches, result: "1 200", objective_6_months: "3000"}}
product_page: {{url: "https://beta.gouv.fr/startups/mon-produit.html", updated_on: "{french(-10)}"}}
source_code: {{repositories: "https://github.com/betagouv/a, https://github.com/betagouv/b", licence: agpl-3.0}}
statistics: {{url: "https://mon-produit.beta.gouv.fr/stats"}}
personal_data: {{processed: non}}
security: {{risk_workshops: [{{date: "{french(-40)}", method: anssi-agile}}]}}
authentication: {{required: non}}
online_procedure: {{is_procedure: non}}
accessibility: {{status: partiellement conforme}}
budget: {{allocated: "400 000", committed: "210000,50"}}
"""


def test_an_output_name_with_a_line_break_cannot_forge_a_line_on_stderr(tmp_path):
    """The file name is written out in every sentence that names it (hostile probe): a name
    holding a line break would otherwise start a line of its own on the terminal."""
    (tmp_path / "reponses.yaml").write_text(ANSWERS, encoding="utf-8")
    run = conformite("init", "--answers", "reponses.yaml", "--output", "o\nconformite: tout va bien.yaml", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "déclaration écrite dans o\\nconformite: tout va bien.yaml" in run.stderr
    assert not any(line.startswith("conformite: tout va bien") for line in run.stderr.splitlines())
    assert (tmp_path / "o\nconformite: tout va bien.yaml").is_file()


def test_answers_file_gives_a_commented_compliant_declaration(tmp_path):
    (tmp_path / "reponses.yaml").write_text(ANSWERS, encoding="utf-8")
    run = conformite("init", "--answers", "reponses.yaml", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "déclaration écrite dans mon-produit.yaml" in run.stderr
    written = tmp_path / "mon-produit.yaml"
    data = passes_schema(written)
    assert data["startup"]["phases"][0]["start"] == day(-300)
    assert data["commitments"] == {"approach": True, "manifesto": True}
    assert data["source_code"]["licence"] == "AGPL-3.0"
    assert data["budget"] == {"allocated": 400000, "committed": 210000.5}
    content = written.read_text(encoding="utf-8")
    assert "# L'intrapreneur (agent public du partenaire)" in content  # each section explained
    assert "# Comités d'investissement tenus" in content
    check = conformite("check", "mon-produit.yaml", cwd=tmp_path)
    assert check.returncode == 0, check.stdout  # compliant today
    assert "mon-produit — Mon produit (construction): conforme" in check.stdout
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_answers_in_json_and_in_english(tmp_path):
    answers = {"startup": {"id": "produit"}, "team": {"intrapreneur": {"name": "Jane", "public_agent": "yes"}}}
    (tmp_path / "a.json").write_text(json.dumps(answers), encoding="utf-8")
    run = conformite("init", "--answers", "a.json", "--lang", "en", "--output", "out/produit.yml", cwd=tmp_path)
    assert run.returncode == 2 and "cannot write" in run.stderr  # the folder does not exist: one sentence
    (tmp_path / "out").mkdir()
    run = conformite("init", "--answers", "a.json", "--lang", "en", "--output", "out/produit.yml", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    text = (tmp_path / "out" / "produit.yml").read_text(encoding="utf-8")
    assert "# The intrapreneur (a public agent of the partner)" in text
    assert passes_schema(tmp_path / "out" / "produit.yml")["team"]["intrapreneur"]["public_agent"] is True


def test_bad_answers_each_say_what_to_write_and_nothing_is_written(tmp_path):
    bad = """
startup: {id: mon produit}
convention: {signed_on: 30/02/2024, ends_on: demain}
team: {intrapreneur: {name: J, public_agent: peut-être}, sponsr: {name: P}}
source_code: {licence: MIT License}
authentification: {required: oui}
"""
    (tmp_path / "r.yaml").write_text(bad, encoding="utf-8")
    run = conformite("init", "--answers", "r.yaml", cwd=tmp_path)
    assert run.returncode == 2
    lines = run.stderr.splitlines()
    assert len(lines) == 7, run.stderr
    assert any("startup.id : Identifiant attendu" in line for line in lines)
    assert any("convention.signed_on : Cette date n'existe pas : 2024-02-30" in line for line in lines)
    assert any("convention.ends_on : Date attendue au format AAAA-MM-JJ" in line for line in lines)
    assert any("team.intrapreneur.public_agent : Répondez oui ou non" in line for line in lines)
    assert any("team.sponsr : clé inconnue — vouliez-vous dire « sponsor »" in line for line in lines)
    assert any("source_code.licence : Écrivez l'identifiant SPDX : MIT" in line for line in lines)
    assert any("authentification : clé inconnue — vouliez-vous dire « authentication »" in line for line in lines)
    assert "Traceback" not in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.yaml"]


@pytest.mark.parametrize(
    "content, says", [("startup: [\n", "illisible"), ("- a\n", "doit être un objet"), ("a: 1\na: 2\n", "illisible")]
)
def test_unreadable_answers_files(tmp_path, content, says):
    (tmp_path / "r.yaml").write_text(content, encoding="utf-8")
    run = conformite("init", "--answers", "r.yaml", cwd=tmp_path)
    assert run.returncode == 2 and says in run.stderr and run.stderr.count("\n") == 1, run.stderr
    missing = conformite("init", "--answers", "absent.yaml", cwd=tmp_path)
    assert missing.returncode == 2 and "absent.yaml" in missing.stderr


def test_never_overwrites_without_force(tmp_path):
    (tmp_path / "r.yaml").write_text("startup: {id: p}\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text("à moi\n", encoding="utf-8")
    run = conformite("init", "--answers", "r.yaml", cwd=tmp_path)
    assert run.returncode == 2 and "p.yaml existe déjà" in run.stderr
    assert (tmp_path / "p.yaml").read_text(encoding="utf-8") == "à moi\n"
    named = conformite("init", "--answers", "r.yaml", "--output", "p.yaml", cwd=tmp_path)
    assert named.returncode == 2 and (tmp_path / "p.yaml").read_text(encoding="utf-8") == "à moi\n"
    forced = conformite("init", "--answers", "r.yaml", "--output", "p.yaml", "--force", cwd=tmp_path)
    assert forced.returncode == 0
    assert passes_schema(tmp_path / "p.yaml")["startup"] == {"id": "p"}


def test_outside_a_terminal_without_answers_it_says_how(tmp_path):
    run = conformite("init", cwd=tmp_path)
    assert run.returncode == 2
    assert "--answers FICHIER" in run.stderr and run.stderr.count("\n") == 1


def test_from_betagouv_prefills_what_the_page_says(tmp_path):
    (tmp_path / "r.yaml").write_text(
        "convention: {signed_on: 24/01/2024}\nsource_code: {licence: AGPL-3.0}\n", encoding="utf-8"
    )
    run = conformite(
        "init", "--from-betagouv", str(BETAGOUV), "--startup", "api-engagement", "--answers", "r.yaml", cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    data = passes_schema(tmp_path / "api-engagement.yaml")
    assert data["startup"]["title"] == "API Engagement"
    assert [p["name"] for p in data["startup"]["phases"]][:3] == ["investigation", "construction", "acceleration"]
    assert data["source_code"] == {
        "repositories": ["https://github.com/betagouv/api-engagement"],
        "licence": "AGPL-3.0",
    }
    assert data["statistics"]["url"] == "https://app.api-engagement.beta.gouv.fr/public-stats"
    assert data["convention"]["signed_on"] == "2024-01-24"
    assert "pré-rempli depuis" in run.stderr
    typo = conformite(
        "init", "--from-betagouv", str(BETAGOUV), "--startup", "api-engagment", "--answers", "r.yaml", cwd=tmp_path
    )
    assert typo.returncode == 2 and "vouliez-vous dire « api-engagement »" in typo.stderr
    alone = conformite("init", "--from-betagouv", str(BETAGOUV), "--answers", "r.yaml", cwd=tmp_path)
    assert alone.returncode == 2 and "--startup" in alone.stderr


def init_answers(tmp_path, content, name="r.yaml", *args):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return conformite("init", "--answers", name, *args, cwd=tmp_path)


def nothing_written(tmp_path, *kept):
    return sorted(p.name for p in tmp_path.iterdir()) == sorted(kept)


@pytest.mark.parametrize(
    "name, content, says",
    [
        ("r.yaml", "startup: {id: p}\nbudget: {allocated: -1}\n", "budget.allocated : Nombre attendu entre 0 et"),
        ("r.yaml", "startup: {id: p}\nbudget: {allocated: 1e400}\n", "budget.allocated : Nombre attendu"),
        ("r.yaml", "startup: {id: p}\nbudget: {allocated: .nan}\n", "budget.allocated : nombre invalide : .nan"),
        ("r.yaml", "startup: {id: p}\nbudget: {allocated: " + "1" * 5000 + "}\n", "budget.allocated : nombre invalide"),
        (
            "r.yaml",
            'startup: {id: p}\nbudget: {allocated: "' + "1" * 5000 + '"}\n',
            "budget.allocated : Nombre attendu entre",
        ),
        (
            "r.yaml",
            "startup: {id: p}\nsecurity: {homologation: {months: -1}}\n",
            "security.homologation.months : Nombre attendu entre 0",
        ),
        ("r.json", '{"startup": {"id": "p"}, "budget": {"allocated": NaN}}', "budget.allocated : Nombre attendu"),
        ("r.json", '{"startup": {"id": "p"}, "budget": {"allocated": 1e400}}', "budget.allocated : Nombre attendu"),
        (
            "r.json",
            '{"startup": {"id": "p"}, "budget": {"allocated": -1}}',
            "budget.allocated : Nombre attendu entre 0",
        ),
        (
            "r.json",
            '{"startup": {"id": "p"}, "budget": {"years": [{"year": 1850}]}}',
            "budget.years[0].year : Nombre attendu entre 1",
        ),
    ],
)
def test_a_bad_number_in_answers_is_named_by_its_key_never_taken_for_a_bug(tmp_path, name, content, says):
    """Issue 21, item 12: 1e400, NaN, -1, 5,000 digits got the message meant for a bug of ours."""
    run = init_answers(tmp_path, content, name)
    assert run.returncode == 2 and says in run.stderr, run.stderr
    assert run.stderr.count("\n") == 1 and "schéma" not in run.stderr and "erreur" not in run.stderr
    assert nothing_written(tmp_path, name)


def test_a_text_check_would_refuse_is_refused_at_its_key(tmp_path):
    """Issue 21, item 12: a 4 MB title was written, then refused by check."""
    run = init_answers(tmp_path, "startup: {id: p, title: " + "t" * 900_000 + "}\n")
    assert run.returncode == 2 and "startup.title : Texte trop long : 900\u202f000 caractères" in run.stderr
    big = init_answers(tmp_path, "startup: {id: p, title: " + "t" * 4_000_000 + "}\n", "big.yaml")
    assert big.returncode == 2 and "big.yaml : fichier de réponses illisible (fichier trop volumineux" in big.stderr
    assert nothing_written(tmp_path, "r.yaml", "big.yaml")


@pytest.mark.slow
def test_answers_that_would_make_a_file_too_large_for_check_write_nothing(tmp_path):
    item = {"date": "1/1/2024", "chaired_by_partner": "o", "dinum_present": "o"}
    answers = {"startup": {"id": "p"}, "committees": [item] * 16_100}  # 1.04 MB read, 1.1 MB to write
    run = init_answers(tmp_path, json.dumps(answers, separators=(",", ":")), "r.json")
    assert run.returncode == 2, run.stderr
    assert "la déclaration produite dépasse ce que conformite check lit (" in run.stderr and "octets" in run.stderr
    assert nothing_written(tmp_path, "r.json")


def test_an_answers_fifo_or_device_is_refused_without_waiting(tmp_path):
    """Issue 21, item 12: a FIFO hung `init --answers`."""
    os.mkfifo(tmp_path / "r.yaml")
    run = conformite("init", "--answers", "r.yaml", cwd=tmp_path)
    assert (
        run.returncode == 2
        and "r.yaml : fichier de réponses illisible (ce n'est pas un fichier ordinaire)" in run.stderr
    )
    zero = conformite("init", "--answers", "/dev/zero", cwd=tmp_path)
    assert zero.returncode == 2 and "ce n'est pas un fichier ordinaire" in zero.stderr


def test_answers_nested_too_deep_or_aliased_without_end_get_one_sentence(tmp_path):
    deep = init_answers(tmp_path, "startup: " + "[" * 200 + "]" * 200 + "\n", "deep.yaml")
    assert deep.returncode == 2 and deep.stderr.count("\n") == 1 and "imbrication trop profonde" in deep.stderr
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi")
    )
    bomb = init_answers(tmp_path, laughs, "bomb.yaml")
    assert bomb.returncode == 2 and bomb.stderr.count("\n") == 1 and "alias" in bomb.stderr, bomb.stderr


def test_thousands_of_unknown_keys_are_counted_not_listed(tmp_path):
    """Issue 21, item 12: 20,000 unknown keys printed 2.9 MB on stderr; item 3: their escapes reached it raw."""
    answers = {"startup": {"id": "p"}, **{f"k{i}\x1b]0;pwned\x07": 1 for i in range(20_000)}}
    run = init_answers(tmp_path, json.dumps(answers), "r.json")
    assert run.returncode == 2
    lines = run.stderr.splitlines()
    assert len(lines) == 21 and lines[-1] == "conformite: r.json : … et 19980 autres réponses refusées (non listées)."
    assert "k0\ufffd]0;pwned\ufffd : clé inconnue" in lines[0]
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr and len(run.stderr) < 4000


def test_an_answers_file_name_with_terminal_escapes_is_printed_clean(tmp_path):
    name = "r\x1b]0;pwned\x07.yaml"
    run = init_answers(tmp_path, "startup: {id: p}\nsponsr: {}\n", name)
    assert run.returncode == 2 and "r\ufffd]0;pwned\ufffd.yaml : sponsr : clé inconnue" in run.stderr
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr


def test_one_budget_form_and_unique_objective_ids_in_answers(tmp_path):
    run = init_answers(
        tmp_path,
        "startup: {id: p}\nbudget: {committed: 10, years: [{year: 2024}]}\nobjectives: [{id: a}, {id: b}, {id: a}]\n",
    )
    assert run.returncode == 2
    assert "budget.years : une seule des deux formes du budget : allocated / committed, ou years" in run.stderr
    assert "objectives[2].id : identifiant déjà donné en objectives[0]" in run.stderr
    assert nothing_written(tmp_path, "r.yaml")


def test_answers_left_silent_on_what_an_active_product_must_declare_are_said(tmp_path):
    run = init_answers(tmp_path, "startup: {id: p}\npersonal_data: {processed: oui}\n")
    assert run.returncode == 0, run.stderr
    assert (
        "r.yaml : non déclarés pour ce produit actif : authentication.required, online_procedure.is_procedure ; "
        "tant que les réponses (oui ou non) manquent, les obligations franceconnect, jdma ne sont pas tenues "
        "(à compléter)."
    ) in run.stderr
    one = "startup: {id: o}\npersonal_data: {processed: non}\nauthentication: {required: non}\n"
    run = init_answers(tmp_path, one, "one.yaml", "--output", "one-out.yaml")
    assert (
        run.returncode == 0
        and (
            "non déclaré pour ce produit actif : online_procedure.is_procedure ; tant que la réponse (oui ou non) "
            "manque, l'obligation jdma n'est pas tenue (à compléter)."
        )
        in run.stderr
    )
    closed = "startup: {id: q, phases: [{name: abandon, start: 2020-01-01}]}\n"
    run = init_answers(tmp_path, closed, "closed.yaml")
    assert run.returncode == 0 and "non déclaré" not in run.stderr


def test_what_init_writes_has_no_alias_and_writes_on_plain(tmp_path):
    """Issue 22: the file held `&id001` / `*id001` (one date object used twice) and `'on':`."""
    answers = f"""
startup: {{id: p, phases: [{{name: construction, start: "{french(-30)}"}}]}}
committees: [{{date: "{french(-30)}"}}, {{date: "{french(-30)}"}}]
security: {{risk_workshops: [{{date: "{french(-30)}", method: EBIOS RM}}]}}
authentication: {{required: oui, franceconnect: prévu}}
objectives: [{{id: o, direction: baisse, measurements: [{{on: "{french(-30)}", value: 3}}, {{on: "{french(-30)}", value: 2}}]}}]
"""
    run = init_answers(tmp_path, answers)
    assert run.returncode == 0, run.stderr
    content = (tmp_path / "p.yaml").read_text(encoding="utf-8")
    assert "&id" not in content and "*id" not in content and "'on'" not in content
    assert content.count(f"  - on: {day(-30)}\n") == 2
    data = passes_schema(tmp_path / "p.yaml")
    assert data["security"]["risk_workshops"][0]["method"] == "ebios-rm"  # as the rule reads it
    assert data["authentication"]["franceconnect"] == "planned" and data["objectives"][0]["direction"] == "decrease"
    assert content.startswith("# Déclaration de conformité écrite par « conformite init »")  # comments kept
    check = conformite("check", "p.yaml", "--format", "json", cwd=tmp_path)
    report = json.loads(check.stdout)
    verdicts = report["declarations"][0]["obligations"]
    assert verdicts["risk-workshops"] == "pass" and verdicts["franceconnect"] == "pass"


def test_an_output_that_appears_while_init_runs_is_kept_and_the_user_told(tmp_path, monkeypatch, capsys):
    """Issue 21, item 6: --output was checked at the start and replaced at the end."""
    import argparse

    (tmp_path / "r.yaml").write_text("startup: {id: p}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    checked = command._readable

    def colleague_writes_meanwhile(content, lang):
        (tmp_path / "decl.yaml").write_text("à un collègue\n", encoding="utf-8")
        checked(content, lang)

    monkeypatch.setattr(command, "_readable", colleague_writes_meanwhile)
    args = argparse.Namespace(
        lang="fr", output="decl.yaml", answers="r.yaml", from_betagouv=None, startup=None, force=False
    )
    assert command.main(args) == 2
    said = capsys.readouterr().err
    assert "decl.yaml a été créé pendant le questionnaire : il est conservé tel quel, rien n'a été écrit" in said
    assert (tmp_path / "decl.yaml").read_text(encoding="utf-8") == "à un collègue\n"
    assert nothing_written(tmp_path, "r.yaml", "decl.yaml")  # no temporary file left


def test_create_text_never_replaces_a_file_or_a_link_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "decl.yaml"
    create_text(target, "premier\n")
    assert target.read_text(encoding="utf-8") == "premier\n"
    with pytest.raises(FileExistsError):
        create_text(target, "second\n")
    assert target.read_text(encoding="utf-8") == "premier\n"
    (tmp_path / "lien.yaml").symlink_to(tmp_path / "nulle-part.yaml")  # a dangling link is a name taken
    with pytest.raises(FileExistsError):
        create_text(tmp_path / "lien.yaml", "x\n")
    assert not (tmp_path / "nulle-part.yaml").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decl.yaml", "lien.yaml"]


# --- property: whatever init accepts, check reads ------------------------------------------------

TRICKY = st.sampled_from(
    [
        "",
        " ",
        "oui",
        "non",
        "on",
        "yes",
        "~",
        "null",
        "1_000",
        "1:20",
        "0x1F",
        "=",
        "<<",
        "&a",
        "*a",
        "!t",
        "# x",
        "- a",
        "a: b",
        "'",
        '"',
        "2024-01-01",
        "01/02/2024",
        "30/02/2024",
        "1e400",
        "NaN",
        "-1",
        "0",
        "1" * 5000,
        "EBIOS RM",
        "prévu",
        "Non prévu",
        "hausse",
        "\x1b]0;t\x07",
        "a\nb",
        "\t",
        "x" * 2100,
        "https://a.b",
        "https://x.fr/a b",
        "MIT",
        "MIT License",
        "Agpl-3.0",
        "-",
        "3,5",
        "1 000",
        "1e5",
        "\u2028",
    ]
)


WORD = st.characters(codec="ascii", categories=["L", "N"])


def _value(kind: str):
    """A value of this kind as a person may write it, most often valid, sometimes not."""
    valid = {
        "date": st.one_of(st.dates().map(str), st.dates().map(lambda d: d.strftime("%d/%m/%Y"))),
        "bool": st.sampled_from(["oui", "non", "true", "false", "o", "n", True, False]),
        "int": st.one_of(st.integers(0, 2999), st.integers().map(str)),
        "number": st.one_of(
            st.integers(-(10**16), 10**16), st.floats(allow_nan=False), st.text("0123456789 ,", max_size=20)
        ),
        "url": st.text(WORD, max_size=20).map(lambda t: "https://" + t + ".fr"),
        "urls": st.lists(st.text(WORD, max_size=10).map(lambda t: "https://" + t + ".fr"), max_size=3),
        "licence": st.sampled_from(["MIT", "agpl-3.0", "GPL-3.0-or-later", "WTFPL"]),
        "method": st.sampled_from(["EBIOS RM", "anssi agile", "ebios-rm", "autre démarche"]),
        "id": st.text(max_size=12),
    }.get(kind, st.text(max_size=30))
    return st.one_of(*[valid] * 20, TRICKY, st.none())


def _answers(items):
    """A declaration-shaped mapping for these questions: some keys answered, lists of 0 to 2 items."""
    fields, required = {}, {}
    for item in items:
        if isinstance(item, Repeat):
            fields[item.key] = st.lists(_answers(item.items), max_size=2)
        elif item.required:
            required[item.key] = _value(item.kind)
        elif item.choices:  # an id, its French words, or anything
            words = st.sampled_from(item.choices + tuple(choice_word(c, "fr") for c in item.choices))
            fields[item.key] = st.one_of(*[words] * 20, TRICKY)
        else:
            fields[item.key] = _value(item.kind)
    return st.fixed_dictionaries(required, optional=fields).map(_nest)


def _nest(flat: dict) -> dict:
    out: dict = {}
    for key, value in flat.items():
        node = out
        *parents, last = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return out


def _declaration_answers():
    sections = {}
    for section in SECTIONS:
        whole_list = len(section.items) == 1 and isinstance(section.items[0], Repeat) and not section.items[0].key
        sections[section.key] = (
            st.lists(_answers(section.items[0].items), max_size=2) if whole_list else _answers(section.items)
        )
    # any id the schema takes: no white space, control character, "/" or "\\"
    ident = st.text(st.characters(exclude_categories=["Z", "C"], exclude_characters="/\\"), min_size=1, max_size=12)
    return st.fixed_dictionaries({}, optional=sections).flatmap(
        lambda d: ident.map(lambda i: {**d, "startup": {**(d.get("startup") or {}), "id": i}})
    )


def _accepted(quiz: Questionnaire, answers: dict) -> dict | None:
    """What init accepts of these answers: each refused answer left out (the list item holding it,
    when there is one) until none is refused."""
    for _ in range(10):
        decl, errors = quiz.from_answers(answers)
        if not errors:
            return decl
        dropped = set()
        for path, _ in errors:
            parts = [int(p[1:-1]) if p.startswith("[") else p for p in re.findall(r"\[\d+\]|[^.\[\]]+", path)]
            last = max((i for i, p in enumerate(parts) if isinstance(p, int)), default=len(parts) - 1)
            dropped.add(tuple(parts[: last + 1]))
        for parts in sorted(dropped, key=lambda p: [str(x).zfill(9) for x in p], reverse=True):
            node = answers
            for part in parts[:-1]:
                node = node[part]
            del node[parts[-1]]
    return None


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(answers=_declaration_answers())
def test_whatever_init_accepts_check_reads_without_a_schema_error(answers):
    """Any answers init accepts (once through the answers file's own reader) give a file that
    check reads without a problem: the answers refused are left out until init accepts the rest."""
    quiz = Questionnaire("fr", today=TODAY)
    doc, problems = load_text(yaml.safe_dump(answers, allow_unicode=True))
    if problems:  # the answers file refused as a whole (a number beyond what the loader reads exactly)
        return
    decl = _accepted(quiz, doc.data)
    assert decl is not None
    content = render(decl, "fr", "p.yaml", TODAY, quiz.schema)
    assert check_text(content) == [], content
    assert "&id" not in content and "*id" not in content


# --- interactive, in a real pseudo-terminal ------------------------------------------------------

END_OF_PROMPT = "\x1b[?2004l"  # prompt_toolkit leaves bracketed-paste mode when an answer is accepted
ESCAPES = r"(?:\x1b\[[0-9;?]*[A-Za-z])*"


def on_screen(text: str) -> str:
    """A pattern for ``text`` as prompt_toolkit draws it: styles between characters, and a character
    already on the screen at that place skipped with a cursor move."""
    return "".join(ESCAPES + ("(?: |\x1b\\[\\d*C)" if c == " " else f"(?:{re.escape(c)}|\x1b\\[C)") for c in text)


class Terminal:
    def __init__(self, args, cwd, dimensions=(40, 250)):
        env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", NO_COLOR="1")
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "checker", "init", *args],
            cwd=str(cwd),
            env=env,
            encoding="utf-8",
            timeout=60,
            dimensions=dimensions,
        )
        self.at = None  # the question on screen, already seen

    def answer(self, question: str, typed: str = "") -> None:
        if self.at != question:
            self.child.expect_exact(question)
        self.at = None
        self.child.send(typed + "\r")
        self.child.expect_exact(END_OF_PROMPT)

    def refused(self, question: str, typed: str, says: str) -> None:
        """Typing ``typed`` shows ``says`` under the prompt, before anything is accepted; the line is then cleared."""
        if self.at != question:
            self.child.expect_exact(question)
        self.at = question
        self.child.send(typed + "\r")  # Enter: refused, the message stays
        self.child.expect(on_screen(says))
        self.child.send("\x15")  # Ctrl-U: clear the line

    def finish(self) -> tuple[int, str]:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus, self.child.before


@pytest.mark.slow
def test_interactive_questionnaire_writes_a_compliant_declaration(tmp_path):
    t = Terminal(["--output", "decl.yaml"], tmp_path)
    t.refused("startup.id", "mon produit", "Identifiant attendu")
    t.answer("startup.id", "mon-produit")
    t.answer("startup.title", "Mon prodiut")
    t.answer("startup.incubator", "<")  # back to the title, its answer ready to edit
    t.child.expect_exact("startup.title")
    t.child.expect_exact("Mon prodiut")
    t.at = "startup.title"
    t.answer("startup.title", "\x15Mon produit")  # Ctrl-U clears it
    t.answer("startup.incubator")
    t.answer("startup.link", "https://mon-produit.beta.gouv.fr")
    t.answer("Ajouter une phase", "oui")
    t.refused("Nom de la phase", "constuction", "vouliez-vous dire « construction »")
    t.answer("Nom de la phase", "construction")
    t.refused("Début de la phase", "15 août", "AAAA-MM-JJ (ou JJ/MM/AAAA)")
    t.answer("Début de la phase", french(200))  # a slip, fixed below
    t.answer("Fin de la phase")
    t.answer("Commentaire")
    t.child.expect_exact("startup.phases : 1 élément :")
    t.refused("Ajouter une phase", "modifier 2", "N de 1 à 1")
    t.answer("Ajouter une phase", "modifier 1")
    t.answer("Nom de la phase")  # Enter: the name kept
    t.answer("Début de la phase", "\x15" + french(-200))
    t.answer("Fin de la phase")
    t.answer("Commentaire")
    t.answer("Ajouter une phase")  # Enter: non, the list is left
    t.answer("convention.reference", "X-2024")
    t.answer("convention.partner", "DJEPVA")
    t.answer("convention.signed_on", day(-210))
    t.answer("convention.ends_on", day(400))
    t.refused("convention.copy_sent_to_cbcm.prime_minister", "début février", "AAAA-MM-JJ (ou JJ/MM/AAAA)")
    t.answer("convention.copy_sent_to_cbcm.prime_minister", french(-200))
    t.answer("convention.copy_sent_to_cbcm.partner", day(-199))
    t.refused("convention.publication.gouvernement_fr", "www.gouvernement.fr", "commençant par https://")
    t.answer(
        "convention.publication.gouvernement_fr",
        "https://www.gouvernement.fr/publications-officielles/delegations-de-gestion/x-2024",
    )
    t.answer("convention.publication.data_gouv_fr", "https://www.data.gouv.fr/fr/datasets/x-2024/")
    t.answer("convention.final_report.sent_on")  # not sent yet: its three content questions are skipped
    t.refused("commitments.approach", "peut-être", "Répondez oui ou non")
    t.answer("commitments.approach", "oui")
    t.answer("commitments.manifesto", "oui")
    t.answer("team.intrapreneur.name", "Jeanne Martin")
    t.answer("team.intrapreneur.public_agent", "oui")
    t.answer("team.intrapreneur.employer", "DJEPVA")
    t.answer("team.intrapreneur.since")
    t.answer("team.sponsor.name", "Paul Durand")
    t.answer("team.sponsor.role", "Directeur")
    t.answer("team.sponsor.organisation", "DJEPVA")
    t.answer("Ajouter un comité", "oui")
    t.answer("Date du comité", french(-30))
    t.answer("Présidé par le partenaire", "oui")
    t.answer("La DINUM était-elle présente", "oui")
    t.answer("Commentaire")
    t.answer("Ajouter un indicateur", "oui")
    t.answer("Nom de l'indicateur", "Démarches")
    t.answer("(result)", "1 200")
    t.answer("(objective_6_months)", "3000")
    t.answer("Ajouter un indicateur", "non")
    t.answer("Ajouter un comité", "non")
    t.answer("product_page.url", "https://beta.gouv.fr/startups/mon-produit.html")
    t.answer("product_page.updated_on", day(-10))
    t.answer("source_code.repositories", "https://github.com/betagouv/mon-produit")
    t.refused("source_code.licence", "MIT License", "Écrivez l'identifiant SPDX : MIT")
    t.answer("source_code.licence", "MIT")
    t.answer("statistics.url", "https://mon-produit.beta.gouv.fr/stats")
    t.refused("personal_data.processed", "", "l'obligation personal-data n'est pas tenue")  # active: asked
    t.answer("personal_data.processed", "non")  # the three questions that follow a oui are skipped
    t.answer("Ajouter un atelier", "oui")
    t.answer("Date de l'atelier", day(-40))
    t.refused("Démarche suivie", "EBIOS", "écrivez son identifiant : ebios-rm")
    t.answer("Démarche suivie", "ANSSI agile")  # written as the rule reads it: anssi-agile
    t.answer("Commentaire")
    t.answer("Ajouter un atelier")
    t.answer("security.mon_service_securise")
    t.answer("security.homologation.decided_on")
    t.refused("security.homologation.months", "six", "Nombre entier")
    t.answer("security.homologation.months")
    t.answer("authentication.required", "oui")
    t.child.expect_exact("(authentication.franceconnect) [intégré | prévu | non prévu]")  # in words
    t.at = "authentication.franceconnect"
    t.answer("authentication.franceconnect", "prévu")
    t.answer("online_procedure.is_procedure", "non")
    t.refused("accessibility.status", "conforme à moitié", "Réponse attendue parmi")
    t.answer("accessibility.status", "partiellement conforme")
    t.answer("budget.allocated", "400 000")
    t.answer("budget.committed", "210000")  # the flat form: the yearly table is not asked
    t.answer("budget.underspend_notified_on")
    t.answer("Ajouter un objectif chiffré", "oui")
    t.answer("Identifiant de l'objectif", "demarches")
    t.answer("Intitulé", "Démarches en ligne")
    t.answer("Cible", "3000")
    t.answer("Échéance", day(300))
    t.answer("Sens", "hausse")
    t.answer("Ajouter une mesure", "oui")
    t.answer("Date de la mesure", french(-30))
    t.answer("Valeur mesurée", "1 200")
    t.answer("Ajouter une mesure", "non")
    t.answer("Ajouter un objectif chiffré", "non")
    code, output = t.finish()
    assert code == 0, output
    assert "déclaration écrite dans decl.yaml" in output
    data = passes_schema(tmp_path / "decl.yaml")
    assert data["startup"]["phases"] == [{"name": "construction", "start": day(-200)}]
    assert data["committees"][0]["indicators"] == [{"name": "Démarches", "result": 1200, "objective_6_months": 3000}]
    assert data["personal_data"] == {"processed": False}
    assert data["security"]["risk_workshops"] == [{"date": day(-40), "method": "anssi-agile"}]
    assert data["authentication"] == {"required": True, "franceconnect": "planned"}
    assert data["startup"]["title"] == "Mon produit"
    assert data["convention"]["copy_sent_to_cbcm"] == {"prime_minister": day(-200), "partner": day(-199)}
    assert data["convention"]["publication"] == {
        "gouvernement_fr": "https://www.gouvernement.fr/publications-officielles/delegations-de-gestion/x-2024",
        "data_gouv_fr": "https://www.data.gouv.fr/fr/datasets/x-2024/",
    }
    assert "final_report" not in data["convention"]
    assert data["budget"] == {"allocated": 400000, "committed": 210000}
    assert data["objectives"] == [
        {
            "id": "demarches",
            "label": "Démarches en ligne",
            "target": 3000,
            "due_on": day(300),
            "direction": "increase",
            "measurements": [{"on": day(-30), "value": 1200}],
        }
    ]
    check = conformite("check", "decl.yaml", cwd=tmp_path)
    assert check.returncode == 0, check.stdout
    assert ": conforme" in check.stdout


def test_interactive_in_english_with_betagouv_defaults_and_ctrl_c_writes_nothing(tmp_path):
    t = Terminal(["--lang", "en", "--from-betagouv", str(BETAGOUV), "--startup", "api-engagement"], tmp_path)
    t.child.expect_exact("pre-filled from")
    t.child.expect_exact("beta.gouv.fr id of the product")
    t.child.expect_exact("api-engagement")  # the page's id, ready to accept
    t.child.send("\r")
    t.child.expect_exact(END_OF_PROMPT)
    t.answer("startup.title")
    t.answer("startup.incubator")
    t.answer("startup.link")
    t.child.expect_exact("startup.phases: 4 items:")  # the page's phases start the list, to review
    t.child.expect_exact("1. investigation")
    t.answer("Add a phase (startup.phases)? (yes/no, or edit N / remove N) [no]")  # Enter: kept as they are
    t.child.expect_exact("convention.reference")
    assert not (tmp_path / "api-engagement.yaml").exists()
    t.child.send("\x03")  # Ctrl-C
    code, output = t.finish()
    assert code == 130
    assert "nothing was written" in output
    assert list(tmp_path.iterdir()) == []


def skip_to(t: Terminal, question: str, at: str) -> None:
    """Enter on every optional question and list, ``non`` to the three an active product must
    answer, until ``question`` is on screen (then known as ``at``)."""
    for _ in range(200):
        index = t.child.expect_exact(["(Entrée pour passer)", "(oui/non) [non]", "produit actif", question])
        if index == 3:
            t.at = at
            return
        if index == 2:
            t.child.expect_exact("(oui/non)")
        t.child.send("non\r" if index == 2 else "\r")
        t.child.expect_exact(END_OF_PROMPT)
    raise AssertionError(f"{question} never asked")


@pytest.mark.slow
def test_interactive_asks_another_name_rather_than_losing_the_answers(tmp_path):
    (tmp_path / "p.yaml").write_text("à moi\n", encoding="utf-8")
    t = Terminal([], tmp_path)
    t.answer("startup.id", "p")
    skip_to(t, "p.yaml existe déjà : nom du fichier", at="nom du fichier")
    t.refused("nom du fichier", "p.yaml", "p.yaml existe déjà : choisissez un autre nom")
    t.answer("nom du fichier", "q.yaml")
    code, output = t.finish()
    assert code == 0, output
    assert (tmp_path / "p.yaml").read_text(encoding="utf-8") == "à moi\n"
    data = passes_schema(tmp_path / "q.yaml")
    assert data["startup"] == {"id": "p"} and data["personal_data"] == {"processed": False}


@pytest.mark.slow
def test_an_output_file_created_while_the_questions_are_asked_is_kept(tmp_path):
    """Issue 21, item 6: --output is checked at the start and created exclusively at the end."""
    t = Terminal(["--output", "decl.yaml"], tmp_path)
    t.answer("startup.id", "p")
    (tmp_path / "decl.yaml").write_text("un collègue\n", encoding="utf-8")  # meanwhile
    skip_to(t, "decl.yaml a été créé pendant le questionnaire (il est conservé) : nom du fichier", at="nom du fichier")
    t.refused("nom du fichier", "decl.yaml", "decl.yaml existe déjà : choisissez un autre nom")
    t.answer("nom du fichier", "autre.yaml")
    code, output = t.finish()
    assert code == 0, output
    assert (tmp_path / "decl.yaml").read_text(encoding="utf-8") == "un collègue\n"
    assert passes_schema(tmp_path / "autre.yaml")["startup"] == {"id": "p"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["autre.yaml", "decl.yaml"]  # no temporary file left


def test_a_refusal_is_wrapped_to_the_terminal_width_not_cut(tmp_path):
    t = Terminal([], tmp_path, dimensions=(40, 60))
    t.answer("startup.id", "p")
    t.answer("startup.title")
    t.answer("startup.incubator")
    t.answer("startup.link")
    t.answer("Ajouter une phase", "oui")
    t.child.expect_exact("Nom de la phase")
    t.child.send("x\r")
    # the reason is 127 characters long: all of it is drawn, wrapped on three lines, not cut at column 60
    reason = "Réponse attendue parmi : investigation, construction, accélération, consolidation, opéré, transféré, abandonné, abandonné en investigation."
    t.child.expect_exact("en investigation.")
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", t.child.before + t.child.after).replace("\r", "")
    lines = drawn[drawn.rindex("Réponse attendue") :].split("\n")
    assert len(lines) == 3 and all(len(line) < 60 for line in lines), lines  # wrapped between words
    assert " ".join(lines) == reason
    t.child.send("\x03")  # Ctrl-C
    code, output = t.finish()
    assert code == 130 and list(tmp_path.iterdir()) == []
