"""Adding an obligation is a rule file, a provider and its fixtures, and nothing else.

A copy of the package gets one more obligation, ``widget-page``, exactly as the docs say to add
one: ``rules/widget-page.yaml``, ``checker/judging/facts/widget_page.py`` and two fixtures under
``fixtures/rules/widget-page/``. The declaration gains no field (the provider reads
``statistics.url``), so neither the schema nor the questionnaire changes. In a fresh interpreter
on that copy, the new obligation is everywhere an obligation is: discovered with its facts and
their words, in the catalogue and its documentation, in the README's table, judged by its
fixtures, listed in the JSON report, and exemptable; no list was touched.
"""

import json
import os
import shutil
import subprocess
import sys

from conftest import ROOT

RULE_FILE = """\
obligation: widget-page
order: 99
article: {fr: "Convention, article 9 — Essai", en: "Convention, article 9 — Trial"}
title: {fr: "Page de statistiques déclarée", en: "Statistics page declared"}
convention_text: Une page de statistiques est déclarée.
how_to_comply: {fr: "Déclarez `statistics.url`.", en: "Declare `statistics.url`."}
deadlines:
  widget: {from: [widget_since], months: 1, label: {fr: "Essai", en: "Trial"}}
rules:
  - id: widget-page-declared
    outcome: fail
    cause: missing
    when: {fact: widget_declared, is: false}
    path: [statistics.url]
    message: {fr: "Aucune page de statistiques.", en: "No statistics page."}
    holds: {fr: "Une page de statistiques est déclarée.", en: "A statistics page is declared."}
"""

PROVIDER = '''"""widget-page (a trial obligation): whether ``statistics.url`` is declared."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checker.foundation.dates import parse_date

from ._common import Facts, put, section, text

FACTS: dict[str, str] = {"widget_declared": "bool", "widget_since": "date"}
DISPLAY: frozenset[str] = frozenset()
GLOSSARY: dict[str, dict[str, tuple[str, str] | str]] = {
    "widget_declared": {
        "fr": ("une page de statistiques est déclarée", "aucune page de statistiques n'est déclarée"),
        "en": ("a statistics page is declared", "no statistics page is declared"),
    },
    "widget_since": {"fr": "la date de l'essai", "en": "the trial's date"},
}


def provide(data: dict[str, Any], as_of: dt.date, facts: Facts) -> None:
    facts.values["widget_declared"] = text(section(data, "statistics").get("url")) is not None
    put(facts.values, "widget_since", parse_date(section(data, "convention").get("signed_on")))
'''

DECLARATION = """\
schema_version: 1
startup:
  id: fixture-widget-{kind}
  phases: [{{name: construction, start: 2024-01-01}}]
{more}"""

PROBE = """
import json, sys
from checker.judging import facts
from checker.judging.evaluate import Evaluator
from checker.judging.rules import load_catalog
from checker.reporting import docs
import datetime as dt

catalog = load_catalog()
evaluator = Evaluator(catalog, dt.date(2025, 1, 15))
outcomes = {}
for kind in ("pass", "fail"):
    result = evaluator.check_file(f"fixtures/rules/widget-page/widget-page-declared.{kind}.yaml")
    outcomes[kind] = result.obligations["widget-page"]
exempted = evaluator.check_file("exempted.yaml")
print(json.dumps({
    "providers": [facts.provider_name(p) for p in facts.PROVIDERS],
    "facts": {name: facts.FACTS.get(name) for name in ("widget_declared", "widget_since")},
    "words": facts.FACT_WORDS["widget_declared"]["en"],
    "obligations": catalog.obligation_ids,
    "label": catalog.obligation("widget-page").deadline_label("widget", "en"),
    "outcomes": outcomes,
    "exempted": [exempted.status, exempted.obligations["widget-page"]],
    "explain": docs.explain(catalog, "widget-page", "en"),
    "markdown": "## `widget-page`" in docs.markdown(catalog, "fr"),
    "readme": docs.readme_table(catalog).splitlines()[-1],
}))
"""


def _copy(tmp_path):
    """The package, its rules and their fixtures, as a newcomer's checkout would hold them."""
    ignore = shutil.ignore_patterns("__pycache__", "static")
    shutil.copytree(ROOT / "checker", tmp_path / "checker", ignore=ignore)
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "fixtures" / "rules", tmp_path / "fixtures" / "rules")


def _add_the_obligation(tmp_path):
    (tmp_path / "rules" / "widget-page.yaml").write_text(RULE_FILE, encoding="utf-8")
    (tmp_path / "checker" / "judging" / "facts" / "widget_page.py").write_text(PROVIDER, encoding="utf-8")
    fixtures = tmp_path / "fixtures" / "rules" / "widget-page"
    fixtures.mkdir()
    for kind, more in (("pass", "statistics: {url: 'https://example.org/stats'}\n"), ("fail", "")):
        text = DECLARATION.format(kind=kind, more=more)
        (fixtures / f"widget-page-declared.{kind}.yaml").write_text(text, encoding="utf-8")
    exemption = "exemptions: [{obligation: widget-page, reason: essai, approved_by: comité, expires_on: 2026-01-01}]\n"
    exempted = DECLARATION.format(kind="exempted", more=exemption)
    (tmp_path / "exempted.yaml").write_text(exempted, encoding="utf-8")


def _run(tmp_path, *args):
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    return subprocess.run(
        [sys.executable, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_a_rule_file_a_provider_and_fixtures_are_all_an_obligation_needs(tmp_path):
    _copy(tmp_path)
    _add_the_obligation(tmp_path)
    probe = _run(tmp_path, "-c", PROBE)
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    assert "widget-page" in found["providers"] and found["obligations"][-1] == "widget-page"
    assert found["facts"] == {"widget_declared": "bool", "widget_since": "date"}
    assert found["words"] == ["a statistics page is declared", "no statistics page is declared"]
    assert found["label"] == "Trial"
    assert found["outcomes"] == {"pass": "pass", "fail": "fail"}
    assert found["exempted"] == ["non-compliant", "waived"]
    assert "Statistics page declared" in found["explain"] and "no statistics page is declared" in found["explain"]
    assert found["markdown"]
    assert found["readme"] == "| `widget-page` | article 9 — Trial | Statistics page declared | 1 |"
    check = _run(
        tmp_path, "-m", "checker", "check", "fixtures/rules/widget-page", "--as-of", "2025-01-15", "--format", "json"
    )
    assert check.returncode == 1, check.stderr  # the fail fixture fails
    report = json.loads(check.stdout)
    assert [d["obligations"]["widget-page"] for d in report["declarations"]] == ["fail", "pass"]


def test_the_copy_without_the_obligation_is_the_shipped_catalogue(tmp_path):
    """The control: the same copy, nothing added, has the shipped obligations only."""
    _copy(tmp_path)
    probe = _run(
        tmp_path, "-c", "from checker.judging.rules import load_catalog; print(*load_catalog().obligation_ids)"
    )
    assert probe.returncode == 0, probe.stderr
    assert "widget-page" not in probe.stdout.split() and len(probe.stdout.split()) == 22
