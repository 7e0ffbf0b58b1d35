"""``check --jobs N``: declarations evaluated in worker processes, results given back in order.

- Each worker is a child process forked once the catalogue is loaded (no interpreter to start,
  nothing to import again; ``spawn`` where there is no fork): its own durable_rules engine,
  its own Evaluator; declarations are still evaluated one by one, in
  isolation, exactly as in one process (the same :func:`checker.judging.run.check_one`).
- Files go out in small chunks; results come back a chunk at a time (one message, so the main
  process wakes once per chunk, not once per file), each file's as the line of JSON the report
  keeps (:meth:`checker.judging.model.Results.encode`: no pickling, no second encoding) and its
  :class:`checker.judging.model.Brief` (what the run counts: the main process reads no line), and are handed
  on in the order of the files, so reports are byte-identical to ``--jobs 1``. Only a bounded
  window of files is ever in flight, so memory stays flat however many files a run has.
- A worker that dies (a crash in the C engine, the kernel's OOM killer...) costs the file it was
  evaluating, reported ``invalid`` ("evaluation failed"): each worker counts the files it has
  started in a shared integer, so the main process knows which one it was. A fresh worker
  takes over the rest, the files of the chunk it had already evaluated included (their
  results died with it; evaluating them again gives the same).
- A worker that stops answering (stuck in C code: the rules engine, libyaml) is given
  :func:`time_limit` seconds per file (:data:`FILE_TIME_LIMIT` per MiB that ``--max-bytes``
  allows, two minutes by default, where the slowest hostile 1 MiB declaration takes 4 s): the
  time counted is the time the main process spends waiting while the worker starts no file
  and sends nothing back. Past it the worker is killed (SIGKILL: a stopped process does not
  take SIGTERM), its file reported ``invalid`` ("… a dépassé le délai …"), and a fresh worker
  takes the rest of its files, as after a death. (Without shared memory, where a worker's
  files are not counted as it starts them, the limit covers a chunk, not a file.)
- Workers never see Ctrl-C (SIGINT is ignored in them): the main process unwinds and stops them;
  a worker whose main process has gone reads end-of-file and exits.
- A small run starts no worker: below :data:`FILES_PER_WORKER` files per worker, checking in
  this process is faster than starting an interpreter.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING, Protocol

from checker.reading.problems import Problem

from .model import Brief, Results

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext, ForkContext, SpawnContext
    from multiprocessing.process import BaseProcess

    from .evaluate import Evaluator
    from .model import DeclarationResult
    from .rules import Catalog

CHUNK = 8  # files per message to a worker
IN_FLIGHT = 2  # chunks given to a worker at once (one being evaluated, one waiting)
FILES_PER_WORKER = 150  # fewer files than this per worker: cheaper in this process (measured)
FILE_TIME_LIMIT = 120.0  # seconds a worker may spend on one file, per MiB --max-bytes allows


def time_limit(max_bytes: int) -> float:
    """Seconds one file may take in a worker: :data:`FILE_TIME_LIMIT` per MiB of ``max_bytes``
    (a declaration's time grows with its size), never less than :data:`FILE_TIME_LIMIT`."""
    return FILE_TIME_LIMIT * max(1.0, max_bytes / (1024 * 1024))


def usable_cpus() -> int:
    """The CPUs this process may run on (affinity and cgroup-aware where Python knows how)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counter is not None:
        return max(1, counter() or 1)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def worker_count(jobs: int, files: int) -> int:
    """Workers worth starting for ``files`` files with ``--jobs jobs`` (1: none, check here)."""
    return max(1, min(jobs, files // FILES_PER_WORKER))


def _serve(conn: Connection, started: _Count, catalog: Catalog, settings: tuple, check: Callable) -> None:
    """A worker: evaluate each file of each chunk received, counting the files it starts in
    ``started``, and send the chunk's results in one message, in order: for each file, its
    stored line then its brief, each a line (JSON escapes a newline)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the main process's business
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the main process's handler (forked)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    faulthandler.disable()  # a crash costs its file, quietly: no dump on the user's terminal
    from .evaluate import Collections, Evaluator

    evaluator = Evaluator(catalog, *settings)
    with Collections() as collections:
        while True:
            try:
                chunk = conn.recv()
            except (EOFError, OSError):  # the main process has gone
                return
            if chunk is None:
                return
            lines: list[bytes] = []
            for _index, path, shown in chunk:  # in order: the main process knows whose line is whose
                started.value += 1
                result = check(evaluator, path, shown)
                try:
                    lines += _stored(result)
                except Exception as exc:  # a bug of ours costs that file, quietly
                    lines += _stored(evaluator.internal_error(shown, exc))
                collections.tick()
            conn.send_bytes(b"\n".join(lines))


@contextlib.contextmanager
def _children_signals() -> Iterator[None]:
    """Children started inside inherit SIGINT ignored (a fork, and an exec, keep an ignored
    signal ignored, and Python then leaves it so) and SIGTERM at its default: Ctrl-C reaches
    the main process only, which stops them. Both are held (blocked) meanwhile: a signal that
    comes then reaches this process's own handler just after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    previous = {signal.SIGINT: signal.signal(signal.SIGINT, signal.SIG_IGN)}
    previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


class _Worker:
    waited = 0.0  # seconds the main process has waited since the worker last moved on
    moved: tuple = ()  # (files started, files received) when it last moved on

    def __init__(self, context: ForkContext | SpawnContext, catalog: Catalog, settings: tuple, check: Callable):
        self.conn, child = context.Pipe()
        self.started = _counter(context)  # files the worker has started: shared memory, no message
        self.received = 0  # files whose result has come back
        self.process = context.Process(target=_serve, args=(child, self.started, catalog, settings, check), daemon=True)
        with _children_signals():
            self.process.start()
        child.close()
        self.chunks: deque = deque()  # chunks sent, results not yet back, in order
        self.outstanding = 0  # files in them

    def send(self, chunk: list) -> bool:
        """False when the worker has gone (the chunk is not taken)."""
        try:
            self.conn.send(chunk)
        except OSError:
            return False
        self.chunks.append(chunk)
        self.outstanding += len(chunk)
        return True

    def take(self, message: bytes) -> tuple[list, list[tuple[bytes, bytes]]]:
        """The chunk whose results ``message`` holds, and (stored line, brief) per file."""
        chunk = self.chunks.popleft()
        lines = message.split(b"\n")
        if len(lines) != 2 * len(chunk):  # pragma: no cover - a bug of ours, not a bad input
            raise RuntimeError(f"{len(lines)} lines for {len(chunk)} files")
        self.outstanding -= len(chunk)
        self.received += len(chunk)
        return chunk, list(zip(lines[::2], lines[1::2]))

    def lost(self) -> tuple[tuple | None, list]:
        """Once dead: the file it cost, and the other files it held, in order. The file it
        cost is the one it was evaluating; when it was between two files (killed from outside
        while waiting), the first it held, as before the count existed: every death costs one
        file, so a worker that keeps dying cannot stall the run."""
        held = [item for chunk in self.chunks for item in chunk]
        self.chunks.clear()
        self.outstanding = 0
        position = self.started.value - 1 - self.received
        if not 0 <= position < len(held):
            position = 0
        return (held[position], held[:position] + held[position + 1 :]) if held else (None, [])

    def clock(self, elapsed: float) -> None:
        """The main process has waited ``elapsed`` seconds: the worker moved on meanwhile
        (started a file, sent results), or that time counts against the file it is on."""
        now = (self.started.value, self.received)
        if now != self.moved:
            self.moved, self.waited = now, 0.0
        else:
            self.waited += elapsed

    def stop(self, graceful: bool) -> None:
        if graceful and self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(2)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(2)
        if self.process.is_alive():  # pragma: no cover - ignored SIGTERM
            self.process.kill()
            self.process.join()
        self.conn.close()


def _drain(worker: _Worker, done: dict) -> None:
    """Record every complete message waiting from ``worker`` (a message cut short: it died
    writing it, and that chunk is lost with it)."""
    try:
        while worker.outstanding and worker.conn.poll():
            chunk, stored = worker.take(worker.conn.recv_bytes())
            for (index, _, _), pair in zip(chunk, stored):
                done[index] = pair
    except (EOFError, OSError):
        pass


class _Count(Protocol):
    """The files a worker has started: written by the worker, read by the main process."""

    value: int


class _Shared:
    """An integer in an anonymous shared mapping: a forked child inherits it (no file, no
    ``/dev/shm``, which ``RawValue`` needs and some hosts lack)."""

    def __init__(self) -> None:
        import mmap

        self._view = memoryview(mmap.mmap(-1, 8)).cast("q")

    @property
    def value(self) -> int:
        return self._view[0]

    @value.setter
    def value(self, count: int) -> None:
        self._view[0] = count


class _Unshared:
    """No shared memory to be had: the count stays 0 in the main process, and a death is
    charged to the first file the worker held."""

    value = 0


def _counter(context: BaseContext) -> _Count:
    """A count the worker updates and the main process reads, without a message."""
    try:
        return _Shared() if context.get_start_method() == "fork" else context.RawValue("q", 0)
    except (OSError, ValueError):
        return _Unshared()


def _stored(result: DeclarationResult) -> tuple[bytes, bytes]:
    """What the main process keeps of a result: its stored line, and its brief."""
    return Results.encode(result), Brief.of(result).encode()


def _death(process: BaseProcess) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


def results(
    evaluator: Evaluator, targets: list, workers: int, check: Callable, invalid: Callable
) -> Generator[tuple[int, tuple[bytes, bytes]], None, None]:
    """(index, (stored line, encoded brief) of its result) for every file target of ``targets`` in order,
    evaluated by ``workers`` processes. ``invalid(index, problem)`` makes the result of a file
    whose worker died or ran out of time."""
    import multiprocessing  # here: a run that starts no worker does not import it

    fork = "fork" in multiprocessing.get_all_start_methods()  # Linux: no interpreter to start
    context = multiprocessing.get_context("fork") if fork else multiprocessing.get_context("spawn")
    catalog = evaluator.catalog
    settings = (evaluator.as_of, evaluator.lang, evaluator.exemptions, evaluator.verbose, evaluator.max_bytes)
    # paths as text: a pathlib.Path costs ten times as much to pickle and unpickle
    todo = deque(
        (i, os.fspath(path), shown) for i, (shown, path) in enumerate(targets) if not isinstance(path, Problem)
    )
    order = [item[0] for item in todo]
    window = workers * CHUNK * (IN_FLIGHT + 2)  # files handed out ahead of the next one due
    done: dict[int, tuple[bytes, bytes]] = {}
    fresh = lambda: _Worker(context, catalog, settings, check)
    pool = [fresh() for _ in range(workers)]
    limit = time_limit(evaluator.max_bytes)
    graceful = False
    try:
        for position, index in enumerate(order):
            while index not in done:
                _feed(pool, todo, order[min(position + window, len(order) - 1)], fresh)
                _receive(pool, done, todo, invalid, fresh, limit)
            yield index, done.pop(index)
        graceful = True
    finally:
        for worker in pool:
            worker.stop(graceful)


def _feed(pool: list, todo: deque, limit: int, fresh: Callable) -> None:
    """Hand chunks to workers with room, up to the file ``limit`` (the window's end); a worker
    found gone while idle is replaced."""
    for slot, worker in enumerate(pool):
        while todo and worker.outstanding < CHUNK * IN_FLIGHT and todo[0][0] <= limit:
            chunk = [todo.popleft() for _ in range(min(CHUNK, len(todo)))]
            if not worker.send(chunk):
                todo.extendleft(reversed(chunk))
                if not worker.outstanding:
                    worker.stop(False)
                    pool[slot] = worker = fresh()
                break


def _receive(pool: list, done: dict, todo: deque, invalid: Callable, fresh: Callable, limit: float = 0.0) -> None:
    """Wait for results (or deaths) and record them. A dead worker's file in evaluation is
    ``invalid``, the other files it held go back to the front of ``todo``, and a fresh worker
    takes its place; the same for a worker that has not moved on for ``limit`` seconds of
    waiting (0: no limit), once killed."""
    from multiprocessing.connection import wait

    busy = [w for w in pool if w.outstanding]
    if not busy:  # every worker was just replaced before it got a chunk: feed again, never wait on nothing
        return
    timeout = max(0.0, min(limit - w.waited for w in busy)) if limit else None
    began = time.monotonic()
    ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
    elapsed = time.monotonic() - began
    for slot, worker in enumerate(pool):
        if ready & {worker.conn, worker.process.sentinel}:
            _drain(worker, done)
        if limit and worker.outstanding:
            worker.clock(elapsed)
        problem = _ended(worker, limit)
        if problem is None:
            continue
        _drain(worker, done)  # what it sent before it died: its results count, and the count of files is exact
        culprit, others = worker.lost()
        if culprit is not None:
            done[culprit[0]] = _stored(invalid(culprit[0], problem))
        todo.extendleft(reversed(others))
        worker.stop(False)
        pool[slot] = fresh()


def _ended(worker: _Worker, limit: float) -> Problem | None:
    """Why ``worker`` has ended (its process joined): it died, or it was given ``limit``
    seconds without moving on and is killed here. None while it works."""
    if worker.process.is_alive():
        if not (limit and worker.outstanding and worker.waited >= limit):
            return None
        worker.process.kill()  # SIGKILL: a stopped process (SIGSTOP) keeps SIGTERM pending
        worker.process.join()
        return Problem("file.worker_timeout", {"seconds": round(limit)})
    worker.process.join()
    return Problem("file.worker_died", {"detail": _death(worker.process)})
