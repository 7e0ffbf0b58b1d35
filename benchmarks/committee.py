"""Benchmark of the committee tools: run by hand (``python benchmarks/committee.py``); figures go
in the README ("Preparing a committee").

Targets of issue 11 (ratios, so a shared noisy machine still compares): on the 662-page
beta.gouv.fr portfolio, ``conformite agenda`` and ``conformite history --every month`` over two
years each take under 10x one ``conformite check`` of that portfolio. Each command runs as a
whole process, alternately, ``--repeat`` times; the best time of each is compared.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = Path("/work/shared/data/betagouv/content")
AS_OF = "2026-11-28"
FROM = "2024-11-28"


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"conformite {' '.join(args)} failed ({proc.returncode}): {proc.stderr[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", default=str(CONTENT), help="beta.gouv.fr content directory")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="conformite-committee-") as tmp:
        portfolio = Path(tmp) / "portfolio"
        subprocess.run(
            [sys.executable, "-m", "checker", "import", "betagouv", options.content, "--out", str(portfolio)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        count = len(list(portfolio.glob("*.yaml")))
        commands = {
            "check": ["check", str(portfolio), "--as-of", AS_OF, "--format", "json", "--output", f"{tmp}/check.json"],
            "agenda": [
                "agenda",
                str(portfolio),
                "--as-of",
                AS_OF,
                "--format",
                "json",
                "--output",
                f"{tmp}/agenda.json",
            ],
            "agenda ics": [
                "agenda",
                str(portfolio),
                "--as-of",
                AS_OF,
                "--format",
                "ics",
                "--output",
                f"{tmp}/agenda.ics",
            ],
            "history": [
                "history",
                str(portfolio),
                "--from",
                FROM,
                "--to",
                AS_OF,
                "--every",
                "month",
                "--format",
                "json",
                "--output",
                f"{tmp}/history.json",
            ],
        }
        best = {name: float("inf") for name in commands}
        for _ in range(options.repeat):
            for name, args in commands.items():
                best[name] = min(best[name], timed(args))
    print(f"{count} declarations, best of {options.repeat} (whole process)")
    print("| command | time | ratio to check | target |")
    print("|---|---|---|---|")
    for name, seconds in best.items():
        target = "—" if name == "check" else "< 10×"
        print(f"| `{name}` | {seconds:.2f} s | {seconds / best['check']:.1f}× | {target} |")


if __name__ == "__main__":
    main()
