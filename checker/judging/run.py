"""A check run: find the declaration files behind the PATH arguments and evaluate each."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from checker import __version__
from checker.foundation.wording import printable
from checker.reading.problems import Problem

from .evaluate import Collections, Evaluator
from .model import Brief, Report, Results


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
    jobs: int = 1,
    check=None,
) -> Report:
    """``evidence``: an :class:`checker.evidence.findings.EvidenceStep` adding evidence findings.
    ``jobs``: worker processes at most (``check --jobs``; 1: this process only); ``check``: what
    evaluates one file (default :func:`check_one`; tests give one that crashes);
    ``on_result``: called with the :class:`checker.judging.model.Brief` of each file, once checked."""
    evaluator = Evaluator(catalog, as_of, lang, exemptions, verbose, max_bytes)
    report = Report(as_of.isoformat(), lang, generator_version=__version__)
    if evidence is not None:
        report.evidence = {"directory": str(evidence.directory), "max_age": evidence.max_age}
    with contextlib.closing(_results(evaluator, targets, jobs, check or check_one)) as results:
        for shown, target, result, stored in results:
            if evidence is not None and not isinstance(target, Problem):
                if result is None:  # from a worker: read back, since evidence changes it
                    result = Results.decode(stored[0])
                stored = None  # the result changes here: stored anew
                try:
                    evidence.apply(result, target)
                except Exception as exc:  # evidence never costs the declaration its verdicts
                    evidence.problems.append(f"{shown}: {type(exc).__name__}: {exc}"[:300])
            if stored is None:
                brief = report.declarations.append(result)
            else:  # from a worker: its stored line and brief, nothing to read or encode here
                brief = Brief.decode(stored[1])
                report.declarations.add(stored[0], brief)
            if on_result is not None:
                on_result(brief)
    return report


def check_one(evaluator: Evaluator, target: Path, shown: str):
    """One file's result; a bug of ours costs that file, not the run."""
    try:
        return evaluator.check_file(target, shown)
    except Exception as exc:
        return evaluator.internal_error(shown, exc)


def _results(evaluator: Evaluator, targets, jobs: int, check):
    """(shown name, target, result, None) for each target, in order, evaluated here; or, in
    worker processes when ``jobs`` allows and the run is big enough to pay for them
    (checker.judging.parallel), (shown name, target, None, (stored line, encoded Brief)): what a
    worker sends, kept as it came."""
    named = [(printable(shown), target) for shown, target in targets]
    files = sum(not isinstance(target, Problem) for _, target in named)
    from .parallel import worker_count

    workers = worker_count(jobs, files)
    if workers == 1:
        with Collections() as collections:
            for shown, target in named:
                problem = isinstance(target, Problem)
                result = evaluator.invalid(shown, [target]) if problem else check(evaluator, target, shown)
                collections.tick()
                yield shown, target, result, None
        return
    from .parallel import results

    def died(index: int, problem: Problem):  # its worker died, or ran out of time
        return evaluator.invalid(named[index][0], [problem])

    with contextlib.closing(results(evaluator, named, workers, check, died)) as evaluated:
        for index, (shown, target) in enumerate(named):
            if isinstance(target, Problem):
                yield shown, target, evaluator.invalid(shown, [target]), None
                continue
            done, stored = next(evaluated)
            assert done == index
            yield shown, target, None, stored
