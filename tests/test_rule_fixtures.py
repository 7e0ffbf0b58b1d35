"""Every rule has a fixture it passes and one it fires on (fixtures/rules/<obligation>/<rule>.{pass,fail}.yaml)."""

from conftest import FIXTURES

RULES_DIR = FIXTURES / "rules"


def _rules(catalog):
    return [(o.id, r) for o in catalog.obligations for r in o.rules]


def _outcome(evaluator, obligation, rule, kind):
    from checker.judging.evaluate import Evaluator

    path = RULES_DIR / obligation / f"{rule.id}.{kind}.yaml"
    assert path.is_file(), f"rule {rule.id} has no {kind} fixture at {path}"
    verbose = Evaluator(evaluator.catalog, evaluator.as_of, "fr", verbose=True)
    result = verbose.check_file(path)
    assert result.status != "invalid", result.errors
    outcomes = {f.rule: f.outcome for f in result.findings}
    return outcomes[rule.id], result


def test_every_rule_has_both_fixtures_and_they_behave(catalog, evaluator):
    problems = []
    for obligation, rule in _rules(catalog):
        for kind in ("pass", "fail"):
            path = RULES_DIR / obligation / f"{rule.id}.{kind}.yaml"
            if not path.is_file():
                problems.append(f"missing {path.relative_to(FIXTURES)}")
                continue
            outcome, _ = _outcome(evaluator, obligation, rule, kind)
            expected = "pass" if kind == "pass" else rule.outcome
            if outcome != expected:
                problems.append(f"{rule.id}.{kind}: outcome {outcome}, expected {expected}")
    assert not problems, "\n".join(problems)


def test_no_orphan_fixture(catalog):
    known = {f"{o}/{r.id}.{k}.yaml" for o, r in _rules(catalog) for k in ("pass", "fail")}
    present = {str(p.relative_to(RULES_DIR)) for p in RULES_DIR.rglob("*.yaml")}
    assert present - known == set()


def test_fired_rule_sets_obligation_verdict(catalog, evaluator):
    # a fail rule that fires makes its obligation `fail` and the declaration non-compliant;
    # a warn rule that fires makes it at least `warn`
    for obligation, rule in _rules(catalog):
        _, result = _outcome(evaluator, obligation, rule, "fail")
        verdict = result.obligations[obligation]
        if rule.outcome == "fail":
            assert (verdict, result.status) == ("fail", "non-compliant"), rule.id
        else:
            assert verdict in ("warn", "fail"), (rule.id, verdict)
