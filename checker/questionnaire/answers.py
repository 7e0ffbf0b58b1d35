"""Reading answers, the same way for the terminal, an answers file and the web form.

:func:`convert` reads one answer as the declaration holds it (a date written ``15/08/2024``, a
choice by its words, ``oui``, ``925 000``, a licence's common name…) or refuses it with the
sentence that says what to write (:class:`Invalid`, with the near-miss hint when there is one).
:class:`Answers` reads a whole declaration-shaped mapping of answers (``init --answers``, the
web form's draft): every answer converted at its key, unknown keys and lists that break a rule
of the questions (one budget form, unique objective ids) refused with their path, and says which
applicability questions an active product left unanswered.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from checker.foundation.dates import parse_date
from checker.foundation.messages import MAX_ERRORS
from checker.reading.loader import MAX_INTEGER, decode, load_text, parse_json
from checker.reading.nearmiss import (
    authorised_licences,
    boolean_meant,
    closest,
    method_meant,
    spdx_meant,
    spdx_starting,
)
from checker.reading.problems import Problem
from checker.reading.schema import suggest

from .questions import (
    CHOICE_WORDS,
    MAX_NUMBER,
    MAX_TEXT,
    Q,
    Questions,
    Repeat,
    choice_word,
    known,
    list_section,
    parts_of,
    recommended_methods,
    unique_key,
)
from .words import msg

Value = str | bool | int | float | dt.date | list[str]  # an answer as the declaration holds it
Errors = list[tuple[str, str]]  # (path, message) of each answer refused

# --- reading answers -----------------------------------------------------------------------


class Invalid(ValueError):
    """An answer that cannot be used, with the sentence that says what to write."""


def licence(raw: str, lang: str) -> str:
    ids, suffixes = authorised_licences()
    value = raw.strip()
    by_lower = {i.lower(): i for i in ids}
    for suffix in ("",) + suffixes:
        if value.lower().endswith(suffix) and value.lower()[: len(value) - len(suffix)] in by_lower:
            return by_lower[value.lower()[: len(value) - len(suffix)]] + suffix
    meant = spdx_meant(value)
    if meant:
        raise Invalid(msg("licence_hint", lang, spdx=meant))
    starting = spdx_starting(value)
    if starting:  # "EUPL", "CeCILL": the version is missing
        raise Invalid(msg("licence_hint", lang, spdx=" / ".join(starting)))
    if not re.fullmatch(r"[A-Za-z0-9.+-]+", value):
        guess = suggest(value, ids)
        raise Invalid(msg("licence_form", lang) + (msg("did_you_mean", lang, suggestion=guess) if guess else ""))
    return value  # another SPDX id: the open-source rule judges it


def _date(raw: object, lang: str) -> dt.date:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    value = str(raw).strip()
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value)
    if match:
        value = f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise Invalid(msg("date", lang))
    parsed = parse_date(value)
    if parsed is None:
        raise Invalid(msg("no_such_date", lang, value=value))
    return parsed


def figure(value: float, lang: str) -> str:
    """A bound as a person reads it: 1 000 000 000 000 000 (French), 1,000,000,000,000,000."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    shown = f"{value:,}"
    return shown.replace(",", "\u202f").replace(".", ",") if lang != "en" else shown


def _number(raw: object, lang: str, whole: bool, node: dict[str, Any]) -> int | float:
    """A number within the schema's bounds at this key (the loader's largest exact number where
    it gives none): ``925 000``, ``7,5``, ``-3``; a bound, a non-finite or a 5,000-digit number
    is refused with the range to write, before any conversion could fail."""
    kind = "int" if whole else "number"
    if isinstance(raw, bool):
        raise Invalid(msg(kind, lang))
    if isinstance(raw, int | float):
        number = raw
    else:
        value = re.sub(r"[\s\u00a0\u202f_]", "", str(raw)).replace("€", "")
        if not whole:
            value = value.replace(",", ".")
        if len(value) > MAX_NUMBER or not re.fullmatch(r"-?\d+" if whole else r"-?\d+(\.\d+)?", value):
            raise Invalid(msg(kind, lang) if len(value) <= MAX_NUMBER else _range(node, lang))
        number = float(value) if "." in value else int(value)
    if isinstance(number, float):
        if not math.isfinite(number) or (whole and not number.is_integer()):
            raise Invalid(msg(kind, lang))
        if number.is_integer() and abs(number) <= MAX_INTEGER:
            number = int(number)
    low, high = _bounds(node)
    if not low <= number <= high:
        raise Invalid(_range(node, lang))
    return number


def _bounds(node: dict[str, Any]) -> tuple[float, float]:
    low, high = node.get("minimum"), node.get("maximum")
    return (-MAX_INTEGER if low is None else low), (MAX_INTEGER if high is None else high)


def _range(node: dict[str, Any], lang: str) -> str:
    low, high = _bounds(node)
    return msg("range", lang, low=figure(low, lang), high=figure(high, lang))


def _url(raw: object, lang: str) -> str:
    value = _text(raw, lang)
    if not re.fullmatch(r"https?://[^\s]+\.[^\s]+", value):
        raise Invalid(msg("url", lang))
    return value


def _text(raw: object, lang: str) -> str:
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        raise Invalid(msg("text", lang))
    value = str(raw).strip()
    if len(value) > MAX_TEXT:
        raise Invalid(msg("too_long", lang, length=figure(len(value), lang), limit=figure(MAX_TEXT, lang)))
    return value


def _plain(value: str) -> str:
    """What distinguishes one choice from another: no accents, case, spaces or punctuation
    (``Non prévu`` and ``not-planned`` read as written, ``EBIOS RM`` as ``ebios-rm``)."""
    bare = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", bare)


def _choice(question: Q, value: str, lang: str) -> str:
    """The id of the choice written (by its id, its French or English words, or a former
    beta.gouv.fr phase name), else :class:`Invalid` with the words to write."""
    from checker.judging.facts import LEGACY_PHASES

    typed = _plain(value)
    for choice in question.choices:
        names = (choice, *CHOICE_WORDS.get(choice, ()), *(k for k, v in LEGACY_PHASES.items() if v == choice))
        if typed and any(_plain(name) == typed for name in names):
            return choice
    shown = {choice_word(c, lang): c for c in question.choices}
    guess = closest(value, list(shown) + list(question.choices))
    words = choice_word(shown.get(guess, guess), lang) if guess else None
    raise Invalid(
        msg("choice", lang, choices=", ".join(shown)) + (msg("did_you_mean", lang, suggestion=words) if words else "")
    )


def _method(value: str, lang: str) -> str:
    """A recommended method by its id (``EBIOS RM`` -> ``ebios-rm``), also when written by its
    full name (``EBIOS Risk Manager``, ``méthode ANSSI agile``: the same method, the reading
    ``check`` makes of it); a near miss of one is refused with its id; any other method is
    declared as written (the rule judges it)."""
    methods = recommended_methods()
    for method in methods:
        if _plain(method) == _plain(value):
            return method
    named = method_meant(value)
    if named is not None and named in methods:
        return named
    guess = closest(value, methods)
    if guess:
        raise Invalid(msg("method_hint", lang, method=guess))
    return value


def empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []


def convert(question: Q, raw: object, lang: str, id_pattern: str, node: dict[str, Any] | None = None) -> Value | None:
    """The answer as the declaration holds it, or :class:`Invalid`. An empty answer is ``None``.
    ``node``: the schema at this key (its bounds)."""
    if empty(raw):
        if question.required:
            raise Invalid(msg("required", lang))
        return None
    kind = question.kind
    if kind == "bool":
        meant = raw if isinstance(raw, bool) else boolean_meant(raw)
        if meant is None:
            raise Invalid(msg("bool", lang))
        return meant
    if kind == "date":
        return _date(raw, lang)
    if kind in ("int", "number"):
        return _number(raw, lang, kind == "int", node or {})
    if kind == "url":
        return _url(raw, lang)
    if kind == "urls":
        items = raw if isinstance(raw, list) else re.split(r"[,\s]+", _text(raw, lang))
        return [_url(item, lang) for item in items if str(item).strip()]
    value = _text(raw, lang)
    if kind == "licence":
        return licence(value, lang)
    if kind == "choice":
        return _choice(question, value, lang)
    if kind == "method":
        return _method(value, lang)
    if kind == "id" and (len(value) > 100 or not re.search(id_pattern, value)):
        raise Invalid(msg("id", lang))
    return value


# --- the answers tree ----------------------------------------------------------------------


def get(obj: object, key: str) -> object:
    for part in key.split("."):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(part)
    return obj


def put(obj: dict[str, Any], key: str, value: object) -> None:
    parts = key.split(".")
    for part in parts[:-1]:
        obj = obj.setdefault(part, {})
    obj[parts[-1]] = value


def is_active(startup: object, today: dt.date) -> bool:
    """Whether the product is in an active phase today, as the rules count it (no phase
    started yet: investigation, active)."""
    from checker.judging.facts import ACTIVE, current_phase

    phases = startup.get("phases") if isinstance(startup, dict) else None
    dated = [
        {**p, "start": p["start"].isoformat() if isinstance(p.get("start"), dt.date) else p.get("start")}
        for p in (phases if isinstance(phases, list) else [])
        if isinstance(p, dict)
    ]
    return current_phase(dated, today) in ACTIVE


class Answers(Questions):
    """Answers read as the questions read them (``from_answers``), and what they leave out."""

    def undeclared(self, decl: dict[str, Any]) -> list[tuple[str, str]]:
        """(key, obligation) of each applicability question an active product left unanswered."""
        if not is_active(decl.get("startup"), self.today):
            return []
        found = []
        for section in self.sections():
            for item in section.items:
                if isinstance(item, Q) and item.decides and known(self.schema, parts_of((section.key,), item.key)):
                    if get(decl.get(section.key), item.key) is None:
                        found.append((f"{section.key}.{item.key}", item.decides))
        return found

    def answer(
        self,
        question: Q,
        raw: object,
        parts: tuple[str, ...],
        active: bool = False,
        taken: frozenset[object] = frozenset(),
    ) -> Value | None:
        """One answer as the declaration holds it (None when empty), or :class:`Invalid`: an
        applicability question left empty for an ``active`` product, a value :func:`convert`
        refuses, an id another item of its list already has (``taken``)."""
        if question.decides and active and empty(raw) and not question.required:
            raise Invalid(msg("decides_required", self.lang, obligation=question.decides))
        value = convert(question, raw, self.lang, self.id_pattern, self.node(parts))
        if taken and value in taken:
            raise Invalid(msg("duplicate", self.lang))
        return value

    # non-interactive: a declaration-shaped mapping, read leniently
    def from_answers(self, answers: dict[str, Any]) -> tuple[dict[str, Any], Errors]:
        """(declaration, [(path, message)]) from a declaration-shaped mapping of answers."""
        errors: Errors = []
        out: dict[str, Any] = {"schema_version": 1}
        known_top = {s.key for s in self.sections()} | {"schema_version"}
        for key in answers:
            if key not in known_top:
                self._unknown(errors, str(key), known_top)
        for section in self.sections():
            if section.key not in answers or answers[section.key] is None:
                continue
            repeat = list_section(section)
            value: object = (
                self._read_items(section.items, answers[section.key], (section.key,), section.key, errors)
                if repeat is None
                else self._read_list(repeat, answers[section.key], (section.key,), section.key, errors)
            )
            if value not in (None, {}, []):
                out[section.key] = value
        return out, errors

    def _unknown(self, errors: Errors, path: str, choices: Iterable[str]) -> None:
        hint = ""
        if len(errors) < MAX_ERRORS:  # thousands of unknown keys: only those listed get a "did you mean"
            guess = suggest(path.rsplit(".", 1)[-1], choices)
            hint = msg("did_you_mean", self.lang, suggestion=guess) if guess else ""
        errors.append((path, msg("unknown_key", self.lang, hint=hint)))

    def _read_items(
        self, items: list[Q | Repeat], data: object, prefix: tuple[str, ...], shown: str, errors: Errors
    ) -> dict[str, Any] | None:
        if not isinstance(data, dict):
            errors.append((shown, msg("not_object", self.lang)))
            return None
        out: dict[str, Any] = {}
        for item in items:
            parts = parts_of(prefix, item.key)
            if not known(self.schema, parts):
                continue
            if isinstance(item, Repeat):
                if data.get(item.key) is not None:
                    if data[item.key]:
                        self._one_form(item, data, shown, errors)
                    found = self._read_list(item, data[item.key], parts, f"{shown}.{item.key}", errors)
                    if found:
                        out[item.key] = found
                continue
            try:
                value = convert(item, get(data, item.key), self.lang, self.id_pattern, self.node(parts))
            except Invalid as exc:
                errors.append((f"{shown}.{item.key}", str(exc)))
                continue
            if value is not None:
                put(out, item.key, value)
        self._unknown_keys(data, items, prefix, shown, errors)
        return out

    def _one_form(self, repeat: Repeat, data: dict[str, Any], shown: str, errors: Errors) -> None:
        """A list that replaces other keys (the budget's yearly table) given with them: refused."""
        given = [key for key in repeat.unless if data.get(key) is not None]
        if given:
            keys = " / ".join(repeat.unless)
            errors.append((f"{shown}.{repeat.key}", msg("both_forms", self.lang, keys=keys)))

    def _unknown_keys(
        self, data: dict[str, Any], items: list[Q | Repeat], prefix: tuple[str, ...], shown: str, errors: Errors
    ) -> None:
        asked: dict[str, list[str]] = {}
        for item in items:
            if known(self.schema, parts_of(prefix, item.key)):
                head, _, rest = item.key.partition(".")
                asked.setdefault(head, []).append(rest)
        for key, value in data.items():
            if key not in asked:
                self._unknown(errors, f"{shown}.{key}", asked)
            elif any(asked[key]) and isinstance(value, dict):
                subs = {r.split(".")[0] for r in asked[key] if r}
                for sub in value:
                    if sub not in subs:
                        self._unknown(errors, f"{shown}.{key}.{sub}", subs)

    def _read_list(
        self, repeat: Repeat, data: object, prefix: tuple[str, ...], shown: str, errors: Errors
    ) -> list[dict[str, Any]] | None:
        if not isinstance(data, list):
            errors.append((shown, msg("not_mapping", self.lang)))
            return None
        out = []
        unique = unique_key(repeat)
        seen: dict[object, int] = {}
        for index, item in enumerate(data):
            value = self._read_items(repeat.items, item, prefix + ("[]",), f"{shown}[{index}]", errors)
            if not value:
                continue
            if unique and value.get(unique) is not None:
                if value[unique] in seen:
                    other = f"{shown}[{seen[value[unique]]}]"
                    errors.append((f"{shown}[{index}].{unique}", msg("duplicate_of", self.lang, other=other)))
                seen.setdefault(value[unique], index)
            out.append(value)
        return out


def as_text(value: object, lang: str = "fr") -> str:
    """An answer as a person reads and types it (oui, 2024-08-15, a choice by its words)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("oui" if value else "non") if lang == "fr" else ("yes" if value else "no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value in CHOICE_WORDS:
        return choice_word(value, lang)
    return str(value)


def parse_answers(raw: bytes, as_json: bool = False) -> tuple[object, list[Problem]]:
    """Answers given as bytes (a file, an upload): YAML with the loader's limits (nodes, depth,
    aliases), or strict JSON when ``as_json``; a value strict JSON refuses (``NaN``, ``1e400``)
    is read again as the YAML JSON also is, so that the answer is refused by its key. (The data
    read: a mapping, or what else the text holds; or None and the problems that stop it.)"""
    json_problem = None
    if as_json:
        data = parse_json(raw)
        if not isinstance(data, Problem):
            return data, []
        json_problem = data
    content, problems = decode(raw)
    if content is not None:
        doc, problems = load_text(content)
        if not problems or (len(problems) == 1 and problems[0].code == "yaml.not_mapping"):
            return doc.data, []
    return None, [json_problem] if json_problem else problems
