"""One declaration, read once, examined as of one or several dates: the checker's verdicts
(:class:`~checker.judging.evaluate.Evaluator`) next to the facts they came from (:func:`checker.judging.facts.prepare`),
for the committee tools (agenda, sheet, history). Nothing here recomputes a due date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.foundation.wording import printable
from checker.judging.evaluate import Evaluator
from checker.judging.facts import Facts, prepare
from checker.judging.model import DeclarationResult
from checker.reading.declarations import Loaded
from checker.reading.loader import Document


@dataclass
class Examined:
    shown: str  # the file as the user named it
    doc: Document | None
    result: DeclarationResult  # the checker's verdicts (status ``invalid`` when unreadable)
    facts: Facts | None  # None when invalid

    @property
    def data(self) -> dict[str, Any]:
        return _data(self.doc)

    def line(self, path: str) -> int:
        """The line of ``path`` in the declaration (1 when it was not read)."""
        return self.doc.locate(path)[0] if self.doc is not None else 1


def _data(doc: Document | None) -> dict[str, Any]:
    return doc.data if doc is not None and isinstance(doc.data, dict) else {}


def examine(evaluator: Evaluator, loaded: Loaded, with_facts: bool = True) -> Examined:
    """The verdicts and facts of ``loaded`` as of ``evaluator.as_of`` (facts left out unless
    ``with_facts``); a bug costs one file."""
    if loaded.problems or loaded.doc is None:
        return Examined(loaded.shown, loaded.doc, evaluator.invalid(loaded.shown, loaded.problems, loaded.doc), None)
    try:
        result = evaluator.check_document(loaded.doc, [], loaded.shown, validated=True)
        facts = None
        if with_facts and result.status != "invalid":
            facts = prepare(_data(loaded.doc), evaluator.as_of, evaluator.catalog.deadlines)
    except Exception as exc:  # a bug of ours must cost one file, not the run
        return Examined(loaded.shown, loaded.doc, evaluator.internal_error(loaded.shown, exc), None)
    return Examined(loaded.shown, loaded.doc, result, facts)


def title_of(data: dict[str, Any], fallback: str) -> str:
    found = data.get("startup")
    startup: dict[str, Any] = found if isinstance(found, dict) else {}
    title = startup.get("title")
    if isinstance(title, str) and title.strip():
        return printable(title.strip())
    sid = startup.get("id")
    return printable(sid) if isinstance(sid, str) else fallback
