"""Every file conformite writes goes through here: a temporary file in the target's directory,
renamed into place once complete, so an interrupted or concurrent run never leaves a torn file
and the previous version stays whole until the new one is ready.

Durability. ``atomic_open`` (one file) flushes its temporary file to disk (``fsync``) before
the rename. A run writing many files at once (``conformite import``: one declaration per page)
uses :func:`atomic_batch` instead: every temporary file is written first, then all of them are
flushed with a single ``syncfs`` of their file system (Linux; one flush instead of one
``fsync`` per file, which cost most of an import's time), then each is renamed over its target
and each directory written to is flushed once. Each file is still replaced atomically and
durably (its content is on disk before its name points to it); where ``syncfs`` is not
available each temporary file is ``fsync``-ed as before. An error, Ctrl-C or SIGTERM before the
renames removes every temporary file and leaves all targets as they were; the renames run with
those signals held, so an interrupted batch never leaves part of its files replaced.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_open(target: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a stream that replaces ``target`` only when the ``with`` block ends without error.

    The temporary file lives beside the target (same file system, so the rename is atomic) and
    is removed on any error, ``KeyboardInterrupt`` and ``SystemExit`` included. An existing
    target keeps its permission bits; a new one gets the usual ``0o666 & ~umask``.
    """
    target = Path(target)
    temporary = None
    try:
        with signals_held():  # a Ctrl-C between creating the file and knowing its name would leak it
            handle, temporary = _temporary(target, "b" in mode, encoding)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
        raise


def _exclusive(target: Path) -> tuple[int, Path]:
    """A new file ``.NAME.XXXXXXXX.tmp`` beside ``target`` (``tempfile.mkstemp``: created
    exclusively, mode 0o600): its descriptor and path."""
    import tempfile  # here: a check that writes no file (a report to standard output) does not pay for it

    directory = target.parent if str(target.parent) else Path(".")
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    return fd, Path(name)


def _temporary(target: Path, binary: bool, encoding: str | None) -> tuple[IO, Path]:
    """A new temporary file beside ``target`` (:func:`_exclusive`) and a stream writing it;
    newlines are written as given."""
    fd, temporary = _exclusive(target)
    try:
        buffered = io.BufferedWriter(io.FileIO(fd, "wb", closefd=True))  # writes whole, as open() gives
        handle: IO = buffered if binary else io.TextIOWrapper(buffered, encoding=encoding, newline="")
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return handle, temporary


@contextlib.contextmanager
def signals_held():
    """SIGINT and SIGTERM held back for the block (delivered as soon as it ends)."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def atomic_write_text(target: str | os.PathLike, content: str, encoding: str = "utf-8") -> None:
    with atomic_open(target, "w", encoding) as out:
        out.write(content)


def create_text(target: str | os.PathLike, content: str, encoding: str = "utf-8") -> None:
    """Write a *new* file ``target``, never replacing one: the whole content goes to a temporary
    file beside it (flushed to disk), which is then linked to ``target`` (``os.link`` refuses a
    name that exists, so a file that appeared meanwhile, even a symbolic link, stays as it is:
    :class:`FileExistsError`); the temporary name is removed in every case. Where the file system
    has no hard links, ``target`` is opened with ``O_EXCL`` instead (still never replaced)."""
    target = Path(target)
    data = content.encode(encoding)  # an unencodable text fails here, before any file is made
    with signals_held():
        fd, temporary = _exclusive(target)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fchmod(fd, _mode_for(target))
            os.fsync(fd)
        finally:
            os.close(fd)
        with signals_held():  # linked and its temporary name gone, or (an error aside) neither
            try:
                os.link(temporary, target)
            except FileExistsError:
                raise
            except OSError:  # no hard links here (some network or FAT file systems)
                _create_exclusively(target, data)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _create_exclusively(target: Path, data: bytes) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _mode_for(target))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            target.unlink()  # ours: created just above
        raise
    os.close(fd)


class OutsideOutput(ValueError):
    """A name that would make a file outside its output directory (see :func:`inside`)."""


def inside(directory: str | os.PathLike, name: str) -> Path:
    """``directory/name`` for a file conformite writes into an output directory, when ``name`` is
    one plain file name that stays there: no separator, not ``.`` or ``..``, no NUL, and the
    resolved path (symbolic links followed) still inside the resolved directory. Otherwise
    :class:`OutsideOutput`: a startup id or a page name never chooses where a file goes."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name or os.sep in name:
        raise OutsideOutput(name)
    base = Path(directory)
    target = base / name
    if os.path.commonpath([os.path.realpath(base), os.path.realpath(target)]) != os.path.realpath(base):
        raise OutsideOutput(name)
    return target


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class Batch:
    """Files written now, replaced together by :meth:`commit` (see the module's docstring)."""

    def __init__(self) -> None:
        self._syncfs = _syncfs_function()
        self._pending: list[tuple[Path, Path]] = []  # (temporary, target), in writing order
        self._new_mode: int | None = None  # a new file's mode, once known

    def write_text(self, target: str | os.PathLike, content: str, encoding: str = "utf-8") -> None:
        """Write ``content`` to a temporary file beside ``target``; ``target`` is replaced at commit."""
        target = Path(target)
        data = content.encode(encoding)  # an unencodable text fails here, before any file is made
        try:
            with signals_held():  # the temporary file is known to the batch as soon as it exists
                fd, temporary = _exclusive(target)
                self._pending.append((temporary, target))
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fchmod(fd, self._mode_for(target))
                if self._syncfs is None:  # no file-system-wide flush here: this file's own
                    os.fsync(fd)
            finally:
                os.close(fd)
        except BaseException:
            self.discard()
            raise

    def _mode_for(self, target: Path) -> int:
        """As :func:`_mode_for`, the umask read once per batch."""
        try:
            return stat.S_IMODE(target.stat().st_mode)
        except OSError:
            if self._new_mode is None:
                self._new_mode = _mode_for(target)
            return self._new_mode

    def commit(self) -> None:
        """Flush every temporary file, rename each over its target, flush their directories."""
        directories = list(dict.fromkeys(temporary.parent for temporary, _ in self._pending))
        if self._syncfs is not None:
            for directory in _one_per_file_system(directories):
                _flush(directory, self._syncfs)
        with signals_held():  # all renamed or (an error aside) none
            while self._pending:
                temporary, target = self._pending[0]
                os.replace(temporary, target)
                self._pending.pop(0)
            for directory in directories:  # the renames themselves made durable; best effort:
                with contextlib.suppress(OSError):  # some file systems cannot flush a directory
                    _flush(directory, os.fsync)

    def discard(self) -> None:
        """Remove every temporary file not yet renamed."""
        while self._pending:
            temporary, _ = self._pending.pop()
            with contextlib.suppress(OSError):
                temporary.unlink()


@contextlib.contextmanager
def atomic_batch() -> Iterator[Batch]:
    """A :class:`Batch` committed when the block ends without error, discarded otherwise
    (``KeyboardInterrupt`` and ``SystemExit`` included): no temporary file is left behind."""
    batch = Batch()
    try:
        yield batch
        batch.commit()
    finally:
        batch.discard()


def _syncfs_function():
    """``syncfs(fd)`` (flush one whole file system) when the C library has it, else None."""
    if not hasattr(os, "sched_getaffinity"):  # not Linux: no syncfs
        return None
    try:
        import ctypes

        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (ImportError, OSError, AttributeError):  # pragma: no cover - no such C library
        return None
    syncfs.argtypes = [ctypes.c_int]

    def flush(fd: int) -> None:
        if syncfs(fd) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, os.strerror(errno))

    return flush


def _one_per_file_system(directories: list[Path]) -> list[Path]:
    seen: dict[int, Path] = {}
    for directory in directories:
        seen.setdefault(os.stat(directory).st_dev, directory)
    return list(seen.values())


def _flush(directory: Path, how) -> None:
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        how(fd)
    finally:
        os.close(fd)
