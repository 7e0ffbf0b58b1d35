"""The guards of `check` on the web surfaces (issue 21): `conformite site` removes only the sheets
it wrote, writes nothing outside --out (a symbolic link leading out is refused, said, and the
rest of the site written), refuses an --out inside the declarations, and gives a sheet only to
a valid declaration; `POST /declarer/import` reads the upload off the event loop, within the
API's time limit, and counts what it drops instead of listing all of it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil

import pytest
from conftest import AS_OF, FIXTURES
from starlette.testclient import TestClient

from checker.cli import main as cli
from checker.foundation.messages import MAX_ERRORS
from checker.web import engine
from checker.web.app import Settings, create_app


def _portfolio(root, names=("jeveuxaider.yaml", "exemple-conforme.yaml")):
    root.mkdir()
    for name in names:
        shutil.copy(FIXTURES / "examples" / name, root / name)
    return root


def site(portfolio, out, *more) -> int:
    return cli.main(["site", str(portfolio), "--out", str(out), "--as-of", AS_OF.isoformat(), *more])


@pytest.fixture
def portfolio(tmp_path):
    return _portfolio(tmp_path / "decl")


# --- 1. only what the site wrote is removed ------------------------------------------------------


def test_a_file_the_site_did_not_write_in_startups_is_never_removed(portfolio, tmp_path, capsys):
    out = tmp_path / "s5"
    assert site(portfolio, out) == 0
    (out / "startups" / "mine.html").write_text("MINE", encoding="utf-8")
    assert site(portfolio, out) == 0
    assert (out / "startups" / "mine.html").read_text(encoding="utf-8") == "MINE"
    assert "retirée" not in capsys.readouterr().err


def test_the_sheet_of_a_startup_gone_is_removed_and_said_unless_changed_since(portfolio, tmp_path, capsys):
    out = tmp_path / "site"
    (portfolio / "api-engagement.yaml").write_bytes((FIXTURES / "examples" / "api-engagement.yaml").read_bytes())
    assert site(portfolio, out) == 0
    sheets = out / "startups"
    (sheets / "exemple-conforme.html").write_text("notre version", encoding="utf-8")  # a team's own edit
    (portfolio / "api-engagement.yaml").unlink()
    (portfolio / "exemple-conforme.yaml").unlink()
    capsys.readouterr()
    assert site(portfolio, out) == 0
    err = capsys.readouterr().err
    assert sorted(p.name for p in sheets.iterdir()) == ["exemple-conforme.html", "jeveuxaider.html"]
    assert (sheets / "exemple-conforme.html").read_text(encoding="utf-8") == "notre version"
    assert f"1 fiche retirée de {sheets} (startups absentes du portefeuille) : api-engagement.html" in err
    assert f"{sheets / 'exemple-conforme.html'} gardée : modifiée depuis que le site l'a écrite" in err
    manifest = json.loads((out / ".conformite-site.json").read_text(encoding="utf-8"))
    assert list(manifest["sheets"]) == ["jeveuxaider.html"]


def test_a_manifest_naming_other_files_removes_none_of_them(portfolio, tmp_path, capsys):
    out = tmp_path / "site"
    assert site(portfolio, out) == 0
    keep = out / "index.html"
    digest = hashlib.sha256(keep.read_bytes()).hexdigest()
    (tmp_path / "outside.html").write_text("x", encoding="utf-8")
    hostile = {
        "../index.html": digest,
        "../../outside.html": "0" * 64,
        "/etc/passwd": "0" * 64,
        "a" * 300 + ".html": "0" * 64,  # no file can have that name (it stopped every later site)
    }
    (out / ".conformite-site.json").write_text(json.dumps({"sheets": hostile}), encoding="utf-8")
    assert site(portfolio, out) == 0
    assert keep.is_file() and (tmp_path / "outside.html").is_file()
    (out / ".conformite-site.json").write_text("[1, 2", encoding="utf-8")
    assert site(portfolio, out) == 0
    assert "illisible" in capsys.readouterr().err and (out / "startups" / "jeveuxaider.html").is_file()


# --- 1 and 2. nothing written outside --out through a symbolic link --------------------------------


def _linked_out(tmp_path, link: str, to: str = ""):
    """(elsewhere, out): ``out/link`` a relative symbolic link to ``elsewhere/to``, and
    ``elsewhere/keep.html`` a file of someone else's."""
    elsewhere, out = tmp_path / "elsewhere", tmp_path / "site"
    elsewhere.mkdir()
    (out / link).parent.mkdir(parents=True, exist_ok=True)
    (elsewhere / "keep.html").write_text("PRECIOUS", encoding="utf-8")
    (out / link).symlink_to(os.path.relpath(elsewhere / to, (out / link).parent))
    return elsewhere, out


def test_a_startups_link_leading_out_is_neither_written_nor_emptied(portfolio, tmp_path, capsys):
    elsewhere, out = _linked_out(tmp_path, "startups")
    assert site(portfolio, out) == 2
    assert [p.name for p in elsewhere.iterdir()] == ["keep.html"]
    assert (elsewhere / "keep.html").read_text(encoding="utf-8") == "PRECIOUS"
    err = capsys.readouterr().err
    assert f"{out / 'startups'} : lien symbolique vers {elsewhere}, hors de --out : rien n'y est écrit" in err
    assert (out / "index.html").is_file() and (out / "rules.html").is_file()  # the rest of the site


def test_a_page_linked_out_of_out_is_not_written_through(portfolio, tmp_path, capsys):
    elsewhere, out = _linked_out(tmp_path, "index.html", "keep.html")
    assert site(portfolio, out) == 2
    assert (elsewhere / "keep.html").read_text(encoding="utf-8") == "PRECIOUS" and (out / "index.html").is_symlink()
    err = capsys.readouterr().err
    assert err.count("hors de --out") == 1 and f"{out / 'index.html'} : lien symbolique vers" in err
    assert (out / "agenda.html").is_file() and (out / "startups" / "jeveuxaider.html").is_file()


@pytest.mark.parametrize("link", ["static", "static/dsfr"])
def test_design_files_are_never_copied_through_a_link_leading_out(portfolio, tmp_path, capsys, link):
    elsewhere, out = _linked_out(tmp_path, link)
    assert site(portfolio, out) == 2
    assert [p.name for p in elsewhere.iterdir()] == ["keep.html"]
    err = capsys.readouterr().err
    assert err.count("hors de --out") == 1 and f"{out / link} : lien symbolique vers {elsewhere}" in err
    assert (out / "index.html").is_file()


# --- 5. --out among the declarations -----------------------------------------------------------------


@pytest.mark.parametrize("inner", ["", "site", "sub/site"])
def test_an_out_in_the_declarations_folder_is_refused_and_nothing_written(portfolio, capsys, inner):
    before = sorted(p.name for p in portfolio.rglob("*"))
    out = portfolio / inner if inner else portfolio
    assert site(portfolio, out) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "est le dossier des déclarations" in err and "rien n'a été écrit" in err
    assert sorted(p.name for p in portfolio.rglob("*")) == before


def test_an_out_reaching_the_declarations_through_a_link_is_refused(portfolio, tmp_path, capsys):
    (tmp_path / "alias").symlink_to(portfolio)
    assert site(portfolio, tmp_path / "alias" / "site", "--lang", "en") == 2
    assert "is the declarations folder" in capsys.readouterr().err
    assert not (portfolio / "site").exists()


# --- 6. a sheet only for a valid declaration ---------------------------------------------------------


def test_an_invalid_declaration_gets_no_sheet_and_no_link(portfolio, tmp_path):
    text = (portfolio / "jeveuxaider.yaml").read_text(encoding="utf-8")
    bad = text.replace("  id: jeveuxaider", '  id: "a\\tb"', 1)
    assert bad != text
    (portfolio / "bad.yaml").write_text(bad, encoding="utf-8")
    out = tmp_path / "site"
    assert site(portfolio, out) == 0
    assert sorted(p.name for p in (out / "startups").iterdir()) == ["exemple-conforme.html", "jeveuxaider.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "startups/a%09b" not in index and 'href="startups/jeveuxaider.html"' in index


# --- 3 and 4. the form's import: off the event loop, within the time limit, its answer bounded ---------


class Recording:
    """The lock runner, recording each task and its time limit; ``failing``: the exception the
    form's import meets instead (the engine's Busy or TooLong)."""

    def __init__(self, failing=None):
        self.runner, self.ran, self.failing = engine.LockRunner(), [], failing

    async def start(self):
        pass

    async def stop(self):
        pass

    async def run(self, task, *args, timeout):
        self.ran.append((task.__name__, timeout))
        if self.failing is not None and task.__name__ == "read_draft":
            raise self.failing
        return await self.runner.run(task, *args, timeout=timeout)


def _client(runner, portfolio=None):
    settings = Settings(directory=str(portfolio) if portfolio else None, engine="lock", timeout=7.5)
    return TestClient(create_app(settings, runner=runner))


def test_an_upload_is_read_by_the_runner_within_the_apis_time_limit(portfolio):
    runner = Recording()
    with _client(runner, portfolio) as client:
        got = client.post("/declarer/import", content=(FIXTURES / "examples" / "jeveuxaider.yaml").read_bytes())
        assert got.status_code == 200 and got.json()["answers"]["startup.id"] == "jeveuxaider"
        assert client.get("/declarer/startup", params={"id": "exemple-conforme"}).status_code == 200
        refused = client.post("/declarer/import", content=b"startup:\n  id: [\n")
        assert refused.status_code == 422 and refused.json()["line"] == 3  # a refusal comes back whole
    assert [name for name, _ in runner.ran].count("read_draft") == 3
    assert {timeout for name, timeout in runner.ran if name == "read_draft"} == {7.5}


@pytest.mark.parametrize(
    ("failing", "status", "says"),
    [
        (engine.TooLong, 504, "lecture du fichier arrêtée : elle a dépassé le délai de 7.5 s"),
        (engine.Busy, 503, "serveur occupé : la lecture du fichier n'a pu commencer en 7.5 s ; réessayez"),
    ],
)
def test_an_upload_past_the_time_limit_is_one_sentence(failing, status, says):
    with _client(Recording(failing)) as client:
        got = client.post("/declarer/import", content=b"startup: {id: p}\n")
    assert got.status_code == status and got.headers["content-type"] == "application/problem+json"
    assert got.json()["detail"].startswith(says) and "Traceback" not in got.text


def test_thousands_of_unknown_keys_are_counted_not_listed():
    keys = "".join(f"k{i}: 1\n" for i in range(25_000))
    with TestClient(create_app(Settings(engine="lock"))) as client:
        got = client.post("/declarer/import", content=f"startup: {{id: p}}\n{keys}".encode())
        english = client.post("/declarer/import", params={"lang": "en"}, content=keys.encode())
    assert got.status_code == 200 and len(got.content) < 10_000
    found = got.json()
    assert found["dropped_count"] == 25_000 and len(found["dropped"]) == MAX_ERRORS + 1
    assert found["dropped"][0].startswith("k0 : ")
    assert found["dropped"][-1] == "… et 24\u202f980 autres réponses non reprises (non listées)"
    assert english.json()["dropped"][-1] == "… and 24,980 more answers not taken (not listed)"
