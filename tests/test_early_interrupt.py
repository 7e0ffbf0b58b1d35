"""Ctrl-C at any instant of a command's start, the first tenth of a second included: exit status
130 and one line, never a traceback (checker.__main__.main, the console entry point).

Where the signal lands is made certain, not left to a clock: a ``sitecustomize`` module (found on
PYTHONPATH, run by the interpreter before any code of ours) tells the test through a pipe when
a chosen module is being imported, and can hold the import there until the signal comes. Before
``checker.__main__.main`` runs (the interpreter's ``site``, the script's own first imports) no
code of the package can act; the signal is sent from the import of ``checker.cli.main`` on, the
first thing ``main`` does."""

import os
import signal
import subprocess
import sys
import time
import tomllib

import pytest
from conftest import ROOT

from checker.cli import main as cli

HOOK = """
import os, signal, sys


class _Watch:
    def find_spec(self, name, path=None, target=None):
        if name == os.environ["AT"]:
            sys.meta_path.remove(self)
            hold = bool(os.environ.get("HOLD"))
            if hold:  # the signal waits (blocked) until the test has sent it, then is handled here
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            os.write(int(os.environ["READY_FD"]), b"!")  # importing AT: the signal may come
            if hold:
                signal.sigwait({signal.SIGINT})
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
                signal.raise_signal(signal.SIGINT)  # to whatever handler the command has at this point
        return None


sys.meta_path.insert(0, _Watch())
"""


def entry_point() -> list[str]:
    """The ``conformite`` command as pip writes it from pyproject's entry point."""
    target = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]["conformite"]
    module, _, function = target.partition(":")
    return [sys.executable, "-c", f"import sys\nfrom {module} import {function}\nsys.exit({function}())"]


COMMANDS = {"module": [sys.executable, "-m", "checker"], "script": entry_point()}


def start(tmp_path, command: list[str], args: list[str], at: str, hold: bool):
    """The command started with the hook; returns once it imports ``at`` (held there if ``hold``)."""
    (tmp_path / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    read, write = os.pipe()
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "READY_FD": str(write), "LANG": "C.UTF-8", "AT": at}
    if hold:
        env["HOLD"] = "1"
    proc = subprocess.Popen(
        command + args, cwd=ROOT, env=env, pass_fds=[write], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    os.close(write)
    with os.fdopen(read, "rb") as ready:
        said = ready.read(1)  # end of file instead: the process has ended
    assert said == b"!", proc.communicate(timeout=60)
    return proc


def interrupted(proc) -> tuple[int, str]:
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err.decode("utf-8", "replace")


@pytest.mark.parametrize("how", sorted(COMMANDS))
@pytest.mark.parametrize(
    "stop_at", ["checker.cli.main", "checker.foundation.messages", "argparse", "checker.judging.rules"]
)
def test_ctrl_c_while_the_command_imports_its_modules_gives_130_and_no_traceback(tmp_path, how, stop_at):
    code, err = interrupted(start(tmp_path, COMMANDS[how], ["rules", "--markdown"], stop_at, hold=True))
    assert code == 130, err
    assert "Traceback" not in err and err.startswith("conformite: interrompu (SIGINT)"), err
    assert err.count("\n") == 1, err


@pytest.mark.parametrize("how", sorted(COMMANDS))
def test_ctrl_c_in_the_first_tenth_of_a_second_gives_130_and_no_traceback(tmp_path, how):
    """Sent at several instants from the first import of the command line on (wherever it
    lands, the answer is the same): the listing is longer than a pipe holds and nobody reads it
    before the signal, so the command cannot have ended."""
    for delay in (0, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1):
        proc = start(tmp_path, COMMANDS[how], ["rules", "--markdown"], "checker.cli.main", hold=False)
        time.sleep(delay)
        code, err = interrupted(proc)
        assert code == 130, (delay, err)
        assert "Traceback" not in err and err.startswith("conformite: interrompu (SIGINT)"), (delay, err)


def test_the_english_line_follows_lang(tmp_path):
    code, err = interrupted(
        start(tmp_path, COMMANDS["script"], ["rules", "--lang", "en"], "checker.cli.main", hold=True)
    )
    assert code == 130 and err == "conformite: interrupted (SIGINT) while starting: nothing was read or written\n"


def test_ctrl_c_during_an_import_of_the_run_ends_it_once_the_import_is_over(tmp_path):
    """Held at the import of uuid, which orjson's set-up makes under the run's own handlers: an
    exception raised there crashed the interpreter (SIGSEGV, no message, exit -11)."""
    command = ["check", "fixtures/examples", "--format", "json", "--as-of", "2025-01-15"]
    proc = start(tmp_path, COMMANDS["script"], command, "uuid", hold=True)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and out == b"", err
    assert err.decode() == (
        "conformite: interrompu (SIGINT) : aucun rapport partiel écrit, les fichiers précédents sont intacts\n"
    )


def test_a_signal_inside_an_import_is_held_until_the_import_is_over(monkeypatch):
    """Inside an import the run's handler only records the signal and looks again a moment later
    (SIGALRM), outside it, when it unwinds the run."""
    monkeypatch.setattr(cli, "RECHECK", 600.0)  # the alarm never comes by itself during the test
    raised = []

    class Finder:
        def find_spec(self, name, path=None, target=None):
            if name == "conformite_held_import":
                try:
                    cli._on_signal(signal.SIGINT, sys._getframe())
                except cli._Interrupted:
                    raised.append(name)
            return None

    finder = Finder()
    with cli._signals_stop_cleanly(restore=True):
        sys.meta_path.insert(0, finder)
        try:
            with pytest.raises(ModuleNotFoundError):
                import conformite_held_import  # noqa: F401
        finally:
            sys.meta_path.remove(finder)
        armed = signal.getitimer(signal.ITIMER_REAL)[0]
        with pytest.raises(cli._Interrupted):  # the alarm, outside any import: the run unwinds
            cli._on_alarm(signal.SIGALRM, sys._getframe())
    assert raised == [] and 0 < armed <= 600
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0  # no alarm left behind
