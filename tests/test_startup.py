"""Start-up: a one-file check imports what checking needs and nothing the command does not use
(what a pre-commit hook pays on every commit)."""

import subprocess
import sys

from conftest import ROOT

from checker.cli.main import FORMATS
from checker.reporting import MODULES

NOT_FOR_A_CHECK = (
    "jsonschema",
    "multiprocessing",
    "rich",
    "httpx",
    "icalendar",
    "ruamel",
    "questionary",
    "checker.importer",  # the import, committee and evidence commands: only named in the parser
    "checker.evidence",
    "subprocess",
    "tempfile",  # the report spool stays in memory; atomic_open makes its own temporary file
    "shutil",  # argparse's help width is found without it
    "difflib",  # near misses: only for a value that is wrong
    "unicodedata",
    "calendar",
    "importlib.resources",  # the schemas are read as files
)


def _imported_by(*args: str) -> set[str]:
    code = (
        f"import sys\nfrom checker.cli.main import main\nmain({list(args)!r})\nprint(' '.join(sorted(sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    return set(proc.stdout.splitlines()[-1].split()) if proc.returncode in (0, 1) else set()


def test_a_one_file_check_imports_nothing_it_does_not_use():
    one = "fixtures/examples/api-engagement.yaml"
    _imported_by("check", one)  # the first run writes the rule cache (checker.judging.rules.RuleCache)
    modules = _imported_by("check", one, "--as-of", "2025-01-15", "--format", "json")  # to stdout, as a hook
    assert "checker.judging.evaluate" in modules and "durable_rules_engine" in modules
    for name in NOT_FOR_A_CHECK:
        assert not any(m == name or m.startswith(name + ".") for m in modules), name
    reporters = {m for m in modules if m.startswith("checker.reporting.")}
    assert reporters == {"checker.reporting.json_report"}  # only the format asked for


def test_every_format_has_its_reporter_module():
    assert set(MODULES) == set(FORMATS)


def test_the_other_commands_still_parse_in_full():
    modules = _imported_by("import", "betagouv", "--help")
    assert "checker.importer.betagouv" in modules  # its own command: parsed in full
    from checker.cli.main import build_parser

    for command in (None, "import", "agenda", "evidence", "typo"):
        parser = build_parser(command=command)
        assert parser.parse_args(["agenda", "fixtures/examples", "--days", "30"]).days == "30"  # checked in main()
        assert parser.parse_args(["import", "betagouv", "x", "--out", "y"]).source == "betagouv"
    with_stubs = build_parser(command="check")
    assert with_stubs.parse_args(["check", "fixtures/examples", "--jobs", "1"]).jobs == "1"


def test_the_garbage_collector_paused_at_start_up_runs_again(capsys):
    # checker.cli.main pauses it while a command starts (imports, catalogue): it must run again after
    import gc

    from checker.cli.main import main

    assert gc.isenabled()  # importing checker.cli.main left it on
    one = "fixtures/examples/api-engagement.yaml"
    for args in (["check", one, "--format", "json"], ["--help"], ["check", "missing.yaml"], ["schema"], ["rules"]):
        main(args)
        assert gc.isenabled(), args
    gc.disable()  # a caller's choice is kept
    try:
        main(["rules"])
        assert not gc.isenabled()
    finally:
        gc.enable()
    capsys.readouterr()
