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

The guards of the way out, for every writer:

- **inside its directory**: :func:`inside` makes a file name that cannot leave its output
  directory; a batch or a file given ``within`` refuses any target whose resolved path (symbolic
  links followed) leaves that directory (:class:`OutsideOutput`);
- **never a file it may not replace**: an existing target that is read-only (no write
  permission) or not a regular file (a directory, a FIFO) is refused with :class:`Refused` (an
  ``OSError``: "permission refusée", "c'est un dossier"), before any temporary file is made;
- **symbolic links kept**: a target that is a symbolic link is written through: the file it
  names is replaced, the link stays a link;
- **its own stale temporary files removed**: a temporary file is named
  ``.NAME.PID-HOST-RANDOM.tmp`` (the writer's process id, and a tag of its machine and process
  namespace). Writing NAME removes the earlier temporary files of NAME that no running writer
  owns: those of this machine whose process is gone (a run killed by SIGKILL, a power cut),
  and, for those that cannot be checked that way (another machine or container sharing the
  folder, the older ``.NAME.XXXXXXXX.tmp`` names), those untouched for :data:`STALE_AFTER`
  seconds. A writer that is alive (even stopped) on this machine never loses its files;
  :func:`sweep` does the same for any set of names (the import: every declaration);
- **what was written is known**: every rename is recorded (:func:`committed`), with the
  signals held between the rename and its record, so an interrupted command says exactly which
  files it replaced and which it did not;
- **one writer at a time** where a file is read, then written back (the import's state file):
  :func:`locked` holds an ``flock`` on a lock file beside it (removed when the writer ends).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import signal
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

STALE_AFTER = 3600  # seconds: a temporary file whose writer cannot be checked is stale after this
LOCK_WAIT = 600  # seconds a writer waits for the lock of another (then LockBusy)
_LOCK_POLL = 0.1  # seconds between two tries of a busy lock


class Refused(OSError):
    """A target the writer will not replace: read-only, or not a regular file. An ``OSError``
    (its ``errno`` EACCES, EISDIR or EINVAL, its ``key`` the words of
    :data:`checker.foundation.wording.SYSTEM_ERRORS` that say why), so a caller that reports write errors
    reports it the same way, in the reader's language (:func:`checker.foundation.wording.system_error`)."""

    def __init__(self, number: int, key: str, filename: str):
        super().__init__(number, os.strerror(number), filename)
        self.key = key


class OutsideOutput(ValueError):
    """A name that would make a file outside its output directory (see :func:`inside`)."""


class LockBusy(OSError):
    """Another writer held the lock for longer than :data:`LOCK_WAIT` seconds."""


@contextlib.contextmanager
def atomic_open(
    target: str | os.PathLike[str],
    mode: str = "w",
    encoding: str | None = "utf-8",
    within: str | os.PathLike[str] | None = None,
    output: bool = True,
) -> Iterator[IO[Any]]:
    """Open a stream that replaces ``target`` only when the ``with`` block ends without error.

    The temporary file lives beside the target (same file system, so the rename is atomic) and
    is removed on any error, ``KeyboardInterrupt`` and ``SystemExit`` included. An existing
    target keeps its permission bits; a new one gets the usual ``0o666 & ~umask``. The guards of
    the module's docstring apply (``within``: the directory the target must stay in); ``output``
    False: not recorded among what the command wrote (a cache)."""
    shown = Path(target)
    target, info = destination(shown, within)
    _sweep_names(target.parent, {target.name})
    temporary = None
    try:
        with signals_held():  # a Ctrl-C between creating the file and knowing its name would leak it
            handle, temporary = _temporary(target, "b" in mode, encoding)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode_of(info))
        with signals_held():  # replaced and recorded, or neither
            os.replace(temporary, target)
            if output:
                _COMMITTED.append(shown)
    except BaseException:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
        raise


def destination(
    target: str | os.PathLike[str], within: str | os.PathLike[str] | None = None
) -> tuple[Path, os.stat_result | None]:
    """The file to replace for ``target`` (a symbolic link's own target: the link stays) and
    its status (None when there is none yet). :class:`OutsideOutput` when ``within`` is given
    and the resolved path leaves it; :class:`Refused` for an existing target that is not a
    regular file or that may not be written (read-only)."""
    target = Path(target)
    if within is not None:
        _check_within(Path(within), target)
    real = Path(os.path.realpath(target)) if os.path.islink(target) else target
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return real, None
    if stat.S_ISDIR(info.st_mode):
        raise Refused(errno.EISDIR, "EISDIR", str(target))
    if not stat.S_ISREG(info.st_mode):
        raise Refused(errno.EINVAL, "not_regular", str(target))
    if not info.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise Refused(errno.EACCES, "read_only", str(target))
    return real, info


def _check_within(directory: Path, target: Path, real_directory: str | None = None) -> None:
    base = real_directory or os.path.realpath(directory)
    if os.path.commonpath([base, os.path.realpath(target)]) != base:
        raise OutsideOutput(target.name)


def _exclusive(target: Path) -> tuple[int, Path]:
    """A new file ``.NAME.PID-HOST-RANDOM.tmp`` beside ``target`` (created exclusively, mode
    0o600, never through a link): its descriptor and path."""
    directory = target.parent if str(target.parent) else Path(".")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        name = directory / f".{target.name}.{os.getpid()}-{_host()}-{os.urandom(4).hex()}.tmp"
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(directory))  # pragma: no cover


def _temporary(target: Path, binary: bool, encoding: str | None) -> tuple[IO[Any], Path]:
    """A new temporary file beside ``target`` (:func:`_exclusive`) and a stream writing it;
    newlines are written as given."""
    fd, temporary = _exclusive(target)
    try:
        buffered = io.BufferedWriter(io.FileIO(fd, "wb", closefd=True))  # writes whole, as open() gives
        handle: IO[Any] = buffered if binary else io.TextIOWrapper(buffered, encoding=encoding, newline="")
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return handle, temporary


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
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


def atomic_write_text(
    target: str | os.PathLike[str], content: str, encoding: str = "utf-8", within: str | os.PathLike[str] | None = None
) -> None:
    with atomic_open(target, "w", encoding, within) as out:
        out.write(content)


def create_text(target: str | os.PathLike[str], content: str, encoding: str = "utf-8") -> None:
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
            os.fchmod(fd, _mode_of(None))
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
            _COMMITTED.append(target)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _create_exclusively(target: Path, data: bytes) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _mode_of(None))
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


def inside(directory: str | os.PathLike[str], name: str) -> Path:
    """``directory/name`` for a file conformite writes into an output directory, when ``name`` is
    one plain file name that stays there: no separator, not ``.`` or ``..``, no NUL, and the
    resolved path (symbolic links followed) still inside the resolved directory. Otherwise
    :class:`OutsideOutput`: a startup id or a page name never chooses where a file goes."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name or os.sep in name:
        raise OutsideOutput(name)
    target = Path(directory) / name
    _check_within(Path(directory), target)
    return target


def _mode_of(info: os.stat_result | None) -> int:
    """An existing target's permission bits, else a new file's (``0o666 & ~umask``)."""
    if info is not None:
        return stat.S_IMODE(info.st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# --- what was written: every rename, in order --------------------------------------------

_COMMITTED: list[Path] = []


def committed() -> list[Path]:
    """The files replaced since :func:`forget` (as their writers named them), in order."""
    return list(_COMMITTED)


def forget() -> None:
    """A command starts: nothing written yet."""
    _COMMITTED.clear()


def committed_text(lang: str = "fr") -> str | None:
    """What :func:`committed` holds, as a message says it: each file by its name, or, beyond
    three in one directory, their number and the directory. None when nothing was written."""
    from .messages import text
    from .wording import printable

    if not _COMMITTED:
        return None
    folders: dict[Path, list[Path]] = {}
    for path in dict.fromkeys(_COMMITTED):
        folders.setdefault(path.parent, []).append(path)
    parts = []
    for folder, files in folders.items():
        if len(files) <= 3:
            parts += [printable(str(path)) for path in files]
        else:
            parts.append(text("atomic.files_in", lang, count=len(files), dir=printable(str(folder))))
    return ", ".join(parts)


# --- temporary files left by a writer that died --------------------------------------------

_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?:(?P<pid>\d+)-(?P<host>[0-9a-f]{6})-[0-9a-f]{8}|[a-z0-9_]{8})\.tmp")
_HOST: list[str] = []


def _host() -> str:
    """This machine and process namespace, as six hex digits: a process id in a temporary
    file's name is checked only where it means the same process."""
    if not _HOST:
        import hashlib
        import socket

        try:
            namespace = os.readlink("/proc/self/ns/pid")
        except OSError:
            namespace = ""
        _HOST.append(hashlib.blake2s(f"{socket.gethostname()} {namespace}".encode(), digest_size=3).hexdigest())
    return _HOST[0]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: another user's process, alive
        return True
    return True


def _stale(entry: os.DirEntry[str], match: re.Match[str], now: float) -> bool:
    """Whether the temporary file ``entry`` belongs to no running writer (module docstring)."""
    try:
        if not entry.is_file(follow_symlinks=False):
            return False
        if match["pid"] is not None and match["host"] == _host():
            return not _alive(int(match["pid"]))
        return now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
    except OSError:
        return False


def _stale_files(directory: Path, wanted: Callable[[str], bool]) -> Iterator[tuple[str, Path]]:
    """(NAME, path) of each stale temporary file of a NAME ``wanted`` in ``directory``."""
    now = time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        match = _TEMPORARY.fullmatch(entry.name) if entry.name.endswith(".tmp") else None
        if match is not None and wanted(match["name"]) and _stale(entry, match, now):
            yield match["name"], Path(entry.path)


def sweep(directory: str | os.PathLike[str], wanted: Callable[[str], bool]) -> int:
    """Remove the stale temporary files (module docstring) of every file name ``wanted``
    accepts in ``directory``; how many were removed."""
    removed = 0
    for _, path in _stale_files(Path(directory), wanted):
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


def _sweep_names(directory: Path, names: set[str]) -> None:
    sweep(directory if str(directory) else Path("."), names.__contains__)


# --- one writer at a time ------------------------------------------------------------------


@contextlib.contextmanager
def locked(lock_file: str | os.PathLike[str], waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """An exclusive ``flock`` on ``lock_file`` for the block (the file made for it, never
    through a link, and removed at the end). When another writer holds it, ``waiting()`` is
    called once and the lock is tried again every tenth of a second for at most
    :data:`LOCK_WAIT` seconds, then :class:`LockBusy`. The lock taken is checked to be still
    the file of that name (a writer ending removes the file it locked: the one waiting for it
    then locks the next one instead), so two writers never hold it at once; a lock file left
    by a killed writer is locked and removed by the next."""
    deadline = None
    while True:
        fd = _lock_once(Path(lock_file))
        if fd is not None:
            break
        if deadline is None:
            deadline = time.monotonic() + LOCK_WAIT
            if waiting is not None:
                waiting()
        elif time.monotonic() > deadline:
            raise LockBusy(errno.EAGAIN, os.strerror(errno.EAGAIN), str(lock_file))
        time.sleep(_LOCK_POLL)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock_file)  # while still locked: see the docstring
        os.close(fd)  # the lock goes with the descriptor


def _lock_once(lock_file: Path) -> int | None:
    """A descriptor of ``lock_file`` locked, or None when another writer holds it."""
    import fcntl

    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK
    for _ in range(100):  # each turn: the file locked was removed by the writer that held it
        fd = os.open(lock_file, flags, 0o666)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise Refused(errno.EINVAL, "not_regular", str(lock_file))
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            now = os.stat(lock_file, follow_symlinks=False)
        except (BlockingIOError, FileNotFoundError) as exc:
            os.close(fd)
            if isinstance(exc, BlockingIOError):
                return None
            continue
        except BaseException:
            os.close(fd)
            raise
        if os.path.samestat(now, info):
            return fd
        os.close(fd)
    return None


# --- batches -------------------------------------------------------------------------------


class Batch:
    """Files written now, replaced together by :meth:`commit` (see the module's docstring).
    ``within``: the directory every target must stay in (resolved paths checked)."""

    def __init__(self, within: str | os.PathLike[str] | None = None) -> None:
        self._syncfs = _syncfs_function()
        self._pending: list[tuple[Path, Path, Path]] = []  # (temporary, target, as named), in writing order
        self._new_mode: int | None = None  # a new file's mode, once known
        self._within = (Path(within), os.path.realpath(within)) if within is not None else None
        self._stale: dict[Path, dict[str, list[Path]]] = {}  # directory -> NAME -> stale temporaries

    def write_text(self, target: str | os.PathLike[str], content: str, encoding: str = "utf-8") -> None:
        """Write ``content`` to a temporary file beside ``target``; ``target`` is replaced at commit.
        :class:`Refused` or :class:`OutsideOutput` (the batch unharmed, nothing made) for a
        target the module's guards refuse."""
        shown = Path(target)
        if self._within is not None:
            _check_within(self._within[0], shown, self._within[1])
        target, info = destination(shown)
        data = content.encode(encoding)  # an unencodable text fails here, before any file is made
        self._sweep(target)
        try:
            with signals_held():  # the temporary file is known to the batch as soon as it exists
                fd, temporary = _exclusive(target)
                self._pending.append((temporary, target, shown))
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fchmod(fd, self._mode_for(info))
                if self._syncfs is None:  # no file-system-wide flush here: this file's own
                    os.fsync(fd)
            finally:
                os.close(fd)
        except BaseException:
            self.discard()
            raise

    def _sweep(self, target: Path) -> None:
        """Remove the stale temporary files of ``target``'s name (its directory read once)."""
        directory = target.parent if str(target.parent) else Path(".")
        found = self._stale.get(directory)
        if found is None:
            found = self._stale[directory] = {}
            for name, path in _stale_files(directory, lambda name: True):
                found.setdefault(name, []).append(path)
        for path in found.pop(target.name, ()):
            with contextlib.suppress(OSError):
                path.unlink()

    def _mode_for(self, info: os.stat_result | None) -> int:
        """As :func:`_mode_of`, the umask read once per batch."""
        if info is not None:
            return stat.S_IMODE(info.st_mode)
        if self._new_mode is None:
            self._new_mode = _mode_of(None)
        return self._new_mode

    def commit(self) -> None:
        """Flush every temporary file, rename each over its target, flush their directories."""
        directories = list(dict.fromkeys(temporary.parent for temporary, _, _ in self._pending))
        if self._syncfs is not None:
            for directory in _one_per_file_system(directories):
                _flush(directory, self._syncfs)
        with signals_held():  # all renamed or (an error aside) none; each rename recorded
            while self._pending:
                temporary, target, shown = self._pending[0]
                os.replace(temporary, target)
                _COMMITTED.append(shown)
                self._pending.pop(0)
            for directory in directories:  # the renames themselves made durable; best effort:
                with contextlib.suppress(OSError):  # some file systems cannot flush a directory
                    _flush(directory, os.fsync)

    def discard(self) -> None:
        """Remove every temporary file not yet renamed."""
        while self._pending:
            temporary, _, _ = self._pending.pop()
            with contextlib.suppress(OSError):
                temporary.unlink()


@contextlib.contextmanager
def atomic_batch(within: str | os.PathLike[str] | None = None) -> Iterator[Batch]:
    """A :class:`Batch` committed when the block ends without error, discarded otherwise
    (``KeyboardInterrupt`` and ``SystemExit`` included): no temporary file is left behind."""
    batch = Batch(within)
    try:
        yield batch
        batch.commit()
    finally:
        batch.discard()


def _syncfs_function() -> Callable[[int], None] | None:
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


def _flush(directory: Path, how: Callable[[int], None]) -> None:
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        how(fd)
    finally:
        os.close(fd)
