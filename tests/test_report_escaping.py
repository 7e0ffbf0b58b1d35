"""Messages with Markdown's and HTML's special characters, in the markdown and html reports:
the markdown report, rendered by a real CommonMark + tables parser (markdown-it-py), shows each
message exactly (code as code, nothing else as markup, the table whole); its source escapes
only what would be misread; the html report shows code spans as <code>, never a backtick."""

import dataclasses
import re
from html.parser import HTMLParser

import pytest
from conftest import AS_OF, FIXTURES
from markdown_it import MarkdownIt

from checker.judging.model import Results
from checker.judging.run import run_check
from checker.reading.declarations import collect
from checker.reporting import Context, render_text
from checker.reporting.markdown import code, escape

MESSAGES = [
    "Déclarez `commitments.approach: true` | sinon *rien* ne vaut",
    "ligne 1\nligne 2 <script>alert(1)</script> fin",
    "un ` seul accent grave",
    "`a|b` puis 2026-12-09, acces-cible, approved_by, _x_, [lien](http://x), ~~barré~~ # pas un titre",
    "- pas une liste",
    "1. pas une liste numérotée",
    "antislash \\` et \\* et C:\\dossier",
    "&amp; AT&T <b>gras</b> > citation",
    "`<script>alert(2)</script>` en code",
]


@pytest.fixture(scope="module")
def report(catalog):
    checked = run_check(catalog, collect([str(FIXTURES / "examples" / "jeveuxaider.yaml")]), AS_OF)
    decl = next(iter(checked.declarations))
    decl.findings = [dataclasses.replace(decl.findings[0], message=message, fix=None) for message in MESSAGES]
    decl.title = "Titre | avec `code` et *étoiles*"
    results = Results()
    results.append(decl)
    return dataclasses.replace(checked, declarations=results)


class _Cells(HTMLParser):
    """Table rows as cells, each cell as (text, [code texts], [tags inside])."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.code, self.tags, self.elements = [], None, None, None, []

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = ["", [], []]
        elif self.cell is not None:
            self.cell[2].append(tag)
            if tag == "code":
                self.code = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(tuple(self.cell))
            self.cell = None
        elif tag == "code" and self.cell is not None and self.code is not None:
            self.cell[1].append(self.code)
            self.code = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0] += data
            if self.code is not None:
                self.code += data


def _shown(message: str) -> str:
    """What a reader should see: the text, line breaks folded, code spans' backticks gone."""
    folded = re.sub(r"\s*\n\s*", " ", message)
    pieces = folded.split("`")
    if len(pieces) % 2 == 0:  # an odd number of backticks: the last one is a plain character
        return "".join(pieces[:-2]) + pieces[-2] + "`" + pieces[-1]
    return "".join(pieces)


def test_markdown_report_shows_each_message_exactly(report, catalog):
    source = render_text("markdown", report, Context(catalog, "fr"))
    parsed = _Cells()
    parsed.feed(MarkdownIt("commonmark").enable("table").render(source))
    assert "script" not in parsed.elements and "b" not in parsed.elements
    findings = [row for row in parsed.rows if len(row) == 6 and row[0][0] != "verdict"]
    assert len(findings) >= len(MESSAGES)
    for message, row in zip(MESSAGES, findings):
        text, codes, tags = row[3]
        assert text == _shown(message), message
        assert set(tags) <= {"code"}, (message, tags)  # no emphasis, link, strike-through, HTML
        assert codes == re.findall(r"`([^`]+)`", message.replace("\n", " ")), message
    rendered = MarkdownIt("commonmark").enable("table").render(source)
    assert "<code>commitments.approach: true</code>" in rendered
    assert "<h2>jeveuxaider — Titre | avec <code>code</code> et *étoiles*</h2>" in rendered
    for row in parsed.rows:  # every table row whole: a pipe in a message never adds a cell
        assert len(row) in (2, 6, 7), row


def test_markdown_source_escapes_only_what_would_be_misread():
    assert (
        escape("2026-12-09 acces-cible approved_by v1.2 (note) !") == "2026-12-09 acces-cible approved_by v1.2 (note) !"
    )
    assert escape("Déclarez `commitments.approach: true`") == "Déclarez `commitments.approach: true`"
    assert escape("a | b") == "a \\| b" and escape("`a|b`") == "`a\\|b`" and escape("`a|b`", table=False) == "`a|b`"
    assert escape("un\ndeux\r\ntrois") == "un deux trois"
    assert escape("*x* _y_ [z]") == "\\*x\\* \\_y\\_ \\[z\\]"
    assert escape("- a") == "\\- a" and escape("# a") == "\\# a" and escape("1. a") == "1\\. a"
    assert escape("un ` seul") == "un \\` seul"
    assert escape("<script>") == "&lt;script>" and escape("&amp;") == "&amp;amp;" and escape("AT&T") == "AT&T"
    assert code("a`b") == "`` a`b ``" and code("plain") == "`plain`"


def test_html_report_shows_code_spans_as_code(report, catalog):
    page = render_text("html", report, Context(catalog, "fr"))
    details = page[page.index('<section id="details">') :]
    assert "<code>commitments.approach: true</code>" in details
    assert "<code>a|b</code>" in details
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in details and "<script>alert" not in page
    assert "<code>&lt;script&gt;alert(2)&lt;/script&gt;</code>" in details
    assert "\\`" not in details.replace("antislash \\` et", "")  # no escaped backtick shown
    obligations = page[page.index('<section id="obligations">') :]
    assert "`" not in obligations and "<code>commitments.approach: true</code>" in obligations
