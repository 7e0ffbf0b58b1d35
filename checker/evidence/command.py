"""``conformite evidence dashlord|probe``: fill an evidence store. Problems are one sentence
each on standard error and the run goes on; exit 2 only when nothing usable was given."""

from __future__ import annotations

from pathlib import Path

from .. import console
from . import store

MSG = {
    "fr": {
        "dashlord_done": "{files} fichiers DashLord lus, {obs} observations pour {startups} startups écrites dans {out}",
        "unmapped": "{url} : aucune startup (ni betaId dans la configuration, ni startup.link déclaré) ; résultats ignorés",
        "no_results": "{path} : dossier de résultats DashLord introuvable",
        "config": "{path} : configuration DashLord illisible ({detail})",
        "probe_done": "{checked} adresses vérifiées ({cached} depuis le cache), {obs} observations pour {startups} startups écrites dans {out}",
        "no_declarations": "aucune déclaration lisible dans {paths}",
        "store": "{detail}",
    },
    "en": {
        "dashlord_done": "{files} DashLord files read, {obs} observations for {startups} startups written to {out}",
        "unmapped": "{url}: no startup (no betaId in the configuration, no declared startup.link); results ignored",
        "no_results": "{path}: DashLord results directory not found",
        "config": "{path}: unreadable DashLord configuration ({detail})",
        "probe_done": "{checked} addresses checked ({cached} from the cache), {obs} observations for {startups} startups written to {out}",
        "no_declarations": "no readable declaration in {paths}",
        "store": "{detail}",
    },
}


def say(lang: str, key: str, **params) -> None:
    console.say(MSG[lang][key].format(**params))


def add_parser(sub, date_type, common) -> None:
    """``evidence dashlord|probe``; ``common`` (checker.cli) words the help and shared options."""
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
    probe.add_argument("--no-progress", action="store_true", help=h("evidence.probe.no_progress"))
    common.lang(probe)


def main(args) -> int:
    if args.evidence_source == "dashlord":
        return _dashlord(args)
    from . import probe

    return probe.main(args)


def _dashlord(args) -> int:
    from . import dashlord

    lang = args.lang
    results = Path(args.results_dir)
    if not results.is_dir():
        say(lang, "no_results", path=results)
        return 2
    config = {}
    if args.config:
        try:
            config = dashlord.load_config(Path(args.config))
        except (OSError, UnicodeDecodeError, ValueError, AttributeError) as exc:
            say(lang, "config", path=args.config, detail=str(exc).splitlines()[0][:200])
            return 2
        except Exception as exc:  # yaml errors
            say(lang, "config", path=args.config, detail=str(exc).splitlines()[0][:200])
            return 2
    declared = dashlord.load_declarations(args.declarations) if args.declarations else None
    done = dashlord.read_results(results, config, declared, args.observed_on, lang)
    for problem in done.problems:
        console.say(problem)
    for url, (startup, _how) in sorted(done.mapping.items()):
        if startup is None:
            say(lang, "unmapped", url=url)
    out = Path(args.out)
    count = 0
    for startup, observations in sorted(done.observations.items()):
        store.save(out, startup, observations, replace_kind="dashlord")
        count += len(observations)
    say(lang, "dashlord_done", files=len(done.files_read), obs=count, startups=len(done.observations), out=out)
    return 0
