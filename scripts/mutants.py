#!/usr/bin/env python3
"""A mutation check run by hand: plant known bugs, one at a time, and see the tests fail.

    python scripts/mutants.py            # every mutant
    python scripts/mutants.py 3 7        # only these (numbers as listed)

Each mutant is a one-line change to a copy of the repository (the working tree is never
touched); the tests that guard that behaviour run on the copy. A mutant is *killed* when they
fail. The score (killed / planted) is written in README "Tests"; a surviving mutant is a test
to write.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ["checker", "rules", "tests", "fixtures", "docs", "README.md", "pyproject.toml"]

# (what the bug is, file, text, replacement, tests that must catch it)
MUTANTS = [
    (
        "licence variants forgotten",
        "checker/judging/conditions.py",
        '    for suffix in cond.get("variants", []):',
        "    for suffix in []:",
        ["tests/test_differential.py"],
    ),
    (
        "text facts compared case-sensitively",
        "checker/judging/conditions.py",
        "        values = [v.strip().lower() for v in values]",
        "        values = [v.strip() for v in values]",
        ["tests/test_differential.py"],
    ),
    (
        "licence not folded by its provider",
        "checker/judging/facts/open_source.py",
        'facts.values["licence"] = licence.lower()',
        'facts.values["licence"] = licence',
        ["tests/test_differential.py"],
    ),
    (
        "'le' compiled as 'lt' for the engine",
        "checker/judging/conditions.py",
        'COMPARISONS = {"lt": "$lt", "le": "$lte"',
        'COMPARISONS = {"lt": "$lt", "le": "$lt"',
        ["tests/test_differential.py"],
    ),
    (
        "the best verdict instead of the worst",
        "checker/foundation/verdicts.py",
        "key=lambda v: v.rank, default=Verdict.NOT_APPLICABLE)",
        "key=lambda v: -v.rank, default=Verdict.NOT_APPLICABLE)",
        ["tests/test_verdict_types.py", "tests/test_verdicts.py"],
    ),
    (
        "warn findings reported as errors",
        "checker/foundation/verdicts.py",
        '"yellow", "warning", "warning", "warning")',
        '"yellow", "warning", "warning", "error")',
        ["tests/test_rule_files.py"],
    ),
    (
        "SARIF always successful",
        "checker/reporting/sarif.py",
        '"executionSuccessful": not report.declarations.status["invalid"]',
        '"executionSuccessful": True',
        ["tests/test_formats.py::test_sarif_validates_against_the_official_schema"],
    ),
    (
        "explain shows the fail example as the pass one",
        "checker/reporting/docs.py",
        '            text = example(rule, kind)\n            out += [f"{w[kind]}:"',
        '            text = example(rule, "fail")\n            out += [f"{w[kind]}:"',
        ["tests/test_docs.py"],
    ),
    (
        "node limit off by one",
        "checker/reading/loader.py",
        "        if self.nodes > MAX_NODES:",
        "        if self.nodes > MAX_NODES + 1:",
        ["tests/test_loader.py"],
    ),
    (
        "required key taken from the schema, not the instance",
        "checker/reading/schema.py",
        "[key for key in expected if key not in present]",
        "list(expected)",
        ["tests/test_schema_problems.py"],
    ),
    (
        "every pattern read as a startup id",
        "checker/reading/schema.py",
        '"what": f"pattern.{meaning}"}',
        '"what": "pattern.startup_id"}',
        ["tests/test_schema_problems.py"],
    ),
    (
        "exemption still valid on its expiry day + 1",
        "checker/judging/evaluate.py",
        "        if expires < self.as_of:",
        "        if expires < self.as_of - dt.timedelta(days=1):",
        ["tests/test_verdicts.py"],
    ),
    (
        "due date added even when the message shows it",
        "checker/judging/model.py",
        "        if self.due_on and self.due_on not in self.message:",
        "        if self.due_on:",
        ["tests/test_verdict_types.py", "tests/test_formats.py"],
    ),
    (
        "earlier committee wins a tie",
        "checker/judging/facts/_common.py",
        "(last is None or day >= last[2])",
        "(last is None or day > last[2])",
        ["tests/test_verdicts.py", "tests/test_providers.py"],
    ),
    (
        "a provider sets an undeclared fact",
        "checker/judging/facts/sponsor.py",
        '    facts.values["sponsor_named"] = ',
        '    facts.values["sponsor_name"] = True\n    facts.values["sponsor_named"] = ',
        ["tests/test_providers.py"],
    ),
    (
        "placeholders no longer checked at load time",
        "checker/judging/rules.py",
        "            unknown = _placeholders(text) - allowed_names",
        "            unknown = set()",
        ["tests/test_providers.py", "tests/test_rule_files.py"],
    ),
    (
        "--report writes the main format instead of its own",
        "checker/cli/main.py",
        "        extra_outputs.append((fmt, file))",
        "        extra_outputs.append((args.format, file))",
        ["tests/test_cli.py"],
    ),
    (
        "--fail-on warning ignores warnings",
        "checker/judging/model.py",
        '"warning": RULE_OUTCOMES,',
        '"warning": RULE_OUTCOMES[:1],',
        ["tests/test_cli.py"],
    ),
    (
        "exemption findings renamed in evaluate only",
        "checker/judging/evaluate.py",
        'return "exemption-stale", where, {}, None',
        'return "exemption-useless", where, {}, None',
        ["tests/test_verdicts.py", "tests/test_verdict_types.py"],
    ),
    (
        "recursive alias reported as a syntax error",
        "checker/reading/loader.py",
        'Problem("yaml.too_deep"',
        'Problem("yaml.syntax"',
        ["tests/test_loader.py"],
    ),
]


def run(index: int, mutant: tuple, workdir: Path) -> bool:
    what, file, old, new, tests = mutant
    target = workdir / file
    original = target.read_text(encoding="utf-8")
    if original.count(old) != 1:
        raise SystemExit(f"mutant {index} ({what}): the text to change is not found once in {file}")
    target.write_text(original.replace(old, new), encoding="utf-8")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
            cwd=workdir,
            capture_output=True,
            text=True,
        )
    finally:
        target.write_text(original, encoding="utf-8")
    return proc.returncode != 0


def main(argv: list[str]) -> int:
    chosen = [int(a) for a in argv] or list(range(1, len(MUTANTS) + 1))
    with tempfile.TemporaryDirectory(prefix="conformite-mutants-") as tmp:
        workdir = Path(tmp)
        for name in COPY:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, workdir / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, workdir / name)
        killed = 0
        for index in chosen:
            caught = run(index, MUTANTS[index - 1], workdir)
            killed += caught
            print(f"{index:>2}. {'killed  ' if caught else 'SURVIVED'} {MUTANTS[index - 1][0]}", flush=True)
    print(f"mutation score: {killed}/{len(chosen)} killed")
    return 0 if killed == len(chosen) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
