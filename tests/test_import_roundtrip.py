"""Re-import keeps what a person wrote: a changed page changes only the lines of the facts it
owns; the team's comments (also those after a dropped section, above a dropped committee, at
the end of a dropped line), the header above ``---``, ``---`` itself, a closing note after
``...``, CRLF, a byte-order mark, each list's indentation and every scalar's spelling
(``~``, ``Null``, ``+12``) survive, byte for byte (issue 21, items 4 and 21)."""

import datetime as dt

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st
from test_import_merge import _BASE, PAGE, _content, _source_change

from checker.importer import layout, merge
from checker.importer.betagouv import import_pages
from checker.importer.betagouv_mappings import LIST_KEYS
from checker.reading.loader import load_file, load_text
from checker.reading.schema import validate

AS_OF = dt.date(2025, 1, 15)
INDENTED_PHASES = (  # the team indents the phases' dashes
    "  phases:\n  - name: investigation\n    start: 2023-01-01\n  - name: construction\n    start: 2023-06-01\n",
    "  phases:\n    - name: investigation\n      start: 2023-01-01\n    - name: construction\n      start: 2023-06-01\n",
)
NEW_TITLE = ("title: Produit\n", "title: Produit v2\n")
NO_STATISTICS = ("stats_url: https://produit.beta.gouv.fr/stats\n", "")
NO_FIRST_COMMITTEE = ("  - {name: committee, date: 2023-12-01, comment: Poursuite}\n", "")
NEW_COMMITTEE = (
    "  - {name: committee, date: 2024-06-01}\n",
    "  - {name: committee, date: 2024-06-01}\n  - {name: committee, date: 2024-12-10, comment: Accélération}\n",
)


def _replaced(text: str, *replacements) -> str:
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


class Portfolio:
    """One product page imported into ``out``, for the team to edit and the page to change."""

    def __init__(self, tmp_path):
        content = _content(tmp_path, {"produit": PAGE})
        self.content, self.out = content, tmp_path / "out"
        self.page = content / "_startups" / "produit.md"
        self.declaration = self.out / "produit.yaml"
        outcome = import_pages(content, self.out, AS_OF)
        assert [p.name for p in outcome.written] == ["produit.yaml"]
        self.generated = self.declaration.read_text(encoding="utf-8")

    def team_writes(self, text: str | bytes) -> None:
        if isinstance(text, str):
            text = text.encode("utf-8")
        self.declaration.write_bytes(text)

    def page_changes(self, *replacements) -> bytes:
        """The page changed, imported again: the declaration's bytes."""
        self.page.write_text(_replaced(PAGE, *replacements), encoding="utf-8")
        outcome = import_pages(self.content, self.out, AS_OF)
        assert outcome.skipped == [] and outcome.conflicts == [] and outcome.problems == []
        assert [p.name for p in outcome.written] == ["produit.yaml"]
        doc, problems = load_file(self.declaration)
        assert problems == [] and validate(doc) == []
        return self.declaration.read_bytes()


@pytest.fixture
def portfolio(tmp_path):
    return Portfolio(tmp_path)


def test_a_comment_block_after_a_dropped_section_is_kept(portfolio):
    team = portfolio.generated + (
        "# Nos statistiques sont publiées chaque lundi.\n# Contact : stats@example.org\n\nbudget:\n  allocated: 120000\n"
    )
    portfolio.team_writes(team)
    after = portfolio.page_changes(NO_STATISTICS).decode()
    assert after == _replaced(team, ("statistics:\n  url: https://produit.beta.gouv.fr/stats\n", ""))


def test_the_comment_above_a_committee_after_a_dropped_one_is_kept(portfolio):
    team = _replaced(
        portfolio.generated,
        (
            "- date: 2024-06-01\n",
            "# Comité de juin : reporté d'une semaine,\n# compte rendu au drive.\n- date: 2024-06-01\n",
        ),
    )
    portfolio.team_writes(team)
    after = portfolio.page_changes(NO_FIRST_COMMITTEE).decode()
    assert after == _replaced(team, ("- date: 2023-12-01\n  comment: Poursuite\n", ""))
    assert (
        "committees:\n# Comité de juin : reporté d'une semaine,\n# compte rendu au drive.\n- date: 2024-06-01\n"
        in after
    )


def test_a_closing_note_after_the_document_end_is_kept(portfolio):
    team = portfolio.generated + "...\n# Relu par l'équipe le 2024-12-01.\n# Prochaine relecture : juin.\n"
    portfolio.team_writes(team)
    after = portfolio.page_changes(NEW_TITLE, NEW_COMMITTEE).decode()
    expected = _replaced(team, ("  title: Produit\n", "  title: Produit v2\n"))
    expected = _replaced(
        expected, ("- date: 2024-06-01\n", "- date: 2024-06-01\n- date: 2024-12-10\n  comment: Accélération\n")
    )
    assert after == expected


def test_the_header_above_the_document_start_is_kept(portfolio):
    header, body = portfolio.generated.split("schema_version: 1\n")
    assert len(header.splitlines()) >= 17 and all(line.startswith("#") for line in header.splitlines())
    team = "%YAML 1.1\n" + header + "---\nschema_version: 1\n" + body
    portfolio.team_writes(team)
    after = portfolio.page_changes(NEW_TITLE).decode()
    assert after == _replaced(team, ("  title: Produit\n", "  title: Produit v2\n"))


def test_crlf_line_endings_and_the_byte_order_mark_are_kept(portfolio):
    team = portfolio.generated.replace("\n", "\r\n")
    portfolio.team_writes(b"\xef\xbb\xbf" + team.encode())
    after = portfolio.page_changes(NEW_TITLE, NEW_COMMITTEE, NO_STATISTICS)
    expected = _replaced(
        team,
        ("  title: Produit\r\n", "  title: Produit v2\r\n"),
        ("- date: 2024-06-01\r\n", "- date: 2024-06-01\r\n- date: 2024-12-10\r\n  comment: Accélération\r\n"),
        ("statistics:\r\n  url: https://produit.beta.gouv.fr/stats\r\n", ""),
    )
    assert after == b"\xef\xbb\xbf" + expected.encode()


def test_each_lists_indentation_is_kept_and_new_items_follow_it(portfolio):
    team = _replaced(
        portfolio.generated,
        INDENTED_PHASES,
        (
            "- date: 2023-12-01\n  comment: Poursuite\n- date: 2024-06-01\n",
            "   -   date: 2023-12-01\n       comment: Poursuite\n   -   date: 2024-06-01\n",
        ),
    )
    portfolio.team_writes(team)
    after = portfolio.page_changes(NEW_COMMITTEE).decode()
    assert after == _replaced(
        team,
        ("   -   date: 2024-06-01\n", "   -   date: 2024-06-01\n   - date: 2024-12-10\n     comment: Accélération\n"),
    )


def test_scalar_spellings_are_kept(portfolio):
    team = portfolio.generated + (
        "personal_data: ~\nauthentication: Null\nbudget:\n  allocated: +12\n  committed: 0x1F\n"
        "  underspend_notified_on: ~\nconvention:\n  reference: 'entre guillemets'\n  signed_on: \"2024-01-10\"\n"
    )
    team = _replaced(team, ("- date: 2024-06-01\n", "- date: 2024-06-01\n  dinum_present: NULL\n  indicators: ~\n"))
    portfolio.team_writes(team)
    after = portfolio.page_changes(NEW_TITLE).decode()
    assert after == _replaced(team, ("  title: Produit\n", "  title: Produit v2\n"))


def test_the_comment_at_the_end_of_a_dropped_line_is_kept_on_its_own_line(portfolio):
    team = _replaced(
        portfolio.generated,
        (
            "  url: https://produit.beta.gouv.fr/stats\n",
            "  url: https://produit.beta.gouv.fr/stats  # publiée « # chaque » lundi\n",
        ),
        ("- date: 2023-12-01\n", "- date: 2023-12-01  # le premier\n"),
    )
    portfolio.team_writes(team)
    after = portfolio.page_changes(NO_STATISTICS, NO_FIRST_COMMITTEE).decode()
    assert after == _replaced(
        team,
        ("- date: 2023-12-01  # le premier\n  comment: Poursuite\n", "# le premier\n"),
        (
            "statistics:\n  url: https://produit.beta.gouv.fr/stats  # publiée « # chaque » lundi\n",
            "# publiée « # chaque » lundi\n",
        ),
    )


def test_every_case_at_once(portfolio):
    header, body = portfolio.generated.split("schema_version: 1\n")
    team = header + "---\nschema_version: 1\n" + body
    team = _replaced(
        team,
        INDENTED_PHASES,
        (
            "- date: 2023-12-01\n  comment: Poursuite\n- date: 2024-06-01\n",
            "  - date: 2023-12-01\n    comment: Poursuite\n  # Comité de juin : reporté\n  - date: 2024-06-01\n    dinum_present: Null\n",
        ),
        (
            "statistics:\n  url: https://produit.beta.gouv.fr/stats\n",
            "statistics:\n  url: https://produit.beta.gouv.fr/stats  # chaque lundi\n# Contact : stats@example.org\n\n"
            "budget:\n  allocated: +12\n  committed: ~\n...\n# Relu le 2024-12-01\n",
        ),
    ).replace("\n", "\r\n")
    portfolio.team_writes(b"\xef\xbb\xbf" + team.encode())
    after = portfolio.page_changes(NEW_TITLE, NO_STATISTICS, NO_FIRST_COMMITTEE, NEW_COMMITTEE)
    expected = _replaced(
        team,
        ("  title: Produit\r\n", "  title: Produit v2\r\n"),
        ("  - date: 2023-12-01\r\n    comment: Poursuite\r\n", ""),
        (
            "    dinum_present: Null\r\n",
            "    dinum_present: Null\r\n  - date: 2024-12-10\r\n    comment: Accélération\r\n",
        ),
        ("statistics:\r\n  url: https://produit.beta.gouv.fr/stats  # chaque lundi\r\n", "# chaque lundi\r\n"),
    )
    assert after == b"\xef\xbb\xbf" + expected.encode()


@pytest.mark.slow
def test_a_reimport_of_the_real_portfolio_keeps_the_team_layout(tmp_path):
    """The real pages, each declaration re-laid out by its team (CRLF, indented lists, a
    header above ``---``, a closing note), every title changed upstream: only the title lines change."""
    import shutil

    content = tmp_path / "betagouv" / "content"
    shutil.copytree(ROOT.parent / "shared" / "data" / "betagouv" / "content", content)
    out, as_of = tmp_path / "portfolio", dt.date(2026, 11, 28)
    import_pages(content, out, as_of, only=SOME)
    team = {}
    for path in sorted(out.glob("*.yaml")):
        body = path.read_text(encoding="utf-8").replace("schema_version: 1\n", "---\nschema_version: 1\n", 1)
        body = _lists_indented(body)
        team[path.name] = (body + "...\n# fin\n").replace("\n", "\r\n")
        path.write_bytes(team[path.name].encode())
    for sid in SOME:
        page = content / "_startups" / f"{sid}.md"
        page.write_text(page.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Nouveau ", 1), encoding="utf-8")
    outcome = import_pages(content, out, as_of, only=SOME)
    assert outcome.skipped == [] and outcome.conflicts == [] and len(outcome.written) == len(SOME)
    for name, before in team.items():
        lines = before.split("\r\n")
        changed = [i for i, line in enumerate(lines) if line.startswith("  title: ")]
        assert len(changed) == 1
        lines[changed[0]] = lines[changed[0]].replace("title: ", "title: Nouveau ", 1)
        assert (out / name).read_bytes() == "\r\n".join(lines).encode(), name


def _lists_indented(text: str) -> str:
    """Every top-level list's items indented by two spaces (the generated files do not indent them)."""
    lines, in_list = text.split("\n"), False
    for i, line in enumerate(lines):
        in_list = line.startswith("- ") or (in_list and line.startswith("  "))
        lines[i] = "  " + line if in_list else line
    return "\n".join(lines)


SOME = ["mobilic", "a-just", "1000.jours", "acces-cible", "aidantsconnect", "api-engagement", "jeveuxaider"]


# --- bounded fuzz: any comments and spellings a team adds survive any change of the page ------

_SPELLINGS = {"~": None, "Null": None, "NULL": None, "null": None, "+12": 12, "0x1F": 31, "1_000": 1000, "'t'": "t"}


def _decorated(rnd) -> tuple[str, list[str]]:
    """The base declaration as a team may have laid it out: (its text, the comments in it)."""
    lines = _lists_indented_at_random(rnd, merge.to_yaml(_BASE).splitlines())
    comments: list[str] = []
    out = []
    for i, line in enumerate(lines):
        if rnd.random() < 0.3:
            comment = f"# note {i} « {rnd.choice(['a', '#', ':'])} »"
            indent = len(line) - len(line.lstrip())
            out.append(" " * rnd.choice([0, indent]) + comment)
            comments.append(comment)
        if rnd.random() < 0.2 and ":" in line and not line.rstrip().endswith(":"):
            comment = f"# fin {i}"
            line += "  " + comment
            comments.append(comment)
        out.append(line)
    for key, spelling in zip(["personal_data", "authentication", "budget"], rnd.sample(sorted(_SPELLINGS), 3)):
        out.append(f"{key}: {spelling}" if key != "budget" else f"budget:\n  allocated: {spelling}")
    head = ["# en-tête de l'équipe", "---"] if rnd.random() < 0.5 else []
    tail = ["...", "# note finale"] if rnd.random() < 0.5 else []
    comments += [line for line in head + tail if line.startswith("#")]
    text = "\n".join(head + out + tail) + "\n"
    return (text.replace("\n", "\r\n") if rnd.random() < 0.5 else text), comments


def _lists_indented_at_random(rnd, lines: list[str]) -> list[str]:
    """Each list's items indented by 0, 2 or 4 more spaces than the generated file has them."""
    out, extra, level = [], 0, -1
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if line.lstrip().startswith("- ") and indent != level:
            if not (level >= 0 and indent > level):  # a new list (not an item's own nested list)
                extra, level = rnd.choice([0, 2, 4]), indent
        elif indent <= level and not line.lstrip().startswith("- "):
            extra, level = 0, -1  # the list ended
        out.append(" " * extra + line)
    return out


@given(rnd=st.randoms(use_true_random=False))
def test_fuzzed_team_layouts_survive_a_reimport(rnd):
    text, comments = _decorated(rnd)
    theirs = _source_change(rnd, _BASE)
    document, tool = merge.load(layout.normalised(text))
    before = merge.dump(tool, document)
    merging = merge.Merge(document, theirs, LIST_KEYS)
    merging.run(_BASE)
    after = merge.dump(tool, document)
    kept = layout.keep_layout(text, before, after)
    result, problems = load_text(kept)
    assert problems == [] and result.data == load_text(after)[0].data  # the merge's data, exactly
    for comment in comments:  # every comment the team wrote is still there
        assert kept.count(comment) >= text.count(comment), (comment, text, kept)
    if "\r\n" in text:
        assert "\n" not in kept.replace("\r\n", "")  # CRLF stays CRLF, new lines included
    for line in text.splitlines()[-5:]:  # the team's own sections, as written
        if line.startswith(("personal_data:", "authentication:", "  allocated:", "...")):
            assert line in kept.splitlines()
