"""The evidence commands get the guards ``check`` has (issue 21 #1, #3, #11, #12): declarations
read through the loader, the schema and the id rule; ids and betaIds never leave ``--out``; a
file that is not ours never replaced; DashLord results, configuration and store documents read
through the guarded reader (deep, huge, FIFO: that file only); stderr cleaned."""

import base64
import json
import os

import pytest
from conftest import ROOT

from checker.cli.main import main
from checker.evidence import dashlord, store
from checker.evidence.filling import tell

EXAMPLE = "https://example.org"
FOLDER = base64.b64encode(EXAMPLE.encode()).decode()
STATS = '{"grade":"F","url":"https://example.org","uri":"stats"}'


def results_dir(tmp_path, files=None, folder=FOLDER):
    """A DashLord results directory: one folder with ``files`` (name -> text), a stats.json by default."""
    results = tmp_path / "results"
    (results / folder).mkdir(parents=True, exist_ok=True)
    for name, content in (files or {"stats.json": STATS}).items():
        (results / folder / name).write_text(content, encoding="utf-8")
    return results


def config(tmp_path, beta: str, url=EXAMPLE):
    path = tmp_path / "dashlord.yml"
    path.write_text(f"urls:\n  - url: {url}\n    betaId: {json.dumps(beta)}\n", encoding="utf-8")
    return path


def declaration(tmp_path, startup: str, link=EXAMPLE, name=None):
    """The conforming example with another id and link, edited as text."""
    text = (ROOT / "fixtures" / "examples" / "exemple-conforme.yaml").read_text(encoding="utf-8")
    assert "  id: exemple-conforme\n" in text and "  link: https://exemple.beta.gouv.fr\n" in text
    text = text.replace("  id: exemple-conforme\n", f"  id: {json.dumps(startup)}\n")
    text = text.replace("  link: https://exemple.beta.gouv.fr\n", f"  link: {link}\n")
    path = tmp_path / (name or "declaration.yaml")
    path.write_text(text, encoding="utf-8")
    return path


def everything(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def dashlord_run(tmp_path, *extra, out=None):
    out = out or tmp_path / "out" / "evidence"
    code = main(
        ["evidence", "dashlord", str(tmp_path / "results"), *extra, "--out", str(out), "--observed-on", "2026-10-04"]
    )
    return code, out


@pytest.mark.parametrize("beta", ["../escaped", "/tmp/absolute", "..\\escaped", "a b"])
def test_a_betaid_that_breaks_the_id_rule_writes_nothing_and_is_said(tmp_path, capsys, beta):
    results_dir(tmp_path)
    code, out = dashlord_run(tmp_path, "--config", str(config(tmp_path, beta)))
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    assert f"betaId « {beta} » (pour {EXAMPLE}) : identifiant de startup refusé" in err
    assert f"{EXAMPLE} : aucune startup" in err
    assert everything(tmp_path / "out") == ["evidence"]  # nothing written, anywhere
    assert not (tmp_path / "escaped.json").exists() and not os.path.exists("/tmp/absolute.json")


@pytest.mark.parametrize("startup", ["../package", "/tmp/absolute-id", "a/b"])
def test_a_declaration_whose_id_breaks_the_id_rule_is_left_out(tmp_path, capsys, startup):
    results_dir(tmp_path)
    path = declaration(tmp_path, startup)
    code, out = dashlord_run(tmp_path, "--declarations", str(path))
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    assert f"{path}:5:7 : valeur « {startup} » mal formée" in err and "; déclaration ignorée" in err
    assert everything(tmp_path / "out") == ["evidence"]
    assert main(["evidence", "probe", str(path), "--out", str(tmp_path / "probe")]) == 2
    err = capsys.readouterr().err
    assert "; déclaration ignorée" in err and "aucune déclaration lisible" in err
    assert not (tmp_path / "probe").exists() and not (tmp_path / "package.json").exists()


def test_an_id_the_rule_accepts_stays_inside_out(tmp_path):
    out = tmp_path / "evidence"
    out.mkdir()
    obs = store.observation("statistics.url", "found", {"kind": "probe"}, "2026-10-04", "probe")
    for startup in ("..", ".", "~", "-rf", "é"):
        path = store.save(out, startup, [obs])
        assert path.parent == out and path.name == f"{startup}.json"
        assert store.load(out, startup) == [obs]
    with pytest.raises(store.StoreError) as refused:
        store.save(out, "../package", [obs])
    assert refused.value.text("en").startswith("“../package”: startup id refused")
    assert everything(tmp_path) == sorted(["evidence"] + [f"evidence/{s}.json" for s in ("..", ".", "~", "-rf", "é")])


def test_a_file_that_is_not_evidence_is_never_replaced(tmp_path, capsys):
    results_dir(tmp_path)
    out = tmp_path / "out" / "evidence"
    out.mkdir(parents=True)
    package = '{"name": "example", "version": "1.0.0"}\n'
    (out / "example.json").write_text(package, encoding="utf-8")
    code, _out = dashlord_run(tmp_path, "--config", str(config(tmp_path, "example")), out=out)
    err = capsys.readouterr().err
    assert code == 2  # a startup's observations not stored: the run did not do all it was asked
    assert (
        f"{out}/example.json : ce fichier n'est pas un document de preuves (evidence_version 1) ; laissé tel quel"
        in err
    )
    assert (out / "example.json").read_text(encoding="utf-8") == package
    assert "0 observation écrite pour 0 startup dans" in err


def test_a_link_leading_out_of_the_store_is_not_followed(tmp_path, capsys):
    results_dir(tmp_path)
    out = tmp_path / "out" / "evidence"
    out.mkdir(parents=True)
    outside = tmp_path / "outside.json"
    outside.write_text('{"evidence_version": 1, "startup": "example", "observations": []}\n', encoding="utf-8")
    before = outside.read_bytes()
    (out / "example.json").symlink_to(outside)
    code, _out = dashlord_run(tmp_path, "--config", str(config(tmp_path, "example")), out=out)
    err = capsys.readouterr().err
    assert code == 2 and f"« example » : ce nom de fichier sortirait de {out}" in err
    assert outside.read_bytes() == before and (out / "example.json").is_symlink()


def test_a_result_nested_200000_deep_or_of_178_mb_costs_that_file_only(tmp_path, capsys):
    other = base64.b64encode(b"https://other.example.org").decode()
    results = results_dir(tmp_path, {"stats.json": STATS, "updownio.json": "[" * 200_000 + "]" * 200_000})
    results_dir(tmp_path, {"stats.json": STATS.replace("example.org", "other.example.org")}, folder=other)
    with open(results / FOLDER / "http.json", "wb") as huge:
        huge.truncate(178 * 1024 * 1024)  # sparse: 178 MB that take no disk
    yml = tmp_path / "dashlord.yml"
    yml.write_text(
        f"urls:\n  - url: {EXAMPLE}\n    betaId: example\n  - url: https://other.example.org\n    betaId: other\n",
        encoding="utf-8",
    )
    code, out = dashlord_run(tmp_path, "--config", str(yml))
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    assert f"{FOLDER}/updownio.json:1:1026 : JSON trop imbriqué (plus de 64 niveaux) : refusé ; ignoré" in err
    assert f"{FOLDER}/http.json:1:1 : fichier trop volumineux (186646528 octets, limite 4194304)" in err
    assert [o["fact"] for o in store.load(out, "example")] == ["statistics.url"]
    assert [o["fact"] for o in store.load(out, "other")] == ["statistics.url"]


def test_fifos_are_refused_without_waiting(tmp_path, capsys):
    results = results_dir(tmp_path)
    os.mkfifo(results / FOLDER / "http.json")
    fifo_config = tmp_path / "fifo.yml"
    os.mkfifo(fifo_config)
    code, out = dashlord_run(tmp_path, "--config", str(fifo_config))
    err = capsys.readouterr().err
    assert code == 2 and err.strip() == f"conformite: {fifo_config}:1:1 : ce n'est pas un fichier ordinaire"
    code, out = dashlord_run(tmp_path, "--config", str(config(tmp_path, "example")))
    err = capsys.readouterr().err
    assert code == 0 and f"{FOLDER}/http.json:1:1 : ce n'est pas un fichier ordinaire ; ignoré" in err
    assert [o["fact"] for o in store.load(out, "example")] == ["statistics.url"]


def test_a_deep_or_aliased_dashlord_yml_is_one_sentence(tmp_path, capsys):
    results_dir(tmp_path)
    deep = tmp_path / "deep.yml"
    deep.write_text("urls: " + "[" * 100 + "]" * 100 + "\n", encoding="utf-8")
    code, _out = dashlord_run(tmp_path, "--config", str(deep))
    err = capsys.readouterr().err
    assert code == 2 and "imbrication trop profonde (plus de 64 niveaux)" in err and len(err.splitlines()) == 1
    flat = tmp_path / "flat.yml"
    flat.write_text("- just a list\n", encoding="utf-8")
    code, _out = dashlord_run(tmp_path, "--config", str(flat))
    assert code == 2 and "Traceback" not in capsys.readouterr().err


def test_check_evidence_reads_the_store_through_the_guarded_reader(tmp_path, capsys):
    """A FIFO, a 100,000-deep document and a foreign file in the store each cost that
    declaration's evidence only (one sentence); the check runs and exits as without them."""
    store_dir = tmp_path / "evidence"
    store_dir.mkdir()
    files = []
    for startup, make in (
        ("fifo", lambda p: os.mkfifo(p)),
        ("deep", lambda p: p.write_text("[" * 100_000 + "]" * 100_000)),
        ("foreign", lambda p: p.write_text('{"name": "package"}')),
    ):
        make(store_dir / f"{startup}.json")
        files.append(str(declaration(tmp_path, startup, name=f"{startup}.yaml")))
    plain = main(["check", *files, "--as-of", "2025-01-15", "--format", "json"])
    capsys.readouterr()
    code = main(["check", *files, "--as-of", "2025-01-15", "--format", "json", "--evidence", str(store_dir)])
    captured = capsys.readouterr()
    assert code == plain and "Traceback" not in captured.err
    said = f"{store_dir}/fifo.json:1:1 : ce n'est pas un fichier ordinaire ; ses observations ne sont pas utilisées"
    assert said in captured.err
    assert f"{store_dir}/deep.json:1:1026 : JSON trop imbriqué" in captured.err
    assert (
        f"{store_dir}/foreign.json : ce fichier n'est pas un document de preuves (evidence_version 1) ; non utilisé"
        in captured.err
    )
    assert json.loads(captured.out)["summary"]["declarations"] == 3


def test_terminal_escapes_never_reach_stderr(tmp_path, capsys):
    hostile = "https://x.org/\x1b]0;owned\x07\x1b]52;c;aGVsbG8=\x07"
    folder = base64.b64encode(hostile.encode()).decode()
    results_dir(tmp_path, folder=folder)
    (tmp_path / "results" / "bad\x1b[2Jname").mkdir()
    code, _out = dashlord_run(tmp_path)
    bad = tmp_path / "bad\x1b]0;title\x07.yaml"
    bad.write_text("startup: [\n", encoding="utf-8")
    assert main(["evidence", "probe", str(bad), "--out", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert code == 0 and "\ufffd" in err
    assert not any(c in err for c in "\x1b\x07\x9b"), err
    tell("one\nline\rhere\x1b[31m")
    assert capsys.readouterr().err == "conformite: one\\nline\\rhere\ufffd[31m\n"


def test_every_known_tool_file_is_read_through_the_guarded_reader(tmp_path):
    """A result of each tool replaced by a FIFO: each is one sentence; none blocks."""
    results = tmp_path / "results"
    (results / FOLDER).mkdir(parents=True)
    for tool in dashlord.KNOWN_TOOLS:
        os.mkfifo(results / FOLDER / f"{tool}.json")
    done = dashlord.read_results(results, {EXAMPLE: "example"}, None, None)
    assert len(done.problems) == len(dashlord.KNOWN_TOOLS) and done.observations == {}
    assert all("ce n'est pas un fichier ordinaire" in p for p in done.problems)
