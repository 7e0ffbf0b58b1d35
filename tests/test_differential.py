"""durable_rules and the pure-Python evaluator of the same conditions agree on generated declarations."""
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import conditions
from checker.engine import APPLIES, Engine
from checker.facts import prepare
from checker.loader import Document
from checker.schema import validate

from checker.dates import add_months

AS_OF_CHOICES = [dt.date(2025, 1, 15), dt.date(2024, 2, 29), dt.date(2024, 8, 31)]
AS_OF = st.sampled_from(AS_OF_CHOICES)
# dates that put a deadline exactly on, just inside or just outside a window edge, for every
# duration the rules use (0, 3, 6 and 12 months), plus any date at all
EDGE_DATES = sorted({add_months(a, -m) + dt.timedelta(days=d) for a in AS_OF_CHOICES for m in (0, 3, 6, 12)
                     for d in (-1, 0, 1, 29, 30, 31, 59, 60, 61)})
DAYS = st.one_of(st.sampled_from(EDGE_DATES), st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2026, 12, 31)))
ISO = DAYS.map(dt.date.isoformat)
BOOL = st.sampled_from([True, False, None])
TEXT = st.sampled_from(["", "  ", "x", "Jeanne Martin", None])
EDGE_NUMBERS = st.sampled_from([0, 1, 90, 100, 4.99, 5, 5.000001, 49.999999, 50, 69, 70, 98.49, 98.5, 98.500001, 100, 1e-05, 2.5e14])
NUMBER = st.one_of(EDGE_NUMBERS, EDGE_NUMBERS, st.floats(min_value=0, max_value=1e6, allow_nan=False), st.integers(0, 10**9))
PHASES = st.sampled_from(["investigation", "construction", "acceleration", "consolidation", "opere", "transfere",
                          "abandon", "abandon-investigation", "transfer", "success", "alumni"])


def maybe(strategy):
    return st.one_of(st.none(), strategy)


def section(**fields):
    return maybe(st.fixed_dictionaries({}, optional=fields))


# amounts written as decimals: sums that binary floats get wrong (0.1 + 0.2), 90 % edges
AMOUNT = st.one_of(st.sampled_from([0, 0.1, 0.2, 0.3, 1, 90, 100, 90000.009, 90000.008, 100000.01, 106920.0, 2.5e14]),
                   st.integers(0, 10**7), st.decimals(0, 10**6, places=2).map(float))
YEAR = st.fixed_dictionaries({}, optional={"year": st.sampled_from([2023, 2024, None]), "ae_allocated": maybe(AMOUNT),
                                           "ae_committed": maybe(AMOUNT), "cp_allocated": maybe(AMOUNT), "cp_paid": maybe(AMOUNT)})
URL = st.sampled_from(["https://www.gouvernement.fr/x", "HTTPS://data.gouv.fr/d", "http://www.data.gouv.fr/d",
                       "https://data.gouv.fr.example.org/", "https://www.data.gouv.fr/d", "not a url", "", "  ", None])
SMALL = st.one_of(st.integers(0, 400), st.sampled_from([0.5, 99.99, 300]))
MEASUREMENT = st.fixed_dictionaries({}, optional={"on": ISO, "value": maybe(SMALL)})
OBJECTIVE = st.fixed_dictionaries({}, optional={
    "label": TEXT, "target": maybe(SMALL), "due_on": ISO, "direction": st.sampled_from(["increase", "decrease", None]),
    "measurements": st.lists(MEASUREMENT, max_size=4)})
indicator = st.fixed_dictionaries({}, optional={"name": TEXT, "result": maybe(NUMBER), "objective_6_months": maybe(NUMBER)})
declaration = st.fixed_dictionaries(
    {"schema_version": st.just(1),
     "startup": st.fixed_dictionaries({"id": st.just("gen")}, optional={
         "phases": st.lists(st.fixed_dictionaries({"name": PHASES, "start": ISO}), max_size=4)})},
    optional={
        "convention": section(signed_on=ISO, ends_on=ISO,
                              termination=section(notified_on=ISO, effective_on=ISO),
                              copy_sent_to_cbcm=section(prime_minister=ISO, partner=ISO),
                              publication=section(gouvernement_fr=URL, data_gouv_fr=URL),
                              final_report=section(sent_on=ISO, expenses=BOOL, progress=BOOL, forecast=BOOL),
                              amendments=st.lists(st.fixed_dictionaries({}, optional={"signed_on": ISO, "sent_to_cbcm": BOOL}), max_size=3)),
        "commitments": section(approach=BOOL, manifesto=BOOL),
        "team": section(intrapreneur=section(name=TEXT, public_agent=BOOL), sponsor=section(name=TEXT, role=TEXT)),
        "committees": st.lists(st.fixed_dictionaries({}, optional={
            "date": ISO, "chaired_by_partner": BOOL, "dinum_present": BOOL,
            "indicators": maybe(st.lists(indicator, max_size=3))}), max_size=3),
        "product_page": section(url=TEXT, updated_on=ISO),
        "source_code": section(repositories=st.lists(st.sampled_from(["https://git/x", ""]), max_size=2),
                               licence=st.sampled_from(["MIT", "mit", "AGPL-3.0-or-later", "GPL-2.0", "CC-BY-4.0", "", None])),
        "statistics": section(url=TEXT),
        "personal_data": section(processed=BOOL, register_entry=BOOL, privacy_notice_url=TEXT, dpo_contact=TEXT),
        "security": section(risk_workshops=st.lists(st.fixed_dictionaries({}, optional={
            "date": ISO, "method": st.sampled_from(["anssi-agile", "EBIOS-RM", "pentest", "", None])}), max_size=3)),
        "authentication": section(required=BOOL, franceconnect=st.sampled_from(["integrated", "planned", "not-planned", None])),
        "online_procedure": section(is_procedure=BOOL, jdma_button=BOOL, observatoire=section(
            satisfaction=NUMBER, accessibility_rate=NUMBER, help_reachable=NUMBER, availability=NUMBER)),
        "budget": st.one_of(section(allocated=maybe(AMOUNT), committed=maybe(AMOUNT), underspend_notified_on=ISO),
                            section(years=st.lists(YEAR, max_size=3), underspend_notified_on=ISO)),
        "objectives": st.lists(OBJECTIVE, max_size=3),
    })


def python_fired(catalog, values):
    fired = set()
    for obligation in catalog.obligations:
        applies = obligation.applies_when is None or conditions.evaluate(obligation.applies_when, values, catalog.facts)
        if not applies:
            continue
        fired.add(APPLIES + obligation.id)
        fired |= {r.id for r in obligation.rules if conditions.evaluate(r.when, values, catalog.facts)}
    return fired


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=declaration, as_of=AS_OF)
def test_engine_agrees_with_python(catalog, data, as_of):
    assert validate(Document(data)) == []  # generated declarations are schema-valid
    engine = _engine(catalog)
    values = prepare(data, as_of, catalog.deadlines).values
    assert engine.fired(values) == python_fired(catalog, values)


_ENGINES = {}


def _engine(catalog):
    # one ruleset per catalogue for the whole test session (a ruleset name registers once)
    return _ENGINES.setdefault(id(catalog), Engine(catalog))


def test_decimal_thresholds_are_exact(catalog):
    engine = _engine(catalog)
    base = {"active": True, "is_procedure": True}
    from fractions import Fraction
    for value, red in [(Fraction("98.5"), False), (Fraction("98.499999"), True), (Fraction("98.4999999"), True),
                       (Fraction("98.5000001"), False)]:
        fired = engine.fired(dict(base, observatoire_availability=value))
        assert ("observatoire-availability" in fired) is red, value
    for percent, over in [(Fraction(100), False), (Fraction("100.0000001"), True)]:
        fired = engine.fired({"budget_declared": True, "budget_committed_percent": percent})
        assert ("budget-exceeded" in fired) is over, percent


def test_engine_state_is_not_shared_between_declarations(catalog):
    engine = _engine(catalog)
    failing = {"active": True, "intrapreneur_named": False}
    passing = {"active": True, "intrapreneur_named": True, "intrapreneur_public_agent": True}
    assert "intrapreneur-named" in engine.fired(failing)
    assert "intrapreneur-named" not in engine.fired(passing)
    assert engine.fired(failing) == engine.fired(failing)  # the same fact twice: no "already observed"


def test_long_text_cannot_pass_for_an_authorised_licence(catalog):
    engine = _engine(catalog)
    for size in (1001, 65536 + 3, 131072 + 3):
        licence = "x" * (size - 3) + "mit"
        assert "open-source-licence-authorised" in engine.fired({"built": True, "repository_count": 1, "licence": licence})
    assert "open-source-licence-authorised" not in engine.fired({"built": True, "repository_count": 1, "licence": "mit"})


def test_worst_case_evaluates_within_the_engines_stack(catalog):
    # every rule that can fire together (mutually exclusive ones excluded). The engine fails
    # (error 303) when more than 64 matching condition nodes wait on its stack at once (64
    # rules on 64 distinct facts); rules sharing their first conditions share nodes, so the
    # whole catalogue firing at once must still evaluate, and agree with Python
    from fractions import Fraction
    worst = {"active": True, "built": True, "commitments_approach": False, "commitments_manifesto": False,
             "intrapreneur_named": False, "intrapreneur_public_agent": False, "sponsor_named": False,
             "sponsor_role_declared": False, "has_committee": True, "committee_days_left": -5,
             "last_committee_chaired_by_partner": False, "last_committee_dinum_present": False,
             "last_committee_indicator_count": 2, "last_committee_incomplete_indicators": 1,
             "product_page_url_declared": False, "product_page_days_left": -3, "repository_count": 0, "licence": "wtfpl",
             "personal_data_processed": True, "personal_data_register_entry": False, "privacy_notice_declared": False,
             "dpo_contact_declared": False, "statistics_url_declared": False, "has_workshop": True,
             "risk_workshop_days_left": -1, "last_workshop_method": "pentest", "authentication_required": True,
             "franceconnect": "not-planned", "is_procedure": True, "jdma_button": False,
             **{f"observatoire_{k}": Fraction(1) for k in ("satisfaction", "accessibility_rate", "help_reachable", "availability")},
             "budget_declared": True, "budget_committed_percent": Fraction(200), "convention_declared": True,
             "convention_start_days_left": 5, "convention_end_days_left": -5, "termination_declared": True,
             "termination_notice_days_left": 3, "amendment_count": 3, "unsigned_amendments": 1,
             "amendments_not_sent": 1, "amendments_cbcm_undeclared": 1,
             "budget_cp_paid_percent": Fraction(200), "budget_cp_paid_percent_of_ae": Fraction(200),
             "cbcm_copy_applies": True, "cbcm_copy_days_left": -1, "cbcm_copy_prime_minister_sent": False,
             "cbcm_copy_partner_sent": False, "publication_applies": True, "publication_days_left": -1,
             "publication_gouvernement_fr_declared": True, "publication_gouvernement_fr_valid": False,
             "publication_data_gouv_fr_declared": True, "publication_data_gouv_fr_valid": False,
             "final_report_applies": True, "final_report_days_left": -1, "final_report_sent": True,
             "final_report_false_items": 1, "final_report_undeclared_items": 1, "budget_underspend_applies": True,
             "budget_underspend_days_left": -1, "budget_underspend_notified": False, "objective_count": 4,
             "objectives_unmeasured": 1, "objectives_incomplete": 1, "objectives_missed": 1, "objectives_off_track": 1}
    fired = _engine(catalog).fired(worst)
    assert fired == python_fired(catalog, worst)
    assert len(fired) == 67  # 22 applicability rules and 45 rules
