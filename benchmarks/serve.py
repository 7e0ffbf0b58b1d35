"""POST /api/check under load, both ways of sharing the rules engine (docs/web.md, "Speed").

    .venv/bin/python benchmarks/serve.py                       # the figures of docs/web.md
    .venv/bin/python benchmarks/serve.py --requests 60 --memory 0 --clients 1,8   # a short run

For each engine mode (``--engine process``: worker processes; ``lock``: one engine behind a
lock) a server is started on 127.0.0.1 (port 0), then for 1, 8 and 32 concurrent clients the
same declarations (fixtures/examples and the rules' pass/fail fixtures, round robin) are
posted ``--requests`` times: p50 and p99 latency, throughput. The baseline is ``conformite
check --format json`` of the same declarations in one process (one run, all files: the time
per declaration). Then ``--memory`` requests more, the server's memory (its process and its
workers, RSS) read every tenth of them: it must stay flat.

Only 127.0.0.1 is ever contacted; every loop is bounded in count and in time
(``--max-seconds`` per level); the servers are stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2025-01-15"


def declarations() -> list[tuple[str, bytes]]:
    files = sorted((ROOT / "fixtures" / "examples").glob("*.yaml")) + sorted(
        (ROOT / "fixtures" / "rules").rglob("*.yaml")
    )
    return [(p.relative_to(ROOT).as_posix(), p.read_bytes()) for p in files]


def start(mode: str, workers: int) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "serve", "--port", "0", "--engine", mode, "--workers", str(workers)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = process.stderr.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not found:
        process.kill()
        raise SystemExit(f"the server did not start: {line}")
    return process, f"http://127.0.0.1:{found.group(1)}"


async def load(base: str, bodies, clients: int, count: int, max_seconds: float) -> tuple[list[float], float]:
    """``count`` requests by ``clients`` concurrent clients (or fewer when time runs out)."""
    assert base.startswith("http://127.0.0.1:")
    latencies: list[float] = []
    deadline = time.monotonic() + max_seconds
    issued = iter(range(count))

    async def client(http: httpx.AsyncClient) -> None:
        for index in issued:
            if time.monotonic() > deadline:
                return
            name, body = bodies[index % len(bodies)]
            began = time.perf_counter()
            answer = await http.post(f"{base}/api/check", params={"as_of": AS_OF, "file": name}, content=body)
            latencies.append(time.perf_counter() - began)
            if answer.status_code not in (200, 400, 422):
                raise SystemExit(f"unexpected {answer.status_code}: {answer.text[:200]}")

    began = time.perf_counter()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=60, trust_env=False) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    return latencies, time.perf_counter() - began


def rss(pid: int) -> float:
    """MiB resident for ``pid`` and its children (the workers, the forkserver)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total / 1024


def baseline(bodies) -> float:
    """Seconds per declaration of `conformite check --format json` on all of them, one process."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for index, (name, body) in enumerate(bodies):
            path = Path(tmp) / f"{index:04d}-{Path(name).name}"
            path.write_bytes(body)
            paths.append(str(path))
        command = [
            sys.executable,
            "-m",
            "checker",
            "check",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--jobs",
            "1",
            *paths,
        ]
        began = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, timeout=600)
        return (time.perf_counter() - began) / len(paths)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per level (default 2000)")
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--modes", default="process,lock")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-seconds", type=float, default=120.0, help="per level, at most")
    parser.add_argument("--memory", type=int, default=10000, help="requests of the memory run (0: none)")
    args = parser.parse_args()
    bodies = declarations()
    per_file = baseline(bodies)
    print(
        f"{len(bodies)} declarations; conformite check in one process: {per_file * 1000:.1f} ms each, {1 / per_file:.0f}/s"
    )
    print("\n| engine | clients | requests | p50 ms | p99 ms | requests/s |\n|---|---|---|---|---|---|")
    for mode in args.modes.split(","):
        process, base = start(mode, args.workers)
        try:
            asyncio.run(load(base, bodies, 1, 20, 30))  # warm-up: the workers' first requests
            for clients in (int(c) for c in args.clients.split(",")):
                latencies, seconds = asyncio.run(load(base, bodies, clients, args.requests, args.max_seconds))
                print(
                    f"| {mode} | {clients} | {len(latencies)} | {statistics.median(latencies) * 1000:.1f} | "
                    f"{percentile(latencies, 0.99) * 1000:.1f} | {len(latencies) / seconds:.0f} |"
                )
            if args.memory:
                memory(base, bodies, process.pid, args.memory, args.max_seconds * 10, mode)
        finally:
            process.terminate()
            process.wait(30)
    return 0


def memory(base: str, bodies, pid: int, count: int, max_seconds: float, mode: str) -> None:
    step = max(1, count // 10)
    readings = [rss(pid)]
    deadline = time.monotonic() + max_seconds
    done = 0
    while done < count and time.monotonic() < deadline:
        latencies, _ = asyncio.run(load(base, bodies, 8, step, deadline - time.monotonic()))
        done += len(latencies)
        readings.append(rss(pid))
    shown = " ".join(f"{r:.0f}" for r in readings)
    print(f"\n{mode}: RSS (MiB, server and workers) every {step} requests, {done} in all: {shown}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
