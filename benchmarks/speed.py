"""Whole-process benchmark of ``conformite check``: run by hand, figures go in README "## Performance".

    python benchmarks/speed.py            # 5 runs; 1,000, 2,000 and 10,000 files; one file; the real portfolio
    python benchmarks/speed.py --quick    # 3 runs; 1,000 and 2,000 files; one file; the portfolio once

Everything is timed as a user meets it: a fresh process per run, start-up included, its
output written (to /dev/null). Each comparison is run side by side, alternately, in one
invocation, so a noisy shared machine slows both sides alike; ratios are what count.

- N generated declarations (1,000, 2,000, 10,000) to JSON, against a process that only parses
  the same files with PyYAML's C loader (``yaml.load(..., Loader=yaml.CSafeLoader)`` per file).
  The declarations look like real ones: each takes the startup, team, product page, code and
  statistics of one page of the imported beta.gouv.fr portfolio, and the convention side
  (convention, commitments, committees, budget, objectives, exemptions, security...) of one of
  the bundled examples, with dates moved near the as-of date (committees, workshops and
  exemptions falling due); about one in four keeps only what the import gives.
- Peak RSS at 1,000 and at the largest size: the largest resident set of any process of the run
  (``wait4``'s rusage, workers included), and the sampled sums over the run's processes of
  their resident sets (RSS: pages shared by a forked worker counted in each) and of their
  proportional sets (PSS: shared pages split, what the run takes from the machine). Memory is
  sampled in runs of its own, after the timed ones: the sampler reads ``/proc`` 50 times a
  second, and on two CPUs it took time from whichever command used both (a run with workers),
  not from one that leaves a CPU free (the parse), so sampled runs made ``check`` look up to
  a third slower than it is.
- One file: ``conformite check FILE --format json`` against ``check-jsonschema --schemafile
  checker/reading/schemas/declaration.schema.json FILE`` (``pip install -e '.[bench]'``).
- The 662 real pages: ``conformite import betagouv`` into a fresh directory, then ``check``.

Nothing the benchmark writes is deleted before its last timed run. On an ext4 file system
without a journal (this machine's), the kernel does not reuse an inode freed less than a
minute ago (six minutes while its inode-table block is not yet written back): after thousands
of deletions, each new file costs about 1 ms of kernel time while the allocator skips them.
Deleting the 10,000 files, then each import's output, just before the next import charged
the import with that (0.4-0.6 s for its 663 files, against 0.03 s), and its ``syncfs`` with
writing back what the deletions had changed. Every file the benchmark generates is also
flushed to disk (``os.sync``) before the timed runs that read it, so that no write-back of
the benchmark's own files runs during them.

Targets (issue 12): 2,000 and 10,000 files to JSON <= 1.0x the C-loader parse; peak RSS at
10,000 <= 1,000 + 20 MB; one file <= 0.3x check-jsonschema; the 662 pages imported and
checked in < 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
AS_OF = dt.date(2025, 1, 15)
PORTFOLIO_SOURCE = Path(os.environ.get("CONFORMITE_BETAGOUV", ROOT.parent / "shared" / "data" / "betagouv" / "content"))
SCHEMA = ROOT / "checker" / "reading" / "schemas" / "declaration.schema.json"
PY = sys.executable
CHECK = [PY, "-m", "checker", "check"]
C_PARSE = (
    "import os, sys, yaml\n"
    "for root, dirs, names in os.walk(sys.argv[1]):\n"
    "    dirs.sort()\n"
    "    for name in sorted(names):\n"
    "        if name.endswith(('.yaml', '.yml')):\n"
    "            with open(os.path.join(root, name), 'rb') as f:\n"
    "                yaml.load(f.read(), Loader=yaml.CSafeLoader)\n"
)

# ---------------------------------------------------------------------------------------------
# realistic declarations

IMPORTED_KEYS = ("startup", "team", "product_page", "source_code", "statistics", "security", "accessibility")


def _load(path: Path):
    """As the checker reads it (YAML 1.2 booleans: ``on`` is a key, not ``true``)."""
    from checker.reading.loader import load_file

    return load_file(path)[0].data


def _shift(value, days: int):
    """Every date inside ``value`` moved by ``days``."""
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=days)
    if isinstance(value, dict):
        return {k: _shift(v, days) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, days) for v in value]
    return value


def _near(rng: random.Random, days: int = 45) -> dt.date:
    return AS_OF + dt.timedelta(days=rng.randrange(-days, days))


def _declaration(rng: random.Random, i: int, page: dict, header: str, example: dict) -> str:
    if rng.random() < 0.25:  # as imported: the product page's facts only
        data = dict(page)
    else:
        data = _shift(example, rng.randrange(-60, 60))
        for key in IMPORTED_KEYS:  # the real page's facts, the example's where the page has none
            if isinstance(page.get(key), dict):
                data[key] = {**(data.get(key) or {}), **page[key]}
            elif key in page:
                data[key] = page[key]
        data["startup"] = dict(data["startup"], phases=example["startup"]["phases"])
        for committee in data.get("committees") or []:  # committees near their six-month deadlines
            committee["date"] = _near(rng, 200)
        for workshop in (data.get("security") or {}).get("risk_workshops") or []:
            workshop["date"] = _near(rng, 400)
        for exemption in data.get("exemptions") or []:
            exemption["expires_on"] = _near(rng, 90)
        budget = data.get("budget") or {}
        for year in budget.get("years") or []:  # spending that may fall short or overrun
            year["ae_committed"] = round(rng.uniform(0, year["ae_allocated"] * 1.2), 2)
        if "committed" in budget:
            budget["committed"] = rng.randrange(0, int(budget["allocated"] * 1.2) + 1)
    data["startup"] = dict(data["startup"], id=f"{data['startup']['id']}-{i}")
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def generate(directory: Path, count: int, portfolio: Path, seed: int = 12) -> list[Path]:
    """``count`` declarations in ``directory`` (see the module docstring)."""
    rng = random.Random(seed)
    examples = [_load(p) for p in sorted((ROOT / "fixtures" / "examples").glob("*.yaml"))]
    pages = []
    for path in sorted(portfolio.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
        pages.append((_load(path), header))
    directory.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(count):
        page, header = pages[i % len(pages)]
        path = directory / f"{i:05d}.yaml"
        path.write_text(_declaration(rng, i, page, header, examples[rng.randrange(len(examples))]), encoding="utf-8")
        files.append(path)
    os.sync()  # written back now, not during a timed run (see the module docstring)
    return files


# ---------------------------------------------------------------------------------------------
# measuring processes


def _tree_memory_kb(pid: int) -> tuple[int, int]:
    """(resident KB, proportional KB) of ``pid`` and its descendants, now ((0, 0) once gone).

    Forked workers share the main process's pages (copy-on-write): a sum of resident sets
    counts each shared page once per process; the proportional set size (PSS) splits it
    between them, so the PSS sum is what the run takes from the machine."""
    rss = pss = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
            with open(f"/proc/{current}/task/{current}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return rss, pss


def run(command: list[str], sample: bool = False) -> dict:
    """One process: wall seconds, the largest RSS of any process of it (MB), optionally the
    sampled peak of their sum (MB), and its exit status."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    peak, done = [0, 0], threading.Event()

    def sampler():
        while not done.wait(0.02):
            rss, pss = _tree_memory_kb(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)

    thread = threading.Thread(target=sampler, daemon=True) if sample else None
    if thread:
        thread.start()
    stderr = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    if thread:
        thread.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.exit(f"failed ({proc.returncode}): {' '.join(command)}\n{stderr.decode(errors='replace')[-2000:]}")
    return {"s": seconds, "maxrss_mb": usage.ru_maxrss / 1024, "tree_mb": peak[0] / 1024, "pss_mb": peak[1] / 1024}


def side_by_side(
    commands: dict[str, list[str]], runs: int, sample: bool = False, warm: bool = True
) -> dict[str, list[dict]]:
    """Each command ``runs`` times, alternately (a, b, a, b...), after one untimed warm-up each
    when ``warm``. ``sample``: memory sampled (then the times are not worth reporting)."""
    for command in commands.values() if warm else ():
        run(command)
    out: dict[str, list[dict]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            out[name].append(run(command, sample))
    return out


def med(samples: list[dict], key: str = "s") -> float:
    return statistics.median(s[key] for s in samples)


def spread(samples: list[dict], key: str = "s") -> str:
    values = [s[key] for s in samples]
    return f"{min(values):.3f}–{max(values):.3f}"


# ---------------------------------------------------------------------------------------------


def jobs_supported() -> bool:
    help_text = subprocess.run(CHECK + ["--help"], capture_output=True, text=True, cwd=ROOT).stdout
    return "--jobs" in help_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs, 1,000 and 2,000 files, portfolio once")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--sizes", default=None, help="comma-separated file counts (default 1000,2000,10000)")
    parser.add_argument("--json", metavar="FILE", help="also write every sample as JSON")
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 5)
    sizes = (
        [int(s) for s in args.sizes.split(",")] if args.sizes else ([1000, 2000] if args.quick else [1000, 2000, 10000])
    )
    raw: dict = {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "runs": runs, "machine": machine()}
    # what an installed package has: this machine sets PYTHONDONTWRITEBYTECODE, and a fresh
    # clone would otherwise compile every module of conformite on every run
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "checker")], check=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="conformite-speed-") as tmp:
        tmp_path = Path(tmp)
        portfolio = tmp_path / "portfolio"
        importing = [PY, "-m", "checker", "import", "betagouv", str(PORTFOLIO_SOURCE), "--out", str(portfolio)]
        run(importing + ["--as-of", "2026-11-28"])
        parallel = jobs_supported()
        for size in sizes:
            directory = tmp_path / f"n{size}"
            generate(directory, size, portfolio)
            report = ["--as-of", AS_OF.isoformat(), "--format", "json", "--output", "/dev/null"]
            commands = {
                "c-loader parse": [PY, "-c", C_PARSE, str(directory)],
                "check": CHECK + [str(directory)] + report,
            }
            if parallel:
                commands["check --jobs 1"] = CHECK + [str(directory), "--jobs", "1"] + report
            samples = side_by_side(commands, runs)  # timed: nothing else running
            memory = side_by_side(commands, runs, sample=True, warm=False)  # sampled: apart, not timed
            raw[f"n{size}"] = {"timed": samples, "memory": memory}
            base = med(samples["c-loader parse"])
            for name, got in samples.items():
                ratio = "1.00×" if name == "c-loader parse" else f"**{med(got) / base:.2f}×**"
                sampled = memory[name]
                rss = f"{med(sampled, 'maxrss_mb'):.1f} / {med(sampled, 'tree_mb'):.1f} / {med(sampled, 'pss_mb'):.1f}"
                rows.append((f"{size:,} files: {name}", f"{med(got):.3f}", spread(got), ratio, rss))
        rows += one_file(tmp_path, portfolio, runs, raw)
        rows += real_portfolio(tmp_path, importing, 1 if args.quick else max(3, runs - 2), raw)
    print_table(raw, rows)
    if args.json:
        Path(args.json).write_text(json.dumps(raw, indent=1), encoding="utf-8")


def one_file(tmp_path: Path, portfolio: Path, runs: int, raw: dict) -> list[tuple]:
    directory = tmp_path / "one"
    (file,) = generate(directory, 1, portfolio, seed=3)
    commands = {
        "c-loader parse": [PY, "-c", C_PARSE, str(directory)],
        "check": CHECK + [str(file), "--as-of", AS_OF.isoformat(), "--format", "json"],
    }
    found = shutil.which("check-jsonschema") or str(Path(PY).parent / "check-jsonschema")
    if Path(found).exists():
        commands["check-jsonschema"] = [found, "--schemafile", str(SCHEMA), str(file)]
    else:
        print("check-jsonschema is not installed (pip install -e '.[bench]'): no one-file comparison", file=sys.stderr)
    samples = side_by_side(commands, max(runs, 5))
    raw["one_file"] = samples
    base = med(samples["check-jsonschema"]) if "check-jsonschema" in samples else None
    rows = []
    for name, got in samples.items():
        ratio = f"**{med(got) / base:.2f}×** check-jsonschema" if base and name == "check" else ""
        rows.append((f"one file: {name}", f"{med(got):.3f}", spread(got), ratio, f"{med(got, 'maxrss_mb'):.1f}"))
    return rows


def real_portfolio(tmp_path: Path, importing: list[str], runs: int, raw: dict) -> list[tuple]:
    """The 662 pages: import into a fresh directory, then check it (as of the import's date).
    Each run's directory is kept until the end (see the module docstring)."""
    samples: dict[str, list[dict]] = {"import": [], "check": [], "import + check": []}
    for index in range(runs):
        out = tmp_path / f"real{index}"
        imported = run(importing[:-1] + [str(out), "--as-of", "2026-11-28"])
        checked = run(CHECK + [str(out), "--as-of", "2026-11-28", "--format", "json", "--output", "/dev/null"])
        samples["import"].append(imported)
        samples["check"].append(checked)
        samples["import + check"].append(
            {"s": imported["s"] + checked["s"], "maxrss_mb": 0.0, "tree_mb": 0.0, "pss_mb": 0.0}
        )
    raw["portfolio"] = samples
    rows = []
    for name, got in samples.items():
        target = f"**{med(got):.2f} s** (target < 2 s)" if name == "import + check" else ""
        rows.append((f"662 real pages: {name}", f"{med(got):.3f}", spread(got), target, ""))
    return rows


def machine() -> str:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{cpus} usable CPU(s) {model}, Python {platform.python_version()}, load average {load} at start"


def print_table(raw: dict, rows: list[tuple]) -> None:
    print(f"{raw['date']} — {raw['machine']} — median of {raw['runs']} runs (spread min–max)\n")
    print("| measure | median s | spread s | ratio | peak MB: largest process RSS / sum of RSS / sum of PSS |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
