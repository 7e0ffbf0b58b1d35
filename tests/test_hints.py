"""Every finding says what to write (checker/hints.py): the key path in backticks, a valid
example from the schema, where to add a missing key (and the finding located there), and once
per failing obligation that an exemption may be declared."""

import json
import re

import pytest
from conftest import AS_OF, FIXTURES, ROOT, run_cli

from checker import hints
from checker.schema import declaration_schema

RULES_DIR = FIXTURES / "rules"
TICKED = re.compile(r"`([^`]*)`")


def _fail_results(catalog, lang="fr"):
    from checker.evaluate import Evaluator

    ev = Evaluator(catalog, AS_OF, lang)
    for obligation in catalog.obligations:
        for rule in obligation.rules:
            path = RULES_DIR / obligation.id / f"{rule.id}.fail.yaml"
            result = ev.check_file(path)
            assert result.status != "invalid", result.errors
            yield rule, path, result


def _prefix(shown: str, path: str) -> bool:
    """``shown`` (a backticked key, ``team.intrapreneur:`` or ``name: x``) names ``path`` or one
    of its ancestors."""
    key = shown.split(":")[0].strip()
    return bool(key) and hints.parts(path)[: len(hints.parts(key))] == hints.parts(key)


def _example_shown(path: str, fix: str, own: str | None = None) -> bool:
    """Some example of the schema for ``path`` (the value, an item of it, or a key it lacks)
    appears in ``fix``: its dates as the placeholder, the example startup's id as ``own``."""
    keys = hints.parts(path)
    wanted = []
    for depth in range(len(keys), 0, -1):  # the value or the item a deadline asks to add
        for candidate in (hints.example(keys[:depth]), hints.example(keys[:depth] + (0,))):
            if candidate is not hints._MISSING:
                wanted.append(hints.flow(candidate))
                if isinstance(candidate, dict):
                    wanted += [f"{k}: {hints.flow(v)}" for k, v in candidate.items()]
    sample = hints.example(("startup", "id"))

    def shown(text: str) -> str:
        text = text.replace(sample, own) if own else text
        return re.sub(r"\d{4}-\d{2}-\d{2}|AAAA-MM-JJ|YYYY-MM-DD", "DATE", text)

    return any(shown(w) in shown(fix) for w in wanted)


def _templates(catalog):
    """Every rule path template, its list indices as ``[0]`` (other placeholders: the fail
    fixtures' actual paths cover them)."""
    for obligation in catalog.obligations:
        for rule in obligation.rules:
            for template in rule.paths:
                concrete = re.sub(r"\[\{[^}]*\}\]", "[0]", template)
                if "{" not in concrete:
                    yield rule.id, concrete


def test_every_rule_path_has_a_schema_example(catalog):
    paths = set(_templates(catalog))
    paths |= {(r.id, f.path) for r, _, result in _fail_results(catalog) for f in result.findings}
    assert len(paths) > 80
    missing = sorted(f"{rid}: {p}" for rid, p in paths if hints.example(p) is hints._MISSING)
    assert not missing, "rule paths without a schema example:\n" + "\n".join(missing)


def _examples(node, where="#"):
    if isinstance(node, dict):
        if "examples" in node:
            yield where, node
        for key, child in node.items():
            yield from _examples(child, f"{where}/{key}")
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _examples(child, f"{where}/{i}")


def test_every_example_validates_against_its_own_schema_node():
    from jsonschema import Draft202012Validator

    root = declaration_schema()
    found = list(_examples(root))
    assert len(found) > 60
    problems = []
    for where, node in found:
        schema = dict(node, **{"$defs": root["$defs"]})
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        for value in node["examples"]:
            problems += [f"{where}: {e.message}" for e in validator.iter_errors(value)]
    assert not problems, "\n".join(problems)
    # and a wrong value is refused there: the check can fail
    node = hints.schema_node("team.intrapreneur.public_agent")
    validator = Draft202012Validator(dict(node, **{"$defs": root["$defs"]}))
    assert list(validator.iter_errors("oui"))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_fail_fixture_finding_names_its_key_and_an_example(catalog, lang):
    problems, count = [], 0
    for _, path, result in _fail_results(catalog, lang):
        for f in result.findings:
            count += 1
            where = f"{path.name} {f.rule} {f.path}: {f.fix!r}"
            if not f.fix:
                problems.append(f"no fix: {where}")
                continue
            shown = TICKED.findall(f.fix)
            if not any(_prefix(s, f.path) for s in shown):
                problems.append(f"no key path in backticks: {where}")
            if not _example_shown(f.path, f.fix, result.startup):
                problems.append(f"no example: {where}")
            if lang == "en" and re.search(r"ajoutez|écrivez|clé", f.fix):
                problems.append(f"French in --lang en: {where}")
    assert count > 60
    assert not problems, "\n".join(problems)


def _ancestor(data, path):
    """The deepest existing part of ``path`` and whether the whole path exists."""
    keys = hints.parts(path)
    depth, _ = hints._walk(data, keys)
    return keys[:depth], depth == len(keys)


def test_missing_keys_are_located_at_their_nearest_existing_key(catalog):
    from checker.loader import load_file, path_str

    checked = 0
    for _, path, result in _fail_results(catalog):
        doc, _ = load_file(path)
        for f in result.findings:
            existing, whole = _ancestor(doc.data, f.path)
            if whole:
                continue
            checked += 1
            if existing:
                assert (f.line, f.column) == doc.locate_key(path_str(existing)), (path.name, f.path)
                assert (f.line, f.column) != (1, 1)
                last = existing[-1]
                assert f"`{path_str(existing)}{'' if isinstance(last, int) else ':'}`" in f.fix, f.fix
            else:
                assert f"`{hints.parts(f.path)[0]}" in f.fix, f.fix
    assert checked > 15


RISK = """\
schema_version: 1
startup:
  id: risques
  phases: [{name: acceleration, start: 2021-06-01}]
commitments: {approach: true}
security:
  mon_service_securise: true
"""


def test_risk_workshop_missing_under_existing_security(check_text):
    result = check_text(RISK)
    (f,) = [f for f in result.findings if f.rule == "risk-workshop-held"]
    assert (f.line, f.column) == (6, 1) and f.path == "security.risk_workshops"
    assert f.fix.startswith(
        "sous `security:`, ajoutez en retrait `risk_workshops: [{date: AAAA-MM-JJ, method: anssi-agile}]`"
    )
    assert f.fix.count("`exemptions:`") == 1 and "obligation: risk-workshops" in f.fix


def test_risk_workshop_missing_with_no_security_section(check_text):
    result = check_text(RISK.replace("security:\n  mon_service_securise: true\n", ""), lang="en")
    (f,) = [f for f in result.findings if f.rule == "risk-workshop-held"]
    assert (f.line, f.column) == (1, 1)
    assert f.fix.startswith(
        "add at the top level of the file (not indented) `security: {risk_workshops: [{date: YYYY-MM-DD, method: anssi-agile}]}`"
    )
    assert (
        "under `exemptions:`, add `- {obligation: risk-workshops, reason: …, approved_by: …, expires_on: …}`" in f.fix
    )


def test_overdue_workshop_asks_for_the_next_one_without_a_past_date(check_text):
    overdue = RISK.replace(
        "  mon_service_securise: true\n", "  risk_workshops: [{date: 2020-01-10, method: ebios-rm}]\n"
    )
    for lang, wanted in (
        (
            "fr",
            "sous `security.risk_workshops:`, ajoutez le suivant, à la date où il se tient : "
            "`- {date: AAAA-MM-JJ, method: anssi-agile}`",
        ),
        (
            "en",
            "under `security.risk_workshops:`, add the next one, on the day it is held: "
            "`- {date: YYYY-MM-DD, method: anssi-agile}`",
        ),
    ):
        result = check_text(overdue, lang=lang)
        (f,) = [f for f in result.findings if f.rule == "risk-workshop-overdue"]
        assert f.fix.startswith(wanted) and (f.line, f.column) == (7, 27)  # at the date


def test_intrapreneur_and_indicator_hints(check_text):
    result = check_text(RISK + "team:\n  intrapreneur: {public_agent: true}\n")
    (f,) = [f for f in result.findings if f.rule == "intrapreneur-named"]
    assert f.fix.startswith("sous `team.intrapreneur:`, ajoutez en retrait `name: Jeanne Martin`")
    assert (f.line, f.column) == (9, 3)
    indicator = FIXTURES / "rules/investment-committee/committee-indicator-incomplete.fail.yaml"
    result = check_text(indicator.read_text(encoding="utf-8"))
    (f,) = [f for f in result.findings if f.rule == "committee-indicator-incomplete"]
    assert f.fix.startswith("dans l'élément `committees[0].indicators[1]`, ajoutez `objective_6_months: 28000`")
    wrong = check_text(RISK + "team:\n  intrapreneur: {name: Jeanne, public_agent: false}\n")
    (f,) = [f for f in wrong.findings if f.rule == "intrapreneur-public-agent"]
    assert f.fix.startswith("sous `team.intrapreneur:`, écrivez `public_agent: true`")  # never a dotted key


def test_exemption_mentioned_once_per_failing_obligation(catalog):
    for _, path, result in _fail_results(catalog):
        for oid in {f.obligation for f in result.findings}:
            findings = [f for f in result.findings if f.obligation == oid]
            mentions = sum((f.fix or "").count("`exemptions:`") for f in findings)
            failing = any(f.outcome == "fail" for f in findings)
            assert mentions == (1 if failing else 0), (path.name, oid, [f.fix for f in findings])
            first_fail = next((f for f in findings if f.outcome == "fail"), None)
            if first_fail:
                assert f"obligation: {oid}," in first_fail.fix


def test_no_exemption_mention_when_one_is_declared_or_refused(check_text):
    declared = RISK + (
        "exemptions:\n  - {obligation: risk-workshops, reason: r, approved_by: a, expires_on: 2020-01-01}\n"
    )
    result = check_text(declared)
    risk = [f for f in result.findings if f.obligation == "risk-workshops"]
    assert any(f.outcome == "fail" for f in risk) and not any("`exemptions:`" in (f.fix or "") for f in risk)
    expired = [f for f in risk if f.rule == "exemption-expired"]
    assert expired and expired[0].fix.startswith("clé `exemptions[0].expires_on`")
    refused = check_text(RISK, exemptions=False)
    assert refused.findings and not any("`exemptions:`" in (f.fix or "") for f in refused.findings)


def test_passing_rules_carry_no_fix(check_text):
    result = check_text((FIXTURES / "examples/exemple-conforme.yaml").read_text(encoding="utf-8"), verbose=True)
    assert result.findings and all(f.fix is None for f in result.findings if f.outcome in ("pass", "not-applicable"))


def test_every_reporter_shows_the_fix(tmp_path):
    target = tmp_path / "risques.yaml"
    target.write_text(RISK, encoding="utf-8")
    wanted = "risk_workshops: [{date: AAAA-MM-JJ, method: anssi-agile}]"
    for fmt in ("table", "json", "markdown", "html", "github", "sarif", "junit"):
        code, out, err = run_cli("check", str(target), "--as-of", "2025-01-15", "--format", fmt)
        assert code == 1, (fmt, err)
        if fmt == "json":
            (fix,) = [
                f["fix"] for f in json.loads(out)["declarations"][0]["findings"] if f["rule"] == "risk-workshop-held"
            ]
            assert wanted in fix
        elif fmt == "html":
            assert f"<code>{wanted}</code>" in out
            assert "`security:`" not in out  # backticks become code, never shown raw
        elif fmt == "markdown":
            assert f"→ sous `security:`, ajoutez en retrait `{wanted}`" in out
        else:
            assert wanted in out, fmt


def test_schema_examples_are_documented_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`fix`" in readme


def test_hints_can_be_pasted_as_written(check_text):
    """Found by a new user: hints pasted as written must give a valid, better declaration — no
    dotted key, one line for one missing object, no other startup's past dates or id, the
    licence the person meant."""
    text = RISK.replace("  id: risques\n", "  id: mon-produit\n") + (
        "convention: {signed_on: 2024-01-15, ends_on: 2026-01-15}\n"
        "source_code: {repositories: ['https://github.com/x/y'], licence: MIT License}\n"
    )
    result = check_text(text.replace("commitments: {approach: true}", "commitments: {approach: false}"))
    fixes = {f.rule: f.fix for f in result.findings}
    assert fixes["approach-commitment"].startswith("sous `commitments:`, écrivez `approach: true`")
    assert fixes["open-source-licence-authorised"].startswith("sous `source_code:`, écrivez `licence: MIT`")
    cbcm = [f.fix for f in result.findings if f.obligation == "cbcm-copy"]
    assert len(cbcm) == 2 and all(
        f.startswith(
            "sous `convention:`, ajoutez en retrait `copy_sent_to_cbcm: {prime_minister: AAAA-MM-JJ, partner: AAAA-MM-JJ}`"
        )
        for f in cbcm
    )
    assert "https://beta.gouv.fr/startups/mon-produit.html" in fixes["product-page-missing"]
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", f.fix or "") for f in result.findings)
    assert "api-engagement" not in " ".join(f.fix or "" for f in result.findings)


def test_remembered_hints_are_the_hints_computed_afresh(catalog):
    """A hint is remembered by path, parts found and the shape of the value found (the same
    findings come back in file after file): every fix of every failing rule fixture and of the
    examples, in both languages, is the same text whether computed afresh or remembered after
    all the others, in the other order."""
    from checker.evaluate import Evaluator

    files = sorted(RULES_DIR.glob("*/*.fail.yaml")) + sorted((FIXTURES / "examples").glob("*.yaml"))
    assert len(files) > 70

    def fixes(order, lang):
        found = {}
        ev = Evaluator(catalog, AS_OF, lang)
        for path in order:
            result = ev.check_file(path)
            found[path] = [(f.rule, f.path, f.fix) for f in result.findings]
        return found

    for lang in ("fr", "en"):
        hints._HINTS.clear()
        fresh = {}
        for path in files:  # each file with nothing remembered
            hints._HINTS.clear()
            fresh.update(fixes([path], lang))
        hints._HINTS.clear()
        warm = fixes(list(reversed(files)), lang)
        assert len(hints._HINTS) > 50  # the remembered hints were used
        assert warm == fresh
        assert sum(f is not None for found in fresh.values() for _, _, f in found) > 100


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_remembered_hints_follow_the_value_found(lang):
    """The same path with values of other shapes gets its own hint, never one remembered for
    another value: a licence written otherwise, a mapping holding other keys, an empty list or
    not, a date or a word."""
    variants = [
        ("source_code.licence", {"source_code": {"licence": "MIT License"}}),
        ("source_code.licence", {"source_code": {"licence": "Proprietary"}}),
        ("source_code.licence", {"source_code": {"licence": ""}}),
        ("team.intrapreneur", {"team": {"intrapreneur": {"name": "Ada"}}}),
        ("team.intrapreneur", {"team": {"intrapreneur": {"name": "Ada", "email": None}}}),
        ("team.intrapreneur", {"team": {"intrapreneur": {"email": "ada@example.org"}}}),
        ("committees", {"committees": []}),
        ("committees", {"committees": [{"date": "2024-01-10"}]}),
        ("convention.signed_on", {"convention": {"signed_on": "2024-01-10"}}),
        ("convention.signed_on", {"convention": {"signed_on": "bientôt"}}),
        ("convention.signed_on", {"convention": {}}),
        ("convention.signed_on", {}),
    ]
    hints._HINTS.clear()
    fresh = []
    for path, data in variants:
        hints._HINTS.clear()
        fresh.append(hints.hint(path, data, lang))
    assert len(set(fresh)) >= 8  # the shapes do give different hints
    for order in (variants, list(reversed(variants))):
        hints._HINTS.clear()
        warm = {(path, json.dumps(data)): hints.hint(path, data, lang) for path, data in order}
        assert [warm[(path, json.dumps(data))] for path, data in variants] == fresh
