"""``check --jobs N``: the same report as one process, a dead worker costs one file, Ctrl-C
stops everything, and a small run starts no worker."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import AS_OF, FIXTURES, ROOT

from checker.cli.main import main
from checker.judging import parallel
from checker.judging.run import check_one, run_check
from checker.reading.declarations import collect

DATE = ("--as-of", AS_OF.isoformat())
EXAMPLES = sorted((FIXTURES / "examples").glob("*.yaml"))
FORMATS = ("json", "table", "markdown", "junit", "sarif", "github", "html")


def _generated(directory: Path, count: int, seed: int = 12) -> Path:
    """``count`` variations of the bundled examples (dates, amounts, ids; a few broken files)."""
    rng = random.Random(seed)
    directory.mkdir()
    for i in range(count):
        text = EXAMPLES[i % len(EXAMPLES)].read_text(encoding="utf-8")
        day = f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        text = text.replace("2024-06-20", day).replace("committed: 210000", f"committed: {rng.randrange(450_000)}")
        text = text.replace("id: api-engagement", f"id: startup-{i}").replace("id: jeveuxaider", f"id: jv-{i}")
        if i % 17 == 5:
            text += "unknown_key: true\n"  # invalid: an unknown key
        (directory / f"d{i:04d}.yaml").write_text(text, encoding="utf-8")
    return directory


def _inputs(tmp_path: Path) -> list[str]:
    """Every bundled fixture (examples, each rule's pass/fail files, invalid and hostile
    files), a generated set, and a missing file."""
    return [str(FIXTURES), str(_generated(tmp_path / "generated", 60)), str(tmp_path / "missing.yaml")]


@pytest.fixture
def eager_workers(monkeypatch):
    """Workers for any run of two files or more, with small chunks: many hand-overs."""
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 1)
    monkeypatch.setattr(parallel, "CHUNK", 2)
    started = []
    original = parallel._Worker.__init__

    def counted(self, *args):
        original(self, *args)
        started.append(self.process.pid)

    monkeypatch.setattr(parallel._Worker, "__init__", counted)
    return started


def _cli(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_format_is_byte_identical_with_workers(tmp_path, capsys, eager_workers, lang):
    inputs = _inputs(tmp_path)
    for fmt in FORMATS:
        alone = _cli(capsys, "check", *inputs, *DATE, "--format", fmt, "--lang", lang, "--jobs", "1")
        assert not eager_workers
        together = _cli(capsys, "check", *inputs, *DATE, "--format", fmt, "--lang", lang, "--jobs", "2")
        assert len(eager_workers) == 2
        eager_workers.clear()
        assert together == alone, fmt
        assert alone[0] == 2  # the invalid files and the missing one
        assert alone[1].count("d0005.yaml") >= 1


def test_three_workers_and_verbose_give_the_same_json(tmp_path, capsys, eager_workers):
    inputs = _inputs(tmp_path)
    options = (*DATE, "--format", "json", "--verbose", "--no-exemptions")
    assert _cli(capsys, "check", *inputs, *options, "--jobs", "3") == _cli(
        capsys, "check", *inputs, *options, "--jobs", "1"
    )
    assert len(eager_workers) == 3


def dying_check(evaluator, target, shown):
    """What a worker runs in the dead-worker test: a crash on the files named so."""
    if "exits" in Path(target).name:
        os._exit(3)
    if "segfaults" in Path(target).name:
        os.kill(os.getpid(), signal.SIGSEGV)
    return check_one(evaluator, target, shown)


@pytest.mark.parametrize("lang, words", [("fr", "l'évaluation de ce fichier a échoué"), ("en", "evaluation failed")])
def test_a_dead_worker_costs_only_its_file(tmp_path, catalog, eager_workers, lang, words):
    directory = _generated(tmp_path / "d", 24)
    for name in ("d0003.yaml", "d0010.yaml"):
        (directory / name).rename(directory / name.replace(".yaml", "-exits.yaml"))
    (directory / "d0017.yaml").rename(directory / "d0017-segfaults.yaml")
    targets = collect([str(directory)])
    together = run_check(catalog, targets, AS_OF, lang, jobs=2, check=dying_check)
    reference = run_check(catalog, targets, AS_OF, lang, jobs=1)
    assert len(eager_workers) == 2 + 3  # each death: a fresh worker
    got = list(together.declarations)
    expected = list(reference.declarations)
    assert [d.file for d in got] == [d.file for d in expected]
    dead = {d.file: d for d in got if "exits" in d.file or "segfaults" in d.file}
    assert len(dead) == 3
    for result in dead.values():
        assert result.status == "invalid"
        assert len(result.errors) == 1 and words in result.errors[0].message
    assert "SIGSEGV" in dead[str(directory / "d0017-segfaults.yaml")].errors[0].message
    assert "3" in dead[str(directory / "d0003-exits.yaml")].errors[0].message
    for mine, theirs in zip(got, expected):
        if mine.file not in dead:
            assert mine.to_json() == theirs.to_json()


def test_a_small_run_starts_no_worker(tmp_path, capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a worker was started")

    monkeypatch.setattr(parallel._Worker, "__init__", refuse)
    two = [str(EXAMPLES[0]), str(EXAMPLES[1])]
    code, out, _ = _cli(capsys, "check", *two, *DATE, "--format", "json", "--jobs", "8")
    assert code == 1 and '"declarations": 2' in out
    assert parallel.worker_count(8, 2) == 1
    assert parallel.worker_count(2, 2 * parallel.FILES_PER_WORKER - 1) == 1
    assert parallel.worker_count(2, 2 * parallel.FILES_PER_WORKER) == 2
    assert parallel.worker_count(1, 10**6) == 1


@pytest.mark.parametrize("value", ["0", "-1", "two", "257", ""])
def test_a_bad_jobs_value_is_one_sentence(capsys, value):
    code, out, err = _cli(capsys, "check", str(EXAMPLES[0]), *DATE, "--jobs", value)
    assert code == 2 and out == ""
    assert err.startswith("conformite: --jobs attend un nombre de processus entre 1 et 256")


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0] in ("Z", "X")
    except (OSError, IndexError):
        return True


def _ignores(pid: int, sig: int) -> bool:
    """Whether the process ignores ``sig`` (its SigIgn mask): the kernel drops such a signal when
    it is sent, so it can never be delivered later."""
    status = Path(f"/proc/{pid}/status").read_text()
    return bool(int(status.split("SigIgn:")[1].split()[0], 16) >> (sig - 1) & 1)


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_the_workers_and_writes_no_report(tmp_path, sig, code):
    directory = _generated(tmp_path / "many", 2 * parallel.FILES_PER_WORKER * 8)
    report = tmp_path / "report.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker", "check", str(directory), *DATE, "--jobs", "2", "--output", str(report)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the signal goes to it all, as a terminal's Ctrl-C
    )
    workers: list[int] = []
    while proc.poll() is None and len(workers) < 2:
        workers = _children(proc.pid)  # forked workers (no other child)
        time.sleep(0.01)
    assert len(workers) == 2, "the workers never started"
    # Ctrl-C is the main process's business: a worker ignores it, so it cannot die of it, now or later
    assert all(_ignores(pid, signal.SIGINT) for pid in workers)
    for pid in workers:
        os.kill(pid, signal.SIGINT)
    assert not any(_gone(pid) for pid in workers)
    os.killpg(proc.pid, sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == code
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith(f"conformite: interrompu ({signal.Signals(sig).name})")
    assert not report.exists()
    assert not list(tmp_path.glob(".report.json.*"))
    for _ in range(500):  # the workers end with the run (no orphan left computing)
        if all(_gone(pid) for pid in workers):
            break
        time.sleep(0.01)
    assert all(_gone(pid) for pid in workers)


def test_receive_with_no_busy_worker_returns_instead_of_waiting_forever():
    """Found in review: when every worker was just replaced before getting a chunk, nothing is
    outstanding; waiting on an empty set would block for ever. (A deadlock check, not a speed
    one: 30 s for what takes microseconds.)"""
    import threading
    from collections import deque
    from types import SimpleNamespace

    idle = SimpleNamespace(outstanding=0)
    worker = threading.Thread(target=parallel._receive, args=([idle], {}, deque(), None, None), daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive()


def test_the_collector_is_paused_while_checking_and_cycles_still_go(tmp_path):
    """While declarations are checked the cyclic collector is paused; a file whose recursive
    alias ties its node tree into a cycle (the tree is large) has it collected before the next
    file, and small cycles once enough objects wait. The collector's state is given back
    afterwards, and a caller who had paused it keeps it paused."""
    import gc
    import weakref

    from checker.judging.evaluate import Collections
    from checker.reading.loader import load_file

    lines = ["&r", "schema_version: 1"] + [f"k{i}: value{i}" for i in range(12_000)] + ["self: *r"]
    (tmp_path / "cycle.yaml").write_text("\n".join(lines) + "\n")

    class Node:
        pass

    assert gc.isenabled()
    with Collections() as collections:
        assert not gc.isenabled()
        doc, problems = load_file(tmp_path / "cycle.yaml")
        assert problems  # refused (too many nodes or too deep), its tree a cycle all the same
        tree = weakref.ref(doc.root)
        small = Node()
        small.itself = small
        gone = weakref.ref(small)
        del doc, small
        assert tree() is not None  # paused: nothing collected yet
        collections.tick()  # the next file
        assert tree() is None and gone() is None
        small = Node()
        small.itself = small
        gone = weakref.ref(small)
        del small
        collections.tick()
        assert gone() is not None  # a few objects waiting: no collection for them alone
    assert gc.isenabled()
    gc.disable()
    try:
        with Collections() as collections:
            doc, _ = load_file(tmp_path / "cycle.yaml")
            tree = weakref.ref(doc.root)
            del doc
            collections.tick()
            assert tree() is not None  # the caller's choice is kept
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.collect()


@pytest.mark.parametrize(
    "started, culprit, others",
    [
        (5, "c", ["a", "b", "d"]),  # died evaluating the third file it held: the two before come back too
        (3, "a", ["b", "c", "d"]),  # died evaluating the first
        (6, "d", ["a", "b", "c"]),  # the last: evaluated all, died while sending them
        (2, "a", ["b", "c", "d"]),  # between two chunks (killed while waiting): one file still pays
    ],
)
def test_a_dead_worker_is_charged_the_file_it_had_started(started, culprit, others):
    """Results come back a chunk at a time; the count of files a worker started (shared
    memory, no message) says which file it died on, whatever it had finished before."""
    from collections import deque
    from types import SimpleNamespace

    held = SimpleNamespace(
        chunks=deque([["a", "b"], ["c", "d"]]), outstanding=4, received=2, started=SimpleNamespace(value=started)
    )
    assert parallel._Worker.lost(held) == (culprit, others)
    assert held.outstanding == 0 and not held.chunks


def test_results_sent_just_before_a_death_are_kept():
    """Found in review: a worker that sends a chunk's results and is killed before the main
    process looks again: the results waiting in the pipe are read after its death, not
    thrown away, and the count of files it finished is then exact."""
    import multiprocessing
    from collections import deque
    from types import SimpleNamespace

    from checker.judging.model import DeclarationResult

    parent, child = multiprocessing.Pipe()
    read_end, write_end = os.pipe()
    os.write(write_end, b"x")  # a sentinel that is ready, as a dead process's
    message = b"\n".join([b"line-a", b"brief-a", b"line-b", b"brief-b"])

    def dead():  # the message lands after the first look, then the process is found dead
        child.send_bytes(message)
        return False

    process = SimpleNamespace(
        is_alive=dead, join=lambda *a: None, sentinel=read_end, exitcode=-9, terminate=lambda: None
    )
    worker = parallel._Worker.__new__(parallel._Worker)
    worker.conn, worker.process, worker.received = parent, process, 0
    worker.chunks = deque([[(0, "a", "a"), (1, "b", "b")], [(2, "c", "c")]])
    worker.outstanding, worker.started = 3, SimpleNamespace(value=2)  # both of the first chunk done
    done, todo, charged = {}, deque(), []

    def invalid(index, detail):
        charged.append(index)
        return DeclarationResult(f"f{index}", None, "invalid", None)

    pool = [worker]
    parallel._receive(pool, done, todo, invalid, lambda: "fresh")
    os.close(read_end), os.close(write_end), child.close()
    assert done[0] == (b"line-a", b"brief-a") and done[1] == (b"line-b", b"brief-b")
    assert charged == [2] and not todo and pool == ["fresh"]  # idle when it died: the next file held pays


@pytest.mark.parametrize("broken", ["statvfs", "mmap"])
def test_workers_run_without_shared_memory_files(tmp_path, capsys, eager_workers, monkeypatch, broken):
    """Found in review: multiprocessing's RawValue needs /dev/shm, which some hosts lack. The
    count of files a worker started lives in an anonymous shared mapping; if even that cannot
    be made, the run goes on (a death is then charged to the first file the worker held)."""
    import mmap

    real_statvfs = os.statvfs

    def no_shm(path, *args):
        if str(path).startswith("/dev/shm"):
            raise FileNotFoundError(2, "No such file or directory", path)
        return real_statvfs(path, *args)

    def no_mmap(*args, **kwargs):
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(os, "statvfs", no_shm)
    if broken == "mmap":
        monkeypatch.setattr(mmap, "mmap", no_mmap)
    inputs = [str(p) for p in EXAMPLES * 2]
    together = _cli(capsys, "check", *inputs, *DATE, "--format", "json", "--jobs", "2")
    assert len(eager_workers) == 2
    assert together == _cli(capsys, "check", *inputs, *DATE, "--format", "json", "--jobs", "1")


def unencodable_check(evaluator, target, shown):
    """A result that cannot be stored (a bug of ours, by construction) for files named so."""
    result = check_one(evaluator, target, shown)
    if "unencodable" in Path(target).name:
        result.obligations["approach"] = object()
    return result


def test_a_result_a_worker_cannot_store_costs_only_its_file(tmp_path, catalog, eager_workers, capfd):
    """Found in review: a failure after the evaluation (storing the result) in a worker costs
    that file, reported invalid, quietly: no multiprocessing traceback, no lost chunk."""
    directory = _generated(tmp_path / "d", 6)
    (directory / "d0002.yaml").rename(directory / "d0002-unencodable.yaml")
    targets = collect([str(directory)])
    together = run_check(catalog, targets, AS_OF, "en", jobs=2, check=unencodable_check)
    reference = run_check(catalog, targets, AS_OF, "en", jobs=1)
    got, expected = list(together.declarations), list(reference.declarations)
    assert [d.status for d in got].count("invalid") == [d.status for d in expected].count("invalid") + 1
    broken = next(d for d in got if "unencodable" in d.file)
    assert broken.status == "invalid" and "TypeError" in broken.errors[0].message
    assert [d.to_json() for d in got if d is not broken] == [
        d.to_json() for d in expected if "unencodable" not in d.file
    ]
    assert "Traceback" not in capfd.readouterr().err


def stuck_check(evaluator, target, shown):
    """What a worker runs in the time-limit test: it stops answering (SIGSTOP, as C code stuck
    would) on the files named so."""
    if "stuck" in Path(target).name:
        os.kill(os.getpid(), signal.SIGSTOP)
    return check_one(evaluator, target, shown)


@pytest.mark.parametrize(
    "lang, words",
    [
        (
            "fr",
            "l'évaluation de ce fichier a dépassé le délai de 1 s : le processus qui le vérifiait ne répondait plus",
        ),
        ("en", "evaluation ran past its time limit of 1 s: the process checking this file stopped answering"),
    ],
)
def test_a_worker_that_stops_answering_is_killed_and_costs_only_its_file(
    tmp_path, catalog, eager_workers, monkeypatch, lang, words
):
    monkeypatch.setattr(parallel, "FILE_TIME_LIMIT", 1.0)  # per MiB of --max-bytes (1 MiB here)
    directory = _generated(tmp_path / "d", 24)
    (directory / "d0009.yaml").rename(directory / "d0009-stuck.yaml")
    targets = collect([str(directory)])
    together = run_check(catalog, targets, AS_OF, lang, jobs=2, check=stuck_check)
    reference = run_check(catalog, targets, AS_OF, lang, jobs=1)
    assert len(eager_workers) == 2 + 1  # the stopped one killed, a fresh one took over
    got, expected = list(together.declarations), list(reference.declarations)
    assert [d.file for d in got] == [d.file for d in expected]
    [stuck] = [d for d in got if "stuck" in d.file]
    assert stuck.status == "invalid" and len(stuck.errors) == 1 and words in stuck.errors[0].message
    assert [d.to_json() for d in got if d is not stuck] == [d.to_json() for d in expected if "stuck" not in d.file]
    assert all(_gone(pid) for pid in eager_workers)  # the stopped worker is not left behind


def test_the_time_limit_counts_only_waiting_without_progress():
    """A worker that starts a file or sends results has moved on: its clock starts again."""
    from types import SimpleNamespace

    worker = parallel._Worker.__new__(parallel._Worker)
    worker.started, worker.received = SimpleNamespace(value=1), 0
    worker.clock(5.0)  # first look: it moved on (from nothing)
    assert worker.waited == 0.0
    worker.clock(5.0)
    worker.clock(4.0)
    assert worker.waited == 9.0
    worker.started.value = 2  # it started the next file
    worker.clock(3.0)
    assert worker.waited == 0.0
    worker.clock(1.0)
    worker.received = 8  # a chunk's results came back
    worker.clock(2.0)
    assert worker.waited == 0.0
    assert parallel.time_limit(1024 * 1024) == parallel.time_limit(1) == parallel.FILE_TIME_LIMIT
    assert parallel.time_limit(64 * 1024 * 1024) == 64 * parallel.FILE_TIME_LIMIT
