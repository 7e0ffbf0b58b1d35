"""``import --jobs N``: source files read by N processes, results handed on in order.

The import reads hundreds of small files (product pages, member and organisation pages) and
makes one declaration of each page: that work is independent from one file to the next, so
it is shared between processes, as ``check --jobs`` shares its files (``checker/parallel.py``),
but more simply, the files being few and cheap:

- the files are cut into N consecutive shares; the main process reads the first one itself
  (handing each result on at once: the writer works meanwhile) and N-1 forked workers read one
  share each, once what every file needs is ready (no interpreter to start, nothing to import
  again), with the very function the main process runs; each worker sends its share's results
  back in one message. Results are handed on in the order of the files, so the declarations,
  the state file and every message are byte-identical to ``--jobs 1``;
- everything is written by the main process only (``checker/atomic.py``'s batch);
- a worker that dies, or fails on a file, costs nothing: its share is read again in the main
  process (where a file that fails raises just as it does with ``--jobs 1``);
- workers never see Ctrl-C (SIGINT is ignored in them): the main process unwinds and stops
  them; a worker whose main process has gone dies writing to the closed pipe;
- a small import (``--startup ID``, a few pages) starts no worker: below
  :data:`FILES_PER_WORKER` files per process, one process is faster. Where there is no
  ``fork`` (Windows) the import runs in one process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable, Iterator, Sequence

FILES_PER_WORKER = 150  # fewer files than this per process: cheaper in one


def worker_count(jobs: int, files: int) -> int:
    """Processes worth using for ``files`` files with ``--jobs jobs`` (1: this one alone)."""
    if not hasattr(os, "fork"):
        return 1
    return max(1, min(jobs, files // FILES_PER_WORKER))


def ordered(function: Callable, items: Sequence, jobs: int, shared: tuple = (), own: float = 1.0) -> Iterator:
    """``function(item, *shared)`` for every item, in order, computed by up to ``jobs``
    processes. ``own``: the main process's share, relative to a worker's (below 1 when the
    caller has work of its own to do with each result). ``shared`` reaches the workers by the
    fork (never pickled); the results are pickled back."""
    processes = worker_count(jobs, len(items))
    if processes == 1:
        yield from (function(item, *shared) for item in items)
        return
    first = round(len(items) * own / (own + processes - 1))
    rest = len(items) - first
    bounds = [first + rest * k // (processes - 1) for k in range(processes)]  # each worker's [start, end)
    children: list[tuple[int, int]] = []  # (pid, read end of its pipe), until collected
    try:
        with _held():
            try:
                for start, end in zip(bounds, bounds[1:]):
                    children.append(_fork(function, items[start:end], shared))
            except OSError:  # no process to be had (EAGAIN, EMFILE): everything is read here
                while children:
                    _stop(*children.pop())
                first, bounds = len(items), [len(items)]
        yield from (function(item, *shared) for item in items[:first])
        for start, end in zip(bounds, bounds[1:]):
            data = _read(children[0][1])  # until the worker closes its end: done, or dead
            pid, fd = children.pop(0)
            results = _results(data, _stop(pid, fd, kill=False), end - start)
            yield from results if results is not None else (function(item, *shared) for item in items[start:end])
    finally:
        for pid, fd in children:  # stopped early (Ctrl-C, an error): the workers left go
            _stop(pid, fd)


def _fork(function: Callable, share: Sequence, shared: tuple) -> tuple[int, int]:
    """A worker computing ``share``: its pid and the read end of the pipe its results come by."""
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        raise
    if pid == 0:  # the worker: never returns, never runs the main process's clean-ups
        status = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the main process's business
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, set())
            os.close(read)
            data = pickle.dumps([function(item, *shared) for item in share], pickle.HIGHEST_PROTOCOL)
            with open(write, "wb", closefd=True) as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def _read(fd: int) -> bytes:
    with open(fd, "rb", closefd=False) as pipe:
        return pipe.read()


def _results(data: bytes, status: int, count: int) -> list | None:
    """A worker's results, or None when it died or failed (its share is then read here)."""
    if status != 0:
        return None
    try:
        results = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a message cut short: the share is read here
        return None
    return results if isinstance(results, list) and len(results) == count else None


def _stop(pid: int, fd: int, kill: bool = True) -> int:
    """Close the worker's pipe, stop it (``kill``), reap it: its wait status. Once per worker."""
    with contextlib.suppress(OSError):
        os.close(fd)
    if kill:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:  # pragma: no cover - reaped elsewhere
        return 1


@contextlib.contextmanager
def _held():
    """SIGINT and SIGTERM held while the workers are forked: a signal then reaches the main
    process's handler just after, and no worker runs it."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
