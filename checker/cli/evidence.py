"""``conformite evidence dashlord|probe``: fill an evidence store. Problems are one sentence
each on standard error (every one through :func:`tell`) and the run goes on; exit 2 only when
an option is wrong or nothing usable was given."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from checker.evidence.filling import out_dir, save, say, tell
from checker.foundation.messages import text
from checker.foundation.wording import counted, number

if TYPE_CHECKING:
    from checker.cli.lang import Common, Subparsers

# the probe's option bounds: (lowest, highest); --timeout must also be above its lowest
BOUNDS = {"concurrency": (1, 64), "timeout": (0, 600), "retries": (0, 5), "cache_hours": (0, 24 * 366)}


def add_parser(sub: Subparsers, date_type: Callable[[str], object], common: Common) -> None:
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


def main(args: argparse.Namespace) -> int:
    if args.evidence_source == "dashlord":
        return _dashlord(args)
    from checker.evidence import probe

    wrong = probe_option_problem(args)
    if wrong is not None:
        tell(wrong)
        return 2
    return probe.main(args)


def probe_option_problem(args: argparse.Namespace) -> str | None:
    """The usage sentence for the first probe option out of its bounds (:data:`BOUNDS`), or None."""
    for name, (low, high) in BOUNDS.items():
        value = getattr(args, name)
        above = value > low if name == "timeout" else value >= low
        if not (math.isfinite(value) and above and value <= high):
            return text(f"evidence.{name}", args.lang, value=value, low=low, high=high)
    return None


def _dashlord(args: argparse.Namespace) -> int:
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
    count = startups = undated = refused = 0
    for startup, observations in sorted(done.observations.items()):
        if save(out, startup, observations, "dashlord", lang):
            count += len(observations)
            startups += 1
            undated += sum(o.get("date_source") == "mtime" for o in observations)
        else:  # its sentence said (a refused id, a file there that is not an evidence document)
            refused += 1
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
    return 2 if refused else 0  # a startup's observations not stored: the run did not do all it was asked
