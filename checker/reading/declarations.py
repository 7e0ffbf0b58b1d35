"""Declarations found and read as ``check`` reads them: the files behind the PATH arguments
(:func:`collect`: a directory searched for ``*.yaml`` and ``*.yml``, hidden directories skipped,
each file once) and each one read by the guarded loader and validated against the schema once
(:func:`load`), to be judged as of any date. Every command that reads a portfolio (``check``,
the committee tools, ``evidence``, the web pages) and the git history find their files here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from checker.foundation.wording import printable

from .loader import Document, load_file
from .problems import Problem
from .schema import validate

SUFFIXES = (".yaml", ".yml")


def collect(arguments: Iterable[str]) -> list[tuple[str, Path | Problem]]:
    """(shown name, file) per declaration, in a stable order; a problem for a bad argument.

    A directory is searched recursively for ``*.yaml`` / ``*.yml`` (hidden directories skipped);
    a file named on the command line is read whatever its extension. Each file once.
    """
    found: list[tuple[str, Path | Problem]] = []
    seen: set[str] = set()
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


def _files(top: str) -> list[tuple[tuple[str, ...], str, str, str]]:
    """(the path's parts: Path's order, its real path, its directory, its name) of every
    ``*.yaml`` / ``*.yml`` file under ``top``, as ``os.walk`` finds them (hidden directories
    skipped, a link to a directory not followed, an unreadable directory passed over), with
    one ``scandir`` per directory: an entry says whether it is a directory or a link, so a
    file costs no system call, and its real path is its directory's (resolved once) unless
    it is a link."""
    found: list[tuple[tuple[str, ...], str, str, str]] = []
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


def _is_link(entry: os.DirEntry[str]) -> bool:
    """As os.walk asks: an entry gone meanwhile (where the directory does not give the kind of
    each entry, this asks the file system) is no link; it is then reported unreadable."""
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _add(
    found: list[tuple[str, Path | Problem]], seen: set[str], shown: str, path: Path, key: str | None = None
) -> None:
    key = key or os.path.realpath(path)
    if key not in seen:
        seen.add(key)
        found.append((shown, path))


@dataclass
class Loaded:
    """A declaration read and validated once, to be evaluated as of any date."""

    shown: str
    doc: Document | None
    problems: list[Problem]


def load(shown: str, target: Path | Problem) -> Loaded:
    if isinstance(target, Problem):
        return Loaded(printable(shown), None, [target])
    doc, problems = load_file(Path(target))
    if not problems:
        problems = validate(doc)
    return Loaded(printable(shown), doc, problems)
