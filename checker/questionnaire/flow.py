"""The interview in a terminal (``conformite init`` without ``--answers``).

:class:`Questionnaire` asks every question of :data:`~checker.questionnaire.questions.SECTIONS`
through a prompt (questionary, on prompt_toolkit: :class:`PromptToolkit`): each answer is
checked as it is typed (:meth:`~checker.questionnaire.answers.Answers.answer`), the reason for a
refusal shown under the prompt, wrapped to the terminal's width; ``<`` goes back one question
(the answers given until then are replayed, :class:`_Replay`); a list is reviewed before it is
left (add, edit or remove an item); an applicability question cannot be skipped for an active
product.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from checker.foundation.wording import printable, shorten
from checker.reading.nearmiss import boolean_meant

from .answers import Answers, Invalid, Value, as_text, get, is_active, put
from .questions import Q, Repeat, choice_word, known, list_section, parts_of, recommended_methods, unique_key
from .words import msg

if TYPE_CHECKING:
    from prompt_toolkit import Application

BACK = "<"  # typed alone: back to the previous question


Validate = Callable[[str], bool | str]  # an answer typed -> True, or why it is refused


class Prompt(Protocol):
    """Where the questions are asked: a section's heading, a note, a question answered."""

    def heading(self, title: str) -> None: ...

    def note(self, text: str) -> None: ...

    def text(self, label: str, default: str, validate: Validate) -> str: ...


class Questionnaire(Answers):
    """The questions asked one by one (:meth:`ask`)."""

    active = True  # asking: whether the phases answered make the product active

    def ask(self, prefill: dict[str, Any], prompt: Prompt) -> dict[str, Any]:
        """Ask every question through ``prompt`` (``heading(title)``, ``note(text)`` and
        ``text(label, default, validate) -> str``); returns the declaration. ``<`` answered to a
        question goes back to the one before: the answers given until then are replayed without
        being shown (which questions come depends only on them), and that question is asked again
        with its previous answer ready to edit; so are the questions after it, as long as they
        are the same questions."""
        given: list[tuple[str, str]] = []  # (question, answer), in order
        ahead: list[tuple[str, str]] = []  # answers given beyond the question gone back to
        while True:
            replay = _Replay(prompt, given, ahead)
            try:
                return self._ask_all(prefill, replay)
            except _Back:
                given, ahead = replay.given, replay.ahead
                if given:
                    ahead.insert(0, given.pop())
                else:
                    prompt.note(msg("no_previous", self.lang))

    def _ask_all(self, prefill: dict[str, Any], prompt: Prompt) -> dict[str, Any]:
        out: dict[str, Any] = {"schema_version": 1}
        self.active = True
        for section in self.sections():
            prompt.heading(section.title[self.lang])
            default = prefill.get(section.key)
            value: object
            repeat = list_section(section)
            if repeat is not None:
                value = self._ask_list(repeat, default, (section.key,), section.key, prompt)
            else:
                value = self._ask_items(
                    section.items, default if isinstance(default, dict) else {}, (section.key,), prompt
                )
            if value not in (None, {}, []):
                out[section.key] = value
            if section.key == "startup":
                self.active = is_active(value, self.today)
        return out

    def _ask_items(
        self,
        items: list[Q | Repeat],
        prefill: dict[str, Any],
        prefix: tuple[str, ...],
        prompt: Prompt,
        taken: frozenset[object] = frozenset(),
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for item in items:
            parts = parts_of(prefix, item.key)
            if not known(self.schema, parts):
                continue
            if item.when and get(out, item.when) in (None, False):
                continue
            if isinstance(item, Repeat):
                if any(get(out, key) is not None for key in item.unless):
                    continue
                shown = ".".join(p for p in prefix if p != "[]") + "." + item.key
                listed = self._ask_list(item, prefill.get(item.key), parts, shown, prompt)
                if listed:
                    out[item.key] = listed
                continue
            value = self._ask_one(item, parts, get(prefill, item.key), prompt, taken if item.unique else frozenset())
            if value is not None:
                put(out, item.key, value)
        return out

    def _ask_one(
        self,
        question: Q,
        parts: tuple[str, ...],
        default: object,
        prompt: Prompt,
        taken: frozenset[object] = frozenset(),
    ) -> object:
        """One answer. Text answers start from the known value, editable; oui/non and choices show
        it in brackets and take it on an empty answer."""
        lang = self.lang
        required = question.required or bool(question.decides and self.active)
        label = self._label(question, default, required)
        editable = question.kind not in ("bool", "choice")

        def answer(raw: str) -> Value | None:
            return self.answer(question, raw, parts, self.active, taken)

        def validate(raw: str) -> bool | str:
            if not editable and not raw.strip() and default is not None:
                return True
            try:
                answer(raw)
            except Invalid as exc:
                return str(exc)
            return True

        while True:
            raw = prompt.text(label, as_text(default, lang) if editable else "", validate)
            if not editable and not raw.strip() and default is not None:
                return default
            try:
                return answer(raw)
            except Invalid:  # the prompt let it through (a plain input): ask again
                continue

    def _label(self, question: Q, default: object, required: bool) -> str:
        lang = self.lang
        label = question.fr if lang == "fr" else question.en
        if question.decides and required:
            label += msg("decides", lang, obligation=question.decides)
        if question.kind == "bool":
            label += " " + msg("yes_no", lang)
        if question.kind == "choice":
            label += " [" + " | ".join(choice_word(c, lang) for c in question.choices) + "]"
        if question.kind == "method":
            label += msg("method", lang, methods=" | ".join(recommended_methods()))
        if not required:
            label += " " + msg("skip", lang)
        if question.kind in ("bool", "choice") and default is not None:
            label += f" [{as_text(default, lang)}]"
        return label

    def _ask_list(
        self, repeat: Repeat, prefill: object, prefix: tuple[str, ...], shown: str, prompt: Prompt
    ) -> list[dict[str, Any]]:
        """The items of a list, reviewed before it is left: each round shows the list and asks
        whether to add an item (oui), end the list (non), edit or remove item N. Items already
        known (the product page's) start the list."""
        items = [dict(x) for x in prefill if isinstance(x, dict) and x] if isinstance(prefill, list) else []
        unique = unique_key(repeat)
        while True:
            if items:
                prompt.note(self._listing(shown, items))
            action, index = self._list_action(repeat, len(items), prompt)
            if action == "done":
                return items
            if action == "remove":
                del items[index]
                continue
            current = items[index] if action == "edit" else {}
            taken = frozenset(x.get(unique) for i, x in enumerate(items) if i != index) if unique else frozenset()
            value = self._ask_items(repeat.items, current, prefix + ("[]",), prompt, taken)
            if action == "add" and value:
                items.append(value)
            elif action == "edit":
                items[index : index + 1] = [value] if value else []

    def _listing(self, shown: str, items: list[dict[str, Any]]) -> str:
        lang = self.lang
        count = len(items)
        lines = [msg("listing", lang, key=shown, count=count, items=msg("item" if count == 1 else "items", lang))]
        lines += [f"  {n}. {_summary(item, lang)}" for n, item in enumerate(items, 1)]
        return "\n".join(lines)

    def _list_action(self, repeat: Repeat, count: int, prompt: Prompt) -> tuple[str, int]:
        lang = self.lang
        label = (repeat.fr if lang == "fr" else repeat.en) + " " + msg("list_menu" if count else "yes_no", lang)
        label += " [" + as_text(False, lang) + "]"

        def action(raw: str) -> tuple[str, int]:
            word = raw.strip().lower()
            meant = boolean_meant(word) if word else False
            if meant is not None:
                return ("add" if meant else "done"), -1
            found = re.fullmatch(r"(modifier|m|edit|e|supprimer|s|remove|r)\s*(\d{1,9})", word)
            if found and 1 <= int(found.group(2)) <= count:
                return ("edit" if found.group(1)[0] in "me" else "remove"), int(found.group(2)) - 1
            raise Invalid(msg("list_bad", lang, count=count) if count else msg("bool", lang))

        def validate(raw: str) -> bool | str:
            try:
                action(raw)
            except Invalid as exc:
                return str(exc)
            return True

        while True:
            try:
                return action(prompt.text(label, "", validate))
            except Invalid:  # the prompt let it through (a plain input): ask again
                continue


class _Back(Exception):
    """``<`` answered: the questionnaire goes back one question."""


class _Replay:
    """The prompt during one pass of the questionnaire: the answers already given are replayed
    without being shown, then questions are asked, each with the answer it had before going
    back as its default while the questions are the same; the last heading and notes passed
    during the replay are shown before the first question asked."""

    def __init__(self, prompt: Prompt, given: list[tuple[str, str]], ahead: list[tuple[str, str]]):
        self.prompt, self.given, self.ahead = prompt, given, ahead
        self.position = 0
        self.heading_due: str | None = None
        self.notes_due: list[str] = []

    def _replaying(self) -> bool:
        return self.position < len(self.given)

    def heading(self, title: str) -> None:
        if self._replaying():
            self.heading_due, self.notes_due = title, []
        else:
            self.prompt.heading(title)

    def note(self, text: str) -> None:
        if self._replaying():
            self.notes_due.append(text)
        else:
            self.prompt.note(text)

    def text(self, label: str, default: str, validate: Validate) -> str:
        if self._replaying():
            self.position += 1
            self.notes_due = []
            return self.given[self.position - 1][1]
        if self.heading_due is not None:
            self.prompt.heading(self.heading_due)
            self.heading_due = None
        for note in self.notes_due:
            self.prompt.note(note)
        self.notes_due = []
        before = self.ahead[0] if self.ahead and self.ahead[0][0] == label else None
        if before is None:
            self.ahead.clear()  # another question than before: the answers beyond no longer apply
        else:
            default = before[1]
        answer = self.prompt.text(label, default, lambda raw: True if raw.strip() == BACK else validate(raw))
        if answer.strip() == BACK:
            raise _Back  # this question's previous answer (in ahead) stays for when it comes again
        if before is not None:
            self.ahead.pop(0)
        self.given.append((label, answer))
        self.position += 1
        return answer


def _summary(item: object, lang: str) -> str:
    """One line for a list item: its first three answers, each cut to a few words."""
    values = [v for v in item.values() if not isinstance(v, dict | list)] if isinstance(item, dict) else [item]
    return " · ".join(str(shorten(as_text(v, lang), lang, 40)) for v in values[:3])


# --- the terminal ----------------------------------------------------------------------------


class PromptToolkit:
    """Questions in the terminal through questionary: validation as the answer is typed."""

    def __init__(self, lang: str):
        import questionary

        self.questionary = questionary
        self.lang = lang

    def heading(self, title: str) -> None:
        self.questionary.print(f"\n— {title} —", style="bold")

    def note(self, text: str) -> None:
        self.questionary.print(printable(text))

    def text(self, label: str, default: str, validate: Validate) -> str:
        def checked(raw: str) -> bool | str:  # the reason for a refusal, wrapped between words to the terminal's width
            verdict = validate(raw)
            if verdict is True:
                return True
            from prompt_toolkit.application.current import get_app

            return textwrap.fill(str(verdict), width=max(get_app().output.get_size().columns - 1, 20))

        question = self.questionary.text(printable(label), default=default, validate=checked, qmark="?")
        _wrap_refusals(question.application)
        answer = question.unsafe_ask()
        if answer is None:
            raise KeyboardInterrupt
        return answer


def _wrap_refusals(application: Application[Any]) -> None:
    """prompt_toolkit shows why an answer is refused on one line, cut at the terminal's edge:
    that line grows to the lines of the reason (and wraps again if the terminal narrows), so
    the whole suggestion can be read."""
    from prompt_toolkit.filters import to_filter
    from prompt_toolkit.layout.containers import Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    for container in application.layout.walk():
        if (
            isinstance(container, Window)
            and isinstance(container.content, FormattedTextControl)
            and getattr(container.content.text, "__qualname__", "").startswith("ValidationToolbar.")
        ):
            container.height = None
            container.wrap_lines = to_filter(True)
            container.dont_extend_height = to_filter(True)
