"""Rule documentation: `conformite rules`, `conformite explain`, docs/rules.md up to date."""

import re

import pytest
from conftest import ROOT, run_cli

from checker.foundation.messages import text
from checker.reporting import docs


def test_docs_rules_md_is_up_to_date(catalog):
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == docs.markdown(catalog, "fr"), (
        "regenerate with: conformite rules --markdown > docs/rules.md"
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_explain_every_rule_with_both_examples(catalog, lang):
    for rule in catalog.rules.values():
        page = docs.explain(catalog, rule.id, lang)
        assert rule.message[lang] in page
        # each example in full, indented, under its own heading: the pass one, then the fail one
        words = {kind: text(f"docs.{kind}", lang) for kind in ("pass", "fail")}
        shown = {}
        for kind in ("pass", "fail"):
            example = docs.example(rule, kind)
            assert example, f"{rule.id}: no {kind} example"
            block = f"{words[kind]}:\n\n" + "\n".join("    " + line for line in example.splitlines())
            assert block in page, f"{rule.id}: {kind} example not shown in full"
            shown[kind] = page.index(block)
        assert shown["pass"] < shown["fail"]
        assert docs.example(rule, "pass") != docs.example(rule, "fail")
        assert catalog.obligation(rule.obligation).convention_text in page


def test_explain_obligation_lists_its_rules_and_parameters(catalog):
    page = docs.explain(catalog, "investment-committee", "fr")
    assert "6 mois après la date du dernier comité" in page
    assert "Comité d'investissement : échéance dans les 30 prochains jours" in page
    assert all(r.id in page for r in catalog.obligation("investment-committee").rules)


def test_rules_listing_shows_severity_and_thresholds():
    code, out, _ = run_cli("rules", "--lang", "en")
    assert code == 0
    assert "- convention-ends-soon [warning]: End of the convention: due within the next 60 days" in out
    assert "the code's licence: none of Apache-2.0" in out and "(nor their variants -only, -or-later)" in out


def test_explain_unknown_id_suggests():
    code, out, err = run_cli("explain", "comittee-overdue")
    assert code == 2 and "committee-overdue" in err and out == ""


def _identifiers(catalog):
    """Every name a rule could show that only the code knows: the facts, the deadlines' facts."""
    from checker.judging.facts import FACTS

    names = set(FACTS)
    for o in catalog.obligations:
        names |= {f"{name}_days_left" for name in o.deadlines}
    return names


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_conditions_are_in_words_never_fact_names(catalog, lang):
    code, out, _ = run_cli("rules", "--lang", lang)
    assert code == 0
    pages = [out] + [docs.explain(catalog, ident, lang) for ident in [*catalog.rules, *catalog.obligation_ids]]
    # single-word facts (active, built, licence, franceconnect) are plain words, also in the text
    names = [name for name in _identifiers(catalog) if "_" in name]
    for page in pages:
        conditions = _conditions(page)
        assert conditions
        for name in names:
            assert not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", conditions), f"{name} shown in {lang}"
        assert not re.search(r"[≠∈∉<>≤≥=]|\btrue\b|\bfalse\b", conditions), conditions


def _conditions(page: str) -> str:
    """The lines of a page that render conditions and deadlines (not rule messages nor examples)."""
    shape = re.compile(
        r"^(  - [a-z0-9-]+ \[(error|warning)\]:|\s*(S'applique|Applies|Échéances|Deadlines|Se déclenche|Fires when))"
    )
    return "\n".join(line for line in page.splitlines() if shape.match(line))


def test_every_fact_has_words_in_both_languages():
    """Each provider words its facts (the registry refuses one that does not): a bool fact as two
    statements, any other as a noun phrase, in both languages."""
    from checker.judging.facts import FACT_WORDS, FACTS

    for name, kind in FACTS.items():
        for lang in ("fr", "en"):
            words = FACT_WORDS[name][lang]
            assert isinstance(words, tuple) == (kind == "bool"), name
            assert all(words) and (len(words) == 2 if isinstance(words, tuple) else True), name
