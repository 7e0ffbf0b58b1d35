"""The self-assessment form (``/declarer``): the questionnaire of ``conformite init`` as a web
form, read and written by the questionnaire's own code (:mod:`checker.questionnaire`).

- :func:`layout`: the sections, questions and lists of
  :data:`~checker.questionnaire.questions.SECTIONS` as the template shows them (label, format,
  why it is asked and the obligations that read it, choices by their words, the sibling answer
  a question waits for);
- a *draft* is what the form holds: a flat mapping ``{field name: text as typed}``, a field
  named by its path with its items' indexes (``startup.phases[0].start``,
  ``committees[1].indicators[0].result``). :func:`nest` makes it the declaration-shaped answers
  that ``init --answers`` reads, and :func:`flatten` makes a declaration (an uploaded file, a
  portfolio's) a draft;
- :func:`check`: each answer read as ``init`` reads it (:meth:`Answers.from_answers`, the same
  parsing and near-miss hints), refusals by field, and what each accepted answer is written as;
- :func:`written`: the commented YAML ``init`` writes for those answers
  (:func:`checker.questionnaire.writer.render`), byte for byte;
- :func:`findings`: what the JSON report of that YAML (``POST /api/check``'s evaluation) says,
  for the panel beside the form.

The server keeps nothing: the draft lives in the browser (``localStorage``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from checker.foundation.messages import text
from checker.foundation.wording import counted

from ..questionnaire.answers import Answers, Invalid, convert, empty, get, is_active
from ..questionnaire.questions import LIST_WORDS, Q, Repeat, choice_word, parts_of_path, reason, recommended_methods
from ..questionnaire.words import msg
from ..questionnaire.writer import render

if TYPE_CHECKING:
    from checker.judging.rules import Catalog

MAX_FIELDS = 5000  # answers in one draft, at most
MAX_INDEX = 999  # the last index of a list (an index has three digits)
MAX_ITEMS = 10_000  # list items in one draft, all lists together
NAME = re.compile(r"[a-z_][a-z0-9_]*(\[\d{1,3}\])?(\.[a-z_][a-z0-9_]*(\[\d{1,3}\])?)*")
INDEX = re.compile(r"\[\d+\]")
INPUTS = {"int": "numeric", "number": "decimal", "url": "url", "urls": "url"}  # inputmode by kind
BOOL_VALUES = ("true", "false", "")  # the radio buttons of a yes/no question (oui, non, no answer)


@dataclass
class Field:
    """One question as the form shows it."""

    key: str  # within its section or item (final_report.sent_on)
    path: str  # committees[].date
    kind: str
    label: str
    hint: str  # how to write the answer
    why: str
    obligations: list[str]  # "id — title (article)"
    choices: list[tuple[str, str]] = field(default_factory=list)  # (value, words)
    when: str | None = None  # the sibling key this question waits for
    required: bool = False
    inputmode: str = "text"


@dataclass
class ListOf:
    """A list of items (phases, committees…) as the form shows it: each item answers ``items``."""

    key: str  # "" for a section that is a list
    path: str
    title: str
    item: str  # one item's name ("Phase"), numbered in the form
    add: str  # the button that adds one
    why: str
    obligations: list[str]
    items: list[Field | ListOf]
    when: str | None = None
    unless: tuple[str, ...] = ()  # not asked while one of these sibling keys is answered


@dataclass
class Part:
    """A section of the form."""

    key: str
    title: str
    comment: str
    items: list[Field | ListOf]


def questions(lang: str, today: dt.date | None = None) -> Answers:
    return Answers(lang, today=today)


def layout(quiz: Answers, catalog: Catalog) -> list[Part]:
    """Every section this schema knows, its questions and lists, in the order ``init`` asks them."""
    asked = quiz.asked()
    parts = []
    for section in quiz.sections():
        items = _items(quiz, catalog, section.items, section.key, asked)
        parts.append(Part(section.key, section.title[quiz.lang], section.comment[quiz.lang], items))
    return parts


def _items(
    quiz: Answers, catalog: Catalog, items: list[Q | Repeat], prefix: str, asked: dict[str, Q | Repeat]
) -> list[Field | ListOf]:
    found: list[Field | ListOf] = []
    for item in items:
        path = f"{prefix}.{item.key}" if item.key else prefix
        if path not in asked:
            continue
        obligations, why = reason(path, quiz.lang)
        named = [_obligation(catalog, oid, quiz.lang) for oid in obligations]
        if isinstance(item, Repeat):
            title, one, add = LIST_WORDS[path][quiz.lang]
            inner = _items(quiz, catalog, item.items, path + "[]", asked)
            found.append(ListOf(item.key, path, title, one, add, why, named, inner, item.when, item.unless))
            continue
        label = item.fr if quiz.lang == "fr" else item.en
        choices = [(c, choice_word(c, quiz.lang)) for c in item.choices]
        hint = _hint(item, quiz.lang)
        found.append(
            Field(item.key, path, item.kind, label, hint, why, named, choices, item.when, item.required,
                  INPUTS.get(item.kind, "text"))
        )  # fmt: skip
    return found


def _obligation(catalog: Catalog, oid: str, lang: str) -> str:
    obligation = catalog.obligation(oid)
    return f"{oid} — {obligation.title[lang]} ({obligation.article[lang]})"


def _hint(question: Q, lang: str) -> str:
    """How to write the answer (a format, a list to choose from), and whether it is required."""
    kind = question.kind
    if kind == "method":
        hint = msg("hint.method", lang, methods=", ".join(recommended_methods()))
    elif f"hint.{kind}" in _HINTED:
        hint = msg(f"hint.{kind}", lang)
    else:
        hint = ""
    if question.required:
        hint = (hint + " " if hint else "") + msg("hint.required", lang)
    return hint


_HINTED = {"hint.date", "hint.int", "hint.number", "hint.url", "hint.urls", "hint.licence", "hint.id"}


# --- drafts --------------------------------------------------------------------------------


class BadDraft(ValueError):
    """A draft that is not a mapping of field names to texts (said in one sentence)."""


def draft(data: object, lang: str) -> dict[str, str]:
    """The draft a request sent (``{"answers": {name: text}}``), its shape checked: at most
    :data:`MAX_FIELDS` answers, each named by a field's path, each a text, and at most
    :data:`MAX_ITEMS` list items in all."""
    answers = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(answers, dict) or len(answers) > MAX_FIELDS:
        raise BadDraft(text("web.form.error.draft", lang, limit=MAX_FIELDS))
    lists: dict[str, int] = {}  # each list (its path with its items' indexes) -> its length
    for name, value in answers.items():
        if not (isinstance(name, str) and len(name) <= 300 and NAME.fullmatch(name) and isinstance(value, str)):
            raise BadDraft(text("web.form.error.draft", lang, limit=MAX_FIELDS))
        for index in INDEX.finditer(name):
            at = name[: index.start()]
            lists[at] = max(lists.get(at, 0), int(index.group()[1:-1]) + 1)
    if sum(lists.values()) > MAX_ITEMS:  # [999] in a thousand lists would make a million items
        raise BadDraft(text("web.form.error.items", lang, limit=MAX_ITEMS))
    return answers


def nest(flat: dict[str, str]) -> dict:
    """The declaration-shaped answers of a draft (``committees[1].date`` -> ``{"committees":
    [{}, {"date": …}]}``). A name that would make a text a mapping (or the reverse) is left out:
    the form never sends one."""
    root: dict = {}
    for name, value in flat.items():
        _place(root, name.split("."), value)
    return root


def _place(node: dict, segments: list[str], value: str) -> None:
    for position, segment in enumerate(segments):
        key, _, index = segment.partition("[")
        last = position == len(segments) - 1
        if index:
            items = node.setdefault(key, [])
            number = int(index[:-1])
            if not isinstance(items, list):
                return
            items.extend({} for _ in range(number + 1 - len(items)))
            if last:
                return  # a list item is a mapping of answers, never one text
            node = items[number]
        elif last:
            if key not in node:
                node[key] = value
            return
        else:
            node = node.setdefault(key, {})
        if not isinstance(node, dict):
            return


def flatten(quiz: Answers, data: dict[str, Any]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """A declaration (or answers) as a draft, question by question; and what the form cannot
    hold, with why: keys no question asks (``exemptions``, ``convention.termination``…), and
    yes/no or choice answers the questions refuse (a text answer is kept as written, and shown
    refused at its field). :class:`TooLarge` for a list longer than a form's."""
    flat: dict[str, str] = {}
    dropped: list[tuple[str, str]] = []
    for section in quiz.sections():
        value = data.get(section.key)
        if value is not None:
            _flatten_items(quiz, section.items, value, section.key, section.key, flat, dropped)
    _, errors = quiz.from_answers(data)
    asked = quiz.asked()
    for path, message in errors:  # keys no question asks, shapes no question reads
        if INDEX.sub("[]", path) not in asked:
            dropped.append((path, message))
    return flat, dropped


def _flatten_items(
    quiz: Answers,
    items: list[Q | Repeat],
    data: object,
    prefix: str,
    name: str,
    flat: dict[str, str],
    dropped: list[tuple[str, str]],
) -> None:
    """``data`` answers ``items`` (under the question path ``prefix``, the field name ``name``)."""
    if len(items) == 1 and isinstance(items[0], Repeat) and items[0].key == "":  # a section that is a list
        _flatten_list(quiz, items[0], data, prefix, name, flat, dropped)
        return
    if not isinstance(data, dict):
        return
    for item in items:
        path, field_name = f"{prefix}.{item.key}", f"{name}.{item.key}"
        value = data.get(item.key) if isinstance(item, Repeat) else get(data, item.key)
        if value is None:
            continue
        if isinstance(item, Repeat):
            _flatten_list(quiz, item, value, path, field_name, flat, dropped)
            continue
        shown = _as_typed(quiz, item, value, path)
        if shown is None:
            message = _refusal(quiz, item, value, path)
            dropped.append((field_name, message))
        elif shown:
            flat[field_name] = shown


class TooLarge(ValueError):
    """A declaration with more than the form holds: a list of over ``MAX_INDEX + 1`` items."""


def _flatten_list(
    quiz: Answers,
    repeat: Repeat,
    data: object,
    path: str,
    name: str,
    flat: dict[str, str],
    dropped: list[tuple[str, str]],
) -> None:
    if not isinstance(data, list):
        return
    if len(data) > MAX_INDEX + 1:
        raise TooLarge(name)
    for index, item in enumerate(data):
        _flatten_items(quiz, repeat.items, item, path + "[]", f"{name}[{index}]", flat, dropped)


def _as_typed(quiz: Answers, question: Q, value: object, path: str) -> str | None:
    """A declared value as the form holds it: a yes/no as its radio's value, a choice by its id
    (None when the questions refuse it: those fields cannot show it), anything else as text."""
    if question.kind in ("bool", "choice"):
        try:
            read = convert(question, value, quiz.lang, quiz.id_pattern, quiz.node(parts_of_path(path)))
        except Invalid:
            return None
        if question.kind == "bool":
            return "" if read is None else ("true" if read else "false")
        return read if isinstance(read, str) else ""  # a choice: its id
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict | bool):
        return str(value).lower() if isinstance(value, bool) else None
    return str(value)


def _refusal(quiz: Answers, question: Q, value: object, path: str) -> str:
    try:
        convert(question, value, quiz.lang, quiz.id_pattern, quiz.node(parts_of_path(path)))
    except Invalid as exc:
        return str(exc)
    return msg("text", quiz.lang)  # a mapping where a text was expected


# --- reading a draft -----------------------------------------------------------------------


def declaration(quiz: Answers, flat: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The declaration ``init --answers`` makes of the draft's answers, and the refused ones by
    field name (the first refusal of each; ``startup.id`` refused when missing, as ``init``
    refuses a file without it)."""
    decl, errors = quiz.from_answers(nest(flat))
    refused: dict[str, str] = {}
    for path, message in errors:
        refused.setdefault(path, message)
    if get(decl, "startup.id") is None:
        refused.setdefault("startup.id", msg("required", quiz.lang))
    return decl, refused


def check(quiz: Answers, flat: dict[str, str]) -> dict[str, Any]:
    """What the form shows beside each field: ``errors`` (name -> why it is refused, as
    ``init`` says it), ``written`` (name -> the value the file will hold, when it differs from
    what was typed: ``15/08/2024`` -> ``2024-08-15``), ``undeclared`` (the applicability
    questions an active product left unanswered) and ``active``."""
    decl, refused = declaration(quiz, flat)
    asked = quiz.asked()
    shown: dict[str, str] = {}
    for name, raw in flat.items():
        path = INDEX.sub("[]", name)
        question = asked.get(path)
        if not isinstance(question, Q) or name in refused or empty(raw):
            continue
        try:
            value = convert(question, raw, quiz.lang, quiz.id_pattern, quiz.node(parts_of_path(path)))
        except Invalid:
            continue
        as_written = _written(value)
        if as_written != raw.strip():
            shown[name] = as_written
    return {
        "errors": refused,
        "written": shown,
        "undeclared": [key for key, _ in quiz.undeclared(decl)],
        "active": is_active(decl.get("startup"), quiz.today),
    }


def _written(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def file_name(decl: dict[str, Any]) -> str:
    """The file ``init`` writes when no ``--output`` is given: ``<startup.id>.yaml``."""
    return f"{get(decl, 'startup.id')}.yaml"


def written(quiz: Answers, decl: dict[str, Any]) -> str:
    """The commented YAML ``init`` writes for this declaration, today."""
    return render(decl, quiz.lang, file_name(decl), quiz.today, quiz.schema)


def ident(name: str) -> str:
    """The id of a field's element in the page (``startup.phases[0].name`` ->
    ``f-startup-phases-0-name``), as the template and the page's script make it."""
    return "f-" + name.replace(".", "-").replace("[", "-").replace("]", "")


# --- findings ------------------------------------------------------------------------------


@dataclass
class Finding:
    obligation: str
    title: str
    outcome: str  # fail | warn
    outcome_words: str
    cause: str | None
    cause_words: str
    message: str
    path: str
    field: str | None  # the form's field (or list) the finding points to
    anchor: str | None  # its element's id in the page
    due_on: str | None


def findings(report: dict[str, Any], catalog: Catalog, lang: str, names: dict[str, Q | Repeat]) -> dict[str, Any]:
    """The panel's content from a JSON report of one declaration: its status, and each
    finding that is a problem (fail, then warn), pointing to its field when the form has it
    (``names``: the form's questions and lists by path, with ``[]`` for items)."""
    decl = report["declarations"][0]
    found = []
    for item in decl["findings"]:
        if item["outcome"] not in ("fail", "warn"):
            continue
        path = item.get("path") or ""
        asked = names.get(INDEX.sub("[]", path))
        target = path if asked is not None else None
        anchor = None if asked is None else ident(path) + ("-list" if isinstance(asked, Repeat) else "")
        if isinstance(asked, Q) and asked.kind == "bool":
            anchor = ident(path) + "-group"
        cause = item.get("cause")
        found.append(
            Finding(
                item["obligation"], catalog.obligation(item["obligation"]).title[lang], item["outcome"],
                text(f"verdict.{item['outcome']}", lang), cause, text(f"cause.{cause}", lang) if cause else "",
                item["message"], path, target, anchor, item.get("due_on"),
            )
        )  # fmt: skip
    found.sort(key=lambda f: f.outcome != "fail")
    status = decl["status"]
    summary = text(
        "web.form.findings.summary", lang, status=text(f"status.{status}", lang),
        findings=counted(len(found), "web.form.count.findings", lang),
    )  # fmt: skip
    errors = [e["message"] for e in decl.get("errors", [])]
    return {"status": status, "summary": summary, "findings": found, "errors": errors, "as_of": report["as_of"]}
