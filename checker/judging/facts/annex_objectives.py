"""annex-objectives (Annex 1): where each quantified objective stands as of the as-of date:
reached (when first, at what value), missed (the value at its due date), off track (the exact
straight-line forecast through the last two measurements misses the target at ``due_on``),
unmeasured, or incomplete (no target or due date). Only measurements on or before the as-of
date count. Each kind gives a count, the index of its first objective, and a sentence per
objective in French and English for the message."""

from __future__ import annotations

import datetime as dt
import functools
from fractions import Fraction
from typing import Any

from checker.foundation.dates import parse_date
from checker.foundation.messages import register
from checker.foundation.messages import text as message
from checker.foundation.wording import number as number_text
from checker.foundation.wording import shorten

from ._common import Facts, PerLanguage, held_by, items, number, text

KINDS = ("unmeasured", "incomplete", "missed", "off_track")
FACTS: dict[str, str] = {
    "objective_count": "int",
    **{f"objectives_{kind}": "int" for kind in KINDS},
    "objectives_missed_due": "date",
    "objectives_off_track_due": "date",
}
DISPLAY: frozenset[str] = frozenset(
    {f"first_{kind}_objective_index" for kind in KINDS}
    | {f"objectives_{kind}_list" for kind in KINDS}
    | {"objectives_reached_note"}
)
# what each fact means, in words (conformite rules, explain, docs/rules.md): a bool fact as its
# statement when true and when false, any other fact as a noun phrase
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "objective_count": {"fr": "le nombre d'objectifs de l'annexe", "en": "the number of annex objectives"},
    "objectives_unmeasured": {
        "fr": "le nombre d'objectifs sans mesure",
        "en": "the number of objectives without a measurement",
    },
    "objectives_incomplete": {
        "fr": "le nombre d'objectifs sans cible ou sans échéance",
        "en": "the number of objectives without a target or a due date",
    },
    "objectives_missed": {
        "fr": "le nombre d'objectifs manqués à leur échéance",
        "en": "the number of objectives missed at their due date",
    },
    "objectives_off_track": {
        "fr": "le nombre d'objectifs dont la tendance manque la cible",
        "en": "the number of objectives whose trend misses the target",
    },
    "objectives_missed_due": {
        "fr": "l'échéance du premier objectif manqué",
        "en": "the due date of the first missed objective",
    },
    "objectives_off_track_due": {
        "fr": "l'échéance du premier objectif hors trajectoire",
        "en": "the due date of the first off-track objective",
    },
}

# sentences a coach can repeat, in both languages
register(
    "objectives",
    {
        "missed": {
            "fr": "« {label} » : cible {target} au {due} manquée ({value} le {on})",
            "en": "'{label}': target {target} by {due} missed ({value} on {on})",
        },
        "missed_none": {
            "fr": "« {label} » : cible {target} au {due} manquée (aucune mesure déclarée à l'échéance)",
            "en": "'{label}': target {target} by {due} missed (no measurement declared by then)",
        },
        "off_track": {
            "fr": "« {label} » : à ce rythme : {forecast} au {due}, cible {target}",
            "en": "'{label}': at this pace: {forecast} on {due}, target {target}",
        },
        "unmeasured": {
            "fr": "« {label} » : aucune mesure déclarée au {as_of}",
            "en": "'{label}': no measurement declared as of {as_of}",
        },
        "incomplete": {"fr": "« {label} » : {missing} à préciser", "en": "'{label}': {missing} to be given"},
        "reached": {
            "fr": "« {label} » : cible {target} atteinte le {on} ({value})",
            "en": "'{label}': target {target} reached on {on} ({value})",
        },
        "reached_note": {"fr": " Déjà atteints : {list}.", "en": " Already reached: {list}."},
        "at_most": {"fr": "{target} au plus", "en": "at most {target}"},
        "and": {"fr": " et ", "en": " and "},
        "sep": {"fr": " ; ", "en": "; "},
        "item": {"fr": "objectif n° {n}", "en": "objective no. {n}"},
    },
)
Measure = tuple[dt.date, Fraction]
Item = tuple[int, "dt.date | None", dict[str, Any]]  # (index, due date, what its sentence shows)


def quantity(value: Fraction, lang: str) -> str:
    """19200 as 19 200 (fr) or 19,200 (en), at most two decimals: the one way numbers are
    written (:func:`checker.foundation.wording.number`)."""
    return number_text(value, lang, places=2)


def latest(counted: list[Measure], before: dt.date | None = None, upto: dt.date | None = None) -> Measure | None:
    """The latest measurement (strictly before ``before`` / on or before ``upto`` when given);
    on a day with several, the one listed last."""
    found: Measure | None = None
    for day, value in counted:
        if (before is None or day < before) and (upto is None or day <= upto) and (found is None or day >= found[0]):
            found = (day, value)
    return found


def off_track(counted: list[Measure], target: Fraction, due: dt.date, decrease: bool) -> Fraction | None:
    """The forecast at ``due`` when it misses the target (computed exactly as the spec states), else None."""
    last = latest(counted)
    earlier = latest(counted, before=last[0]) if last else None
    if last is None or earlier is None:
        return None  # no forecast from a single day
    (d1, v1), (d2, v2) = earlier, last
    span, ahead = (d2 - d1).days, (due - d2).days
    left = v2 * span + (v2 - v1) * ahead
    misses = (left > target * span) if decrease else (left < target * span)
    return Fraction(left, span) if misses else None


def _standing(objective: dict[str, Any], as_of: dt.date) -> tuple[str, dict[str, Any]] | None:
    """(kind, sentence fields) of one objective: a kind of KINDS, ``reached``, or None (on track)."""
    target, due = number(objective.get("target")), parse_date(objective.get("due_on"))
    decrease = objective.get("direction") == "decrease"
    counted: list[Measure] = []
    for m in items(objective.get("measurements")):
        day, value = held_by(m.get("on"), as_of), number(m.get("value"))
        if day is not None and value is not None:
            counted.append((day, value))
    base = {"due": due.isoformat() if due else "", "as_of": as_of.isoformat(), "target": target, "decrease": decrease}
    if not counted:
        return "unmeasured", base
    if target is None or due is None:
        return "incomplete", dict(base, missing=[k for k, x in (("target", target), ("due_on", due)) if x is None])
    hits = [(day, value) for day, value in counted if day <= due and (value <= target if decrease else value >= target)]
    if hits:
        return "reached", dict(base, at=min(hits, key=lambda hit: hit[0]))
    if due < as_of:
        return "missed", dict(base, at_due=latest(counted, upto=due))
    forecast = off_track(counted, target, due, decrease)
    return ("off_track", dict(base, forecast=forecast)) if forecast is not None else None


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    v, show = facts.values, facts.display
    found = data.get("objectives")
    objectives = [o for o in found if isinstance(o, dict)] if isinstance(found, list) else []
    v["objective_count"] = len(objectives)
    by_kind: dict[str, list[Item]] = {kind: [] for kind in (*KINDS, "reached")}
    for index, objective in enumerate(objectives):
        standing = _standing(objective, as_of)
        if standing is not None:
            kind, fields = standing
            fields.update(label=text(objective.get("label")) or text(objective.get("id")), n=index + 1)
            by_kind[kind].append((index, parse_date(objective.get("due_on")), fields))
    for kind in KINDS:
        concerned = by_kind[kind]
        v[f"objectives_{kind}"] = len(concerned)
        if not concerned:
            continue
        show[f"first_{kind}_objective_index"] = concerned[0][0]
        dues = [due for _, due, _ in concerned if due is not None]
        if dues and kind in ("missed", "off_track"):
            v[f"objectives_{kind}_due"] = min(dues)
        # texts composed only when a message names them, in its language
        show[f"objectives_{kind}_list"] = PerLanguage(functools.partial(sentences, kind, concerned))
    reached = by_kind["reached"]  # context for the findings about the others
    show["objectives_reached_note"] = PerLanguage(functools.partial(_reached_note, reached))


def _reached_note(reached: list[Item], lang: str) -> str:
    return message("objectives.reached_note", lang, list=sentences("reached", reached, lang)) if reached else ""


def sentences(kind: str, concerned: list[Item], lang: str) -> str:
    out = []
    for _, _, base in concerned:
        fill = dict(base)
        fill["label"] = shorten(base["label"], lang) if base["label"] else message("objectives.item", lang, n=base["n"])
        if base["target"] is not None:
            target = quantity(base["target"], lang)
            fill["target"] = message("objectives.at_most", lang, target=target) if base["decrease"] else target
        if kind == "missed" and base["at_due"] is None:
            out.append(message("objectives.missed_none", lang, **fill))
            continue
        if kind == "missed" or kind == "reached":
            day, value = base["at_due"] if kind == "missed" else base["at"]
            fill["value"], fill["on"] = quantity(value, lang), day.isoformat()
        elif kind == "off_track":
            fill["forecast"] = quantity(base["forecast"], lang)
        elif kind == "incomplete":
            fill["missing"] = message("objectives.and", lang).join(base["missing"])
        out.append(message(f"objectives.{kind}", lang, **fill))
    return message("objectives.sep", lang).join(out)
