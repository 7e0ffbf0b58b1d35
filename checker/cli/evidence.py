"""``conformite evidence dashlord|probe``: fill an evidence store. Problems are one sentence
each on standard error (every one through :func:`tell`) and the run goes on; exit 2 only when
an option is wrong or nothing usable was given."""

from __future__ import annotations

import math
from pathlib import Path

from checker.evidence import store
from checker.foundation import console
from checker.foundation.messages import counted, number

MSG = {
    "fr": {
        "dashlord_done": "{files} ; {obs} pour {startups} dans {out}",
        "undated": "{undated} sur {total} : le résultat DashLord ne porte pas de date ; sans --observed-on AAAA-MM-JJ (la date de l'analyse), une observation non datée n'est qu'une note, jamais utilisée par check --evidence ; importez de nouveau avec cette option pour s'en servir",
        "unmapped": "{url} : aucune startup (ni betaId dans la configuration, ni startup.link déclaré) ; résultats ignorés",
        "no_results": "{path} : dossier de résultats DashLord introuvable",
        "config": "{detail}",
        "probe_done": "{checked} ({cached} depuis le cache) ; {obs} pour {startups} dans {out}",
        "probe_interrupted": "sonde interrompue : {written} dans {out} (les autres inchangés), cache des réponses enregistré",
        "no_declarations": "aucune déclaration lisible dans {paths}",
        "declaration": "{sentence} ; déclaration ignorée",
        "too_many_urls": "« {startup} » : {count} adresses déclarées, seules les {limit} premières sont vérifiées",
        "cache": "{sentence} ; cache des réponses ignoré (il sera réécrit)",
        "cache_write": "{path} : cache des réponses non enregistré ({detail})",
        "store": "{detail}",
        "out_not_dir": "--out {out} : ce n'est pas un dossier ; indiquez un dossier (créé s'il n'existe pas)",
        "out_unusable": "--out {out} : dossier inutilisable ({detail})",
        "concurrency": "--concurrency {value} : attendu un nombre de requêtes simultanées entre {low} et {high}",
        "timeout": "--timeout {value} : attendu un nombre de secondes supérieur à 0 et d'au plus {high}",
        "retries": "--retries {value} : attendu un nombre de nouvelles tentatives entre {low} et {high}",
        "cache_hours": "--cache-hours {value} : attendu un nombre d'heures entre {low} et {high}",
    },
    "en": {
        "dashlord_done": "{files}; {obs} for {startups} in {out}",
        "undated": "{undated} out of {total}: the DashLord result carries no date; without --observed-on YYYY-MM-DD (the date of the scan), an undated observation is only a note, never used by check --evidence; import again with that option to use them",
        "unmapped": "{url}: no startup (no betaId in the configuration, no declared startup.link); results ignored",
        "no_results": "{path}: DashLord results directory not found",
        "config": "{detail}",
        "probe_done": "{checked} ({cached} from the cache); {obs} for {startups} in {out}",
        "probe_interrupted": "probe interrupted: {written} in {out} (the others unchanged), answer cache saved",
        "no_declarations": "no readable declaration in {paths}",
        "declaration": "{sentence}; declaration skipped",
        "too_many_urls": "“{startup}”: {count} addresses declared, only the first {limit} are checked",
        "cache": "{sentence}; answer cache ignored (it will be rewritten)",
        "cache_write": "{path}: answer cache not saved ({detail})",
        "store": "{detail}",
        "out_not_dir": "--out {out}: not a directory; give a directory (created if it does not exist)",
        "out_unusable": "--out {out}: directory unusable ({detail})",
        "concurrency": "--concurrency {value}: expected a number of simultaneous requests from {low} to {high}",
        "timeout": "--timeout {value}: expected a number of seconds above 0 and at most {high}",
        "retries": "--retries {value}: expected a number of further attempts from {low} to {high}",
        "cache_hours": "--cache-hours {value}: expected a number of hours from {low} to {high}",
    },
}

# the probe's option bounds: (lowest, highest); --timeout must also be above its lowest
BOUNDS = {"concurrency": (1, 64), "timeout": (0, 600), "retries": (0, 5), "cache_hours": (0, 24 * 366)}


def tell(line: str) -> None:
    """Every line the evidence commands write on standard error goes through here, cleaned once:
    no terminal escape (a URL, a file name, an id read from a file) reaches the terminal, and
    a line break in a value cannot start a line of its own."""
    console.say(str(line).replace("\r", "\\r").replace("\n", "\\n"))


def say(lang: str, key: str, **params) -> None:
    tell(MSG[lang][key].format(**params))


def add_parser(sub, date_type, common) -> None:
    """``evidence dashlord|probe``; ``common`` (checker.cli.main) words the help and shared options."""
    h = common.h
    evidence = sub.add_parser("evidence", help=h("evidence"), description=h("evidence"))
    common.lang(evidence)
    kinds = evidence.add_subparsers(
        dest="evidence_source", required=True, parser_class=type(evidence), metavar="SOURCE", help=h("evidence.source")
    )
    dash = kinds.add_parser("dashlord", help=h("evidence.dashlord"), description=h("evidence.dashlord"))
    dash.add_argument("results_dir", metavar="RESULTS_DIR", help=h("evidence.dashlord.results_dir"))
    dash.add_argument("--config", metavar="DASHLORD_YML", help=h("evidence.dashlord.config"))
    dash.add_argument(
        "--declarations",
        action="append",
        default=[],
        metavar=common.metavar("path"),
        help=h("evidence.dashlord.declarations"),
    )
    dash.add_argument(
        "--observed-on",
        type=date_type,
        default=None,
        metavar=common.metavar("date"),
        help=h("evidence.dashlord.observed_on"),
    )
    dash.add_argument("--out", required=True, metavar="EVIDENCE_DIR", help=h("evidence.out"))
    common.lang(dash)

    probe = kinds.add_parser("probe", help=h("evidence.probe"), description=h("evidence.probe"))
    common.paths(probe)
    probe.add_argument("--out", required=True, metavar="EVIDENCE_DIR", help=h("evidence.out"))
    probe.add_argument("--concurrency", type=int, default=8, metavar="N", help=h("evidence.probe.concurrency"))
    probe.add_argument(
        "--timeout", type=float, default=10.0, metavar=common.metavar("seconds"), help=h("evidence.probe.timeout")
    )
    probe.add_argument("--retries", type=int, default=2, metavar="N", help=h("evidence.probe.retries"))
    probe.add_argument(
        "--cache-hours", type=float, default=24.0, metavar=common.metavar("hours"), help=h("evidence.probe.cache_hours")
    )
    probe.add_argument(
        "--github-api", default="https://api.github.com", metavar="URL", help=h("evidence.probe.github_api")
    )
    probe.add_argument(
        "--gitlab-api", default="https://gitlab.com/api/v4", metavar="URL", help=h("evidence.probe.gitlab_api")
    )
    probe.add_argument("--allow-private", action="store_true", help=h("evidence.probe.allow_private"))
    probe.add_argument("--no-progress", action="store_true", help=h("evidence.probe.no_progress"))
    common.lang(probe)


def located(where, problem, lang: str) -> str:
    """One sentence for a file's :class:`~checker.reading.problems.Problem`: ``where:line:column : what``."""
    from checker.judging.evaluate import render_problem

    joint = " : " if lang == "fr" else ": "
    return f"{where}:{problem.line}:{problem.column}{joint}{render_problem(problem, lang)}"


def read_declarations(paths, lang: str) -> tuple[list[dict], list[str]]:
    """The data of every declaration under ``paths`` read as ``check`` reads it
    (:func:`checker.committee.examine.load`: the guarded loader, the declaration schema and its id rule);
    one sentence (``file:line:column : what ; skipped``) per file left out."""
    from checker.committee.examine import load
    from checker.judging.run import collect

    found, said = [], []
    for shown, target in collect(paths):
        loaded = load(shown, target)
        if loaded.problems or loaded.doc is None or not isinstance(loaded.doc.data, dict):
            first = min(loaded.problems, key=lambda p: p.sort_key()) if loaded.problems else None
            said.append(
                MSG[lang]["declaration"].format(sentence=located(loaded.shown, first, lang) if first else loaded.shown)
            )
            continue
        found.append(loaded.doc.data)
    return found, said


def main(args) -> int:
    if args.evidence_source == "dashlord":
        return _dashlord(args)
    from checker.evidence import probe

    wrong = probe_option_problem(args)
    if wrong is not None:
        tell(wrong)
        return 2
    return probe.main(args)


def probe_option_problem(args) -> str | None:
    """The usage sentence for the first probe option out of its bounds (:data:`BOUNDS`), or None."""
    for name, (low, high) in BOUNDS.items():
        value = getattr(args, name)
        above = value > low if name == "timeout" else value >= low
        if not (math.isfinite(value) and above and value <= high):
            return MSG[args.lang][name].format(value=value, low=low, high=high)
    return None


def out_dir(args) -> Path | None:
    """``--out``, made when it does not exist; None (its sentence said) when it is not a directory."""
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        say(args.lang, "out_not_dir", out=args.out)
        return None
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from checker.foundation.messages import system_error

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


def _dashlord(args) -> int:
    from checker.evidence import dashlord

    lang = args.lang
    results = Path(args.results_dir)
    if not results.is_dir():
        say(lang, "no_results", path=results)
        return 2
    config: dict = {}
    if args.config:
        try:
            config, said = dashlord.load_config(Path(args.config), lang)
        except dashlord.ConfigError as exc:
            say(lang, "config", detail=str(exc))
            return 2
        for line in said:
            tell(line)
    declared = None
    if args.declarations:
        declared, said = dashlord.load_declarations(args.declarations, lang)
        for line in said:
            tell(line)
    out = out_dir(args)
    if out is None:
        return 2
    done = dashlord.read_results(results, config, declared, args.observed_on, lang)
    for problem in done.problems:
        tell(problem)
    for url, (startup, _how) in sorted(done.mapping.items()):
        if startup is None:
            say(lang, "unmapped", url=url)
    count = startups = undated = 0
    for startup, observations in sorted(done.observations.items()):
        if save(out, startup, observations, "dashlord", lang):
            count += len(observations)
            startups += 1
            undated += sum(o.get("date_source") == "mtime" for o in observations)
    say(
        lang,
        "dashlord_done",
        files=counted(len(done.files_read), "count.dashlord_file", lang),
        obs=counted(count, "count.observation_written", lang),
        startups=counted(startups, "count.startup", lang),
        out=out,
    )
    if undated:  # once: they are notes "non datée" until a date is given (checker.evidence.findings)
        say(lang, "undated", undated=counted(undated, "count.undated_observation", lang), total=number(count, lang))
    return 0
