"""durable_rules, driven through its C API with the guards ``shared/notes/durable-rules.md`` asks for.

- one ruleset per catalogue, compiled once per process under a name of its own;
- every rule guarded by the ``kind: declaration`` discriminator (no bare ``$nex`` loops);
- facts (not events), one declaration at a time in one session (``sid``): its fact retracted
  once its actions ran, the whole state deleted after any failure, so nothing of one
  declaration reaches the next (the rules match one positive fact each: retracting one
  starts no action);
- only typed facts the rules read are sent;
- any engine error becomes :class:`EngineError` for that declaration, never an empty result.
"""

from __future__ import annotations

import itertools
import json

import durable_rules_engine as _dr
import orjson

from . import conditions
from .rules import Catalog

_names = itertools.count(1)
RESERVED = {"id", "sid", "kind"}
APPLIES = "applies:"  # engine rules that say whether an obligation applies (no rule id has ':')


class EngineError(Exception):
    pass


def sharing(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """``applies:<obligation>`` engine rule -> the obligations it decides: obligations with the
    same ``applies_when`` (six say "the product is active") share one rule, named after the
    first of them, so a declaration sets off one action for them all, not one each."""
    by_condition: dict[str, list[str]] = {}
    for obligation in catalog.obligations:
        key = json.dumps(obligation.applies_when, sort_keys=True)
        by_condition.setdefault(key, []).append(obligation.id)
    return {APPLIES + ids[0]: tuple(ids) for ids in by_condition.values()}


def compile_ruleset(catalog: Catalog, shared: dict[str, tuple[str, ...]]) -> dict:
    """The durable_rules definition, keyed by rule id: one rule per catalogue rule, plus the
    ``applies:<obligation>`` rules (``shared``: :func:`sharing`), so the engine also decides
    applicability."""
    clash = RESERVED & set(catalog.facts)
    if clash:
        raise ValueError(f"fact names reserved by the engine: {sorted(clash)}")
    ruleset = {}
    guard = {"kind": "declaration"}
    deciding = {oid: name for name, ids in shared.items() for oid in ids}
    for obligation in catalog.obligations:
        applies = [guard]
        if obligation.applies_when:
            applies.append(conditions.to_durable(obligation.applies_when, catalog.facts))
        if deciding[obligation.id] == APPLIES + obligation.id:
            ruleset[APPLIES + obligation.id] = {"all": [{"m": {"$and": applies}}]}
        for rule in obligation.rules:
            parts = applies + [conditions.to_durable(rule.when, catalog.facts)]
            ruleset[rule.id] = {"all": [{"m": {"$and": parts}}]}
    return ruleset


def _action_name(message: str) -> str:
    """The rule named by an action message ``{"<rule id>":{...}}``, without parsing the fact
    it carries (that parse was most of the engine's cost). Rule ids hold no quote."""
    if message.startswith('{"'):
        return message[2 : message.index('"', 2)]
    (name,) = json.loads(message)  # pragma: no cover - another layout: parse it
    return name


def _encode(payload: dict) -> str:
    """The fact as compact JSON, as the standard encoder writes it (what is not ASCII escaped,
    as in the ruleset): orjson's text (C speed) when it is the same, all ASCII and without a
    float; else the standard encoder's."""
    if not any(isinstance(value, float) for value in payload.values()):
        try:
            raw = orjson.dumps(payload)
        except orjson.JSONEncodeError:  # an integer beyond 64 bits
            raw = b"\x80"
        if raw.isascii() and b"\x7f" not in raw:  # json.dumps escapes DEL too
            return raw.decode("ascii")
    return json.dumps(payload, separators=(",", ":"))


SID = "declaration"  # the one session every declaration is evaluated in, one at a time


class Engine:
    """Evaluates prepared facts with durable_rules; returns the ids of the rules that fired,
    and ``applies:<obligation>`` for each obligation that applies."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self._sharing = sharing(catalog)
        self.definition = compile_ruleset(catalog, self._sharing)
        self._known = frozenset(self.definition)
        self._handle = _dr.create_ruleset(f"conformite-{next(_names)}", json.dumps(self.definition))

    def fired(self, values: dict) -> set[str]:
        payload = conditions.engine_payload(values, self.catalog.read, self.catalog.facts)
        payload["kind"] = "declaration"
        payload["sid"] = SID
        fired: set[str] = set()  # an $or may fire a rule twice: a set
        message, settled = None, False
        try:
            message = _encode(payload)
            code, state = _dr.assert_fact(self._handle, message)
            if code == 0:
                result = _dr.start_action_for_state(self._handle, state)
                while result:
                    fired.add(_action_name(result[1] if isinstance(result, tuple) else result))
                    result = _dr.complete_and_start_action(self._handle, state)
            elif code != 1:  # 1 = no rule matched: a declaration that breaks nothing
                raise EngineError(f"engine status {code}")
            settled = True
        except EngineError:
            raise
        except Exception as exc:  # the C engine raises plain exceptions with an error number
            raise EngineError(str(exc) or type(exc).__name__) from None
        finally:
            if message is not None:  # else nothing reached the engine
                self._forget(message, settled)
        if not fired <= self._known:
            raise EngineError(f"unknown actions {sorted(fired - self._known)}")
        for name in fired & self._sharing.keys():  # an applicability rule fired: for each obligation it decides
            fired.update(APPLIES + oid for oid in self._sharing[name])
        return fired

    def _forget(self, message: str, settled: bool) -> None:
        """Leave the session as the next declaration must find it: empty. A declaration whose
        actions all ran has its fact retracted; the session's state stays, so the next one does
        not pay for a new one (creating a state zeroes about 0.7 MB of the engine's tables,
        about a third of the engine's time per declaration). After a failure, or should the
        retraction raise, the whole state is deleted, as each declaration's used to be. (A
        retraction reports no fact missing: the message retracted is the very text asserted,
        so it names that fact; tests check that the session is left empty.)"""
        if settled:
            try:
                _dr.retract_fact(self._handle, message)
                return
            except Exception:  # not retracted: nothing of it may remain
                pass
        try:
            _dr.delete_state(self._handle, SID)
        except Exception:  # no state was created (the assert itself failed)
            pass
