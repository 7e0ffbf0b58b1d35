"""The rule catalogue: ``rules/*.yaml`` loaded, validated and made ready to compile.

Each file holds one obligation (its article, the convention's words, how to comply, when it
applies, its deadlines) and the rules that serve it. A broken rule file is a
:class:`RuleFileError` at start-up, naming the file and line: never a silent skip.
"""
from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import conditions
from .facts import FACTS
from .fastschema import compile_schema
from .loader import load_file, path_str
from .schema import declaration_schema

# placeholders a message or a path may use besides the facts themselves
DISPLAY_NAMES = {
    "due_on", "phase", "licence", "last_workshop_method", "last_committee_index",
    "first_incomplete_indicator_index", "last_workshop_index", "budget_allocated",
    "budget_committed", "first_unsigned_amendment_index", "first_not_sent_amendment_index",
    "first_cbcm_undeclared_amendment_index",
    # budget-ceiling, yearly form
    "first_incomplete_budget_year_index", "first_incomplete_budget_year", "budget_cp_allocated", "budget_cp_paid",
    "budget_committed_path",
    # publication
    "publication_gouvernement_fr", "publication_data_gouv_fr",
    # final-report
    "final_report_sent_on", "final_report_false_keys", "final_report_undeclared_keys",
    "final_report_first_false", "final_report_first_undeclared",
    # budget-underspend
    "budget_unconsumed",
    # annex-objectives (the lists are written in each language)
    "first_unmeasured_objective_index", "first_incomplete_objective_index", "first_missed_objective_index",
    "first_off_track_objective_index", "objectives_unmeasured_list", "objectives_incomplete_list",
    "objectives_missed_list", "objectives_off_track_list", "objectives_reached_note",
}
OUTCOME_SEVERITY = {"fail": "error", "warn": "warning"}


class RuleFileError(Exception):
    def __init__(self, file: Path, line: int, detail: str):
        super().__init__(f"{file}:{line}: {detail}")
        self.file, self.line, self.detail = file, line, detail


@dataclass(frozen=True)
class Rule:
    id: str
    obligation: str
    outcome: str
    when: dict
    paths: tuple
    message: dict
    due: str | None = None

    @property
    def severity(self) -> str:
        return OUTCOME_SEVERITY[self.outcome]

    def path_for(self, display) -> str:
        """The first path template whose placeholders are all known for this declaration."""
        for template in self.paths:
            names = [n for _, n, _, _ in string.Formatter().parse(template) if n]
            if all(n in display for n in names):
                return template.format_map(display)
        return re.sub(r"\[\{[^}]*\}\].*$", "", self.paths[-1])


@dataclass(frozen=True)
class Obligation:
    id: str
    order: int
    article: dict
    title: dict
    convention_text: str
    how_to_comply: dict
    applies_when: dict | None
    deadlines: dict
    rules: tuple
    source: Path


@dataclass
class Catalog:
    obligations: list = field(default_factory=list)  # in catalogue order
    rules: dict = field(default_factory=dict)  # rule id -> Rule
    deadlines: dict = field(default_factory=dict)  # deadline name -> definition
    facts: dict = field(default_factory=dict)  # fact name -> type, incl. <deadline>_days_left
    read: set = field(default_factory=set)  # facts some condition reads

    def obligation(self, obligation_id: str) -> Obligation:
        return next(o for o in self.obligations if o.id == obligation_id)

    @property
    def obligation_ids(self) -> list[str]:
        return [o.id for o in self.obligations]


def default_rules_dir() -> Path:
    """The rules shipped in the package (``checker/_rules``), else the repository's ``rules/``."""
    packaged = Path(__file__).resolve().parent / "_rules"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "rules"


@lru_cache(maxsize=1)
def rule_file_schema() -> dict:
    return json.loads(resources.files("checker.schemas").joinpath("rules.schema.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _rule_file_check():
    return compile_schema(rule_file_schema())


def _rule_file_errors(data) -> list:
    """Schema errors of a rule file; jsonschema is imported only when there is one to explain."""
    if _rule_file_check()(data):
        return []
    from jsonschema import Draft202012Validator
    return sorted(Draft202012Validator(rule_file_schema()).iter_errors(data), key=lambda e: list(e.absolute_path))


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError as exc:
        raise ValueError(f"bad placeholder in {text!r}: {exc}") from None


def load_catalog(directory: Path | None = None) -> Catalog:
    directory = Path(directory) if directory else default_rules_dir()
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise RuleFileError(directory, 1, "no rule file (*.yaml) in this directory")
    catalog = Catalog(facts=dict(FACTS))
    raw = []
    for file in files:
        doc, problems = load_file(file)
        if problems:
            p = problems[0]
            raise RuleFileError(file, p.line, f"{p.code} {p.params}")
        for error in _rule_file_errors(doc.data):
            where = path_str(tuple(error.absolute_path))
            raise RuleFileError(file, doc.locate(where)[0], f"{where or 'top level'}: {error.message}")
        if doc.data["obligation"] + ".yaml" != file.name:
            raise RuleFileError(file, 1, f"obligation {doc.data['obligation']!r} must live in {doc.data['obligation']}.yaml")
        raw.append((file, doc))
        for name, spec in doc.data.get("deadlines", {}).items():
            if name in catalog.deadlines:
                raise RuleFileError(file, doc.locate(f"deadlines.{name}")[0], f"deadline {name!r} defined twice")
            for source in spec["from"] + ([spec["against"]] if "against" in spec else []):
                if FACTS.get(source) != "date":
                    raise RuleFileError(file, doc.locate(f"deadlines.{name}")[0], f"deadline {name!r}: {source!r} is not a date fact")
            catalog.deadlines[name] = spec
            catalog.facts[f"{name}_days_left"] = "int"
    allowed_names = set(catalog.facts) | DISPLAY_NAMES
    for file, doc in raw:
        data = doc.data
        try:
            applies = data.get("applies_when")
            if applies is not None:
                catalog.read |= conditions.check(applies, catalog.facts, "applies_when")
        except conditions.ConditionError as exc:
            raise RuleFileError(file, doc.locate("applies_when")[0], str(exc)) from None
        rules = []
        for index, item in enumerate(data["rules"]):
            where = f"rules[{index}]"
            line = doc.locate(where)[0]
            try:
                catalog.read |= conditions.check(item["when"], catalog.facts, f"{where}.when")
                texts = list(item["message"].values()) + item["path"]
                for text in texts:
                    unknown = _placeholders(text) - allowed_names
                    if unknown:
                        raise ValueError(f"{where}: unknown placeholder(s) {sorted(unknown)}")
            except (conditions.ConditionError, ValueError) as exc:
                raise RuleFileError(file, line, str(exc)) from None
            if item["id"] in catalog.rules:
                raise RuleFileError(file, line, f"rule id {item['id']!r} already used by obligation {catalog.rules[item['id']].obligation!r}")
            due = item.get("due")
            if due is not None and due not in data.get("deadlines", {}):
                raise RuleFileError(file, line, f"{where}: due {due!r} is not a deadline of this obligation")
            rule = Rule(item["id"], data["obligation"], item["outcome"], item["when"], tuple(item["path"]),
                        item["message"], due)
            catalog.rules[rule.id] = rule
            rules.append(rule)
        catalog.obligations.append(Obligation(
            data["obligation"], data["order"], data["article"], data["title"], data["convention_text"],
            data["how_to_comply"], data.get("applies_when"), data.get("deadlines", {}), tuple(rules), file))
    catalog.obligations.sort(key=lambda o: (o.order, o.id))
    expected = declaration_schema()["properties"]["exemptions"]["items"]["properties"]["obligation"]["enum"]
    if sorted(catalog.obligation_ids) != sorted(expected):
        missing = sorted(set(expected) - set(catalog.obligation_ids))
        extra = sorted(set(catalog.obligation_ids) - set(expected))
        raise RuleFileError(directory, 1, f"the obligations must be the declaration schema's: missing {missing}, unknown {extra}")
    return catalog
