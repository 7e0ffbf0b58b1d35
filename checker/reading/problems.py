"""A problem that makes a declaration invalid: data with a message code, never an exception."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker.foundation.wording import quote


@dataclass(frozen=True)
class Problem:
    code: str  # key in checker.foundation.messages.MESSAGES
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    path: str = ""
    line: int = 1
    column: int = 1

    def __post_init__(self) -> None:
        # a value quoted back (a key, a bad value, a parser's detail) is cut to a few words here,
        # where every problem is made, so no message can echo an unbounded input
        object.__setattr__(self, "params", {k: quote(v) for k, v in self.params.items()})

    def sort_key(self) -> tuple[int, int, str]:
        return (self.line, self.column, self.code)
