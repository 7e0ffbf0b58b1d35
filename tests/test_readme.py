"""The README's two commands come first, and CI runs the test command verbatim."""

import re

from conftest import ROOT

from checker.reporting import docs


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


def test_readme_obligation_table_is_generated_from_the_catalogue(catalog):
    """The table between the README's obligations markers is the catalogue's (one home: the
    rule files), as ``conformite rules --readme-table --lang en`` writes it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert docs.readme_with_table(text, catalog) == text, (
        "regenerate: conformite rules --readme-table --lang en, between <!-- obligations:start --> and :end -->"
    )


def test_the_readme_table_follows_the_rule_files(catalog):
    table = docs.readme_table(catalog)
    assert (
        table.splitlines()[2]
        == "| `approach` | article 2 — Partner's obligations | Startup d'État approach and public guide | 1 |"
    )
    assert len(table.splitlines()) == 2 + len(catalog.obligations)
    assert docs.readme_with_table("no markers\n", catalog) is None
    marked = "a\n<!-- obligations:start -->\nold\n<!-- obligations:end -->\nb\n"
    assert (
        docs.readme_with_table(marked, catalog)
        == f"a\n<!-- obligations:start -->\n{table}<!-- obligations:end -->\nb\n"
    )
