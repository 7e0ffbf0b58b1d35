"""A request refused, in one sentence: what every route of the server raises (the portfolio's
pages in :mod:`.app`, the form's in :mod:`.declarer`) and :mod:`.app` answers, as a page or as
a JSON problem."""

from __future__ import annotations

PROBLEMS = "conformite.problems"  # set in the ASGI scope by a route whose refusals are JSON problems


class Refused(Exception):
    """A request refused: its status and one sentence in the request's language."""

    def __init__(self, status: int, message: str, **extra: str | int) -> None:
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra
