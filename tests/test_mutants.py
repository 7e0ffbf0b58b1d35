"""scripts/mutants.py stays runnable: every mutant's text is in today's source, so a change
that moves a guarded line shows here, not at the next hand run (issue 23: the script once
stopped at its fifth mutant). The mutants themselves are not run here (minutes each batch):
docs/architecture.md gives the command and the score."""

import importlib.util
import subprocess

import pytest
from conftest import ROOT

_SPEC = importlib.util.spec_from_file_location("mutants", ROOT / "scripts" / "mutants.py")
assert _SPEC and _SPEC.loader
mutants = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(mutants)


@pytest.mark.parametrize("mutant", mutants.MUTANTS, ids=[m.what for m in mutants.MUTANTS])
def test_every_mutant_can_be_planted_in_the_current_source(mutant):
    assert mutants.problems([mutant], ROOT) == []


def test_the_boundaries_of_the_facts_and_the_condition_language_are_planted():
    planted = {m.file for m in mutants.MUTANTS}
    assert "checker/judging/conditions.py" in planted
    assert len({f for f in planted if f.startswith("checker/judging/facts/")}) >= 8
    assert {"tests/test_boundaries.py"} <= {t for m in mutants.MUTANTS for t in m.tests}


def test_a_mutant_whose_text_is_gone_stops_the_run_before_any_test(monkeypatch, capsys):
    gone = mutants.Mutant("a vanished line", "checker/judging/conditions.py", "no such text", "x", ())
    monkeypatch.setattr(mutants, "MUTANTS", [*mutants.MUTANTS, gone])

    def no_run(*args, **kwargs):
        raise AssertionError("no test runs while a mutant cannot be planted")

    monkeypatch.setattr(subprocess, "run", no_run)
    assert mutants.main([]) == 2
    err = capsys.readouterr().err
    assert f"mutant {len(mutants.MUTANTS)} (a vanished line)" in err
    assert "found 0 times in checker/judging/conditions.py" in err


@pytest.mark.parametrize(
    "mutant, says",
    [
        (("gone", "checker/nowhere.py", "a", "b", ()), "checker/nowhere.py does not exist"),
        (("twice", "checker/judging/conditions.py", "return", "x", ()), "not once"),
        (("same", "checker/judging/conditions.py", "SCALE = 10**6", "SCALE = 10**6", ()), "changes nothing"),
        (("broken", "checker/judging/conditions.py", "SCALE = 10**6", "SCALE = (", ()), "is not Python"),
        (
            ("no test", "checker/judging/conditions.py", "SCALE = 10**6", "SCALE = 1", ("tests/test_nothing.py",)),
            "tests/test_nothing.py does not exist",
        ),
        (
            (
                "no function",
                "checker/judging/conditions.py",
                "SCALE = 10**6",
                "SCALE = 1",
                ("tests/test_conditions.py::test_nothing",),
            ),
            "has no test_nothing",
        ),
    ],
)
def test_each_reason_a_mutant_cannot_be_planted_is_said(mutant, says):
    [problem] = mutants.problems([mutants.Mutant(*mutant)], ROOT)
    assert problem.startswith(f"mutant 1 ({mutant[0]}): ") and says in problem


def test_mutant_numbers_out_of_range_are_refused(monkeypatch, capsys):
    monkeypatch.setattr(subprocess, "run", None)  # nothing runs
    assert mutants.main([str(len(mutants.MUTANTS) + 1)]) == 2
    assert mutants.main(["x"]) == 2
    assert "mutants are numbered 1 to" in capsys.readouterr().err


def test_check_only_checks(monkeypatch, capsys):
    monkeypatch.setattr(subprocess, "run", None)  # nothing runs
    assert mutants.main(["--check"]) == 0
    assert f"({len(mutants.MUTANTS)} mutants)" in capsys.readouterr().out
