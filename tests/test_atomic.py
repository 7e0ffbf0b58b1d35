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
