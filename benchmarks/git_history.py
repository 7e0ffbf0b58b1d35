"""Benchmark of reading declarations from git (checker.reading.gitstate), run by hand:
``python benchmarks/git_history.py``; its latest figures go in docs/performance.md.

Issue 25's target: ``history`` from git over 662 declarations x 25 monthly dates is no slower
than 25 plain ``check`` runs of the same files. This measures the reading part, the one that
differs: the 662 real beta.gouv.fr pages (``conformite import betagouv``) are committed in a
fresh repository, then 24 monthly commits each change some of them (dated with
GIT_AUTHOR_DATE / GIT_COMMITTER_DATE). Then, alternately, ``--repeat`` times (best time kept):

- **disk**: 25 times, the files collected as ``check`` collects them and each read through
  the loader's guarded reader (what 25 ``check`` runs read);
- **git, every file**: ``GitState.snapshots`` of the 25 dates, and every entry of every
  snapshot read through the one ``cat-file`` process (25 x 662 reads);
- **git, each version once**: the same snapshots, each distinct blob read once (what a history
  that evaluates each version once needs);
- **git, once, parsed + series**: the same, each version parsed (``GitState.load_all``, as
  history loads it to evaluate it) and the series made (``GitState.series``, ids noted while
  loading); against **disk, parsed**: 25 times each file loaded (``load_file``), as 25 ``check``
  runs load them.

Then the whole of issue 25's target, ``--repeat`` times too (best time kept), in one process:

- **25 check runs**: for each date, ``run_check`` of the files as they are (collected, read,
  validated, evaluated, ``--jobs 1``) and its JSON report written (to memory): what 25
  ``conformite check --format json --as-of DATE`` do, less 25 interpreter start-ups;
- **history from git**: ``conformite history`` of the 25 dates (:class:`checker.committee.history.Past`:
  each date's files as committed that day, each version read and validated once, evaluated
  for each date it stands on) and its JSON (one record per date and startup) written;
- **history, today's files** (``--as-now``): the same dates on the files as they are now.

The repository is packed (``git gc``), as a clone is. Ratios below 1 mean git is faster than
the disk (or the history than the check runs). The machine is shared: compare ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.committee.history import Past, render_json  # noqa: E402
from checker.foundation.dates import add_months  # noqa: E402
from checker.judging.rules import load_catalog  # noqa: E402
from checker.judging.run import run_check  # noqa: E402
from checker.reading.declarations import collect  # noqa: E402
from checker.reading.gitstate import GitState  # noqa: E402
from checker.reading.loader import load_file, read_bytes  # noqa: E402
from checker.reporting import Context, render_text  # noqa: E402

CONTENT = Path("/work/wt/shared/data/betagouv/content")
FIRST = dt.date(2024, 11, 28)


def git(repo: Path, *args: str, when: dt.date | None = None) -> None:
    stamp = f"{when.isoformat()}T12:00:00+01:00" if when else ""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    env.update(GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="b@example.org", GIT_COMMITTER_NAME="Bench")
    env.update(GIT_COMMITTER_EMAIL="b@example.org", GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=env, check=True, capture_output=True)


def build(repo: Path, content: Path, months: int, changed: int) -> list[dt.date]:
    """The repository: the import, then one commit a month changing ``changed`` files."""
    portfolio = repo / "portfolio"
    subprocess.run(
        [sys.executable, "-m", "checker", "import", "betagouv", str(content), "--out", str(portfolio)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "import", when=FIRST)
    files = sorted(portfolio.glob("*.yaml"))
    dates = [add_months(FIRST, n) for n in range(months)]
    for n, day in enumerate(dates[1:], start=1):
        for index in range(changed):
            file = files[(n * changed + index) % len(files)]
            with file.open("a", encoding="utf-8") as handle:
                handle.write(f"# revue du {day.isoformat()}\n")
        git(repo, "commit", "-qam", f"month {n}", when=day)
    git(repo, "gc", "-q")  # packed, as a clone or any repository git has maintained is
    return dates


def from_disk(portfolio: Path, dates: list[dt.date]) -> int:
    read = 0
    for _ in dates:
        for _, target in collect([str(portfolio)]):
            read += len(read_bytes(target))  # type: ignore[arg-type]
    return read


def parsed_from_disk(portfolio: Path, dates: list[dt.date]) -> int:
    return sum(len(load_file(target)[1]) for _ in dates for _, target in collect([str(portfolio)]))  # type: ignore[arg-type]


def from_git(portfolio: Path, dates: list[dt.date], once: bool, parse: bool = False) -> int:
    read = 0
    with GitState.open([portfolio]) as state:
        snapshots = state.snapshots(dates)
        entries = [entry for snapshot in snapshots for entry in snapshot.entries]
        if once:
            entries = list({entry.blob: entry for entry in entries}.values())
        if parse:
            read = sum(len(problems) for _, _, problems in state.load_all(entries))
            state.series(snapshots)
            return read
        for _, raw in state.read_all(entries):
            read += len(raw)  # type: ignore[arg-type]
    return read


def check_runs(catalog, portfolio: Path, dates: list[dt.date]) -> int:
    """25 plain ``check --format json`` runs, one per date, in this process."""
    written = 0
    for day in dates:
        report = run_check(catalog, collect([str(portfolio)]), day, "fr")
        written += len(render_text("json", report, Context(catalog, "fr")))
    return written


def history_run(catalog, portfolio: Path, dates: list[dt.date], as_now: bool = False) -> int:
    """``conformite history --format json`` over the dates (git's, or today's files)."""
    with Past(catalog, [portfolio], "fr", as_now=as_now, today=dates[-1] + dt.timedelta(days=1)) as past:
        history = past.history(dates[0], dates[-1], "month")
    assert history.source == ("today" if as_now else "git") and len(history.points) == len(dates)
    return len(render_json(history))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", default=str(CONTENT), help="beta.gouv.fr content directory")
    parser.add_argument("--months", type=int, default=25)
    parser.add_argument("--changed", type=int, default=30, help="files changed by each monthly commit")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="conformite-git-history-") as tmp:
        repo = Path(tmp)
        dates = build(repo, Path(options.content), options.months, options.changed)
        portfolio = repo / "portfolio"
        count = len(collect([str(portfolio)]))
        runs = {
            "disk, every file": lambda: from_disk(portfolio, dates),
            "git, every file": lambda: from_git(portfolio, dates, once=False),
            "git, each version once": lambda: from_git(portfolio, dates, once=True),
            "disk, parsed": lambda: parsed_from_disk(portfolio, dates),
            "git, once, parsed + series": lambda: from_git(portfolio, dates, once=True, parse=True),
        }
        best = timed(runs, options.repeat)
        catalog = load_catalog(ROOT / "rules")
        whole = {
            f"{len(dates)} check runs": lambda: check_runs(catalog, portfolio, dates),
            "history from git": lambda: history_run(catalog, portfolio, dates),
            "history, today's files": lambda: history_run(catalog, portfolio, dates, as_now=True),
        }
        total = timed(whole, options.repeat)
    print(f"{count} declarations x {len(dates)} monthly dates, {options.changed} files changed a month")
    for name, seconds in best.items():
        base = best["disk, parsed" if "parse" in name else "disk, every file"]
        print(f"{name:28} {seconds:7.3f} s   ratio to disk {seconds / base:5.2f}")
    base = total[f"{len(dates)} check runs"]
    for name, seconds in total.items():
        print(f"{name:28} {seconds:7.3f} s   ratio to the check runs {seconds / base:5.2f}")


def timed(runs: dict, repeat: int) -> dict[str, float]:
    """The best time of each run over ``repeat`` rounds (the runs alternate within a round)."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


if __name__ == "__main__":
    main()
