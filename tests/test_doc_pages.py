"""The README and docs/ hold together: every relative link and image resolves (its anchor too),
every docs page is reachable from the README, and the hook's snippet is the same on both pages
that show it."""

import functools
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import ROOT
from markdown_it import MarkdownIt

DOCS = ROOT / "docs"


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


def _tokens(text: str):
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        yield token
        yield from token.children or ()


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped (letters with accents
    kept), each space a hyphen."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@functools.cache
def anchors(text: str) -> frozenset[str]:
    found: set[str] = set()
    tokens = list(_tokens(text))
    for opening, inline in zip(tokens, tokens[1:]):
        if opening.type == "heading_open" and inline.type == "inline":
            words = "".join(child.content for child in inline.children or () if child.type in ("text", "code_inline"))
            base = slug(words)
            name, n = base, 0
            while name in found:  # GitHub numbers a repeated heading: -1, -2…
                n += 1
                name = f"{base}-{n}"
            found.add(name)
    return frozenset(found)


def targets(text: str) -> list[str]:
    """Every link's and image's address in a Markdown text."""
    found = []
    for token in _tokens(text):
        if token.type == "link_open":
            found.append(str(token.attrGet("href")))
        elif token.type == "image":
            found.append(str(token.attrGet("src")))
    return found


def broken_links(page: Path) -> list[str]:
    """The relative links and images of ``page`` that lead nowhere: a missing file, or an
    anchor its Markdown target has no heading for."""
    broken = []
    for address in targets(page.read_text(encoding="utf-8")):
        parts = urlsplit(address)
        if parts.scheme or parts.netloc:  # http(s), mailto: not this test's business
            continue
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        if not target.exists():
            broken.append(unquote(address))
        elif parts.fragment and target.suffix == ".md":
            if unquote(parts.fragment) not in anchors(target.read_text(encoding="utf-8")):
                broken.append(unquote(address))
    return broken


def test_every_relative_link_and_image_resolves():
    assert len(pages()) > 2
    for page in pages():
        assert broken_links(page) == [], page.name


def test_the_link_check_sees_a_missing_file_and_a_missing_anchor(tmp_path):
    (tmp_path / "other.md").write_text("# Le titre : à compléter\n\n## Again\n\n## Again\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "[ok](other.md#le-titre--à-compléter) [ok](other.md#again-1) [ok](#here) ![ok](other.md)\n\n"
        "[gone](missing.md) [no anchor](other.md#nowhere) ![no image](missing.png) [web](https://example.org/x)\n\n"
        "## Here\n",
        encoding="utf-8",
    )
    assert broken_links(page) == ["missing.md", "other.md#nowhere", "missing.png"]


def test_every_docs_page_is_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = {urlsplit(address).path for address in targets(readme)}
    for page in sorted(DOCS.glob("*.md")):
        assert f"docs/{page.name}" in linked, page.name


def test_the_readme_fits_in_two_hundred_lines():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 200


def _snippet(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.index("```yaml\n# .pre-commit-config.yaml") + len("```yaml\n")
    return text[start : text.index("```", start)]


def test_the_hook_page_shows_the_readme_snippet_that_the_precommit_test_installs():
    snippet = _snippet(ROOT / "README.md")
    assert "verbose: true" in snippet
    assert _snippet(DOCS / "pre-merge.md") == snippet
