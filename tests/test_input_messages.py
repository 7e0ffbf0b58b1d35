"""Every input error tells a person what to write: YAML syntax errors in plain words with their
usual cause, dotted keys, near misses (SPDX ids, booleans, JJ/MM/AAAA dates, "did you mean"),
each at its line and column, printed once, and the rest of the run goes on."""

import json

import pytest
from conftest import ROOT, run_cli

from checker.reading.loader import load_text
from checker.reading.nearmiss import boolean_meant, closest, iso_date_meant, spdx_meant
from checker.reading.schema import validate

AS_OF = ("--as-of", "2025-01-15")
INPUTS = "fixtures/inputs"
EXAMPLE = "fixtures/examples/exemple-conforme.yaml"

# file -> (line, column, French text, startup shown): the first error of each file
SYNTAX = {
    "tab.yaml": (5, 1, "caractère de tabulation ; le retrait YAML se fait uniquement avec des espaces", "tabulation"),
    "colon-in-value.yaml": (
        5,
        22,
        "« : » dans une valeur sans guillemets (YAML y lit une nouvelle clé) ; mettez la valeur entre guillemets :"
        ' title: "Mon produit : le meilleur"',
        "deux-points",
    ),
    "hash-in-flow.yaml": (8, 9, "« # » précédé d'une espace commence un commentaire", "diese"),
    "bad-indent.yaml": (5, 3, "retrait incohérent ; cette ligne doit être alignée exactement", "retrait"),
    "indent-under-value.yaml": (5, 9, "cette clé est plus en retrait que la clé du dessus", "sous-valeur"),
    "unclosed-quote.yaml": (5, 10, 'guillemet " ouvert ici et jamais refermé', "guillemet"),
    "reserved-char.yaml": (7, 11, "une valeur ne peut pas commencer par « @ » ; mettez-la entre guillemets", "arobase"),
    "dash-inline.yaml": (6, 17, "« - » de liste sur la ligne de la clé", "tiret"),
    "no-colon.yaml": (5, 3, "cette ligne n'a pas de « : » ; écrivez clé: valeur", "sans-deux-points"),
    "escape.yaml": (5, 21, "barre oblique inverse « \\ » inconnue entre guillemets doubles", "echappement"),
    "text-after-quote.yaml": (5, 20, "du texte suit le guillemet fermant", "apres-guillemet"),
    "generic.yaml": (2, 5, "YAML illisible à cet endroit : vérifiez le retrait, les guillemets", "directive"),
    # issue 22: the cause of a slip is named where it is, not where the parser stopped
    "glued-first-key.yaml": (
        5,
        6,
        "il manque une espace après le « : » de « id » (sans elle, YAML lit un seul texte,"
        " pas une clé et sa valeur) ; écrivez id: colle",
        "colle",
    ),
    "glued-key.yaml": (7, 11, "il manque une espace après le « : » de « partner »", "colle-milieu"),
    "dash-glued.yaml": (
        6,
        4,
        "il manque une espace après le « - » qui commence un élément de liste ; écrivez - date: 2024-06-20",
        "tiret-colle",
    ),
    "missing-colon.yaml": (
        5,
        5,
        "il manque « : » après la clé « team », sous laquelle des lignes sont en retrait ; écrivez team:",
        "sans-deux-points-section",
    ),
    "apostrophe.yaml": (
        5,
        13,
        "une apostrophe entre guillemets simples ferme la valeur ; mettez la valeur entre"
        ' guillemets doubles : title: "L\'appli des bénévoles"',
        "apostrophe",
    ),
}
NUMBER = (
    "un nombre s'écrit en chiffres, sans espace, séparateur de milliers ni unité, avec un point avant les décimales"
)
SCHEMA = {  # file -> [(line, column, French text)]
    "dotted-key.yaml": [
        (
            5,
            1,
            "clé « commitments.approach » : un point ne sépare pas les niveaux en YAML ;"
            " écrivez `commitments:` puis, en retrait, `approach: true`",
        ),
        (
            6,
            1,
            "clé « team.intrapreneur.name » : un point ne sépare pas les niveaux en YAML ; écrivez `team:` puis,"
            " en retrait, `intrapreneur:` puis, en retrait, `name: Jeanne Martin`",
        ),
    ],
    "schema-examples.yaml": [  # the shape to write, never another startup's value; never a dotted key
        (
            4,
            3,
            "champ obligatoire « id » absent ; à écrire sous `startup:`, sous la forme"
            " `id: <identifiant beta.gouv.fr du produit>`",
        ),
        (
            7,
            11,
            "du texte attendu, trouvé une liste ; à écrire sous `team.intrapreneur:`, sous la forme"
            " `name: <prénom et nom de l'intrapreneur>`",
        ),
    ],
    "glued-flow-key.yaml": [
        (5, 13, "clé inconnue « name:construction » : il manque une espace après « : » ; écrivez name: construction")
    ],
    "dash-glued-mapping.yaml": [
        (
            6,
            3,
            "une liste attendue, trouvé la clé « -date » : il manque une espace après le « - » qui commence un"
            " élément ; écrivez - date: 2024-06-20",
        )
    ],
    "equals.yaml": [
        (
            3,
            10,
            "un dictionnaire attendu, trouvé le texte « id = signe-egal » : une clé et sa valeur s'écrivent avec"
            " « : » suivi d'une espace ; écrivez id: signe-egal",
        )
    ],
    "numbers.yaml": [  # one message per number, at its value, "00" never an unknown key
        (7, 59, f"nombre mal écrit « 502 310,00 » : {NUMBER} ; écrivez ae_committed: 502310.00"),
        (
            8,
            34,
            "nombre mal écrit « 1,500 » : un nombre s'écrit en chiffres, sans séparateur de milliers, avec un point"
            " avant les décimales ; écrivez ae_allocated: 1.500 si la virgule sépare les décimales,"
            " ae_allocated: 1500 si elle sépare les milliers",
        ),
        (10, 21, f"nombre mal écrit « 1 805 000 € » : {NUMBER} ; écrivez ae_allocated: 1805000"),
        (11, 21, f"nombre mal écrit « 502310,5 » : {NUMBER} ; écrivez ae_committed: 502310.5"),
        (14, 32, f"nombre mal écrit « 7,2 » : {NUMBER} ; écrivez satisfaction: 7.2"),
        (14, 57, f"nombre mal écrit « 80 % » : {NUMBER} ; écrivez accessibility_rate: 80"),
    ],
    "misplaced-keys.yaml": [
        (5, 1, "clé inconnue « approach » à cet endroit : elle se place sous `commitments:` (commitments.approach)"),
        (
            8,
            1,
            "clé inconnue « chaired_by_partner » à cet endroit : elle se place dans chaque élément de la liste"
            " `committees:` (committees[].chaired_by_partner)",
        ),
        (9, 1, "clé inconnue « date »"),  # a key of several places: no guess
    ],
    "no-space.yaml": [
        (
            4,
            3,
            "un dictionnaire attendu, trouvé le texte « id:sans-espace » : il manque une espace après « : » ;"
            " écrivez id: sans-espace",
        ),
        (
            6,
            3,
            "un dictionnaire attendu, trouvé le texte « approach:true » : il manque une espace après « : » ;"
            " écrivez approach: true",
        ),
    ],
    "near-misses.yaml": [
        (6, 13, "booléen attendu : écrivez true (pas « oui ») ; seuls true et false sont des booléens"),
        (7, 14, "booléen attendu : écrivez true sans guillemets (entre guillemets, « true » est du texte)"),
        (11, 5, "clé inconnue « agent_public » — vouliez-vous dire « public_agent » ?"),
        (12, 12, "date « 15/08/2024 » écrite JJ/MM/AAAA : écrivez-la AAAA-MM-JJ, ici 2024-08-15"),
    ],
}


@pytest.fixture(scope="module")
def french():
    files = [f"{INPUTS}/{name}" for name in [*SYNTAX, *SCHEMA]]
    code, out, err = run_cli("check", *files, EXAMPLE, *AS_OF, "--format", "json")
    return code, json.loads(out), err


def _declaration(report, name):
    return next(d for d in report["declarations"] if d["file"] == f"{INPUTS}/{name}")


@pytest.mark.parametrize("name", sorted(SYNTAX))
def test_a_yaml_syntax_error_is_said_in_french_with_its_cause_line_and_column(french, name):
    code, report, err = french
    line, column, words, startup = SYNTAX[name]
    decl = _declaration(report, name)
    assert decl["status"] == "invalid" and decl["startup"] == startup  # the id read from the lines, not "?"
    [error] = decl["errors"]
    assert (error["line"], error["column"]) == (line, column)
    assert words in error["message"]
    assert "found" not in error["message"] or name == "generic.yaml"  # only the generic one quotes libyaml
    assert err.count(f"{INPUTS}/{name}:{line}:{column}: ") == 1  # json on stdout: the sentence on stderr, once
    assert code == 2


@pytest.mark.parametrize("name", sorted(SCHEMA))
def test_schema_near_misses_say_what_to_write(french, name):
    _, report, _ = french
    got = [(e["line"], e["column"], e["message"]) for e in _declaration(report, name)["errors"]]
    assert got == SCHEMA[name]  # one message per problem: the date gives one, not two
    startup = {"dotted-key.yaml": "cle-pointee", "near-misses.yaml": "presque", "schema-examples.yaml": None}
    startup["misplaced-keys.yaml"] = "mal-placee"
    startup["no-space.yaml"] = startup["equals.yaml"] = None  # the table shows the file name instead
    startup.update({"glued-flow-key.yaml": "colle-accolades", "dash-glued-mapping.yaml": "tiret-seul"})
    startup["numbers.yaml"] = "nombres"
    assert _declaration(report, name)["startup"] == startup[name]


def test_the_rest_of_the_run_goes_on(french):
    _, report, _ = french
    assert {d["file"]: d["status"] for d in report["declarations"]}[EXAMPLE] == "compliant"


def test_english_messages():
    names = ("tab.yaml", "colon-in-value.yaml", "dotted-key.yaml", "near-misses.yaml", "misplaced-keys.yaml")
    files = [f"{INPUTS}/{n}" for n in names]
    code, out, _ = run_cli("check", *files, EXAMPLE, *AS_OF, "--format", "json", "--lang", "en")
    messages = {
        d["file"].rsplit("/", 1)[1]: [e["message"] for e in d["errors"]] for d in json.loads(out)["declarations"]
    }
    assert messages["tab.yaml"] == [
        "YAML cannot be read: tab character; YAML indentation uses spaces only, replace the tab with spaces"
    ]
    assert messages["colon-in-value.yaml"] == [
        "YAML cannot be read: ': ' inside an unquoted value (YAML reads a new key there); quote the value:"
        ' title: "Mon produit : le meilleur"'
    ]
    assert messages["dotted-key.yaml"][0] == (
        "key 'commitments.approach': a dot does not separate levels in YAML;"
        " write `commitments:` then, indented below it, `approach: true`"
    )
    assert messages["near-misses.yaml"] == [
        "expected a boolean: write true (not 'oui'); only true and false are booleans",
        "expected a boolean: write true without quotes (in quotes, 'true' is text)",
        "unknown key 'agent_public' — did you mean 'public_agent'?",
        "date '15/08/2024' written DD/MM/YYYY: write it YYYY-MM-DD, here 2024-08-15",
    ]
    assert messages["misplaced-keys.yaml"][0] == (
        "unknown key 'approach' here: it belongs under `commitments:` (commitments.approach)"
    )
    assert code == 2 and messages[EXAMPLE.rsplit("/", 1)[1]] == []


def test_a_licence_by_its_common_name_gets_its_spdx_id():
    code, out, _ = run_cli("check", f"{INPUTS}/licence-name.yaml", EXAMPLE, *AS_OF, "--format", "json")
    decl = next(d for d in json.loads(out)["declarations"] if d["file"].endswith("licence-name.yaml"))
    [finding] = [f for f in decl["findings"] if f["rule"] == "open-source-licence-authorised"]
    assert finding["message"].endswith("C'est sans doute la licence autorisée MIT : écrivez son identifiant SPDX, MIT.")
    assert (finding["line"], finding["column"]) == (40, 12) and code == 1
    _, out, _ = run_cli("check", f"{INPUTS}/licence-name.yaml", *AS_OF, "--format", "json", "--lang", "en")
    [finding] = [f for f in json.loads(out)["declarations"][0]["findings"] if f["rule"].startswith("open-source")]
    assert finding["message"].endswith("It is probably the authorised licence MIT: write its SPDX id, MIT.")
    _, out, _ = run_cli("check", EXAMPLE.replace("exemple-conforme", "api-engagement"), *AS_OF, "--format", "json")
    assert "SPDX" not in out  # no hint where there is nothing to correct


def test_each_error_is_printed_once_with_a_table_on_standard_output():
    files = (f"{INPUTS}/tab.yaml", f"{INPUTS}/near-misses.yaml", EXAMPLE)
    code, out, err = run_cli("check", *files, *AS_OF)
    both = out + err
    assert both.count("caractère de tabulation") == 1 and both.count("vouliez-vous dire « public_agent »") == 1
    assert err == "" and code == 2
    assert "tabulation: invalide" in out and "?:" not in out
    code, out, err = run_cli("check", *files, *AS_OF, "--format", "github")
    assert err == "" and (out + err).count("caractère de tabulation") == 1 and code == 2
    code, out, err = run_cli("check", *files, *AS_OF, "--summary")  # the summary lists no error: stderr does
    assert err.count("caractère de tabulation") == 1 and "tabulation" not in out and code == 2


def test_explain_suggests_the_closest_id():
    for asked, meant in (
        ("comitte", "investment-committee"),
        ("exemption-expird", "exemption-expired"),
        ("intrapreneur-agent-public", "intrapreneur-public-agent"),
    ):
        code, _, err = run_cli("explain", asked)
        assert (
            code == 2 and err == f"conformite: ni règle ni obligation « {asked} » — vouliez-vous dire « {meant} » ?\n"
        )
    code, _, err = run_cli("explain", "comitte", "--lang", "en")
    assert err == "conformite: no rule or obligation 'comitte' — did you mean 'investment-committee'?\n"


@pytest.mark.parametrize(
    "written, spdx",
    [
        ("MIT License", "MIT"),
        ("Apache 2", "Apache-2.0"),
        ("Apache License 2.0", "Apache-2.0"),
        ("Apache License, Version 2.0", "Apache-2.0"),
        ("GPLv3", "GPL-3.0"),
        ("GNU GPL v3.0", "GPL-3.0"),
        ("GPLv3+", "GPL-3.0"),
        ("AGPLv3", "AGPL-3.0"),
        ("GNU Affero General Public License v3.0", "AGPL-3.0"),
        ("LGPL v3", "LGPL-3.0"),
        ("Mozilla Public License 2.0", "MPL-2.0"),
        ("MPL 2.0", "MPL-2.0"),
        ("EUPL 1.2", "EUPL-1.2"),
        ("BSD 3-Clause", "BSD-3-Clause"),
        ("BSD", "BSD-3-Clause"),
        ("Eclipse Public License 2.0", "EPL-2.0"),
        ("CeCILL 2.1", "CECILL-2.1"),
        ("MIT", None),
        ("GPL-3.0-or-later", None),
        ("Beerware", None),
    ],
)
def test_licence_common_names(written, spdx):
    assert spdx_meant(written) == spdx


def test_near_miss_helpers():
    assert [boolean_meant(w) for w in ("oui", "Non", "vrai", "faux", "yes", "no", "true", " FALSE ", "peut-être")] == [
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
        None,
    ]
    assert iso_date_meant("15/08/2024") == "2024-08-15" and iso_date_meant("1.2.2024") == "2024-02-01"
    assert iso_date_meant("31/02/2024") is None and iso_date_meant("2024-08-15") is None
    assert closest("agent_public", ["name", "public_agent", "since"]) == "public_agent"
    assert closest("agents_publics", ["name", "public_agent"]) == "public_agent"
    assert closest("comitee", ["committees", "commitments"]) == "committees"
    assert closest("zzz", ["committees"]) is None and closest("x" * 200, ["x"]) is None


def test_a_dotted_key_inside_a_section_and_one_that_leads_nowhere():
    doc, problems = load_text("schema_version: 1\nstartup:\n  id: x\nteam:\n  intrapreneur.name: Jeanne\nfoo.bar: 1\n")
    assert not problems
    got = [(p.code, p.line, p.column, p.params.get("levels")) for p in validate(doc)]
    assert got == [("schema.dotted_key", 5, 3, ["intrapreneur", "name"]), ("schema.unknown_key", 6, 1, None)]


def test_suggested_lines_are_valid_yaml_when_pasted(tmp_path):
    """Found in review: a value holding a backslash (a Windows path) is single-quoted in the
    colon hint (double quotes would read it as an escape); the dotted-key hint quotes a value
    that YAML would misread."""
    import yaml

    colon = tmp_path / "colon.yaml"
    colon.write_text("startup:\n  id: x\n  title: C:\\dir: foo\n", encoding="utf-8")
    code, out, _ = run_cli("check", str(colon), "--as-of", "2025-01-15")
    suggested = out.split("mettez la valeur entre guillemets : ")[1].splitlines()[0]
    assert suggested == "title: 'C:\\dir: foo'" and yaml.safe_load(suggested) == {"title": "C:\\dir: foo"}
    dotted = tmp_path / "dotted.yaml"
    dotted.write_text('schema_version: 1\nstartup.title: "Foo: bar #1"\nstartup:\n  id: x\n', encoding="utf-8")
    code, out, _ = run_cli("check", str(dotted), "--as-of", "2025-01-15", "--lang", "en")
    line = out.split("indented below it, `")[1].split("`")[0]
    assert yaml.safe_load(line) == {"title": "Foo: bar #1"} and code == 2


@pytest.mark.parametrize(
    "old, new, line, column, words",
    [
        ("  id: jeveuxaider", "  id:jeveuxaider", 9, 6, "il manque une espace après le « : » de « id »"),
        ("  partner: DJEPVA", "  partner:DJEPVA", 21, 11, "il manque une espace après le « : » de « partner »"),
        ("ae_committed: 502310.00", "ae_committed: 502 310,00", 82, 59, "écrivez ae_committed: 502310.00"),
        ("ae_committed: 502310.00", "ae_committed: 502310,00", 82, 59, "écrivez ae_committed: 502310.00"),
    ],
)
def test_the_slips_seen_in_issue_22_give_one_message_with_their_cause(tmp_path, old, new, line, column, words):
    """Found by a new user fixing jeveuxaider.yaml: `id:jeveuxaider` was "an indentation
    problem", `partner:DJEPVA` "a line without ':'", `502 310,00` two errors, one an unknown
    key « 00 »."""
    text = (ROOT / "fixtures/examples/jeveuxaider.yaml").read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / "jeveuxaider.yaml"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out, _ = run_cli("check", str(target), *AS_OF, "--format", "json")
    [decl] = json.loads(out)["declarations"]
    [error] = decl["errors"]
    assert (error["line"], error["column"]) == (line, column) and words in error["message"]
    assert "00" not in error["path"] and "retrait" not in error["message"] and "n'a pas de" not in error["message"]
    assert code == 2 and decl["startup"] == "jeveuxaider"


def test_slips_in_english():
    names = ("glued-key.yaml", "dash-glued.yaml", "missing-colon.yaml", "apostrophe.yaml", "numbers.yaml")
    code, out, _ = run_cli("check", *(f"{INPUTS}/{n}" for n in names), *AS_OF, "--format", "json", "--lang", "en")
    messages = {
        d["file"].rsplit("/", 1)[1]: [e["message"] for e in d["errors"]] for d in json.loads(out)["declarations"]
    }
    assert messages["glued-key.yaml"] == [
        "YAML cannot be read: a space is missing after the ':' of 'partner' (without it, YAML reads one text,"
        " not a key and its value); write partner: DJEPVA"
    ]
    assert messages["dash-glued.yaml"] == [
        "YAML cannot be read: a space is missing after the '-' that starts a list item; write - date: 2024-06-20"
    ]
    assert messages["missing-colon.yaml"] == [
        "YAML cannot be read: ':' is missing after the key 'team', which has lines indented under it; write team:"
    ]
    assert messages["apostrophe.yaml"] == [
        "YAML cannot be read: an apostrophe inside single quotes ends the value; put the value in double quotes:"
        ' title: "L\'appli des bénévoles"'
    ]
    assert messages["numbers.yaml"][0] == (
        "number written as '502 310,00': a number is written in digits, without spaces, thousands separators or"
        " unit, with a point before the decimals; write ae_committed: 502310.00"
    )
    assert len(messages["numbers.yaml"]) == 6 and code == 2


@pytest.mark.parametrize(
    "written, meant",
    [
        ("502 310,00", ("502310.00", None)),
        ("502\u202f310,00", ("502310.00", None)),
        ("1\u00a0805\u00a0000", ("1805000", None)),
        ("1.805.000", ("1805000", None)),
        ("1.805.000,50", ("1805000.50", None)),
        ("1,805,000", ("1805000", None)),
        ("1,805,000.50", ("1805000.50", None)),
        ("7,2", ("7.2", None)),
        ("1,500", ("1.500", "1500")),
        ("925000 €", ("925000", None)),
        ("925 000 euros", ("925000", None)),
        ("80 %", ("80", None)),
        ("925000", None),  # a number already: nothing to say
        ("beaucoup", None),
        ("12 mois", None),
        ("1 2", None),
    ],
)
def test_numbers_written_as_a_text_writes_them(written, meant):
    from checker.reading.nearmiss import number_meant

    assert number_meant(written) == meant


def test_a_colon_glued_in_a_web_address_is_not_a_slip():
    doc, problems = load_text("schema_version: 1\nstartup:\n  id: x\n  link:https://x.gouv.fr\n  title: T\n")
    [problem] = problems  # "link:https://…" then a key: the glued colon is the cause, not the address's
    assert problem.code == "yaml.no_space" and problem.params["fix"] == "link: https://x.gouv.fr"
    doc, problems = load_text("schema_version: 1\nstartup:\n  id: x\n  title: T\n   https://x.gouv.fr: 1\n")
    assert [p.code for p in problems] == ["yaml.indent_value"]  # a URL ("https://") is no glued key


def test_a_date_in_words_and_a_glued_comment_say_what_to_write():
    from checker.judging.evaluate import render_problem
    from checker.reading.nearmiss import worded_date_meant

    assert [
        worded_date_meant(w) for w in ("24 janvier 2024", "1er Février 2024", "le 3 août 2025", "24 January 2024")
    ] == [
        "2024-01-24",
        "2024-02-01",
        "2025-08-03",
        "2024-01-24",
    ]
    assert worded_date_meant("30 février 2024") is None and worded_date_meant("24 brumaire 2024") is None
    doc, _ = load_text(
        "schema_version: 1\nstartup: {id: x}\nconvention: {signed_on: 24 janvier 2024}\n"
        "commitments:\n  approach: true#vu en comité\nbudget: {allocated: 12#k€}\n"
    )
    got = [(p.line, p.column, render_problem(p, "fr")) for p in validate(doc)]
    assert got == [
        (3, 25, "date « 24 janvier 2024 » écrite en toutes lettres : écrivez-la AAAA-MM-JJ, ici 2024-01-24"),
        (
            5,
            13,
            "valeur « true#vu en comité » : « # » n'ouvre un commentaire qu'après une espace ;"
            " écrivez approach: true #vu en comité",
        ),
        (6, 21, "valeur « 12#k€ » : « # » n'ouvre un commentaire qu'après une espace ; écrivez allocated: 12 #k€"),
    ]
