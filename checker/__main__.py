"""``python -m checker``, and the ``conformite`` command (pyproject's entry point is :func:`main`).

Ctrl-C may come at any instant, the first one included. :func:`main` is the first code of ours
that runs: before anything else it holds SIGINT (the signal is only recorded) while the command
line's modules are imported, the first tens of milliseconds; a signal that came then ends the
command at once afterwards: one line, exit status 130, never a traceback. From there
:func:`checker.cli.main` has its own handlers. (Only the interpreter's own start-up, its
``site`` module, comes earlier, out of any package's reach.)

Recorded, not raised: an exception raised inside an import can crash a C extension's set-up.
"""

import signal
import sys
from types import FrameType

_received: list[int] = []


def _record(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)


def main() -> int:
    held = signal.getsignal(signal.SIGINT) is signal.default_int_handler  # an ignored SIGINT stays ignored
    if held:
        signal.signal(signal.SIGINT, _record)
    from checker.cli.main import main as run

    if _received:
        return _interrupted()
    if held:  # Python's handler again, for the instant before checker.cli.main installs its own
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return run()
    except KeyboardInterrupt:  # in that instant: nothing was read or written yet
        return _interrupted()


def _interrupted() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not cut this line short
    from checker.cli.lang import from_argv
    from checker.foundation.console import say
    from checker.foundation.messages import text

    say(text("cli.interrupted_start", from_argv(sys.argv[1:]) or "fr", signal="SIGINT"))
    return 128 + signal.SIGINT


if __name__ == "__main__":  # not when a --jobs worker started by spawn imports it as __mp_main__
    sys.exit(main())
