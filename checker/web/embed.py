"""A whole page written by ``check --format html`` or ``conformite sheet`` (self-contained:
its own ``<style>``, body and ``<script>``) taken apart to sit inside the site's layout.

- its stylesheet is scoped to the element that holds it (:data:`SCOPE`): ``:root``, ``html``
  and ``body`` become that element, every other selector is prefixed with it, ``@media``
  blocks are scoped the same way, ``@page`` and the like left as they are; so the report's
  ``header`` or ``table`` rules never reach the DSFR's header or tables, and the page looks
  as the command's file does. CSS is parsed (tinycss2), never cut with regular expressions;
- its scripts are kept apart, for the layout to write with the response's nonce (server) or
  to list by hash in the page's policy (static site): the command's file stays self-contained
  and unchanged.

The page's text is already escaped by its writer (a ``<`` of a declaration is ``&lt;``), so
the only ``<style>`` and ``<script>`` elements are the writer's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tinycss2
import tinycss2.ast

SCOPE = ".cf-embed"
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)
_SCRIPT = re.compile(r"<script>(.*?)</script>\s*", re.S)
_ROOTS = ("html", "body", ":root")


@dataclass
class Embedded:
    title: str  # as the page wrote it (escaped HTML text)
    style: str  # scoped to SCOPE
    body: str  # the body's HTML, without its scripts
    scripts: list[str] = field(default_factory=list)


def embed(page: str) -> Embedded:
    title = _TITLE.search(page)
    body = _BODY.search(page)
    inner = body.group(1) if body else page
    head = page[: body.start()] if body else ""
    return Embedded(
        title.group(1).strip() if title else "",
        scope_css("\n".join(_STYLE.findall(head))),
        _SCRIPT.sub("", inner),
        [script for script in _SCRIPT.findall(inner) if script.strip()],
    )


def scope_css(css: str, scope: str = SCOPE) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(_rule(rule, scope) for rule in rules if rule.type in ("qualified-rule", "at-rule"))


def _rule(rule: tinycss2.ast.QualifiedRule | tinycss2.ast.AtRule, scope: str) -> str:
    if rule.type == "at-rule":
        if rule.lower_at_keyword == "media" and rule.content is not None:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            body = "\n".join(_rule(r, scope) for r in inner if r.type in ("qualified-rule", "at-rule"))
            return f"@media {tinycss2.serialize(rule.prelude).strip()} {{\n{body}\n}}"
        return tinycss2.serialize([rule])  # @page, @font-face…: not about an element
    selectors = _split(tinycss2.serialize(rule.prelude))
    return f"{', '.join(_scoped(s, scope) for s in selectors)} {{{tinycss2.serialize(rule.content)}}}"


def _split(prelude: str) -> list[str]:
    """A selector list split on its top-level commas (not those inside ``:is(…)`` and the like)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:index])
            start = index + 1
    parts.append(prelude[start:])
    return [part.strip() for part in parts if part.strip()]


def _scoped(selector: str, scope: str) -> str:
    for root in _ROOTS:
        if selector == root or (selector.startswith(root) and not _name_char(selector[len(root)])):
            return scope + selector[len(root) :]
    return f"{scope} {selector}"


def _name_char(char: str) -> bool:
    return char.isalnum() or char in "-_"
