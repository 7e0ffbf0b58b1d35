"""Each beta.gouv.fr section mapping on its own, the importer registry, and the list of fields
an import cannot fill, derived from the schema and the mappings."""

import copy
import datetime as dt
from pathlib import Path

import pytest

from checker.cli import main as cli
from checker.importer import IMPORTERS
from checker.importer import betagouv_mappings as m
from checker.importer.base import Mapping, unfilled_fields
from checker.reading.loader import load_text
from checker.reading.schemas import declaration_schema

AS_OF = dt.date(2025, 1, 15)


def built(front_matter: str, **ctx) -> m.Built:
    doc, problems = load_text(front_matter)
    assert problems == []
    page = m.Page("produit", Path("content/_startups/produit.md"), doc.data, doc, 1)
    return m.Built(page, m.Context(AS_OF, "en", **ctx))


def run(mapping, front_matter: str, **ctx) -> m.Built:
    b = built(front_matter, **ctx)
    mapping(b)
    return b


def issues(b: m.Built) -> list[tuple[int, str, str]]:
    return [(i.line, i.code, i.params["field"]) for i in b.issues]


def test_startup():
    b = run(
        m.startup,
        "title: 12\nincubator: ' dinum '\nlink: https://p\nphases:\n"
        "  - {name: investigation, start: 2020-01-01, end: 2020-06-30}\n"
        "  - {name: incubation, start: 2020-07-01}\n"
        "  - {name: construction, start: 2020-02-30}\n"
        "  - {name: success, start: 2021-01-01, comment: Bravo}\n",
    )
    assert b.facts == {
        "startup": {
            "id": "produit",
            "title": "12",
            "incubator": "dinum",
            "link": "https://p",
            "phases": [
                {"name": "investigation", "start": dt.date(2020, 1, 1), "end": dt.date(2020, 6, 30)},
                {"name": "success", "start": dt.date(2021, 1, 1), "comment": "Bravo"},
            ],
        }
    }
    assert issues(b) == [(8, "import.bad_date", "phases[2].start")]  # line in the file: after the opening ---
    assert len(b.notes) == 2 and "'incubation'" in b.notes[0]


def test_intrapreneur():
    missions = {
        "produit": [
            m.Mission("Ancienne", dt.date(2020, 1, 1), dt.date(2023, 12, 31), "DGFIP"),
            m.Mission("Actuelle", dt.date(2024, 1, 1), None, None),
        ]
    }
    assert run(m.intrapreneur, "{}", missions=missions).facts == {
        "team": {"intrapreneur": {"name": "Actuelle", "public_agent": True}}
    }
    b = run(m.intrapreneur, "{}")
    assert b.facts == {} and b.notes == ["team.intrapreneur: no public-agent mission (status: admin) covers 2025-01-15"]


@pytest.mark.parametrize(
    "front_matter, expected",
    [
        ("sponsors: [/organisations/dinum, /organisations/inconnue, /organisations/dinum]", "DINUM, inconnue"),
        ("owner: /organisations/dinum", "DINUM"),
        ("sponsors: [{name: Ministère de l'Exemple, acronym: MEX}]", "Ministère de l'Exemple"),
        ("sponsors: /organisations/dinum", "DINUM"),
    ],
)
def test_sponsor(front_matter, expected):
    b = run(m.sponsor, front_matter, organisations={"dinum": "DINUM"})
    assert b.facts == {"team": {"sponsor": {"organisation": expected}}} and b.issues == []


def test_committees():
    b = run(
        m.committees,
        "events:\n  - {name: committee, date: 2024-01-10, comment: Go}\n  - {name: fast, date: 2024-02-01}\n"
        "  - {name: committee, date: 0000-01-01}\n  - 3\n  - {name: committee, date: 2024-06-01}\n",
    )
    assert b.facts == {"committees": [{"date": dt.date(2024, 1, 10), "comment": "Go"}, {"date": dt.date(2024, 6, 1)}]}
    assert issues(b) == [(5, "import.bad_date", "events[2].date"), (6, "import.bad_type", "events[3]")]


def test_product_page():
    b = run(m.product_page, "{}", updated_on={"produit": dt.date(2024, 9, 15)})
    assert b.facts == {
        "product_page": {"url": "https://beta.gouv.fr/startups/produit.html", "updated_on": dt.date(2024, 9, 15)}
    }
    b = run(m.product_page, "{}")
    assert "updated_on" not in b.facts["product_page"] and b.notes[0].startswith("product_page.updated_on:")


def test_code_and_statistics():
    b = run(
        m.code_and_statistics,
        "repository: [https://git/a, https://git/b, https://git/a]\nstats: true\nlink: https://p/\n",
    )
    assert b.facts == {
        "source_code": {"repositories": ["https://git/a", "https://git/b"]},
        "statistics": {"url": "https://p/stats"},
    }
    b = run(m.code_and_statistics, "repository: {url: x}\nstats_url: https://s\n")
    assert b.facts == {"statistics": {"url": "https://s"}} and issues(b) == [(2, "import.bad_type", "repository")]


def test_accessibility_and_security():
    b = run(
        m.accessibility_and_security,
        "accessibility_status: totalement conforme\nmon_service_securise: false\nanalyse_risques: true\n",
    )
    assert b.facts == {"security": {"mon_service_securise": False}, "accessibility": {"status": "totalement conforme"}}
    assert b.notes[0].startswith("security.risk_workshops:")
    b = run(m.accessibility_and_security, "accessibility_status: bof\nmon_service_securise: 'oui'\n")
    assert b.facts == {} and issues(b) == [(3, "import.bad_type", "mon_service_securise")]


def test_personal_data_is_processed_only_where_the_page_lists_the_data():
    # les-emplois (the one real page with an `rgpd` section) lists the data it processes
    b = run(m.personal_data, "rgpd:\n  responsable: DGEFP\n  donnees:\n    - 'données relatives aux candidats'\n")
    assert b.facts == {"personal_data": {"processed": True}} and b.notes == []
    # nothing else on a page says it, either way: left absent (then `missing`), and said so
    for page in ("{}", "rgpd: {responsable: DGEFP}\n", "rgpd: {donnees: []}\n", "rgpd: {donnees: ['  ']}\n"):
        b = run(m.personal_data, page)
        assert b.facts == {} and b.issues == [], page
        assert b.notes == ["personal_data.processed: the page does not say whether the product processes personal data"]
    b = run(m.personal_data, "rgpd: [a]\n")
    assert b.facts == {} and issues(b) == [(2, "import.bad_type", "rgpd")]
    b = run(m.personal_data, "rgpd: {donnees: [{a: b}]}\n")
    assert b.facts == {} and issues(b) == [(2, "import.bad_type", "rgpd.donnees[0]")]


def test_over_long_text_and_wrong_types_cost_only_their_field():
    b = run(m.startup, f"title: {'x' * 5000}\nincubator: [a]\nlink: https://p\nphases: 5\n")
    assert b.facts == {"startup": {"id": "produit", "link": "https://p"}}
    assert issues(b) == [
        (2, "import.too_long", "title"),
        (3, "import.bad_type", "incubator"),
        (5, "import.bad_type", "phases"),
    ]


def test_every_mapping_fills_only_what_it_declares():
    page = (
        "title: T\nincubator: i\nlink: https://l\nphases: [{name: investigation, start: 2020-01-01, end: 2020-02-01, comment: c}]\n"
        "sponsors: [/organisations/o]\nevents: [{name: committee, date: 2024-01-01, comment: c}]\nrepository: https://r\n"
        "stats_url: https://s\nmon_service_securise: true\naccessibility_status: non conforme\n"
        "rgpd: {responsable: R, donnees: [courriel]}\n"
    )
    ctx = {"missions": {"produit": [m.Mission("N", None, None, "E")]}, "updated_on": {"produit": dt.date(2024, 1, 1)}}
    for mapping in m.MAPPINGS:
        b = run(mapping.build, page, **ctx)
        filled = set(_paths(b.facts))
        assert filled == set(mapping.fills), mapping.section


def _paths(node, prefix=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, f"{prefix}.{key}" if prefix else key)
    elif isinstance(node, list) and node and isinstance(node[0], dict) and prefix != "startup.phases":
        for item in node:
            yield from _paths(item, prefix + "[]")
    else:
        yield prefix


def test_what_the_team_must_add_is_derived_from_the_schema_and_the_mappings():
    schema = declaration_schema()
    lines = unfilled_fields(schema, m.MAPPINGS)
    assert "convention" in lines and "team: intrapreneur.since, sponsor.name, sponsor.role" in lines
    assert "committees[]: chaired_by_partner, dinum_present, indicators" in lines
    assert not any(line.startswith(("startup", "statistics", "product_page", "accessibility")) for line in lines)
    # a new schema field appears by itself; a mapping that fills it makes it disappear
    grown = copy.deepcopy(schema)
    grown["properties"]["statistics"]["properties"]["dashboard"] = {"$ref": "#/$defs/text"}
    assert "statistics: dashboard" in unfilled_fields(grown, m.MAPPINGS)
    more = m.MAPPINGS + (Mapping("extra", ("statistics.dashboard", "convention.reference"), None),)
    lines = unfilled_fields(grown, more)
    assert "statistics: dashboard" not in lines and "convention" not in lines
    assert next(line for line in lines if line.startswith("convention:")).startswith("convention: partner, signed_on")


def test_importers_are_a_registry_behind_one_sub_command():
    assert set(IMPORTERS) == {"betagouv"}
    parser = cli.build_parser()
    args = parser.parse_args(["import", "betagouv", "content", "--out", "o", "--dry-run"])
    assert (args.source, args.content_dir, args.out, args.dry_run) == ("betagouv", "content", "o", True)
    with pytest.raises(SystemExit) as exc:
        parser.parse_args(["import", "autre", "content", "--out", "o"])
    assert exc.value.code == 2


def test_no_function_of_the_importer_is_longer_than_60_lines():
    import ast

    for path in (Path(cli.__file__).parent / "importer").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno - node.lineno + 1 <= 60, f"{path.name}:{node.name}"
