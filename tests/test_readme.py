"""The README's two commands come first, and CI runs the test command verbatim."""

import re

from conftest import ROOT


def commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_readme_starts_with_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    head = text.split("\n## ")[0]
    assert len(re.findall(r"```sh\n", head)) == 2
    setup_and_check, setup_and_test = commands()[:2]
    assert "conformite check fixtures/examples" in setup_and_check
    assert "pytest" in setup_and_test


def test_ci_runs_the_lint_job_then_the_readme_test_command_last():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == commands()[1]
    [lint] = [i for i, line in enumerate(ci) if "ruff check" in line]
    assert "ruff format --check" in ci[lint] and ci[lint].endswith("mypy") and lint < len(ci) - 1


def test_readme_lists_every_obligation(catalog):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for obligation in catalog.obligations:
        assert f"| `{obligation.id}` | {obligation.article['fr'].replace('Convention, ', '')} |" in text
