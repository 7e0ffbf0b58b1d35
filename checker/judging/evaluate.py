"""One declaration in, its verdicts out: load, validate, prepare facts, run the rules,
apply exemptions, aggregate. Each declaration is evaluated in isolation."""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import functools
import gc
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from checker.foundation.dates import parse_date
from checker.foundation.messages import MAX_ERRORS, MAX_FINDINGS, text
from checker.foundation.verdicts import PROBLEMS, Status, Verdict, worst
from checker.foundation.wording import counted, number, printable, shorten
from checker.judging.engine import APPLIES, Engine, EngineError
from checker.judging.facts._common import PerLanguage
from checker.judging.model import DeclarationResult, Error, Finding
from checker.judging.rules import Catalog, template_names
from checker.reading.loader import DEFAULT_MAX_BYTES, Document, load_file
from checker.reading.problems import Problem
from checker.reading.schema import unknown_obligations, validate

from . import conditions, hints
from . import facts as facts_mod

if TYPE_CHECKING:
    from checker.judging.facts._common import Facts
    from checker.judging.rules import Obligation, Rule


def render_problem(problem: Problem, lang: str) -> str:
    params = dict(problem.params)
    suggestion = params.pop("suggestion", None)
    params["hint"] = text("hint.did_you_mean", lang, suggestion=suggestion) if suggestion else ""
    elsewhere = params.pop("elsewhere", None)
    if elsewhere and not suggestion:
        parent = elsewhere.rpartition(".")[0]
        code = "hint.elsewhere_item" if parent.endswith("[]") else "hint.elsewhere"
        params["hint"] = text(code, lang, parent=parent.removesuffix("[]"), path=elsewhere)
    if "expected" in params and isinstance(params["expected"], list):
        params["expected"] = " / ".join(text(f"type.{t}", lang) for t in params["expected"])
    if problem.code == "schema.type":
        params["found"] = text(f"type.{params['found']}", lang)
    if "allowed" in params:
        params["allowed"] = ", ".join(str(a) for a in params["allowed"])
    if "what" in params:
        params["what"] = text(params["what"], lang)
    if "levels" in params:
        params["levels"] = nesting(params["levels"], params.pop("value", None), lang)
    example = params.pop("example", None)  # from the schema's examples: what to write, in full
    under = params.pop("under", None)
    if example and under:
        return text(problem.code, lang, **params) + text("hint.example_under", lang, example=example, under=under)
    return text(problem.code, lang, **params) + (text("hint.example", lang, example=example) if example else "")


def nesting(keys: list[str], value: object, lang: str) -> str:
    """``commitments``, ``approach``, True -> "écrivez `commitments:` puis, en retrait,
    `approach: true`" (the value as YAML writes it; ``…`` when it is not a short scalar)."""
    shown = "…" if value is None else hints.flow(value)  # quoted as YAML needs it ("Foo: bar #1")
    out = text("nest.first", lang, key=keys[0])
    for key in keys[1:-1]:
        out += text("nest.then", lang, key=key)
    return out + text("nest.last", lang, key=keys[-1], value=shown)


class Evaluator:
    """Checks declarations against one rule catalogue, as of one date, in one language."""

    def __init__(
        self,
        catalog: Catalog,
        as_of: dt.date,
        lang: str = "fr",
        exemptions: bool = True,
        verbose: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ):
        self.catalog, self.as_of, self.lang = catalog, as_of, lang
        self.exemptions, self.verbose, self.max_bytes = exemptions, verbose, max_bytes
        # per obligation: its engine applicability rule, each rule with its outcome when it
        # fires, and its rule ids (when none fired, its outcomes are all one: no loop)
        self._plan = [
            (
                obligation,
                APPLIES + obligation.id,
                [(rule, Verdict(rule.outcome)) for rule in obligation.rules],
                frozenset(rule.id for rule in obligation.rules),
            )
            for obligation in catalog.obligations
        ]

    @functools.cached_property
    def engine(self) -> Engine:
        """Compiled when first needed: a ``check --jobs`` main process, which only hands files
        to its workers (each compiles its own), never compiles one."""
        return Engine(self.catalog)

    def check_file(self, path: Path | str, shown: str | None = None) -> DeclarationResult:
        doc, problems = load_file(path, self.max_bytes)
        return self.check_document(doc, problems, shown or str(path))

    def internal_error(self, shown: str, exc: Exception) -> DeclarationResult:
        """The result of a file whose checking hit a bug of ours: it costs that file, not the run."""
        detail = f"{type(exc).__name__}: {exc}"[:200]
        return self.invalid(shown, [Problem("file.internal", {"detail": detail})])

    def invalid(self, shown: str, problems: list[Problem], doc: Document | None = None) -> DeclarationResult:
        found_id = doc.declared_id() if doc is not None else None
        sid = printable(shorten(found_id, self.lang)) if isinstance(found_id, str) else None
        truncated = getattr(problems, "truncated", False)  # the schema stopped counting
        problems = sorted(problems, key=Problem.sort_key)
        errors = [
            Error(printable(render_problem(p, self.lang)), printable(shorten(p.path, self.lang, 200)), p.line, p.column)
            for p in problems[:MAX_ERRORS]
        ]
        if len(problems) > MAX_ERRORS:  # capped: one last line counts the rest, at the first one left out
            rest = problems[MAX_ERRORS]
            more = "more_errors_at_least" if truncated else "more_errors"
            count = counted(len(problems) - MAX_ERRORS, f"count.{more}", self.lang)
            errors.append(Error(text(f"file.{more}", self.lang, count=count), "", rest.line, rest.column))
        return DeclarationResult(shown, sid, Status.INVALID, None, {}, [], errors)

    def check_document(
        self, doc: Document, problems: list[Problem], shown: str, validated: bool = False
    ) -> DeclarationResult:
        """``validated``: the caller has already validated ``doc`` (history re-checks one
        document as of many dates)."""
        if not problems and not validated:
            problems = validate(doc)
        if isinstance(doc.data, dict):  # exemptions name obligations of this catalogue
            problems = unknown_obligations(doc, self.catalog.obligation_ids, problems)
        if problems:
            return self.invalid(shown, problems, doc)
        data = cast(dict, doc.data)  # schema-valid: a mapping
        prepared = facts_mod.prepare(data, self.as_of, self.catalog.deadlines)
        try:
            fired = self.engine.fired(prepared.values)
        except EngineError as exc:
            return self.invalid(shown, [Problem("engine.failed", {"detail": str(exc)})], doc)
        return self._verdicts(data, doc, prepared, fired, shown)

    def _verdicts(
        self, data: dict[str, Any], doc: Document, prepared: Facts, fired: set[str], shown: str
    ) -> DeclarationResult:
        by_obligation: dict[str, list] = {}  # obligation -> its findings
        outcomes: dict[str, list[str]] = {}
        verbose, na, passed = self.verbose, Verdict.NOT_APPLICABLE, Verdict.PASS
        for obligation, applies_id, rules, ids in self._plan:
            applies = applies_id in fired
            if not verbose and (not applies or fired.isdisjoint(ids)):  # no finding: one outcome for all
                outcomes[obligation.id] = [passed if applies else na] * len(rules)
                continue
            outcomes[obligation.id] = listed = []
            for rule, when_fired in rules:
                outcome = na if not applies else when_fired if rule.id in fired else passed
                listed.append(outcome)
                if verbose or outcome in PROBLEMS:
                    by_obligation.setdefault(obligation.id, []).append(
                        self._finding(rule, outcome, obligation, prepared, doc)
                    )
        if self.exemptions:
            self._apply_exemptions(data, doc, outcomes, by_obligation)
            self._mention_exemptions(data, by_obligation)
        verdicts, findings = {}, []
        for obligation in self.catalog.obligations:
            verdicts[obligation.id] = worst(outcomes[obligation.id])
            findings.extend(by_obligation.get(obligation.id, []))
        findings = capped(findings, self.lang)
        status = Status.NON_COMPLIANT if Verdict.FAIL in verdicts.values() else Status.COMPLIANT
        startup = data["startup"]
        return DeclarationResult(
            shown,
            startup["id"],
            status,
            prepared.phase,
            verdicts,
            findings,
            [],
            printable(shorten(startup.get("title"), self.lang, 200)) if isinstance(startup.get("title"), str) else None,
        )

    def _finding(self, rule: Rule, outcome: Verdict, obligation: Obligation, prepared: Facts, doc: Document) -> Finding:
        due = prepared.dates.get(rule.due) if rule.due else None
        show = Placeholders(prepared, self.lang, due)
        path = rule.path_for(show)
        line, column = doc.locate(path)
        cause = fix = None
        verified = True
        if outcome == Verdict.NOT_APPLICABLE:
            message = obligation.why_not_applicable(self.lang)
        elif outcome == Verdict.PASS:
            message, verified = self._holds(rule, prepared, show)
        else:
            message, cause = (
                printable(rule.message_for(prepared.values, self.catalog.facts)[self.lang].format_map(show)),
                rule.cause_for(prepared.values, self.catalog.facts),
            )
            if outcome.is_problem:
                fix = hints.hint(path, doc.data, self.lang, next_item=bool(rule.due), cause=cause)
        return Finding(
            rule.id,
            obligation.id,
            rule.severity,
            outcome,
            message,
            obligation.article[self.lang],
            path,
            line,
            column,
            due.isoformat() if due else None,
            cause,
            fix=printable(fix) if fix else None,
            verified=verified,
        )

    def _mention_exemptions(self, data: dict[str, Any], by_obligation: dict[str, list[Finding]]) -> None:
        """The first breach or deadline failure of each obligation says, once, that an exemption
        may be declared (unless the declaration already names one for that obligation); a blank
        is to fill in, not to exempt."""
        named = {item.get("obligation") for item in data.get("exemptions") or []}
        for oid, findings in by_obligation.items():
            first = next((f for f in findings if f.outcome == Verdict.FAIL and hints.offers_exemption(f.cause)), None)
            if first is None or oid in named:
                continue
            mention = hints.exemption(oid, self.lang)
            joint = " ; " if self.lang == "fr" else "; "
            first.fix = f"{first.fix}{joint}{mention}" if first.fix else mention

    def _holds(self, rule: Rule, prepared: Facts, show: Placeholders) -> tuple[str, bool]:
        """What a passing rule says: its first pass text whose condition holds and whose
        placeholders are all stated (the last one has neither, so one always fits), and whether
        that pass verified something (``verified: false`` in the rule file: it did not)."""
        for alternative in rule.holds:
            if "if" in alternative and not conditions.evaluate(alternative["if"], prepared.values, self.catalog.facts):
                continue
            if all(show.stated(name) for name in template_names(alternative[self.lang])):
                return printable(alternative[self.lang].format_map(show)), alternative.get("verified", True)
        return text("verbose.pass", self.lang), True  # a catalogue built without rules.load_catalog

    def _apply_exemptions(
        self,
        data: dict[str, Any],
        doc: Document,
        outcomes: dict[str, list[str]],
        by_obligation: dict[str, list[Finding]],
    ) -> None:
        kinds = {oid: set(listed) for oid, listed in outcomes.items()}  # each exemption looks: not the whole list
        for index, item in enumerate(data.get("exemptions") or []):
            oid = item["obligation"]
            found = self._exemption_problem(item, index, kinds[oid])
            if found is None:  # valid: the obligation's failures are waived
                outcomes[oid] = [Verdict.WAIVED if o == Verdict.FAIL else o for o in outcomes[oid]]
                kinds[oid] = set(outcomes[oid])
                for finding in by_obligation.get(oid, []):
                    if finding.outcome == Verdict.FAIL:
                        finding.outcome = Verdict.WAIVED
                continue
            if not found:
                continue  # a second valid exemption of an obligation already waived: not stale
            rule_id, where, params, due = found
            rule = self.catalog.exemption_rules[rule_id]
            line, column = doc.locate(where)
            fix = hints.hint(where, data, self.lang)
            outcomes[oid].append(rule.outcome)
            kinds[oid].add(rule.outcome)
            by_obligation.setdefault(oid, []).append(
                Finding(
                    rule.id,
                    oid,
                    rule.severity,
                    rule.outcome,
                    rule.message[self.lang].format(**params),
                    self.catalog.obligation(oid).article[self.lang],
                    where,
                    line,
                    column,
                    due,
                    rule.cause_for({}, self.catalog.facts),
                    fix=printable(fix) if fix else None,
                )
            )

    def _exemption_problem(
        self, item: dict[str, Any], index: int, outcomes: set[str]
    ) -> tuple[str, str, dict[str, str], str | None] | tuple[()] | None:
        """What is wrong with one exemption: (rule id, path, message values, due date); ``None``
        when it waives failures; ``()`` when it is valid but has nothing left to waive."""
        lang, where = self.lang, f"exemptions[{index}]"
        missing = [f for f in ("reason", "approved_by") if not (isinstance(item.get(f), str) and item[f].strip())]
        expires = parse_date(item.get("expires_on"))
        if expires is None:
            missing.append("expires_on")
        if missing or expires is None:
            words = ", ".join(text(f"field.{m}", lang) for m in missing)
            return "exemption-invalid", f"{where}.{missing[0]}", {"missing": words}, None
        if expires < self.as_of:
            return "exemption-expired", f"{where}.expires_on", {"expires_on": expires.isoformat()}, expires.isoformat()
        if Verdict.FAIL in outcomes:
            return None
        if Verdict.WAIVED in outcomes:
            return ()
        return "exemption-stale", where, {}, None


class Placeholders:
    """What a message or a path template may name, looked up only when named: ``due_on``, the
    display values, then the facts; dates as ISO text, decimals as the language writes them,
    a display value given per language (``{"fr": …, "en": …}``) in the report's language,
    and anything this declaration lacks as empty text."""

    def __init__(self, prepared: Facts, lang: str, due: dt.date | None):
        self.prepared, self.lang, self.due = prepared, lang, due

    def __contains__(self, key: object) -> bool:
        return key == "due_on" or key in self.prepared.display or key in self.prepared.values

    def stated(self, key: str) -> bool:
        """Whether ``key`` has a value for this declaration (not the empty text put for a lack)."""
        if key == "due_on":
            return self.due is not None
        return (key in self.prepared.display or key in self.prepared.values) and self[key] != ""

    def __getitem__(self, key: str) -> str:
        if key == "due_on":
            return self.due.isoformat() if self.due else ""
        display, values = self.prepared.display, self.prepared.values
        value = display[key] if key in display else values.get(key, "")
        if callable(value):  # a display value worth computing only when a message names it
            value = display[key] = value()  # once: a pass text and a message may both name it
        if isinstance(value, (dict, PerLanguage)):  # a text in each language (quoted parts already shortened)
            return shorten(value.get(self.lang, ""), self.lang, 4000)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, float):
            return number(value, self.lang)
        return shorten(value, self.lang)  # a declaration's text quoted in a message: a few words at most


def capped(findings: list[Finding], lang: str) -> list[Finding]:
    """At most :data:`MAX_FINDINGS` findings of one rule (only the exemption rules repeat, once
    per exemption): the first left out of a rule gives way to one finding that counts them, at
    its place and line, with the same rule, obligation and outcome (so every verdict, group and
    count of the report stays what the rules said; the report's shape is unchanged)."""
    per_rule = collections.Counter(f.rule for f in findings)
    if max(per_rule.values(), default=0) <= MAX_FINDINGS:
        return findings
    kept: list[Finding] = []
    seen: collections.Counter[str] = collections.Counter()
    for finding in findings:
        seen[finding.rule] += 1
        if seen[finding.rule] <= MAX_FINDINGS:
            kept.append(finding)
        elif seen[finding.rule] == MAX_FINDINGS + 1:
            left = per_rule[finding.rule] - MAX_FINDINGS
            message = text("file.more_findings", lang, count=left, rule=finding.rule, limit=MAX_FINDINGS)
            kept.append(dataclasses.replace(finding, message=message, evidence=None, fix=None))
    return kept


class Collections:
    """Python's cyclic garbage collector paused while declarations are checked: a declaration's
    objects are freed as soon as it is checked (reference counting), and the collections its
    thousands of allocations set off cost about 6% of a run. Between two files, once more than
    :attr:`PENDING` objects have been kept since the last collection, one runs: a cycle, such
    as the whole node tree of a file with a recursive alias (hundreds of megabytes for a large
    one), never outlives the file after it, so memory stays flat. An ordinary declaration keeps
    a few hundred objects: a collection every hundred files or so."""

    PENDING = 20_000

    def __enter__(self) -> Collections:
        self.was = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.was:
            gc.enable()

    def tick(self) -> None:
        """One more file checked."""
        if self.was and gc.get_count()[0] > self.PENDING:  # counted even while paused
            gc.collect()
