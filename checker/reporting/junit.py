"""``--format junit``: one test suite per declaration, one test case per obligation.

fail → a failure; warn and waived → a passing case with the messages in system-out;
not-applicable → skipped (an evidence note on it goes to system-out, the case stays skipped);
an invalid declaration → one case in error. Valid XML whatever the
declaration holds: characters XML 1.0 forbids (control characters, lone surrogates) are
replaced, the rest is escaped by ElementTree.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, TextIO

from checker.foundation.messages import text

from . import reporter

if TYPE_CHECKING:
    from checker.judging.model import DeclarationResult, Finding, Report

    from . import Context

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(value: object) -> str:
    return _NOT_XML.sub("\ufffd", "" if value is None else str(value))


def _suite(decl: DeclarationResult, context: Context) -> ET.Element:
    lang = context.lang
    name = clean(decl.startup or decl.file)
    suite = ET.Element("testsuite", name=clean(decl.file))
    if decl.status == "invalid":
        for key, value in (("tests", "1"), ("errors", "1"), ("failures", "0"), ("skipped", "0")):
            suite.set(key, value)
        case = ET.SubElement(suite, "testcase", classname=name, name="declaration", file=clean(decl.file))
        error = ET.SubElement(case, "error", message=clean(text("status.invalid", lang)), type="invalid")
        error.text = clean("\n".join(f"{decl.file}:{e.line}:{e.column}: {e.message}" for e in decl.errors))
        return suite
    verdicts = list(decl.obligations.values())
    suite.set("tests", str(len(verdicts)))
    suite.set("failures", str(verdicts.count("fail")))
    suite.set("errors", "0")
    suite.set("skipped", str(verdicts.count("not-applicable")))
    by_obligation: dict[str, list[Finding]] = {}
    for finding in decl.findings:
        by_obligation.setdefault(finding.obligation, []).append(finding)
    for oid, verdict in decl.obligations.items():
        case = ET.SubElement(suite, "testcase", classname=name, name=oid, file=clean(decl.file))
        findings = by_obligation.get(oid, [])
        lines = "\n".join(
            f"[{_shown(f, lang)}] {decl.file}:{f.line}:{f.column} {f.rule}: {f.with_due(lang)} ({f.reference})"
            for f in findings
        )
        if verdict == "fail":
            first = next(f for f in findings if f.outcome == "fail")
            failure = ET.SubElement(case, "failure", message=clean(first.message), type=first.rule)
            failure.text = clean(lines)
        elif verdict == "not-applicable":  # skipped, whatever notes it carries (as the header counts it)
            ET.SubElement(case, "skipped", message=clean(text("verdict.not-applicable", lang)))
        if verdict != "fail" and findings:
            ET.SubElement(case, "system-out").text = clean(lines)
    return suite


def _shown(finding: Finding, lang: str) -> str:
    """A finding's outcome id, and for a pass that verified nothing, that it did not."""
    if finding.outcome == "pass" and not finding.verified:
        return f"pass · {text('verdict.unverified', lang)}"
    return finding.outcome


@reporter("junit")
def render(report: Report, context: Context, out: TextIO) -> None:
    results = report.declarations
    verdicts = results.verdicts
    tests = sum(sum(c.values()) for c in verdicts.values()) + results.status["invalid"]
    failures = sum(c.get("fail", 0) for c in verdicts.values())
    skipped = sum(c.get("not-applicable", 0) for c in verdicts.values())
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(
        f'<testsuites name="conformite" tests="{tests}" failures="{failures}" '
        f'errors="{results.status["invalid"]}" skipped="{skipped}">\n'
    )
    for decl in results:
        out.write(ET.tostring(_suite(decl, context), encoding="unicode") + "\n")
    out.write("</testsuites>\n")
