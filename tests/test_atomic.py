"""Atomic writes: the previous file stays whole until the new one is complete."""

import os

import pytest

from checker.atomic import atomic_open, atomic_write_text


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

from checker import atomic  # noqa: E402
from checker.atomic import atomic_batch  # noqa: E402


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


def test_a_rename_that_fails_removes_the_remaining_temporaries(tmp_path):
    (tmp_path / "b.yaml").mkdir()  # a directory where a file should go: that rename fails
    with pytest.raises(OSError):
        with atomic_batch() as batch:
            batch.write_text(tmp_path / "a.yaml", "a\n")
            batch.write_text(tmp_path / "b.yaml", "b\n")
            batch.write_text(tmp_path / "c.yaml", "c\n")
    assert _names(tmp_path) == ["a.yaml", "b.yaml"]  # a complete, b untouched, no temporary
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == "a\n"


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
    from checker.atomic import inside

    assert inside(tmp_path, "api-engagement.json") == tmp_path / "api-engagement.json"
    assert inside(tmp_path, "Démarches.Simplifiées_v2.json") == tmp_path / "Démarches.Simplifiées_v2.json"


@pytest.mark.parametrize(
    "name", ["", ".", "..", "../package.json", "/etc/passwd", "a/b.json", "a\\b.json", "nul\0.json"]
)
def test_inside_refuses_a_name_that_leaves_the_directory(tmp_path, name):
    from checker.atomic import OutsideOutput, inside

    with pytest.raises(OutsideOutput):
        inside(tmp_path, name)


def test_inside_refuses_a_symbolic_link_pointing_out(tmp_path):
    from checker.atomic import OutsideOutput, inside

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "escape.json").symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(OutsideOutput):
        inside(tmp_path / "out", "escape.json")
