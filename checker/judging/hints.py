"""What to write: the hint a finding carries (``Finding.fix``), computed from its path, its
cause and what the declaration holds there.

A hint never invents a fact. It names the key path in backticks and the *shape* of the value,
with placeholders that name what to write (``name: <prénom et nom de l'intrapreneur>``,
``date: AAAA-MM-JJ``: :mod:`checker.reading.placeholders`); the only literal values it gives are those
the rules decide (``approach: true``) or the near miss of what the person wrote (``licence:
MIT`` for ``MIT License``, ``method: ebios-rm`` for ``EBIOS RM``, the ``https`` of an ``http``
publication address). For a key that is missing it says under which existing key to add it
(the finding itself is located at that key), or which section to add at the top level.

Where the fix is an act, not a key (a fact already written that breaks the obligation, a
deadline passed or near on a date already declared), there is no hint: the message says what
to do. The one exception is the next committee or workshop, which the hint asks to declare
once held. The words live in :mod:`checker.foundation.messages` (``fix.*``).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import yaml

from checker.foundation.messages import text
from checker.reading import nearmiss, placeholders
from checker.reading.loader import path_str
from checker.reading.placeholders import generic, parts, schema_node  # noqa: F401  (parts, schema_node: this module's API)

from .facts.publication import SITES, url_valid

if TYPE_CHECKING:
    from checker.reading.loader import PathParts

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def https_meant(value: object, site: str) -> str | None:
    """``http://www.data.gouv.fr/…`` -> the same address in ``https``, when that is an address of
    ``site`` (the publication rule's own test); else None."""
    if not isinstance(value, str) or not re.match(r"(?i)http://", value.strip()):
        return None
    meant = "https://" + value.strip()[len("http://") :]
    return meant if url_valid(meant, site) else None


# the value a person most likely meant, from what they wrote and the rule's own data
_MEANT: dict[str, Callable[[object], str | None]] = {
    "source_code.licence": nearmiss.spdx_meant,
    "security.risk_workshops[].method": nearmiss.method_meant,
    **{f"convention.publication.{key}": functools.partial(https_meant, site=site) for key, site in SITES},
}
# the causes of a finding an exemption answers: a blank is to fill in, not to exempt
EXEMPTED_CAUSES = ("breach", "deadline")


def flow(value: object) -> str:
    """A value as one line of YAML a person can copy (flow style, dates and words unquoted)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and not _DATE.match(value):
        return _word(value)
    return str(value)


@functools.lru_cache(maxsize=1024)
def _word(value: str) -> str:
    """A text as YAML reads it back inside a flow collection: plain when it can be, else
    double-quoted. Cached: the placeholders are few and fixed, the findings many."""
    try:
        plain = yaml.load(f"[{value}]", Loader=_Loader) == [value]
    except yaml.YAMLError:
        plain = False
    return value if plain else json.dumps(value, ensure_ascii=False)


def _walk(data: Any, path: PathParts) -> tuple[int, object]:
    """How many parts of ``path`` exist in ``data`` (a key present, even null, counts), and the
    value at the deepest of them."""
    node = data
    for depth, part in enumerate(path):
        if isinstance(part, int):
            found = isinstance(node, list) and 0 <= part < len(node)
        else:
            found = isinstance(node, dict) and part in node
        if not found:
            return depth, node
        node = node[part]
    return len(path), node


def _under(path: PathParts) -> str:
    """How a person finds an existing key: ``team.intrapreneur:``, or ``committees[0]`` for an item."""
    return path_str(path) + ("" if isinstance(path[-1], int) else ":")


def _blank(value: object) -> bool:
    """Written as nothing: null, or empty or white-space text (absent, as the rules read it)."""
    return value is None or isinstance(value, str) and not value.strip()


def hint(path: str, data: Any, lang: str, next_item: bool = False, cause: str | None = None) -> str | None:
    """What to write for a finding of cause ``cause`` at ``path`` of the declaration ``data``,
    or None when there is nothing to write (the message says what to do). ``next_item``: the
    finding is a deadline (on a list item's date, the next workshop or committee is to add)."""
    keys = parts(path)
    depth, value = _walk(data, keys)
    whole = bool(keys) and depth == len(keys)
    # a scalar's hint may name what its object lacks (a sibling): the object is read too
    parent = _walk(data, keys[:-1])[1] if whole and not isinstance(value, dict | list) else None
    key = (path, lang, next_item, cause, depth, _shape(value) if whole else None, _shape(parent))
    if _UNCACHED in key:
        return _hint(keys, depth, value, parent, lang, next_item, cause)
    found = _HINTS.get(key, _UNCACHED)
    if found is _UNCACHED:
        found = _hint(keys, depth, value, parent, lang, next_item, cause)
        if len(_HINTS) < _HINTS_MAX:
            _HINTS[key] = found
    return found  # type: ignore[return-value]


# (path, language, next item, cause, parts found, shapes of the value found and of its object)
# -> hint: the same findings come back in file after file, and a hint depends on the
# declaration only through these
_HINTS: dict[tuple, str | None] = {}
_HINTS_MAX = 4096  # bounded: memory stays flat over thousands of files
_UNCACHED = object()


def _shape(value: object) -> object:
    """What of the value at a finding's path its hint reads: a short scalar itself, a mapping's
    keys and whether each holds something, whether a list is empty."""
    if value is None or isinstance(value, bool | int | float) or isinstance(value, str) and len(value) <= 80:
        return (type(value), value)
    if isinstance(value, dict):
        return (dict, frozenset((k, _blank(v)) for k, v in value.items()))
    if isinstance(value, list):
        return (list, bool(value))
    return _UNCACHED


def _hint(
    keys: PathParts, depth: int, value: object, parent: object, lang: str, next_item: bool, cause: str | None
) -> str | None:
    """The hint for ``keys``, of which ``depth`` parts exist in the declaration, the deepest
    holding ``value`` (:func:`_walk`), in the object ``parent`` when it is a scalar."""
    if not keys or any("{" in str(k) for k in keys):  # a path template left unresolved
        return None
    if depth < len(keys):
        return _absent(keys, depth, lang)
    found = _present(keys, value, lang, next_item, cause)
    if found is None and cause == "missing" and isinstance(parent, dict) and not isinstance(value, dict | list):
        return _lacking(keys[:-1], parent, lang, forms=False)  # the fact lacking is a sibling (ends_on)
    return found


def _absent(keys: PathParts, depth: int, lang: str) -> str | None:
    """A key (or a whole section) is missing: add it, its value shaped with placeholders."""
    shown = placeholders.whole(keys[: depth + 1], lang)
    if shown is None:
        return None
    if depth == 0:
        return text("fix.add_top", lang, entry=f"{keys[0]}: {flow(shown)}")
    if isinstance(keys[depth], int):  # an item the list does not have
        return text("fix.add_item", lang, under=_under(keys[:depth]), item=flow(shown))
    entry = f"{keys[depth]}: {flow(shown)}"
    if isinstance(keys[depth - 1], int):  # a key missing in a list item
        return text("fix.add_to_item", lang, under=_under(keys[:depth]), entries=entry)
    return text("fix.add_under", lang, under=_under(keys[:depth]), entry=entry)


def _present(keys: PathParts, value: object, lang: str, next_item: bool, cause: str | None) -> str | None:
    """The key exists: the value the rule decides or the person meant, a placeholder for a
    blank, the next item after a deadline on an item's date; for a fact the declaration lacks
    (cause ``missing``), what its object or list lacks. Anything else is an act: no hint."""
    meant = _meant(keys, value)
    if meant is not None:
        return _write(keys, meant, lang)
    if _blank(value):
        shown = placeholders.whole(keys, lang)
        return None if shown is None else _write(keys, shown, lang)
    where = max((i for i, k in enumerate(keys) if isinstance(k, int)), default=None)
    if next_item and where is not None and isinstance(value, str) and _DATE.match(value):
        item = placeholders.whole(keys[: where + 1], lang)
        return None if item is None else text("fix.add_next", lang, under=_under(keys[:where]), item=flow(item))
    if cause == "deadline" and isinstance(value, dict):  # a date due that the object lacks
        return _lacking(keys, value, lang, forms=False)
    if cause != "missing":
        return None
    if isinstance(value, dict):
        return _lacking(keys, value, lang)
    if isinstance(value, list):
        item = placeholders.whole(keys + (0,), lang)
        return None if item is None else text("fix.add_item", lang, under=_under(keys), item=flow(item))
    return None


def _meant(keys: PathParts, value: object) -> str | bool | None:
    """The value the rule itself decides (a commitment: ``true``), or the near miss of what was
    written (:data:`_MEANT`); None otherwise."""
    place = generic(keys)
    if placeholders.DESCRIBED.get(place) is True:
        return True if value is not True else None
    meant = _MEANT.get(place)
    return meant(value) if meant is not None and not _blank(value) else None


def _lacking(keys: PathParts, value: dict[str, Any], lang: str, forms: bool = True) -> str | None:
    """The keys of its shape an object lacks (or leaves blank), to add to it; ``forms``: an
    object written in its other form (the budget's ``years``) lacks what that form lacks."""
    form = placeholders.FORMS.get(generic(keys)) if forms else None
    if form is not None and value.get(form) is not None:  # the other form is in use: look in there
        return _present(keys + (form,), value[form], lang, False, "missing")
    shape = placeholders.whole(keys, lang)
    missing = [f"{k}: {flow(v)}" for k, v in (shape or {}).items() if _blank(value.get(k))]
    if not missing:
        return None
    code = "fix.add_to_item" if isinstance(keys[-1], int) else "fix.add_keys"
    return text(code, lang, under=_under(keys), entries="`, `".join(missing))


def _write(keys: PathParts, value: object, lang: str) -> str | None:
    """Write ``value`` at ``keys`` (never as a dotted key: the key under its parent)."""
    if isinstance(keys[-1], int):
        return None
    entry = f"{keys[-1]}: {flow(value)}"
    if len(keys) > 1:
        return text("fix.write_under", lang, under=_under(keys[:-1]), entry=entry)
    return text("fix.write", lang, entry=entry)


def offers_exemption(cause: str | None) -> bool:
    """Whether a failure of cause ``cause`` may be answered by an exemption: a breach or a
    deadline may be, a blank (``missing``) is to fill in."""
    return cause in EXEMPTED_CAUSES


@functools.lru_cache(maxsize=256)
def exemption(obligation: str, lang: str) -> str:
    """The one mention, per failing obligation, that an exemption may be declared: the keys of
    an exemption, the obligation filled in, the others as placeholders."""
    shape = placeholders.whole(("exemptions", 0), lang)
    item = {"obligation": obligation, **{k: v for k, v in (shape or {}).items() if k != "obligation"}}
    return text("fix.exemption", lang, item="- " + flow(item))
