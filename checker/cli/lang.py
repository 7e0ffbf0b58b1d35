"""The language of the command line itself: ``--help``, usage lines and argparse's errors.

The parser is built in one language, so that language is known before argparse runs:
``--lang fr|en`` anywhere on the command line wins (the last one, as argparse reads it), then
the environment as POSIX orders it: the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is
set and not empty; a value starting with ``en`` is English, anything else (``fr_FR.UTF-8``,
``C.UTF-8``…) French. The environment chooses only the words of the command line; the
language of messages and reports is ``--lang`` alone (French by default, ``shared/spec``).

argparse's own words (``usage:``, ``positional arguments``, "the following arguments are
required"…) go through its ``gettext`` lookup; :func:`speaking` routes that lookup to
:data:`checker.foundation.messages.ARGPARSE` while a parser is built and run, and nothing changes for any
other use of argparse (outside :func:`speaking` the usual gettext answers).
"""

from __future__ import annotations

import argparse
import contextlib
import gettext
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from typing import Any, Protocol

from checker.foundation.messages import ARGPARSE, LANGS, text


class Subparsers(Protocol):
    """Where a command adds its parser (argparse's sub-parsers action, of checker.cli.main's parser class)."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


class Common(Protocol):
    """What checker.cli.main gives each command's parsers: ``h``, the help lookup in the help's
    language (:func:`helper`), the default ``--lang``, and the options every command words alike."""

    h: Callable[..., str]
    run_lang: str

    def metavar(self, kind: str) -> str: ...

    def lang(self, parser: argparse.ArgumentParser) -> None: ...

    def as_of(self, parser: argparse.ArgumentParser, date_type: Callable[[str], object] | None = None) -> None: ...

    def output(self, parser: argparse.ArgumentParser) -> None: ...

    def paths(self, parser: argparse.ArgumentParser) -> None: ...

    def evidence(self, parser: argparse.ArgumentParser) -> None: ...


_current: ContextVar[str | None] = ContextVar("conformite_cli_lang", default=None)


def from_argv(argv: Sequence[str]) -> str | None:
    """The last valid ``--lang X`` / ``--lang=X`` before a ``--`` (None when there is none)."""
    found = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in LANGS:
            found = value
    return found


def from_environment(environ: Mapping[str, str]) -> str:
    """``en`` when the first of LC_ALL, LC_MESSAGES, LANG set (not empty) starts with ``en``."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else "fr"
    return "fr"


def cli_lang(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language of the command line: ``--lang`` first, then the environment."""
    return from_argv(argv) or from_environment(os.environ if environ is None else environ)


def current() -> str:
    """The language of the parser being run (French outside :func:`speaking`)."""
    return _current.get() or "fr"


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """argparse's words in ``lang`` while the block runs (build the parser and parse in it)."""
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def _gettext(message: str) -> str:
    lang = _current.get()
    if lang is None:
        return gettext.gettext(message)
    return ARGPARSE.get(message, {}).get(lang, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    lang = _current.get()
    if lang is None:
        return gettext.ngettext(singular, plural, count)
    return _gettext(singular if count == 1 else plural)


# argparse looks its words up through these two module names (``from gettext import …``)
argparse._ = _gettext  # type: ignore[attr-defined]
argparse.ngettext = _ngettext  # type: ignore[attr-defined]


def helper(lang: str) -> Callable[..., str]:
    """``h("check.format")``: the help text ``help.check.format`` in ``lang``."""
    return lambda key, **params: text(f"help.{key}", lang, **params)
