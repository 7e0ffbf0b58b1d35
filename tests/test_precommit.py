"""The pre-commit hook, through the real pre-commit, in temporary git repositories.

pre-commit builds a hook's environment (a virtualenv with conformite installed) once per
repository and revision in its home: both tests use one snapshot of this repository and one
pre-commit home, so the run builds two environments (``rev: HEAD`` and, after ``autoupdate``,
the commit's sha) where each test used to build its own."""

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow  # pre-commit builds two environments (pip install of this repository)

TODAY = dt.date.today()


def _day(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


def compliant_today() -> str:
    """The bundled compliant example, its dates moved so that it is compliant today."""
    text = (ROOT / "fixtures" / "examples" / "exemple-conforme.yaml").read_text(encoding="utf-8")
    for old, new in {
        "2025-12-31": _day(300),
        "2024-12-10": _day(-20),
        "2024-12-12": _day(-18),
        "2024-05-14": _day(-100),
        "2024-01-24": _day(-200),
        "2024-06-01": _day(-150),
        "2023-09-04": _day(-400),
        "2024-02-01": _day(-300),
    }.items():
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    """pre-commit's home (its clones and hook environments) for the whole module."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """This repository as published (see :func:`snapshot_of_this_repository`), once per module."""
    return snapshot_of_this_repository(tmp_path_factory.mktemp("published") / "conformite")


def run(args, cwd, home: Path):
    pre_commit = Path(sys.executable).parent / "pre-commit"
    env = dict(
        os.environ,
        PRE_COMMIT_COLOR="never",
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@x",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@x",
    )
    return subprocess.run(
        [str(pre_commit if pre_commit.exists() else shutil.which("pre-commit")), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


def test_pre_commit_blocks_a_failing_declaration_and_accepts_a_good_one(tmp_path, published, pre_commit_home):
    repo = tmp_path / "declarations-repo"
    (repo / "declarations").mkdir(parents=True)
    (repo / "declarations" / "bon.yaml").write_text(compliant_today(), encoding="utf-8")
    bad = compliant_today().replace("public_agent: true", "public_agent: false")
    (repo / "declarations" / "mauvais.yaml").write_text(bad, encoding="utf-8")
    # the hook as its manifest (.pre-commit-hooks.yaml) defines it: no option of ours
    config = f"repos:\n  - repo: {published}\n    rev: HEAD\n    hooks:\n      - id: conformite\n"
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)

    good = run(["run", "conformite", "--files", "declarations/bon.yaml"], repo, pre_commit_home)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    assert "exemple-conforme — Exemple conforme" in good.stdout  # the hook is verbose by default: its report shown

    failing = run(["run", "conformite", "--files", "declarations/mauvais.yaml"], repo, pre_commit_home)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "Failed" in failing.stdout
    assert "L'intrapreneur doit être un agent public" in failing.stdout


def readme_snippet() -> str:
    """The README's `.pre-commit-config.yaml`, as a user copies it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```yaml\n# .pre-commit-config.yaml") + len("```yaml\n")
    return readme[start : readme.index("```", start)]


def snapshot_of_this_repository(target: Path) -> Path:
    """This repository as published: its working tree (uncommitted changes included) as one commit."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@x"]
    subprocess.run([*git, "init", "-q"], cwd=target, check=True)
    subprocess.run([*git, "add", "."], cwd=target, check=True)
    subprocess.run([*git, "commit", "-qm", "published"], cwd=target, check=True)
    return target


def test_the_readme_configuration_installed_in_a_fresh_repository_judges_each_commit(
    tmp_path, published, pre_commit_home
):
    snippet = readme_snippet()
    assert "https://github.com/betagouv/conformite" in snippet
    assert "verbose: true" in snippet  # without it pre-commit hides what a passing hook prints
    repo = tmp_path / "declarations-repo"
    (repo / "declarations").mkdir(parents=True)
    # the only change to the README's text: where this repository is published, here a local path
    (repo / ".pre-commit-config.yaml").write_text(
        snippet.replace("https://github.com/betagouv/conformite", str(published)), encoding="utf-8"
    )
    env = dict(
        os.environ,
        PRE_COMMIT_COLOR="never",
        PRE_COMMIT_HOME=str(pre_commit_home),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@x",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@x",
    )

    def git(*args):
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=900)

    def commit(message):
        done = git("commit", "-m", message)
        return done.returncode, done.stdout + done.stderr

    git("init", "-q")
    assert run(["install"], repo, pre_commit_home).returncode == 0
    declaration = repo / "declarations" / "exemple.yaml"
    declaration.write_text(compliant_today(), encoding="utf-8")
    git("add", ".")
    code, output = commit("first declaration")
    assert code == 0, output
    assert "Passed" in output  # .pre-commit-config.yaml, staged too, was not taken for a (broken) declaration

    declaration.write_text(compliant_today().replace("public_agent: true", "public_agent: false"), encoding="utf-8")
    git("add", ".")
    code, output = commit("breaks the intrapreneur obligation")
    assert code != 0, output
    assert "L'intrapreneur doit être un agent public" in output
    assert "Failed" in output
    assert git("log", "--oneline").stdout.count("\n") == 1  # blocked

    declaration.write_text(compliant_today(), encoding="utf-8")  # back as committed
    (repo / "notes.txt").write_text("compte rendu\n", encoding="utf-8")
    git("add", ".")
    code, output = commit("touches another file")
    assert code == 0, output

    # compliant when committed, overdue today: an unrelated change to the same file passes, the rest shown
    overdue = compliant_today().replace(_day(-20), _day(-400)).replace(_day(-18), _day(-390))
    declaration.write_text(overdue, encoding="utf-8")
    assert git("add", ".").returncode == 0
    assert git("commit", "-q", "--no-verify", "-m", "an overdue declaration, as committed long ago").returncode == 0
    today = subprocess.run([sys.executable, "-m", "checker", "check", str(declaration)], capture_output=True, text=True)
    assert today.returncode == 1 and "investment-committee" in today.stdout  # it does fail today
    declaration.write_text(overdue.replace("title: Exemple conforme", "title: Exemple renommé"), encoding="utf-8")
    git("add", ".")
    code, output = commit("an unrelated edit")
    assert code == 0, output
    assert "Passed" in output
    # the failures already there are shown, as the README promises, although the commit goes through
    assert "investment-committee" in output, output

    # `pre-commit autoupdate`, as the README says, pins `rev:` to a commit sha; the hook still runs
    assert run(["autoupdate"], repo, pre_commit_home).returncode == 0
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=published, capture_output=True, text=True).stdout.strip()
    assert f"rev: {sha}" in (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    declaration.write_text(overdue.replace("licence: MIT", "licence: WTFPL"), encoding="utf-8")
    git("add", ".")
    code, output = commit("breaks the open-source obligation")
    assert code != 0 and "WTFPL" in output, output
