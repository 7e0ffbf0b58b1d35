"""``import --jobs N``: source files read by N processes, results handed on in order.

The import reads hundreds of small files (product pages, member and organisation pages) and
makes one declaration of each page: that work is independent from one file to the next, so
it is shared between processes, as ``check --jobs`` shares its files (``checker/judging/parallel.py``),
but more simply, the files being few and cheap:

- the files are cut into N consecutive shares; the main process reads the first one itself
  (handing each result on at once: the writer works meanwhile) and N-1 forked workers read one
  share each, once what every file needs is ready (no interpreter to start, nothing to import
  again; the main process's objects frozen out of the collector meanwhile, so that a worker
  copies few of its pages), with the very function the main process runs; each worker sends
  its results :data:`FRAME` at a time, taken as they come (the main process writes the
  declarations of one share while the next is still being read). Results are handed on in
  the order of the files, so the declarations, the state file and every message are
  byte-identical to ``--jobs 1``;
- everything is written by the main process only (``checker/foundation/atomic.py``'s batch);
- a worker that dies, or fails on a file, costs nothing: the rest of its share, from the first
  result it did not send, is read in the main process (where a file that fails raises just
  as it does with ``--jobs 1``);
- workers never see Ctrl-C (SIGINT is ignored in them): the main process unwinds and stops
  them; a worker whose main process has gone dies writing to the closed pipe;
- a small import (``--startup ID``, a few pages) starts no worker: below
  :data:`FILES_PER_WORKER` files per process, one process is faster. Where there is no
  ``fork`` (Windows) the import runs in one process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
from collections.abc import Callable, Iterator, Sequence

from checker.foundation.atomic import signals_held

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
    bounds = [first + rest * k // (processes - 1) for k in range(processes)]
    children: list[_Child] = []  # in the order of their shares, until collected
    try:
        with signals_held(), _frozen():  # a signal reaches the main process's handler just after, no worker's
            try:
                for start, end in zip(bounds, bounds[1:]):
                    children.append(_fork(function, items, start, end, shared))
            except OSError:  # no process to be had (EAGAIN, EMFILE): everything is read here
                while children:
                    children.pop().stop()
                first = len(items)
        for item in items[:first]:
            yield function(item, *shared)
            for child in children:  # what the workers have sent so far, so that none waits on a full pipe
                child.drain()
        while children:
            child = children[0]
            while child.next < child.end:
                results = child.receive(children)
                if results is None:  # died or failed: the rest of its share is read here
                    break
                yield from results
            yield from (function(item, *shared) for item in items[child.next : child.end])
            children.pop(0).stop(kill=False)
    finally:
        for child in children:  # stopped early (Ctrl-C, an error): the workers left go
            child.stop()


FRAME = 16  # results per message from a worker
_SIZE = 8  # bytes giving a message's length


def _fork(function: Callable, items: Sequence, start: int, end: int, shared: tuple) -> _Child:
    """A worker computing ``items[start:end]``, sending its results :data:`FRAME` at a time."""
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
            with open(write, "wb", closefd=True) as out:
                for at in range(start, end, FRAME):
                    data = pickle.dumps([function(item, *shared) for item in items[at : min(at + FRAME, end)]], -1)
                    out.write(len(data).to_bytes(_SIZE, "little") + data)
                    out.flush()
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    os.set_blocking(read, False)
    return _Child(pid, read, start, end)


class _Child:
    """A worker as the main process sees it: what it has sent, what is still due."""

    def __init__(self, pid: int, fd: int, start: int, end: int):
        self.pid, self.fd, self.next, self.end = pid, fd, start, end
        self.buffer = bytearray()
        self.closed = False  # end of file: the worker finished, or died

    def drain(self) -> None:
        """Take whatever the worker has sent, without waiting."""
        while not self.closed:
            try:
                chunk = os.read(self.fd, 1 << 20)
            except BlockingIOError:
                return
            if not chunk:
                self.closed = True
            self.buffer += chunk

    def receive(self, children: list[_Child]) -> list | None:
        """The worker's next results (waiting for them, meanwhile draining the others), or
        None when it died or failed before sending them."""
        import select

        while True:
            if len(self.buffer) >= _SIZE:
                size = _SIZE + int.from_bytes(self.buffer[:_SIZE], "little")
                if len(self.buffer) >= size:
                    try:
                        results = pickle.loads(self.buffer[_SIZE:size])
                    except Exception:  # noqa: BLE001 - a message spoilt: the rest is read here
                        return None
                    del self.buffer[:size]
                    self.next += len(results)
                    return results
            if self.closed:
                return None
            open_ones = [child.fd for child in children if not child.closed]
            select.select(open_ones, [], [])
            for child in children:
                child.drain()

    def stop(self, kill: bool = True) -> None:
        """Close the pipe, stop the worker (``kill``) and reap it. Once per worker."""
        with contextlib.suppress(OSError):
            os.close(self.fd)
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


@contextlib.contextmanager
def _frozen() -> Iterator[None]:
    """The main process's objects kept out of the collector while the workers are forked: a
    worker's collections then never write to the pages it shares with the main process (no
    copy of them, as each such write would make)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
