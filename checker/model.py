"""Results as data: what every reporter renders and nothing re-evaluates."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

# an obligation's verdict aggregates its rule outcomes, worst first
VERDICT_RANK = {"fail": 4, "warn": 3, "waived": 2, "pass": 1, "not-applicable": 0}
VERDICTS = tuple(sorted(VERDICT_RANK, key=VERDICT_RANK.get, reverse=True))


def worst(outcomes) -> str:
    return max(outcomes, key=VERDICT_RANK.__getitem__, default="not-applicable")


@dataclass
class Finding:
    rule: str
    obligation: str
    severity: str  # error | warning
    outcome: str  # fail | warn | waived (| pass | not-applicable with --verbose)
    message: str
    reference: str
    path: str
    line: int
    column: int
    due_on: str | None = None


@dataclass
class Error:
    message: str
    path: str
    line: int
    column: int


@dataclass
class DeclarationResult:
    file: str
    startup: str | None
    status: str  # compliant | non-compliant | invalid
    phase: str | None
    obligations: dict = field(default_factory=dict)  # obligation id -> verdict, catalogue order
    findings: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    title: str | None = None  # the startup's title, for human reports

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "startup": self.startup,
            "status": self.status,
            "phase": self.phase,
            "obligations": dict(self.obligations),
            "findings": [asdict(f) for f in self.findings],
            "errors": [asdict(e) for e in self.errors],
        }


@dataclass
class Report:
    as_of: str
    lang: str
    declarations: list = field(default_factory=list)
    generator_version: str = ""

    @property
    def summary(self) -> dict:
        count = {"compliant": 0, "non-compliant": 0, "invalid": 0}
        for decl in self.declarations:
            count[decl.status] += 1
        return {"declarations": len(self.declarations), "compliant": count["compliant"],
                "non_compliant": count["non-compliant"], "invalid": count["invalid"]}

    def to_json(self) -> dict:
        return {
            "report_version": 1,
            "generator": {"name": "conformite", "version": self.generator_version},
            "as_of": self.as_of,
            "summary": self.summary,
            "declarations": [d.to_json() for d in self.declarations],
        }

    def exit_code(self, fail_on: str) -> int:
        """2 when a file is invalid; 1 when a verdict reaches ``fail_on``; else 0."""
        if any(d.status == "invalid" for d in self.declarations):
            return 2
        levels = {"error": {"fail"}, "warning": {"fail", "warn"}, "never": set()}[fail_on]
        hit = any(v in levels for d in self.declarations for v in d.obligations.values())
        return 1 if hit else 0
