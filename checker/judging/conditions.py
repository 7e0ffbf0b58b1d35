"""The rules' condition language, compiled to durable_rules and evaluated in pure Python.

A condition is one of::

    {fact: NAME, is: VALUE}          # present and equal
    {fact: NAME, is_not: VALUE}      # absent, or present and different
    {fact: NAME, absent: true}       # not stated by the declaration
    {fact: NAME, present: true}
    {fact: NAME, lt: N, le: N, gt: N, ge: N}    # any of them, all must hold
    {fact: NAME, in: [..]}  /  {fact: NAME, not_in: [..], variants: [suffix, ..]}
    {all: [cond, ..]}  /  {any: [cond, ..]}

Comparisons, ``in`` and ``not_in`` never match an absent fact. Facts are typed
(:data:`checker.judging.facts.FACTS`); the compiler rejects a condition that does not fit its fact's
type, so the engine never compares mixed types. Decimals reach the engine as exact integers
(millionths, rounded down for ``lt``/``ge`` and up for ``gt``/``le``), so a threshold with at
most six decimals compares exactly. Text longer than ``MAX_TEXT`` is cut before it reaches the
engine, which compares strings over 64 KiB by their length.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

SCALE = 10**6
LIMIT = 10**18
MAX_TEXT = 1000  # longer text reaches the engine cut (it compares >64 KiB strings by length)
COMPARISONS = {"lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}
CEIL_SUFFIX = "__ceil"


class ConditionError(ValueError):
    """A condition that cannot be compiled: wrong shape, unknown fact, value of the wrong type."""


def _value_fits(kind: str, value: object) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in ("text", "text_ci"):
        return isinstance(value, str)
    if kind == "decimal":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return False


def _options(cond: dict) -> list[str]:
    return [k for k in cond if k not in ("fact", "variants")]


def check(cond: Any, facts: dict[str, str], where: str = "when") -> set[str]:
    """Validate ``cond`` against the fact catalogue; return the facts it reads."""
    if not isinstance(cond, dict) or not cond:
        raise ConditionError(f"{where}: a condition is a mapping")
    if "all" in cond or "any" in cond:
        if len(cond) != 1:
            raise ConditionError(f"{where}: 'all'/'any' stand alone")
        ((op, items),) = cond.items()
        if not isinstance(items, list) or not items:
            raise ConditionError(f"{where}.{op}: a non-empty list of conditions")
        read = set()
        for i, item in enumerate(items):
            read |= check(item, facts, f"{where}.{op}[{i}]")
        return read
    name = cond.get("fact")
    if name not in facts:
        raise ConditionError(f"{where}: unknown fact {name!r}")
    kind = facts[name]
    if kind == "date":
        raise ConditionError(f"{where}: {name!r} is a date; compare its deadline's days_left instead")
    ops = _options(cond)
    if not ops:
        raise ConditionError(f"{where}: no test on fact {name!r}")
    if "variants" in cond and "not_in" not in cond and "in" not in cond:
        raise ConditionError(f"{where}: 'variants' goes with 'in' or 'not_in'")
    for op in ops:
        value = cond[op]
        if op in ("absent", "present"):
            if value is not True:
                raise ConditionError(f"{where}: '{op}' takes true")
            if len(ops) != 1:
                raise ConditionError(f"{where}: '{op}' stands alone")
        elif op in ("is", "is_not"):
            if kind == "decimal" or not _value_fits(kind, value):
                raise ConditionError(f"{where}: {op} {value!r} does not fit {kind} fact {name!r}")
        elif op in COMPARISONS:
            if kind not in ("int", "decimal") or not _value_fits(kind, value):
                raise ConditionError(f"{where}: {op} {value!r} does not fit {kind} fact {name!r}")
            if kind == "decimal" and (Fraction(repr(value)) * SCALE).denominator != 1:
                raise ConditionError(f"{where}: {op} {value!r}: at most six decimals")
        elif op in ("in", "not_in"):
            if kind not in ("text", "text_ci", "int") or not isinstance(value, list) or not value:
                raise ConditionError(f"{where}: {op} needs a non-empty list for a text or int fact")
            if not all(_value_fits(kind, item) for item in value):
                raise ConditionError(f"{where}: {op} values do not fit {kind} fact {name!r}")
        else:
            raise ConditionError(f"{where}: unknown test {op!r}")
    return {name}


def _choices(cond: dict, kind: str, op: str) -> list:
    values = list(cond[op])
    for suffix in cond.get("variants", []):
        values += [v + suffix for v in cond[op] if isinstance(v, str)]
    if kind == "text_ci":
        values = [v.strip().lower() for v in values]
    return list(dict.fromkeys(values))


def _norm(kind: str, value: object) -> object:
    return value.strip().lower() if kind == "text_ci" and isinstance(value, str) else value


def to_durable(cond: dict, facts: dict[str, str]) -> dict:
    """The durable_rules expression of a checked condition (keys: engine fact names)."""
    if "all" in cond:
        return {"$and": [to_durable(c, facts) for c in cond["all"]]}
    if "any" in cond:
        return {"$or": [to_durable(c, facts) for c in cond["any"]]}
    name, kind = cond["fact"], facts[cond["fact"]]
    parts: list[dict] = []
    for op in _options(cond):
        value = cond[op]
        if op == "absent":
            parts.append({"$nex": {name: 1}})
        elif op == "present":
            parts.append({"$ex": {name: 1}})
        elif op == "is":
            parts.append({name: _norm(kind, value)})
        elif op == "is_not":
            parts.append({"$or": [{"$neq": {name: _norm(kind, value)}}, {"$nex": {name: 1}}]})
        elif op in COMPARISONS:
            key, bound = name, value
            if kind == "decimal":
                bound = int(Fraction(repr(value)) * SCALE)
                key = name + CEIL_SUFFIX if op in ("gt", "le") else name
            parts.append({COMPARISONS[op]: {key: bound}})
        elif op == "in":
            parts.append({"$or": [{name: v} for v in _choices(cond, kind, op)]})
        elif op == "not_in":
            parts.append({"$and": [{"$neq": {name: v}} for v in _choices(cond, kind, op)]})
    return parts[0] if len(parts) == 1 else {"$and": parts}


def evaluate(cond: dict, values: dict, facts: dict[str, str]) -> bool:
    """Pure-Python meaning of a checked condition over typed fact values."""
    if "all" in cond:
        return all(evaluate(c, values, facts) for c in cond["all"])
    if "any" in cond:
        return any(evaluate(c, values, facts) for c in cond["any"])
    name, kind = cond["fact"], facts[cond["fact"]]
    present = name in values
    value: Any = values.get(name)  # text_ci facts arrive trimmed and lower-case (checker.judging.facts)
    for op in _options(cond):
        expected = cond[op]
        if op == "absent":
            ok = not present
        elif op == "present":
            ok = present
        elif op == "is":
            ok = present and type(value) is type(_norm(kind, expected)) and value == _norm(kind, expected)
        elif op == "is_not":
            ok = not present or value != _norm(kind, expected)
        elif op in COMPARISONS:
            bound: Any = Fraction(repr(expected)) if kind == "decimal" else expected
            ok = present and {"lt": value < bound, "le": value <= bound, "gt": value > bound, "ge": value >= bound}[op]
        elif op == "in":
            ok = present and value in _choices(cond, kind, op)
        else:  # not_in
            ok = present and value not in _choices(cond, kind, op)
        if not ok:
            return False
    return True


def engine_payload(values: dict, read: set[str], facts: dict[str, str]) -> dict:
    """The fact message for the engine: only the facts the rules read, typed for it."""
    out: dict[str, Any] = {}
    for name in read:
        if name not in values:
            continue
        value = values[name]
        if facts[name] == "decimal":
            exact = value if isinstance(value, Fraction) else Fraction(value)
            # in integers: a Fraction's arithmetic is Python code
            scaled, whole = exact.numerator * SCALE, exact.denominator
            # clamped: far beyond any threshold, and within the engine's 64-bit integers
            out[name] = max(-LIMIT, min(LIMIT, scaled // whole))
            out[name + CEIL_SUFFIX] = max(-LIMIT, min(LIMIT, -(-scaled // whole)))
        elif isinstance(value, str) and len(value) > MAX_TEXT:
            out[name] = value[:MAX_TEXT] + "\u2026"  # equal to no value a rule lists, as the full text
        else:
            out[name] = value
    return out
