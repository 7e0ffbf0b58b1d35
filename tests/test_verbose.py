"""``--verbose`` rows say what holds: a passing rule shows its pass text (``holds:`` in its rule
file), a rule whose obligation does not apply says why, never a failure text, never an empty
placeholder. Every rule fixture is rendered, pass and fail, in both languages."""

import json
import re
import string

import pytest
from conftest import FIXTURES, run_cli

RULES_DIR = FIXTURES / "rules"
# what a placeholder left empty leaves behind: "date du  :", "le .", "()", "« »", "''"…
EMPTY = [
    re.compile(p)
    for p in (r"\{", r"\}", r"\s{2,}", r"\s[.,)]", r"\(\s*\)", r"«\s*»", r"''", r"\b(le|du|au|on|by|the)\s*[.;:,)]")
]


def _pattern(template: str) -> re.Pattern:
    """A message template as a regular expression: its placeholders match any text."""
    parts = [
        re.escape(lit) + (".+" if name is not None else "") for lit, name, _, _ in string.Formatter().parse(template)
    ]
    return re.compile("".join(parts), re.S)


@pytest.fixture(scope="module", params=["fr", "en"])
def verbose_run(request):
    lang = request.param
    code, out, err = run_cli(
        "check", str(RULES_DIR), "--as-of", "2025-01-15", "--verbose", "--format", "json", "--lang", lang
    )
    assert code == 1 and "Traceback" not in err, err
    _, table, _ = run_cli("check", str(RULES_DIR), "--as-of", "2025-01-15", "--verbose", "--lang", lang)
    return lang, json.loads(out), table


def test_every_fixture_is_rendered_with_a_row_per_rule(verbose_run, catalog):
    _, report, _ = verbose_run
    assert len(report["declarations"]) == 2 * len(catalog.rules)
    for decl in report["declarations"]:
        assert decl["status"] != "invalid", decl["file"]
        assert {f["rule"] for f in decl["findings"]} >= set(catalog.rules)


def test_no_row_has_an_empty_or_unfilled_placeholder(verbose_run):
    lang, report, table = verbose_run
    bad = []
    for decl in report["declarations"]:
        for f in decl["findings"]:
            for pattern in EMPTY:
                if pattern.search(f["message"]):
                    bad.append((decl["file"], f["rule"], f["outcome"], pattern.pattern, f["message"]))
    assert bad == [], f"{lang}: {bad[:5]}"
    # an unfilled {placeholder}; a fix's YAML flow item ({date: …, method: …}) is wanted text
    assert not re.search(r"\{[a-z_]+\}", table), table


def test_pass_rows_never_carry_a_failure_text(verbose_run, catalog):
    """Each pass row is one of its rule's pass texts and no rule's failure text; each
    not-applicable row says why; the table's ✓ rows carry no failure text either."""
    lang, report, table = verbose_run
    failures = [_pattern(rule.message[lang]) for rule in catalog.rules.values()]
    holds = {rid: [_pattern(alt[lang]) for alt in rule.holds] for rid, rule in catalog.rules.items()}
    not_applicable = "Ne s'applique pas" if lang == "fr" else "Does not apply"
    bad, passes = [], 0
    for decl in report["declarations"]:
        for f in decl["findings"]:
            message = f["message"]
            if f["outcome"] == "pass":
                passes += 1
                if not any(p.fullmatch(message) for p in holds[f["rule"]]) or any(
                    p.fullmatch(message) for p in failures
                ):
                    bad.append((decl["file"], f["rule"], message))
            elif f["outcome"] == "not-applicable" and not message.startswith(not_applicable):
                bad.append((decl["file"], f["rule"], message))
    assert passes > len(catalog.rules) and bad == [], bad[:5]
    fixed = [rule.message[lang] for rule in catalog.rules.values() if "{" not in rule.message[lang]]
    respected = "respectée" if lang == "fr" else "pass"
    rows = [line for line in table.splitlines() if line.strip().startswith(f"✓ {respected}")]
    assert rows and not [line for line in rows if any(text in line for text in fixed)]


def test_each_pass_fixture_shows_its_rules_pass_text(catalog):
    from conftest import AS_OF

    from checker.judging.evaluate import Evaluator

    for lang in ("fr", "en"):
        evaluator = Evaluator(catalog, AS_OF, lang, verbose=True)
        for obligation in catalog.obligations:
            for rule in obligation.rules:
                result = evaluator.check_file(RULES_DIR / obligation.id / f"{rule.id}.pass.yaml")
                row = next(f for f in result.findings if f.rule == rule.id)
                assert row.outcome == "pass" and row.cause is None, rule.id
                texts = [alt[lang] for alt in rule.holds]
                patterns = [re.escape(t).replace(r"\{", "{").replace(r"\}", "}") for t in texts]
                patterns = [re.sub(r"\{[^}]*\}", ".+", p) for p in patterns]
                assert any(re.fullmatch(p, row.message) for p in patterns), (rule.id, row.message)


def test_committee_pass_row_says_when_it_was_held_and_when_the_next_is_due(check_text):
    result = check_text(
        "schema_version: 1\nstartup: {id: t, phases: [{name: acceleration, start: 2024-01-01}]}\n"
        "committees:\n- {date: 2024-08-15, chaired_by_partner: true, dinum_present: true}\n",
        verbose=True,
    )
    row = next(f for f in result.findings if f.rule == "committee-overdue")
    assert (row.outcome, row.message) == (
        "pass",
        "Dernier comité déclaré le 2024-08-15 ; prochain au plus tard le 2025-02-15.",
    )
    # no committee yet: the first one is dated from the start, and nothing names a held one
    result = check_text(
        "schema_version: 1\nstartup: {id: t, phases: [{name: acceleration, start: 2024-12-01}]}\n", verbose=True
    )
    row = next(f for f in result.findings if f.rule == "committee-overdue")
    assert row.message == "Premier comité à tenir au plus tard le 2025-06-01."


def test_not_applicable_rows_say_why(check_text):
    result = check_text(
        "schema_version: 1\nstartup: {id: t, phases: [{name: abandon, start: 2024-01-01}]}\n", verbose=True, lang="en"
    )
    rows = [f for f in result.findings if f.obligation == "intrapreneur"]
    assert rows and all(f.outcome == "not-applicable" for f in rows)
    assert all(
        f.message == "Does not apply: the product is not in an active phase (investigation to opéré)." for f in rows
    )


def test_holds_is_required_and_its_fallback_has_no_placeholder(tmp_path):
    import shutil

    from conftest import ROOT

    from checker.judging.rules import RuleFileError, load_catalog

    cases = [
        (
            "sponsor.yaml",
            '      fr: "Un sponsor est déclaré."',
            '      fr: "Un sponsor ({phase}) est déclaré."',
            "last text",
        ),
        ("jdma.yaml", "    holds:\n", "    holdz:\n", "holds"),
        ("approach.yaml", "not_applicable:", "not_applicabl:", "not_applicabl"),
        ("approach.yaml", "applies_when: {fact: active, is: true}\n", "", "not_applicable"),
    ]
    for file, old, new, needle in cases:
        rules = tmp_path / f"{len(list(tmp_path.iterdir()))}" / "rules"
        shutil.copytree(ROOT / "rules", rules)
        text = (rules / file).read_text(encoding="utf-8")
        assert old in text, old
        (rules / file).write_text(text.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(RuleFileError) as info:
            load_catalog(rules)
        assert needle in str(info.value) and info.value.file.name == file, str(info.value)
