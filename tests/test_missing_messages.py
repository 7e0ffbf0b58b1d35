"""A finding about something missing says exactly which fact the declaration does not state:
the whole section when it is absent, only the missing key when the section is declared
(``team.sponsor.organisation`` declared is a sponsor without a name, not "no sponsor")."""

import pytest
from conftest import ROOT

from checker.cli.main import main

CONTENT = ROOT.parent / "shared" / "data" / "betagouv" / "content"
HEAD = "schema_version: 1\nstartup: {id: t, phases: [{name: acceleration, start: 2024-01-01}]}\n"


@pytest.fixture(scope="module")
def mobilic(tmp_path_factory):
    """mobilic's real beta.gouv.fr page, imported: its sponsor is an organisation, unnamed."""
    out = tmp_path_factory.mktemp("portfolio")
    assert main(["import", "betagouv", str(CONTENT), "--out", str(out), "--startup", "mobilic"]) == 0
    from checker.reading.loader import load_file

    doc, problems = load_file(out / "mobilic.yaml")
    assert not problems and doc.data["team"]["sponsor"] == {"organisation": "Ministère de la Transition Écologique"}
    return out / "mobilic.yaml"


def _message(check_text, text: str, rule: str, lang: str = "fr") -> str:
    [finding] = [f for f in check_text(text, lang=lang).findings if f.rule == rule]
    return finding.message


def test_a_real_sponsor_declared_by_its_organisation_is_said_unnamed_not_absent(mobilic, evaluator):
    result = evaluator.check_file(mobilic, "mobilic.yaml")
    [finding] = [f for f in result.findings if f.rule == "sponsor-named"]
    assert finding.message.startswith("Le nom du sponsor n'est pas déclaré (team.sponsor.name)")
    assert "Aucun sponsor" not in finding.message


# (rule, declaration text after HEAD with the section declared, what the message must say,
#  the same without the section, what it must say then)
CASES = [
    (
        "sponsor-named",
        "team:\n  sponsor: {organisation: DINUM}\n",
        "Le nom du sponsor n'est pas déclaré (team.sponsor.name)",
        "",
        "Aucun sponsor n'est déclaré (team.sponsor)",
    ),
    (
        "intrapreneur-named",
        "team:\n  intrapreneur: {employer: DINUM}\n",
        "Le nom de l'intrapreneur n'est pas déclaré (team.intrapreneur.name)",
        "",
        "Aucun intrapreneur n'est déclaré pour ce produit (team.intrapreneur)",
    ),
    (
        "product-page-missing",
        "product_page: {updated_on: 2024-10-01}\n",
        "L'adresse de la fiche produit beta.gouv.fr n'est pas déclarée (product_page.url)",
        "",
        "Aucune fiche produit beta.gouv.fr n'est déclarée (product_page)",
    ),
    (
        "convention-dates",
        "convention: {signed_on: 2024-01-01}\n",
        "La date de fin de la convention n'est pas déclarée (convention.ends_on)",
        "convention: {reference: X}\n",
        "Ni la date de signature (convention.signed_on) ni la date de fin (convention.ends_on)",
    ),
    (
        "convention-dates",
        "convention: {ends_on: 2026-01-01}\n",
        "La date de signature de la convention n'est pas déclarée (convention.signed_on)",
        "convention: {reference: X}\n",
        "Ni la date de signature",
    ),
    (
        "termination-dates",
        "convention: {signed_on: 2024-01-01, ends_on: 2026-01-01, termination: {notified_on: 2024-06-01}}\n",
        "La date d'effet de la résiliation n'est pas déclarée (convention.termination.effective_on)",
        "convention: {signed_on: 2024-01-01, ends_on: 2026-01-01, termination: {notified_by: dinum}}\n",
        "Ni la date de notification (convention.termination.notified_on) ni la date d'effet",
    ),
    (
        "termination-dates",
        "convention: {signed_on: 2024-01-01, ends_on: 2026-01-01, termination: {effective_on: 2024-09-01}}\n",
        "La date de notification de la résiliation n'est pas déclarée (convention.termination.notified_on)",
        "convention: {signed_on: 2024-01-01, ends_on: 2026-01-01, termination: {notified_by: dinum}}\n",
        "Ni la date de notification",
    ),
    (
        "budget-amounts",
        "budget: {allocated: 1000}\n",
        "Les crédits engagés ne sont pas déclarés (budget.committed)",
        "budget: {underspend_notified_on: 2024-01-01}\n",
        "Le budget ne déclare ni le montant alloué ni les crédits engagés",
    ),
    (
        "budget-amounts",
        "budget: {committed: 1000}\n",
        "Le montant alloué n'est pas déclaré (budget.allocated)",
        "budget: {years: []}\n",
        "Le tableau budgétaire (budget.years) ne déclare aucune année",
    ),
    (
        "budget-year-amounts",
        "budget:\n  years:\n    - {year: 2024, ae_allocated: 1000, ae_committed: 10}\n    - {year: 2025, ae_allocated: 1000}\n",
        "; la première, 2025, ne déclare pas ae_committed.",
        "budget:\n  years:\n    - {year: 2025}\n",
        "; la première, 2025, ne déclare pas ae_allocated, ae_committed.",
    ),
    (
        "committee-indicator-incomplete",
        "committees:\n  - date: 2024-12-01\n    indicators: [{name: a, result: 1, objective_6_months: 2}, {name: b, result: 3}]\n",
        "; le premier ne déclare pas objective_6_months.",
        "committees:\n  - date: 2024-12-01\n    indicators: [{name: b}]\n",
        "; le premier ne déclare pas result, objective_6_months.",
    ),
]


@pytest.mark.parametrize(("rule", "declared", "says", "absent", "says_absent"), CASES)
def test_a_missing_fact_is_named_exactly(check_text, rule, declared, says, absent, says_absent):
    assert says in _message(check_text, HEAD + declared, rule)
    assert says_absent in _message(check_text, HEAD + absent, rule)


def test_the_english_texts_name_the_missing_fact_too(check_text):
    text = HEAD + "team:\n  sponsor: {organisation: DINUM}\n"
    assert _message(check_text, text, "sponsor-named", "en").startswith(
        "The sponsor's name is not declared (team.sponsor.name)"
    )
    text = HEAD + "convention: {signed_on: 2024-01-01}\n"
    assert _message(check_text, text, "convention-dates", "en") == (
        "The convention's end date is not declared (convention.ends_on)."
    )


def test_rules_listing_says_the_name_is_missing_not_the_sponsor(catalog):
    """The catalogue's words for the condition are as exact as the message."""
    from checker.reporting import docs

    page = docs.explain(catalog, "sponsor-named", "fr")
    assert "Se déclenche quand: le nom du sponsor n'est pas déclaré" in page
    assert "aucun sponsor n'est déclaré → « Aucun sponsor n'est déclaré (team.sponsor)" in page


def test_a_message_alternative_must_end_with_an_unconditional_text(rules_copy):
    from conftest import edit

    from checker.judging.rules import RuleFileError, load_catalog

    edit(
        rules_copy / "sponsor.yaml",
        '      - fr: "Le nom du sponsor',
        '      - if: {fact: sponsor_declared, is: true}\n        fr: "Le nom du sponsor',
    )
    with pytest.raises(RuleFileError) as raised:
        load_catalog(rules_copy)
    assert "the last text must have no `if`" in str(raised.value)
