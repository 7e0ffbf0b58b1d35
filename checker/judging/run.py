"""A check run: find the declaration files behind the PATH arguments and evaluate each."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Generator, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from checker import __version__
from checker.foundation.wording import printable
from checker.reading.problems import Problem

from .evaluate import Collections, Evaluator
from .model import Brief, DeclarationResult, Report, Results

if TYPE_CHECKING:
    from .rules import Catalog


class Evidence(Protocol):
    """What a run asks of :class:`checker.evidence.findings.EvidenceStep` (a higher layer:
    described here, never imported)."""

    @property
    def directory(self) -> Path: ...

    @property
    def max_age(self) -> int: ...

    @property
    def problems(self) -> list[str]: ...

    def apply(self, result: DeclarationResult, path: Path | str, /) -> None: ...


def run_check(
    catalog: Catalog,
    targets: Iterable[tuple[str, Any]],  # (shown name, a path or what ``check`` reads; or a Problem)
    as_of: dt.date,
    lang: str = "fr",
    exemptions: bool = True,
    verbose: bool = False,
    max_bytes: int = 1024 * 1024,
    # called with each file's Brief (Any: checker.cli.main hands a callback typed for a DeclarationResult,
    # reading only what both have)
    on_result: Callable[[Any], object] | None = None,
    evidence: Evidence | None = None,
    jobs: int = 1,
    check: Callable[[Evaluator, Any, str], DeclarationResult] | None = None,
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
                    result = Results.decode(cast("tuple[bytes, bytes]", stored)[0])
                stored = None  # the result changes here: stored anew
                try:
                    evidence.apply(result, target)
                except Exception as exc:  # evidence never costs the declaration its verdicts
                    evidence.problems.append(f"{shown}: {type(exc).__name__}: {exc}"[:300])
            if stored is None:
                brief = report.declarations.append(cast(DeclarationResult, result))  # evaluated here
            else:  # from a worker: its stored line and brief, nothing to read or encode here
                brief = Brief.decode(stored[1])
                report.declarations.add(stored[0], brief)
            if on_result is not None:
                on_result(brief)
    return report


def check_one(evaluator: Evaluator, target: Path | str, shown: str) -> DeclarationResult:
    """One file's result; a bug of ours costs that file, not the run."""
    try:
        return evaluator.check_file(target, shown)
    except Exception as exc:
        return evaluator.internal_error(shown, exc)


def _results(
    evaluator: Evaluator,
    targets: Iterable[tuple[str, Any]],
    jobs: int,
    check: Callable[[Evaluator, Any, str], DeclarationResult],
) -> Generator[tuple[str, Any, DeclarationResult | None, tuple[bytes, bytes] | None], None, None]:
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

    def died(index: int, problem: Problem) -> DeclarationResult:  # its worker died, or ran out of time
        return evaluator.invalid(named[index][0], [problem])

    with contextlib.closing(results(evaluator, named, workers, check, died)) as evaluated:
        for index, (shown, target) in enumerate(named):
            if isinstance(target, Problem):
                yield shown, target, evaluator.invalid(shown, [target]), None
                continue
            done, stored = next(evaluated)
            assert done == index
            yield shown, target, None, stored
