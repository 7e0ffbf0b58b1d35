"""durable_rules and the pure-Python evaluator of the same conditions agree on generated declarations."""

import datetime as dt
import itertools
import json
from fractions import Fraction

import durable_rules_engine as _dr
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checker.judging.engine as engine_module
from checker.foundation.dates import add_months
from checker.judging.engine import APPLIES, SID, Engine, EngineError
from checker.judging.facts import prepare
from checker.reading.loader import Document
from checker.reading.schema import validate

AS_OF_CHOICES = [dt.date(2025, 1, 15), dt.date(2024, 2, 29), dt.date(2024, 8, 31)]
AS_OF = st.sampled_from(AS_OF_CHOICES)
# dates that put a deadline exactly on, just inside or just outside a window edge, for every
# duration the rules use (0, 3, 6 and 12 months), plus any date at all
EDGE_DATES = sorted(
    {
        add_months(a, -m) + dt.timedelta(days=d)
        for a in AS_OF_CHOICES
        for m in (0, 3, 6, 12)
        for d in (-1, 0, 1, 29, 30, 31, 59, 60, 61)
    }
)
DAYS = st.one_of(st.sampled_from(EDGE_DATES), st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2026, 12, 31)))
ISO = DAYS.map(dt.date.isoformat)
BOOL = st.sampled_from([True, False, None])
TEXT = st.sampled_from(["", "  ", "x", "Jeanne Martin", None])
EDGE_NUMBERS = st.sampled_from(
    [0, 1, 90, 100, 4.99, 5, 5.000001, 49.999999, 50, 69, 70, 98.49, 98.5, 98.500001, 100, 1e-05, 2.5e14]
)
NUMBER = st.one_of(
    EDGE_NUMBERS, EDGE_NUMBERS, st.floats(min_value=0, max_value=1e6, allow_nan=False), st.integers(0, 10**9)
)
PHASES = st.sampled_from(
    [
        "investigation",
        "construction",
        "acceleration",
        "consolidation",
        "opere",
        "transfere",
        "abandon",
        "abandon-investigation",
        "transfer",
        "success",
        "alumni",
    ]
)


# the spec's words (obligations.md), not the rule files': licences authorised for administrations
# with their SPDX variants, and the recommended risk-workshop methods, all case-insensitive
AUTHORISED = [
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "CECILL-B",
    "MIT",
    "CECILL-2.1",
    "CECILL-C",
    "GPL-3.0",
    "LGPL-3.0",
    "AGPL-3.0",
    "MPL-2.0",
    "EPL-2.0",
    "EUPL-1.2",
]
SPDX_SUFFIXES = ["", "-only", "-or-later"]
METHODS = ["anssi-agile", "ebios-rm"]


def _spec_allows(text, allowed):
    return text.strip().lower() in {a.lower() for a in allowed}


def _cased(text_strategy):
    case = st.sampled_from([str, str.lower, str.upper, str.swapcase])
    pad = st.sampled_from(["", " ", "  ", "\t"])
    return st.builds(lambda t, c, a, b: a + c(t) + b, text_strategy, case, pad, pad)


LICENCE = _cased(
    st.one_of(
        st.builds(
            lambda base, suffix: base + suffix,
            st.sampled_from(AUTHORISED + ["GPL-2.0", "CC-BY-4.0"]),
            st.sampled_from(SPDX_SUFFIXES + ["-or-earlier", "+", "only"]),
        ),
        st.sampled_from(["MITT", "M I T", "Apache-2", "x"]),
    )
)
METHOD = _cased(st.sampled_from(METHODS + ["pentest", "ebios", "anssi agile"]))


def maybe(strategy):
    return st.one_of(st.none(), strategy)


def section(**fields):
    return maybe(st.fixed_dictionaries({}, optional=fields))


# amounts written as decimals: sums that binary floats get wrong (0.1 + 0.2), 90 % edges
AMOUNT = st.one_of(
    st.sampled_from([0, 0.1, 0.2, 0.3, 1, 90, 100, 90000.009, 90000.008, 100000.01, 106920.0, 2.5e14]),
    st.integers(0, 10**7),
    st.decimals(0, 10**6, places=2).map(float),
)
YEAR = st.fixed_dictionaries(
    {},
    optional={
        "year": st.sampled_from([2023, 2024, None]),
        "ae_allocated": maybe(AMOUNT),
        "ae_committed": maybe(AMOUNT),
        "cp_allocated": maybe(AMOUNT),
        "cp_paid": maybe(AMOUNT),
    },
)
URL = st.sampled_from(
    [
        "https://www.gouvernement.fr/x",
        "HTTPS://data.gouv.fr/d",
        "http://www.data.gouv.fr/d",
        "https://data.gouv.fr.example.org/",
        "https://www.data.gouv.fr/d",
        "not a url",
        "",
        "  ",
        None,
    ]
)
SMALL = st.one_of(st.integers(0, 400), st.sampled_from([0.5, 99.99, 300]))
MEASUREMENT = st.fixed_dictionaries({}, optional={"on": ISO, "value": maybe(SMALL)})
OBJECTIVE = st.fixed_dictionaries(
    {},
    optional={
        "label": TEXT,
        "target": maybe(SMALL),
        "due_on": ISO,
        "direction": st.sampled_from(["increase", "decrease", None]),
        "measurements": st.lists(MEASUREMENT, max_size=4),
    },
)
indicator = st.fixed_dictionaries(
    {}, optional={"name": TEXT, "result": maybe(NUMBER), "objective_6_months": maybe(NUMBER)}
)
declaration = st.fixed_dictionaries(
    {
        "schema_version": st.just(1),
        "startup": st.fixed_dictionaries(
            {"id": st.just("gen")},
            optional={"phases": st.lists(st.fixed_dictionaries({"name": PHASES, "start": ISO}), max_size=4)},
        ),
    },
    optional={
        "convention": section(
            signed_on=ISO,
            ends_on=ISO,
            termination=section(notified_on=ISO, effective_on=ISO),
            copy_sent_to_cbcm=section(prime_minister=ISO, partner=ISO),
            publication=section(gouvernement_fr=URL, data_gouv_fr=URL),
            final_report=section(sent_on=ISO, expenses=BOOL, progress=BOOL, forecast=BOOL),
            amendments=st.lists(
                st.fixed_dictionaries({}, optional={"signed_on": ISO, "sent_to_cbcm": BOOL}), max_size=3
            ),
        ),
        "commitments": section(approach=BOOL, manifesto=BOOL),
        "team": section(intrapreneur=section(name=TEXT, public_agent=BOOL), sponsor=section(name=TEXT, role=TEXT)),
        "committees": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "date": ISO,
                    "chaired_by_partner": BOOL,
                    "dinum_present": BOOL,
                    "indicators": maybe(st.lists(indicator, max_size=3)),
                },
            ),
            max_size=3,
        ),
        "product_page": section(url=TEXT, updated_on=ISO),
        "source_code": section(
            repositories=st.lists(st.sampled_from(["https://git/x", ""]), max_size=2),
            licence=st.one_of(LICENCE, st.sampled_from(["", None])),
        ),
        "statistics": section(url=TEXT),
        "personal_data": section(processed=BOOL, register_entry=BOOL, privacy_notice_url=TEXT, dpo_contact=TEXT),
        "security": section(
            risk_workshops=st.lists(
                st.fixed_dictionaries(
                    {}, optional={"date": ISO, "method": st.one_of(METHOD, st.sampled_from(["", None]))}
                ),
                max_size=3,
            )
        ),
        "authentication": section(
            required=BOOL, franceconnect=st.sampled_from(["integrated", "planned", "not-planned", None])
        ),
        "online_procedure": section(
            is_procedure=BOOL,
            jdma_button=BOOL,
            observatoire=section(
                satisfaction=NUMBER, accessibility_rate=NUMBER, help_reachable=NUMBER, availability=NUMBER
            ),
        ),
        "budget": st.one_of(
            section(allocated=maybe(AMOUNT), committed=maybe(AMOUNT), underspend_notified_on=ISO),
            section(years=st.lists(YEAR, max_size=3), underspend_notified_on=ISO),
        ),
        "objectives": st.lists(OBJECTIVE, max_size=3),
    },
)


# --- an independent reference: the condition language as rules.md describes it, written
# again here without conditions.py's helpers (its choice lists, its normalisation)


def _lower(value):
    return value.strip().lower() if isinstance(value, str) else value


def reference(cond, values, facts) -> bool:
    if "all" in cond:
        return all(reference(c, values, facts) for c in cond["all"])
    if "any" in cond:
        return any(reference(c, values, facts) for c in cond["any"])
    name = cond["fact"]
    present, value = name in values, values.get(name)
    folded = facts[name] == "text_ci"  # compared case-insensitively, spaces around ignored
    if folded:
        value = _lower(value)
    for op, expected in cond.items():
        if op in ("fact", "variants"):
            continue
        if folded:
            expected = [_lower(e) for e in expected] if isinstance(expected, list) else _lower(expected)
        if not _holds(op, expected, present, value, cond.get("variants", ())):
            return False
    return True


def _holds(op, expected, present, value, variants) -> bool:
    if op == "absent":
        return not present
    if op == "present":
        return present
    if op == "is":
        return present and type(value) is type(expected) and value == expected
    if op == "is_not":
        return not present or type(value) is not type(expected) or value != expected
    if op in ("lt", "le", "gt", "ge"):
        bound = Fraction(str(expected))
        return present and {"lt": value < bound, "le": value <= bound, "gt": value > bound, "ge": value >= bound}[op]
    # in / not_in: each listed value, alone or followed by one of the variant suffixes
    if isinstance(value, str):
        listed = any(value == e or any(value == e + _lower(v) for v in variants) for e in expected)
    else:
        listed = value in expected
    return present and (listed if op == "in" else not listed)


def python_fired(catalog, values):
    fired = set()
    for obligation in catalog.obligations:
        applies = obligation.applies_when is None or reference(obligation.applies_when, values, catalog.facts)
        if not applies:
            continue
        fired.add(APPLIES + obligation.id)
        fired |= {r.id for r in obligation.rules if reference(r.when, values, catalog.facts)}
    return fired


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=declaration, as_of=AS_OF)
def test_engine_agrees_with_python(catalog, data, as_of):
    assert validate(Document(data)) == []  # generated declarations are schema-valid
    engine = _engine(catalog)
    values = prepare(data, as_of, catalog.deadlines).values
    fired = engine.fired(values)
    assert fired == python_fired(catalog, values)
    _spec_check(fired, data)
    _amendment_check(fired, data, as_of)


# the spec's words again: the active phases (legacy names mapped), and the amendment of
# 2026-12-04's three deciding facts with the rule that reports each one undeclared
ACTIVE = {"investigation", "construction", "acceleration", "consolidation", "opere"}
LEGACY = {"transfer": "transfere", "success": "transfere", "alumni": "abandon"}
DECIDING = [
    ("personal-data", "personal_data", "processed", "personal-data-processed-undeclared"),
    ("franceconnect", "authentication", "required", "franceconnect-authentication-undeclared"),
    ("jdma", "online_procedure", "is_procedure", "jdma-procedure-undeclared"),
]


def _current_phase(data, as_of):
    """ "the phase with the latest `start` on or before the as-of date" (the one listed last on
    a tie), `investigation` when none has started."""
    current, start = "investigation", None
    for item in data["startup"].get("phases") or []:
        day = dt.date.fromisoformat(item["start"])
        if day <= as_of and (start is None or day >= start):
            current, start = LEGACY.get(item["name"], item["name"]), day
    return current


def _amendment_check(fired, data, as_of):
    """The amendment of 2026-12-04, from the declaration's text: for an active startup an absent
    deciding fact fails and a declared false leaves its obligation out; a closed startup needs
    none of them, nor a convention in force."""
    active = _current_phase(data, as_of) in ACTIVE
    for obligation, section, key, rule in DECIDING:
        value = (data.get(section) or {}).get(key)
        assert (APPLIES + obligation in fired) is (active and value is not False), (obligation, value)
        assert (rule in fired) is (active and value is None), (rule, value)
    procedure = (data.get("online_procedure") or {}).get("is_procedure")
    assert (APPLIES + "observatoire" in fired) is (active and procedure is True)
    assert (APPLIES + "convention-in-force" in fired) is active


def _spec_check(fired, data):
    """The licence and method rules against the spec's own lists, from the declaration's text."""
    source = data.get("source_code") or {}
    licence = source.get("licence")
    if APPLIES + "open-source" in fired and isinstance(licence, str) and licence.strip():
        allowed = [a + s for a in AUTHORISED for s in SPDX_SUFFIXES]
        assert ("open-source-licence-authorised" in fired) is not _spec_allows(licence, allowed), licence
    workshops = [w for w in ((data.get("security") or {}).get("risk_workshops") or []) if w.get("date")]
    if APPLIES + "risk-workshops" in fired and len(workshops) == 1 and workshops[0].get("date") <= "2024-02-29":
        method = workshops[0].get("method")
        if isinstance(method, str) and method.strip():
            assert ("risk-workshop-method" in fired) is not _spec_allows(method, METHODS), method


@given(licence=LICENCE, method=METHOD)
def test_licence_and_method_follow_the_spec(catalog, licence, method):
    data = {
        "schema_version": 1,
        "startup": {"id": "gen", "phases": [{"name": "construction", "start": "2024-01-01"}]},
        "source_code": {"repositories": ["https://git/x"], "licence": licence},
        "security": {"risk_workshops": [{"date": "2024-12-01", "method": method}]},
    }
    assert validate(Document(data)) == []
    fired = _engine(catalog).fired(prepare(data, dt.date(2025, 1, 15), catalog.deadlines).values)
    allowed = [a + s for a in AUTHORISED for s in SPDX_SUFFIXES]
    assert ("open-source-licence-authorised" in fired) is not _spec_allows(licence, allowed), licence
    assert ("risk-workshop-method" in fired) is not _spec_allows(method, METHODS), method


_ENGINES = {}


def _engine(catalog):
    # one ruleset per catalogue for the whole test session (a ruleset name registers once)
    return _ENGINES.setdefault(id(catalog), Engine(catalog))


def test_decimal_thresholds_are_exact(catalog):
    engine = _engine(catalog)
    base = {"active": True, "is_procedure": True}
    from fractions import Fraction

    for value, red in [
        (Fraction("98.5"), False),
        (Fraction("98.499999"), True),
        (Fraction("98.4999999"), True),
        (Fraction("98.5000001"), False),
    ]:
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


def _left_in_session(engine):
    """The facts the engine's session still holds, and whether an action is still waiting."""
    waiting = _dr.start_action(engine._handle) is not None  # any session's
    try:
        return json.loads(_dr.get_facts(engine._handle, SID)), waiting
    except _dr.error:  # no session at all (deleted after a failure): no fact left
        return [], waiting


def test_a_declaration_leaves_nothing_in_the_session(catalog):
    """Every declaration is evaluated in one session, its fact retracted afterwards: nothing of
    it stays for the next to match."""
    engine = _engine(catalog)
    for values in ({"active": True, "intrapreneur_named": False}, {}, {"budget_declared": True}):
        engine.fired(values)
        assert _left_in_session(engine) == ([], False)


class _Failing:
    """durable_rules' module, with one function failing once."""

    def __init__(self, name):
        self.name, self.failed = name, False

    def __getattr__(self, attr):
        real = getattr(_dr, attr)
        if attr != self.name or self.failed:
            return real

        def fail(*args):
            self.failed = True
            raise RuntimeError("error 303")

        return fail


@pytest.mark.parametrize("where", ["complete_and_start_action", "retract_fact"])
def test_after_an_engine_failure_the_next_declaration_starts_clean(catalog, monkeypatch, where):
    """A failure while actions run is that declaration's error (its state then deleted whole);
    a failed retraction deletes the state too. Either way the next declaration is judged alone."""
    engine = _engine(catalog)
    failing = {"active": True, "intrapreneur_named": False, "has_committee": False}
    passing = {"active": True, "intrapreneur_named": True, "intrapreneur_public_agent": True}
    stub = _Failing(where)
    monkeypatch.setattr(engine_module, "_dr", stub)
    if where == "complete_and_start_action":
        with pytest.raises(EngineError):
            engine.fired(failing)
    else:
        assert engine.fired(failing) == python_fired(catalog, failing)
    assert stub.failed
    assert _left_in_session(engine) == ([], False)
    assert engine.fired(passing) == python_fired(catalog, passing)
    assert "intrapreneur-named" not in engine.fired(passing)


def test_a_fact_the_engine_cannot_be_sent_is_an_engine_error(catalog):
    """Whatever goes wrong on the way to the engine is that declaration's EngineError, and the
    next declaration is judged alone."""
    engine = _engine(catalog)
    with pytest.raises(EngineError):
        engine.fired({"active": True, "repository_count": Fraction(1, 3)})  # not JSON: an int fact
    passing = {"active": True, "intrapreneur_named": True, "intrapreneur_public_agent": True}
    assert engine.fired(passing) == python_fired(catalog, passing)


def test_long_text_cannot_pass_for_an_authorised_licence(catalog):
    engine = _engine(catalog)
    for size in (1001, 65536 + 3, 131072 + 3):
        licence = "x" * (size - 3) + "mit"
        assert "open-source-licence-authorised" in engine.fired(
            {"built": True, "repository_count": 1, "licence": licence}
        )
    assert "open-source-licence-authorised" not in engine.fired(
        {"built": True, "repository_count": 1, "licence": "mit"}
    )


ABSENT = object()
SHARED = {"active", "built"}  # read by most obligations: enumerated together


def _read(cond):
    if "all" in cond or "any" in cond:
        return set().union(*(_read(c) for c in cond.get("all", cond.get("any"))))
    return {cond["fact"]}


def _constants(cond, name):
    if "all" in cond or "any" in cond:
        return [c for sub in cond.get("all", cond.get("any")) for c in _constants(sub, name)]
    if cond["fact"] != name:
        return []
    out = []
    for op, value in cond.items():
        if op in ("fact", "variants", "absent", "present"):
            continue
        values = value if isinstance(value, list) else [value]
        out += values + [v + suffix for v in values if isinstance(v, str) for suffix in cond.get("variants", ())]
    return out


def _candidates(catalog, name, conds):
    """Values of one fact that reach every region its conditions separate, and absence."""
    kind, constants = catalog.facts[name], [c for cond in conds for c in _constants(cond, name)]
    if kind == "bool":
        return [True, False, ABSENT]
    if kind in ("text", "text_ci"):
        return sorted(set(constants)) + ["none-of-these", ABSENT]
    exact = sorted({Fraction(str(c)) for c in constants})
    points = {c + d for c in exact for d in (-1, 0, 1)} | {(a + b) / 2 for a, b in zip(exact, exact[1:])}
    if kind == "int":
        points = {int(p) for p in points if p == int(p)}
    return sorted(points) + [ABSENT]


def _components(catalog):
    """Obligations grouped when they share a fact other than active/built."""
    groups = []
    for obligation in catalog.obligations:
        conds = [r.when for r in obligation.rules] + ([obligation.applies_when] if obligation.applies_when else [])
        facts = set().union(*(_read(c) for c in conds)) - SHARED
        joined = [g for g in groups if g[1] & facts]
        for g in joined:
            groups.remove(g)
        groups.append(
            (
                [obligation] + [o for g in joined for o in g[0]],
                facts.union(*(g[1] for g in joined)),
                conds + [c for g in joined for c in g[2]],
            )
        )
    return groups


def worst_case(catalog):
    """The most engine rules (applies:<obligation> included) one fact can match, and that fact:
    every combination of each group's facts over the values its conditions separate."""
    best = (-1, None)
    for shared in itertools.product([True, False, ABSENT], repeat=len(SHARED)):
        base = {n: v for n, v in zip(sorted(SHARED), shared) if v is not ABSENT}
        total, values = 0, dict(base)
        for obligations, facts, conds in _components(catalog):
            names = sorted(facts)
            top = (-1, {})
            for combo in itertools.product(*(_candidates(catalog, n, conds) for n in names)):
                trial = dict(base, **{n: v for n, v in zip(names, combo) if v is not ABSENT})
                count = sum(1 for _ in _fired_in(catalog, obligations, trial))
                top = max(top, (count, trial), key=lambda t: t[0])
            total += top[0]
            values.update(top[1])
        best = max(best, (total, values), key=lambda t: t[0])
    return best


def _fired_in(catalog, obligations, values):
    for obligation in obligations:
        if obligation.applies_when is None or reference(obligation.applies_when, values, catalog.facts):
            yield APPLIES + obligation.id
            yield from (r.id for r in obligation.rules if reference(r.when, values, catalog.facts))


def test_worst_case_evaluates_within_the_engines_stack(catalog):
    # the most engine rules the catalogue can fire on one fact, computed over every fact
    # combination that matters. The engine fails (error 303) when more than 64 matching
    # condition nodes wait on its stack at once (64 rules on 64 distinct facts); rules sharing
    # their first conditions (the kind guard, applies_when) share nodes, so the catalogue's worst
    # case must still evaluate, and agree with Python
    count, values = worst_case(catalog)
    fired = _engine(catalog).fired(values)
    assert fired == python_fired(catalog, values)
    assert len(fired) == count


@pytest.mark.slow
def test_worst_case_search_finds_a_planted_match(catalog):
    # one more rule that can fire with all the others raises the computed worst case by one
    import dataclasses

    count, _ = worst_case(catalog)
    obligation = catalog.obligations[0]
    extra = dataclasses.replace(obligation.rules[0], id="planted", when={"fact": "active", "is": True})
    bigger = dataclasses.replace(
        catalog,
        obligations=[dataclasses.replace(obligation, rules=obligation.rules + (extra,))] + catalog.obligations[1:],
    )
    assert worst_case(bigger)[0] == count + 1
