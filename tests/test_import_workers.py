"""``import --jobs N``: pages read by worker processes, the same declarations and messages as
one process; a worker that dies or fails costs nothing; Ctrl-C is the main process's."""

import datetime as dt
import os
import signal
import subprocess
import sys

import pytest
from conftest import ROOT

from checker.importer import workers
from checker.importer.betagouv import import_pages

CONTENT = ROOT.parent / "shared" / "data" / "betagouv" / "content"
AS_OF = dt.date(2026, 11, 28)
MAIN = os.getpid()


def _square(n, offset):
    return (n * n + offset, os.getpid())


def _die_in_a_worker(n):
    if os.getpid() != MAIN and n == 7:
        os._exit(3)  # a crash, the OOM killer...
    return n, os.getpid()


def _fail_on(n, bad):
    if n == bad:
        raise ValueError(f"bad item {n}")
    return n


def _interrupted(n):
    if os.getpid() != MAIN:
        os.kill(os.getpid(), signal.SIGINT)  # what Ctrl-C sends the whole process group
    return n


@pytest.fixture
def small_shares(monkeypatch):
    monkeypatch.setattr(workers, "FILES_PER_WORKER", 2)


def _children() -> set[int]:
    """This process's children, running or not yet reaped (those of every thread)."""
    found: set[int] = set()
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/children", encoding="ascii") as listed:
                found |= {int(pid) for pid in listed.read().split()}
        except OSError:  # a thread that ended meanwhile
            pass
    return found


_BEFORE: set[int] = set()  # children of this process when the test began (another test's, e.g.
# multiprocessing's forkserver, which lives as long as the process: not this test's business)


@pytest.fixture(autouse=True)
def _children_before():
    _BEFORE.clear()
    _BEFORE.update(_children())


def _no_child_left():
    """No process the test started is left, running or waiting to be reaped."""
    assert _children() <= _BEFORE


def test_results_come_back_in_order_from_several_processes(small_shares):
    results = list(workers.ordered(_square, list(range(20)), 3, (5,)))
    assert [value for value, _ in results] == [n * n + 5 for n in range(20)]
    pids = {pid for _, pid in results}
    assert MAIN in pids and len(pids) == 3  # the main process reads its share too
    _no_child_left()


def test_a_small_run_starts_no_worker():
    assert workers.worker_count(8, 10) == 1 and workers.worker_count(1, 10_000) == 1
    assert workers.worker_count(2, 662) == 2 and workers.worker_count(64, 662) == 662 // workers.FILES_PER_WORKER
    assert {pid for _, pid in workers.ordered(_square, list(range(20)), 4, (0,))} == {MAIN}


def test_a_worker_that_dies_costs_nothing(small_shares):
    results = list(workers.ordered(_die_in_a_worker, list(range(12)), 2))
    assert [n for n, _ in results] == list(range(12))
    assert results[7][1] == MAIN  # its share read again here
    _no_child_left()


def _die_at_9(n):
    if os.getpid() != MAIN and n == 9:
        os._exit(3)
    return n, os.getpid()


def test_what_a_dead_worker_sent_before_it_died_is_kept(small_shares, monkeypatch):
    monkeypatch.setattr(workers, "FRAME", 1)  # one result per message
    results = list(workers.ordered(_die_at_9, list(range(12)), 2))
    assert [n for n, _ in results] == list(range(12))
    assert results[0][1] == MAIN and results[6][1] == results[8][1] != MAIN  # its share began at 6
    assert {pid for _, pid in results[9:]} == {MAIN}  # read here from where it died
    _no_child_left()


def test_a_failure_in_a_worker_is_raised_where_one_process_raises_it(small_shares):
    seen = []
    with pytest.raises(ValueError, match="bad item 9"):
        for n in workers.ordered(_fail_on, list(range(12)), 3, (9,)):
            seen.append(n)
    assert seen == list(range(9))
    _no_child_left()


def test_workers_ignore_ctrl_c(small_shares):
    assert list(workers.ordered(_interrupted, list(range(10)), 2)) == list(range(10))
    _no_child_left()


def test_stopping_early_stops_the_workers(small_shares):
    results = workers.ordered(_square, list(range(30)), 3, (0,))
    assert next(results)[0] == 0
    results.close()  # Ctrl-C, or an error, in the main process
    _no_child_left()


def _tree(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_same_declarations_and_outcome_whatever_the_jobs(tmp_path, small_shares):
    some = ["mobilic", "a-just", "1000.jours", "acces-cible", "aidantsconnect", "aides-territoires", "nope"]
    outcomes = {}
    for jobs in (1, 2, 3):
        outcome = import_pages(CONTENT, tmp_path / str(jobs), AS_OF, only=some, jobs=jobs)
        outcomes[jobs] = (
            [p.name for p in outcome.written],
            [(i.file, i.line, i.code, i.params) for i in outcome.skipped + outcome.problems],
        )
    assert _tree(tmp_path / "1") == _tree(tmp_path / "2") == _tree(tmp_path / "3")
    assert len(_tree(tmp_path / "1")) == 7  # six declarations and the state file
    assert outcomes[1] == outcomes[2] == outcomes[3]
    assert outcomes[1][1][0][2] == "import.missing_page"


@pytest.mark.slow
def test_the_whole_portfolio_is_byte_identical_with_and_without_workers(tmp_path):
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        args = ["import", "betagouv", str(CONTENT), "--out", str(out), "--as-of", "2026-11-28", "--jobs", jobs]
        proc = subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
        runs[jobs] = (proc.stdout, proc.stderr.replace(str(out), "OUT"), _tree(out))
    assert runs["1"] == runs["2"]
    assert len(runs["1"][2]) == 663


def test_jobs_is_checked_as_for_check(tmp_path):
    args = ["import", "betagouv", str(CONTENT), "--out", str(tmp_path / "o"), "--jobs", "0"]
    proc = subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and "--jobs" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists()


def test_no_process_to_be_had_reads_everything_here(small_shares, monkeypatch):
    real_fork, forks = os.fork, []

    def fork():
        if forks:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    results = list(workers.ordered(_square, list(range(12)), 3, (1,)))
    assert [value for value, _ in results] == [n * n + 1 for n in range(12)]
    assert {pid for _, pid in results} == {MAIN}  # the one worker forked was stopped
    _no_child_left()


def test_ctrl_c_during_an_import_leaves_all_or_nothing_and_no_temporary(tmp_path):
    import time

    out = tmp_path / "out"
    args = ["import", "betagouv", str(CONTENT), "--out", str(out), "--as-of", "2026-11-28", "--jobs", "2"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    for _ in range(6000):  # until the run has begun (its --out made): past start-up
        if out.exists() or proc.poll() is not None:
            break
        time.sleep(0.01)
    time.sleep(0.2)  # somewhere in the run (or after it): what follows holds whenever Ctrl-C comes
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 130) and "Traceback" not in err
    names = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert not [n for n in names if n.endswith(".tmp")]
    assert len(names) in (0, 663)  # nothing written, or every declaration and the state file
    if not names:
        assert proc.returncode == 130 and "SIGINT" in err
