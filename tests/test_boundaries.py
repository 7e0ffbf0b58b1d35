"""The edges of obligations.md, one explicit example each: what happens ON the as-of date and ON
a due date. Each test is the one that fails when its comparison is moved by one (``<=`` written
``<``, ``<`` written ``<=``): docs/testing.md lists those mutants and the tool that plants them.

The fixtures under fixtures/ are written for 2025-01-15 (conftest.AS_OF); every date below is
read against it unless a test names another as-of date."""

import datetime as dt

import pytest
from conftest import AS_OF

DAY = dt.timedelta(days=1)
# a product in acceleration since 2021, convention signed 2024-01-24: every obligation applies
ACTIVE = "schema_version: 1\nstartup:\n  id: bord\n  phases: [{{name: acceleration, start: 2021-06-01}}]\n{body}"
CONVENTION = "convention: {signed_on: 2024-01-24, ends_on: 2026-01-01}\n"
INDICATORS = "indicators: [{result: 1, objective_6_months: 2}]"


def decl(body: str) -> str:
    return ACTIVE.format(body=body)


def rules_of(result, obligation: str) -> list[tuple[str, str]]:
    return [(f.rule, f.outcome) for f in result.findings if f.obligation == obligation]


# --- held on the as-of date: counted (obligations.md: only what is dated AFTER it is ignored) --


def test_a_committee_held_on_the_as_of_date_counts(check_text):
    committee = f"committees:\n  - {{date: {AS_OF}, chaired_by_partner: true, dinum_present: true, {INDICATORS}}}\n"
    held = check_text(decl(CONVENTION + committee))
    assert held.obligations["investment-committee"] == "pass"  # the next one is due 2025-07-15
    # the day before, it had not been held: none since the signature, due 2024-07-24, overdue
    before = check_text(decl(CONVENTION + committee), as_of=AS_OF - DAY)
    assert rules_of(before, "investment-committee") == [("committee-overdue", "fail")]


def test_a_risk_workshop_held_on_the_as_of_date_counts(check_text):
    workshop = f"security: {{risk_workshops: [{{date: {AS_OF}, method: ebios-rm}}]}}\n"
    assert check_text(decl(workshop)).obligations["risk-workshops"] == "pass"
    before = check_text(decl(workshop), as_of=AS_OF - DAY)
    assert rules_of(before, "risk-workshops") == [("risk-workshop-held", "fail")]


def test_a_phase_starting_on_the_as_of_date_is_the_current_phase(check_text):
    phases = f"[{{name: investigation, start: 2024-01-01}}, {{name: construction, start: {AS_OF}}}]"
    text = f"schema_version: 1\nstartup:\n  id: bord\n  phases: {phases}\n"
    assert check_text(text).phase == "construction"
    assert check_text(text, as_of=AS_OF - DAY).phase == "investigation"


# --- a due date: met when the as-of date is on or before it ---------------------------------


def test_a_committee_due_on_the_as_of_date_is_due_not_overdue(check_text):
    last = "2024-07-15"  # + 6 months = 2025-01-15, the as-of date
    committee = f"committees:\n  - {{date: {last}, chaired_by_partner: true, dinum_present: true, {INDICATORS}}}\n"
    on_the_day = check_text(decl(CONVENTION + committee))
    [due_soon] = [f for f in on_the_day.findings if f.obligation == "investment-committee"]
    assert (due_soon.rule, due_soon.outcome, due_soon.due_on) == ("committee-due-soon", "warn", AS_OF.isoformat())
    day_after = check_text(decl(CONVENTION + committee), as_of=AS_OF + DAY)
    assert rules_of(day_after, "investment-committee") == [("committee-overdue", "fail")]


# --- convention-level obligations that start applying on a date: they apply ON it -----------


def test_a_convention_signed_on_the_as_of_date_has_its_copies_and_publication_to_send(check_text):
    text = decl(f"convention: {{signed_on: {AS_OF}, ends_on: 2026-01-01}}\n")
    on_the_day = check_text(text)
    # they apply (due in one and two months: nothing to announce yet)
    assert on_the_day.obligations["cbcm-copy"] == on_the_day.obligations["publication"] == "pass"
    before = check_text(text, as_of=AS_OF - DAY)
    assert before.obligations["cbcm-copy"] == before.obligations["publication"] == "not-applicable"


def test_a_term_on_the_as_of_date_calls_for_the_final_report_and_the_underspend(check_text):
    text = decl(f"convention: {{signed_on: 2024-01-24, ends_on: {AS_OF}}}\nbudget: {{allocated: 100, committed: 50}}\n")
    on_the_day = check_text(text)
    # they apply (due in two months and one: nothing to announce yet)
    assert on_the_day.obligations["final-report"] == on_the_day.obligations["budget-underspend"] == "pass"
    before = check_text(text, as_of=AS_OF - DAY)
    assert before.obligations["final-report"] == before.obligations["budget-underspend"] == "not-applicable"


def test_a_budget_fully_committed_has_no_underspend_to_report(check_text):
    term = f"convention: {{signed_on: 2024-01-24, ends_on: {AS_OF - DAY}}}\n"
    spent = check_text(decl(term + "budget: {allocated: 100, committed: 100}\n"))
    assert spent.obligations["budget-underspend"] == "not-applicable"
    underspent = check_text(decl(term + "budget: {allocated: 100, committed: 99.99}\n"))
    assert underspent.obligations["budget-underspend"] == "warn"  # applies: to report by 2025-02-14


# --- objectives (amendment of 2026-11-28) ---------------------------------------------------


def objective(due: dt.date, *measurements: tuple[dt.date, float], target: float = 10, direction: str = "") -> str:
    listed = ", ".join(f"{{on: {day}, value: {value}}}" for day, value in measurements)
    extra = f", direction: {direction}" if direction else ""
    return f"objectives: [{{id: o, label: Candidatures, target: {target}, due_on: {due}{extra}, measurements: [{listed}]}}]\n"


def test_an_objective_due_on_the_as_of_date_is_not_missed_yet(check_text):
    text = decl(objective(AS_OF, (dt.date(2024, 6, 1), 1)))  # one measurement: no forecast
    assert check_text(text).obligations["annex-objectives"] == "pass"
    day_after = check_text(text, as_of=AS_OF + DAY)
    assert rules_of(day_after, "annex-objectives") == [("objective-missed", "warn")]
    # with a forecast (two measured days), on its due date it is off track, not missed
    two = decl(objective(AS_OF, (dt.date(2024, 6, 1), 1), (dt.date(2024, 12, 1), 5)))
    assert rules_of(check_text(two), "annex-objectives") == [("objective-off-track", "warn")]


@pytest.mark.parametrize("direction, value", [("increase", 10), ("decrease", 10), ("increase", 11), ("decrease", 9)])
def test_a_measurement_on_the_due_day_reaches_the_target(check_text, direction, value):
    start = 1 if direction == "increase" else 20  # on the wrong side of the target
    due = AS_OF - 5 * DAY
    text = decl(objective(due, (dt.date(2024, 6, 1), start), (due, value), direction=direction))
    assert check_text(text).obligations["annex-objectives"] == "pass"


def test_a_measurement_the_day_after_the_due_date_comes_too_late(check_text):
    due = AS_OF - 5 * DAY
    text = decl(objective(due, (dt.date(2024, 6, 1), 1), (due + DAY, 10)))
    assert rules_of(check_text(text), "annex-objectives") == [("objective-missed", "warn")]


def test_a_missed_objective_shows_the_measurement_of_its_due_day(check_text):
    due = AS_OF - 5 * DAY
    text = decl(objective(due, (dt.date(2024, 6, 1), 1), (due, 7), (due + DAY, 8)))
    [finding] = [f for f in check_text(text).findings if f.obligation == "annex-objectives"]
    assert finding.rule == "objective-missed"
    assert f"cible 10 au {due} manquée (7 le {due})" in finding.message


def test_of_two_measurements_on_the_due_day_the_one_listed_last_is_shown(check_text):
    due = AS_OF - 5 * DAY
    text = decl(objective(due, (dt.date(2024, 6, 1), 1), (due, 8), (due, 7)))
    [finding] = [f for f in check_text(text).findings if f.obligation == "annex-objectives"]
    assert f"cible 10 au {due} manquée (7 le {due})" in finding.message


def test_a_measurement_on_the_as_of_date_counts(check_text):
    text = decl(objective(dt.date(2025, 6, 30), (AS_OF, 12)))
    assert check_text(text).obligations["annex-objectives"] == "pass"  # reached
    before = check_text(text, as_of=AS_OF - DAY)
    assert rules_of(before, "annex-objectives") == [("objective-unmeasured", "warn")]


def test_a_forecast_landing_exactly_on_the_target_is_on_track(check_text):
    # 2 on 2024-12-16, 6 on 2025-01-15 (30 days): +4 a month, 10 on 2025-02-14 exactly
    due = dt.date(2025, 2, 14)
    on_track = decl(objective(due, (dt.date(2024, 12, 16), 2), (AS_OF, 6)))
    assert check_text(on_track).obligations["annex-objectives"] == "pass"
    short = decl(objective(due, (dt.date(2024, 12, 16), 2), (AS_OF, 6), target=10.000001))
    assert rules_of(check_text(short), "annex-objectives") == [("objective-off-track", "warn")]


def test_a_decreasing_forecast_landing_exactly_on_the_target_is_on_track(check_text):
    # 18 on 2024-12-16, 14 on 2025-01-15 (30 days): -4 a month, 10 on 2025-02-14 exactly
    due = dt.date(2025, 2, 14)
    measured = ((dt.date(2024, 12, 16), 18), (AS_OF, 14))
    on_track = decl(objective(due, *measured, direction="decrease"))
    assert check_text(on_track).obligations["annex-objectives"] == "pass"
    short = decl(objective(due, *measured, target=9.999999, direction="decrease"))
    assert rules_of(check_text(short), "annex-objectives") == [("objective-off-track", "warn")]


# --- the condition language's own comparisons, in Python (the engine's: test_conditions.py) --

COMPARED = [
    # (test, bound, value just below, at, just above: whether it holds)
    ("lt", (True, False, False)),
    ("le", (True, True, False)),
    ("gt", (False, False, True)),
    ("ge", (False, True, True)),
]


@pytest.mark.parametrize("op, expected", COMPARED)
@pytest.mark.parametrize(
    "kind, bound, around",
    [("int", 30, (29, 30, 31)), ("decimal", 98.5, ("98.499999", "98.5", "98.500001"))],
)
def test_each_comparison_holds_exactly_up_to_its_bound(op, expected, kind, bound, around):
    from fractions import Fraction

    from checker.judging import conditions

    facts = {"x": kind}
    cond = {"fact": "x", op: bound}
    conditions.check(cond, facts)
    values = [Fraction(v) if kind == "decimal" else v for v in around]
    assert tuple(conditions.evaluate(cond, {"x": v}, facts) for v in values) == expected
    assert conditions.evaluate(cond, {}, facts) is False  # a comparison never matches an absent fact
