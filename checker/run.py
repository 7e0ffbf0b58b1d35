"""A check run: find the declaration files behind the PATH arguments and evaluate each."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from . import __version__
from .evaluate import Evaluator
from .messages import printable
from .model import Report
from .problems import Problem

SUFFIXES = (".yaml", ".yml")


def collect(arguments) -> list[tuple[str, Path | Problem]]:
    """(shown name, file) per declaration, in a stable order; a problem for a bad argument.

    A directory is searched recursively for ``*.yaml`` / ``*.yml`` (hidden directories skipped);
    a file named on the command line is read whatever its extension. Each file once.
    """
    found: list[tuple[str, Path | Problem]] = []
    seen: set = set()
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            files = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files += [Path(root, n) for n in names if n.endswith(SUFFIXES)]
            if not files:
                found.append((argument, Problem("file.empty_dir")))
            for file in sorted(files):
                _add(found, seen, str(file), file)
        elif path.exists():
            _add(found, seen, argument, path)
        else:
            found.append((argument, Problem("file.missing")))
    return found


def _add(found, seen, shown, path):
    key = os.path.realpath(path)
    if key not in seen:
        seen.add(key)
        found.append((shown, path))


def run_check(
    catalog,
    targets,
    as_of: dt.date,
    lang: str = "fr",
    exemptions: bool = True,
    verbose: bool = False,
    max_bytes: int = 1024 * 1024,
    on_result=None,
    evidence=None,
) -> Report:
    """``evidence``: an :class:`checker.evidence.findings.EvidenceStep` adding evidence findings."""
    evaluator = Evaluator(catalog, as_of, lang, exemptions, verbose, max_bytes)
    report = Report(as_of.isoformat(), lang, generator_version=__version__)
    if evidence is not None:
        report.evidence = {"directory": str(evidence.directory), "max_age": evidence.max_age}
    for shown, target in targets:
        shown = printable(shown)
        if isinstance(target, Problem):
            result = evaluator.invalid(shown, [target])
        else:
            try:
                result = evaluator.check_file(target, shown)
            except Exception as exc:  # a bug of ours must cost one file, not the run
                detail = f"{type(exc).__name__}: {exc}"[:200]
                result = evaluator.invalid(shown, [Problem("file.internal", {"detail": detail})])
            if evidence is not None:
                try:
                    evidence.apply(result, target)
                except Exception as exc:  # evidence never costs the declaration its verdicts
                    evidence.problems.append(f"{shown}: {type(exc).__name__}: {exc}"[:300])
        report.declarations.append(result)
        if on_result is not None:
            on_result(result)
    return report
