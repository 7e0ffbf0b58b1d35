"""Standard error, written one way: every line conformite writes there for its user goes through
:func:`say`, which starts it with ``conformite:`` and makes every control character harmless
(:func:`checker.foundation.wording.printable`: terminal escapes such as OSC ``ESC ] 0;… BEL`` that set a
window title or OSC 52 that writes the clipboard, CSI sequences, other C0 and C1 controls,
bidirectional overrides), whatever the message holds: a file name, a URL, an answers key, an
exception's text. A new command writes its lines here and gets the guard for free.

This module imports only :mod:`checker.foundation.messages` (which imports nothing of the command line):
any module of the package may import it without an import circle.
"""

from __future__ import annotations

import os
import sys

from .wording import printable


def say(message: object) -> None:
    """One line on standard error: ``conformite: MESSAGE``, cleaned: no terminal escape, and a
    line break in a value (a file name, an id read from a file) written out, so that it cannot
    start a line of its own (``conformite: tout va bien``)."""
    line = printable(str(message).replace("\r", "\\r").replace("\n", "\\n"))
    sys.stderr.write(f"conformite: {line}\n")


def terminal_width(measured: int) -> int:
    """The width to draw for on a terminal whose size reads ``measured`` columns: that, unless
    it reads 0 (some CI and container terminals, ``script -qec …``), then ``COLUMNS``, then 80."""
    if measured > 0:
        return measured
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    return columns if columns > 0 else 80
