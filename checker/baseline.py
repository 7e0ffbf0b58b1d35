"""``--baseline previous.json``: what changed since a previous JSON report (the last committee).

Each obligation verdict is ``unchanged`` (same verdict as before), ``new`` (a problem, fail or
warn, that was not there in that form), or ``resolved`` (no problem any more, where there was
a different verdict before). Declarations are matched by startup id, else by file.
"""

from __future__ import annotations

import json
from pathlib import Path

from .verdicts import Verdict


class BaselineError(Exception):
    pass


def _key(decl) -> str:
    startup = decl.get("startup") if isinstance(decl, dict) else decl.startup
    file = decl.get("file") if isinstance(decl, dict) else decl.file
    return f"startup:{startup}" if startup else f"file:{file}"


def load_baseline(path: Path) -> dict:
    """(declaration key, obligation) -> previous verdict."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(exc.strerror or str(exc)) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BaselineError(f"not a JSON report ({exc})") from None
    if (
        not isinstance(report, dict)
        or report.get("report_version") != 1
        or not isinstance(report.get("declarations"), list)
    ):
        raise BaselineError("not a conformite JSON report (report_version 1)")
    previous = {}
    for decl in report["declarations"]:
        if isinstance(decl, dict) and isinstance(decl.get("obligations"), dict):
            for oid, verdict in decl["obligations"].items():
                previous[(_key(decl), oid)] = verdict
    return previous


def change(baseline: dict, decl, obligation: str, verdict: str) -> str:
    before = baseline.get((_key(decl), obligation))
    if before == verdict:
        return "unchanged"
    if Verdict(verdict).is_problem:
        return "new"
    return "resolved" if before is not None else "unchanged"


def moved(baseline: dict | None, decl) -> list[tuple[str, str, str]]:
    """(obligation, verdict, change) of each verdict of ``decl`` that is not ``unchanged``."""
    if baseline is None:
        return []
    changes = ((oid, verdict, change(baseline, decl, oid, verdict)) for oid, verdict in decl.obligations.items())
    return [c for c in changes if c[2] != "unchanged"]
