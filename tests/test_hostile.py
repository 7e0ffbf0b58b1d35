"""A hostile user's inputs (issue 7): nothing lost, nothing echoed unbounded, every bad value
located, every write atomic. Each class of attack has its test; a bounded hypothesis fuzz
runs mutated declarations through every format."""

import glob
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import AS_OF, FIXTURES, ROOT, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.cli.main import main
from checker.foundation.messages import MAX_ERRORS

EXAMPLES = sorted((FIXTURES / "examples").glob("*.yaml"))
COMPLIANT = (FIXTURES / "examples" / "exemple-conforme.yaml").read_text(encoding="utf-8")
DATE = ("--as-of", AS_OF.isoformat())
FORMATS = ("json", "table", "markdown", "junit", "sarif", "github", "html")


def _portfolio(directory: Path, count: int) -> Path:
    directory.mkdir()
    for i in range(count):
        (directory / f"d{i:04d}.yaml").write_text(EXAMPLES[i % len(EXAMPLES)].read_text(encoding="utf-8"))
    return directory


# --- item 2: no write destroys an input or a previous report -----------------


def test_a_report_over_a_checked_file_is_refused(tmp_path):
    decls = _portfolio(tmp_path / "d", 2)
    before = (decls / "d0000.yaml").read_bytes()
    for target in (decls / "d0000.yaml", decls / "sub" / "new.yml"):
        for option in (("--report", f"html:{target}"), ("--output", str(target))):
            code, out, err = run_cli("check", str(decls), *DATE, *option)
            assert code == 2 and out == ""
            assert err.count("\n") == 1 and str(target) in err and "rien n'a été écrit" in err
    assert (decls / "d0000.yaml").read_bytes() == before and not (decls / "sub").exists()
    # the same file named directly, whatever its extension, through a symbolic link
    (tmp_path / "decl.txt").write_text(COMPLIANT)
    (tmp_path / "link.json").symlink_to(tmp_path / "decl.txt")
    code, _, err = run_cli(
        "check", str(tmp_path / "decl.txt"), *DATE, "--output", str(tmp_path / "link.json"), "--lang", "en"
    )
    assert code == 2 and "nothing was written" in err and (tmp_path / "decl.txt").read_text() == COMPLIANT
    # or through a hard link: another name, the same file
    os.link(tmp_path / "decl.txt", tmp_path / "hard.json")
    code, _, err = run_cli(
        "check", str(tmp_path / "decl.txt"), *DATE, "--output", str(tmp_path / "hard.json"), "--lang", "en"
    )
    assert code == 2 and "nothing was written" in err and (tmp_path / "decl.txt").read_text() == COMPLIANT
    # beside the checked directory, or in a hidden folder it skips, a report is fine
    assert run_cli("check", str(decls), *DATE, "--output", str(tmp_path / "r.yaml"))[0] == 1
    assert run_cli("check", str(decls), *DATE, "--output", str(decls / ".cache" / "r.yaml"))[0] == 2  # no such folder
    (decls / ".cache").mkdir()
    assert run_cli("check", str(decls), *DATE, "--output", str(decls / ".cache" / "r.yaml"))[0] == 1


def _interrupt_while_writing(tmp_path, sig, fmt="json"):
    """Run over a portfolio and send ``sig`` once the report's temporary file exists (the
    report is being written). Returns (exit code, stderr) or None when the run was too fast."""
    report = tmp_path / f"report.{fmt}"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "checker",
            "check",
            str(tmp_path / "many"),
            *DATE,
            "--format",
            fmt,
            "--output",
            str(report),
        ],
        cwd=ROOT,
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    pattern = str(tmp_path / f".report.{fmt}.*.tmp")
    hit = False
    while proc.poll() is None:
        if glob.glob(pattern):
            proc.send_signal(sig)
            hit = True
            break
        time.sleep(0.0005)
    _, err = proc.communicate(timeout=120)
    return (proc.returncode, err) if hit else None


@pytest.mark.parametrize("sig, code, name", [(signal.SIGTERM, 143, "SIGTERM"), (signal.SIGINT, 130, "SIGINT")])
def test_a_signal_while_writing_leaves_the_previous_report_whole(tmp_path, sig, code, name):
    _portfolio(tmp_path / "many", 400)
    previous = '{"previous": "report"}\n'
    kept = 0
    for _ in range(3):
        (tmp_path / "report.json").write_text(previous)
        outcome = _interrupt_while_writing(tmp_path, sig)
        if outcome is None:  # the run ended before the poll saw its temporary file
            continue
        exit_code, err = outcome
        assert exit_code == code
        said = err.strip().splitlines()[-1]
        assert "Traceback" not in err
        assert not glob.glob(str(tmp_path / ".report.json.*"))  # no temporary file left behind
        written = (tmp_path / "report.json").read_text()
        if written == previous:
            kept += 1
            assert (
                said
                == f"conformite: interrompu ({name}) : aucun rapport partiel écrit, les fichiers précédents sont intacts"
            )
        else:  # the signal landed just after the rename: then the new report is whole, and said so
            assert json.loads(written)["summary"]["declarations"] == 400
            assert said.startswith(
                f"conformite: interrompu ({name}) après avoir écrit en entier : {tmp_path / 'report.json'} ;"
            )
    assert kept, "never interrupted while the report was being written"


def test_concurrent_runs_on_one_output_never_interleave(tmp_path):
    _portfolio(tmp_path / "a", 150)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "one.yaml").write_text(COMPLIANT)
    out = tmp_path / "report.json"
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "checker",
                "check",
                str(tmp_path / d),
                *DATE,
                "--format",
                "json",
                "--output",
                str(out),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for d in ("a", "b", "a", "b")
    ]
    assert sorted(p.wait(timeout=300) for p in runs) == [0, 0, 1, 1]
    final = json.loads(out.read_text(encoding="utf-8"))  # one whole report, from one run
    assert final["summary"]["declarations"] in (150, 1)
    assert len(final["declarations"]) == final["summary"]["declarations"]
    assert not glob.glob(str(tmp_path / ".report.json.*"))


# --- item 3: an undecodable file name costs nothing ---------------------------


def test_undecodable_file_names_are_shown_and_checked(tmp_path):
    (tmp_path / "good.yaml").write_text(COMPLIANT)
    bad = os.path.join(os.fsencode(tmp_path), b"bad-\xff\xfe.yaml")
    with open(bad, "wb") as handle:
        handle.write((FIXTURES / "examples" / "api-engagement.yaml").read_bytes())
    for fmt in FORMATS:
        code, out, err = run_cli("check", str(tmp_path), *DATE, "--format", fmt)
        shown = "bad-%EF%BF%BD%EF%BF%BD.yaml" if fmt == "sarif" else "bad-\ufffd\ufffd.yaml"  # SARIF: a URI
        assert code == 1 and err == "" and shown in out, fmt
    report = json.loads(run_cli("check", str(tmp_path), *DATE, "--format", "json")[1])
    assert {d["startup"]: d["status"] for d in report["declarations"]} == {
        "api-engagement": "non-compliant",
        "exemple-conforme": "compliant",
    }


# --- item 5: output never echoes unbounded input -------------------------------


def test_quoted_values_are_shortened_with_their_length(check_text):
    long_id = "x" * 5000 + " y"
    result = check_text(COMPLIANT.replace("id: exemple-conforme", f"id: '{long_id}'"))
    [error] = result.errors
    assert len(error.message) < 400 and "x" * 50 in error.message and f"… ({len(long_id)} caractères)" in error.message
    assert len(result.startup) < 200
    # an unknown key of 10,000 characters, in English
    result = check_text(COMPLIANT + "k" * 1000 + ": 1\n", lang="en")  # YAML's longest plain key
    [error] = result.errors
    assert "(1000 characters)" in error.message and len(error.message) < 300


def test_a_long_value_quoted_by_a_rule_is_shortened(check_text):
    licence = "Licence-maison-" * 5000 + "fin"
    result = check_text(COMPLIANT.replace("licence: MIT", f"licence: '{licence}'"))
    [finding] = [f for f in result.findings if f.obligation == "open-source"]
    assert len(finding.message) < 600 and f"({len(licence)} caractères)" in finding.message


def test_errors_per_file_are_capped_with_a_last_count(tmp_path):
    path = tmp_path / "many-errors.yaml"
    path.write_text(COMPLIANT + "".join(f"unknown_{i}: 1\n" for i in range(500)))
    code, out, err = run_cli("check", str(path), *DATE, "--format", "json")
    assert code == 2
    [decl] = json.loads(out)["declarations"]
    assert len(decl["errors"]) == MAX_ERRORS + 1
    last = decl["errors"][-1]
    assert last["message"] == f"… et {500 - MAX_ERRORS} autres erreurs dans ce fichier (non listées)"
    assert last["line"] == decl["errors"][-2]["line"] + 1 and set(last) == {"message", "path", "line", "column"}
    assert len(err.splitlines()) == MAX_ERRORS + 1
    for fmt in ("markdown", "junit", "sarif", "github", "html", "table"):
        assert f"{500 - MAX_ERRORS} autres erreurs" in run_cli("check", str(path), *DATE, "--format", fmt)[1], fmt


def test_counting_stops_past_a_thousand_schema_errors(check_text):
    text = (
        "schema_version: 1\nstartup:\n  id: a\n  phases:\n" + "    - {name: construction, start: 2024-02-30}\n" * 3000
    )
    result = check_text(text)
    assert len(result.errors) == MAX_ERRORS + 1
    assert re.fullmatch(
        r"… et plus de \d+ autres erreurs dans ce fichier \(non listées ; le décompte s'arrête là\)",
        result.errors[-1].message,
    )
    assert [e.line for e in result.errors[:3]] == [5, 6, 7]  # the first bad dates, in document order


def test_one_long_value_aliased_thousands_of_times_is_refused_small(tmp_path):
    big = "v" * 200_000
    path = tmp_path / "aliases.yaml"
    path.write_text(
        f"schema_version: 1\nstartup:\n  id: a\n  title: &big {big}\n  phases:\n"
        + "    - {name: *big, start: 2024-01-01}\n" * 2000
    )
    code, out, err = run_cli("check", str(path), *DATE, "--format", "json")
    assert code == 2 and len(out) < 20_000 and len(err) < 2_000
    [decl] = json.loads(out)["declarations"]
    [error] = decl["errors"]
    assert "alias" in error["message"] and "caractères" in error["message"] and error["line"] == 4


def test_the_terminal_table_prints_declaration_text_as_written(catalog, tmp_path):
    from checker.judging.run import run_check
    from checker.reading.declarations import collect
    from checker.reporting import Context, render_text

    hostile = "[link=https://e.x]ICI[/link] [/] [red]x[/red] \x1b]8;;https://e.x\x07l\x1b]8;;\x07 \x1b[2J \u202e!"
    text = COMPLIANT.replace("licence: MIT", f"licence: {json.dumps(hostile)}")
    text = text.replace("title: Exemple conforme", "title: '[/] [link=x]t[/link]'")
    (tmp_path / "d.yaml").write_text(text)
    report = run_check(catalog, collect([str(tmp_path / "d.yaml")]), AS_OF)
    out = render_text("table", report, Context(catalog, "fr", terminal=True, width=400))
    assert "[link=https://e.x]ICI[/link] [/] [red]x[/red]" in out
    assert "[/] [link=x]t[/link]" in out
    assert "\x1b]8" not in out and "\x1b[2J" not in out and "\x07" not in out and "\u202e" not in out
    assert re.sub(r"\x1b\[[0-9;]*m", "", out).count("\x1b") == 0  # only colour codes of our own


# --- item 6: located errors for every value ------------------------------------


@pytest.mark.parametrize(
    "value, needle",
    [
        ("!!float abc", "nombre invalide : abc"),
        ("!!int abc", "nombre invalide : abc"),
        ("9" * 400, "nombre hors limites"),
        ("-" + "9" * 400 + ".5", "nombre invalide"),
        ("1" * 300 + ".0", "nombre hors limites"),
        (".nan", "nombre invalide : .nan"),
        (".inf", "nombre invalide : .inf"),
        ("-.Inf", "nombre invalide : -.Inf"),
        ("1.0e+400", "nombre invalide"),
    ],
)
def test_every_bad_number_or_tag_is_located(check_text, value, needle):
    text = COMPLIANT.replace("result: 1200", f"result: {value}")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "result:" in row)
    result = check_text(text)
    assert result.status == "invalid"
    [error] = result.errors
    assert needle in error.message and error.line == line and "interne" not in error.message
    assert len(error.message) < 300


def test_patterns_match_the_whole_value(check_text):
    from checker.reading.fastschema import compile_schema
    from checker.reading.loader import load_text
    from checker.reading.schema import _validator
    from checker.reading.schemas import declaration_schema

    data = load_text(COMPLIANT)[0].data
    for bad in ("abc\n", "exemple-conforme\n"):
        data["startup"]["id"] = bad
        assert compile_schema(declaration_schema())(data) is False
        assert [e.validator for e in _validator().iter_errors(data)] == ["pattern"]
    result = check_text(COMPLIANT.replace("id: exemple-conforme", 'id: "exemple-conforme\\n"'))
    [error] = result.errors
    assert error.path == "startup.id" and error.line == 5 and "exemple-conforme\\n" in error.message
    assert check_text(COMPLIANT.replace("signed_on: 2024-01-24", 'signed_on: "2024-W04-3"')).status == "invalid"


@pytest.mark.parametrize("value", ["0", "-5", "67108865", "100000000000", "abc", "", "1e3"])
def test_max_bytes_out_of_range_is_a_usage_error(value):
    code, out, err = run_cli("check", "fixtures/examples/exemple-conforme.yaml", *DATE, f"--max-bytes={value}")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "--max-bytes" in err and "67108864" in err and "Traceback" not in err


def test_max_bytes_bounds_are_accepted(tmp_path):
    assert run_cli("check", "fixtures/examples/exemple-conforme.yaml", *DATE, "--max-bytes", "67108864")[0] == 0
    code, out, _ = run_cli("check", "fixtures/examples/exemple-conforme.yaml", *DATE, "--max-bytes", "1")
    assert code == 2 and "limite 1)" in out


@pytest.mark.parametrize(
    "value", ["2025-W03-3", "2025-015", "20250115", "2025-1-15", "2025-01-15T00:00", "２０２５-01-15"]
)
def test_as_of_is_only_yyyy_mm_dd(value):
    code, out, err = run_cli("check", "fixtures/examples/exemple-conforme.yaml", "--as-of", value)
    assert code == 2 and out == "" and "--as-of attend une date AAAA-MM-JJ" in err


def test_a_french_date_option_gets_the_date_to_write():
    code, out, err = run_cli("check", "fixtures/examples/exemple-conforme.yaml", "--as-of", "15/01/2025")
    assert (code, out) == (2, "") and err.strip().endswith("pas « 15/01/2025 » : écrivez 2025-01-15")
    code, _, err = run_cli("agenda", "fixtures/examples", "--as-of", "31/02/2025", "--lang", "en")
    assert code == 2 and "write" not in err  # no such day: nothing to suggest


def test_language_of_usage_errors_comes_from_the_arguments(capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["conformite", "--lang", "fr"])  # never read for the language
    assert main(["check", "fixtures/examples/exemple-conforme.yaml", "--as-of", "2025-W03-3", "--lang", "en"]) == 2
    assert capsys.readouterr().err == "conformite: --as-of expects a date YYYY-MM-DD, not '2025-W03-3'\n"
    assert main(["check", "fixtures/examples/exemple-conforme.yaml", "--max-bytes", "-5", "--lang=en"]) == 2
    assert "expects a number of bytes between 1 and 67108864" in capsys.readouterr().err
    assert main(["check", "fixtures/examples/exemple-conforme.yaml", "--as-of", "2025-02-30"]) == 2
    assert "attend une date" in capsys.readouterr().err


@pytest.mark.browser
def test_the_html_page_survives_any_fragment(tmp_path):
    from conftest import dump_dom

    page = tmp_path / "report.html"
    code, _, _ = run_cli("check", *map(str, EXAMPLES), *DATE, "--format", "html", "--output", str(page))
    report = json.loads(run_cli("check", *map(str, EXAMPLES), *DATE, "--format", "json")[1])
    non_compliant = report["summary"]["non_compliant"]
    assert 0 < non_compliant < len(EXAMPLES)

    def dom(fragment):
        return dump_dom(page, tmp_path / "profile", fragment)

    # a lone '%', a bad escape and bad UTF-8 next to a real filter: the filter still applies
    shown = dom("#%=x&junk=%E0%A4%A&status=non-compliant&also=%")
    assert 'data-ready="1"' in shown and f'data-shown="{non_compliant}"' in shown
    # a search text that is itself a lone '%' is searched as written: no startup matches it
    assert 'data-ready="1"' in dom("#q=%") and 'data-shown="0"' in dom("#q=%")


# --- item 7: a bounded fuzz over declarations -------------------------------------

HOSTILE_TEXT = st.sampled_from(
    [
        "[/]",
        "[link=https://x.example]ici[/link]",
        "\x1b[31mrouge\x1b[0m",
        "\u202eevil",
        "a\nb",
        "%",
        "<script>x</script>",
        "::error::x",
        "]]>",
        "&amp;",
        "x" * 3000,
        "\x00",
        "é" * 50,
        "2025-W03-3",
        "abc\n",
        "",
    ]
)
LEAVES = st.one_of(
    HOSTILE_TEXT,
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates().map(lambda d: d.isoformat()),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
)
RAW = st.sampled_from(
    [
        "!!float abc",
        "9" * 400,
        ".nan",
        "-.inf",
        "!!python/name:os.system",
        "*nope",
        "&a [*a]",
        "{",
        "'[/]'",
        "2024-02-30",
        "0000-01-01",
        "!!binary AAAA",
        '"\\ud800"',
    ]
)


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, prefix + (index,))


@st.composite
def declarations(draw):
    """A fixture declaration with a few values, types or structures changed; sometimes a raw
    YAML token where a value was."""
    data = yaml.safe_load(draw(st.sampled_from(EXAMPLES)).read_text(encoding="utf-8"))
    paths = [p for p in _paths(data) if p]
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            if not isinstance(parent, (dict, list)):
                break
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                break
        else:
            key = path[-1]
            if (isinstance(parent, dict) and key in parent) or (
                isinstance(parent, list) and isinstance(key, int) and key < len(parent)
            ):
                action = draw(st.sampled_from(["replace", "delete", "wrap"]))
                if action == "replace":
                    parent[key] = draw(LEAVES)
                elif action == "delete":
                    del parent[key]
                else:
                    parent[key] = [parent[key]]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if draw(st.booleans()):  # a raw token the dumper would never write
        lines = text.splitlines()
        index = draw(st.integers(0, len(lines) - 1))
        if ": " in lines[index]:
            lines[index] = lines[index].split(": ", 1)[0] + ": " + draw(RAW)
        text = "\n".join(lines) + "\n"
    return text


class _Parser:
    def __init__(self, text):
        from html.parser import HTMLParser

        parser = HTMLParser()
        parser.feed(text)
        parser.close()


@settings(database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=declarations())
def test_fuzz_mutated_declarations_every_format(tmp_path_factory, text):
    directory = tmp_path_factory.mktemp("fuzz")
    path = directory / "decl.yaml"
    path.write_text(text, encoding="utf-8")
    outputs = {fmt: directory / f"report.{fmt}" for fmt in FORMATS}
    args = ["check", str(path), *DATE, "--format", "json", "--output", str(outputs["json"])]
    for fmt in FORMATS[1:]:
        args += ["--report", f"{fmt}:{outputs[fmt]}"]
    stderr = io.StringIO()
    original = sys.stderr
    sys.stderr = stderr
    try:
        code = main(args)
    finally:
        sys.stderr = original
    err = stderr.getvalue()
    assert code in (0, 1, 2)
    assert "Traceback" not in err and "erreur interne" not in err and "conformite: erreur:" not in err
    assert len(err) < 20_000 and all(len(line) < 2_000 for line in err.splitlines())
    report = json.loads(outputs["json"].read_text(encoding="utf-8"))
    assert report["summary"]["declarations"] == 1
    [decl] = report["declarations"]
    assert len(decl["errors"]) <= MAX_ERRORS + 1
    assert (code == 2) == (decl["status"] == "invalid")
    ET.fromstring(outputs["junit"].read_bytes())
    json.loads(outputs["sarif"].read_text(encoding="utf-8"))
    html = outputs["html"].read_text(encoding="utf-8")
    assert html.rstrip().endswith("</html>") and "<script>x</script>" not in html
    _Parser(html)
    for output in outputs.values():
        assert output.stat().st_size < 200_000
    for line in outputs["github"].read_text(encoding="utf-8").splitlines():
        assert line.startswith("::") or not line.strip()


@pytest.mark.parametrize(
    "args, option",
    [
        (["history", "fixtures/examples", "--from", "2024-13-01"], "--from"),
        (["history", "fixtures/examples", "--from", "2024-01-01", "--to", "2024-1-5"], "--to"),
        (["check", "fixtures/examples", "--history-from", "2024-02-30", "--format", "html"], "--history-from"),
        (["agenda", "fixtures/examples", "--as-of", "tomorrow"], "--as-of"),
    ],
)
def test_a_bad_date_names_the_option_given(capsys, args, option):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"conformite: {option} attend une date AAAA-MM-JJ") and err.count("\n") == 1


@given(st.text(max_size=40))
def test_printable_replaces_exactly_the_control_characters(value):
    """Text already printable is given back as it is (the fast path); any other has exactly the
    characters of the control class replaced, newlines and tabs kept."""
    from checker.foundation.wording import _CONTROL, printable

    assert printable(value) == _CONTROL.sub("\ufffd", value)


def test_every_character_printable_replaces_is_unprintable():
    """What makes printable's fast path right: str.isprintable() is false for every character
    of the control class, so a printable text holds none."""
    from checker.foundation.wording import _CONTROL

    caught = [c for c in map(chr, range(0x110000)) if _CONTROL.match(c)]
    assert len(caught) > 2000 and not any(c.isprintable() for c in caught)
