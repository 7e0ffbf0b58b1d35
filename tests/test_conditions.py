"""The condition language's two readings agree: ``conditions.evaluate`` (Python: the causes, the
message alternatives, the agenda) and ``conditions.to_durable`` run by durable_rules through
:class:`checker.judging.engine.Engine` (the verdicts), on random conditions over every kind of fact and
random fact values, bounds and their neighbours included. The catalogue's own conditions are
checked against an independent reading in test_differential.py; these are any conditions the
rule-file checker accepts."""

from fractions import Fraction
from pathlib import Path

import durable_rules_engine as _dr
from hypothesis import given
from hypothesis import strategies as st

from checker.judging import conditions
from checker.judging.engine import Engine
from checker.judging.rules import Catalog, Obligation, Rule

FACTS = {"flag": "bool", "count": "int", "name": "text", "method": "text_ci", "rate": "decimal"}

# --- constants a rule may write, and fact values around them --------------------------------
INTS = st.one_of(st.sampled_from([-1, 0, 1, 29, 30, 31, 90]), st.integers(-(10**6), 10**6))
# at most six decimals (the rule files' limit): millionths written as a float, or a whole number
DECIMALS = st.one_of(
    st.sampled_from([0, 5, 50, 98.5, 4.99, 49.999999, 90, 100, 0.000001]),
    st.integers(-(10**9), 10**9).map(lambda n: n / 10**6),
    st.integers(-1000, 1000),
)
WORDS = ["mit", "MIT", " Apache-2.0 ", "gpl-3.0", "GPL-3.0-only", "ebios-rm", "Anssi-Agile", "é", "x"]
TEXTS = st.one_of(st.sampled_from(WORDS), st.text("abM-é ", min_size=1, max_size=6))
SUFFIXES = st.lists(st.sampled_from(["-only", "-or-later", "+"]), max_size=2, unique=True)


def _comparison(bounds):
    ops = st.lists(st.sampled_from(["lt", "le", "gt", "ge"]), min_size=1, max_size=2, unique=True)
    return st.builds(lambda ops, values: dict(zip(ops, values)), ops, st.lists(bounds, min_size=2, max_size=2))


def _leaf(name: str):
    kind = FACTS[name]
    alone = st.sampled_from([{"absent": True}, {"present": True}])
    if kind == "bool":
        tests = st.one_of(alone, st.builds(lambda op, v: {op: v}, st.sampled_from(["is", "is_not"]), st.booleans()))
    elif kind == "decimal":
        tests = st.one_of(alone, _comparison(DECIMALS))
    else:
        plain = INTS if kind == "int" else TEXTS
        same = st.builds(lambda op, v: {op: v}, st.sampled_from(["is", "is_not"]), plain)
        listed = st.builds(
            lambda op, values, variants: {op: values, **({"variants": variants} if variants else {})},
            st.sampled_from(["in", "not_in"]),
            st.lists(plain, min_size=1, max_size=4),
            SUFFIXES if kind != "int" else st.just([]),
        )
        tests = st.one_of(alone, same, listed, *([_comparison(INTS)] if kind == "int" else []))
    return tests.map(lambda test: {"fact": name, **test})


LEAVES = st.one_of(*(_leaf(name) for name in FACTS))
CONDITIONS = st.recursive(
    LEAVES,
    lambda inner: st.builds(
        lambda op, items: {op: items}, st.sampled_from(["all", "any"]), st.lists(inner, min_size=1, max_size=3)
    ),
    max_leaves=6,
)


def _near(bound) -> st.SearchStrategy:
    """A decimal value on a bound or one ten-millionth away (between two of the engine's millionths)."""
    exact = Fraction(repr(bound))
    return st.sampled_from([exact, exact - Fraction(1, 10**7), exact + Fraction(1, 10**7), exact - Fraction(1, 10**6)])


@st.composite
def fact_values(draw, conds):
    """Values of the facts, as the providers give them (text_ci trimmed and lower-case), each
    absent sometimes; drawn near the conditions' own constants half of the time."""
    constants = [v for c in conds for v in _constants(c)]
    values = {}
    for name, kind in FACTS.items():
        if draw(st.booleans()):
            continue  # not stated
        mine = [v for fact, v in constants if fact == name]
        if kind == "bool":
            value = draw(st.booleans())
        elif kind == "int":
            value = draw(st.one_of(INTS, *(st.sampled_from([v - 1, v, v + 1]) for v in mine[:3])))
        elif kind == "decimal":
            value = draw(st.one_of(DECIMALS.map(lambda v: Fraction(repr(v))), *(_near(v) for v in mine[:3])))
        else:
            suffix = draw(st.sampled_from(["", "-only", "-or-later", "+"]))
            base = draw(st.one_of(TEXTS, st.just("y" * (conditions.MAX_TEXT + 5)), *(st.just(v) for v in mine[:4])))
            value = (base + suffix).strip() or "z"
            if kind == "text_ci":
                value = value.lower()
        values[name] = value
    return values


def _constants(cond):
    """(fact, constant) pairs a condition compares with."""
    if "all" in cond or "any" in cond:
        return [pair for item in next(iter(cond.values())) for pair in _constants(item)]
    found = []
    for op, value in cond.items():
        if op in ("lt", "le", "gt", "ge", "is", "is_not"):
            found.append((cond["fact"], value))
        elif op in ("in", "not_in"):
            found += [(cond["fact"], v) for v in value]
    return [(fact, v) for fact, v in found if not isinstance(v, bool)]


def _engine(conds) -> Engine:
    rules = tuple(
        Rule(id=f"r{i}", obligation="o", outcome="fail", when=cond, paths=("x",), message={})
        for i, cond in enumerate(conds)
    )
    obligation = Obligation("o", 1, {}, {}, "", {}, None, {}, rules, Path("o.yaml"))
    read = set().union(*(conditions.check(cond, FACTS) for cond in conds))
    return Engine(Catalog(obligations=[obligation], rules={r.id: r for r in rules}, facts=FACTS, read=read))


@given(data=st.data(), conds=st.lists(CONDITIONS, min_size=1, max_size=4))
def test_python_and_the_engine_read_every_condition_alike(data, conds):
    engine = _engine(conds)
    try:
        for _ in range(4):
            values = data.draw(fact_values(conds))
            python = {f"r{i}" for i, cond in enumerate(conds) if conditions.evaluate(cond, values, FACTS)}
            assert engine.fired(values) - {"applies:o"} == python, (conds, values)
    finally:
        _dr.delete_ruleset(engine._handle)


def test_a_text_longer_than_the_engine_is_sent_never_equals_its_first_part():
    """A text past ``MAX_TEXT`` reaches the engine cut, and marked as cut: a rule listing the
    cut text itself still reads it as another text, as Python does."""
    cut = "y" * conditions.MAX_TEXT
    conds = [{"fact": "name", "is": cut}, {"fact": "name", "in": [cut]}, {"fact": "name", "not_in": [cut]}]
    engine = _engine(conds)
    try:
        for value in (cut, cut + "z"):
            python = {f"r{i}" for i, cond in enumerate(conds) if conditions.evaluate(cond, {"name": value}, FACTS)}
            assert python == ({"r0", "r1"} if value == cut else {"r2"})
            assert engine.fired({"name": value}) - {"applies:o"} == python
    finally:
        _dr.delete_ruleset(engine._handle)
