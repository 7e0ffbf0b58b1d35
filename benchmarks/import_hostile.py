"""Hostile product pages of about 1 MiB through ``conformite import betagouv``: time, peak
memory and output size per page (issue 7's target: under 2 s, 200 MB, 1 MB of output).

    python benchmarks/import_hostile.py
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIB = 1024 * 1024


def pages() -> dict[str, str]:
    committees = "".join(
        f"  - {{name: committee, date: 2020-01-{1 + i % 28:02d}, comment: c{i}}}\n" for i in range(MIB // 52)
    )
    phases = "".join(f"  - {{name: construction, start: 2020-01-{1 + i % 28:02d}}}\n" for i in range(MIB // 46))
    aliases = (
        "a: &a '"
        + "x" * 200_000
        + "'\nphases:\n"
        + "  - {name: construction, start: 2020-01-01, comment: *a}\n" * 15_000
    )
    return {
        "long-title": "---\ntitle: '" + "x" * (MIB - 20) + "'\n---\n",
        "committees": "---\nevents:\n" + committees[: MIB - 20].rsplit("\n", 1)[0] + "\n---\n",
        "phases": "---\nphases:\n" + phases[: MIB - 20].rsplit("\n", 1)[0] + "\n---\n",
        "aliases": "---\n" + aliases[: MIB - 10].rsplit("\n", 1)[0] + "\n---\n",
        "deep": "---\na: " + "[" * 5000 + "]" * 5000 + "\n---\n",
        "body": "---\ntitle: X\n---\n" + "texte " * (MIB // 6 - 4),
    }


def main() -> None:
    print(f"{'page':<12} {'bytes':>9} {'seconds':>8} {'peak MB':>8} {'output bytes':>12}  exit")
    for name, body in pages().items():
        with tempfile.TemporaryDirectory() as tmp:
            content = Path(tmp) / "content"
            (content / "_startups").mkdir(parents=True)
            (content / "_startups" / f"{name}.md").write_text(body)
            out = Path(tmp) / "out"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "checker", "import", "betagouv", str(content), "--out", str(out)],
                capture_output=True,
                text=True,
            )
            seconds = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            written = sum(p.stat().st_size for p in out.glob("*.yaml")) + len(proc.stdout) + len(proc.stderr)
            print(f"{name:<12} {len(body.encode()):>9} {seconds:>8.2f} {peak:>8.0f} {written:>12}  {proc.returncode}")
            del before


if __name__ == "__main__":
    main()
