"""Standard error written one way (checker.foundation.console.say): no terminal escape reaches it raw, from
any command, whatever a file name, an answers key or a URL holds."""

import base64
import json

import pytest

from checker.cli.main import main
from checker.foundation import console

# OSC 0 sets the window title, OSC 52 writes the clipboard, CSI 2J clears the screen, C1 CSI
# (0x9b), a bidirectional override that reorders what the reader sees, a carriage return
PAYLOAD = "\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m\u202ex\r"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


def assert_clean(err: str, expected: str) -> None:
    assert not any(raw in err for raw in RAW), ascii(err)
    assert "\ufffd]0;pwned\ufffd\ufffd]52;c;ZXZpbA==" in err  # the line was written, the escape made harmless
    assert expected in err, err


def test_say_cleans_every_control_character(capsys):
    console.say(f"a{PAYLOAD}b")
    err = capsys.readouterr().err
    assert err.startswith("conformite: a") and err.endswith("b\n") and err.count("\n") == 1
    assert_clean(err, "\ufffd[2J\ufffd31m\ufffdx\\rb")  # a carriage return written out, as a line break


def test_a_page_file_name_reaches_stderr_cleaned_from_import(tmp_path, capsys):
    content = tmp_path / "content"
    for folder in ("_startups", "_organisations", "_authors"):
        (content / folder).mkdir(parents=True)
    (content / "_startups" / f"x{PAYLOAD}.md").write_text("---\ntitle: X\n---\n", encoding="utf-8")
    code = main(["import", "betagouv", str(content), "--out", str(tmp_path / "out"), "--as-of", "2025-01-15"])
    assert code == 2
    assert_clean(capsys.readouterr().err, "ne peut pas servir d'identifiant")


def test_an_answers_key_reaches_stderr_cleaned_from_init(tmp_path, capsys):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"startup": {"id": "x", f"k{PAYLOAD}": 1}}), encoding="utf-8")
    code = main(["init", "--answers", str(answers), "--output", str(tmp_path / "out.yaml")])
    assert code == 2 and not (tmp_path / "out.yaml").exists()
    assert_clean(capsys.readouterr().err, "clé inconnue")


def test_a_url_reaches_stderr_cleaned_from_evidence(tmp_path, capsys):
    folder = base64.b64encode(f"https://example.org/{PAYLOAD}".encode()).decode()
    results = tmp_path / "results" / folder.replace("/", "_").replace("+", "-")
    results.mkdir(parents=True)
    (results / "stats.json").write_text('{"grade": "F"}', encoding="utf-8")
    code = main(["evidence", "dashlord", str(tmp_path / "results"), "--out", str(tmp_path / "ev")])
    assert code == 0
    assert_clean(capsys.readouterr().err, "aucune startup")


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_a_file_name_reaches_stderr_cleaned_from_check(tmp_path, capsys, fmt):
    bad = tmp_path / f"f{PAYLOAD}.yaml"
    bad.write_text("title: [\n", encoding="utf-8")
    assert main(["check", str(bad), "--format", fmt, "--as-of", "2025-01-15"]) == 2
    assert_clean(capsys.readouterr().err, "YAML illisible")


def test_an_unrecognised_argument_reaches_stderr_cleaned(capsys):
    assert main(["rules", f"--x{PAYLOAD}"]) == 2
    assert_clean(capsys.readouterr().err, "--x")


@pytest.mark.parametrize(
    "args",
    [["explain", "a\nconformite: faux"], ["check", "x.yaml", "--as-of", "\n"], ["check", "x.yaml", "--jobs", "1\n2"]],
)
def test_a_line_break_in_a_value_quoted_from_the_command_line_stays_on_one_line(capsys, args):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\\n" in err, err


@pytest.mark.parametrize(
    "args",
    [
        ["agenda", "fixtures/examples", "--as-of", "2025-01-15", "--output"],
        ["check", "fixtures/examples", "--as-of", "2025-01-15", "--format", "json", "--output"],
        ["sheet", "fixtures/examples", "--as-of", "2025-01-15", "--output-dir"],
    ],
)
def test_an_output_name_with_a_line_break_cannot_forge_a_line(tmp_path, capsys, args):
    """Every sentence goes through console.say, which writes one line: a file name holding a
    line break is written out (hostile review: agenda, check, sheet and site let it start a line
    "conformite: tout va bien"); the system's error is in the user's language."""
    (tmp_path / "a-file").write_text("", encoding="utf-8")  # under a file: nothing can be made there
    main([*args, f"{tmp_path}/a-file/x\nconformite: tout va bien"])
    err = capsys.readouterr().err
    assert not any(line.startswith("conformite: tout va bien") for line in err.splitlines()), err
    assert "a-file/x\\nconformite: tout va bien" in err, err
    assert "un élément du chemin n'est pas un dossier" in err, err
