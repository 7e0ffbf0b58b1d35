"""Every format renders the same report, on the fixtures and on hostile text, without breaking
or injecting anything."""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from conftest import AS_OF, FIXTURES, ROOT, dump_dom, run_cli
from jsonschema import Draft4Validator

from checker.judging.run import run_check
from checker.reading.declarations import collect
from checker.reporting import Context, render_text
from checker.reporting.github import escape_data, escape_property

HOSTILE = FIXTURES / "hostile" / "hostile.yaml"


@pytest.fixture(scope="module")
def report(catalog):
    targets = collect(
        [str(FIXTURES / "examples"), str(FIXTURES / "hostile"), str(FIXTURES / "invalid" / "unknown-key.yaml")]
    )
    return run_check(catalog, targets, AS_OF)


def out(fmt, report, catalog, **kw):
    return render_text(fmt, report, Context(catalog, "fr", **kw))


# --- markdown --------------------------------------------------------------


def _cells(line):
    return len(re.findall(r"(?<!\\)\|", line))


def test_markdown_tables_hold_whatever_the_text(report, catalog):
    text = out("markdown", report, catalog)
    assert "<script>" not in text and "<b>" not in text and "&lt;script>" in text
    table, width = False, None
    for line in text.splitlines():
        if line.startswith("|"):
            width = width if table else _cells(line)
            table = True
            assert _cells(line) == width, line  # an escaped | never opens a cell
        else:
            table = False
    assert "## hostile — &lt;script>" in text
    assert "\x07" not in text and "\x1b" not in text and "\x00" not in text
    assert "fixtures/invalid/unknown-key.yaml` · **invalide**" in text and "comittees" in text


def test_markdown_summary_only(report, catalog):
    text = out("markdown", report, catalog, summary_only=True)
    assert "## Verdicts par obligation" in text and "\n## api" not in text


# --- junit -----------------------------------------------------------------


def test_junit_is_valid_xml_with_one_case_per_obligation(report, catalog):
    root = ET.fromstring(out("junit", report, catalog).encode("utf-8"))
    suites = root.findall("testsuite")
    assert len(suites) == len(report.declarations) == 5
    for suite, decl in zip(suites, report.declarations):
        cases = suite.findall("testcase")
        if decl.status == "invalid":
            assert len(cases) == 1 and cases[0].find("error") is not None
            continue
        assert [c.get("name") for c in cases] == list(decl.obligations)
        for case in cases:
            verdict = decl.obligations[case.get("name")]
            assert (case.find("failure") is not None) == (verdict == "fail")
            if verdict == "not-applicable":
                assert case.find("skipped") is not None
            if verdict in ("warn", "waived"):
                assert case.find("system-out").text
        assert int(suite.get("failures")) == list(decl.obligations.values()).count("fail")
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)
    hostile = next(s for s in suites if "hostile" in s.get("name"))
    assert "\ufffd" in ET.tostring(hostile, encoding="unicode")  # control characters replaced, XML still valid


# --- sarif -----------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads((ROOT / "tests" / "data" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))
    return Draft4Validator(schema)


def test_sarif_validates_against_the_official_schema(report, catalog, sarif_validator):
    log = json.loads(out("sarif", report, catalog))
    errors = sorted(sarif_validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, errors[0].message
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= set(catalog.rules)
    assert all(r["helpUri"].startswith("https://") and r["help"]["text"] for r in rules if r["id"] in catalog.rules)
    for result in run["results"]:
        region = result["locations"][0]["physicalLocation"]["region"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert not uri.startswith("/") and uri.startswith("fixtures/")
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    waived = [r for r in run["results"] if r.get("properties", {}).get("outcome") == "waived"]
    assert waived and all(r["level"] == "note" and r["suppressions"] for r in waived)
    assert any(r["ruleId"] == "invalid-declaration" for r in run["results"])
    assert run["invocations"] == [{"executionSuccessful": False}]  # the report holds an invalid file


def test_sarif_paths_relative_to_working_directory(catalog, tmp_path, sarif_validator):
    # absolute paths on the command line still give paths relative to where it runs
    code, text, _ = run_cli(
        "check", str(ROOT / "fixtures" / "examples" / "jeveuxaider.yaml"), "--as-of", "2025-01-15", "--format", "sarif"
    )
    log = json.loads(text)
    assert not list(sarif_validator.iter_errors(log))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"fixtures/examples/jeveuxaider.yaml"}
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True}]  # every file was checked


# --- github ----------------------------------------------------------------


def test_github_escaping():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,:]*),line=(\d+),col=(\d+),title=([^,:]*)::(.*)$")


def test_github_annotations_one_per_line_on_the_right_line(report, catalog):
    lines = out("github", report, catalog).splitlines()
    findings = sum(len(d.findings) + len(d.errors) for d in report.declarations)
    annotations = [ANNOTATION.match(line) for line in lines[:-1]]
    assert all(annotations) and len(annotations) == findings
    assert lines[-1].startswith("::notice title=conformite::")
    committee = next(m for m in annotations if "committee-overdue" in m.group(5) and "api-engagement" in m.group(2))
    lines_of_example = (FIXTURES / "examples" / "api-engagement.yaml").read_text(encoding="utf-8").splitlines()
    committee_line = lines_of_example.index("  - date: 2024-06-20") + 1
    assert (committee.group(1), committee.group(3)) == ("error", str(committee_line))
    hostile = [m for m in annotations if "hostile" in m.group(2)]
    assert all("\n" not in m.group(6) and "\r" not in m.group(6) for m in hostile)
    assert any("%0A" in m.group(6) for m in hostile)  # the newline in the licence, escaped


# --- html ------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.scripts, self.external = [], 0, []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.scripts += tag == "script"
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)


def test_html_is_self_contained_and_escaped(report, catalog):
    page = out("html", report, catalog)
    parser = _Tags()
    parser.feed(page)
    assert parser.scripts == 1 and parser.external == []  # our script only; no network
    assert "img" not in parser.tags and "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert (
        page.count('<td class="v ') == len(report.declarations) * len(catalog.obligations)
        and page.count('data-verdict="fail"') >= 10
    )


@pytest.mark.browser
def test_html_renders_and_filters_in_chromium(report, catalog, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(out("html", report, catalog), encoding="utf-8")

    def dom(fragment=""):
        return dump_dom(page, tmp_path / "profile", fragment)

    full = dom()
    assert 'data-ready="1"' in full and 'data-shown="5"' in full  # the script ran over every row
    cells = re.findall(r'<td class="v ([a-z-]+)[^"]*" data-obligation="([a-z-]+)"', full)
    assert ("fail", "investment-committee") in cells and ("waived", "franceconnect") in cells
    valid = len(report.declarations) - report.declarations.status["invalid"]
    assert valid == 4 and len([c for c in cells if c[0] != "none"]) == valid * len(
        catalog.obligations
    )  # the invalid row has empty cells
    filtered = dom("#obligation=risk-workshops&verdict=fail")
    assert 'data-shown="2"' in filtered  # jeveuxaider and hostile fail their risk workshops
    rows = [
        dict(re.findall(r'([a-z-]+)="([^"]*)"', attrs)) for attrs in re.findall(r"<tr (data-status[^>]*)>", filtered)
    ]
    visible = [row["data-search"] for row in rows if row.get("class") != "hidden"]
    assert len(rows) == len(report.declarations) and sorted(s.split()[0] for s in visible) == ["hostile", "jeveuxaider"]
    assert "alert(" not in re.sub(r"&[a-z]+;|&#\d+;", "", "".join(re.findall(r"<img[^>]*>", full)))


# --- all formats ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "junit", "sarif", "github", "html"])
def test_every_format_is_deterministic_and_terminal_safe(report, catalog, fmt):
    first, second = out(fmt, report, catalog), out(fmt, report, catalog)
    assert first == second
    assert "\x1b" not in first and "\x07" not in first and "\x00" not in first


def test_several_outputs_in_one_run(tmp_path):
    code, stdout, _ = run_cli(
        "check",
        "fixtures/examples",
        "--as-of",
        "2025-01-15",
        "--report",
        f"sarif:{tmp_path / 'r.sarif'}",
        "--report",
        f"junit:{tmp_path / 'r.xml'}",
        "--report",
        f"html:{tmp_path / 'r.html'}",
    )
    assert code == 1 and "api-engagement" in stdout
    assert json.loads((tmp_path / "r.sarif").read_text())["version"] == "2.1.0"
    ET.fromstring((tmp_path / "r.xml").read_bytes())
    assert "heatmap" in (tmp_path / "r.html").read_text()


def test_table_colours_on_a_terminal_unless_no_color(report, catalog, monkeypatch):
    colour = re.compile(r"\x1b\[[0-9;]*3[0-7]m|\x1b\[1;3[0-7]m")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert colour.search(out("table", report, catalog, terminal=True))
    monkeypatch.setenv("NO_COLOR", "1")
    rich_plain = out("table", report, catalog, terminal=True)
    assert not colour.search(rich_plain) and "api-engagement" in rich_plain
    assert "\x1b[" not in out("table", report, catalog, terminal=False)  # piped: plain text


def test_the_html_report_writes_colons_as_its_language_does(report, catalog):
    """The English page's legend read "fail : to complete" and its cells "x · sponsor : pass"
    (French spacing); each language writes its colon (wording.colon)."""
    english = render_text("html", report, Context(catalog, "en"))
    assert "fail: to complete</span>" in english and "fail : to complete" not in english
    french = out("html", report, catalog)
    assert "non respectée : à compléter</span>" in french
