"""Where the rules engine runs for the web application, and for how long.

durable_rules is C code that never releases the GIL, and an :class:`checker.judging.engine.Engine`
evaluates every declaration in one session of its ruleset: two requests using one engine at
once would mix their facts. Two ways to share it, one switch (``serve --engine``):

- ``process`` (default): a pool of worker processes, each with its own catalogue and engine,
  each running one task at a time. A task that outlives its time limit is stopped: its worker
  is killed and a fresh one takes its place. A worker that dies costs that task only.
- ``lock``: one engine in the server's process, one task at a time behind a lock, each in a
  thread. A task that outlives its time limit is reported at once, but cannot be stopped
  (the C code holds the GIL until it returns): the lock stays held until it ends, and tasks
  waiting longer than their own limit for the lock are refused, never run late.

A task is a module-level function ``task(state, *args)`` (:mod:`checker.web.tasks`); ``state``
is the process's :class:`State`. Its result must pickle (text, bytes, plain data).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import anyio
import anyio.to_thread

from checker.judging.engine import Engine
from checker.judging.evaluate import Evaluator
from checker.reading.loader import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    import datetime as dt

    from checker.judging.rules import Catalog

MODES = ("process", "lock")


class Busy(Exception):
    """No engine became free within the task's time limit (HTTP 503)."""


class TooLong(Exception):
    """The task outlived its time limit (HTTP 504)."""


class Failed(Exception):
    """The task raised, or its worker died: a bug of ours or a crash of the C engine (HTTP 500)."""


class State:
    """What a task may use: the catalogue and one compiled engine for the whole process (an
    :class:`Evaluator` compiles its own on first use, about 2 MB and 26 ms that are never
    freed: a long-running server shares one)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._engine: Engine | None = None

    def evaluator(self, as_of: dt.date, lang: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Evaluator:
        evaluator = Evaluator(self.catalog, as_of, lang, max_bytes=max_bytes)
        if self._engine is None:
            self._engine = evaluator.engine
        else:
            evaluator.engine = self._engine
        return evaluator

    @contextlib.contextmanager
    def shared_engine(self) -> Iterator[None]:
        """While the block runs, every :class:`Evaluator` made for this catalogue by
        :mod:`checker.committee.history` (which makes one per date) uses this process's engine."""
        from checker.committee import history

        made = history.Evaluator

        def evaluator(catalog: Catalog, as_of: dt.date, lang: str = "fr", *args: Any, **kwargs: Any) -> Evaluator:
            if catalog is self.catalog and not args and not kwargs:
                return self.evaluator(as_of, lang)
            return made(catalog, as_of, lang, *args, **kwargs)

        history.Evaluator = evaluator  # type: ignore[assignment,misc]
        try:
            yield
        finally:
            history.Evaluator = made  # type: ignore[misc]


def _load_state(rules_dir: str | None) -> State:
    from checker.judging.rules import load_catalog

    return State(load_catalog(Path(rules_dir) if rules_dir else None))


class Runner(Protocol):
    """What runs the tasks (:class:`ProcessRunner`, :class:`LockRunner`): started and stopped
    with the application, each task given its time limit."""

    mode: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def run(self, task: Callable[..., Any], *args: Any, timeout: float) -> Any: ...


class LockRunner:
    """One engine in this process, one task at a time."""

    mode = "lock"

    def __init__(self, rules_dir: str | None = None, state: State | None = None) -> None:
        self.state = state or _load_state(rules_dir)
        self._lock = threading.Lock()

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    async def run(self, task: Callable[..., Any], *args: Any, timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        running = threading.Event()  # set once the task holds the engine

        def locked() -> Any:  # the task's result
            # given up a little before the deadline: a request that never got the engine is
            # told so (Busy), not that its evaluation took too long
            if not self._lock.acquire(timeout=max(0.0, deadline - time.monotonic() - min(0.05, timeout / 10))):
                raise Busy
            try:
                if time.monotonic() > deadline:  # its client has had its answer: never run late
                    raise Busy
                running.set()
                return task(self.state, *args)
            finally:
                self._lock.release()

        try:
            with anyio.fail_after(timeout):
                return await anyio.to_thread.run_sync(locked, abandon_on_cancel=True)
        except TimeoutError:  # Busy when the task never got the engine, however late its thread woke
            raise (TooLong if running.is_set() else Busy) from None
        except (Busy, TooLong):
            raise
        except Exception as exc:
            raise Failed(f"{type(exc).__name__}: {exc}"[:300]) from None


def _serve(conn: Connection, rules_dir: str | None) -> None:
    """A worker process: load the catalogue, then run each task received, one at a time."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's business: it stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    state = _load_state(rules_dir)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the server has gone
            return
        if message is None:
            return
        task, args = message
        try:
            answer = ("ok", task(state, *args))
        except Exception as exc:  # a bug of ours costs this task, not the worker
            answer = ("error", f"{type(exc).__name__}: {exc}"[:300])
        conn.send(answer)


class _Worker:
    def __init__(self, context: ForkServerContext | SpawnContext, rules_dir: str | None) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, rules_dir), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def call(self, task: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> tuple[str, Any]:
        """Run one task; ("timeout", None) when no answer came in time, ("died", detail) when
        the worker is gone. Blocking: called in a thread."""
        deadline = time.monotonic() + timeout
        try:
            if not self.ready:  # its catalogue is loading: part of the first task's time
                if not self.conn.poll(timeout):
                    return "timeout", None
                self.conn.recv()
                self.ready = True
            self.conn.send((task, args))
            if not self.conn.poll(max(0.0, deadline - time.monotonic())):
                return "timeout", None
            return self.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            return "died", f"exit status {self.process.exitcode}"

    def stop(self, graceful: bool = True) -> None:
        if graceful and self.process.is_alive():
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


def _context() -> ForkServerContext | SpawnContext:
    """forkserver where there is one: a worker is forked from a small process that has no
    thread (the server has several; forking it would copy their locks), else spawn."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["checker.web.tasks"])
    return context


class ProcessRunner:
    """A pool of worker processes, each running one task at a time."""

    mode = "process"

    def __init__(self, rules_dir: str | None = None, workers: int = 2) -> None:
        self.rules_dir, self.size = rules_dir, max(1, workers)
        self._context = _context()
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: list[_Worker] = []

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            worker = await anyio.to_thread.run_sync(self._fresh)
            self._idle.put_nowait(worker)

    def _fresh(self) -> _Worker:
        worker = _Worker(self._context, self.rules_dir)
        self._all.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> _Worker:
        worker.stop(graceful=False)
        self._all.remove(worker)
        return self._fresh()

    async def stop(self) -> None:
        for worker in list(self._all):
            await anyio.to_thread.run_sync(worker.stop)
        self._all.clear()

    async def run(self, task: Callable[..., Any], *args: Any, timeout: float) -> Any:
        assert self._idle is not None, "start() first"
        deadline = time.monotonic() + timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            raise Busy from None
        try:
            left = max(0.0, deadline - time.monotonic())
            status, value = await anyio.to_thread.run_sync(worker.call, task, args, left)
            if status in ("timeout", "died"):  # stopped: a fresh worker takes its place
                worker = await anyio.to_thread.run_sync(self._replace, worker)
        finally:
            self._idle.put_nowait(worker)
        if status == "ok":
            return value
        if status == "timeout":
            raise TooLong
        raise Failed(str(value))

    def pids(self) -> list[int]:
        """The workers' process ids (tests, the benchmark's memory readings)."""
        return [w.process.pid for w in self._all if w.process.pid is not None]


def runner(mode: str, rules_dir: str | None = None, workers: int = 2) -> Runner:
    return ProcessRunner(rules_dir, workers) if mode == "process" else LockRunner(rules_dir)
