"""The import's way in and way out (issue 21, items 5, 7, 11, 17, 19, 21): a declaration kept as
a symbolic link stays one, a read-only one is not replaced, what a killed import left is
cleaned, two imports at once lose nothing, a bad state file is one sentence, --out /dev/null is
one sentence, an interrupted import says what it wrote; every sentence in French or English."""

import json
import os
import signal
import subprocess
import sys
import threading

import pytest
from conftest import ROOT, run_cli
from test_atomic import live_writer

from checker.foundation import atomic
from checker.importer.writer import LOCK, STATE

AS_OF = "2025-01-15"


def _page(title: str) -> str:
    return f"---\ntitle: {title}\nincubator: dinum\nphases: [{{name: construction, start: 2023-01-01}}]\n---\n"


class Pages:
    """beta.gouv.fr's content folder, with pages to write and change."""

    def __init__(self, root, names=("alpha", "beta")):
        self.content = root / "content"
        for folder in ("_startups", "_organisations", "_authors"):
            (self.content / folder).mkdir(parents=True)
        for name in names:
            self.write(name, name.capitalize())

    def write(self, name: str, title: str) -> None:
        (self.content / "_startups" / f"{name}.md").write_text(_page(title), encoding="utf-8")

    def args(self, out, *extra):
        return ["import", "betagouv", str(self.content), "--out", str(out), "--as-of", AS_OF, *extra]

    def run(self, out, *extra):
        return run_cli(*self.args(out, *extra))


def _state(out) -> dict:
    return json.loads((out / STATE).read_text(encoding="utf-8"))["declarations"]


def _files(folder) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.is_symlink()}


# --- item 7: links, read-only files, what a killed run left ---------------------------------


def test_a_declaration_kept_as_a_symbolic_link_stays_a_link(tmp_path):
    pages, out = Pages(tmp_path), tmp_path / "out"
    assert pages.run(out)[0] == 0
    (out / "teams").mkdir()
    os.replace(out / "alpha.yaml", out / "teams" / "alpha.yaml")  # kept elsewhere in --out, linked
    (out / "alpha.yaml").symlink_to("teams/alpha.yaml")
    pages.write("alpha", "Alpha v2")
    code, _, err = pages.run(out)
    assert code == 0 and "1 déclaration écrite" in err
    assert (out / "alpha.yaml").is_symlink() and os.readlink(out / "alpha.yaml") == "teams/alpha.yaml"
    assert "  title: Alpha v2\n" in (out / "teams" / "alpha.yaml").read_text(encoding="utf-8")
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []


def test_a_link_to_a_declaration_outside_out_is_left_as_it_is(tmp_path):
    pages, out = Pages(tmp_path), tmp_path / "out"
    pages.run(out)
    elsewhere = tmp_path / "team-repo" / "alpha.yaml"
    elsewhere.parent.mkdir()
    os.replace(out / "alpha.yaml", elsewhere)
    (out / "alpha.yaml").symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    pages.write("alpha", "Alpha v2")
    pages.write("beta", "Beta v2")
    code, _, err = pages.run(out)
    assert code == 2 and elsewhere.read_bytes() == before and (out / "alpha.yaml").is_symlink()
    assert (
        f"conformite: {out / 'alpha.yaml'}:1: lien symbolique vers {elsewhere}, hors de --out : déclaration laissée telle quelle"
        in err
    )
    assert "  title: Beta v2\n" in (out / "beta.yaml").read_text(encoding="utf-8")  # the rest goes on
    assert _state(out)["alpha.yaml"]["startup"]["title"] == "Alpha"  # not written: its record unchanged


def test_a_read_only_declaration_is_not_replaced_and_the_rest_goes_on(tmp_path):
    pages, out = Pages(tmp_path), tmp_path / "out"
    pages.run(out)
    os.chmod(out / "alpha.yaml", 0o444)
    kept = (out / "alpha.yaml").read_bytes()
    pages.write("alpha", "Alpha v2")
    pages.write("beta", "Beta v2")
    for extra in (("--dry-run",), ()):  # the dry run says what the run will do
        code, stdout, err = pages.run(out, *extra)
        assert code == 2 and (out / "alpha.yaml").read_bytes() == kept
        assert (
            f"conformite: {out / 'alpha.yaml'}:1: déclaration en lecture seule : laissée telle "
            "quelle, la fiche a pourtant changé ; fiche ignorée" in err.splitlines()
        )
        assert "1 déclaration écrite" in err and "1 fiche ignorée" in err
    assert "  title: Beta v2\n" in (out / "beta.yaml").read_text(encoding="utf-8")
    assert oct((out / "alpha.yaml").stat().st_mode & 0o777) == oct(0o444)
    os.chmod(out / "alpha.yaml", 0o644)  # made writable: the change the page made is taken then
    assert pages.run(out)[0] == 0 and "  title: Alpha v2\n" in (out / "alpha.yaml").read_text(encoding="utf-8")
    os.chmod(out / "alpha.yaml", 0o444)
    pages.write("alpha", "Alpha v3")
    err = pages.run(out, "--lang", "en")[2]
    assert "read-only declaration: left as it is, although the page changed; page skipped" in err


KILLED_IMPORT = """
import os, signal, sys
from checker.cli import main as cli
from checker.foundation import atomic
atomic.Batch.commit = lambda self: os.kill(os.getpid(), signal.SIGKILL)  # killed before its renames
cli.main(sys.argv[1:])
"""


def _temporaries(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_what_a_killed_import_left_is_removed_by_the_next_one(tmp_path):
    pages, out = Pages(tmp_path, ("alpha", "beta", "gamma")), tmp_path / "out"
    killed = subprocess.run([sys.executable, "-c", KILLED_IMPORT, *pages.args(out)], cwd=ROOT, capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    left = _temporaries(out)
    assert sorted(name[1:].rsplit(".", 2)[0] for name in left) == [STATE, "alpha.yaml", "beta.yaml", "gamma.yaml"]
    assert [name for name in _files(out) if name not in left] == [LOCK]  # its lock file, unlocked by its death
    live = live_writer(out / "delta.yaml")
    try:
        theirs = [name for name in _temporaries(out) if name.startswith(".delta.yaml.")]
        assert len(theirs) == 1
        code, _, err = pages.run(out)
        assert code == 0 and "3 déclarations écrites" in err
        assert _temporaries(out) == theirs  # the killed run's gone, the live writer's kept
        assert not (out / LOCK).exists()
        live.stdin.write("go\n")
        live.stdin.close()
        assert live.wait(timeout=60) == 0  # its temporary file was there to rename
    finally:
        if live.poll() is None:
            live.kill()
        live.wait()
        live.stdin.close()
        live.stdout.close()
    assert sorted(_files(out)) == [STATE, "alpha.yaml", "beta.yaml", "delta.yaml", "gamma.yaml"]


# --- item 5: two imports into one --out at once ----------------------------------------------


def test_two_imports_into_one_out_at_once_lose_neither_update(tmp_path):
    pages, out = Pages(tmp_path), tmp_path / "out"
    out.mkdir()
    procs = []
    with atomic.locked(out / LOCK):  # an import is writing: both below start while it does
        for name in ("alpha", "beta"):
            proc = subprocess.Popen(
                [sys.executable, "-m", "checker", *pages.args(out, "--startup", name)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            procs.append(proc)
            assert proc.stderr.readline() == (
                f"conformite: une autre importation écrit dans {out} : attente de sa fin (au plus 10 min)\n"
            )
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert sorted(_state(out)) == ["alpha.yaml", "beta.yaml"]  # each kept the other's update
    assert not (out / LOCK).exists()
    pages.write("alpha", "Alpha v2")
    pages.write("beta", "Beta v2")
    code, _, err = pages.run(out)
    assert code == 0 and "conflits" not in err  # both still follow their pages
    assert "  title: Alpha v2\n" in (out / "alpha.yaml").read_text(encoding="utf-8")
    assert "  title: Beta v2\n" in (out / "beta.yaml").read_text(encoding="utf-8")


# --- item 11: the state file, read through the guarded reader -------------------------------


@pytest.mark.parametrize(
    "state, reason",
    [
        ("[" * 200_000 + "]" * 200_000, "JSON trop imbriqué (plus de 64 niveaux) : refusé"),
        ('{"hello": 1}', "ce n'est pas un fichier d'état de conformite import (format 1)"),
        ("{not json", "JSON illisible ligne 1, colonne 2"),
        (None, "ce n'est pas un fichier ordinaire"),  # a FIFO: refused, never waited on
    ],
)
def test_a_state_file_that_cannot_be_read_stops_the_import_with_one_sentence(tmp_path, state, reason):
    pages, out = Pages(tmp_path), tmp_path / "out"
    out.mkdir()
    if state is None:
        os.mkfifo(out / STATE)
    else:
        (out / STATE).write_text(state, encoding="utf-8")
    for extra in ((), ("--dry-run",)):
        code, stdout, err = pages.run(out, *extra)
        assert code == 2 and stdout == "" and "Traceback" not in err
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"conformite: {out / STATE} : état de l'import illisible (")
        assert reason in lines[0] and "rien n'a été écrit ; réparez ce fichier ou retirez-le" in lines[0]
    assert sorted(p.name for p in out.iterdir()) == [STATE]  # nothing written, the state file kept
    if state is not None:
        assert (out / STATE).read_text(encoding="utf-8") == state
    err = pages.run(out, "--lang", "en")[2]
    assert (
        err.startswith(f"conformite: {out / STATE}: the import's state cannot be read (")
        and "nothing was written" in err
    )


# --- item 19 and 21: one sentence, in French or English ------------------------------------


def test_an_out_that_is_not_a_directory_is_one_sentence(tmp_path):
    pages = Pages(tmp_path)
    assert pages.run("/dev/null") == (2, "", "conformite: --out /dev/null n'est pas un dossier : rien n'a été écrit\n")
    assert (
        pages.run("/dev/null", "--lang", "en")[2]
        == "conformite: --out /dev/null is not a directory: nothing was written\n"
    )
    assert pages.run("/dev/null/x") == (
        2,
        "",
        "conformite: impossible d'écrire /dev/null/x : un élément du chemin n'est pas un dossier ; rien n'a été écrit\n",
    )
    assert pages.run("/dev/null/x", "--lang", "en")[2] == (
        "conformite: cannot write /dev/null/x: a part of the path is not a directory; nothing was written\n"
    )


# --- item 17: an interrupted import says exactly what it wrote -------------------------------


def _interrupted_import(pages, out, monkeypatch, capsys, when):
    from checker.cli import main as cli

    real_replace, renames = os.replace, []

    def replace(source, target):
        renames.append(target)
        if when == "first rename" and len(renames) == 1:
            raise OSError(5, "Input/output error", str(target))
        real_replace(source, target)
        if when == "last rename" and len(renames) == 3:  # held: delivered once every rename is recorded
            # to this thread, as Ctrl-C reaches the one-threaded command: sent to the process, it may
            # land on another thread of the test runner (pytest-xdist's), which this thread's mask does not hold
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)

    monkeypatch.setattr(atomic.os, "replace", replace)
    code = cli.main(pages.args(out))
    return code, capsys.readouterr().err.strip().splitlines()[-1]


def test_an_import_interrupted_during_its_renames_says_it_wrote_everything(tmp_path, monkeypatch, capsys):
    pages, out = Pages(tmp_path), tmp_path / "out"
    code, said = _interrupted_import(pages, out, monkeypatch, capsys, "last rename")
    assert code == 130
    assert said == (
        f"conformite: interrompu (SIGINT) après avoir écrit en entier : {out / 'alpha.yaml'}, {out / 'beta.yaml'}, "
        f"{out / STATE} ; aucun autre fichier n'a été modifié, aucun fichier partiel n'est resté"
    )
    assert sorted(_files(out)) == [STATE, "alpha.yaml", "beta.yaml"]


def test_an_import_whose_rename_fails_says_nothing_was_written(tmp_path, monkeypatch, capsys):
    pages, out = Pages(tmp_path), tmp_path / "out"
    code, said = _interrupted_import(pages, out, monkeypatch, capsys, "first rename")
    assert code == 2
    assert said == f"conformite: impossible d'écrire {out / 'alpha.yaml'} : erreur d'entrée-sortie ; rien n'a été écrit"
    assert _files(out) == {} and _temporaries(out) == []


def test_an_import_whose_rename_fails_half_way_says_which_files_were_written(tmp_path, monkeypatch, capsys):
    from checker.cli import main as cli

    pages, out = Pages(tmp_path), tmp_path / "out"
    real_replace, renames = os.replace, []

    def replace(source, target):
        renames.append(target)
        if len(renames) == 2:
            raise OSError(28, "No space left on device", str(target))
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", replace)
    assert cli.main([*pages.args(out), "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"conformite: cannot write {out / 'beta.yaml'}: no space left on the device; only these files were "
        f"written, whole: {out / 'alpha.yaml'}"
    )
    assert sorted(_files(out)) == ["alpha.yaml"] and _temporaries(out) == []


def test_operating_system_errors_are_worded_in_the_users_language(tmp_path):
    pages, out = Pages(tmp_path), tmp_path / "out"
    (pages.content / "_startups" / "boucle.md").symlink_to("boucle.md")  # a link to itself: ELOOP
    out.mkdir()
    (out / "alpha.yaml").symlink_to("alpha.yaml")
    code, _, err = pages.run(out)
    assert code == 2
    assert (
        f"conformite: {pages.content / '_startups' / 'boucle.md'}:1: illisible (trop de liens symboliques enchaînés) ; fiche ignorée"
        in err.splitlines()
    )
    assert (
        f"conformite: {out / 'alpha.yaml'}:1: déclaration existante illisible (fichier illisible (trop de liens "
        "symboliques enchaînés)) : laissée telle quelle ; fiche ignorée" in err.splitlines()
    )
    err = pages.run(out, "--lang", "en")[2]
    assert "boucle.md:1: unreadable (too many levels of symbolic links); page skipped" in err
    assert "Too many" not in err and "(cannot read the file (too many levels of symbolic links))" in err


# --- bounded fuzz of the state file's reader -------------------------------------------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
_FACTS = st.dictionaries(st.sampled_from(["startup", "committees", "statistics", "team", "x"]), _JSON, max_size=4)
_STATES = st.one_of(
    st.binary(max_size=200),  # anything at all
    _JSON.map(lambda value: json.dumps(value).encode()),  # JSON of any shape
    st.integers(1, 3000).map(lambda depth: b"[" * depth + b"]" * depth),  # nested up to far past the limit
    st.dictionaries(st.sampled_from(["alpha.yaml", "beta.yaml", "zeta.yaml"]), _FACTS, max_size=3).map(
        lambda declarations: json.dumps({"format": 1, "source": "betagouv", "declarations": declarations}).encode()
    ),  # a state file of the right shape, with any facts recorded
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=_STATES)
def test_any_state_file_is_read_or_refused_in_one_sentence_and_the_import_never_fails(tmp_path_factory, raw):
    import datetime as dt

    from checker.importer.betagouv import import_pages
    from checker.importer.writer import StateUnreadable, load_state

    root = tmp_path_factory.mktemp("state")
    pages, out, as_of = Pages(root), root / "out", dt.date(2025, 1, 15)
    import_pages(pages.content, out, as_of)
    (out / STATE).write_bytes(raw)  # then the state file is damaged, or records anything
    pages.write("alpha", "Alpha v2")
    before = _files(out)
    try:
        state = load_state(out)
    except StateUnreadable as refused:
        assert refused.reason and "\n" not in refused.reason
        with pytest.raises(StateUnreadable):
            import_pages(pages.content, out, as_of)
        assert _files(out) == before  # nothing written, the state file kept
        return
    assert isinstance(state, dict) and all(isinstance(facts, dict) for facts in state.values())
    outcome = import_pages(pages.content, out, as_of)  # merged against whatever the records say
    assert [issue.code for issue in outcome.skipped] == [] and len(outcome.written + outcome.unchanged) == 2
    assert sorted(_state(out)) == sorted({"alpha.yaml", "beta.yaml"} | set(state))
