"""checker.reading.gitstate: declarations as they stood in git, read from real repositories built here
with dated commits (GIT_AUTHOR_DATE / GIT_COMMITTER_DATE)."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.reading import gitstate
from checker.reading.declarations import collect
from checker.reading.gitstate import GitState, GitStateError, Unavailable, changed_keys
from checker.reading.loader import load_text

D = dt.date


class Repo:
    """A git work tree in ``root`` whose commits carry the dates a test gives."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q")

    def git(self, *args: str, when: str = "2025-01-01T12:00:00+00:00", author: str = "Alice") -> str:
        env = {
            **os.environ,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": "a@example.org",
            "GIT_COMMITTER_NAME": "Bot",
            "GIT_COMMITTER_EMAIL": "b@example.org",
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
        }
        base = ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"]
        done = subprocess.run([*base, *args], cwd=self.root, env=env, capture_output=True, check=True)
        return done.stdout.decode()

    def write(self, path: str, text: str) -> None:
        file = self.root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")

    def commit(self, when: str, message: str, author: str = "Alice") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, when=when, author=author)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def blob(self, commit: str, path: str) -> str:
        return self.git("rev-parse", f"{commit}:{path}").strip()


def decl(sid: str | None, title: str = "T", extra: str = "") -> str:
    head = f"startup:\n  id: {sid}\n" if sid else "startup:\n"
    return f"schema_version: 1\n{head}  title: {title}\n{extra}"


def table(snapshots):
    """{date: [(shown, blob)]}: a snapshot as a test states it."""
    return {s.day: [(e.shown, e.blob) for e in s.entries] for s in snapshots}


@pytest.fixture
def story(tmp_path):
    """Five months of a portfolio: added later, deleted, renamed with its id, renamed without."""
    repo = Repo(tmp_path / "portfolio")
    repo.write("decl/alpha.yaml", decl("alpha"))
    repo.write("decl/beta.yaml", decl("beta"))
    repo.write("decl/noid.yaml", decl(None, "Sans identifiant, assez long pour que git le reconnaisse"))
    c1 = repo.commit("2025-01-10T09:00:00+01:00", "start")
    repo.write("decl/alpha.yaml", decl("alpha", "Alpha v2"))
    repo.write("decl/gamma.yaml", decl("gamma"))
    c2 = repo.commit("2025-02-10T09:00:00+01:00", "gamma arrives")
    (repo.root / "decl/beta.yaml").unlink()
    c3 = repo.commit("2025-03-10T09:00:00+01:00", "beta leaves")
    (repo.root / "decl/sub").mkdir()
    repo.git("mv", "decl/gamma.yaml", "decl/sub/gamma-renamed.yaml")
    c4 = repo.commit("2025-04-10T09:00:00+02:00", "gamma moves")
    repo.git("mv", "decl/noid.yaml", "decl/noid-moved.yaml")
    c5 = repo.commit("2025-05-10T09:00:00+02:00", "noid moves")
    return repo, [c1, c2, c3, c4, c5]


MONTHS = [
    D(2024, 12, 31),
    D(2025, 1, 10),
    D(2025, 1, 31),
    D(2025, 2, 28),
    D(2025, 3, 31),
    D(2025, 4, 30),
    D(2025, 5, 31),
]


def test_each_date_sees_the_files_as_committed_on_that_date(story, monkeypatch):
    repo, (c1, c2, c3, c4, c5) = story
    monkeypatch.chdir(repo.root)
    with GitState.open(["decl"]) as state:
        snapshots = state.snapshots(reversed(MONTHS))  # any order in, oldest first out
    b = repo.blob
    assert table(snapshots) == {
        D(2024, 12, 31): [],  # before the first commit: nothing existed
        D(2025, 1, 10): [("decl/alpha.yaml", b(c1, "decl/alpha.yaml")), ("decl/beta.yaml", b(c1, "decl/beta.yaml")),
                         ("decl/noid.yaml", b(c1, "decl/noid.yaml"))],  # the commit's own day counts
        D(2025, 1, 31): [("decl/alpha.yaml", b(c1, "decl/alpha.yaml")), ("decl/beta.yaml", b(c1, "decl/beta.yaml")),
                         ("decl/noid.yaml", b(c1, "decl/noid.yaml"))],
        D(2025, 2, 28): [("decl/alpha.yaml", b(c2, "decl/alpha.yaml")), ("decl/beta.yaml", b(c1, "decl/beta.yaml")),
                         ("decl/gamma.yaml", b(c2, "decl/gamma.yaml")), ("decl/noid.yaml", b(c1, "decl/noid.yaml"))],
        D(2025, 3, 31): [("decl/alpha.yaml", b(c2, "decl/alpha.yaml")), ("decl/gamma.yaml", b(c2, "decl/gamma.yaml")),
                         ("decl/noid.yaml", b(c1, "decl/noid.yaml"))],  # beta deleted
        D(2025, 4, 30): [("decl/alpha.yaml", b(c2, "decl/alpha.yaml")), ("decl/noid.yaml", b(c1, "decl/noid.yaml")),
                         ("decl/sub/gamma-renamed.yaml", b(c2, "decl/gamma.yaml"))],
        D(2025, 5, 31): [("decl/alpha.yaml", b(c2, "decl/alpha.yaml")), ("decl/noid-moved.yaml", b(c1, "decl/noid.yaml")),
                         ("decl/sub/gamma-renamed.yaml", b(c2, "decl/gamma.yaml"))],
    }  # fmt: skip
    assert [s.commit.oid if s.commit else None for s in snapshots] == [None, c1, c1, c2, c3, c4, c5]
    assert snapshots[3].commit.subject == "gamma arrives" and snapshots[3].commit.author == "Alice"


def test_a_renamed_file_keeps_its_history_by_id_or_by_gits_rename_detection(story):
    repo, commits = story
    with GitState.open([repo.root / "decl"]) as state:
        snapshots = state.snapshots(MONTHS)
        series = state.series(snapshots)
    got = {s.key: (s.startup_id, [e.path if e else None for e in s.entries]) for s in series}
    a, b, g, n = "decl/alpha.yaml", "decl/beta.yaml", "decl/gamma.yaml", "decl/noid.yaml"
    assert got == {
        "id:alpha": ("alpha", [None, a, a, a, a, a, a]),
        "id:beta": ("beta", [None, b, b, b, None, None, None]),  # stops counting once deleted
        "path:decl/noid.yaml": (None, [None, n, n, n, n, n, "decl/noid-moved.yaml"]),  # git mv, no id
        "id:gamma": ("gamma", [None, None, None, g, g, "decl/sub/gamma-renamed.yaml", "decl/sub/gamma-renamed.yaml"]),
    }
    assert [s.key for s in series] == ["id:alpha", "id:beta", "path:decl/noid.yaml", "id:gamma"]
    assert series[3].paths == ["decl/gamma.yaml", "decl/sub/gamma-renamed.yaml"]


def test_a_renamed_file_whose_id_is_kept_is_followed_even_when_git_sees_no_rename(tmp_path):
    repo = Repo(tmp_path)
    repo.write("a.yaml", decl("same-startup", "Premier titre", "notes: " + "x" * 400 + "\n"))
    repo.commit("2025-01-05T10:00:00+00:00", "one")
    (repo.root / "a.yaml").unlink()
    repo.write("renamed.yaml", decl("same-startup", "Tout autre contenu"))  # too different for -M
    repo.commit("2025-02-05T10:00:00+00:00", "two")
    with GitState.open([tmp_path]) as state:
        series = state.series(state.snapshots([D(2025, 1, 31), D(2025, 2, 28)]))
    assert [(s.key, [e.path for e in s.entries]) for s in series] == [("id:same-startup", ["a.yaml", "renamed.yaml"])]


def test_an_id_changed_in_place_starts_a_new_series_and_a_shared_id_falls_back_to_paths(tmp_path):
    repo = Repo(tmp_path)
    repo.write("one.yaml", decl("first-id"))
    repo.write("two.yaml", decl("twin"))
    repo.write("three.yaml", decl("twin"))
    repo.write("broken.yaml", "startup:\n  id: kept-when-broken\n  title: [unclosed\n")
    repo.commit("2025-01-05T10:00:00+00:00", "one")
    repo.write("one.yaml", decl("second-id"))
    repo.write("broken.yaml", decl("kept-when-broken"))
    repo.commit("2025-02-05T10:00:00+00:00", "two")
    with GitState.open([tmp_path]) as state:
        series = state.series(state.snapshots([D(2025, 1, 31), D(2025, 2, 28)]))
    assert [(s.key, s.startup_id, [e.path if e else None for e in s.entries]) for s in series] == [
        ("id:kept-when-broken", "kept-when-broken", ["broken.yaml", "broken.yaml"]),  # the guessed id, then the id
        ("id:first-id", "first-id", ["one.yaml", None]),
        ("path:three.yaml", "twin", ["three.yaml", "three.yaml"]),
        ("path:two.yaml", "twin", ["two.yaml", "two.yaml"]),
        ("id:second-id", "second-id", [None, "one.yaml"]),
    ]


def test_a_file_that_gets_its_id_later_keeps_its_series(tmp_path):
    repo = Repo(tmp_path)
    repo.write("a.yaml", decl(None))
    repo.commit("2025-01-05T10:00:00+00:00", "one")
    repo.write("a.yaml", decl("found-later"))
    repo.commit("2025-02-05T10:00:00+00:00", "two")
    with GitState.open([tmp_path / "a.yaml"]) as state:
        series = state.series(state.snapshots([D(2025, 1, 31), D(2025, 2, 28)]))
    assert [(s.key, s.startup_id, [e.path for e in s.entries]) for s in series] == [
        ("path:a.yaml", "found-later", ["a.yaml", "a.yaml"])
    ]


def test_the_date_of_a_commit_is_its_committers_day_in_its_own_time_zone(tmp_path):
    repo = Repo(tmp_path)
    repo.write("a.yaml", decl("a", "late evening"))
    late = repo.commit("2025-03-31T23:30:00+02:00", "late")  # 21:30 UTC, still March 31 where it was made
    repo.write("a.yaml", decl("a", "after midnight"))
    env_dates = "2025-04-01T00:30:00+02:00"  # 22:30 UTC on March 31, but April 1 where it was made
    repo.git("add", "-A")
    repo.git("commit", "-qm", "midnight", when=env_dates)
    after = repo.head()
    with GitState.open([tmp_path]) as state:
        placed = state.place([D(2025, 3, 30), D(2025, 3, 31), D(2025, 4, 1)])
    assert {day: c.oid if c else None for day, c in placed.items()} == {
        D(2025, 3, 30): None,
        D(2025, 3, 31): late,
        D(2025, 4, 1): after,
    }
    assert placed[D(2025, 4, 1)].date == dt.datetime(2025, 4, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def test_the_committer_date_places_a_commit_not_the_author_date(tmp_path):
    repo = Repo(tmp_path)
    repo.write("a.yaml", decl("a"))
    repo.git("add", "-A")
    env = {"GIT_AUTHOR_DATE": "2024-06-01T10:00:00+00:00"}  # written long before, committed in March
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "commit", "-qm", "rebased"],
        cwd=tmp_path, check=True, capture_output=True,
        env={**os.environ, **env, "GIT_COMMITTER_DATE": "2025-03-15T10:00:00+00:00", "GIT_AUTHOR_NAME": "Old",
             "GIT_AUTHOR_EMAIL": "o@x", "GIT_COMMITTER_NAME": "New", "GIT_COMMITTER_EMAIL": "n@x"},
    )  # fmt: skip
    with GitState.open([tmp_path]) as state:
        placed = state.place([D(2025, 1, 1), D(2025, 3, 15)])
    assert placed[D(2025, 1, 1)] is None
    assert placed[D(2025, 3, 15)].authored.date() == D(2024, 6, 1) and placed[D(2025, 3, 15)].author == "Old"


def test_a_branch_merged_later_counts_from_its_merge_not_from_its_own_commits(tmp_path):
    repo = Repo(tmp_path)
    repo.write("a.yaml", decl("a"))
    first = repo.commit("2025-01-05T10:00:00+00:00", "base")
    repo.git("checkout", "-qb", "side")
    repo.write("side.yaml", decl("side"))
    repo.commit("2025-01-20T10:00:00+00:00", "on a branch")
    repo.git("checkout", "-q", "main")
    repo.write("a.yaml", decl("a", "main moved"))
    repo.commit("2025-02-01T10:00:00+00:00", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side", when="2025-03-01T10:00:00+00:00")
    merge = repo.head()
    with GitState.open([tmp_path]) as state:
        snapshots = state.snapshots([D(2025, 1, 25), D(2025, 3, 1)])
        changes = state.changes(["side.yaml"], D(2025, 2, 15), D(2025, 3, 1))
    assert [(s.commit.oid, [e.path for e in s.entries]) for s in snapshots] == [
        (first, ["a.yaml"]),  # the branch's commit of Jan 20 was not HEAD's state then
        (merge, ["a.yaml", "side.yaml"]),
    ]
    assert [(c.commit.subject, c.status, c.path_after) for c in changes] == [("on a branch", "A", "side.yaml")]


def test_the_files_are_those_check_collects(tmp_path, monkeypatch):
    repo = Repo(tmp_path)
    for name in ["d/a.yaml", "d/b.yml", "d/notes.txt", "d/.hidden/x.yaml", "d/.dot.yaml", "d/sub/c.yaml",
                 "d/sub/deeper/e.YAML", "d/z/other.yml", "top.yaml", "d/named.txt"]:  # fmt: skip
        repo.write(name, decl(name.replace("/", "-").replace(".", "-")))
    (repo.root / "d/link-to-a.yaml").symlink_to("a.yaml")  # counted once, as its target
    (repo.root / "d/dirlink.yaml").symlink_to("sub")  # a link to a directory: skipped
    repo.commit("2025-01-05T10:00:00+00:00", "files")
    monkeypatch.chdir(tmp_path)
    for arguments in (["d"], ["d/"], ["."], ["d", "top.yaml"], ["d/named.txt", "d/sub"], ["d/sub", "d"]):
        with GitState.open(arguments) as state:
            shown = [e.shown for e in state.entries(repo.head())]
        assert shown == [s for s, _ in collect(arguments)], arguments


def test_a_committed_link_is_followed_to_its_target_at_each_commit(tmp_path):
    repo = Repo(tmp_path)
    repo.write("store/x.yaml", decl("x", "version one"))
    (repo.root / "decl").mkdir()
    (repo.root / "decl/x.yaml").symlink_to("../store/x.yaml")
    (repo.root / "decl/nowhere.yaml").symlink_to("../store/missing.yaml")
    (repo.root / "decl/outside.yaml").symlink_to("/etc/hostname")
    c1 = repo.commit("2025-01-05T10:00:00+00:00", "one")
    repo.write("store/x.yaml", decl("x", "version two"))
    c2 = repo.commit("2025-02-05T10:00:00+00:00", "two")
    with GitState.open([tmp_path / "decl"]) as state:
        snapshots = state.snapshots([D(2025, 1, 31), D(2025, 2, 28)])
        texts = [state.read(s.entries[-1]) for s in snapshots]
        problems = [state.read(e).params["detail"].shown("en") for e in snapshots[0].entries[:2]]
        french = state.read(snapshots[0].entries[0]).params["detail"].shown("fr")
        at = [state.bytes_at(c, tmp_path / "decl/x.yaml") for c in (c1, c2)]
    assert [[(e.shown, e.blob, e.source) for e in s.entries][-1] for s in snapshots] == [
        (str(tmp_path / "decl/x.yaml"), repo.blob(c1, "store/x.yaml"), "store/x.yaml"),
        (str(tmp_path / "decl/x.yaml"), repo.blob(c2, "store/x.yaml"), "store/x.yaml"),
    ]
    assert texts == [decl("x", "version one").encode(), decl("x", "version two").encode()] == at
    assert problems == [
        "symbolic link to a file that did not exist at that date",
        "symbolic link to '/etc/hostname', outside the repository: its content at that date is unknown",
    ]
    assert french == "lien symbolique vers un fichier qui n'existait pas à cette date"


def test_a_link_whose_target_changed_in_the_work_tree_is_read_from_disk_today(tmp_path):
    repo = Repo(tmp_path)
    repo.write("store/x.yaml", decl("x", "committed"))
    (repo.root / "decl").mkdir()
    (repo.root / "decl/x.yaml").symlink_to("../store/x.yaml")
    repo.write("decl/y.yaml", decl("y"))
    repo.commit("2025-01-05T10:00:00+00:00", "one")
    repo.write("store/x.yaml", decl("x", "edited"))  # outside the path given, behind the link
    (repo.root / "decl/z-again.yaml").symlink_to("y.yaml")  # a new link to a file already counted
    with GitState.open([tmp_path / "decl"]) as state:
        today = state.worktree(D(2025, 6, 1))
        texts = [state.read(e) for e in today.entries]
        assert state.uncommitted().added == ["decl/z-again.yaml"]
    assert [(e.path, e.source, e.disk) for e in today.entries] == [
        ("decl/x.yaml", "store/x.yaml", tmp_path / "decl/x.yaml"),
        ("decl/y.yaml", "decl/y.yaml", None),
    ]
    assert texts == [decl("x", "edited").encode(), decl("y").encode()]


def test_uncommitted_changes_count_for_today_only(story):
    repo, commits = story
    repo.write("decl/alpha.yaml", decl("alpha", "edited, not committed"))
    repo.write("decl/new one.yaml", decl("fresh"))
    repo.write("decl/notes.txt", "not a declaration")
    repo.git("rm", "-q", "decl/noid-moved.yaml")
    repo.git("mv", "decl/sub/gamma-renamed.yaml", "decl/gamma-back.yaml")
    with GitState.open([repo.root / "decl"]) as state:
        changed = state.uncommitted()
        today = state.worktree(D(2025, 6, 1))
        committed = state.snapshots([D(2025, 6, 1)])[0]
        texts = [state.read(e) for e in today.entries]
        series = state.series([committed, today])
    assert (changed.modified, changed.added, changed.deleted) == (
        ["decl/alpha.yaml"],
        ["decl/gamma-back.yaml", "decl/new one.yaml"],
        ["decl/noid-moved.yaml", "decl/sub/gamma-renamed.yaml"],
    )
    root = repo.root
    assert [(e.path, e.blob, e.disk) for e in today.entries] == [
        ("decl/alpha.yaml", None, root / "decl/alpha.yaml"),
        ("decl/gamma-back.yaml", None, root / "decl/gamma-back.yaml"),
        ("decl/new one.yaml", None, root / "decl/new one.yaml"),
    ]
    assert today.worktree and today.commit.oid == commits[-1]
    assert texts[0] == decl("alpha", "edited, not committed").encode()
    assert [e.path for e in committed.entries] == [
        "decl/alpha.yaml",
        "decl/noid-moved.yaml",
        "decl/sub/gamma-renamed.yaml",
    ]
    assert [(s.key, [e.path if e else None for e in s.entries]) for s in series] == [
        ("id:alpha", ["decl/alpha.yaml", "decl/alpha.yaml"]),
        ("path:decl/noid-moved.yaml", ["decl/noid-moved.yaml", None]),
        ("id:gamma", ["decl/sub/gamma-renamed.yaml", "decl/gamma-back.yaml"]),
        ("id:fresh", [None, "decl/new one.yaml"]),
    ]


def test_a_clean_work_tree_is_heads_snapshot(story):
    repo, commits = story
    with GitState.open([repo.root / "decl"]) as state:
        today, committed = state.worktree(D(2025, 6, 1)), state.snapshots([D(2025, 6, 1)])[0]
        assert state.uncommitted() == gitstate.Uncommitted()
    assert today.entries == committed.entries and today.commit == committed.commit


def test_the_commits_that_changed_a_file_between_two_dates_say_who_and_what(tmp_path):
    repo = Repo(tmp_path)
    example = (FIXTURES / "examples" / "exemple-conforme.yaml").read_text(encoding="utf-8")
    repo.write("s.yaml", example)
    c1 = repo.commit("2025-01-05T10:00:00+00:00", "import", author="Alice")
    repo.write("s.yaml", example.replace("name: Paul Durand", "name: Anne Roy"))
    c2 = repo.commit("2025-02-05T10:00:00+00:00", "new sponsor", author="Bruno")
    repo.write("other.yaml", decl("other"))
    repo.commit("2025-02-20T10:00:00+00:00", "unrelated", author="Chloé")
    repo.git("mv", "s.yaml", "renamed.yaml")
    repo.write(
        "renamed.yaml",
        example.replace("name: Paul Durand", "name: Anne Roy").replace("- date: 2024-12-10", "- date: 2025-03-01"),
    )
    c4 = repo.commit("2025-03-05T10:00:00+00:00", "committee moved, file renamed", author="Dominique")
    with GitState.open([tmp_path]) as state:
        series = state.series(state.snapshots([D(2025, 1, 31), D(2025, 3, 31)]))
        changes = state.changes(series[0].paths, D(2025, 1, 31), D(2025, 3, 31))
        everything = state.changes(series[0].paths, D(2024, 12, 1), D(2025, 3, 31))
        none = state.changes(series[0].paths, D(2025, 3, 10), D(2025, 3, 31))
        keys = [state.keys_changed_by(c) for c in everything]
        portfolio = state.changes(None, D(2025, 1, 31), D(2025, 3, 31))  # one git log for every file
        datas = [load_text(state.bytes_at(c, tmp_path / p).decode())[0].data for c, p in
                 [(c1, "s.yaml"), (c2, "s.yaml"), (c4, "renamed.yaml")]]  # fmt: skip
    assert series[0].paths == ["renamed.yaml", "s.yaml"]
    assert [
        (c.commit.oid, c.commit.author, c.commit.date.date(), c.status, c.path_before, c.path_after) for c in changes
    ] == [
        (c2, "Bruno", D(2025, 2, 5), "M", "s.yaml", "s.yaml"),
        (c4, "Dominique", D(2025, 3, 5), "R", "s.yaml", "renamed.yaml"),
    ]
    assert [(c.before, c.after) for c in changes] == [
        (repo.blob(c1, "s.yaml"), repo.blob(c2, "s.yaml")),
        (repo.blob(c2, "s.yaml"), repo.blob(c4, "renamed.yaml")),
    ]
    assert [(c.commit.subject, c.status, c.before) for c in everything][0] == ("import", "A", None)
    assert none == []
    assert [(c.commit.subject, c.path_after) for c in portfolio] == [
        ("new sponsor", "s.yaml"),
        ("unrelated", "other.yaml"),
        ("committee moved, file renamed", "renamed.yaml"),
    ]
    assert series[0].among(portfolio) == changes and series[1].among(portfolio) == [portfolio[1]]
    assert keys[1:] == [["team.sponsor.name"], ["committees[0].date"]]
    assert keys[0][:3] == ["schema_version", "startup", "convention"]  # added: every top-level key
    assert changed_keys(datas[0], datas[1]) == ["team.sponsor.name"]
    assert changed_keys(datas[1], datas[2]) == ["committees[0].date"]


def test_changed_keys_names_each_difference_once_in_a_stable_order():
    old = {"a": 1, "b": {"c": [1, 2, 3], "d": "x"}, "gone": None, "flag": True, "n": 1.0}
    new = {"b": {"d": "y", "c": [1, 5]}, "a": 1, "added": {"k": 1}, "flag": 1, "n": 1}
    assert changed_keys(old, new) == ["b.d", "b.c[1]", "b.c[2]", "added", "flag", "n", "gone"]
    assert changed_keys(new, old) == ["b.c[1]", "b.c[2]", "b.d", "gone", "flag", "n", "added"]
    assert changed_keys({"a": float("nan")}, {"a": float("nan")}) == []
    assert changed_keys({"a": [1]}, {"a": {"0": 1}}) == ["a"]
    assert changed_keys(1, 2) == [""]
    deep_a, deep_b = cur_a, cur_b = {}, {}
    for _ in range(5000):  # no recursion limit
        cur_a["k"], cur_b["k"] = {}, {}
        cur_a, cur_b = cur_a["k"], cur_b["k"]
    cur_b["v"] = 1
    assert changed_keys(deep_a, deep_b) == [".".join(["k"] * 5000) + ".v"]


DATA = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from([0.5, 1.0]) | st.sampled_from(["a", "b", ""]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["x", "y", "z"]), inner, max_size=3),
    max_leaves=8,
)


@given(DATA, DATA)
def test_changed_keys_is_empty_exactly_when_the_data_are_the_same(a, b):
    same = json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)  # true and 1 differ, key order does not
    found = changed_keys(a, b)
    assert (found == []) == same
    assert len(found) == len(set(found)) and changed_keys(a, a) == []


def test_a_blob_over_the_limit_is_reported_not_read(tmp_path):
    repo = Repo(tmp_path)
    repo.write("big.yaml", "a: " + "x" * (1024 * 1024 + 10) + "\n")
    repo.write("small.yaml", decl("small"))
    head = repo.commit("2025-01-05T10:00:00+00:00", "big")
    with GitState.open([tmp_path]) as state:
        big, small = state.entries(head)
        too_large = state.read(big)  # its size from git's reply; its bytes read and discarded by pieces
        assert (too_large.code, too_large.params) == (
            "file.too_large",
            {"size": 1024 * 1024 + 14, "limit": 1024 * 1024},
        )
        unknown_size = state.bytes_at(head, tmp_path / "big.yaml")  # read and discarded by pieces
        assert unknown_size.code == "file.too_large" and unknown_size.params["size"] == 1024 * 1024 + 14
        assert state.read(small) == decl("small").encode()  # the process is still in step
        doc, problems = state.load(big)
        assert [p.code for p in problems] == ["file.too_large"]
        grown = gitstate.Change(
            state.place([D(2025, 1, 5)])[D(2025, 1, 5)], "M", "big.yaml", "big.yaml", small.blob, big.blob
        )
        assert state.keys_changed_by(grown) is None  # one side cannot be read: nothing is claimed
        both = [(e.path, raw if isinstance(raw, bytes) else raw.code) for e, raw in state.read_all([big, small, big])]
        assert both == [
            ("big.yaml", "file.too_large"),
            ("small.yaml", decl("small").encode()),
            ("big.yaml", "file.too_large"),
        ]
    with GitState.open([tmp_path], max_bytes=20) as state:
        assert state.read(small).code == "file.too_large"
        assert state.startup_id(small) is None


def test_hostile_refs_are_names_that_do_not_exist(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "r")
    repo.write("a.yaml", decl("a"))
    repo.commit("2025-01-05T10:00:00+00:00", "one")
    monkeypatch.chdir(tmp_path)
    hostile = ["--output=" + str(tmp_path / "written"), "-c x=y", "-h", "--all", "HEAD\0", "HEAD:a.yaml", "", "a..b"]
    with GitState.open([repo.root]) as state:
        for ref in hostile:
            with pytest.raises(GitStateError) as caught:
                state.bytes_at(ref, repo.root / "a.yaml")
            assert caught.value.code == "bad_ref", ref
            assert "\n" not in caught.value.message("fr") and "\0" not in caught.value.message("en")
        assert state.bytes_at("HEAD", repo.root / "a.yaml") == decl("a").encode()
    assert not (tmp_path / "written").exists()
    assert GitStateError("bad_ref", ref="x\ny").message("fr") == "révision git inconnue : « x\\ny »"


NAMES = ["-rf.yaml", "--output=x.yaml", "a b.yaml", 'q"uote.yaml', "it's.yaml", "new\nline.yaml", "tab\t.yaml",
         "star*.yaml", ":(exclude)x.yaml", "back\\slash.yaml", "end\r.yaml", "é.yaml"]  # fmt: skip


def test_file_names_with_spaces_quotes_newlines_and_dashes_are_read_as_they_are(tmp_path):
    repo = Repo(tmp_path)
    top = ":(exclude)-d *ir"  # pathspec magic, a dash, a space, a star: a directory name like any
    for index, name in enumerate(NAMES):
        repo.write(f"{top}/{name}", decl(f"s{index}"))
    repo.write("-d ir/other.yaml", decl("not under the path"))
    (repo.root / top / "~link\n.yaml").symlink_to("-rf.yaml")  # after its target: counted once, as it
    head = repo.commit("2025-01-05T10:00:00+00:00", "names")
    with GitState.open([tmp_path / top]) as state:
        entries = state.entries(head)
        texts = {e.path: state.read(e) for e in entries}
        linked = state.bytes_at(head, tmp_path / top / "~link\n.yaml")
    assert sorted(e.path for e in entries) == sorted(f"{top}/{n}" for n in NAMES)
    assert texts == {f"{top}/{n}": decl(f"s{i}").encode() for i, n in enumerate(NAMES)}
    assert linked == decl("s0").encode()


def test_without_nul_input_a_name_git_cannot_read_is_a_problem_not_a_misread(tmp_path, monkeypatch):
    monkeypatch.setattr(gitstate, "_git_version", lambda: (2, 30))  # cat-file without -z
    repo = Repo(tmp_path)
    repo.write("new\nline.yaml", decl("n"))
    repo.write("a.yaml", decl("a"))
    (repo.root / "link\nname.yaml").symlink_to("a.yaml")
    head = repo.commit("2025-01-05T10:00:00+00:00", "names")
    with GitState.open([tmp_path]) as state:
        entries = state.entries(head)
        texts = [state.read(e) for e in entries]
        direct = state.bytes_at(head, tmp_path / "new\nline.yaml")
    assert [e.path for e in entries] == ["a.yaml", "link\nname.yaml", "new\nline.yaml"]
    assert texts[0] == decl("a").encode() and texts[2] == decl("n").encode()  # by blob id: any name
    assert texts[1].params["detail"].shown("en").startswith("a file name this version of git cannot read")
    assert direct.code == "file.unreadable"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    st.lists(st.text(st.sampled_from("ab -\"'\n\t*:\\é"), min_size=1, max_size=6), min_size=1, max_size=3, unique=True)
)
def test_any_file_name_is_listed_and_read_back(tmp_path_factory, stems):
    root = tmp_path_factory.mktemp("names")
    repo = Repo(root)
    names = sorted(f"{stem}.yaml" for stem in stems)
    for index, name in enumerate(names):
        repo.write(f"d/{name}", f"n: {index}\n")
    head = repo.commit("2025-01-05T10:00:00+00:00", "names")
    with GitState.open([root / "d"]) as state:
        got = {e.path: state.read(e) for e in state.entries(head)}
    assert got == {f"d/{n}": f"n: {i}\n".encode() for i, n in enumerate(names)}


def test_outside_a_work_tree_history_falls_back_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "plain").mkdir()
    with pytest.raises(Unavailable) as caught:
        GitState.open([tmp_path / "plain"])
    where = str(tmp_path / "plain")
    assert caught.value.fallback("en") == f"history re-evaluates today's files (not a git work tree: {where})"
    assert (
        caught.value.fallback("fr") == f"l'historique réévalue les fichiers d'aujourd'hui (pas un dépôt git : {where})"
    )
    Repo(tmp_path / "fresh")
    with pytest.raises(Unavailable) as caught:
        GitState.open([tmp_path / "fresh"])
    assert caught.value.message("en") == "the git repository has no commit yet"
    with pytest.raises(Unavailable) as caught:
        GitState.open([tmp_path / "fresh" / ".git"])
    assert caught.value.code == "not_git"


def test_a_repository_git_refuses_falls_back_with_gits_reason_and_a_long_path_whole(tmp_path):
    repo = Repo(tmp_path / ("a-directory-name-long-enough-to-pass-eighty-characters-" * 2))
    (repo.root / ".git" / "config").write_text("[core\n broken = \n", encoding="utf-8")
    with pytest.raises(Unavailable) as caught:
        GitState.open([repo.root])
    assert caught.value.code == "refused"
    assert caught.value.message("en").startswith(f"git refuses to read {repo.root}: fatal: bad config line 1")


def test_without_a_git_command_history_falls_back_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(Unavailable) as caught:
        GitState.open([tmp_path])
    assert caught.value.message("fr") == "la commande git est introuvable"
    assert caught.value.fallback("en") == "history re-evaluates today's files (the git command cannot be found)"


def test_paths_in_two_work_trees_are_refused(tmp_path):
    for name in ("one", "two"):
        repo = Repo(tmp_path / name)
        repo.write("a.yaml", decl(name))
        repo.commit("2025-01-05T10:00:00+00:00", "one")
    with pytest.raises(GitStateError) as caught:
        GitState.open([tmp_path / "one", tmp_path / "two"])
    assert caught.value.code == "two_trees" and not isinstance(caught.value, Unavailable)


def corrupt(repo: Repo, oid: str) -> None:
    loose = repo.root / ".git" / "objects" / oid[:2] / oid[2:]
    loose.chmod(0o644)
    loose.write_bytes(b"not zlib at all")


def test_a_corrupt_repository_gives_one_message(tmp_path):
    repo = Repo(tmp_path)
    repo.write("a.yaml", decl("a"))
    repo.write("b.yaml", decl("b"))
    head = repo.commit("2025-01-05T10:00:00+00:00", "one")
    blob = repo.blob(head, "a.yaml")
    corrupt(repo, blob)
    with GitState.open([tmp_path]) as state:
        first, second = state.entries(head)
        problem = state.read(first)  # that file is unreadable, the others are not
        assert problem.params["detail"].shown("en") == (
            f"git cannot read object {blob}: the repository is damaged (git fsck says where)"
        )
        assert state.read(second) == decl("b").encode()
        state._cat.proc.kill()  # git stops in the middle of a run
        state._cat.proc.wait()
        with pytest.raises(GitStateError) as caught:
            state.read(second)
        assert caught.value.code == "failed" and "\n" not in caught.value.message("en")
        assert caught.value.message("fr").startswith(f"git a échoué dans {tmp_path} : ")
        assert state.read(second) == decl("b").encode()  # a new process for what can still be read
    corrupt(repo, repo.git("rev-parse", "HEAD^{tree}").strip())
    with GitState.open([tmp_path]) as state, pytest.raises(GitStateError) as caught:
        state.snapshots([D(2025, 2, 1)])
    assert caught.value.code == "failed"
    corrupt(repo, head)
    with pytest.raises(GitStateError) as caught:
        GitState.open([tmp_path])
    assert caught.value.code == "failed"


class Spy:
    """subprocess.Popen, recording every process started."""

    def __init__(self):
        self.started = []
        self.real = subprocess.Popen

    def __call__(self, argv, *args, **kwargs):
        proc = self.real(argv, *args, **kwargs)
        self.started.append((argv, proc))
        return proc


def test_one_cat_file_process_reads_the_whole_run_and_is_closed(story, monkeypatch):
    repo, commits = story
    spy = Spy()
    monkeypatch.setattr(subprocess, "Popen", spy)
    with GitState.open([repo.root / "decl"]) as state:
        snapshots = state.snapshots(MONTHS)
        state.series(snapshots)
        for snapshot in snapshots:
            for entry in snapshot.entries:
                state.read(entry)
        state.bytes_at("HEAD~2", repo.root / "decl/gamma.yaml")
        state.snapshots(MONTHS[2:])  # already placed: no second walk
    cat = [proc for argv, proc in spy.started if "cat-file" in argv]
    assert len(cat) == 1 and cat[0].poll() is not None
    assert len([argv for argv, _ in spy.started if "rev-list" in argv]) == 1  # dates placed once


def test_many_reads_at_once_give_each_entry_its_bytes_and_may_stop_early(story):
    repo, commits = story
    with GitState.open([repo.root / "decl"]) as state:
        entries = [e for s in state.snapshots(MONTHS) for e in s.entries]
        one_by_one = [state.read(e) for e in entries]
        assert [raw for _, raw in state.read_all(entries)] == one_by_one
        for index, _ in enumerate(state.read_all(entries)):
            if index == 3:
                break  # replies left unread in the pipe
        assert state._cat.proc is None  # that process was out of step: ended
        assert state.read(entries[-1]) == one_by_one[-1]  # a fresh process, in step
        loaded = [(e.path, doc.data["startup"].get("id")) for e, doc, problems in state.load_all(entries[:3])]
    assert loaded == [("decl/alpha.yaml", "alpha"), ("decl/beta.yaml", "beta"), ("decl/noid.yaml", None)]
    assert len(entries) == 19 and len(set(one_by_one)) == 5


def test_ctrl_c_in_the_middle_of_a_reply_leaves_no_process(story, monkeypatch):
    repo, commits = story
    spy = Spy()
    monkeypatch.setattr(subprocess, "Popen", spy)

    def interrupted(self, out, size, keep):  # the header read, the blob's bytes waiting in the pipe
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), GitState.open([repo.root / "decl"]) as state:
        entry = state.snapshots([D(2025, 5, 31)])[0].entries[0]
        monkeypatch.setattr(gitstate._CatFile, "_body", interrupted)
        state.read(entry)
    assert any("cat-file" in argv for argv, _ in spy.started)
    assert all(proc.poll() is not None for _, proc in spy.started)


def test_the_number_of_dates_and_of_commits_walked_is_bounded(story, monkeypatch):
    repo, commits = story
    with GitState.open([repo.root / "decl"]) as state:
        with pytest.raises(GitStateError) as caught:
            state.snapshots(D(2000, 1, 1) + dt.timedelta(days=n) for n in range(gitstate.MAX_DATES + 1))
        assert caught.value.message("en") == f"too many dates ({gitstate.MAX_DATES + 1}, at most {gitstate.MAX_DATES})"
        monkeypatch.setattr(gitstate, "MAX_CHANGES", 1)
        changes = state.changes(
            ["decl/noid.yaml", "decl/noid-moved.yaml", "decl/alpha.yaml"], D(2024, 1, 1), D(2025, 6, 1)
        )
        assert [c.commit.subject for c in changes] == ["noid moves"]  # the newest
        monkeypatch.setattr(gitstate, "MAX_COMMITS", 2)
        assert [s.commit.oid for s in state.snapshots([D(2025, 4, 30)])] == [commits[3]]  # two commits back: fine
        with pytest.raises(GitStateError) as caught:
            state.snapshots([D(2025, 2, 28)])
        assert caught.value.message("en") == "more than 2 commits to walk back to 2025-02-28"


def test_bytes_at_a_ref_follow_the_file_as_diffbase_asks(story):
    repo, commits = story
    gamma = repo.root / "decl/gamma.yaml"
    with GitState.open([repo.root / "decl"]) as state:
        assert state.bytes_at(commits[1], gamma) == decl("gamma").encode()
        assert state.bytes_at(commits[0], gamma) is None  # did not exist yet
        assert state.bytes_at("HEAD", gamma) is None  # renamed since
        assert state.bytes_at("HEAD", repo.root / "decl") is None  # a directory
        assert state.bytes_at("main~4", repo.root / "decl/beta.yaml") == decl("beta").encode()
        with pytest.raises(GitStateError) as caught:
            state.bytes_at("HEAD", repo.root.parent / "elsewhere.yaml")
    assert caught.value.code == "outside"


def test_a_git_command_that_hangs_is_stopped_and_said_once(story, monkeypatch):
    repo, commits = story
    with GitState.open([repo.root / "decl"]) as state:
        monkeypatch.setattr(gitstate, "TIMEOUT", 0.2)
        hang = [sys.executable, "-c", "import time; time.sleep(60)"]
        monkeypatch.setattr(gitstate._Git, "argv", lambda self, args: hang)
        with pytest.raises(GitStateError) as caught:
            state.entries(commits[0])
    assert caught.value.message("en") == f"git did not answer within 0.2 s in {repo.root}"


def test_a_listing_over_the_output_bound_is_refused(story, monkeypatch):
    repo, commits = story
    monkeypatch.setattr(gitstate, "MAX_OUTPUT", 100)
    with GitState.open([repo.root / "decl"]) as state, pytest.raises(GitStateError) as caught:
        state.entries(commits[0])
    assert caught.value.message("fr") == f"la liste donnée par git dépasse 100 octets dans {repo.root}"


def test_a_hooks_git_variables_never_redirect_the_state_to_another_repository(story, tmp_path, monkeypatch):
    """A pre-commit hook of repository B sets GIT_DIR and GIT_INDEX_FILE; checking the
    declarations of repository A from it still reads A."""
    repo, commits = story
    other = Repo(tmp_path / "other")
    other.write("decl/alpha.yaml", decl("not-alpha"))
    other.commit("2025-01-01T10:00:00+00:00", "other")
    monkeypatch.setenv("GIT_DIR", str(other.root / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other.root))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other.root / ".git" / "index"))
    with GitState.open([repo.root / "decl"]) as state:
        assert state.top == repo.root.resolve()
        assert state.resolve("HEAD") == commits[-1]
        assert state.bytes_at("HEAD", repo.root / "decl/alpha.yaml") == decl("alpha", "Alpha v2").encode()
        assert state.uncommitted() == gitstate.Uncommitted()


def test_files_of_a_folder_at_a_commit_and_the_day_each_last_changed(story):
    repo, commits = story
    with GitState.open([repo.root / "decl"]) as state:
        at_first = [(e.path, e.blob) for e in state.files_in(commits[0], repo.root / "decl")]
        assert at_first == [
            (f"decl/{n}.yaml", repo.blob(commits[0], f"decl/{n}.yaml")) for n in ("alpha", "beta", "noid")
        ]
        assert [e.path for e in state.files_in("HEAD", repo.root / "decl")] == [
            "decl/alpha.yaml",
            "decl/noid-moved.yaml",
        ]
        assert state.files_in(commits[0], repo.root / "decl" / "sub") == []  # not there yet
        assert state.last_days("HEAD", [repo.root / "decl"]) == {
            "decl/noid-moved.yaml": D(2025, 5, 10),
            "decl/noid.yaml": D(2025, 5, 10),
            "decl/sub/gamma-renamed.yaml": D(2025, 4, 10),
            "decl/gamma.yaml": D(2025, 4, 10),
            "decl/beta.yaml": D(2025, 3, 10),
            "decl/alpha.yaml": D(2025, 2, 10),
        }
        assert state.last_days(commits[0], [repo.root / "decl"])["decl/alpha.yaml"] == D(2025, 1, 10)
        first = state.commit_of(commits[0])
        assert (first.oid, first.day, first.author, first.subject) == (commits[0], D(2025, 1, 10), "Alice", "start")


def test_how_files_moved_since_a_commit_in_the_work_tree(story):
    repo, commits = story
    repo.git("mv", "decl/alpha.yaml", "decl/alpha-renamed.yaml")
    (repo.root / "decl" / "noid-moved.yaml").rename(repo.root / "decl" / "elsewhere.yaml")  # not added
    with GitState.open([repo.root / "decl"]) as state:
        renamed, deleted = state.moved_since("HEAD")
        assert renamed == {"decl/alpha-renamed.yaml": "decl/alpha.yaml"}
        assert deleted == {repo.blob(commits[-1], "decl/noid-moved.yaml"): "decl/noid-moved.yaml"}
        assert state.blob_id(repo.root / "decl" / "elsewhere.yaml") == repo.blob(commits[-1], "decl/noid-moved.yaml")
        assert state.blob_id(repo.root / "decl" / "nothing.yaml") is None
