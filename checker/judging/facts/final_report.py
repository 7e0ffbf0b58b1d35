"""final-report (Art. 4): at the term (the earlier of ``ends_on`` and the termination's
``effective_on``), DINUM's account of expenses, progress and forecast; a report dated after the
as-of date counts as not sent yet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._common import Facts, held_by, section, term

FACTS: dict[str, str] = {
    "final_report_applies": "bool",
    "final_report_term": "date",
    "final_report_sent": "bool",
    "final_report_false_items": "int",
    "final_report_undeclared_items": "int",
}
DISPLAY: frozenset[str] = frozenset(
    {
        "final_report_sent_on",
        "final_report_false_keys",
        "final_report_undeclared_keys",
        "final_report_first_false",
        "final_report_first_undeclared",
    }
)
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "final_report_applies": {
        "fr": ("le rapport final est dû (terme atteint)", "le rapport final n'est pas encore dû"),
        "en": ("the final report is due (term reached)", "the final report is not due yet"),
    },
    "final_report_term": {"fr": "le terme de la convention", "en": "the convention's term"},
    "final_report_sent": {
        "fr": ("l'envoi du rapport final est déclaré", "aucun envoi du rapport final n'est déclaré"),
        "en": ("sending the final report is declared", "no sending of the final report is declared"),
    },
    "final_report_false_items": {
        "fr": "le nombre de volets du rapport final déclarés absents",
        "en": "the number of final-report parts declared missing",
    },
    "final_report_undeclared_items": {
        "fr": "le nombre de volets du rapport final non déclarés",
        "en": "the number of final-report parts not declared",
    },
}
ITEMS = ("expenses", "progress", "forecast")


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    v, show = facts.values, facts.display
    convention = section(data, "convention")
    ends = term(convention)
    v["final_report_applies"] = ends is not None and ends <= as_of
    if ends is None:
        return
    v["final_report_term"] = ends
    report = section(convention, "final_report")
    sent_on = held_by(report.get("sent_on"), as_of)
    v["final_report_sent"] = sent_on is not None
    if sent_on is None:
        return
    show["final_report_sent_on"] = sent_on.isoformat()
    false = [k for k in ITEMS if report.get(k) is False]
    undeclared = [k for k in ITEMS if report.get(k) is None]
    v["final_report_false_items"] = len(false)
    v["final_report_undeclared_items"] = len(undeclared)
    show["final_report_false_keys"] = ", ".join(false)
    show["final_report_undeclared_keys"] = ", ".join(undeclared)
    if false:
        show["final_report_first_false"] = false[0]
    if undeclared:
        show["final_report_first_undeclared"] = undeclared[0]
