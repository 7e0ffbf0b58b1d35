"""A check run: find the declaration files behind the PATH arguments and evaluate each."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
from pathlib import Path

from checker import __version__
from checker.foundation.messages import printable
from checker.reading.problems import Problem

from .evaluate import Evaluator
from .model import Brief, Report, Results

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
            files = _files(os.fspath(path))
            if not files:
                found.append((argument, Problem("file.empty_dir")))
            for _, key, root, name in sorted(files):  # tuples of text: no Path compared
                file = Path(root, name)
                _add(found, seen, str(file), file, key)
        elif path.exists():
            _add(found, seen, argument, path)
        else:
            found.append((argument, Problem("file.missing")))
    return found


def _files(top: str) -> list[tuple[tuple, str, str, str]]:
    """(the path's parts: Path's order, its real path, its directory, its name) of every
    ``*.yaml`` / ``*.yml`` file under ``top``, as ``os.walk`` finds them (hidden directories
    skipped, a link to a directory not followed, an unreadable directory passed over), with
    one ``scandir`` per directory: an entry says whether it is a directory or a link, so a
    file costs no system call, and its real path is its directory's (resolved once) unless
    it is a link."""
    found = []
    todo = [top]
    while todo:
        root = todo.pop()
        try:
            with os.scandir(root) as listing:
                entries = list(listing)
        except OSError:
            continue
        real, parts = os.path.realpath(root), Path(root).parts
        for entry in entries:
            name = entry.name
            try:
                directory = entry.is_dir()
            except OSError:
                directory = False
            if directory:
                if not name.startswith(".") and not _is_link(entry):
                    todo.append(os.path.join(root, name))
            elif name.endswith(SUFFIXES):
                key = os.path.realpath(entry.path) if _is_link(entry) else os.path.join(real, name)
                found.append((parts + (name,), key, root, name))
    return found


def _is_link(entry: os.DirEntry) -> bool:
    """As os.walk asks: an entry gone meanwhile (where the directory does not give the kind of
    each entry, this asks the file system) is no link; it is then reported unreadable."""
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _add(found, seen, shown, path, key=None):
    key = key or os.path.realpath(path)
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


class Collections:
    """Python's cyclic garbage collector paused while declarations are checked: a declaration's
    objects are freed as soon as it is checked (reference counting), and the collections its
    thousands of allocations set off cost about 6% of a run. Between two files, once more than
    :attr:`PENDING` objects have been kept since the last collection, one runs: a cycle, such
    as the whole node tree of a file with a recursive alias (hundreds of megabytes for a large
    one), never outlives the file after it, so memory stays flat. An ordinary declaration keeps
    a few hundred objects: a collection every hundred files or so."""

    PENDING = 20_000

    def __enter__(self) -> Collections:
        self.was = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc) -> None:
        if self.was:
            gc.enable()

    def tick(self) -> None:
        """One more file checked."""
        if self.was and gc.get_count()[0] > self.PENDING:  # counted even while paused
            gc.collect()


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
