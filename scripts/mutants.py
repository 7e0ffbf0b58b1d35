#!/usr/bin/env python3
"""A mutation check run by hand: plant known bugs, one at a time, and see the tests fail.

    python scripts/mutants.py            # every mutant
    python scripts/mutants.py 3 7        # only these (numbers as listed)
    python scripts/mutants.py --check    # only check that every mutant's text is in the source

Each mutant is a one-line change to a copy of the repository (the working tree is never
touched); the tests that guard that behaviour run on the copy, with Hypothesis's ``ci`` profile
(the same examples every run). A mutant is *killed* when they fail. Before anything runs, every
mutant is checked: its text found exactly once, the changed file still Python, its tests
present; one that is not stops the run (tests/test_mutants.py checks the same on every test
run). The score (killed / planted) is written in docs/architecture.md "Tests and house rules";
a surviving mutant is a test to write.

Why our own list rather than mutmut or cosmic-ray: those mutate every operator and every string
of a module, and ``checker/judging/facts/`` is mostly its facts' words (about 1,800 mutable
nodes in it and conditions.py, 1,270 of them strings); each mutant needs the guarding test
modules (5 to 15 s here), so a run would take hours on the two shared cores. The bugs worth
planting are the boundaries below, each with the tests that should catch it.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
COPY = ["checker", "rules", "tests", "fixtures", "docs", "README.md", "pyproject.toml"]


class Mutant(NamedTuple):
    what: str  # the bug, in words
    file: str  # relative to the repository
    old: str  # the text changed: found exactly once in ``file``
    new: str
    tests: tuple[str, ...]  # the tests that must catch it (paths, or path::test)


# the tests that guard each part
EDGES = ("tests/test_boundaries.py", "tests/test_verdicts.py")
PROVIDERS = ("tests/test_boundaries.py", "tests/test_providers.py", "tests/test_verdicts.py")
LANGUAGE = ("tests/test_boundaries.py", "tests/test_conditions.py", "tests/test_differential.py")
COMMON = "checker/judging/facts/_common.py"
OBJECTIVES = "checker/judging/facts/annex_objectives.py"
CONDITIONS = "checker/judging/conditions.py"

# the dates of checker/judging/facts/: what happens ON the as-of date and ON a due date
FACTS = [
    Mutant(
        "a committee or workshop held on the as-of date ignored",
        COMMON,
        "day is not None and day <= as_of and (last is None",
        "day is not None and day < as_of and (last is None",
        EDGES,
    ),
    Mutant(
        "earlier committee wins a tie",
        COMMON,
        "(last is None or day >= last[2])",
        "(last is None or day > last[2])",
        PROVIDERS,
    ),
    Mutant(
        "a phase starting on the as-of date not yet current",
        COMMON,
        "if start is None or not name or start > as_of:",
        "if start is None or not name or start >= as_of:",
        EDGES,
    ),
    Mutant(
        "two phases starting the same day: the earlier listed wins",
        COMMON,
        "if best_start is None or start >= best_start:",
        "if best_start is None or start > best_start:",
        PROVIDERS,
    ),
    Mutant(
        "a measurement, report or copy dated on the as-of date ignored",
        COMMON,
        "return day if day is not None and day <= as_of else None",
        "return day if day is not None and day < as_of else None",
        EDGES,
    ),
    Mutant(
        "the convention's term: the later of its end and the termination",
        COMMON,
        "return min(days) if days else None",
        "return max(days) if days else None",
        EDGES,
    ),
    Mutant(
        "an objective missed on its due date",
        OBJECTIVES,
        "    if due < as_of:",
        "    if due <= as_of:",
        EDGES,
    ),
    Mutant(
        "a measurement on the due day dropped",
        OBJECTIVES,
        "for day, value in counted if day <= due and",
        "for day, value in counted if day < due and",
        EDGES,
    ),
    Mutant(
        "a missed objective shows the measurement before its due day",
        OBJECTIVES,
        "(upto is None or day <= upto)",
        "(upto is None or day < upto)",
        EDGES,
    ),
    Mutant(
        "the measurement listed first wins a same-day tie",
        OBJECTIVES,
        "(found is None or day >= found[0])",
        "(found is None or day > found[0])",
        PROVIDERS,
    ),
    Mutant(
        "the forecast's earlier measurement may be of the last day",
        OBJECTIVES,
        "(before is None or day < before)",
        "(before is None or day <= before)",
        EDGES,
    ),
    Mutant(
        "a decrease reaching its target exactly not reached",
        OBJECTIVES,
        "(value <= target if decrease else value >= target)",
        "(value < target if decrease else value >= target)",
        EDGES,
    ),
    Mutant(
        "an increase reaching its target exactly not reached",
        OBJECTIVES,
        "(value <= target if decrease else value >= target)",
        "(value <= target if decrease else value > target)",
        EDGES,
    ),
    Mutant(
        "a decrease forecast exactly on its target off track",
        OBJECTIVES,
        "misses = (left > target * span) if decrease",
        "misses = (left >= target * span) if decrease",
        EDGES,
    ),
    Mutant(
        "an increase forecast exactly on its target off track",
        OBJECTIVES,
        "else (left < target * span)",
        "else (left <= target * span)",
        EDGES,
    ),
    Mutant(
        "committees counted from the earlier of signature and first phase",
        "checker/judging/facts/investment_committee.py",
        'put(v, "committee_start_date", max(candidates)',
        'put(v, "committee_start_date", min(candidates)',
        EDGES,
    ),
    Mutant(
        "the underspend not due when the term is the as-of date",
        "checker/judging/facts/budget_underspend.py",
        "ends is not None and ends <= as_of and",
        "ends is not None and ends < as_of and",
        EDGES,
    ),
    Mutant(
        "a budget fully committed reported as underspent",
        "checker/judging/facts/budget_underspend.py",
        "totals[1] < totals[0]",
        "totals[1] <= totals[0]",
        EDGES,
    ),
    Mutant(
        "the final report not due when the term is the as-of date",
        "checker/judging/facts/final_report.py",
        'v["final_report_applies"] = ends is not None and ends <= as_of',
        'v["final_report_applies"] = ends is not None and ends < as_of',
        EDGES,
    ),
    Mutant(
        "copies not due when signed on the as-of date",
        "checker/judging/facts/cbcm_copy.py",
        "signed_on is not None and signed_on <= as_of",
        "signed_on is not None and signed_on < as_of",
        EDGES,
    ),
    Mutant(
        "publication not due when signed on the as-of date",
        "checker/judging/facts/publication.py",
        "signed_on is not None and signed_on <= as_of",
        "signed_on is not None and signed_on < as_of",
        EDGES,
    ),
    Mutant(
        "every deadline a day early",
        "checker/judging/facts/__init__.py",
        'values[f"{name}_days_left"] = (due - reference).days',
        'values[f"{name}_days_left"] = (due - reference).days - 1',
        EDGES,
    ),
    Mutant(
        "licence not folded by its provider",
        "checker/judging/facts/open_source.py",
        'facts.values["licence"] = licence.lower()',
        'facts.values["licence"] = licence',
        ("tests/test_differential.py",),
    ),
    Mutant(
        "a provider sets an undeclared fact",
        "checker/judging/facts/sponsor.py",
        '    facts.values["sponsor_named"] = ',
        '    facts.values["sponsor_name"] = True\n    facts.values["sponsor_named"] = ',
        ("tests/test_providers.py",),
    ),
]

# the condition language: its Python meaning (evaluate) and what the engine is sent
LANGUAGE_MUTANTS = [
    Mutant("'le' read as 'lt' in Python", CONDITIONS, '"le": value <= bound', '"le": value < bound', LANGUAGE),
    Mutant("'lt' read as 'le' in Python", CONDITIONS, '"lt": value < bound', '"lt": value <= bound', LANGUAGE),
    Mutant("'ge' read as 'gt' in Python", CONDITIONS, '"ge": value >= bound', '"ge": value > bound', LANGUAGE),
    Mutant("'gt' read as 'ge' in Python", CONDITIONS, '"gt": value > bound', '"gt": value >= bound', LANGUAGE),
    Mutant(
        "'le' compiled as 'lt' for the engine",
        CONDITIONS,
        'COMPARISONS = {"lt": "$lt", "le": "$lte"',
        'COMPARISONS = {"lt": "$lt", "le": "$lt"',
        LANGUAGE,
    ),
    Mutant(
        "'ge' compiled as 'gt' for the engine",
        CONDITIONS,
        '"gt": "$gt", "ge": "$gte"}',
        '"gt": "$gt", "ge": "$gt"}',
        LANGUAGE,
    ),
    Mutant(
        "a decimal compared rounded down for 'gt' and 'le'",
        CONDITIONS,
        'key = name + CEIL_SUFFIX if op in ("gt", "le") else name',
        "key = name",
        LANGUAGE,
    ),
    Mutant(
        "a decimal's rounded-up value rounded down",
        CONDITIONS,
        "min(LIMIT, -(-scaled // whole))",
        "min(LIMIT, scaled // whole)",
        LANGUAGE,
    ),
    Mutant(
        "'is_not' false for an absent fact in Python",
        CONDITIONS,
        "ok = not present or value != _norm(kind, expected)",
        "ok = present and value != _norm(kind, expected)",
        LANGUAGE,
    ),
    Mutant(
        "'is_not' false for an absent fact in the engine",
        CONDITIONS,
        'parts.append({"$or": [{"$neq": {name: _norm(kind, value)}}, {"$nex": {name: 1}}]})',
        'parts.append({"$neq": {name: _norm(kind, value)}})',
        LANGUAGE,
    ),
    Mutant(
        "'not_in' matches an absent fact in Python",
        CONDITIONS,
        "ok = present and value not in _choices(cond, kind, op)",
        "ok = value not in _choices(cond, kind, op)",
        LANGUAGE,
    ),
    Mutant(
        "licence variants forgotten",
        CONDITIONS,
        '    for suffix in cond.get("variants", []):',
        "    for suffix in []:",
        LANGUAGE,
    ),
    Mutant(
        "text facts compared case-sensitively",
        CONDITIONS,
        "        values = [v.strip().lower() for v in values]",
        "        values = [v.strip() for v in values]",
        LANGUAGE,
    ),
    Mutant(
        "long text cut without its mark",
        CONDITIONS,
        'out[name] = value[:MAX_TEXT] + "\\u2026"',
        "out[name] = value[:MAX_TEXT]",
        LANGUAGE,
    ),
]

# the rest of the house: verdicts, reports, loading, the command line
ELSEWHERE = [
    Mutant(
        "the best verdict instead of the worst",
        "checker/foundation/verdicts.py",
        "found = max(outcomes, key=_RANKS.__getitem__",
        "found = min(outcomes, key=_RANKS.__getitem__",
        ("tests/test_verdict_types.py", "tests/test_verdicts.py"),
    ),
    Mutant(
        "warn findings reported as errors",
        "checker/foundation/verdicts.py",
        '"yellow", "warning", "warning", "warning")',
        '"yellow", "warning", "warning", "error")',
        ("tests/test_rule_files.py",),
    ),
    Mutant(
        "SARIF always successful",
        "checker/reporting/sarif.py",
        '"executionSuccessful": not report.declarations.status["invalid"]',
        '"executionSuccessful": True',
        ("tests/test_formats.py::test_sarif_validates_against_the_official_schema",),
    ),
    Mutant(
        "explain shows the fail example as the pass one",
        "checker/reporting/docs.py",
        '            text = example(rule, kind)\n            out += [f"{w[kind]}:"',
        '            text = example(rule, "fail")\n            out += [f"{w[kind]}:"',
        ("tests/test_docs.py",),
    ),
    Mutant(
        "node limit off by one",
        "checker/reading/loader.py",
        "        if self.nodes > MAX_NODES:",
        "        if self.nodes > MAX_NODES + 1:",
        ("tests/test_loader.py",),
    ),
    Mutant(
        "required key taken from the schema, not the instance",
        "checker/reading/schema.py",
        "[key for key in expected if key not in present]",
        "list(expected)",
        ("tests/test_schema_problems.py",),
    ),
    Mutant(  # replaces "every pattern read as a startup id": equivalent since dates are read first
        "a date's pattern read as any pattern",
        "checker/reading/schema.py",
        'if meaning == "date" and kind in ("format", "pattern"):',
        'if meaning == "date" and kind == "format":',
        ("tests/test_schema_problems.py",),
    ),
    Mutant(
        "exemption still valid on its expiry day + 1",
        "checker/judging/evaluate.py",
        "        if expires < self.as_of:",
        "        if expires < self.as_of - dt.timedelta(days=1):",
        ("tests/test_verdicts.py",),
    ),
    Mutant(
        "due date added even when the message shows it",
        "checker/judging/model.py",
        "        if self.due_on and self.due_on not in self.message:",
        "        if self.due_on:",
        ("tests/test_verdict_types.py", "tests/test_formats.py"),
    ),
    Mutant(
        "placeholders no longer checked at load time",
        "checker/judging/rules.py",
        "            unknown = _placeholders(text) - allowed_names",
        "            unknown = set()",
        ("tests/test_providers.py", "tests/test_rule_files.py"),
    ),
    Mutant(
        "--report writes json whatever its format",
        "checker/cli/main.py",
        "        extra.append((fmt, file))",
        '        extra.append(("json", file))',
        ("tests/test_cli.py",),
    ),
    Mutant(
        "--fail-on warning ignores warnings",
        "checker/judging/model.py",
        '"warning": RULE_OUTCOMES,',
        '"warning": RULE_OUTCOMES[:1],',
        ("tests/test_cli.py",),
    ),
    Mutant(
        "exemption findings renamed in evaluate only",
        "checker/judging/evaluate.py",
        'return "exemption-stale", where, {}, None',
        'return "exemption-useless", where, {}, None',
        ("tests/test_verdicts.py", "tests/test_verdict_types.py"),
    ),
    Mutant(
        "recursive alias reported as a syntax error",
        "checker/reading/loader.py",
        '"yaml.too_deep", {"limit": MAX_DEPTH}',
        '"yaml.syntax", {"limit": MAX_DEPTH}',
        ("tests/test_loader.py",),
    ),
]

MUTANTS = FACTS + LANGUAGE_MUTANTS + ELSEWHERE


def problems(mutants: list[Mutant], root: Path) -> list[str]:
    """What keeps each mutant from being planted in ``root``: its text not found exactly once,
    the changed file no longer Python, a test it names missing. Empty when all can run."""
    found = []
    for index, mutant in enumerate(mutants, 1):
        name = f"mutant {index} ({mutant.what})"
        target = root / mutant.file
        source = target.read_text(encoding="utf-8") if target.is_file() else None
        if source is None:
            found.append(f"{name}: {mutant.file} does not exist")
        elif source.count(mutant.old) != 1:
            found.append(f"{name}: its text is found {source.count(mutant.old)} times in {mutant.file}, not once")
        elif mutant.old == mutant.new:
            found.append(f"{name}: changes nothing")
        else:
            try:
                ast.parse(source.replace(mutant.old, mutant.new))
            except SyntaxError as exc:
                found.append(f"{name}: the changed {mutant.file} is not Python ({exc.msg}, line {exc.lineno})")
        for test in mutant.tests:
            path, _, function = test.partition("::")
            module = root / path
            if not module.is_file():
                found.append(f"{name}: {path} does not exist")
            elif function and f"def {function}(" not in module.read_text(encoding="utf-8"):
                found.append(f"{name}: {path} has no {function}")
    return found


def run(mutant: Mutant, workdir: Path) -> bool:
    """Whether the mutant's tests fail once it is planted in ``workdir`` (restored after)."""
    target = workdir / mutant.file
    original = target.read_text(encoding="utf-8")
    target.write_text(original.replace(mutant.old, mutant.new), encoding="utf-8")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-n", "0", "-p", "no:cacheprovider", *mutant.tests],
            cwd=workdir,
            capture_output=True,
            text=True,
            env={**os.environ, "HYPOTHESIS_PROFILE": "ci"},
        )
    finally:
        target.write_text(original, encoding="utf-8")
    return proc.returncode != 0


def copy_of_the_repository(workdir: Path) -> None:
    """The files the tests read, copied to ``workdir``; refused unless the tests run there
    import the copy's ``checker`` (not the installed one: then no mutant could be seen)."""
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, workdir / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, workdir / name)
    imported = subprocess.run(
        [sys.executable, "-c", "import checker; print(checker.__file__)"],
        cwd=workdir,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not Path(imported).resolve().is_relative_to(workdir.resolve()):
        raise SystemExit(f"the tests in the copy would import {imported or 'no checker'}, not the copy's")


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    numbers = [a for a in argv if a != "--check"]
    if not all(a.isdigit() and 1 <= int(a) <= len(MUTANTS) for a in numbers):
        print(f"mutants are numbered 1 to {len(MUTANTS)}; given: {' '.join(numbers)}", file=sys.stderr)
        return 2
    chosen = [int(a) for a in numbers] or list(range(1, len(MUTANTS) + 1))
    found = problems(MUTANTS, ROOT)
    if found:
        print("\n".join(found), file=sys.stderr)
        print(f"{len(found)} mutant(s) cannot be planted: fix their text before running any", file=sys.stderr)
        return 2
    if check_only:
        print(f"every mutant's text is in the source ({len(MUTANTS)} mutants)")
        return 0
    killed = 0
    with tempfile.TemporaryDirectory(prefix="conformite-mutants-") as tmp:
        workdir = Path(tmp)
        copy_of_the_repository(workdir)
        for index in chosen:
            caught = run(MUTANTS[index - 1], workdir)
            killed += caught
            print(f"{index:>2}. {'killed  ' if caught else 'SURVIVED'} {MUTANTS[index - 1].what}", flush=True)
    print(f"mutation score: {killed}/{len(chosen)} killed")
    return 0 if killed == len(chosen) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
