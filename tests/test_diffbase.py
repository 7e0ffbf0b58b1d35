"""``--diff-base REF``, ``--fail-on new``, ``--skip-non-declarations``, ``--no-portfolio`` through the
real command, in temporary git repositories."""

import json
import subprocess
import sys

import pytest
from conftest import FIXTURES

GOOD = (FIXTURES / "examples" / "exemple-conforme.yaml").read_text(encoding="utf-8")
AS_OF = "2025-01-15"  # the example is compliant on that day
LATER = "2027-01-15"  # ... and fails on deadlines by then


def conformite(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def git(*args, cwd):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@x", *args], cwd=cwd, check=True, capture_output=True
    )


def committed(directory, declaration: str):
    """A repository in ``directory`` whose first commit holds ``a.yaml``."""
    git("init", "-q", cwd=directory)
    (directory / "a.yaml").write_text(declaration, encoding="utf-8")
    git("add", ".", cwd=directory)
    git("commit", "-qm", "first", cwd=directory)
    return directory


@pytest.fixture
def repo(tmp_path):
    return committed(tmp_path, GOOD)


def test_a_change_that_breaks_an_obligation_fails_only_with_that_obligation_new(repo):
    (repo / "a.yaml").write_text(GOOD.replace("public_agent: true", "public_agent: false"), encoding="utf-8")
    run = conformite(
        "check", "a.yaml", "--diff-base", "HEAD", "--fail-on", "new", "--as-of", AS_OF, "--format", "json", cwd=repo
    )
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    assert report["declarations"][0]["obligations"]["intrapreneur"] == "fail"
    table = conformite("check", "a.yaml", "--diff-base", "HEAD", "--fail-on", "new", "--as-of", AS_OF, cwd=repo)
    assert table.returncode == 1
    assert "Δ intrapreneur" in table.stdout
    assert table.stdout.count("Δ") == 1


def test_a_deadline_passed_since_does_not_block_an_unrelated_change(repo):
    (repo / "a.yaml").write_text(GOOD.replace("title: Exemple conforme", "title: Un autre titre"), encoding="utf-8")
    plain = conformite("check", "a.yaml", "--as-of", LATER, cwd=repo)
    assert plain.returncode == 1  # the file does fail today ...
    judged = conformite("check", "a.yaml", "--diff-base", "HEAD", "--fail-on", "new", "--as-of", LATER, cwd=repo)
    assert judged.returncode == 0, judged.stdout + judged.stderr  # ... but not because of this change
    assert "convention-in-force" in judged.stdout  # the rest is still shown
    assert "Δ" not in judged.stdout


def test_a_new_file_has_no_baseline(repo):
    (repo / "b.yaml").write_text(
        GOOD.replace("id: exemple-conforme", "id: autre").replace("public_agent: true", "public_agent: false"),
        encoding="utf-8",
    )
    run = conformite("check", "b.yaml", "--diff-base", "HEAD", "--fail-on", "new", "--as-of", AS_OF, cwd=repo)
    assert run.returncode == 1
    good = conformite(
        "check", "a.yaml", "b.yaml", "--diff-base", "HEAD", "--fail-on", "new", "--as-of", AS_OF, cwd=repo
    )
    assert good.returncode == 1


def test_fixing_a_failure_passes_and_an_old_failure_kept_passes(repo):
    bad = GOOD.replace("public_agent: true", "public_agent: false")
    (repo / "a.yaml").write_text(bad, encoding="utf-8")
    git("commit", "-qam", "bad", cwd=repo)
    (repo / "a.yaml").write_text(bad.replace("title: Exemple conforme", "title: X"), encoding="utf-8")
    kept = conformite("check", "a.yaml", "--diff-base", "HEAD", "--fail-on", "new", "--as-of", AS_OF, cwd=repo)
    assert kept.returncode == 0
    assert "public" in kept.stdout
    # against the first commit the failure is new
    older = conformite("check", "a.yaml", "--diff-base", "HEAD~1", "--fail-on", "new", "--as-of", AS_OF, cwd=repo)
    assert older.returncode == 1


def test_files_in_a_subdirectory_are_read_at_the_revision(repo):
    (repo / "declarations").mkdir()
    (repo / "declarations" / "c.yaml").write_text(GOOD.replace("id: exemple-conforme", "id: c"), encoding="utf-8")
    git("add", ".", cwd=repo)
    git("commit", "-qm", "c", cwd=repo)
    (repo / "declarations" / "c.yaml").write_text(
        GOOD.replace("id: exemple-conforme", "id: c").replace("licence: MIT", "licence: WTFPL"), encoding="utf-8"
    )
    run = conformite("check", "declarations", "--diff-base", "HEAD", "--fail-on", "new", "--as-of", AS_OF, cwd=repo)
    assert run.returncode == 1
    assert "Δ open-source" in run.stdout


def test_misuse_is_one_sentence_and_exit_2(repo, tmp_path_factory):
    bad_ref = conformite("check", "a.yaml", "--diff-base", "nope", "--fail-on", "new", cwd=repo)
    assert bad_ref.returncode == 2
    assert "« nope » est inconnue" in bad_ref.stderr and "Traceback" not in bad_ref.stderr
    alone = conformite("check", "a.yaml", "--fail-on", "new", "--lang", "en", cwd=repo)
    assert alone.returncode == 2
    assert "--fail-on new needs" in alone.stderr
    outside = tmp_path_factory.mktemp("nogit")
    (outside / "a.yaml").write_text(GOOD, encoding="utf-8")
    nogit = conformite("check", "a.yaml", "--diff-base", "HEAD", cwd=outside)
    assert nogit.returncode == 2
    assert "n'est pas dans un dépôt git" in nogit.stderr


def test_first_commit_of_a_repository_has_nothing_to_compare_with(tmp_path):
    git("init", "-q", cwd=tmp_path)
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    run = conformite("check", "a.yaml", "--diff-base", "HEAD", "--fail-on", "new", "--as-of", AS_OF, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    (tmp_path / "a.yaml").write_text(GOOD.replace("public_agent: true", "public_agent: false"), encoding="utf-8")
    assert (
        conformite(
            "check", "a.yaml", "--diff-base", "HEAD", "--fail-on", "new", "--as-of", AS_OF, cwd=tmp_path
        ).returncode
        == 1
    )


def test_fail_on_new_with_a_json_baseline(repo):
    before = conformite("check", "a.yaml", "--as-of", AS_OF, "--format", "json", "--output", "before.json", cwd=repo)
    assert before.returncode == 0
    (repo / "a.yaml").write_text(GOOD.replace("manifesto: true", "manifesto: false"), encoding="utf-8")
    run = conformite("check", "a.yaml", "--baseline", "before.json", "--fail-on", "new", "--as-of", AS_OF, cwd=repo)
    assert run.returncode == 1
    both = conformite("check", "a.yaml", "--baseline", "before.json", "--diff-base", "HEAD", cwd=repo)
    assert both.returncode == 2


def test_non_declarations_are_skipped_in_one_line_each(repo):
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    (repo / "empty.yaml").write_text("", encoding="utf-8")
    (repo / "list.yaml").write_text("- 1\n- 2\n", encoding="utf-8")
    (repo / "broken.yaml").write_text("startup: {id: x\n", encoding="utf-8")
    args = ["a.yaml", ".pre-commit-config.yaml", "empty.yaml", "list.yaml", "--as-of", AS_OF]
    run = conformite("check", *args, "--skip-non-declarations", cwd=repo)
    assert run.returncode == 0, run.stdout + run.stderr
    skipped = [line for line in run.stderr.splitlines() if "ignoré" in line]
    assert len(skipped) == 3 and run.stderr.count("\n") == 3
    assert ".pre-commit-config.yaml ignoré : ce n'est pas une déclaration" in run.stderr
    only = conformite(
        "check",
        ".pre-commit-config.yaml",
        "--skip-non-declarations",
        "--diff-base",
        "HEAD",
        "--fail-on",
        "new",
        cwd=repo,
    )
    assert only.returncode == 0 and only.stderr.count("\n") == 1  # nothing left to check: nothing to block
    # named without the option, the same file is checked as a declaration, and is invalid
    named = conformite("check", ".pre-commit-config.yaml", "--as-of", AS_OF, cwd=repo)
    assert named.returncode == 2
    # a file that does not parse may be a broken declaration: still checked
    broken = conformite("check", "broken.yaml", "--skip-non-declarations", cwd=repo)
    assert broken.returncode == 2 and "ignoré" not in broken.stderr


def test_no_portfolio_leaves_out_the_per_obligation_counts(repo):
    (repo / "b.yaml").write_text(GOOD.replace("id: exemple-conforme", "id: b"), encoding="utf-8")
    full = conformite("check", "a.yaml", "b.yaml", "--as-of", AS_OF, cwd=repo)
    short = conformite("check", "a.yaml", "b.yaml", "--as-of", AS_OF, "--no-portfolio", cwd=repo)
    assert "budget-ceiling" in full.stdout
    assert "budget-ceiling" not in short.stdout
    assert "déclarations : 2" in short.stdout


BAD = GOOD.replace("public_agent: true", "public_agent: false")  # intrapreneur fails


def _new_failures(repo, *paths):
    return conformite(
        "check", *paths, "--diff-base", "HEAD", "--fail-on", "new", "--as-of", AS_OF, "--format", "json", cwd=repo
    )


@pytest.fixture
def failing_repo(tmp_path):
    """A repository whose committed declaration already fails (intrapreneur)."""
    return committed(tmp_path, BAD)


def test_a_pure_git_mv_shows_nothing_new(failing_repo):
    (failing_repo / "declarations").mkdir()
    git("mv", "a.yaml", "declarations/renamed.yaml", cwd=failing_repo)
    run = _new_failures(failing_repo, "declarations/renamed.yaml")
    assert run.returncode == 0, run.stdout + run.stderr  # the failure was there before the move
    assert json.loads(run.stdout)["declarations"][0]["obligations"]["intrapreneur"] == "fail"
    table = conformite("check", "declarations", "--diff-base", "HEAD", "--as-of", AS_OF, cwd=failing_repo)
    assert "Δ" not in table.stdout


def test_a_renamed_file_changed_too_is_judged_against_its_old_self(failing_repo):
    git("mv", "a.yaml", "b.yaml", cwd=failing_repo)
    (failing_repo / "b.yaml").write_text(BAD.replace("manifesto: true", "manifesto: false"), encoding="utf-8")
    run = _new_failures(failing_repo, "b.yaml")
    assert run.returncode == 1  # the manifesto is new, the intrapreneur is not
    table = conformite("check", "b.yaml", "--diff-base", "HEAD", "--as-of", AS_OF, cwd=failing_repo)
    assert "Δ manifesto" in table.stdout and table.stdout.count("Δ") == 1


def test_a_move_without_git_is_followed_by_its_content(failing_repo):
    (failing_repo / "a.yaml").rename(failing_repo / "moved.yaml")  # not added: git sees a deletion only
    assert _new_failures(failing_repo, "moved.yaml").returncode == 0


def test_a_committed_symbolic_link_is_read_as_its_target_at_the_revision(failing_repo):
    (failing_repo / "sub").mkdir()
    (failing_repo / "link.yaml").symlink_to("a.yaml")
    (failing_repo / "sub" / "deep.yaml").symlink_to("../a.yaml")
    git("add", ".", cwd=failing_repo)
    git("commit", "-qm", "links", cwd=failing_repo)
    for link in ("link.yaml", "sub/deep.yaml"):  # every commit: nothing new through a link
        run = _new_failures(failing_repo, link)
        assert run.returncode == 0, (link, run.stdout + run.stderr)
    (failing_repo / "a.yaml").write_text(BAD.replace("manifesto: true", "manifesto: false"), encoding="utf-8")
    assert _new_failures(failing_repo, "link.yaml").returncode == 1  # the target changed: that is new


def test_a_link_out_of_the_repository_or_a_file_too_large_at_the_revision_has_no_baseline(
    failing_repo, tmp_path_factory
):
    outside = tmp_path_factory.mktemp("outside") / "x.yaml"
    outside.write_text(BAD, encoding="utf-8")
    (failing_repo / "out.yaml").symlink_to(outside)
    (failing_repo / "big.yaml").write_text(BAD + "#" * 5000 + "\n", encoding="utf-8")
    git("add", ".", cwd=failing_repo)
    git("commit", "-qm", "out", cwd=failing_repo)
    assert _new_failures(failing_repo, "out.yaml").returncode == 1  # no declaration at REF: all is new
    (failing_repo / "big.yaml").write_text(BAD, encoding="utf-8")  # fits now; at REF it did not
    args = ("check", "big.yaml", "--diff-base", "HEAD", "--fail-on", "new", "--as-of", AS_OF, "--max-bytes", "4000")
    big = conformite(*args, cwd=failing_repo)
    assert big.returncode == 1 and big.stderr == ""


def test_files_of_two_repositories_are_each_read_at_the_revision_of_their_own(tmp_path):
    """One GitState per work tree: REF is resolved in each repository, each file read in its own."""
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    one = committed(tmp_path / "one", BAD)
    two = committed(tmp_path / "two", GOOD.replace("id: exemple-conforme", "id: deux"))
    (two / "a.yaml").write_text(
        GOOD.replace("id: exemple-conforme", "id: deux").replace("manifesto: true", "manifesto: false"),
        encoding="utf-8",
    )
    args = ("check", "one/a.yaml", "two/a.yaml", "--diff-base", "HEAD", "--fail-on", "new", "--as-of", AS_OF)
    run = conformite(*args, cwd=tmp_path)
    assert run.returncode == 1 and run.stderr == ""  # two's manifesto is new; one's intrapreneur was there
    table = conformite(*args[:-2], "--as-of", AS_OF, "--fail-on", "never", cwd=tmp_path)
    assert table.stdout.count("Δ") == 1 and "Δ manifesto" in table.stdout
    (one / "a.yaml").write_text(GOOD, encoding="utf-8")  # one fixed: nothing new anywhere but two's
    assert (
        conformite(
            "check", "one/a.yaml", "--diff-base", "HEAD", "--fail-on", "new", "--as-of", AS_OF, cwd=tmp_path
        ).returncode
        == 0
    )
