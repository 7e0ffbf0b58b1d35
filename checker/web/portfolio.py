"""The portfolio directory the server reads, and what it computed from it, kept until a file
changes.

Each request for a page takes the directory's fingerprint: the relative name, size,
modification time and inode of every file under it (hidden directories skipped, as
``check`` skips them; a link to a directory not followed), hashed. That is one ``scandir``
per directory and one ``stat`` per file, no file read: a few milliseconds for 662
declarations. While it stays the same, pages are served from :class:`Portfolio`'s cache;
when it changes, the cache is dropped and each page is computed again when next asked for
(once, however many requests ask at the same time). Nothing is ever written there.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

import anyio.to_thread

MAX_FILES = 200_000  # entries looked at, at most: a fingerprint never walks without end
CACHED = 256  # pages kept (sheets, agendas and histories of several dates and languages)


def fingerprint(directory: str) -> str:
    """A digest of the names, sizes, modification times and inodes of the files under
    ``directory`` ("missing" when it cannot be listed)."""
    digest = hashlib.blake2b(digest_size=16)
    todo, seen, cut = [directory], 0, len(os.path.join(directory, ""))
    try:
        os.stat(directory)
    except OSError:
        return "missing"
    while todo and seen < MAX_FILES:
        root = todo.pop()
        try:
            with os.scandir(root) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            digest.update(f"unreadable {root}\n".encode("utf-8", "surrogateescape"))
            continue
        for entry in entries:
            seen += 1
            digest.update(_line(entry, todo, entry.path[cut:]))
    return digest.hexdigest()


def _line(entry: os.DirEntry, todo: list[str], name: str) -> bytes:
    """One entry's part of the fingerprint (``name``: relative to the directory); a directory
    to walk is put on ``todo``."""
    try:
        if entry.is_dir(follow_symlinks=False):
            if entry.name.startswith("."):  # .git and the like: never read by a check
                return b""
            todo.append(entry.path)
            return f"d {name}\n".encode("utf-8", "surrogateescape")
        info = entry.stat()  # a link to a file: its target's (a change of the target shows)
        line = f"f {name} {info.st_size} {info.st_mtime_ns} {info.st_ino}\n"
    except OSError:
        line = f"? {name}\n"
    return line.encode("utf-8", "surrogateescape")


class Portfolio:
    """Pages computed from ``directory``, kept while its fingerprint stays the same."""

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self._key: str | None = None
        self._pages: OrderedDict[tuple, Any] = OrderedDict()
        self._pending: dict[tuple, asyncio.Future] = {}

    async def current(self) -> str:
        """The fingerprint now (the cache is dropped when it changed)."""
        key = await anyio.to_thread.run_sync(fingerprint, self.directory)
        if key != self._key:
            self._key, self._pages = key, OrderedDict()
        return key

    async def page(self, what: tuple, compute: Callable[[], Awaitable[Any]]) -> Any:
        """The page ``what`` (a hashable description), computed by ``compute`` unless it is
        cached for the current fingerprint; requests asking for it at once share one computation."""
        key = await self.current()
        if what in self._pages:
            self._pages.move_to_end(what)
            return self._pages[what]
        pending = self._pending.get((key, what))
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._pending[(key, what)] = future
        try:
            value = await compute()
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when nobody else waited
            raise
        else:
            future.set_result(value)
        finally:
            del self._pending[(key, what)]
        if self._key == key:
            self._pages[what] = value
            while len(self._pages) > CACHED:
                self._pages.popitem(last=False)
        return value
