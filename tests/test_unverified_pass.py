"""A ``--verbose`` pass that verified nothing (a fact the rule needs is not declared, or another
rule says it) is never shown as respected: its rule file marks that pass text ``verified:
false``; human formats show it "non vérifié ici" in a neutral style (never ✓, ✅ or the green
pill); the JSON keeps outcome ``pass`` (the report contract has no other) and adds
``"verified": false``."""

import json
import re

import pytest
from conftest import AS_OF, FIXTURES

from checker.judging.run import run_check
from checker.reporting import Context, render_text

JEVEUXAIDER = FIXTURES / "examples" / "jeveuxaider.yaml"
# jeveuxaider.yaml as of 2025-01-15: its last risk workshop is overdue, so the due-soon rule
# passes only by deferring to risk-workshop-overdue
DEFERRING = {"fr": "voir la règle risk-workshop-overdue", "en": "see rule risk-workshop-overdue"}


def _render(catalog, fmt: str, lang: str) -> str:
    report = run_check(catalog, [(str(JEVEUXAIDER), JEVEUXAIDER)], AS_OF, lang, verbose=True)
    return render_text(fmt, report, Context(catalog, lang))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_deferring_pass_is_json_pass_with_verified_false(catalog, lang):
    findings = json.loads(_render(catalog, "json", lang))["declarations"][0]["findings"]
    row = next(f for f in findings if f["rule"] == "risk-workshop-due-soon")
    assert DEFERRING[lang] in row["message"]
    assert row["outcome"] == "pass" and row["verified"] is False
    # the key is additive: a pass that verified something does not carry it
    held = next(f for f in findings if f["rule"] == "risk-workshop-method")
    assert held["outcome"] == "pass" and "verified" not in held


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_deferring_pass_is_never_shown_respected_in_the_table(catalog, lang):
    table = _render(catalog, "table", lang)
    line = next(line for line in table.splitlines() if DEFERRING[lang] in line)
    words = "non vérifié ici" if lang == "fr" else "not checked here"
    assert line.strip().startswith(f"· {words}"), line
    assert "✓" not in line


def test_a_deferring_pass_is_never_shown_respected_in_markdown_html_and_junit(catalog):
    markdown = _render(catalog, "markdown", "fr")
    row = next(line for line in markdown.splitlines() if DEFERRING["fr"] in line)
    assert row.startswith("| ◽ non vérifié ici |") and "✅" not in row
    html = _render(catalog, "html", "fr")
    item = next(line for line in html.split("<li") if DEFERRING["fr"] in line)
    assert '<span class="pill unverified">· non vérifié ici</span>' in item and "pill pass" not in item
    assert re.search(r"\.pill\.unverified \{[^}]*background: #fff", html)  # neutral, not the green pass
    junit = _render(catalog, "junit", "fr")
    line = next(line for line in junit.splitlines() if DEFERRING["fr"] in line)
    assert line.startswith("[pass · non vérifié ici]")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_pass_text_that_defers_or_waits_is_marked_not_verified(catalog, lang):
    """What a pass text says of itself: "voir la règle …", "pas encore vérifié", "ce contrôle
    attend …" is a pass that checked nothing, and its rule file must say so."""
    says_nothing = {
        "fr": ("voir la règle", "voir les règles", "pas encore vérifi", "ce contrôle attend", "(voir "),
        "en": ("see rule", "not checked yet", "this check waits", "(see "),
    }[lang]
    unmarked = [
        (rule.id, alt[lang])
        for rule in catalog.rules.values()
        for alt in rule.holds
        if any(words in alt[lang] for words in says_nothing) and alt.get("verified") is not False
    ]
    assert unmarked == []


def test_every_rule_fixture_run_shows_no_unverified_pass_with_a_tick(catalog):
    """Over every rule's pass and fail fixture: each pass the JSON marks not verified is a
    neutral row of the table, and every ✓ row is a pass that verified something."""
    fixtures = sorted((FIXTURES / "rules").rglob("*.yaml"))
    report = run_check(catalog, [(str(p), p) for p in fixtures], AS_OF, "fr", verbose=True)
    unverified = [
        (d.file, f.message) for d in report.declarations for f in d.findings if f.outcome == "pass" and not f.verified
    ]
    assert len(unverified) > 20
    table = render_text("table", report, Context(catalog, "fr"))
    ticks = [line for line in table.splitlines() if line.strip().startswith("✓")]
    assert ticks and not [line for line in ticks if any(m in line for _, m in unverified)]
    neutral = [line for line in table.splitlines() if line.strip().startswith("· non vérifié ici")]
    assert len(neutral) == len(unverified)


def test_verified_false_is_only_allowed_as_false_in_a_rule_file(rules_copy):
    from conftest import edit

    from checker.judging.rules import RuleFileError, load_catalog

    edit(rules_copy / "sponsor.yaml", "        verified: false", "        verified: true")
    with pytest.raises(RuleFileError) as raised:
        load_catalog(rules_copy)
    assert "sponsor.yaml" in str(raised.value)
