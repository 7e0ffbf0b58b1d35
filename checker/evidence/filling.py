"""Filling an evidence store: what both sources (:mod:`checker.evidence.dashlord`,
:mod:`checker.evidence.probe`) share. The declarations read as ``check`` reads them (one
sentence per file left out), the ``--out`` directory made ready, each startup's document saved,
and every line said on standard error through :func:`tell` (one sentence each, the run goes on).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from checker.foundation import console
from checker.foundation.messages import register, text

from . import store

if TYPE_CHECKING:
    from checker.reading.problems import Problem

register(
    "evidence",
    {
        "dashlord_done": {
            "fr": "{files} ; {obs} pour {startups} dans {out}",
            "en": "{files}; {obs} for {startups} in {out}",
        },
        "undated": {
            "fr": "{undated} sur {total} : le résultat DashLord ne porte pas de date ; sans --observed-on AAAA-MM-JJ (la date de l'analyse), une observation non datée n'est qu'une note, jamais utilisée par check --evidence ; importez de nouveau avec cette option pour s'en servir",
            "en": "{undated} out of {total}: the DashLord result carries no date; without --observed-on YYYY-MM-DD (the date of the scan), an undated observation is only a note, never used by check --evidence; import again with that option to use them",
        },
        "unmapped": {
            "fr": "{url} : aucune startup (ni betaId dans la configuration, ni startup.link déclaré) ; résultats ignorés",
            "en": "{url}: no startup (no betaId in the configuration, no declared startup.link); results ignored",
        },
        "no_results": {
            "fr": "{path} : dossier de résultats DashLord introuvable",
            "en": "{path}: DashLord results directory not found",
        },
        "config": {"fr": "{detail}", "en": "{detail}"},
        "probe_done": {
            "fr": "{checked} ({cached} depuis le cache) ; {obs} pour {startups} dans {out}",
            "en": "{checked} ({cached} from the cache); {obs} for {startups} in {out}",
        },
        "probe_interrupted": {
            "fr": "sonde interrompue : {written} dans {out} (les autres inchangés), cache des réponses enregistré",
            "en": "probe interrupted: {written} in {out} (the others unchanged), answer cache saved",
        },
        "no_declarations": {
            "fr": "aucune déclaration lisible dans {paths}",
            "en": "no readable declaration in {paths}",
        },
        "declaration": {"fr": "{sentence} ; déclaration ignorée", "en": "{sentence}; declaration skipped"},
        "too_many_urls": {
            "fr": "« {startup} » : {count} adresses déclarées, seules les {limit} premières sont vérifiées",
            "en": "“{startup}”: {count} addresses declared, only the first {limit} are checked",
        },
        "cache": {
            "fr": "{sentence} ; cache des réponses ignoré (il sera réécrit)",
            "en": "{sentence}; answer cache ignored (it will be rewritten)",
        },
        "cache_write": {
            "fr": "{path} : cache des réponses non enregistré ({detail})",
            "en": "{path}: answer cache not saved ({detail})",
        },
        "store": {"fr": "{detail}", "en": "{detail}"},
        "out_not_dir": {
            "fr": "--out {out} : ce n'est pas un dossier ; indiquez un dossier (créé s'il n'existe pas)",
            "en": "--out {out}: not a directory; give a directory (created if it does not exist)",
        },
        "out_unusable": {
            "fr": "--out {out} : dossier inutilisable ({detail})",
            "en": "--out {out}: directory unusable ({detail})",
        },
        "concurrency": {
            "fr": "--concurrency {value} : attendu un nombre de requêtes simultanées entre {low} et {high}",
            "en": "--concurrency {value}: expected a number of simultaneous requests from {low} to {high}",
        },
        "timeout": {
            "fr": "--timeout {value} : attendu un nombre de secondes supérieur à 0 et d'au plus {high}",
            "en": "--timeout {value}: expected a number of seconds above 0 and at most {high}",
        },
        "retries": {
            "fr": "--retries {value} : attendu un nombre de nouvelles tentatives entre {low} et {high}",
            "en": "--retries {value}: expected a number of further attempts from {low} to {high}",
        },
        "cache_hours": {
            "fr": "--cache-hours {value} : attendu un nombre d'heures entre {low} et {high}",
            "en": "--cache-hours {value}: expected a number of hours from {low} to {high}",
        },
        "located": {"fr": "{where}:{line}:{column} : {what}", "en": "{where}:{line}:{column}: {what}"},
    },
)


# every line the evidence commands write on standard error: the one stderr writer, which cleans
# terminal escapes and writes a line break in a value out (a URL, a file name, an id read from a file)
tell = console.say


def say(lang: str, key: str, /, **params: object) -> None:
    tell(text(f"evidence.{key}", lang, **params))


def located(where: str | Path, problem: Problem, lang: str) -> str:
    """One sentence for a file's :class:`~checker.reading.problems.Problem`: ``where:line:column : what``."""
    from checker.judging.evaluate import render_problem

    return text(
        "evidence.located",
        lang,
        where=where,
        line=problem.line,
        column=problem.column,
        what=render_problem(problem, lang),
    )


def read_declarations(paths: Iterable[str], lang: str) -> tuple[list[dict], list[str]]:
    """The data of every declaration under ``paths`` read as ``check`` reads it
    (:func:`checker.reading.declarations.load`: the guarded loader, the declaration schema and its id rule);
    one sentence (``file:line:column : what ; skipped``) per file left out."""
    from checker.reading.declarations import collect, load

    found, said = [], []
    for shown, target in collect(paths):
        loaded = load(shown, target)
        if loaded.problems or loaded.doc is None or not isinstance(loaded.doc.data, dict):
            first = min(loaded.problems, key=lambda p: p.sort_key()) if loaded.problems else None
            said.append(
                text(
                    "evidence.declaration", lang, sentence=located(loaded.shown, first, lang) if first else loaded.shown
                )
            )
            continue
        found.append(loaded.doc.data)
    return found, said


def out_dir(args: argparse.Namespace) -> Path | None:
    """``--out``, made when it does not exist; None (its sentence said) when it is not a directory."""
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        say(args.lang, "out_not_dir", out=args.out)
        return None
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from checker.foundation.wording import system_error

        say(args.lang, "out_unusable", out=args.out, detail=system_error(exc).shown(args.lang))
        return None
    return out


def save(out: Path, startup: str, observations: list[dict], kind: str, lang: str) -> bool:
    """One startup's document written; False (its sentence said) when it cannot be."""
    try:
        store.save(out, startup, observations, replace_kind=kind)
    except store.StoreError as exc:
        tell(exc.text(lang))
        return False
    return True
