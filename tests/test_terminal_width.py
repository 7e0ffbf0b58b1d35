"""The table on a real terminal (a pseudo-terminal) whose width reads 0, as in some CI and
container terminals (``script -qec "conformite check …" /dev/null``): it falls back to COLUMNS,
then 80 columns, and prints."""

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios

import pytest
from conftest import FIXTURES, ROOT

from checker.foundation.console import terminal_width

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|\x1b\][^\x07]*\x07")


def on_terminal(columns: int, environ: dict) -> tuple[int, list[str]]:
    """``conformite check`` of the examples on a pseudo-terminal ``columns`` wide: (exit status,
    the lines it shows, colours removed)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "CONFORMITE_CACHE_DIR": os.environ["CONFORMITE_CACHE_DIR"]}
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker", "check", str(FIXTURES / "examples"), "--as-of", "2025-01-15"],
        cwd=ROOT,
        stdout=slave,
        stderr=subprocess.PIPE,
        env={**env, **environ},
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the command has closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    proc.communicate(timeout=120)
    return proc.returncode, ANSI.sub("", shown.decode("utf-8")).replace("\r\n", "\n").splitlines()


@pytest.mark.parametrize(
    "columns, environ, width",
    [(0, {}, 80), (0, {"COLUMNS": "60"}, 60), (0, {"COLUMNS": "abc"}, 80), (0, {"COLUMNS": "0"}, 80), (120, {}, 120)],
)
def test_a_terminal_whose_width_reads_zero_still_gets_the_table(columns, environ, width):
    code, lines = on_terminal(columns, environ)
    assert code == 1
    assert lines[0] == "conformite — à la date du 2025-01-15"
    assert any("jeveuxaider" in line for line in lines) and any("risk-workshops" in line for line in lines)
    assert max(len(line) for line in lines) <= width  # drawn for that width ...
    assert max(len(line) for line in lines) > width - 15  # ... and using it


def test_the_width_falls_back_to_columns_then_80(monkeypatch):
    monkeypatch.setenv("COLUMNS", "72")
    assert terminal_width(0) == 72 and terminal_width(100) == 100
    monkeypatch.setenv("COLUMNS", "-5")
    assert terminal_width(0) == 80
    monkeypatch.delenv("COLUMNS")
    assert terminal_width(0) == 80
