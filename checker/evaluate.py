"""One declaration in, its verdicts out: load, validate, prepare facts, run the rules,
apply exemptions, aggregate. Each declaration is evaluated in isolation."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import facts as facts_mod
from .dates import parse_date
from .engine import APPLIES, Engine, EngineError
from .loader import DEFAULT_MAX_BYTES, Document, load_file
from .messages import number, printable, text
from .model import DeclarationResult, Error, Finding, worst
from .problems import Problem
from .rules import Catalog
from .schema import validate



def render_problem(problem: Problem, lang: str) -> str:
    params = dict(problem.params)
    suggestion = params.pop("suggestion", None)
    params["hint"] = text("hint.did_you_mean", lang, suggestion=suggestion) if suggestion else ""
    if "expected" in params and isinstance(params["expected"], list):
        params["expected"] = " / ".join(text(f"type.{t}", lang) for t in params["expected"])
    if problem.code == "schema.type":
        params["found"] = text(f"type.{params['found']}", lang)
    if "allowed" in params:
        params["allowed"] = ", ".join(str(a) for a in params["allowed"])
    if "what" in params:
        params["what"] = text(params["what"], lang)
    return text(problem.code, lang, **params)


class Evaluator:
    """Checks declarations against one rule catalogue, as of one date, in one language."""

    def __init__(self, catalog: Catalog, as_of: dt.date, lang: str = "fr", exemptions: bool = True,
                 verbose: bool = False, max_bytes: int = DEFAULT_MAX_BYTES):
        self.catalog, self.as_of, self.lang = catalog, as_of, lang
        self.exemptions, self.verbose, self.max_bytes = exemptions, verbose, max_bytes
        self.engine = Engine(catalog)

    def check_file(self, path: Path, shown: str | None = None) -> DeclarationResult:
        doc, problems = load_file(path, self.max_bytes)
        return self.check_document(doc, problems, shown or str(path))

    def invalid(self, shown: str, problems: list[Problem], doc: Document | None = None) -> DeclarationResult:
        data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        startup = data.get("startup") if isinstance(data.get("startup"), dict) else {}
        sid = startup.get("id") if isinstance(startup.get("id"), str) else None
        errors = [Error(printable(render_problem(p, self.lang)), printable(p.path), p.line, p.column)
                  for p in sorted(problems, key=Problem.sort_key)]
        return DeclarationResult(shown, sid, "invalid", None, {}, [], errors)

    def check_document(self, doc: Document, problems: list[Problem], shown: str,
                       validated: bool = False) -> DeclarationResult:
        """``validated``: the caller has already validated ``doc`` (history re-checks one
        document as of many dates)."""
        if not problems and not validated:
            problems = validate(doc)
        if problems:
            return self.invalid(shown, problems, doc)
        data = doc.data
        prepared = facts_mod.prepare(data, self.as_of, self.catalog.deadlines)
        try:
            fired = self.engine.fired(prepared.values)
        except EngineError as exc:
            return self.invalid(shown, [Problem("engine.failed", {"detail": str(exc)})], doc)
        return self._verdicts(data, doc, prepared, fired, shown)

    def _verdicts(self, data, doc, prepared, fired, shown) -> DeclarationResult:
        by_obligation: dict[str, list] = {}  # obligation -> its findings
        outcomes: dict[str, list[str]] = {}
        for obligation in self.catalog.obligations:
            applies = (APPLIES + obligation.id) in fired
            outcomes[obligation.id] = []
            for rule in obligation.rules:
                if not applies:
                    outcome = "not-applicable"
                elif rule.id in fired:
                    outcome = rule.outcome
                else:
                    outcome = "pass"
                outcomes[obligation.id].append(outcome)
                if outcome in ("fail", "warn") or self.verbose:
                    by_obligation.setdefault(obligation.id, []).append(self._finding(rule, outcome, obligation, prepared, doc))
        if self.exemptions:
            self._apply_exemptions(data, doc, outcomes, by_obligation)
        verdicts, findings = {}, []
        for obligation in self.catalog.obligations:
            verdicts[obligation.id] = worst(outcomes[obligation.id])
            findings.extend(by_obligation.get(obligation.id, []))
        status = "non-compliant" if "fail" in verdicts.values() else "compliant"
        startup = data["startup"]
        return DeclarationResult(shown, startup["id"], status, prepared.phase, verdicts, findings, [],
                                 printable(startup.get("title")) if isinstance(startup.get("title"), str) else None)

    def _finding(self, rule, outcome, obligation, prepared, doc) -> Finding:
        due = prepared.dates.get(rule.due) if rule.due else None
        show = _Placeholders(prepared, self.lang, due)
        path = rule.path_for(show)
        line, column = doc.locate(path)
        message = printable(rule.message[self.lang].format_map(show))
        return Finding(rule.id, obligation.id, rule.severity, outcome, message,
                       obligation.article[self.lang], path, line, column, due.isoformat() if due else None)

    def _apply_exemptions(self, data, doc, outcomes, by_obligation) -> None:
        lang = self.lang
        for index, item in enumerate(data.get("exemptions") or []):
            oid = item["obligation"]
            obligation = self.catalog.obligation(oid)
            missing = [f for f in ("reason", "approved_by") if not (isinstance(item.get(f), str) and item[f].strip())]
            expires = parse_date(item.get("expires_on"))
            if expires is None:
                missing.append("expires_on")
            where = f"exemptions[{index}]"
            if missing:
                rule, message = "exemption-invalid", text("exemption.invalid", lang, missing=", ".join(text(f"field.{m}", lang) for m in missing))
                where += f".{missing[0]}"
            elif expires < self.as_of:
                rule, message = "exemption-expired", text("exemption.expired", lang, expires_on=expires.isoformat())
                where += ".expires_on"
            elif "fail" in outcomes[oid]:
                outcomes[oid] = ["waived" if o == "fail" else o for o in outcomes[oid]]
                for finding in by_obligation.get(oid, []):
                    if finding.outcome == "fail":
                        finding.outcome = "waived"
                continue
            elif "waived" in outcomes[oid]:
                continue  # a second valid exemption of an obligation already waived: not stale
            else:
                rule, message = "exemption-stale", text("exemption.stale", lang)
            line, column = doc.locate(where)
            outcomes[oid].append("warn")
            by_obligation.setdefault(oid, []).append(Finding(
                rule, oid, "warning", "warn", message, obligation.article[lang], where, line, column,
                expires.isoformat() if rule == "exemption-expired" else None))


class _Placeholders:
    """What a message or a path template may name, looked up only when named: ``due_on``, the
    display values, then the facts; dates as ISO text, decimals as the language writes them,
    and anything this declaration lacks as empty text."""

    def __init__(self, prepared, lang: str, due):
        self.prepared, self.lang, self.due = prepared, lang, due

    def __contains__(self, key) -> bool:
        return key == "due_on" or key in self.prepared.display or key in self.prepared.values

    def __getitem__(self, key):
        if key == "due_on":
            return self.due.isoformat() if self.due else ""
        display, values = self.prepared.display, self.prepared.values
        value = display[key] if key in display else values.get(key, "")
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, float):
            return number(value, self.lang)
        return value
