"""Benchmark: run by hand (``python benchmarks/bench.py``); figures go in the README.

Targets of issue "The checker core" (ratios, so a shared noisy machine still compares):
- checking N=10,000 declarations to JSON takes at most 2x the time PyYAML's C loader alone
  takes to parse the same files;
- resident memory at 10,000 no more than 20 MB above that at 1,000;
- one file, whole process: no slower than 0.75x ``check-jsonschema --schemafile`` on it
  (needs ``pip install check-jsonschema``; skipped with a note otherwise).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
AS_OF = dt.date(2025, 1, 15)


def generate(directory: Path, count: int, seed: int = 7) -> list[Path]:
    """``count`` realistic declarations: the bundled examples with varied facts."""
    rng = random.Random(seed)
    templates = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "examples").glob("*.yaml"))]
    files = []
    for i in range(count):
        text = templates[i % len(templates)]
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 380))
        text = text.replace("2024-12-10", day.isoformat()).replace("2024-06-20", day.isoformat())
        text = text.replace("committed: 210000", f"committed: {rng.randrange(0, 450_000)}")
        text = text.replace("ae_committed: 98400.00", f"ae_committed: {rng.randrange(0, 12_000_000) / 100}")
        text = (
            text.replace("id: api-engagement", f"id: startup-{i}")
            .replace("id: jeveuxaider", f"id: startup-{i}")
            .replace("id: exemple-conforme", f"id: startup-{i}")
        )
        path = directory / f"{i:05d}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def best_of(runs: int, func):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def stages(files: list[Path], runs: int) -> dict:
    """Seconds for the whole check to JSON, for the C loader alone, and per stage of one
    streaming pass (each declaration dropped once done, as in a real run)."""
    import yaml

    from checker.evaluate import Evaluator
    from checker.facts import prepare
    from checker.loader import load_file
    from checker.model import Results
    from checker.reporters import Context, render
    from checker.rules import load_catalog
    from checker.run import run_check
    from checker.schema import validate

    catalog = load_catalog()
    evaluator = Evaluator(catalog, AS_OF)
    targets = [(str(f), f) for f in files]

    def c_parse():
        for f in files:
            with f.open("rb") as h:
                yaml.load(h.read(), Loader=yaml.CSafeLoader)

    def check_to_json():
        with open(os.devnull, "w") as sink:
            render("json", run_check(catalog, targets, AS_OF), Context(catalog), sink)

    split = dict.fromkeys(["load", "validate", "facts_and_engine", "verdicts_and_store"], 0.0)
    clock = time.perf_counter
    store = Results()
    for shown, f in targets:
        t0 = clock()
        doc, _ = load_file(f)
        t1 = clock()
        validate(doc)
        t2 = clock()
        prepared = prepare(doc.data, AS_OF, catalog.deadlines)
        fired = evaluator.engine.fired(prepared.values)
        t3 = clock()
        store.append(evaluator._verdicts(doc.data, doc, prepared, fired, shown))
        t4 = clock()
        for key, spent in zip(split, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            split[key] += spent
    report = run_check(catalog, targets, AS_OF)
    with open(os.devnull, "w") as sink:
        started = clock()
        render("json", report, Context(catalog), sink)
        split["report_json"] = clock() - started
    return {"c_loader_parse": best_of(runs, c_parse), "check_to_json": best_of(runs, check_to_json), **split}


def rss_after(count: int, directory: Path) -> float:
    """Peak resident memory (MB) of a fresh process checking ``count`` files to JSON.

    VmHWM, not ru_maxrss: the latter survives exec and would report the parent's peak."""
    code = (
        "from checker.cli import main\n"
        f"main(['check', {str(directory)!r}, '--as-of', '2025-01-15', '--format', 'json', '--output', '/dev/null'])\n"
        "status = open('/proc/self/status').read()\n"
        "print(int(status.split('VmHWM:')[1].split()[0]) / 1024)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    return float(proc.stdout.strip().splitlines()[-1])


def whole_process(file: Path, runs: int) -> dict:
    conformite = [sys.executable, "-m", "checker", "check", str(file), "--as-of", "2025-01-15", "--format", "json"]
    out = {"conformite_one_file": _median_run(conformite, runs)}
    cj = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    if Path(cj).exists():
        schema = ROOT / "checker" / "schemas" / "declaration.schema.json"
        out["check_jsonschema_one_file"] = _median_run([cj, "--schemafile", str(schema), str(file)], runs)
    else:
        out["note"] = "check-jsonschema is not installed (pip install check-jsonschema): no one-file comparison"
    return out


def _median_run(command, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp, "big"), Path(tmp, "small")
        big.mkdir(), small.mkdir()
        files = generate(big, args.count)
        generate(small, 1000)
        result = {"count": args.count, **{k: round(v, 3) for k, v in stages(files, args.runs).items()}}
        result["ratio_check_vs_c_parse"] = round(result["check_to_json"] / result["c_loader_parse"], 2)
        result["rss_mb_1000"] = round(rss_after(1000, small), 1)
        result[f"rss_mb_{args.count}"] = round(rss_after(args.count, big), 1)
        result["rss_growth_mb"] = round(result[f"rss_mb_{args.count}"] - result["rss_mb_1000"], 1)
        single = whole_process(files[0], max(5, args.runs))
        result.update({k: round(v, 3) if isinstance(v, float) else v for k, v in single.items()})
        if "check_jsonschema_one_file" in result:
            result["ratio_one_file_vs_check_jsonschema"] = round(
                result["conformite_one_file"] / result["check_jsonschema_one_file"], 2
            )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
