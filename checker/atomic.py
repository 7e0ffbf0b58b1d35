"""Every file conformite writes goes through here: a temporary file in the target's directory,
renamed into place once complete, so an interrupted or concurrent run never leaves a torn file
and the previous version stays whole until the new one is ready.
"""

from __future__ import annotations

import contextlib
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
    import tempfile  # here, not at import: `check` to standard output writes no file

    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    binary = "b" in mode
    temporary = None
    try:
        with _signals_held():  # a Ctrl-C between creating the file and knowing its name would leak it
            handle = tempfile.NamedTemporaryFile(
                mode="wb" if binary else "w",
                encoding=None if binary else encoding,
                dir=directory,
                prefix=f".{target.name}.",
                suffix=".tmp",
                delete=False,
                newline=None if binary else "",
            )
            temporary = Path(handle.name)
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


@contextlib.contextmanager
def _signals_held():
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


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
