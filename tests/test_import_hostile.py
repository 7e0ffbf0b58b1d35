"""The importer against hostile and broken input: every broken page, author or organisation
file costs only itself (file, line, reason) and every good page is written; the loader's
guards (size, aliases, depth, regular files only); bounded output; a bounded fuzz."""

import os
import string

import pytest
from conftest import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.reading.loader import load_file
from checker.reading.schema import validate

GOOD = "---\ntitle: Bonne\nphases: [{name: construction, start: 2023-01-01}]\nsponsors: [/organisations/dinum]\n---\n"

BROKEN = {  # page -> (line, what stderr says about it); each is still written, the bad field left out
    "date-impossible": (
        "---\ntitle: X\nphases:\n  - {name: construction, start: 2023-02-30}\n---\n",
        4,
        "date impossible « 2023-02-30 »",
    ),
    "phases-5": ("---\ntitle: X\nphases: 5\n---\n", 3, "phases : une liste attendu"),
    "events-3": ("---\ntitle: X\nevents: 3\n---\n", 3, "events : une liste attendu"),
    "sponsors-7": ("---\ntitle: X\nsponsors: 7\n---\n", 3, "sponsors : une liste attendu"),
    "annee-0000": (
        "---\ntitle: X\nevents:\n  - {name: committee, date: 0000-01-01}\n---\n",
        4,
        "date impossible « 0000-01-01 »",
    ),
    "titre-liste": ("---\ntitle: [a, b]\n---\n", 2, "title : du texte attendu"),
    "phase-texte": ("---\nphases: [construction]\n---\n", 2, "phases[0] : un dictionnaire attendu"),
    "securise-texte": ("---\nmon_service_securise: peut-être\n---\n", 2, "mon_service_securise : un booléen"),
}
SKIPPED = {  # page -> (line, what stderr says): nothing can be read from these
    "sans-entete": ("Pas d'en-tête.\n", 1, "pas d'en-tête YAML"),
    "syntaxe": ("---\ntitle: [\n---\n", 3, "en-tête YAML invalide"),
    "liste": ("---\n- a\n- b\n---\n", 2, "l'en-tête YAML n'est pas un dictionnaire"),
    "etiquette": ("---\ntitle: !!python/object:os.system x\n---\n", 2, "étiquette YAML non autorisée"),
    "latin1": (b"---\ntitle: \xe9t\xe9\n---\n", 2, "pas en UTF-8"),
    "profond": ("---\na: " + "[" * 80 + "]" * 80 + "\n---\n", 2, "imbrication trop profonde"),
    "alias": (
        "---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n---\n",
        None,
        "trop grand une fois les alias développés",
    ),
    "gros": ("---\ntitle: X\n---\n" + "x" * (1024 * 1024 + 1), 1, "fichier trop volumineux"),
}


def _content(tmp_path):
    content = tmp_path / "content"
    for folder in ("_startups", "_organisations", "_authors"):
        (content / folder).mkdir(parents=True)
    (content / "_organisations" / "dinum.md").write_text("---\nname: DINUM\n---\n")
    return content


def _write(path, body):
    if isinstance(body, bytes):
        path.write_bytes(body)
    else:
        path.write_text(body, encoding="utf-8")


def test_broken_pages_of_every_kind_cost_only_themselves(tmp_path):
    content = _content(tmp_path)
    pages = content / "_startups"
    for i in range(5):
        _write(pages / f"bonne-{i}.md", GOOD)
    for name, (body, _, _) in {**BROKEN, **SKIPPED}.items():
        _write(pages / f"{name}.md", body)
    os.mkfifo(pages / "fifo.md")  # must not hang the import
    authors = content / "_authors"
    _write(authors / "missions-3.md", "---\nfullname: A\nmissions: 3\n---\n")
    _write(
        authors / "mission-an-0.md",
        "---\nfullname: B\nmissions:\n  - {status: admin, start: 0000-01-01, startups: [bonne-0]}\n---\n",
    )
    _write(
        authors / "ok.md",
        "---\nfullname: Cécile\nmissions:\n  - {status: admin, start: 2020-01-01, startups: [bonne-1]}\n---\n",
    )
    _write(content / "_organisations" / "casse.md", "---\nname: [\n---\n")
    out = tmp_path / "out"
    code, stdout, err = run_cli("import", "betagouv", str(content), "--out", str(out), "--as-of", "2025-01-15")
    assert code == 2 and stdout == "" and "Traceback" not in err
    written = sorted(p.stem for p in out.glob("*.yaml"))
    assert written == sorted([f"bonne-{i}" for i in range(5)] + list(BROKEN))
    for path in out.glob("*.yaml"):
        doc, problems = load_file(path)
        assert problems == [] and validate(doc) == [], path.name
    lines = err.splitlines()
    for name, (_, line, reason) in {**BROKEN, **SKIPPED}.items():
        mine = [x for x in lines if f"/{name}.md:" in x]
        assert len(mine) == 1 and reason in mine[0], (name, mine)
        if line is not None:
            assert f"/{name}.md:{line}: " in mine[0], mine
        assert mine[0].endswith("fiche ignorée" if name in SKIPPED else "champ laissé de côté"), mine
    assert any("/fifo.md:1: ce n'est pas un fichier ordinaire" in x for x in lines)
    assert any("/missions-3.md:3: missions : une liste attendu" in x for x in lines)
    assert any("/mission-an-0.md:4: missions[0].start : date impossible" in x for x in lines)
    assert any("/casse.md:3: en-tête YAML invalide" in x for x in lines)
    assert load_file(out / "bonne-1.yaml")[0].data["team"]["intrapreneur"]["name"] == "Cécile"
    assert load_file(out / "bonne-0.yaml")[0].data["team"]["sponsor"] == {"organisation": "DINUM"}
    assert "5 déclarations écrites" not in err and f"{5 + len(BROKEN)} déclarations écrites" in err


def test_messages_quote_values_shortened(tmp_path):
    content = _content(tmp_path)
    _write(
        content / "_startups" / "longue.md",
        "---\nphases:\n  - {name: construction, start: '" + "9" * 100_000 + "'}\n---\n",
    )
    code, _, err = run_cli("import", "betagouv", str(content), "--out", str(tmp_path / "out"))
    assert code == 2 and len(err) < 2000 and "… (100000 car.)" in err


@pytest.mark.parametrize("name", ["avec espace", "a\\b", "x" * 101])
def test_names_that_cannot_be_ids_are_reported(tmp_path, name):
    content = _content(tmp_path)
    _write(content / "_startups" / f"{name}.md", GOOD)
    _write(content / "_startups" / "Données.Et_Territoires'.md", GOOD)  # the amended rule takes these
    code, _, err = run_cli("import", "betagouv", str(content), "--out", str(tmp_path / "out"))
    assert code == 2 and "ne peut pas servir d'identifiant" in err
    assert [p.name for p in (tmp_path / "out").glob("*.yaml")] == ["Données.Et_Territoires'.yaml"]
    doc, problems = load_file(tmp_path / "out" / "Données.Et_Territoires'.yaml")
    assert problems == [] and validate(doc) == []


def test_the_schema_id_rule_matches_the_whole_value(check_text):
    assert check_text('schema_version: 1\nstartup:\n  id: "abc\\n"\n').status == "invalid"
    assert check_text('schema_version: 1\nstartup:\n  id: "a/b"\n').status == "invalid"
    assert check_text("schema_version: 1\nstartup:\n  id: l'équipe.Ω_1\n").status != "invalid"


# --- bounded fuzz: random product pages through the command line -------------------------

_key = st.sampled_from(
    [
        "title",
        "phases",
        "events",
        "sponsors",
        "owner",
        "repository",
        "stats",
        "stats_url",
        "link",
        "mon_service_securise",
        "analyse_risques",
        "accessibility_status",
        "incubator",
        "name",
        "date",
        "start",
        "end",
        "comment",
        "x",
    ]
)
_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.sampled_from(
        [
            "2024-02-30",
            "0000-01-01",
            "2024-01-01",
            "committee",
            "construction",
            "/organisations/dinum",
            "[/]",
            "&a x",
            "*a",
            "!!binary AAAA",
            "null",
            "~",
            "'",
            '"',
            "\\",
            "9" * 300,
            "é\u202e\x1b[31m",
        ]
    ),
    st.text(string.printable, max_size=30),
)
_value = st.recursive(
    _scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_key, inner, max_size=4)),
    max_leaves=12,
)


def _yaml(value, indent=0) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # JSON is YAML: any shape, any scalar


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    pages=st.lists(
        st.one_of(
            st.dictionaries(_key, _value, max_size=6).map(lambda d: "---\n" + _yaml(d) + "\n---\n"),
            st.text(max_size=200).map(lambda t: "---\n" + t + "\n---\n"),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_fuzzed_pages_never_crash_the_import(tmp_path_factory, capsys, pages):
    from checker.cli import main as cli

    tmp_path = tmp_path_factory.mktemp("fuzz")
    content = _content(tmp_path)
    for i, body in enumerate(pages):
        _write(content / "_startups" / f"page-{i}.md", body)
    _write(content / "_startups" / "bonne.md", GOOD)
    out = tmp_path / "out"
    code = cli.main(["import", "betagouv", str(content), "--out", str(out)])
    stdout, stderr = capsys.readouterr()
    # exit 0 or 2 only; no traceback and no internal error (the CLI's last guard) ever reached
    assert code in (0, 2) and "Traceback" not in stderr and "conformite: erreur" not in stderr and stdout == ""
    assert "erreur interne" not in stderr
    assert len(stderr) < 4000 * (len(pages) + 1)
    assert (out / "bonne.yaml").exists()
    for path in out.glob("*.yaml"):
        assert path.stat().st_size < 64 * 1024
        doc, problems = load_file(path)
        assert problems == [] and validate(doc) == [], (path.name, path.read_text())
    before = {p.name: p.read_bytes() for p in out.glob("*.yaml")}
    assert cli.main(["import", "betagouv", str(content), "--out", str(out)]) == code  # re-import: a no-op
    written = len(before)
    # nothing rewritten: "0 déclaration écrite …, N inchangée(s)" (singular for 0 and 1)
    assert f"0 déclaration écrite dans {out}, {written} inchangée{'s' if written > 1 else ''}" in capsys.readouterr()[1]
    assert {p.name: p.read_bytes() for p in out.glob("*.yaml")} == before
