"""The command line contract of report.md: formats, exit codes, errors on stderr, no traceback."""

import json

import pytest
from conftest import FIXTURES, ROOT, run_cli

EXAMPLE = "fixtures/examples/api-engagement.yaml"
COMPLIANT = "fixtures/examples/exemple-conforme.yaml"
AS_OF = ("--as-of", "2025-01-15")


def test_exit_codes_follow_fail_on(tmp_path):
    assert run_cli("check", COMPLIANT, *AS_OF)[0] == 0
    assert run_cli("check", EXAMPLE, *AS_OF)[0] == 1
    assert run_cli("check", EXAMPLE, *AS_OF, "--fail-on", "never")[0] == 0
    # a declaration whose only finding is a warning passes by default and fails --fail-on warning;
    # exemple-conforme has no warning at all
    assert run_cli("check", COMPLIANT, *AS_OF, "--fail-on", "warning")[0] == 0
    warned = tmp_path / "warned.yaml"  # exemple-conforme without its sponsor's role: one warning
    warned.write_text((ROOT / COMPLIANT).read_text().replace(", role: Directeur de projet", ""))
    code, out, _ = run_cli("check", str(warned), *AS_OF, "--format", "json")
    assert code == 0
    assert {f["outcome"] for d in json.loads(out)["declarations"] for f in d["findings"]} == {"warn"}
    assert run_cli("check", str(warned), *AS_OF, "--fail-on", "warning")[0] == 1


def test_waived_does_not_fail_the_run(tmp_path):
    # api-engagement with its committee held in time: left with a waived obligation and a warning
    text = (ROOT / EXAMPLE).read_text().replace("date: 2024-06-20", "date: 2024-12-20")
    (tmp_path / "d.yaml").write_text(text)
    assert run_cli("check", str(tmp_path / "d.yaml"), *AS_OF)[0] == 0
    assert run_cli("check", str(tmp_path / "d.yaml"), *AS_OF, "--fail-on", "warning")[0] == 1


@pytest.mark.parametrize(
    "args, needle",
    [
        (("check",), "arguments obligatoires absents : CHEMIN"),
        (("check", EXAMPLE, "--as-of", "2025-02-30"), "--as-of"),
        (("check", EXAMPLE, "--format", "pdf"), "pdf"),
        (("check", EXAMPLE, "--fail-on", "sometimes"), "sometimes"),
        (("frobnicate",), "frobnicate"),
        (("check", EXAMPLE, "--report", "nope"), "FORMAT:FICHIER"),
    ],
)
def test_misuse_exits_2_with_one_sentence(args, needle):
    code, out, err = run_cli(*args)
    assert code == 2 and needle in err and "Traceback" not in err


def test_missing_path_is_reported_and_others_checked():
    code, out, err = run_cli("check", "nowhere.yaml", COMPLIANT, *AS_OF, "--format", "json")
    assert code == 2
    assert "nowhere.yaml" in err and "introuvable" in err
    statuses = [d["status"] for d in json.loads(out)["declarations"]]
    assert statuses == ["invalid", "compliant"]


def test_directory_is_searched_recursively(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "one.yml").write_text("schema_version: 1\nstartup: {id: one}\n")
    (tmp_path / "two.yaml").write_text("schema_version: 1\nstartup: {id: two}\n")
    (tmp_path / "notes.txt").write_text("not a declaration")
    code, out, _ = run_cli("check", str(tmp_path), *AS_OF, "--format", "json")
    assert [d["startup"] for d in json.loads(out)["declarations"]] == ["one", "two"]


def test_empty_directory_is_an_error(tmp_path):
    code, out, err = run_cli("check", str(tmp_path), *AS_OF)  # the table lists it: said once, there
    assert code == 2 and "aucun fichier" in out and "aucun fichier" not in err
    code, out, err = run_cli("check", str(tmp_path), *AS_OF, "--format", "json")  # machine output: on stderr
    assert code == 2 and "aucun fichier" in err


def test_output_file_and_extra_report(tmp_path):
    out_file, extra = tmp_path / "r.json", tmp_path / "t.txt"
    code, out, _ = run_cli(
        "check", EXAMPLE, *AS_OF, "--format", "json", "--output", str(out_file), "--report", f"table:{extra}"
    )
    assert code == 1 and out == ""
    assert json.loads(out_file.read_text())["summary"]["declarations"] == 1
    # the extra report is exactly what --format table writes
    assert extra.read_text() == run_cli("check", EXAMPLE, *AS_OF, "--format", "table")[1]
    assert "api-engagement" in extra.read_text() and "investment-committee" in extra.read_text()


def test_a_report_to_a_pipe_or_device_is_written_into_it_not_renamed_over_it(tmp_path):
    # --output /dev/null (or a FIFO) must stay what it is: a temporary file renamed over it would
    # have replaced the device itself (as root, /dev/null became a regular file)
    import os
    import stat
    import threading

    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    code, out, err = run_cli("check", EXAMPLE, *AS_OF, "--format", "json", "--output", str(fifo))
    reader.join(timeout=60)
    assert code == 1 and out == "" and err == ""
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still the pipe
    assert received and received[0] == run_cli("check", EXAMPLE, *AS_OF, "--format", "json")[1]
    assert [p.name for p in tmp_path.iterdir()] == ["report.fifo"]  # no temporary file left beside it


def test_a_report_through_a_link_replaces_the_file_it_names_not_the_link(tmp_path):
    """A symbolic link is followed: the file it names gets the report (written whole), the link
    stays; a link to the process's standard output writes where standard output goes."""
    import subprocess
    import sys

    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "today.json").write_text("old")
    link = tmp_path / "report.json"
    link.symlink_to(tmp_path / "reports" / "today.json")
    code, _, _ = run_cli("check", EXAMPLE, *AS_OF, "--format", "json", "--output", str(link))
    assert code == 1 and link.is_symlink()
    expected = run_cli("check", EXAMPLE, *AS_OF, "--format", "json")[1]
    assert (tmp_path / "reports" / "today.json").read_text() == expected
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["today.json"]
    stdout_link = tmp_path / "out-link"
    stdout_link.symlink_to("/proc/self/fd/1")
    with open(tmp_path / "redirected.json", "w") as redirected:
        command = [sys.executable, "-m", "checker", "check", EXAMPLE, *AS_OF, "--format", "json"]
        subprocess.run([*command, "--output", str(stdout_link)], stdout=redirected, check=False, cwd=ROOT)
    assert stdout_link.is_symlink() and (tmp_path / "redirected.json").read_text() == expected


def test_unwritable_output_is_one_sentence(tmp_path):
    code, _, err = run_cli("check", EXAMPLE, *AS_OF, "--output", str(tmp_path / "missing" / "r.json"))
    assert code == 2 and "r.json" in err and "Traceback" not in err


def test_plain_table_when_piped_and_english():
    code, out, _ = run_cli("check", EXAMPLE, *AS_OF, "--lang", "en")
    assert "\x1b[" not in out  # no colour codes in a pipe
    assert (
        "The investment committee due on 2024-12-20 at the latest is not declared" in out
        and "declarations: 1 — compliant: 0, non-compliant: 1, invalid: 0" in out
    )


def test_default_as_of_is_today():
    import datetime as dt

    began = dt.date.today()
    _, out, _ = run_cli("check", COMPLIANT, "--format", "json")
    # the day the run began, or the next one should midnight pass meanwhile: never another
    assert json.loads(out)["as_of"] in {began.isoformat(), dt.date.today().isoformat()}


def test_schema_command_prints_the_shipped_schema():
    code, out, _ = run_cli("schema")
    schema = json.loads(out)
    assert code == 0 and schema["$schema"].endswith("2020-12/schema")
    assert (ROOT / "checker" / "reading" / "schemas" / "declaration.schema.json").read_text() == out


def test_python_m_and_console_script_agree():
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).parent / "conformite"
    if not script.exists():
        script = shutil.which("conformite")
    assert script, "the console script 'conformite' is installed with the package"
    a = subprocess.run(
        [str(script), "check", EXAMPLE, *AS_OF, "--format", "json"], capture_output=True, text=True, cwd=ROOT
    )
    b = run_cli("check", EXAMPLE, *AS_OF, "--format", "json")
    assert (a.returncode, a.stdout) == (b[0], b[1])


def test_closed_pipe_still_writes_report_files(tmp_path):
    import subprocess
    import sys

    html = tmp_path / "r.html"
    proc = subprocess.run(
        f"{sys.executable} -m checker check fixtures --as-of 2025-01-15 --report html:{html} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout.startswith("conformite") and "Traceback" not in proc.stderr and "Exception" not in proc.stderr
    assert html.is_file() and "heatmap" in html.read_text()


def test_a_startup_id_declared_by_two_files_is_said_once_on_stderr(tmp_path):
    """The spec is silent on one id in several files; a coach's portfolio would count the
    startup twice, so the run says so, once per extra file, and checks every file."""
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(
            (FIXTURES / "examples" / "api-engagement.yaml").read_text(encoding="utf-8"), encoding="utf-8"
        )
    (tmp_path / "c.yaml").write_text(
        (FIXTURES / "examples" / "jeveuxaider.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    code, out, err = run_cli("check", str(tmp_path), "--as-of", "2025-01-15", "--format", "json")
    assert code == 1 and json.loads(out)["summary"]["declarations"] == 3
    lines = [line for line in err.splitlines() if "startup.id" in line]
    assert lines == [
        f"conformite: {tmp_path / 'b.yaml'} : startup.id « api-engagement » déjà déclaré par "
        f"{tmp_path / 'a.yaml'} : le portefeuille compte cette startup deux fois"
    ]
    for index in range(8):  # many copies: five lines, then one count (stderr never floods)
        (tmp_path / f"copy-{index}.yaml").write_text((tmp_path / "a.yaml").read_text(encoding="utf-8"))
    code, _, err = run_cli("check", str(tmp_path), "--as-of", "2025-01-15", "--format", "json", "--lang", "en")
    lines = [line for line in err.splitlines() if "startup.id" in line]
    assert len(lines) == 6 and lines[-1] == "conformite: and 4 more files repeat a startup.id already declared"


def test_each_file_is_checked_once_whatever_the_links(tmp_path):
    """A file reached twice (a symbolic link beside it, the directory named again through a
    linked directory, the file named directly) is checked once, under its first name."""
    from checker.reading.declarations import collect

    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "a.yaml").write_text("startup: {id: a}\n")
    (real / "sub" / "b.yaml").write_text("startup: {id: b}\n")
    (real / "sub" / "link-to-a.yaml").symlink_to(real / "a.yaml")
    (real / "sub" / "dangling.yaml").symlink_to(real / "nowhere.yaml")
    (tmp_path / "alias").symlink_to(real, target_is_directory=True)
    found = collect([str(real), str(tmp_path / "alias"), str(tmp_path / "alias" / "sub" / "b.yaml")])
    shown = [name for name, _ in found]
    assert shown == [str(real / "a.yaml"), str(real / "sub" / "b.yaml"), str(real / "sub" / "dangling.yaml")]


def test_directories_are_searched_as_os_walk_searches_them(tmp_path):
    """One scandir per directory finds what os.walk finds (links to directories not followed,
    hidden directories skipped, a directory named like a declaration not taken, dangling links
    kept for their one-sentence error), in Path order."""
    import os
    from pathlib import Path

    from checker.reading.declarations import SUFFIXES, collect

    top = tmp_path / "top"
    for folder in ("a/b", "a/.hidden", "a-b", "c.yaml", ".git"):
        (top / folder).mkdir(parents=True)
    for file in ("a/1.yaml", "a/b/2.yml", "a/.hidden/3.yaml", "a-b/4.yaml", "a.yaml", ".top.yaml", "c.yaml/5.yaml"):
        (top / file).write_text("startup: {id: x}\n")
    (top / "a" / "b" / "notes.txt").write_text("")
    (top / "a-b" / "up").symlink_to(top / "a", target_is_directory=True)
    (top / "a-b" / "again.yaml").symlink_to(top / "a" / "1.yaml")
    (top / "a-b" / "gone.yaml").symlink_to(top / "nowhere.yaml")
    expected = []
    for root, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        expected += [Path(root, n) for n in names if n.endswith(SUFFIXES)]
    unique = {os.path.realpath(p): p for p in sorted(expected, reverse=True)}  # each file under its first name
    assert [name for name, _ in collect([str(top)])] == [str(p) for p in sorted(unique.values())]
    assert len(unique) == 7  # 1, 2, 4, a, .top, 5 (in c.yaml/), gone; again.yaml is 1.yaml


def test_an_entry_gone_while_the_directory_is_read_is_still_reported(tmp_path, monkeypatch):
    """Found in review: where a directory listing does not say each entry's kind (NFS, some
    FUSE), asking whether an entry is a link goes to the file system; an entry removed
    meanwhile is then no link (as os.walk reads it), collected, and reported unreadable,
    never a crash of the whole run."""
    import os

    from checker.reading import declarations as run

    (tmp_path / "a.yaml").write_text("startup: {id: a}\n")
    real_scandir = os.scandir

    class Gone:
        def __init__(self, entry):
            self.name, self.path, self._entry = entry.name, entry.path, entry

        def is_dir(self):
            return self._entry.is_dir()

        def is_symlink(self):
            raise FileNotFoundError(2, "No such file or directory", self.path)

    class Listing:
        def __init__(self, root):
            self._listing = real_scandir(root)

        def __enter__(self):
            return (Gone(entry) for entry in self._listing)

        def __exit__(self, *exc):
            self._listing.close()

    monkeypatch.setattr(run.os, "scandir", Listing)
    assert [name for name, _ in run.collect([str(tmp_path)])] == [str(tmp_path / "a.yaml")]
