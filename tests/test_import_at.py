"""``import betagouv CONTENT_DIR --at REV`` (the pages as they stood at a commit, read through
checker.reading.gitstate) and ``scripts/replay_betagouv.py`` (the last N months replayed into a
portfolio repository). The real snapshot is no git repository: each test builds one with
dated commits from copies of a few real pages."""

import datetime as dt
import json
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, run_cli
from test_gitstate import Repo

from checker.importer.betagouv import import_pages
from checker.reading.loader import load_file

CONTENT = ROOT.parent / "shared" / "data" / "betagouv" / "content"
PAGES = ("mobilic", "aidantsconnect")
AUTHOR = "_authors/mathilde.caron-peugniez.md"  # admin (public agent) of mobilic from 2024-03-04
OLD_REPO, NEW_REPO = "https://github.com/MTES-MCT/mobilic", "https://github.com/MTES-MCT/mobilic-v2"


def copy(repo: Repo, name: str) -> None:
    target = repo.root / "content" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(CONTENT / name, target)


@pytest.fixture
def beta(tmp_path):
    """beta.gouv.fr's content over three months: two pages; then mobilic's repository moves, its
    intrapreneur's page and a third page arrive; then aidantsconnect's page is removed. An
    uncommitted edit waits in the work tree."""
    repo = Repo(tmp_path / "beta")
    for name in PAGES:
        copy(repo, f"_startups/{name}.md")
    copy(repo, "_organisations/mtes.md")
    c1 = repo.commit("2025-01-10T10:00:00+01:00", "two pages")
    mobilic = repo.root / "content/_startups/mobilic.md"
    mobilic.write_text(mobilic.read_text(encoding="utf-8").replace(OLD_REPO, NEW_REPO), encoding="utf-8")
    copy(repo, AUTHOR)
    copy(repo, "_startups/1-eleve-1-stage.md")
    c2 = repo.commit("2025-02-10T10:00:00+01:00", "mobilic moves, its intrapreneur, a third page")
    (repo.root / "content/_startups/aidantsconnect.md").unlink()
    c3 = repo.commit("2025-03-10T10:00:00+01:00", "aidantsconnect leaves")
    mobilic.write_text(mobilic.read_text(encoding="utf-8").replace("title: Mobilic", "title: Pas commité"))
    return repo, [c1, c2, c3]


def declaration(out, name):
    return load_file(out / f"{name}.yaml")[0].data


def test_import_at_reads_each_commits_pages_and_none_of_the_work_tree(beta, tmp_path):
    repo, (c1, c2, _) = beta
    content = repo.root / "content"
    first = import_pages(content, tmp_path / "first", dt.date(2025, 1, 15), at=c1)
    assert first.problems == [] and sorted(p.name for p in first.written) == ["aidantsconnect.yaml", "mobilic.yaml"]
    mobilic = declaration(tmp_path / "first", "mobilic")
    assert mobilic["source_code"]["repositories"] == [OLD_REPO] and mobilic["startup"]["title"] == "Mobilic"
    assert mobilic["product_page"]["updated_on"] == "2025-01-10"  # its last commit up to that one
    assert "intrapreneur" not in mobilic.get("team", {})  # the member's page did not exist yet
    header = (tmp_path / "first" / "mobilic.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith(f"content/_startups/mobilic.md (instantané {c1[:12]} du 2025-01-10)")
    second = import_pages(content, tmp_path / "second", dt.date(2025, 2, 15), at=c2)
    assert len(second.written) == 3
    mobilic = declaration(tmp_path / "second", "mobilic")
    assert mobilic["source_code"]["repositories"] == [NEW_REPO] and mobilic["startup"]["title"] == "Mobilic"
    assert mobilic["team"]["intrapreneur"]["name"] == "Mathilde Caron-Peugniez"
    assert mobilic["product_page"]["updated_on"] == "2025-02-10"
    status = repo.git("status", "--porcelain")
    assert status == " M content/_startups/mobilic.md\n"  # nothing checked out, the edit left alone


def test_import_at_head_of_a_clean_tree_is_the_import_from_disk(beta, tmp_path):
    repo, _ = beta
    repo.commit("2025-03-20T10:00:00+01:00", "the edit")
    content = repo.root / "content"
    import_pages(content, tmp_path / "disk", dt.date(2025, 3, 20))
    import_pages(content, tmp_path / "git", dt.date(2025, 3, 20), at="HEAD")
    names = sorted(p.name for p in (tmp_path / "disk").glob("*.yaml"))
    assert names == sorted(p.name for p in (tmp_path / "git").glob("*.yaml")) and len(names) == 2
    for name in names:
        disk = (tmp_path / "disk" / name).read_text(encoding="utf-8").splitlines()
        git = (tmp_path / "git" / name).read_text(encoding="utf-8").splitlines()
        assert git[0] == disk[0] + f" (instantané {repo.head()[:12]} du 2025-03-20)"  # says which commit
        assert git[1:] == disk[1:]


def test_import_at_defaults_its_date_to_the_commits_day(beta, tmp_path):
    repo, (_, c2, _) = beta
    code, _, err = run_cli("import", "betagouv", str(repo.root / "content"), "--out", str(tmp_path / "o"), "--at", c2)
    assert code == 0, err
    data = declaration(tmp_path / "o", "1-eleve-1-stage")
    assert data["product_page"]["updated_on"] == "2025-02-10"


def test_a_bad_revision_or_no_git_history_is_one_sentence(beta, tmp_path):
    repo, _ = beta
    out = tmp_path / "out"
    code, _, err = run_cli("import", "betagouv", str(repo.root / "content"), "--out", str(out), "--at=--output=x")
    assert (
        code == 2 and err == "conformite: --at : révision git inconnue : « --output=x »\n" and not list(out.glob("*"))
    )
    plain = tmp_path / "plain"
    shutil.copytree(repo.root / "content", plain)
    code, _, err = run_cli("import", "betagouv", str(plain), "--out", str(out), "--at", "HEAD", "--lang", "en")
    assert code == 2 and err == f"conformite: --at: {plain} has no git history to read (not a git work tree: {plain})\n"
    code, _, err = run_cli("import", "betagouv", str(repo.root / "nothing"), "--out", str(out), "--at", "HEAD")
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err


def test_the_replay_makes_one_dated_commit_a_month_and_history_follows_it(beta, tmp_path):
    repo, (c1, c2, c3) = beta
    portfolio = tmp_path / "portfolio"
    script = [sys.executable, str(ROOT / "scripts" / "replay_betagouv.py"), str(repo.root / "content"), str(portfolio)]
    done = subprocess.run([*script, "--months", "4", "--to", "2025-03-15"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"2024-12-15: no commit of {repo.root / 'content'} yet, month skipped"
    log = subprocess.run(
        ["git", "log", "--format=%cs %an %s"], cwd=portfolio, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert log == [
        f"2025-03-15 conformite beta.gouv.fr au 2025-03-15 (content {c3[:12]} du 2025-03-10)",
        f"2025-02-15 conformite beta.gouv.fr au 2025-02-15 (content {c2[:12]} du 2025-02-10)",
        f"2025-01-15 conformite beta.gouv.fr au 2025-01-15 (content {c1[:12]} du 2025-01-10)",
    ]
    args = ("history", "declarations", "--from", "2025-01-15", "--to", "2025-03-15", "--format", "json")
    code, out, err = run_cli(*args, cwd=portfolio)
    assert code == 0 and err == ""
    found = json.loads(out)
    assert found["source"] == "git" and [p["checked"] for p in found["points"]] == [2, 3, 3]
    eleve = [r["as_of"] for r in found["records"] if r["startup"] == "1-eleve-1-stage"]
    assert eleve == ["2025-02-15", "2025-03-15"]  # its page arrived in February
    mobilic = [r for r in found["records"] if r["startup"] == "mobilic"]
    assert [r["obligations"]["intrapreneur"] for r in mobilic] == ["fail", "pass", "pass"]  # named from February
    shown = subprocess.run([*script, "--months", "0"], capture_output=True, text=True)
    assert shown.returncode == 2 and "--months: 1 to 240" in shown.stderr
