"""Every reading rule of declaration.md: a clear, located error and nothing else lost."""

import os
import tracemalloc

import pytest
from conftest import AS_OF, FIXTURES, run_cli

from checker.reading.loader import MAX_NODES, load_file, load_text

INVALID = FIXTURES / "invalid"


def problems_of(text):
    return load_text(text)[1]


def test_positions_of_values_and_keys():
    doc, problems = load_text("schema_version: 1\nteam:\n  intrapreneur:\n    public_agent: false\n")
    assert problems == []
    assert doc.locate("team.intrapreneur.public_agent") == (4, 19)
    assert doc.locate_key("team.intrapreneur") == (3, 3)
    assert doc.locate("team.intrapreneur") == (4, 5)
    # a missing field points at the nearest enclosing key that exists
    assert doc.locate("team.intrapreneur.name") == (3, 3)
    assert doc.locate("committees[0].date") == (1, 1)


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfschema_version: 1\nstartup: {id: bom}\n")
    doc, problems = load_file(path)
    assert problems == [] and doc.data["startup"]["id"] == "bom"


def test_bad_encoding_names_the_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("schema_version: 1\nstartup:\n  title: Réserve\n".encode("latin-1"))
    _, problems = load_file(path)
    assert [(p.code, p.line) for p in problems] == [("file.encoding", 3)]


def test_size_limit_refuses_without_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("schema_version: 1\n" + "# padding\n" * 200, encoding="utf-8")
    _, problems = load_file(path, max_bytes=1000)
    assert [p.code for p in problems] == ["file.too_large"]
    assert load_file(path, max_bytes=10_000)[1] == []


@pytest.mark.parametrize("padding, limit, expected", [(10, 10_000, []), (300, 1000, ["file.too_large"])])
def test_a_file_that_grew_since_its_size_was_taken_is_read_whole_or_refused(
    tmp_path, monkeypatch, padding, limit, expected
):
    """The size is taken, then the file is read: one that grew meanwhile is read to its end,
    or refused once past the limit (never cut at the size it had)."""
    import os

    from checker.reading import loader

    path = tmp_path / "growing.yaml"
    path.write_text("schema_version: 1\n" + "# padding\n" * padding + "startup: {id: grown}\n", encoding="utf-8")
    real_stat = os.stat

    def earlier(target, *args, **kwargs):  # the size it had before the last lines were written
        found = real_stat(target, *args, **kwargs)
        return os.stat_result((found.st_mode, *found[1:6], 20, *found[7:]))

    monkeypatch.setattr(loader.os, "stat", earlier)
    doc, problems = load_file(path, max_bytes=limit)
    assert [p.code for p in problems] == expected
    if not expected:
        assert doc.data == {"schema_version": 1, "startup": {"id": "grown"}}
    else:  # its size as it is now, not what was read of it
        assert problems[0].params["size"] == real_stat(path).st_size


def test_a_fifo_put_in_a_files_place_is_refused_without_waiting(tmp_path, monkeypatch):
    """Found in review: the file is a regular one when its size is taken, then replaced by a
    FIFO before it is opened: opened without waiting for a writer, it is refused."""
    import os
    import threading

    from checker.reading import loader

    fifo = tmp_path / "swapped.yaml"
    os.mkfifo(fifo)
    regular = os.stat(__file__)
    monkeypatch.setattr(loader.os, "stat", lambda target, *a, **k: regular)
    got = []
    reader = threading.Thread(target=lambda: got.append(load_file(fifo)), daemon=True)
    reader.start()
    reader.join(30)  # a deadlock check: opening a FIFO for reading blocks until a writer comes
    assert not reader.is_alive()
    assert [p.code for p in got[0][1]] == ["file.not_regular"]


def test_duplicate_keys_name_both_lines():
    problems = problems_of("a: 1\nb: 2\na: 3\n")
    assert [(p.code, p.params["first"], p.params["second"], p.line) for p in problems] == [
        ("yaml.duplicate_key", 1, 3, 3)
    ]


def test_yaml11_booleans_stay_text_for_the_schema():
    doc, problems = load_text("a: yes\nb: on\nc: true\nd: False\n")
    assert problems == [] and doc.data == {"a": "yes", "b": "on", "c": True, "d": False}


@pytest.mark.parametrize(
    "text", ["a: !!python/object/apply:os.system [ls]\n", "a: !custom x\n", "a: !!binary aGk=\n", "a: !!set {x}\n"]
)
def test_language_tags_are_refused(text):
    assert [p.code for p in problems_of(text)] == ["yaml.tag"]


def test_one_document_per_file():
    assert [p.code for p in problems_of("a: 1\n---\nb: 2\n")] == ["yaml.documents"]


def test_alias_explosion_is_refused_with_bounded_memory():
    text = (INVALID / "billion-laughs.yaml").read_text()
    tracemalloc.start()
    problems = problems_of(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [(p.code, p.params["limit"]) for p in problems] == [("yaml.too_many_nodes", MAX_NODES)]
    # a billion nodes would take gigabytes: expansion stops at the limit
    assert peak < 200 * 1024 * 1024


def _list_of(count: int) -> str:
    return "a: [" + ", ".join(["1"] * count) + "]\n"


@pytest.mark.slow
def test_node_limit_is_where_it_says():
    # values counted: the mapping, the list and its items; MAX_NODES - 2 items is the most accepted
    assert problems_of(_list_of(MAX_NODES - 2)) == []
    assert [p.code for p in problems_of(_list_of(MAX_NODES - 1))] == ["yaml.too_many_nodes"]


def test_recursive_alias_is_refused():
    assert [p.code for p in problems_of("a: &x [*x]\n")] == ["yaml.too_deep"]


def test_merge_keys_and_aliases_work():
    doc, problems = load_text(
        "base: &b {chaired_by_partner: true, dinum_present: true}\nc: {<<: *b, dinum_present: false}\n"
    )
    assert problems == [] and doc.data["c"] == {"chaired_by_partner": True, "dinum_present": False}
    assert doc.locate("c.dinum_present") == (2, 28)
    assert doc.locate("c.chaired_by_partner") == (1, 31)  # found through the merge


def test_locate_list_items_and_missing_paths():
    doc, _ = load_text("committees:\n  - date: 2024-06-20\n  - date: 2024-12-01\n    indicators: []\n")
    assert doc.locate("committees[1].date") == (3, 11)
    assert doc.locate("committees[1].indicators[0]") == (4, 5)  # missing item: the key of its list
    assert doc.locate("committees[1].dinum_present") == (3, 5)  # missing key in an item: the item
    assert doc.locate("committees[5].date") == (1, 1)


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "yaml.empty"),
        ("# nothing\n", "yaml.empty"),
        ("- a\n", "yaml.not_mapping"),
        ("a: .nan\n", "yaml.number"),
        ("a: [1, 2\n", "yaml.flow_unclosed"),
        ("%FOO\n---\na: 1\n", "yaml.syntax"),
        ("? [a]\n: 1\n", "yaml.key_type"),
    ],
)
def test_other_bad_shapes(text, code):
    assert [p.code for p in problems_of(text)] == [code]


EXPECTED_INVALID = {
    "billion-laughs.yaml": "trop grand",
    "duplicate-key.yaml": "en double (lignes 5 et 8)",
    "impossible-date.yaml": "2024-02-30",
    "missing-startup-id.yaml": "« id »",
    "not-a-mapping.yaml": "dictionnaire",
    "python-tag.yaml": "!!python/object/apply:os.system",
    "syntax-error.yaml": "YAML illisible : « { » ouvert ici sans « } » fermant",
    "two-documents.yaml": "un seul document",
    "unknown-key.yaml": "vouliez-vous dire « committees »",
    "unknown-obligation.yaml": "vouliez-vous dire « franceconnect »",
    "yaml11-boolean.yaml": "écrivez true (pas « yes »)",
}


def test_every_invalid_fixture_is_listed():
    assert sorted(p.name for p in INVALID.glob("*.yaml")) == sorted(EXPECTED_INVALID)


@pytest.mark.parametrize("name", sorted(EXPECTED_INVALID))
def test_invalid_file_exit_2_one_sentence_others_still_checked(name):
    example = "fixtures/examples/api-engagement.yaml"
    code, out, err = run_cli(
        "check", f"fixtures/invalid/{name}", example, "--as-of", AS_OF.isoformat(), "--format", "json"
    )
    assert code == 2
    assert "Traceback" not in err and "Traceback" not in out
    lines = [line for line in err.splitlines() if line]
    assert lines and all(line.startswith(f"conformite: fixtures/invalid/{name}:") for line in lines)
    assert EXPECTED_INVALID[name] in err
    import json

    report = json.loads(out)
    statuses = {d["file"]: d["status"] for d in report["declarations"]}
    assert statuses[f"fixtures/invalid/{name}"] == "invalid"
    assert statuses[example] == "non-compliant"  # the other file was still checked
    bad = next(d for d in report["declarations"] if d["status"] == "invalid")
    assert (
        bad["obligations"] == {} and bad["errors"] and all(e["line"] >= 1 and e["column"] >= 1 for e in bad["errors"])
    )


def test_huge_integer_is_a_located_error_not_a_crash():
    problems = problems_of("schema_version: 1\nbudget:\n  allocated: " + "9" * 5000 + "\n")
    assert [(p.code, p.line) for p in problems] == [("yaml.number", 3)]


def test_fifo_is_refused_without_blocking(tmp_path):
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    _, problems = load_file(fifo)
    assert [p.code for p in problems] == ["file.not_regular"]


def test_an_internal_error_costs_one_file_not_the_run(catalog, monkeypatch, tmp_path):
    from checker.judging import facts
    from checker.judging.run import run_check

    good = FIXTURES / "examples" / "exemple-conforme.yaml"
    boom = tmp_path / "boom.yaml"
    boom.write_text("schema_version: 1\nstartup: {id: boom}\n")
    real = facts.prepare

    def prepare(data, as_of, deadlines):
        if data["startup"]["id"] == "boom":
            raise RuntimeError("simulated bug")
        return real(data, as_of, deadlines)

    monkeypatch.setattr(facts, "prepare", prepare)
    report = run_check(catalog, [("boom.yaml", boom), ("good.yaml", good)], AS_OF)
    statuses = [(d.file, d.status) for d in report.declarations]
    assert statuses == [("boom.yaml", "invalid"), ("good.yaml", "compliant")]
    assert "simulated bug" in next(iter(report.declarations)).errors[0].message


# the one guarded way in (checker.reading.loader.read_bytes / read_text / load_json): every file
# conformite reads, declarations or not, is refused with a problem rather than waited on or
# read whole


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    from checker.reading.loader import read_bytes

    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    problem = read_bytes(fifo)  # would block forever if it were opened for reading
    assert problem.code == "file.not_regular"


def test_a_device_is_refused_unread():
    from checker.reading.loader import read_bytes

    assert read_bytes("/dev/zero").code == "file.not_regular"


def test_an_os_error_is_worded_in_the_readers_language(tmp_path):
    from checker.foundation.messages import text
    from checker.reading.loader import read_bytes

    problem = read_bytes(tmp_path / "absent.json")
    assert text(problem.code, "fr", **problem.params) == "fichier illisible (fichier ou dossier introuvable)"
    assert text(problem.code, "en", **problem.params) == "cannot read the file (no such file or directory)"


def test_json_nested_past_the_limit_is_refused_not_recursed(tmp_path):
    from checker.reading.loader import MAX_DEPTH, load_json

    shallow, deep, deepest = tmp_path / "ok.json", tmp_path / "deep.json", tmp_path / "deepest.json"
    shallow.write_text("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    deep.write_text("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    deepest.write_text("[" * 200_000 + "]" * 200_000)
    assert isinstance(load_json(shallow), list)
    assert load_json(deep).code == "json.too_deep"
    assert load_json(deepest).code == "json.too_deep"


def test_json_is_strict_and_bounded(tmp_path):
    from checker.foundation.messages import text
    from checker.reading.loader import load_json

    nan, big = tmp_path / "nan.json", tmp_path / "big.json"
    nan.write_text('{"satisfaction": NaN}')
    big.write_text("[" + "1," * 1000 + "1]")
    problem = load_json(nan)
    assert problem.code == "json.syntax"
    assert text(problem.code, "fr", **problem.params).startswith("JSON illisible ligne 1, colonne ")
    assert load_json(big, max_bytes=100).code == "file.too_large"
