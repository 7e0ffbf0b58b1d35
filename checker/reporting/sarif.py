"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

Every rule of the catalogue is described (help text, link to its documentation, default
level); each finding is a result at its file, line and column (paths relative to the working
directory). warn → warning, fail → error, waived → note with an in-source suppression (code
scanning hides it). An invalid declaration gives results of the rule ``invalid-declaration`` and
``executionSuccessful: false``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from checker import DOCS_URL, __version__
from checker.foundation.messages import text
from checker.foundation.verdicts import look
from checker.judging.model import finding_look

from . import reporter
from .baseline import is_new

if TYPE_CHECKING:
    from checker.judging.model import Report

    from . import Context

SCHEMA = "https://json.schemastore.org/sarif-2.1.0-rtm.5.json"
INVALID = "invalid-declaration"


def _anchor(ident: str) -> str:
    return f"{DOCS_URL}#{ident}"


def _rules(context: Context) -> list[dict[str, Any]]:
    lang, rules = context.lang, []
    for obligation in context.catalog.obligations:
        for rule in obligation.rules:
            rules.append(
                {
                    "id": rule.id,
                    "name": "".join(part.capitalize() for part in rule.id.split("-")),
                    "shortDescription": {"text": obligation.title[lang]},
                    "fullDescription": {"text": re.sub(r"\{[^}]*\}", "…", rule.message[lang])},  # placeholders unfilled
                    "help": {
                        "text": f"{obligation.how_to_comply[lang]} ({obligation.article[lang]})",
                        "markdown": f"{obligation.how_to_comply[lang]}\n\n> {obligation.convention_text}\n\n"
                        f"*{obligation.article[lang]}* — [conformite explain {rule.id}]({_anchor(obligation.id)})",
                    },
                    "helpUri": _anchor(obligation.id),
                    "defaultConfiguration": {"level": look(rule.outcome).sarif},
                    "properties": {"obligation": obligation.id, "tags": ["compliance", obligation.id]},
                }
            )
    described = [
        (rule.id, context.catalog.exemptions_doc["title"][lang], look(rule.outcome).sarif)
        for rule in context.catalog.exemption_rules.values()
    ]
    for rule_id, title, level in described + [(INVALID, text("status.invalid", lang), "error")]:
        rules.append(
            {
                "id": rule_id,
                "name": "".join(part.capitalize() for part in rule_id.split("-")),
                "shortDescription": {"text": title},
                "helpUri": DOCS_URL,
                "defaultConfiguration": {"level": level},
            }
        )
    return rules


def _uri(file: str) -> str:
    """The file relative to the working directory (the repository root in CI), as a URI reference."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = Path(os.path.relpath(path, Path.cwd()))
        except ValueError:  # another drive
            return path.as_uri()
    return quote(path.as_posix())


def _location(file: str, line: int, column: int) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(file), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": max(1, line), "startColumn": max(1, column)},
        }
    }


def _results(report: Report, context: Context, index: dict[str, int]) -> Iterator[dict[str, Any]]:
    for decl in report.declarations:
        for err in decl.errors:
            yield {
                "ruleId": INVALID,
                "ruleIndex": index[INVALID],
                "level": "error",
                "message": {"text": err.message},
                "locations": [_location(decl.file, err.line, err.column)],
            }
        for f in decl.findings:
            level = finding_look(f.outcome).sarif
            if level == "none":
                continue
            result = {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": level,
                "message": {"text": f.with_due(context.lang)},
                "locations": [_location(decl.file, f.line, f.column)],
                "partialFingerprints": {"conformiteFinding/v1": f"{decl.startup or decl.file}:{f.rule}"},
                "properties": {
                    "obligation": f.obligation,
                    "outcome": f.outcome,
                    "reference": f.reference,
                    "startup": decl.startup,
                    **({"due_on": f.due_on} if f.due_on else {}),
                    **({"cause": f.cause} if f.cause else {}),
                },
            }
            if f.outcome == "waived":
                result["suppressions"] = [{"kind": "inSource", "justification": text("verdict.waived", context.lang)}]
            new = is_new(context.baseline, decl, f.obligation)
            if new is not None:  # --baseline / --diff-base: what --fail-on new judges
                result["baselineState"] = "new" if new else "unchanged"
            yield result


@reporter("sarif")
def render(report: Report, context: Context, out: TextIO) -> None:
    rules = _rules(context)
    if report.evidence is not None:  # --evidence: its rules are described too
        from checker.evidence.findings import sarif_rules

        rules += sarif_rules(context.lang, _anchor)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    head = {"$schema": SCHEMA, "version": "2.1.0"}
    run = {
        "tool": {
            "driver": {
                "name": "conformite",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": DOCS_URL,
                "rules": rules,
            }
        },
        # an invalid declaration was not checked: the run did not do all it was asked
        "invocations": [{"executionSuccessful": not report.declarations.status["invalid"]}],
        "properties": {"as_of": report.as_of, "summary": report.summary},
    }
    # streamed: the run object without its results, then each result as it comes
    text_head = json.dumps(dict(head, runs=[dict(run, results=[])]), ensure_ascii=False, indent=2)
    cut = text_head.rindex('"results": []')
    out.write(text_head[:cut] + '"results": [')
    for i, result in enumerate(_results(report, context, index)):
        out.write(("," if i else "") + "\n        " + json.dumps(result, ensure_ascii=False))
    out.write("\n      ]" + text_head[cut + len('"results": []') :])
