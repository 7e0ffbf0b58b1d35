"""A problem that makes a declaration invalid: data with a message code, never an exception."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    code: str  # key in checker.messages.MESSAGES
    params: dict = field(default_factory=dict, hash=False, compare=False)
    path: str = ""
    line: int = 1
    column: int = 1

    def sort_key(self):
        return (self.line, self.column, self.code)
