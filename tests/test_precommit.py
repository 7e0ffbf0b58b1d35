"""The pre-commit hook, through the real pre-commit (try-repo), in a temporary git repository."""
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

TODAY = dt.date.today()


def _day(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


def compliant_today() -> str:
    """The bundled compliant example, its dates moved so that it is compliant today."""
    text = (ROOT / "fixtures" / "examples" / "exemple-conforme.yaml").read_text(encoding="utf-8")
    for old, new in {"2025-12-31": _day(300), "2024-12-10": _day(-20), "2024-12-12": _day(-18), "2024-05-14": _day(-100),
                     "2024-01-24": _day(-200), "2024-06-01": _day(-150), "2023-09-04": _day(-400), "2024-02-01": _day(-300)}.items():
        text = text.replace(old, new)
    return text


def run(args, cwd):
    pre_commit = Path(sys.executable).parent / "pre-commit"
    env = dict(os.environ, PRE_COMMIT_COLOR="never", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@x",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@x")
    return subprocess.run([str(pre_commit if pre_commit.exists() else shutil.which("pre-commit")), *args],
                          cwd=cwd, capture_output=True, text=True, env=env, timeout=900)


def test_pre_commit_blocks_a_failing_declaration_and_accepts_a_good_one(tmp_path):
    repo = tmp_path / "declarations-repo"
    (repo / "declarations").mkdir(parents=True)
    (repo / "declarations" / "bon.yaml").write_text(compliant_today(), encoding="utf-8")
    bad = compliant_today().replace("public_agent: true", "public_agent: false")
    (repo / "declarations" / "mauvais.yaml").write_text(bad, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)

    good = run(["try-repo", str(ROOT), "conformite", "--files", "declarations/bon.yaml"], repo)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    failing = run(["try-repo", str(ROOT), "conformite", "--files", "declarations/mauvais.yaml"], repo)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "Failed" in failing.stdout
    assert "L'intrapreneur doit être un agent public" in failing.stdout
