"""Rule documentation: `conformite rules`, `conformite explain`, docs/rules.md up to date."""

import pytest
from conftest import ROOT, run_cli

from checker import docs
from checker.messages import text


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
    assert "+ 6 mois" in page and "committee_days_left ≥ 0 et committee_days_left ≤ 30" in page
    assert all(r.id in page for r in catalog.obligation("investment-committee").rules)


def test_rules_listing_shows_severity_and_thresholds():
    code, out, _ = run_cli("rules", "--lang", "en")
    assert code == 0
    assert "- convention-ends-soon [warning]: convention_end_days_left ≥ 0 and convention_end_days_left ≤ 60" in out
    assert "licence ∉ {Apache-2.0" in out and "(+ -only, -or-later)" in out


def test_explain_unknown_id_suggests():
    code, out, err = run_cli("explain", "comittee-overdue")
    assert code == 2 and "committee-overdue" in err and out == ""
