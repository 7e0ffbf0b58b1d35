"""Each fact provider sets exactly what it declares, and the catalogue only uses what they declare."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import AS_OF, FIXTURES, ROOT

from checker.judging import facts
from checker.judging.facts import DISPLAY_NAMES, FACTS, PROVIDERS, Facts, provider_name
from checker.judging.rules import RuleFileError, load_catalog
from checker.reading.loader import load_file

DECLARATIONS = sorted(FIXTURES.glob("rules/*/*.yaml")) + sorted(FIXTURES.glob("examples/*.yaml"))


def _data(path: Path) -> dict:
    doc, problems = load_file(path)
    assert not problems, path
    return doc.data


def test_there_are_fixtures_to_check():
    assert len(DECLARATIONS) >= 2 * len(load_catalog(ROOT / "rules").obligations)


@pytest.mark.parametrize("provider", PROVIDERS, ids=provider_name)
def test_provider_sets_exactly_what_it_declares(provider):
    assert provider.__doc__ and provider.__doc__.strip(), "a provider documents what it reads"
    assert set(provider.FACTS) <= set(FACTS) and provider.DISPLAY <= DISPLAY_NAMES
    seen_facts, seen_display = set(), set()
    for path in DECLARATIONS:
        out = Facts()
        provider.provide(_data(path), AS_OF, out)
        undeclared = (set(out.values) - set(provider.FACTS)) | (set(out.display) - provider.DISPLAY)
        assert not undeclared, f"{provider_name(provider)} sets undeclared {sorted(undeclared)} for {path}"
        seen_facts |= set(out.values)
        seen_display |= set(out.display)
    assert seen_facts == set(provider.FACTS), f"never set by any fixture: {set(provider.FACTS) - seen_facts}"
    assert seen_display == provider.DISPLAY, f"never set by any fixture: {provider.DISPLAY - seen_display}"


def test_prepare_runs_every_provider_and_the_deadlines(catalog):
    out = facts.prepare(_data(FIXTURES / "examples" / "jeveuxaider.yaml"), AS_OF, catalog.deadlines)
    deadline_facts = {f"{name}_days_left" for name in catalog.deadlines}
    assert set(out.values) <= set(FACTS) | deadline_facts
    assert set(out.values) & deadline_facts, "the example has at least one deadline computed"
    assert out.phase == out.display["phase"]


def _copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    return target


def test_a_rule_reading_an_undeclared_fact_is_a_load_time_error(tmp_path):
    rules = _copy_rules(tmp_path)
    file = rules / "sponsor.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("sponsor_named", "sponsor_nammed", 1), encoding="utf-8")
    with pytest.raises(RuleFileError, match="sponsor_nammed"):
        load_catalog(rules)


def test_a_placeholder_no_provider_declares_is_a_load_time_error(tmp_path):
    rules = _copy_rules(tmp_path)
    file = rules / "investment-committee.yaml"
    text = file.read_text(encoding="utf-8")
    assert "{last_committee_index}" in text
    file.write_text(text.replace("{last_committee_index}", "{last_committee_indx}"), encoding="utf-8")
    with pytest.raises(RuleFileError, match="last_committee_indx"):
        load_catalog(rules)


def test_a_fact_declared_twice_is_refused(monkeypatch):
    monkeypatch.setattr(facts, "PROVIDERS", facts.PROVIDERS + (facts.PROVIDERS[1],))
    with pytest.raises(ValueError, match="declared twice"):
        facts._registry()


def test_a_provider_that_does_not_word_its_facts_is_refused(monkeypatch):
    unworded = dict(list(facts.phase.GLOSSARY.items())[1:])
    monkeypatch.setattr(facts.phase, "GLOSSARY", unworded)
    with pytest.raises(ValueError, match="GLOSSARY must word each of its FACTS"):
        facts._registry()


def test_providers_are_the_modules_of_the_facts_package():
    names = sorted(p.stem for p in (ROOT / "checker" / "judging" / "facts").glob("[!_]*.py"))
    assert [provider_name(p) for p in PROVIDERS] == [name.replace("_", "-") for name in names]


def test_as_of_reaches_the_providers():
    data = _data(FIXTURES / "examples" / "jeveuxaider.yaml")
    early = Facts()
    facts.phase.provide(data, dt.date(1990, 1, 1), early)
    assert early.phase == "investigation"


def test_the_later_listed_of_same_day_committees_or_workshops_is_the_last():
    # docs/decisions.md, "The last" committee: on a tie, the one listed later wins
    day = "2024-12-01"
    data = {
        "committees": [{"date": day, "chaired_by_partner": True}, {"date": day, "chaired_by_partner": False}],
        "security": {"risk_workshops": [{"date": day, "method": "ebios-rm"}, {"date": day, "method": "Pentest"}]},
        "startup": {"phases": [{"name": "construction", "start": day}, {"name": "acceleration", "start": day}]},
    }
    out = Facts()
    for provider in (facts.investment_committee, facts.risk_workshops, facts.phase):
        provider.provide(data, AS_OF, out)
    assert out.values["last_committee_chaired_by_partner"] is False and out.display["last_committee_index"] == 1
    assert out.values["last_workshop_method"] == "pentest" and out.display["last_workshop_index"] == 1
    assert out.phase == "acceleration"


@pytest.mark.parametrize(
    "value, fr, en",
    [
        ("19200", "19\u202f200", "19,200"),  # a narrow no-break space between thousands
        ("1234567.5", "1\u202f234\u202f567,5", "1,234,567.5"),
        ("0.125", "0,12", "0.12"),  # half to even, as round() does
        ("0.135", "0,14", "0.14"),
        ("2/3", "0,67", "0.67"),
        ("-1/3", "-0,33", "-0.33"),
        ("-0.004", "0", "0"),  # rounds to nothing: no sign
        ("-12.5", "-12,5", "-12.5"),
        ("99.999", "100", "100"),
        ("0", "0", "0"),
    ],
)
def test_objective_quantities_are_written_as_each_language_writes_numbers(value, fr, en):
    from fractions import Fraction

    from checker.judging.facts.annex_objectives import quantity

    assert (quantity(Fraction(value), "fr"), quantity(Fraction(value), "en")) == (fr, en)
