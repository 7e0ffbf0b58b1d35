"""French words right (issue 22, item 9, and the amendment of 2026-12-04's "Words"): one number
format everywhere, counts agreed with their noun, and messages that say what the declaration
states, never what happened in the world."""

import re
from fractions import Fraction

import pytest
from conftest import AS_OF, ROOT

from checker.foundation.messages import MESSAGES, text
from checker.foundation.wording import amount, counted, number
from checker.judging.facts import FACT_WORDS

NNBSP = "\u202f"  # the thousands separator of French numbers, everywhere


@pytest.mark.parametrize(
    "value, fr, en",
    [
        (137499.5, f"137{NNBSP}499,5", "137,499.5"),
        (8886.99, f"8{NNBSP}886,99", "8,886.99"),
        (925000.01, f"925{NNBSP}000,01", "925,000.01"),
        (98.49, "98,49", "98.49"),
        (7.0, "7", "7"),
        (1234567, f"1{NNBSP}234{NNBSP}567", "1,234,567"),
        (2.5e14, f"250{NNBSP}000{NNBSP}000{NNBSP}000{NNBSP}000", "250,000,000,000,000"),
        (1e-05, "0,00001", "0.00001"),
        (-1234.5, f"-1{NNBSP}234,5", "-1,234.5"),
        (Fraction(57601, 3), f"19{NNBSP}200,33", "19,200.33"),  # a Fraction: two places
        (Fraction(-1, 1000), "0", "0"),  # rounds to nothing: no sign
    ],
)
def test_numbers_are_written_one_way_per_language(value, fr, en):
    assert (number(value, "fr"), number(value, "en")) == (fr, en)


@pytest.mark.parametrize(
    "value, fr, en",
    [
        (137499.5, f"137{NNBSP}499,50", "137,499.50"),  # the cents, always two
        (8886.99, f"8{NNBSP}886,99", "8,886.99"),
        (20, "20", "20"),  # a whole amount: no cents
        (Fraction(1805000), f"1{NNBSP}805{NNBSP}000", "1,805,000"),
        (0.1, "0,10", "0.10"),
        (Fraction(2001, 200), "10,005", "10.005"),  # finer than the cent: every decimal, never rounded
        (1000000.005, f"1{NNBSP}000{NNBSP}000,005", "1,000,000.005"),  # as declared (cp_paid: 1000000.005)
        (Fraction(1, 3), "0,33", "0.33"),  # no exact decimal: to the cent
        (5e-324, "5e-324", "5e-324"),  # declared finer than any decimals shown: as declared, never "0"
    ],
)
def test_amounts_show_their_cents(value, fr, en):
    assert (amount(value, "fr"), amount(value, "en")) == (fr, en)


def test_a_count_agrees_with_its_noun():
    assert counted(1, "count.written", "fr") == "1 déclaration écrite"
    assert counted(0, "count.written", "fr") == "0 déclaration écrite"  # French: singular for 0
    assert counted(2, "count.written", "fr") == "2 déclarations écrites"
    assert counted(0, "count.written", "en") == "0 declarations written"
    assert counted(1, "count.written", "en") == "1 declaration written"
    assert counted(1234, "count.conflicts", "fr") == f"1{NNBSP}234 conflits (valeurs de l'équipe gardées)"
    assert counted(1, "count.breach", "fr") == "1 manquement" and counted(3, "count.breach", "en") == "3 breaches"
    assert counted(6, "count.months", "fr") == "6 mois" and counted(1, "count.months", "en") == "1 month"
    # a form may place the count itself, or leave it out
    assert counted(30, "count.window", "fr") == "dans les 30 prochains jours"
    assert counted(1, "count.window", "fr") == "d'ici demain"


def test_every_count_noun_has_its_forms_in_both_languages():
    nouns = {code: entry for code, entry in MESSAGES.items() if code.startswith("count.")}
    assert len(nouns) >= 10
    for code, entry in nouns.items():
        for lang in ("fr", "en"):
            forms = entry[lang].split("|")
            assert len(forms) in (1, 2, 3) and all(f.strip() for f in forms), (code, lang)  # 3: none, one, many
        assert "{count}" not in entry["fr"]


def _rule_texts():
    """Every text of every rule file: message, pass texts, why it does not apply."""
    import yaml

    for path in sorted((ROOT / "rules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "not_applicable" in data:
            yield path.name, data["not_applicable"]
        for rule in data["rules"]:
            messages = rule["message"]  # one text, or texts by condition
            for alternative in messages if isinstance(messages, list) else [messages]:
                yield f"{path.name} {rule['id']}", alternative
            holds = rule.get("holds", [])
            for alternative in holds if isinstance(holds, list) else [holds]:
                yield f"{path.name} {rule['id']} holds", alternative


def test_no_text_leaves_a_plural_to_the_reader():
    """ "1 déclarations écrites", "1 conflits", "avenant(s)": a count or a noun built is agreed."""
    texts = [(where, words[lang]) for where, words in _rule_texts() for lang in ("fr", "en")]
    texts += [(code, entry[lang]) for code, entry in MESSAGES.items() for lang in ("fr", "en") if lang in entry]
    hedged = [(where, t) for where, t in texts if re.search(r"\w\((s|es|ies|e|x)\)", t)]
    assert hedged == []


# what the checker cannot know: whether something happened in the world (amendment of
# 2026-12-04, "Words"): only what the declaration states or does not state
WORLD = [
    "n'a été tenu",
    "a été tenu",
    "n'a été transmise",
    "n'a été remis",
    "n'ont pas été",
    "n'a pas été",
    "n'est pas publiée",
    "est en retard :",
    "n'a encore rien construit",
    "n'est pas encore signée",
    "has been held",
    "was held",
    "not published",
    "was not sent",
    "was not given",
    "was not told",
    "has built nothing",
]


def test_no_rule_or_fact_text_asserts_the_world():
    texts = [(where, words[lang]) for where, words in _rule_texts() for lang in ("fr", "en")]
    for fact, words in FACT_WORDS.items():
        for said in words.values():
            texts += [(fact, w) for w in (said if isinstance(said, tuple) else (said,))]
    found = [(where, t) for where, t in texts for phrase in WORLD if phrase in t]
    assert found == []


def test_an_amount_in_a_finding_and_in_the_agenda_is_written_the_same(check_text, tmp_path, catalog, evaluator):
    from checker.committee import agenda as agenda_mod
    from checker.committee.examine import examine
    from checker.reading.declarations import load

    body = (
        "schema_version: 1\nstartup: {id: b, phases: [{name: acceleration, start: 2021-06-01}]}\n"
        "convention: {signed_on: 2024-01-24, ends_on: 2024-12-31}\n"
        "budget: {years: [{year: 2024, ae_allocated: 146370.50, ae_committed: 8871.00}]}\n"
    )
    finding = next(f for f in check_text(body).findings if f.obligation == "budget-underspend")
    assert f"137{NNBSP}499,50 € de crédits" in finding.message
    path = tmp_path / "b.yaml"
    path.write_text(body, encoding="utf-8")
    items = agenda_mod.build(catalog, [examine(evaluator, load(str(path), path))], AS_OF, 90, "fr").items
    item = next(i for i in items if i.obligation == "budget-underspend")
    assert f"137{NNBSP}499,50 € de crédits" in item.explanation and "137499" not in item.explanation
    english = check_text(body, lang="en").findings
    assert any("137,499.50 € of credits" in f.message for f in english)


def test_headings_and_summaries_agree_with_their_counts(check_text):
    assert text("word.group_counts", "fr", missing=2, breach=counted(1, "count.breach", "fr")) == (
        "2 à compléter, 1 manquement"
    )
    assert text("agenda.title", "fr", as_of="2025-01-15", days=counted(90, "count.agenda_days", "fr")) == (
        "Échéances au 2025-01-15 (en retard, et celles des 90 prochains jours)"
    )


def test_the_sheet_agrees_its_words_and_writes_numbers_in_french(tmp_path, catalog, evaluator):
    """ "Convention non déclaré", "Aucune." for indicators, "8886.99" on a French sheet: seen."""
    from checker.committee import sheet
    from checker.committee.examine import examine
    from checker.reading.declarations import load

    path = tmp_path / "s.yaml"
    path.write_text(
        "schema_version: 1\nstartup: {id: s, phases: [{name: acceleration, start: 2021-06-01}]}\n"
        "objectives: [{id: o, label: Dossiers, target: 8886.99, due_on: 2025-06-30, "
        "measurements: [{on: 2024-06-01, value: 1234.5}]}]\n",
        encoding="utf-8",
    )
    ex = examine(evaluator, load(str(path), path))
    markdown = sheet.render_markdown(ex, catalog, AS_OF, "fr")
    assert "| Convention | non déclarée |" in markdown and "| Sponsor | non déclaré |" in markdown
    assert "Aucun indicateur déclaré." in markdown and "Aucune dérogation." in markdown and "Aucune." not in markdown
    assert f"8{NNBSP}886,99" in markdown and f"1{NNBSP}234,5" in markdown and "8886.99" not in markdown
    html = sheet.render_html(ex, catalog, AS_OF, "fr")
    assert "non déclarée" in html and "Aucun indicateur déclaré." in html and f"8{NNBSP}886,99" in html
    english = sheet.render_markdown(ex, catalog, AS_OF, "en")
    assert "No indicator declared." in english and "8,886.99" in english


def test_the_agenda_writes_an_objective_target_as_a_number(evaluator, catalog):
    from checker.committee import agenda as agenda_mod
    from checker.committee.examine import examine
    from checker.reading.declarations import load

    path = ROOT / "fixtures" / "examples" / "jeveuxaider.yaml"
    items = agenda_mod.build(catalog, [examine(evaluator, load(str(path), path))], AS_OF, 90, "fr").items
    explained = [i.explanation for i in items if i.obligation == "annex-objectives"]
    assert f"Objectif de l'annexe « Nouvelles organisations en 2024 » : cible 2{NNBSP}000 au 2024-12-31." in explained


def test_every_text_of_every_catalogue_is_in_both_languages():
    """One shape for every text: ``{code: {"fr": …, "en": …}}``, read through ``text``. The
    modules' own catalogues (evidence, objectives, placeholders' descriptions, the operating
    system's errors…) register into the one catalogue when they are imported: every module is
    imported here, so none is missed. Each text is in both languages, not empty, and fills the
    same parameters in each."""
    import importlib
    import pkgutil
    import string

    import checker

    for module in pkgutil.walk_packages(checker.__path__, "checker."):
        importlib.import_module(module.name)
    fields = string.Formatter()
    for code, entry in MESSAGES.items():
        assert set(entry) == {"fr", "en"} and all(entry.values()), code
        named = {lang: {f[1] for f in fields.parse(words) if f[1] is not None} for lang, words in entry.items()}
        assert named["fr"] == named["en"], code
    assert {"evidence.summary", "evidence.store.write", "objectives.missed", "system.ENOENT"} <= set(MESSAGES)
    # the questionnaire's, --diff-base's and git's texts too: no catalogue of their own any more
    assert {"questionnaire.date", "questionnaire.hint.date", "diffbase.skipped", "gitstate.no_git"} <= set(MESSAGES)


def test_the_questionnaire_diff_base_and_git_texts_show_their_parameters_per_language():
    """Read through ``text``: an operating-system error and a clipped value are shown in the
    message's language, whichever module's catalogue the text comes from."""
    import errno

    from checker.foundation.wording import clip, system_error
    from checker.questionnaire.words import msg
    from checker.reading.gitstate import GitStateError
    from checker.reporting.diffbase import message

    missing = system_error(FileNotFoundError(errno.ENOENT, "No such file or directory"))
    assert msg("answers_unreadable", "fr", file="r.yaml", detail=missing) == (
        "r.yaml : fichier de réponses illisible (fichier ou dossier introuvable)."
    )
    assert msg("answers_unreadable", "en", file="r.yaml", detail=missing) == (
        "r.yaml: unreadable answers file (no such file or directory)."
    )
    long = clip("x" * 200)
    assert message("bad_ref", "fr", ref=long, dir="d").endswith(f"{'x' * 60}… (200 caractères) » est inconnue dans d.")
    assert message("bad_ref", "en", ref=long, dir="d").endswith(f"{'x' * 60}… (200 characters)' in d.")
    error = GitStateError("bad_ref", ref="y" * 200)
    assert error.message("fr") == f"révision git inconnue : « {'y' * 60}… (200 caractères) »"
    assert error.message("en") == f"unknown git revision: '{'y' * 60}… (200 characters)'"
    assert (
        GitStateError("no_git").fallback("en") == "history re-evaluates today's files (the git command cannot be found)"
    )


def test_a_code_given_twice_is_refused():
    from checker.foundation.messages import register

    with pytest.raises(ValueError, match="given twice"):
        register("evidence", {"summary": {"fr": "a", "en": "b"}})


def test_the_schema_publishes_the_one_list_of_phases():
    from checker.foundation.phases import LEGACY, PHASES
    from checker.reading.schemas import declaration_schema

    names = declaration_schema()["properties"]["startup"]["properties"]["phases"]["items"]["properties"]["name"]
    assert names["enum"] == [*PHASES, *LEGACY, None]
