"""Re-import merges, never clobbers: the team's additions, comments and order survive; the
facts the source owns follow it unless the team changed them (then: kept, one conflict line)."""

import datetime as dt
import json
import shutil

import pytest
from conftest import ROOT, run_cli

from checker.importer.betagouv import import_pages
from checker.importer.writer import STATE
from checker.reading.loader import load_file
from checker.reading.schema import validate

CONTENT = ROOT.parent / "shared" / "data" / "betagouv" / "content"
AS_OF = "2025-01-15"

PAGE = """---
title: Produit
incubator: dinum
link: https://produit.beta.gouv.fr
sponsors: [/organisations/dinum]
stats_url: https://produit.beta.gouv.fr/stats
phases:
  - {name: investigation, start: 2023-01-01}
  - {name: construction, start: 2023-06-01}
events:
  - {name: committee, date: 2023-12-01, comment: Poursuite}
  - {name: committee, date: 2024-06-01}
---
Texte.
"""


def _content(root, pages: dict[str, str]):
    content = root / "content"
    for folder in ("_startups", "_organisations", "_authors"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    (content / "_organisations" / "dinum.md").write_text("---\nname: DINUM\n---\n")
    for name, body in pages.items():
        (content / "_startups" / f"{name}.md").write_text(body, encoding="utf-8")
    return content


def _import(content, out, *extra):
    return run_cli("import", "betagouv", str(content), "--out", str(out), "--as-of", AS_OF, *extra)


def _edit(path, *replacements):
    body = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in body, old
        body = body.replace(old, new)
    path.write_text(body, encoding="utf-8")


def test_reimport_of_an_unchanged_source_changes_no_byte(tmp_path):
    content = _content(tmp_path, {"produit": PAGE, "autre": "---\ntitle: Autre\n---\n"})
    out = tmp_path / "out"
    assert _import(content, out)[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    code, stdout, err = _import(content, out)
    assert code == 0 and stdout == ""
    assert "0 déclaration écrite" in err and "2 inchangées" in err  # French: singular for 0 and 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def _team_completes(path):
    """What a team does with its generated declaration: comments, new sections, details."""
    _edit(
        path,
        ("schema_version: 1\n", "# Relu par l'équipe le 2024-12-01\nschema_version: 1\n"),
        ("  incubator: dinum\n", "  incubator: DINUM (Paris)  # corrigé par l'équipe\n"),
        (
            "team:\n",
            "convention:\n  reference: CONV-2024-07   # copie signée au drive\n  signed_on: 2024-01-10\nteam:\n",
        ),
        ("    organisation: DINUM\n", "    organisation: DINUM\n    name: Jeanne Dupont\n    role: directrice\n"),
        (
            "- date: 2023-12-01\n  comment: Poursuite\n",
            "- date: 2023-12-01\n  comment: Poursuite\n  chaired_by_partner: true  # procès-verbal p. 2\n  dinum_present: true\n",
        ),
        ("statistics:\n", "# nos statistiques publiques\nstatistics:\n"),
    )


def test_team_work_survives_and_untouched_facts_follow_the_source(tmp_path):
    content = _content(tmp_path, {"produit": PAGE})
    out = tmp_path / "out"
    _import(content, out)
    declaration = out / "produit.yaml"
    _team_completes(declaration)
    completed = declaration.read_text(encoding="utf-8")
    # the source moves on: a new title, a new committee, one dropped, no statistics page any more
    _edit(
        content / "_startups" / "produit.md",
        ("title: Produit\n", "title: Produit v2\n"),
        (
            "  - {name: committee, date: 2024-06-01}\n",
            "  - {name: committee, date: 2024-12-10, comment: Accélération}\n",
        ),
        ("stats_url: https://produit.beta.gouv.fr/stats\n", ""),
        ("incubator: dinum\n", "incubator: dinum-2\n"),
    )
    code, stdout, err = _import(content, out)
    assert code == 0 and stdout == ""
    after = declaration.read_text(encoding="utf-8")
    expected = (
        completed.replace("  title: Produit\n", "  title: Produit v2\n")
        .replace("- date: 2024-06-01\n", "- date: 2024-12-10\n  comment: Accélération\n")
        .replace(
            "# nos statistiques publiques\nstatistics:\n  url: https://produit.beta.gouv.fr/stats\n",
            "# nos statistiques publiques\n",
        )
    )
    assert after == expected
    # the owned fact the team changed is kept, and the conflict is one line: file, line, both values
    line = after.splitlines().index("  incubator: DINUM (Paris)  # corrigé par l'équipe") + 1
    assert (
        f"{declaration}:{line}: startup.incubator : modifié par l'équipe depuis le dernier import, "
        "valeur de l'équipe « DINUM (Paris) » gardée ; la source donne « dinum-2 »" in err
    )
    assert "1 conflit (valeur de l'équipe gardée)" in err
    doc, problems = load_file(declaration)
    assert problems == [] and validate(doc) == []


def test_an_item_the_team_completed_is_kept_when_the_source_drops_it(tmp_path):
    content = _content(tmp_path, {"produit": PAGE})
    out = tmp_path / "out"
    _import(content, out)
    _team_completes(out / "produit.yaml")
    _edit(content / "_startups" / "produit.md", ("  - {name: committee, date: 2023-12-01, comment: Poursuite}\n", ""))
    code, _, err = _import(content, out)
    data = load_file(out / "produit.yaml")[0].data
    assert data["committees"][0] == {
        "date": "2023-12-01",
        "comment": "Poursuite",
        "chaired_by_partner": True,
        "dinum_present": True,
    }
    assert "committees[2023-12-01].date : modifié par l'équipe" in err and "la source donne (absent)" in err


def test_a_fact_the_team_removed_stays_removed(tmp_path):
    content = _content(tmp_path, {"produit": PAGE})
    out = tmp_path / "out"
    _import(content, out)
    _edit(out / "produit.yaml", ("  link: https://produit.beta.gouv.fr\n", ""))
    code, _, err = _import(content, out)
    assert "link" not in load_file(out / "produit.yaml")[0].data["startup"]
    assert "startup.link : modifié par l'équipe" in err and "valeur de l'équipe (absent) gardée" in err


def test_without_a_state_record_gaps_are_filled_and_differences_are_conflicts(tmp_path):
    content = _content(tmp_path, {"produit": PAGE})
    out = tmp_path / "out"
    out.mkdir()
    (out / "produit.yaml").write_text(
        "# écrit à la main\nschema_version: 1\nstartup:\n  id: produit\n  title: Mon produit  # notre nom\n"
        "budget:\n  allocated: 100000\n",
        encoding="utf-8",
    )
    code, _, err = _import(content, out, "--dry-run", "--lang", "en")
    assert f"conformite: {out / 'produit.yaml'}: a declaration no earlier import wrote (not in {STATE}): " in err
    code, _, err = _import(content, out)
    assert (
        f"conformite: {out / 'produit.yaml'}: déclaration qu'aucun import précédent n'a écrite (absente de {STATE}) : "
        "complétée avec les faits de la fiche, sans rien remplacer de ce que l'équipe a écrit" in err.splitlines()
    )
    assert "écrite (absente" not in _import(content, out)[2]  # recorded now: said once
    text = (out / "produit.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# écrit à la main\nschema_version: 1\nstartup:\n  id: produit\n  title: Mon produit  # notre nom\n  incubator: dinum\n"
    )
    assert "budget:\n  allocated: 100000\n" in text
    data = load_file(out / "produit.yaml")[0].data
    assert data["startup"]["phases"][1] == {"name": "construction", "start": "2023-06-01"}
    assert data["statistics"] == {"url": "https://produit.beta.gouv.fr/stats"}
    assert "produit.yaml:5: startup.title" in err and "« Mon produit »" in err and "« Produit »" in err
    state = json.loads((out / STATE).read_text())
    assert state["declarations"]["produit.yaml"]["startup"]["title"] == "Produit"  # the source's value


def test_dry_run_prints_a_unified_diff_and_writes_nothing(tmp_path):
    content = _content(tmp_path, {"produit": PAGE})
    out = tmp_path / "out"
    code, stdout, err = _import(content, out, "--dry-run")
    assert code == 0 and not out.exists()
    assert stdout.startswith("--- /dev/null\n+++ " + str(out / "produit.yaml") + "\n@@ ")
    assert "+  title: Produit\n" in stdout and "rien n'a été écrit" in err
    _import(content, out)
    files = {p.name: p.read_bytes() for p in out.iterdir()}
    _edit(content / "_startups" / "produit.md", ("title: Produit\n", "title: Produit v2\n"))
    code, stdout, err = _import(content, out, "--dry-run")
    assert "-  title: Produit\n+  title: Produit v2\n" in stdout
    assert stdout.count("\n-") == 1 and stdout.count("\n+") == 2  # the +++ line and the new title
    assert {p.name: p.read_bytes() for p in out.iterdir()} == files


@pytest.mark.parametrize("where", ["content", "content/_startups", "content/_startups/out"])
def test_the_import_never_writes_inside_its_source(tmp_path, where):
    content = _content(tmp_path, {"produit": PAGE})
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    code, stdout, err = _import(content, tmp_path / where)
    assert code == 2 and stdout == ""
    assert err.strip().splitlines() == [
        f"conformite: --out {tmp_path / where} est dans le dossier source {content} : "
        "l'import n'écrit jamais dans sa source"
    ]
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_an_unreadable_existing_declaration_is_left_as_it_is(tmp_path):
    content = _content(tmp_path, {"produit": PAGE, "autre": "---\ntitle: Autre\n---\n"})
    out = tmp_path / "out"
    out.mkdir()
    (out / "produit.yaml").write_text("startup: [\n", encoding="utf-8")
    code, _, err = _import(content, out)
    assert code == 2 and (out / "produit.yaml").read_text() == "startup: [\n"
    assert f"{out / 'produit.yaml'}:2: déclaration existante illisible" in err
    assert (out / "autre.yaml").exists()


@pytest.mark.slow
def test_reimporting_the_real_portfolio_over_completed_declarations_loses_nothing(tmp_path):
    """Done when: re-importing the real portfolio over declarations a team completed changes
    only what the source owns and loses no comment."""
    content = tmp_path / "betagouv" / "content"
    shutil.copytree(CONTENT, content)
    out = tmp_path / "portfolio"
    outcome = import_pages(content, out, dt.date(2026, 11, 28))
    assert len(outcome.written) == 662 and outcome.skipped == []
    completed = {}
    for path in sorted(out.glob("*.yaml")):  # every team completes its declaration
        body = path.read_text(encoding="utf-8").replace(
            "schema_version: 1\n", "schema_version: 1  # vérifié\nconvention:\n  reference: CONV-1  # au drive\n", 1
        )
        path.write_text(body + "# fin du fichier, ajoutée par l'équipe\n", encoding="utf-8")
        completed[path.name] = body + "# fin du fichier, ajoutée par l'équipe\n"
    renamed = ["mobilic", "jeveuxaider", "api-engagement"]  # three pages change upstream
    for sid in renamed:
        page = content / "_startups" / f"{sid}.md"
        _edit(page, ("\ntitle: ", "\ntitle: Nouveau "))
    outcome = import_pages(content, out, dt.date(2026, 11, 28))
    assert outcome.skipped == [] and outcome.conflicts == []
    assert sorted(p.stem for p in outcome.written) == sorted(renamed) and len(outcome.unchanged) == 659
    for path in sorted(out.glob("*.yaml")):
        body = path.read_text(encoding="utf-8")
        if path.stem in renamed:
            old_title = next(line for line in completed[path.name].splitlines() if line.startswith("  title: "))
            assert body == completed[path.name].replace(old_title, old_title.replace("title: ", "title: Nouveau "), 1)
        else:
            assert body == completed[path.name], path.name


def test_conflicts_and_dry_run_in_english(tmp_path):
    content = _content(tmp_path, {"produit": PAGE})
    out = tmp_path / "out"
    _import(content, out)
    _edit(out / "produit.yaml", ("  title: Produit\n", "  title: '" + "T" * 300 + "'\n"))
    code, stdout, err = _import(content, out, "--dry-run", "--lang", "en")
    assert code == 0 and stdout == ""  # the team's value is kept: nothing to write
    line = (out / "produit.yaml").read_text().splitlines().index("  title: '" + "T" * 300 + "'") + 1
    assert (
        f"{out / 'produit.yaml'}:{line}: startup.title: changed by the team since the last import, the team's value 'TTT"
        in err
    )
    assert "… (300 chars)' kept; the source says 'Produit'" in err and len(err) < 600
    assert (
        "0 declarations written to" in err
        and "1 unchanged, 1 conflict (the team's value kept) (--dry-run: nothing was written)" in err
    )


# --- bounded fuzz of the merge: any team edit, any source change -------------------------
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from checker.importer import merge  # noqa: E402
from checker.importer.betagouv_mappings import LIST_KEYS  # noqa: E402

_BASE = {
    "schema_version": 1,
    "startup": {
        "id": "p",
        "title": "T",
        "link": "L",
        "phases": [
            {"name": "investigation", "start": dt.date(2020, 1, 1)},
            {"name": "construction", "start": dt.date(2021, 1, 1), "comment": "c"},
        ],
    },
    "team": {"sponsor": {"organisation": "O"}},
    "committees": [{"date": dt.date(2022, 1, 1)}, {"date": dt.date(2023, 1, 1), "comment": "x"}],
    "source_code": {"repositories": ["a", "b"]},
    "statistics": {"url": "s"},
}


def _source_change(rnd, facts):
    """What a product page may do between two imports (the importer's shapes only)."""
    import copy

    facts = copy.deepcopy(facts)
    for _ in range(rnd.randint(0, 3)):
        op = rnd.randrange(7)
        if op == 0:
            facts["startup"]["title"] = rnd.choice(["T2", "T"])
        elif op == 1:
            facts["committees"].append({"date": dt.date(2024, rnd.randint(1, 3), 1)})
        elif op == 2 and facts["committees"]:
            facts["committees"].pop(rnd.randrange(len(facts["committees"])))
        elif op == 3:
            facts.pop("statistics", None)
        elif op == 4:
            facts["source_code"]["repositories"] = rnd.sample(["a", "b", "c"], rnd.randint(1, 3))
        elif op == 5:
            facts.pop("team", None)
        else:
            facts["startup"]["phases"].insert(0, {"name": "opere", "start": dt.date(2019, 1, 1)})
    return facts


def _team_edit(rnd, facts):
    """Anything a team may do: delete, retype, add fields and items."""
    import copy

    facts = copy.deepcopy(facts)
    for _ in range(rnd.randint(0, 4)):
        places = []

        def walk(node, places=places):
            items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
            for key, value in list(items):
                places.append((node, key))
                walk(value)

        walk(facts)
        container, key = rnd.choice(places)
        op = rnd.randrange(3)
        if op == 0:
            del container[key]
        elif op == 1:
            container[key] = rnd.choice(["Z", 5, None, True, [], {}, ["q"], {"date": dt.date(2024, 1, 1)}])
        elif isinstance(container, list):
            container.insert(0, rnd.choice([{"date": dt.date(2019, 1, 1)}, "r"]))
        else:
            container["extra"] = "e"
    return facts


@given(rnd=st.randoms(use_true_random=False), with_base=st.booleans())
def test_merge_never_fails_keeps_comments_and_settles(rnd, with_base):
    theirs, ours = _source_change(rnd, _BASE), _team_edit(rnd, _BASE)
    base = _source_change(rnd, _BASE) if with_base else None
    body = "# en-tête\n" + merge.to_yaml(ours).replace("  id: p\n", "  id: p  # commentaire de l'équipe\n")
    doc, tool = merge.load(body)
    merge.Merge(doc, theirs, LIST_KEYS).run(base)
    merged = merge.dump(tool, doc)
    assert merged.startswith("# en-tête\n")
    assert ("# commentaire de l'équipe" in merged) == ("# commentaire de l'équipe" in body)
    again = merge.Merge(merge.load(merged)[0], theirs, LIST_KEYS)
    again.run(theirs)  # the next import, with nothing new upstream, changes nothing
    assert not again.changed
