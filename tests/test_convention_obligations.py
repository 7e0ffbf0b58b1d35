"""The amendment of 2026-11-28 (obligations.md): the yearly budget, the five new obligations and
the same-day tie rule, each checked against the spec's own words and examples."""

import datetime as dt

import pytest
from conftest import AS_OF


def decl(body: str = "", phases: str = "[{name: acceleration, start: 2021-06-01}]") -> str:
    return f"schema_version: 1\nstartup:\n  id: test\n  phases: {phases}\n{body}"


def rules_of(result, obligation):
    return sorted(f.rule for f in result.findings if f.obligation == obligation)


# --- budget-ceiling, yearly form -------------------------------------------------------------


def years(*rows):
    return "budget:\n  years:\n" + "".join(f"  - {row}\n" for row in rows)


def test_decimal_sums_are_exact_not_binary_floats(check_text):
    # 0.1 + 0.2 committed against 0.3 allocated: exactly the ceiling (0.1 + 0.2 != 0.3 in floats)
    result = check_text(
        decl(
            years(
                "{year: 2023, ae_allocated: 0.3, ae_committed: 0.1}", "{year: 2024, ae_allocated: 0, ae_committed: 0.2}"
            )
        )
    )
    assert 0.1 + 0.2 > 0.3 and result.obligations["budget-ceiling"] == "warn"  # 100 %: at the ceiling, not over it
    assert rules_of(result, "budget-ceiling") == ["budget-near-ceiling"]
    flat = check_text(decl("budget: {allocated: 0.3, committed: 0.30000000000000004}\n"))
    assert rules_of(flat, "budget-ceiling") == ["budget-exceeded"]  # what the float sum would be: over


@pytest.mark.parametrize(
    "committed, verdict", [("90000.009", "warn"), ("90000.008", "pass"), ("100000.01", "warn"), ("100000.011", "fail")]
)
def test_ninety_percent_of_100000_01_is_90000_009(check_text, committed, verdict):
    result = check_text(decl(years(f"{{year: 2024, ae_allocated: 100000.01, ae_committed: {committed}}}")))
    assert result.obligations["budget-ceiling"] == verdict
    flat = check_text(decl(f"budget: {{allocated: 100000.01, committed: {committed}}}\n"))
    assert flat.obligations["budget-ceiling"] == verdict


def test_cp_checks_only_when_some_year_declares_cp(check_text):
    no_cp = check_text(decl(years("{year: 2024, ae_allocated: 100, ae_committed: 10}")))
    assert no_cp.obligations["budget-ceiling"] == "pass"
    # an absent cp_allocated counts as 0: any CP paid exceeds it
    paid = check_text(decl(years("{year: 2024, ae_allocated: 100, ae_committed: 10, cp_paid: 5}")))
    assert rules_of(paid, "budget-ceiling") == ["budget-cp-exceeded"]
    over_ae = check_text(
        decl(
            years(
                "{year: 2023, ae_allocated: 100, ae_committed: 10, cp_allocated: 50}",
                "{year: 2024, ae_allocated: 100, ae_committed: 10, cp_paid: 20.01}",
            )
        )
    )
    assert rules_of(over_ae, "budget-ceiling") == ["budget-cp-over-commitments"]
    finding = next(f for f in over_ae.findings if f.rule == "budget-cp-over-commitments")
    assert finding.message == (
        "Les crédits de paiement versés (20,01 €) dépassent les AE engagées (20 €) : "
        "on ne paie que ce qui a été engagé."
    )


@pytest.mark.parametrize(
    "body",
    [
        "budget: {years: []}\n",
        "budget: {}\n",
        "budget: {years: null}\n",
        "budget: {underspend_notified_on: 2025-01-02}\n",
    ],
)
def test_empty_years_or_neither_form_fails_like_absent_amounts(check_text, body):
    result = check_text(decl(body))
    assert result.obligations["budget-ceiling"] == "fail"
    assert rules_of(result, "budget-ceiling") == ["budget-amounts"]


def test_a_year_without_ae_fails_and_names_it(check_text):
    result = check_text(
        decl(years("{year: 2023, ae_allocated: 10, ae_committed: 1}", "{year: 2024, ae_allocated: 10}"))
    )
    finding = next(f for f in result.findings if f.obligation == "budget-ceiling")
    assert (finding.rule, finding.path, finding.line) == ("budget-year-amounts", "budget.years[1]", 8)
    assert "2024" in finding.message


def test_both_forms_is_a_schema_error(check_text):
    result = check_text(
        decl("budget:\n  allocated: 10\n  years:\n    - {year: 2024, ae_allocated: 10, ae_committed: 1}\n")
    )
    assert result.status == "invalid"
    assert [(e.path, e.line) for e in result.errors] == [("budget.years", 7)]
    assert "years" in result.errors[0].message and "allocated" in result.errors[0].message
    # null is absent: one form only
    assert (
        check_text(
            decl("budget:\n  allocated: null\n  years: [{year: 2024, ae_allocated: 10, ae_committed: 1}]\n")
        ).status
        != "invalid"
    )


# --- cbcm-copy and publication --------------------------------------------------------------


def test_cbcm_copy_window_and_dates_after_as_of(check_text):
    body = "convention: {{signed_on: {signed}, ends_on: 2026-01-01, copy_sent_to_cbcm: {{prime_minister: 2024-02-01{partner}}}}}\n"
    # signed 2024-12-15: due 2025-01-15 (0 days left): a warning, both ends included
    assert check_text(decl(body.format(signed="2024-12-15", partner=""))).obligations["cbcm-copy"] == "warn"
    assert check_text(decl(body.format(signed="2024-12-14", partner=""))).obligations["cbcm-copy"] == "fail"
    # a copy dated after the as-of date has not been sent yet
    later = check_text(decl(body.format(signed="2024-01-24", partner=", partner: 2025-01-16")))
    assert rules_of(later, "cbcm-copy") == ["cbcm-copy-partner"]
    assert (
        check_text(decl(body.format(signed="2024-01-24", partner=", partner: 2025-01-15"))).obligations["cbcm-copy"]
        == "pass"
    )
    # not signed by the as-of date: does not apply
    assert check_text(decl(body.format(signed="2025-01-16", partner=""))).obligations["cbcm-copy"] == "not-applicable"
    assert check_text(decl("")).obligations["cbcm-copy"] == "not-applicable"


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://www.gouvernement.fr/publications-officielles/delegations-de-gestion", True),
        ("HTTPS://GOUVERNEMENT.FR/x", True),
        ("https://a.b.gouvernement.fr:443/x", True),
        ("http://www.gouvernement.fr/x", False),
        ("https://gouvernement.fr.example.org/x", False),
        ("https://notgouvernement.fr/x", False),
        ("https://gouvernement.fr@evil.example/x", False),
        ("www.gouvernement.fr/x", False),
        ("https://[::1/x", False),
        ("ftp://gouvernement.fr", False),
    ],
)
def test_publication_url_rules(check_text, url, ok):
    body = f"convention: {{signed_on: 2024-01-24, ends_on: 2026-01-01, publication: {{gouvernement_fr: '{url}', data_gouv_fr: 'https://www.data.gouv.fr/d'}}}}\n"
    result = check_text(decl(body))
    assert (result.obligations["publication"] == "pass") is ok
    if not ok:
        assert rules_of(result, "publication") == ["publication-gouvernement-fr-url"]


def test_publication_url_is_checked_at_any_date_and_blank_is_absent(check_text):
    # signed 2025-01-01: publication not due before 2025-03-01, but a wrong URL already fails
    body = "convention: {signed_on: 2025-01-01, ends_on: 2026-01-01, publication: {gouvernement_fr: 'https://www.gouvernement.fr/x', data_gouv_fr: 'https://data.gouv.com/x'}}\n"
    assert rules_of(check_text(decl(body)), "publication") == ["publication-data-gouv-fr-url"]
    blank = "convention: {signed_on: 2024-01-24, ends_on: 2026-01-01, publication: {gouvernement_fr: ' ', data_gouv_fr: ''}}\n"
    assert rules_of(check_text(decl(blank)), "publication") == [
        "publication-data-gouv-fr",
        "publication-gouvernement-fr",
    ]


# --- final-report and budget-underspend -----------------------------------------------------


def test_term_is_the_earlier_of_end_and_termination(check_text):
    body = (
        "convention: {signed_on: 2024-01-24, ends_on: 2025-06-30, termination: {notified_on: 2024-08-01, effective_on: 2024-11-14}}\n"
        "budget: {allocated: 10, committed: 5}\n"
    )
    result = check_text(decl(body))
    overdue = next(f for f in result.findings if f.rule == "final-report-overdue")  # 2024-11-14 + 2 months
    assert overdue.due_on == "2025-01-14"
    under = next(f for f in result.findings if f.rule == "budget-underspend-overdue")
    assert under.due_on == "2024-12-14" and under.message.startswith(
        "Selon les montants déclarés, 5 € de crédits restent non consommés"
    )
    # before the term: neither applies
    before = check_text(decl(body), as_of=dt.date(2024, 11, 13))
    assert before.obligations["final-report"] == before.obligations["budget-underspend"] == "not-applicable"


def test_final_report_dates_after_as_of_and_its_three_points(check_text):
    base = "convention: {{signed_on: 2023-06-01, ends_on: 2024-10-31, final_report: {{{report}}}}}\n"
    later = check_text(decl(base.format(report="sent_on: 2025-01-16, expenses: true, progress: true, forecast: true")))
    assert rules_of(later, "final-report") == ["final-report-overdue"]
    false = check_text(decl(base.format(report="sent_on: 2024-12-01, expenses: false, progress: true")))
    assert rules_of(false, "final-report") == ["final-report-incomplete", "final-report-undeclared"]
    finding = next(f for f in false.findings if f.rule == "final-report-incomplete")
    assert finding.path == "convention.final_report.expenses"


def test_underspend_applies_only_below_the_allocation_with_known_totals(check_text):
    term = "convention: {signed_on: 2023-06-01, ends_on: 2024-10-31}\n"
    assert (
        check_text(decl(term + "budget: {allocated: 10, committed: 10}\n")).obligations["budget-underspend"]
        == "not-applicable"
    )
    assert check_text(decl(term + "budget: {allocated: 10}\n")).obligations["budget-underspend"] == "not-applicable"
    assert (
        check_text(decl(term + years("{year: 2024, ae_allocated: 10}"))).obligations["budget-underspend"]
        == "not-applicable"
    )
    assert (
        check_text(decl(term + years("{year: 2024, ae_allocated: 10, ae_committed: 9.99}"))).obligations[
            "budget-underspend"
        ]
        == "fail"
    )


# --- annex-objectives ------------------------------------------------------------------------


def objective(target, due_on, *measurements, direction=None, label="Candidatures bénévolat en 2024"):
    rows = "".join(f"      - {{on: {on}, value: {value}}}\n" for on, value in measurements)
    extra = f"    direction: {direction}\n" if direction else ""
    return (
        f"  - id: o{abs(hash((target, due_on, measurements))) % 10**6}\n    label: {label}\n    target: {target}\n"
        f"    due_on: {due_on}\n{extra}    measurements:\n{rows}"
    )


def objectives(*items):
    return "objectives:\n" + "".join(items)


def test_off_track_message_with_the_forecast(check_text):
    # 14 000 on 2024-06-20, 16 600 on 2024-09-25 (97 days), 97 more days to 2024-12-31: 19 200
    body = objectives(objective(28000, "2024-12-31", ("2024-06-20", 14000), ("2024-09-25", 16600)))
    result = check_text(decl(body), as_of=dt.date(2024, 10, 15))
    finding = next(f for f in result.findings if f.obligation == "annex-objectives")
    assert (finding.rule, finding.outcome, finding.due_on) == ("objective-off-track", "warn", "2024-12-31")
    assert (
        "« Candidatures bénévolat en 2024 » : à ce rythme : 19\u202f200 au 2024-12-31, cible 28\u202f000"
        in finding.message
    )
    english = check_text(decl(body), as_of=dt.date(2024, 10, 15), lang="en")
    assert (
        "'Candidatures bénévolat en 2024': at this pace: 19,200 on 2024-12-31, target 28,000"
        in english.findings[-1].message
    )


@pytest.mark.parametrize(
    "target, direction, verdict",
    [(19200, None, "pass"), (19201, None, "warn"), (19200, "decrease", "pass"), (19199, "decrease", "warn")],
)
def test_forecast_landing_exactly_on_the_target_is_on_track(check_text, target, direction, verdict):
    body = objectives(
        objective(target, "2024-12-31", ("2024-06-20", 14000), ("2024-09-25", 16600), direction=direction)
    )
    if direction == "decrease":  # falling values: 16 600 then 14 000 forecast 11 400
        body = objectives(
            objective(target - 7800, "2024-12-31", ("2024-06-20", 16600), ("2024-09-25", 14000), direction=direction)
        )
    assert check_text(decl(body), as_of=dt.date(2024, 10, 15)).obligations["annex-objectives"] == verdict


def test_measurements_on_one_day_the_one_listed_last_counts(check_text):
    def verdict(*measurements):
        body = objectives(objective(19000, "2024-12-31", *measurements))
        return check_text(decl(body), as_of=dt.date(2024, 10, 15)).obligations["annex-objectives"]

    # (d1, v1): 14 000 listed last on 2024-06-20 gives 2 × 16 600 − 14 000 = 19 200 ≥ 19 000
    assert verdict(("2024-06-20", 15000), ("2024-06-20", 14000), ("2024-09-25", 16600)) == "pass"
    assert verdict(("2024-06-20", 14000), ("2024-06-20", 15000), ("2024-09-25", 16600)) == "warn"  # 18 200
    # (d2, v2): the last listed on the latest day
    assert verdict(("2024-06-20", 14000), ("2024-09-25", 16000), ("2024-09-25", 16600)) == "pass"
    assert verdict(("2024-06-20", 14000), ("2024-09-25", 16600), ("2024-09-25", 16000)) == "warn"  # 18 000
    # all on one day: no forecast, no warning for it
    assert verdict(("2024-09-25", 1), ("2024-09-25", 2)) == "pass"


def test_reached_missed_and_unmeasured(check_text):
    body = objectives(
        objective(100, "2024-12-31", ("2024-06-01", 50), ("2024-12-31", 100), label="Atteint"),
        objective(100, "2024-12-31", ("2024-06-01", 50), ("2024-12-01", 80), ("2025-01-10", 150), label="Manqué"),
        objective(100, "2025-12-31", ("2025-02-01", 150), label="Pas encore mesuré"),
    )
    result = check_text(decl(body))
    found = {f.rule: f for f in result.findings if f.obligation == "annex-objectives"}
    assert set(found) == {"objective-missed", "objective-unmeasured"}
    assert "« Manqué » : cible 100 au 2024-12-31 manquée (80 le 2024-12-01)" in found["objective-missed"].message
    # the reached objective is named as context, when and at what value it was reached
    assert found["objective-missed"].message.endswith(
        " Déjà atteints : « Atteint » : cible 100 atteinte le 2024-12-31 (100)."
    )
    assert (
        found["objective-missed"].path == "objectives[1].measurements"
        and found["objective-missed"].due_on == "2024-12-31"
    )
    assert "« Pas encore mesuré » : aucune mesure déclarée au 2025-01-15" in found["objective-unmeasured"].message
    assert result.obligations["annex-objectives"] == "warn"  # objectives only warn


def test_objectives_never_fail_and_their_exemption_is_stale(check_text):
    body = (
        objectives(objective(100, "2024-12-31", ("2024-06-01", 1)))
        + "exemptions:\n  - {obligation: annex-objectives, reason: x, approved_by: y, expires_on: 2025-06-30}\n"
    )
    result = check_text(decl(body))
    assert result.obligations["annex-objectives"] == "warn"
    assert "exemption-stale" in rules_of(result, "annex-objectives")
    # not active: does not apply
    closed = check_text(decl(body, "[{name: abandon, start: 2024-01-01}]"))
    assert [f.rule for f in closed.findings if f.obligation == "annex-objectives"] == ["exemption-stale"]


def test_objective_ids_are_unique(check_text):
    body = "objectives:\n  - {id: a, target: 1}\n  - {id: b, target: 1}\n  - {id: a, target: 2}\n"
    result = check_text(decl(body))
    assert result.status == "invalid"
    assert [(e.path, e.line) for e in result.errors] == [("objectives[2].id", 8)]
    assert "« a »" in result.errors[0].message and "ligne 6" in result.errors[0].message


# --- same-day ties (obligations.md: "the one listed last wins") -------------------------------


def test_phase_listed_last_wins_a_tie(check_text):
    # "beta.gouv.fr pages list investigation and construction on one day for products launched
    # straight into construction"
    same_day = "[{name: investigation, start: 2024-03-01}, {name: construction, start: 2024-03-01}]"
    assert check_text(decl("", same_day)).phase == "construction"
    reversed_ = "[{name: construction, start: 2024-03-01}, {name: investigation, start: 2024-03-01}]"
    assert check_text(decl("", reversed_)).phase == "investigation"


def test_committee_and_workshop_listed_last_win_a_tie(check_text):
    convention = "convention: {signed_on: 2024-01-24, ends_on: 2026-01-01}\n"
    good = "{date: 2024-12-01, chaired_by_partner: true, dinum_present: true, indicators: [{result: 1, objective_6_months: 2}]}"
    bad = "{date: 2024-12-01, chaired_by_partner: false, dinum_present: true, indicators: [{result: 1, objective_6_months: 2}]}"
    assert check_text(decl(convention + f"committees: [{good}, {bad}]\n")).obligations["investment-committee"] == "fail"
    assert check_text(decl(convention + f"committees: [{bad}, {good}]\n")).obligations["investment-committee"] == "pass"
    built = "[{name: construction, start: 2021-06-01}]"
    workshops = "security: {{risk_workshops: [{{date: 2024-06-01, method: {a}}}, {{date: 2024-06-01, method: {b}}}]}}\n"
    assert check_text(decl(workshops.format(a="ebios-rm", b="pentest"), built)).obligations["risk-workshops"] == "fail"
    assert check_text(decl(workshops.format(a="pentest", b="ebios-rm"), built)).obligations["risk-workshops"] == "pass"


def test_declaration_without_new_fields_keeps_first_catalogue_verdicts(check_text):
    # "A declaration without the new fields keeps every verdict of the first catalogue"
    result = check_text(decl("budget: {allocated: 100, committed: 50}\n"))
    assert result.obligations["budget-ceiling"] == "pass"
    for oid in ("cbcm-copy", "publication", "final-report", "budget-underspend", "annex-objectives"):
        assert result.obligations[oid] == "not-applicable"
    assert AS_OF == dt.date(2025, 1, 15)
