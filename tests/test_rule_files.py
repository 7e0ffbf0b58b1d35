"""Rule files are data, validated at start-up: a broken one is a clear error, never a silent skip."""

import json
import re

import pytest
from conftest import ROOT, edit, run_cli

from checker.judging import rules as rules_module
from checker.judging.rules import RuleFileError, cache_file, load_catalog


def test_catalogue_matches_the_spec(catalog):
    spec = (ROOT.parent / "shared" / "spec" / "obligations.md").read_text(encoding="utf-8")
    assert catalog.obligation_ids == re.findall(r"^\| `([a-z-]+)` \|", spec, re.MULTILINE)  # its table, in order
    assert all(o.rules for o in catalog.obligations)
    # report.md: a failure is an error, a warning a warning; both kinds exist
    pairs = {(rule.outcome, rule.severity) for rule in catalog.rules.values()}
    assert pairs == {("fail", "error"), ("warn", "warning")}


def test_findings_carry_their_rule_files_outcome_and_severity(check_text, catalog):
    import yaml

    declared = {
        r["id"]: r["outcome"]
        for f in sorted((ROOT / "rules").glob("[!_]*.yaml"))
        for r in yaml.safe_load(f.read_text(encoding="utf-8"))["rules"]
    }
    assert declared.keys() == catalog.rules.keys()
    result = check_text(
        "schema_version: 1\nstartup: {id: t, phases: [{name: construction, start: 2024-01-01}]}\n"
        "team: {sponsor: {name: S}}\n"
    )
    assert {f.outcome for f in result.findings} == {"fail", "warn"}
    for finding in result.findings:
        assert finding.outcome == declared[finding.rule]
        assert finding.severity == {"fail": "error", "warn": "warning"}[finding.outcome]


@pytest.mark.parametrize(
    "file, old, new, needle",
    [
        (
            "intrapreneur.yaml",
            "fact: intrapreneur_named",
            "fact: intrapreneur_nmed",
            "unknown fact 'intrapreneur_nmed'",
        ),
        ("intrapreneur.yaml", "is: false}", "is: 'false'}", "does not fit bool fact"),
        ("intrapreneur.yaml", "outcome: fail", "outcome: error", "'error' is not one of"),
        ("investment-committee.yaml", "months: 6", "months: six", "not of type 'integer'"),
        ("investment-committee.yaml", "due: committee\n", "due: comittee\n", "not a deadline of this obligation"),
        ("sponsor.yaml", "id: sponsor-named", "id: intrapreneur-named", "already used"),
        ("observatoire.yaml", "lt: 98.5", "lt: 98.5000001", "at most six decimals"),
        ("product-page.yaml", "{due_on}", "{due_date}", "unknown placeholder"),
        ("jdma.yaml", "obligation: jdma", "obligation: jdmaa", "must live in jdmaa.yaml"),
        ("jdma.yaml", "  - id: jdma-button", "  - id: jdma-button\n    severity: high", "Additional properties"),
    ],
)
def test_broken_rule_file_is_a_clear_startup_error(rules_copy, file, old, new, needle):
    edit(rules_copy / file, old, new)
    with pytest.raises(RuleFileError) as info:
        load_catalog(rules_copy)
    assert needle in str(info.value) and info.value.file.name in (file, "rules")
    assert info.value.line >= 1


def test_a_threshold_is_a_one_line_change(rules_copy, tmp_path):
    edit(rules_copy / "convention-in-force.yaml", "ge: 0, le: 60}", "ge: 0, le: 90}")
    catalog = load_catalog(rules_copy)
    import datetime as dt

    from checker.judging.evaluate import Evaluator

    decl = tmp_path / "d.yaml"
    decl.write_text("schema_version: 1\nstartup: {id: t}\nconvention: {signed_on: 2024-01-01, ends_on: 2025-04-10}\n")
    assert Evaluator(catalog, dt.date(2025, 1, 15)).check_file(decl).obligations["convention-in-force"] == "warn"
    assert (
        Evaluator(load_catalog(ROOT / "rules"), dt.date(2025, 1, 15))
        .check_file(decl)
        .obligations["convention-in-force"]
        == "pass"
    )


def test_missing_obligation_file_is_an_error(rules_copy):
    (rules_copy / "jdma.yaml").unlink()
    with pytest.raises(RuleFileError, match="missing \\['jdma'\\]"):
        load_catalog(rules_copy)


def test_cli_reports_broken_rules_in_one_sentence(rules_copy):
    edit(rules_copy / "sponsor.yaml", "outcome: warn", "outcome: [warn")
    code, out, err = run_cli("check", "fixtures/examples", "--rules", str(rules_copy))
    assert code == 2 and "sponsor.yaml" in err and "Traceback" not in err and out == ""


# --- the rule cache (checker.judging.rules.RuleCache) -----------------------------------------------


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("CONFORMITE_CACHE_DIR", str(directory))
    return directory


def _unparsed(monkeypatch):
    """From here on, a rule file parsed is a test failure."""

    def parse(path, *args):
        raise AssertionError(f"{path} parsed again")

    monkeypatch.setattr(rules_module, "load_file", parse)


def test_a_cached_catalogue_is_the_parsed_one(rules_copy, cache_dir, monkeypatch):
    parsed = load_catalog(rules_copy)
    assert (cache_dir / "rules.cache").is_file()
    _unparsed(monkeypatch)
    cached = load_catalog(rules_copy)  # not one file parsed
    assert cached == parsed
    # the same types too (True is not 1, 98.5 stays a float), in the same order
    assert json.dumps([[r.when, r.message, r.holds] for r in cached.rules.values()]) == json.dumps(
        [[r.when, r.message, r.holds] for r in parsed.rules.values()]
    )
    assert [o.source for o in cached.obligations] == [o.source for o in parsed.obligations]


def test_a_changed_rule_file_is_parsed_again(rules_copy, cache_dir):
    load_catalog(rules_copy)
    edit(rules_copy / "convention-in-force.yaml", "ge: 0, le: 60}", "ge: 0, le: 90}")
    changed = load_catalog(rules_copy)
    assert "90" in json.dumps([r.when for r in changed.obligation("convention-in-force").rules])
    edit(rules_copy / "_exemptions.yaml", "exemption-stale", "exemption-stal")
    with pytest.raises(RuleFileError) as info:  # the exemptions file too
        load_catalog(rules_copy)
    assert info.value.file.name == "_exemptions.yaml" and info.value.line > 1


def test_a_rule_file_edited_while_it_is_read_is_not_remembered(rules_copy, cache_dir, monkeypatch):
    """The cache's key is the files' bytes read first; a file edited before it is parsed would
    give data of other bytes than the key's: nothing is kept, and the next run reads the file
    as it is."""
    original = rules_module.load_file
    target = rules_copy / "convention-in-force.yaml"

    def edited_meanwhile(path, *args):
        if path == target:
            edit(target, "ge: 0, le: 60}", "ge: 0, le: 90}")
        return original(path, *args)

    monkeypatch.setattr(rules_module, "load_file", edited_meanwhile)
    load_catalog(rules_copy)
    assert not (cache_dir / "rules.cache").exists()
    monkeypatch.setattr(rules_module, "load_file", original)
    again = load_catalog(rules_copy)
    assert "90" in json.dumps([r.when for r in again.obligation("convention-in-force").rules])
    assert (cache_dir / "rules.cache").is_file()


def test_an_error_found_on_cached_data_is_located_by_parsing_the_file_again(rules_copy, cache_dir, monkeypatch):
    load_catalog(rules_copy)  # cached: the files are schema-valid
    # the code changes under the cache: a fact the rules read is no longer provided
    monkeypatch.delitem(rules_module.FACTS, "intrapreneur_named")
    with pytest.raises(RuleFileError) as cached:
        load_catalog(rules_copy)
    monkeypatch.setenv("CONFORMITE_CACHE_DIR", "")  # no cache: the whole usual load
    with pytest.raises(RuleFileError) as parsed:
        load_catalog(rules_copy)
    assert (cached.value.file, cached.value.line, cached.value.detail) == (
        parsed.value.file,
        parsed.value.line,
        parsed.value.detail,
    )
    assert "unknown fact 'intrapreneur_named'" in cached.value.detail
    lines = cached.value.file.read_text(encoding="utf-8").splitlines()
    assert cached.value.line > 1 and "intrapreneur_named" in "\n".join(lines[cached.value.line - 1 :])


def test_a_cache_that_cannot_be_read_or_written_is_ignored(rules_copy, cache_dir, tmp_path, monkeypatch):
    expected = load_catalog(rules_copy)
    cache = cache_dir / "rules.cache"
    good = cache.read_bytes()
    for broken in (b"", b"not a cache", good[: len(good) // 2], good[:-3] + b"}}}"):
        cache.write_bytes(broken)
        assert load_catalog(rules_copy) == expected
        assert cache.read_bytes() == good  # written again, whole
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("CONFORMITE_CACHE_DIR", str(blocked))  # no directory can be made there
    assert load_catalog(rules_copy) == expected


def test_where_the_cache_lives(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFORMITE_CACHE_DIR", "")
    assert cache_file() is None
    monkeypatch.delenv("CONFORMITE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_file() == tmp_path / "conformite" / "rules.cache"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # ignored, as the XDG specification says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_file() == tmp_path / "home" / ".cache" / "conformite" / "rules.cache"
