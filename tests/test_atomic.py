"""Atomic writes: the previous file stays whole until the new one is complete."""

import errno
import os
import time

import pytest

from checker.foundation.atomic import atomic_open, atomic_write_text
from checker.foundation.wording import system_error


def test_replaces_only_when_complete(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with atomic_open(target) as out:
            out.write("half of the new")
            raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary left
    atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"


def test_keeps_the_mode_of_an_existing_file(tmp_path):
    target = tmp_path / "decl.yaml"
    target.write_text("a: 1\n", encoding="utf-8")
    os.chmod(target, 0o640)
    atomic_write_text(target, "a: 2\n")
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)


def test_newlines_written_as_given(tmp_path):
    target = tmp_path / "page.yaml"
    atomic_write_text(target, "a: 1\r\nb: 2\n")
    assert target.read_bytes() == b"a: 1\r\nb: 2\n"


# --- batches: many files, one flush, all replaced at the end -------------------------------

from checker.foundation import atomic  # noqa: E402
from checker.foundation.atomic import atomic_batch  # noqa: E402


def _names(folder):
    return sorted(p.name for p in folder.iterdir())


def test_batch_replaces_every_file_at_commit_and_leaves_no_temporary(tmp_path):
    (tmp_path / "a.yaml").write_text("old a\n", encoding="utf-8")
    os.chmod(tmp_path / "a.yaml", 0o640)
    with atomic_batch() as batch:
        batch.write_text(tmp_path / "a.yaml", "new a\n")
        batch.write_text(tmp_path / "b.yaml", "new b\r\n")
        assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == "old a\n"  # nothing replaced yet
        assert not (tmp_path / "b.yaml").exists()
    assert _names(tmp_path) == ["a.yaml", "b.yaml"]
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == "new a\n"
    assert (tmp_path / "b.yaml").read_bytes() == b"new b\r\n"
    assert oct((tmp_path / "a.yaml").stat().st_mode & 0o777) == oct(0o640)


@pytest.mark.parametrize("stop", [KeyboardInterrupt, SystemExit, RuntimeError])
def test_an_interrupted_batch_replaces_nothing_and_leaves_no_temporary(tmp_path, stop):
    (tmp_path / "a.yaml").write_text("old a\n", encoding="utf-8")
    with pytest.raises(stop):
        with atomic_batch() as batch:
            batch.write_text(tmp_path / "a.yaml", "new a\n")
            batch.write_text(tmp_path / "b.yaml", "new b\n")
            raise stop
    assert _names(tmp_path) == ["a.yaml"]
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == "old a\n"


def test_a_write_that_fails_discards_the_whole_batch(tmp_path):
    with pytest.raises(UnicodeEncodeError):
        with atomic_batch() as batch:
            batch.write_text(tmp_path / "a.yaml", "fine\n")
            batch.write_text(tmp_path / "b.yaml", "a lone surrogate \udc80\n")
    assert _names(tmp_path) == []


def test_a_directory_in_place_of_a_target_is_refused_before_anything_is_replaced(tmp_path):
    (tmp_path / "b.yaml").mkdir()  # a directory where a file should go
    with pytest.raises(atomic.Refused) as refused:
        with atomic_batch() as batch:
            batch.write_text(tmp_path / "a.yaml", "a\n")
            batch.write_text(tmp_path / "b.yaml", "b\n")
    assert refused.value.errno == errno.EISDIR and refused.value.filename == str(tmp_path / "b.yaml")
    assert system_error(refused.value).shown("fr") == "c'est un dossier"
    assert _names(tmp_path) == ["b.yaml"]  # nothing replaced, no temporary


def test_a_rename_that_fails_removes_the_remaining_temporaries_and_records_what_was_replaced(tmp_path, monkeypatch):
    real_replace, calls = os.replace, []

    def replace(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error", str(target))
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", replace)
    atomic.forget()
    with pytest.raises(OSError):
        with atomic_batch() as batch:
            for name in ("a.yaml", "b.yaml", "c.yaml"):
                batch.write_text(tmp_path / name, f"{name}\n")
    assert _names(tmp_path) == ["a.yaml"]  # a complete, b and c never made, no temporary
    assert atomic.committed() == [tmp_path / "a.yaml"]  # and the batch knows it


def test_one_flush_for_the_whole_batch_not_one_per_file(tmp_path, monkeypatch):
    flushed, synced = [], []
    monkeypatch.setattr(atomic, "_syncfs_function", lambda: flushed.append)
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    with atomic_batch() as batch:
        for i in range(20):
            batch.write_text(tmp_path / f"{i}.yaml", f"n: {i}\n")
    assert len(flushed) == 1  # one file-system flush before the renames
    assert len(synced) == 1  # and the directory, once, after them
    assert len(_names(tmp_path)) == 20


def test_without_syncfs_each_file_is_flushed_on_its_own(tmp_path, monkeypatch):
    synced = []
    monkeypatch.setattr(atomic, "_syncfs_function", lambda: None)
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    with atomic_batch() as batch:
        batch.write_text(tmp_path / "a.yaml", "a\n")
        batch.write_text(tmp_path / "b.yaml", "b\n")
    assert len(synced) == 3  # each file, then the directory
    assert (tmp_path / "b.yaml").read_text(encoding="utf-8") == "b\n"


def test_syncfs_is_found_on_linux():
    if not hasattr(os, "sched_getaffinity"):  # pragma: no cover - the CI runs Linux
        assert atomic._syncfs_function() is None
        return
    flush = atomic._syncfs_function()
    assert flush is not None
    fd = os.open(".", os.O_RDONLY)
    try:
        flush(fd)  # flushes without error
        with pytest.raises(OSError):
            flush(-1)  # a bad descriptor is an OSError, never ignored
    finally:
        os.close(fd)


def test_binary_and_large_writes_are_whole(tmp_path):
    big = bytes(range(256)) * 40_000  # 10 MB: more than one write(2) may take
    with atomic_open(tmp_path / "out.bin", "wb") as out:
        out.write(big)
    assert (tmp_path / "out.bin").read_bytes() == big
    with atomic_batch() as batch:
        batch.write_text(tmp_path / "out.txt", "é" * 3_000_000)
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "é" * 3_000_000
    assert _names(tmp_path) == ["out.bin", "out.txt"]


def test_inside_keeps_a_plain_name_in_its_directory(tmp_path):
    from checker.foundation.atomic import inside

    assert inside(tmp_path, "api-engagement.json") == tmp_path / "api-engagement.json"
    assert inside(tmp_path, "Démarches.Simplifiées_v2.json") == tmp_path / "Démarches.Simplifiées_v2.json"


@pytest.mark.parametrize(
    "name", ["", ".", "..", "../package.json", "/etc/passwd", "a/b.json", "a\\b.json", "nul\0.json"]
)
def test_inside_refuses_a_name_that_leaves_the_directory(tmp_path, name):
    from checker.foundation.atomic import OutsideOutput, inside

    with pytest.raises(OutsideOutput):
        inside(tmp_path, name)


def test_inside_refuses_a_symbolic_link_pointing_out(tmp_path):
    from checker.foundation.atomic import OutsideOutput, inside

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "escape.json").symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(OutsideOutput):
        inside(tmp_path / "out", "escape.json")


# --- the guards of the way out -------------------------------------------------------------


def test_a_read_only_file_is_never_replaced(tmp_path):
    kept = tmp_path / "kept.yaml"
    kept.write_text("the team's\n", encoding="utf-8")
    os.chmod(kept, 0o444)
    with pytest.raises(atomic.Refused) as refused:
        atomic_write_text(kept, "new\n")
    assert refused.value.errno == errno.EACCES
    assert system_error(refused.value).shown("fr") == "fichier en lecture seule"
    assert system_error(refused.value).shown("en") == "read-only file"
    with atomic_batch() as batch:  # in a batch: that file refused, the batch goes on
        with pytest.raises(atomic.Refused):
            batch.write_text(kept, "new\n")
        batch.write_text(tmp_path / "other.yaml", "other\n")
    assert kept.read_text(encoding="utf-8") == "the team's\n" and oct(kept.stat().st_mode & 0o777) == oct(0o444)
    assert _names(tmp_path) == ["kept.yaml", "other.yaml"]


def test_a_symbolic_link_stays_a_link_and_the_file_it_names_is_written(tmp_path):
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "decl.yaml"
    real.write_text("old\r\n", encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "decl.yaml"
    link.symlink_to(real)
    atomic_write_text(link, "one\r\n")
    assert link.is_symlink() and real.read_bytes() == b"one\r\n"
    with atomic_batch(within=tmp_path) as batch:
        batch.write_text(link, "two\r\n")
    assert link.is_symlink() and os.readlink(link) == str(real) and real.read_bytes() == b"two\r\n"
    assert oct(real.stat().st_mode & 0o777) == oct(0o640)
    assert _names(tmp_path) == ["decl.yaml", "real"] and _names(tmp_path / "real") == ["decl.yaml"]
    dangling = tmp_path / "new.yaml"  # a link to a file not made yet: made where the link says
    dangling.symlink_to(tmp_path / "real" / "new.yaml")
    atomic_write_text(dangling, "new\n")
    assert dangling.is_symlink() and (tmp_path / "real" / "new.yaml").read_text(encoding="utf-8") == "new\n"


def test_a_batch_refuses_a_target_whose_resolved_path_leaves_its_directory(tmp_path):
    from checker.foundation.atomic import OutsideOutput

    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere.yaml"
    out.mkdir()
    elsewhere.write_text("not ours\n", encoding="utf-8")
    (out / "escape.yaml").symlink_to(elsewhere)
    with atomic_batch(within=out) as batch:
        for target in (out / "escape.yaml", out / ".." / "elsewhere.yaml", tmp_path / "beside.yaml"):
            with pytest.raises(OutsideOutput):
                batch.write_text(target, "written\n")
        batch.write_text(out / "fine.yaml", "fine\n")
    assert elsewhere.read_text(encoding="utf-8") == "not ours\n" and not (tmp_path / "beside.yaml").exists()
    assert _names(out) == ["escape.yaml", "fine.yaml"]
    with pytest.raises(OutsideOutput):
        atomic_write_text(out / "escape.yaml", "written\n", within=out)
    assert elsewhere.read_text(encoding="utf-8") == "not ours\n"


def test_a_temporary_file_names_its_writer(tmp_path):
    fd, path = atomic._exclusive(tmp_path / "decl.yaml")
    os.close(fd)
    match = atomic._TEMPORARY.fullmatch(path.name)
    assert match and match["name"] == "decl.yaml" and int(match["pid"]) == os.getpid()
    assert match["host"] == atomic._host() and oct(path.stat().st_mode & 0o777) == oct(0o600)


KILLED_WRITER = """
import os, signal, sys
from checker.foundation.atomic import Batch
batch = Batch()
for name in sys.argv[2:]:
    batch.write_text(os.path.join(sys.argv[1], name), "killed before its renames\\n")
os.kill(os.getpid(), signal.SIGKILL)
"""

LIVE_WRITER = """
import sys
from checker.foundation.atomic import atomic_batch
with atomic_batch() as batch:
    batch.write_text(sys.argv[1], "the live writer's\\n")
    print("written", flush=True)
    sys.stdin.readline()  # its renames wait until the test says
"""


def live_writer(target):
    """A process that has written ``target``'s temporary file and waits to rename it (until a
    line comes on its standard input)."""
    import subprocess
    import sys

    from conftest import ROOT

    live = subprocess.Popen(
        [sys.executable, "-c", LIVE_WRITER, str(target)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert live.stdout.readline() == "written\n"
    return live


def _temporaries(folder, name):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}.") and p.name.endswith(".tmp"))


def test_the_temporary_files_of_a_killed_run_are_removed_by_the_next_one(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    names = ["d0.yaml", "d1.yaml", "d2.yaml"]
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(tmp_path), *names], cwd=ROOT)
    assert killed.returncode == -9
    assert all(len(_temporaries(tmp_path, name)) == 1 for name in names)  # what SIGKILL leaves
    old, young = time.time() - atomic.STALE_AFTER - 60, time.time()
    for stamp, name in ((old, ".d1.yaml.abcd1234.tmp"), (young, ".d1.yaml.efgh5678.tmp")):  # older writers' names
        (tmp_path / name).write_text("x")
        os.utime(tmp_path / name, (stamp, stamp))
    foreign = f".d1.yaml.12345-{'0' * 6 if atomic._host() != '0' * 6 else '1' * 6}-0123abcd.tmp"  # another machine's
    (tmp_path / foreign).write_text("x")
    (tmp_path / ".notes.txt.abcd1234.tmp").write_text("x")  # not a file the writers below write
    os.utime(tmp_path / ".notes.txt.abcd1234.tmp", (old, old))
    live = live_writer(tmp_path / "d1.yaml")
    try:
        mine = [p for p in _temporaries(tmp_path, "d1.yaml") if p.split(".")[3].startswith(f"{live.pid}-")]
        atomic_write_text(tmp_path / "d1.yaml", "this run's\n")  # writing d1.yaml sweeps d1.yaml's
        assert _temporaries(tmp_path, "d1.yaml") == sorted([".d1.yaml.efgh5678.tmp", foreign, *mine])
        assert len(_temporaries(tmp_path, "d0.yaml")) == 1  # d0.yaml not written: its file not touched
        assert atomic.sweep(tmp_path, lambda name: name.endswith(".yaml")) == 2  # d0's and d2's
        assert _temporaries(tmp_path, "d0.yaml") == _temporaries(tmp_path, "d2.yaml") == []
        assert (tmp_path / ".notes.txt.abcd1234.tmp").exists()
        live.stdin.write("go\n")
        live.stdin.close()
        assert live.wait(timeout=60) == 0  # the live writer's temporary was there to rename
    finally:
        if live.poll() is None:
            live.kill()
        live.wait()
        live.stdin.close()
        live.stdout.close()
    assert (tmp_path / "d1.yaml").read_text(encoding="utf-8") == "the live writer's\n"
    os.utime(tmp_path / foreign, (old, old))
    with atomic_batch() as batch:  # a batch sweeps too; an old file of another machine is stale
        batch.write_text(tmp_path / "d1.yaml", "again\n")
    assert _temporaries(tmp_path, "d1.yaml") == [".d1.yaml.efgh5678.tmp"]


def test_the_lock_waits_for_the_other_writer_then_gives_up(tmp_path, monkeypatch):
    import fcntl

    lock = tmp_path / ".lock"
    holder = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    monkeypatch.setattr(atomic, "LOCK_WAIT", 0)  # give up at the first try after waiting
    said = []
    with pytest.raises(atomic.LockBusy):
        with atomic.locked(lock, waiting=lambda: said.append("waiting")):
            said.append("inside")
    assert said == ["waiting"]
    os.close(holder)
    with atomic.locked(lock, waiting=lambda: said.append("waiting")):
        said.append("inside")
    assert said == ["waiting", "inside"] and not lock.exists()  # removed by the writer that held it


def test_a_lock_file_replaced_while_being_locked_is_locked_again(tmp_path, monkeypatch):
    import fcntl

    lock, real_flock, calls = tmp_path / ".lock", fcntl.flock, []

    def flock(fd, operation):  # between opening and locking: the holder ends, a third writer starts
        calls.append(fd)
        if len(calls) == 1:
            lock.unlink()
            lock.write_text("")
        return real_flock(fd, operation)

    monkeypatch.setattr(fcntl, "flock", flock)
    with atomic.locked(lock):
        assert len(calls) == 2  # the first file, gone, was not kept as the lock
        assert os.path.samestat(os.fstat(calls[1]), os.stat(lock))


def test_a_lock_file_that_is_a_link_is_not_followed(tmp_path):
    (tmp_path / "lock").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(OSError):
        with atomic.locked(tmp_path / "lock"):
            pass
    assert not (tmp_path / "elsewhere").exists()


def test_what_was_written_is_recorded_and_said_by_directory(tmp_path):
    atomic.forget()
    assert atomic.committed_text("fr") is None
    atomic_write_text(tmp_path / "report.json", "{}\n")
    (tmp_path / "out").mkdir()
    with atomic_batch() as batch:
        for i in range(5):
            batch.write_text(tmp_path / "out" / f"{i}.yaml", "x\n")
    with atomic_open(tmp_path / "cache", output=False) as out:  # a cache is no output
        out.write("x")
    assert atomic.committed()[0] == tmp_path / "report.json" and len(atomic.committed()) == 6
    assert atomic.committed_text("fr") == f"{tmp_path / 'report.json'}, 5 fichiers dans {tmp_path / 'out'}"
    assert atomic.committed_text("en") == f"{tmp_path / 'report.json'}, 5 files in {tmp_path / 'out'}"
    atomic.forget()
    assert atomic.committed() == []


# --- an interrupted command says exactly what it wrote -------------------------------------

CHECK = ["check", "fixtures/examples/api-engagement.yaml", "--as-of", "2025-01-15", "--fail-on", "never"]


def _check_interrupted(tmp_path, monkeypatch, capsys, when):
    """``check`` writing two reports, SIGINT sent ``when``: (exit code, last line of stderr)."""
    import signal
    import threading

    from checker import reporting as reporters
    from checker.cli import main as cli

    real_render, real_replace, renders = reporters.render, os.replace, []

    def render(fmt, report, context, out):
        renders.append(fmt)
        if when == f"render {len(renders)}":
            os.kill(os.getpid(), signal.SIGINT)
        return real_render(fmt, report, context, out)

    def replace(source, target):
        real_replace(source, target)
        if when == "last rename" and len(renders) == 2:  # signals are held: delivered once the rename is recorded
            # to this thread, as Ctrl-C reaches the one-threaded command: sent to the process, it may
            # land on another thread of the test runner (pytest-xdist's), which this thread's mask does not hold
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)

    monkeypatch.setattr(reporters, "render", render)
    monkeypatch.setattr(atomic.os, "replace", replace)
    for name in ("r1.json", "r2.md"):
        (tmp_path / name).write_text("previous\n")
    code = cli.main(
        [
            *CHECK,
            "--format",
            "json",
            "--output",
            str(tmp_path / "r1.json"),
            "--report",
            f"markdown:{tmp_path / 'r2.md'}",
        ]
    )
    return code, capsys.readouterr().err.strip().splitlines()[-1]


def test_an_interrupted_check_says_which_reports_it_replaced(tmp_path, monkeypatch, capsys):
    r1, r2 = tmp_path / "r1.json", tmp_path / "r2.md"
    code, said = _check_interrupted(tmp_path, monkeypatch, capsys, "render 1")
    assert (
        code == 130
        and said
        == "conformite: interrompu (SIGINT) : aucun rapport partiel écrit, les fichiers précédents sont intacts"
    )
    assert r1.read_text() == r2.read_text() == "previous\n"
    code, said = _check_interrupted(tmp_path, monkeypatch, capsys, "render 2")
    assert code == 130 and said == (
        f"conformite: interrompu (SIGINT) après avoir écrit en entier : {r1} ; "
        "aucun autre fichier n'a été modifié, aucun fichier partiel n'est resté"
    )
    assert r1.read_text() != "previous\n" and r2.read_text() == "previous\n"
    code, said = _check_interrupted(tmp_path, monkeypatch, capsys, "last rename")
    assert code == 130 and said.startswith(
        f"conformite: interrompu (SIGINT) après avoir écrit en entier : {r1}, {r2} ;"
    )
    assert r2.read_text().startswith("#") and _names(tmp_path) == ["r1.json", "r2.md"]


def test_a_report_that_cannot_be_written_is_said_in_french(tmp_path, capsys):
    from checker.cli import main as cli

    (tmp_path / "r.json").write_text("kept\n")
    os.chmod(tmp_path / "r.json", 0o444)
    assert cli.main([*CHECK, "--format", "json", "--output", str(tmp_path / "r.json")]) == 2
    assert (
        capsys.readouterr().err.strip().splitlines()[-1]
        == f"conformite: impossible d'écrire {tmp_path / 'r.json'} : fichier en lecture seule"
    )
    assert (tmp_path / "r.json").read_text() == "kept\n"
    assert cli.main([*CHECK, "--format", "json", "--output", str(tmp_path / "r.json"), "--lang", "en"]) == 2
    assert (
        capsys.readouterr().err.strip().splitlines()[-1]
        == f"conformite: cannot write {tmp_path / 'r.json'}: read-only file"
    )
