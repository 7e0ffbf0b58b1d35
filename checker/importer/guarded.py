"""Reading a source page with the loader's guards: regular files only (a FIFO or a device is
refused without being waited on), a size limit, UTF-8, and the YAML front matter parsed by
``checker.reading.loader.load_text`` (safe tags only, alias/node and depth limits). Once aliases are
expanded the page's text may not grow past the size limit either, so a small page cannot make
a huge declaration. Every failure is data: (line, message code, parameters)."""

from __future__ import annotations

import re
from pathlib import Path

from checker.reading.loader import DEFAULT_MAX_BYTES, Document, load_text, read_text
from checker.reading.problems import Problem

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$", re.S | re.M)

Failure = tuple[int, str, dict]


def read_regular(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str | None, Failure | None]:
    """The text of a regular file of at most ``max_bytes`` bytes, or why it cannot be read
    (:func:`checker.reading.loader.read_text`, the one guarded way in)."""
    text = read_text(path, max_bytes)
    if isinstance(text, Problem):
        code = "import.unreadable" if text.code == "file.unreadable" else text.code
        return None, (text.line, code, text.params)
    return text, None


def expanded_size(data: object, budget: int) -> int:
    """Characters of text in ``data`` (keys and values, aliases counted each time they are
    used), counting stops once over ``budget``."""
    total, stack = 0, [data]
    while stack and total <= budget:
        item = stack.pop()
        if isinstance(item, dict):
            total += sum(len(str(k)) for k in item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif item is not None:
            total += len(str(item))
    return total


def read_front_matter(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Document | None, int, Failure | None]:
    """The page's front matter as a loaded document, the file line its YAML starts after (1: the
    opening ``---``), or why it cannot be read (with the file's line)."""
    text, failure = read_regular(path, max_bytes)
    if text is None:  # read_regular gives no text exactly when it gives a failure
        return None, 0, failure
    return front_matter(text, max_bytes)


def front_matter(text: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Document | None, int, Failure | None]:
    """:func:`read_front_matter` of a page's text already read (from a commit, say)."""
    match = FRONT_MATTER.match(text.removeprefix("\ufeff"))
    if not match:
        return None, 0, (1, "import.no_front_matter", {})
    doc, problems = load_text(match.group(1))
    if problems:
        first = problems[0]
        code = "import.not_mapping" if first.code in ("yaml.empty", "yaml.not_mapping") else first.code
        if code == "yaml.documents" or (code == "yaml.syntax" and first.params.get("detail")):
            return None, 0, (first.line + 1, "import.bad_front_matter", {"detail": first.params.get("detail", "")})
        return None, 0, (first.line + 1, code, first.params)
    if expanded_size(doc.data, max_bytes) > max_bytes:
        return None, 0, (2, "import.expands", {"limit": max_bytes})
    return doc, 1, None
