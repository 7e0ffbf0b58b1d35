"""A value that still holds a hint's placeholder, pasted as written, is never a fact: the schema
stage reports it "à remplacer" at its line, once (not also "date invalide" or "un nombre
attendu"), saying what to write, and the declaration is invalid (exit 2)."""

import json

import pytest
from conftest import AS_OF, run_cli

from checker.reading import placeholders
from checker.reading.loader import load_text
from checker.reading.schema import validate

PASTED = """\
schema_version: 1
startup:
  id: colle-modele
  phases: [{name: acceleration, start: 2021-06-01}]
team:
  intrapreneur: {name: <prénom et nom de l'intrapreneur>, public_agent: <true ou false>}
committees:
  - date: AAAA-MM-JJ
    indicators:
      - {name: Inscrits, result: <valeur mesurée>, objective_6_months: <6-month objective>}
security:
  risk_workshops: [{date: 2024-10-01, method: <anssi-agile ou ebios-rm>}]
startup_note: 1
exemptions:
  - {obligation: sponsor, reason: …, approved_by: <instance qui a approuvé la dérogation>, expires_on: YYYY-MM-DD}
"""


def _errors(tmp_path, text, *options):
    target = tmp_path / "colle.yaml"
    target.write_text(text, encoding="utf-8")
    code, out, _ = run_cli("check", str(target), "--as-of", AS_OF.isoformat(), "--format", "json", *options)
    [decl] = json.loads(out)["declarations"]
    return code, decl, [(e["line"], e["column"], e["message"]) for e in decl["errors"]]


def test_each_pasted_placeholder_is_one_error_at_its_line(tmp_path):
    code, decl, errors = _errors(tmp_path, PASTED.replace("startup_note: 1\n", ""))
    assert code == 2 and decl["status"] == "invalid" and decl["obligations"] == {} and decl["findings"] == []
    lead = "valeur à remplacer : « "
    assert errors == [
        (
            6,
            24,
            f"{lead}<prénom et nom de l'intrapreneur> » est un modèle, écrivez à sa place la vraie valeur"
            " (prénom et nom de l'intrapreneur)",
        ),
        (
            6,
            73,
            f"{lead}<true ou false> » est un modèle, écrivez à sa place la vraie valeur"
            " (true si l'intrapreneur est agent public de l'administration partenaire, sinon false)",
        ),
        (
            8,
            11,
            f"{lead}AAAA-MM-JJ » est un modèle, écrivez à sa place la vraie valeur"
            " (date du comité, au format AAAA-MM-JJ)",
        ),
        (10, 34, f"{lead}<valeur mesurée> » est un modèle, écrivez à sa place la vraie valeur (valeur mesurée)"),
        (
            10,
            72,
            f"{lead}<6-month objective> » est un modèle, écrivez à sa place la vraie valeur (objectif à 6 mois)",
        ),  # an English placeholder in a French run
        (
            12,
            47,
            f"{lead}<anssi-agile ou ebios-rm> » est un modèle, écrivez à sa place la vraie valeur"
            " (démarche suivie : anssi-agile, ebios-rm)",
        ),
        (14, 35, f"{lead}… » est un modèle, écrivez à sa place la vraie valeur (motif de la dérogation)"),
        (
            14,
            51,
            f"{lead}<instance qui a approuvé la dérogation> » est un modèle, écrivez à sa place la vraie"
            " valeur (instance qui a approuvé la dérogation)",
        ),
        (
            14,
            104,
            f"{lead}YYYY-MM-DD » est un modèle, écrivez à sa place la vraie valeur"
            " (date de fin de la dérogation, au format AAAA-MM-JJ)",
        ),
    ]


def test_in_english_and_beside_other_errors(tmp_path):
    code, _, errors = _errors(tmp_path, PASTED, "--lang", "en")
    assert code == 2 and len(errors) == 10
    assert (
        8,
        11,
        "value to replace: 'AAAA-MM-JJ' is a placeholder, write the real value instead"
        " (date of the committee, as YYYY-MM-DD)",
    ) in errors
    assert (
        10,
        34,
        "value to replace: '<valeur mesurée>' is a placeholder, write the real value instead (measured value)",
    ) in errors
    assert any(line == 13 and "unknown key 'startup_note'" in message for line, _, message in errors)
    assert not any("date" in m and "invalid" in m or "expected a number" in m for _, _, m in errors)


def test_a_placeholder_where_the_table_has_nothing_still_says_what_to_do():
    doc, _ = load_text("schema_version: 1\nstartup:\n  id: x\n  title: <valeur mesurée>\n")
    [problem] = validate(doc)
    assert (problem.code, problem.line, problem.column) == ("schema.placeholder", 4, 10)
    assert problem.params["wanted"].shown("fr") == "ce que cette clé déclare"


@pytest.mark.parametrize(
    "value",
    ["<dpo@jeunesse-sports.gouv.fr>", "<https://beta.gouv.fr>", "AAAA-MM-JJ à confirmer", "Claire Dupuis", "…ou pas"],
)
def test_a_real_value_is_never_taken_for_a_placeholder(value):
    doc, problems = load_text(f"schema_version: 1\nstartup:\n  id: x\n  title: '{value}'\n")
    assert not problems and validate(doc) == []


def test_placeholders_are_found_in_document_order_and_quickly_skipped():
    data = {"a": {"b": ["<valeur mesurée>", "AAAA-MM-JJ"], "c": " <Prénom et nom de l’intrapreneur> "}, "d": "…"}
    data["e"] = "https://github.com/betagouv/<adresse du dépôt de code source>"  # a placeholder inside a value
    found = [path for path, _ in placeholders.find(data)]
    assert found == [("a", "b", 0), ("a", "b", 1), ("a", "c"), ("d",), ("e",)]
    assert placeholders.find({"a": ["2024-01-01", "Claire", 12, None, True]}) == []
    assert not placeholders._maybe({"a": ["2024-01-01", "Claire"]}) and placeholders._maybe({"a": "x <y"})
