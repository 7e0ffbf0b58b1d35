"""Benchmark of hostile declarations: run by hand (``python benchmarks/hostile.py``); figures go
in the README's Performance section.

Target of issue 7 ("Nothing lost"): a 1 MiB hostile declaration is checked in under 2 s and
200 MB of memory (whole process, peak RSS), and its output (each format) is under 1 MB.

Each case is about 1 MiB of YAML built to make the checker work or echo as much as it can; each
run is a real ``python -m checker check`` process, measured with ``os.wait4``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
FORMATS = ("json", "table", "markdown", "junit", "sarif", "github", "html")
BASE = (ROOT / "fixtures" / "examples" / "exemple-conforme.yaml").read_text(encoding="utf-8")


def _fill(head: str, item: str, size: int = MIB - 4096) -> str:
    """``head`` then as many ``item`` lines as fit in ``size`` bytes."""
    count = max((size - len(head.encode())) // len(item.encode()), 1)
    return head + item * count


def cases() -> dict[str, str]:
    big = "x" * 200_000
    return {
        # one 200 KB value aliased as often as 1 MiB allows, each alias a bad phase name
        "alias-amplification": _fill(
            f"schema_version: 1\nstartup:\n  id: a\n  title: &big {big}\n  phases:\n",
            "    - {name: *big, start: 2024-01-01}\n",
        ),
        # thousands of unknown keys, each a schema error
        "unknown-keys": "schema_version: 1\n" + "".join(f"unknown_key_{i:06d}: value\n" for i in range(MIB // 28)),
        # thousands of impossible dates
        "bad-dates": _fill(
            "schema_version: 1\nstartup:\n  id: a\n  phases:\n", "    - {name: construction, start: 2024-02-30}\n"
        ),
        # one 1 MiB licence, quoted by the open-source rule's finding
        "huge-licence": BASE.replace("licence: MIT", "licence: " + "L" * (MIB - len(BASE) - 64)),
        # one 1 MiB title, shown in every report's heading
        "huge-title": BASE.replace("title: Exemple conforme", "title: " + "T" * (MIB - len(BASE) - 64)),
        # close to the node limit: a long flat list of small mappings
        "many-nodes": _fill("schema_version: 1\nitems:\n", "  - {a: 1}\n"),
        # a deep flow sequence: the depth guard
        "deep-nesting": "schema_version: 1\ndeep: " + "[" * 5000 + "]" * 5000 + "\n",
        # wide aliases: a mapping of 1,000 keys referenced 1,000 times (node guard)
        "wide-aliases": "base: &b {"
        + ", ".join(f"k{i}: v" for i in range(1000))
        + "}\nuses:\n"
        + "".join("  - *b\n" for _ in range(1000)),
        # markup and control characters everywhere text is echoed
        "markup-and-escapes": BASE.replace(
            "licence: MIT", "licence: '[link=https://x.example]ICI[/link] [/] \x1b]8;;x\x07'"
        ).replace("title: Exemple conforme", 'title: "[bold]\\e[31m\\u202e"'),
    }


def run(case: Path, fmt: str, out: Path) -> tuple[float, float, int, int]:
    """(seconds, peak RSS in MB, exit status, output bytes) of one whole process."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "checker",
            "check",
            str(case),
            "--as-of",
            "2025-01-15",
            "--format",
            fmt,
            "--output",
            str(out),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    size = (out.stat().st_size if out.exists() else 0) + len(stderr)
    return elapsed, usage.ru_maxrss / 1024, proc.returncode, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", default="json,table,html", help="comma-separated (default json,table,html)")
    args = parser.parse_args()
    formats = args.formats.split(",")
    worst = {"seconds": 0.0, "rss": 0.0, "output": 0}
    print(f"{'case':<22}{'bytes':>9}  {'format':<9}{'s':>6}{'MB RSS':>8}{'out KB':>8}  exit")
    with tempfile.TemporaryDirectory() as tmp:
        for name, content in cases().items():
            case = Path(tmp, f"{name}.yaml")
            case.write_text(content, encoding="utf-8")
            for fmt in formats:
                seconds, rss, code, size = run(case, fmt, Path(tmp, f"{name}.{fmt}"))
                print(
                    f"{name:<22}{case.stat().st_size:>9}  {fmt:<9}{seconds:>6.2f}{rss:>8.1f}{size / 1024:>8.1f}  {code}"
                )
                worst["seconds"] = max(worst["seconds"], seconds)
                worst["rss"] = max(worst["rss"], rss)
                worst["output"] = max(worst["output"], size)
    ok = worst["seconds"] < 2 and worst["rss"] < 200 and worst["output"] < MIB
    print(
        f"worst: {worst['seconds']:.2f} s, {worst['rss']:.1f} MB RSS, {worst['output'] / 1024:.1f} KB output"
        f" (report + stderr) — target < 2 s, < 200 MB, < 1 MB: {'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
