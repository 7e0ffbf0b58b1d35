"""Every finding says what to write (checker/judging/hints.py) and never invents a fact: the key path
in backticks and the shape of the value with placeholders that name what to write
(checker/reading/placeholders.py), the only literal values being those the rules decide or the near
miss of what was written; where the fix is an act there is no key to write; an exemption is
offered on breaches and deadlines, never on blanks."""

import json
import re

import pytest
import yaml
from conftest import AS_OF, FIXTURES, ROOT, run_cli
from test_paste_hints import _leaves

from checker.foundation.messages import LANGS
from checker.judging import hints
from checker.reading import placeholders

RULES_DIR = FIXTURES / "rules"
TICKED = re.compile(r"`([^`]*)`")


def _fail_results(catalog, lang="fr"):
    from checker.judging.evaluate import Evaluator

    ev = Evaluator(catalog, AS_OF, lang)
    for obligation in catalog.obligations:
        for rule in obligation.rules:
            path = RULES_DIR / obligation.id / f"{rule.id}.fail.yaml"
            result = ev.check_file(path)
            assert result.status != "invalid", result.errors
            yield rule, path, result


def _prefix(shown: str, path: str) -> bool:
    """``shown`` (a backticked key, ``team.intrapreneur:`` or ``name: x``) names ``path`` or one
    of its ancestors, or, for a fact its object lacks, one of its siblings."""
    key = shown.lstrip("- ").split(":")[0].strip()
    want, got = hints.parts(path), hints.parts(key)
    return bool(key) and (want[: len(got)] == got or want[:-1] == got[:-1])


def _templates(catalog):
    """Every rule path template, its list indices as ``[0]`` (other placeholders: the fail
    fixtures' actual paths cover them)."""
    for obligation in catalog.obligations:
        for rule in obligation.rules:
            for template in rule.paths:
                concrete = re.sub(r"\[\{[^}]*\}\]", "[0]", template)
                if "{" not in concrete:
                    yield rule.id, concrete


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_path_has_a_shape_to_write(catalog, lang):
    """A hint can be given for every path a rule points at: a placeholder, a decided value, or
    an object (a list) of them."""
    paths = set(_templates(catalog))
    paths |= {(r.id, f.path) for r, _, result in _fail_results(catalog) for f in result.findings}
    assert len(paths) > 80
    missing = sorted(f"{rid}: {p}" for rid, p in paths if placeholders.whole(hints.parts(p), lang) is None)
    assert not missing, "rule paths without a shape:\n" + "\n".join(missing)


def test_the_placeholder_table_names_only_fields_of_the_schema():
    for path in list(placeholders.DESCRIBED) + list(placeholders.SHAPES):
        concrete = hints.parts(path.replace("[]", "[0]"))
        assert placeholders.schema_node(concrete) is not None, path
    for path, keys in placeholders.SHAPES.items():
        node = placeholders.schema_node(hints.parts(path.replace("[]", "[0]")))
        assert set(keys) <= set(node["properties"]), path
    assert placeholders.schema_node(("team", "intrapreneur", "nom")) is None  # the check can fail


@pytest.mark.parametrize("lang", LANGS)
def test_every_placeholder_reads_back_as_written_and_is_recognised(lang):
    """Pasted in a block or in braces, a placeholder is read back as the same text, and the
    schema stage recognises it (so it is never taken for a fact)."""
    shown = set()
    for path in placeholders.DESCRIBED:
        value = placeholders.shown(hints.parts(path.replace("[]", "[0]")), lang)
        if value is True:
            continue
        shown.add(value)
        for text in (f"k: {value}\n", f"k: {{a: {value}, b: 1}}\n", f"k: [{value}]\n"):
            data = yaml.safe_load(text)["k"]
            assert value in (data, data.get("a") if isinstance(data, dict) else data[0]), text
        assert placeholders.is_placeholder(value) and placeholders.is_placeholder(f"  {value.upper()} ")
    assert len(shown) > 30
    assert {"AAAA-MM-JJ", "<true ou false>", "<anssi-agile ou ebios-rm>"} <= shown or lang == "en"
    assert not placeholders.is_placeholder("Claire Dupuis") and not placeholders.is_placeholder("<dpo@x.gouv.fr>")


def _schema_examples(node):
    """Every scalar of the schema's ``examples`` (other startups' values)."""
    if isinstance(node, dict):
        for key, child in node.items():
            if key == "examples":
                yield from _scalars(child)
            else:
                yield from _schema_examples(child)
    elif isinstance(node, list):
        for child in node:
            yield from _schema_examples(child)


def _scalars(value):
    """The texts and numbers of ``value``, as text."""
    return (str(v) for v in _leaves(value) if isinstance(v, str | int | float) and not isinstance(v, bool))


@pytest.mark.parametrize("lang", LANGS)
def test_every_fail_fixture_finding_hint_names_its_key_and_no_other_startups_value(catalog, lang):
    from checker.reading.schemas import declaration_schema

    # the schema's sample values, but not its words (an enum value, a key): a name, an amount, an address
    samples = {
        v for v in _schema_examples(declaration_schema()) if len(v) > 3 and not re.fullmatch(r"[a-z_-]+|(19|20)\d\d", v)
    }
    assert {"Jeanne Martin", "14000", "AGPL-3.0", "dpo@jeunesse-sports.gouv.fr"} <= samples
    problems, count = [], 0
    for _, path, result in _fail_results(catalog, lang):
        own = set(_scalars(yaml.safe_load(path.read_text(encoding="utf-8"))))
        own |= {"https://" + v[len("http://") :] for v in own if v.startswith("http://")}  # its near miss
        for f in result.findings:
            if not f.fix:
                continue
            count += 1
            where = f"{path.name} {f.rule} {f.path}: {f.fix!r}"
            shown = TICKED.findall(f.fix)
            if not any(_prefix(s, f.path) for s in shown) and not f.fix.startswith(("si l'", "if the")):
                problems.append(f"no key path in backticks: {where}")
            problems += [f"another startup's value {v!r}: {where}" for v in samples - own if v in f.fix]
            if re.search(r"\d{4}-\d{2}-\d{2}", f.fix):
                problems.append(f"a date: {where}")
            if lang == "en" and re.search(r"ajoutez|écrivez|clé|sous `", f.fix):
                problems.append(f"French in --lang en: {where}")
    assert count > 60
    assert not problems, "\n".join(problems)


def _fixes(result):
    return {f.rule: f.fix for f in result.findings}


def test_where_the_fix_is_an_act_there_is_no_key_to_write(check_text):
    """Issue 22: a missed annex objective, a budget close to its ceiling, a convention ending
    soon: nothing to paste; the message says what to do."""
    result = check_text((FIXTURES / "examples/jeveuxaider.yaml").read_text(encoding="utf-8"))
    fixes = _fixes(result)
    assert {"objective-missed", "budget-near-ceiling", "convention-ends-soon"} <= set(fixes)
    assert fixes["objective-missed"] is None and fixes["budget-near-ceiling"] is None
    assert fixes["convention-ends-soon"] is None
    assert fixes["risk-workshop-overdue"].startswith(
        "une fois le prochain tenu, déclarez-le sous `security.risk_workshops:` :"
        " `- {date: AAAA-MM-JJ, method: <anssi-agile ou ebios-rm>}`"
    )
    assert fixes["objective-unmeasured"] == (
        "dans l'élément `objectives[2]`, ajoutez `measurements: [{on: AAAA-MM-JJ, value: <valeur mesurée>}]`"
    )
    breach = check_text(RISK + "team:\n  intrapreneur: {name: Claire Dupuis, public_agent: false}\n")
    (f,) = [f for f in breach.findings if f.rule == "intrapreneur-public-agent"]
    assert "public_agent: true" not in f.fix and f.fix.startswith("si l'obligation ne peut pas être tenue")


def test_missing_keys_are_located_at_their_nearest_existing_key(catalog):
    from checker.reading.loader import load_file, path_str

    checked = 0
    for _, path, result in _fail_results(catalog):
        doc, _ = load_file(path)
        for f in result.findings:
            keys = hints.parts(f.path)
            depth, _ = hints._walk(doc.data, keys)
            if depth == len(keys):
                continue
            checked += 1
            if depth:
                existing = keys[:depth]
                assert (f.line, f.column) == doc.locate_key(path_str(existing)), (path.name, f.path)
                assert (f.line, f.column) != (1, 1)
                last = existing[-1]
                assert f"`{path_str(existing)}{'' if isinstance(last, int) else ':'}`" in f.fix, f.fix
            else:
                assert f"`{keys[0]}: " in f.fix, f.fix
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
    assert f.fix == (
        "sous `security:`, ajoutez en retrait `risk_workshops: [{date: AAAA-MM-JJ, method: <anssi-agile ou ebios-rm>}]`"
    )  # a blank to fill in: no exemption offered


def test_risk_workshop_missing_with_no_security_section(check_text):
    result = check_text(RISK.replace("security:\n  mon_service_securise: true\n", ""), lang="en")
    (f,) = [f for f in result.findings if f.rule == "risk-workshop-held"]
    assert (f.line, f.column) == (1, 1)
    assert f.fix == (
        "add at the top level of the file (not indented)"
        " `security: {risk_workshops: [{date: YYYY-MM-DD, method: <anssi-agile or ebios-rm>}]}`"
    )


def test_overdue_workshop_asks_to_declare_the_next_one_once_held(check_text):
    overdue = RISK.replace(
        "  mon_service_securise: true\n", "  risk_workshops: [{date: 2020-01-10, method: ebios-rm}]\n"
    )
    for lang, wanted, offer in (
        (
            "fr",
            "une fois le prochain tenu, déclarez-le sous `security.risk_workshops:` : "
            "`- {date: AAAA-MM-JJ, method: <anssi-agile ou ebios-rm>}`",
            " ; si l'obligation ne peut pas être tenue, une dérogation approuvée est possible : sous `exemptions:`,"
            " ajoutez `- {obligation: risk-workshops, reason: <motif de la dérogation>,"
            " approved_by: <instance qui a approuvé la dérogation>, expires_on: AAAA-MM-JJ}`",
        ),
        (
            "en",
            "once the next one is held, declare it under `security.risk_workshops:`: "
            "`- {date: YYYY-MM-DD, method: <anssi-agile or ebios-rm>}`",
            "; if the obligation cannot be met, an approved exemption is possible: under `exemptions:`,"
            " add `- {obligation: risk-workshops, reason: <reason for the exemption>,"
            " approved_by: <body that approved the exemption>, expires_on: YYYY-MM-DD}`",
        ),
    ):
        result = check_text(overdue, lang=lang)
        (f,) = [f for f in result.findings if f.rule == "risk-workshop-overdue"]
        assert f.fix == wanted + offer and (f.line, f.column) == (7, 27)  # at the date


def test_intrapreneur_and_indicator_hints(check_text):
    result = check_text(RISK + "team:\n  intrapreneur: {public_agent: true}\n")
    (f,) = [f for f in result.findings if f.rule == "intrapreneur-named"]
    assert f.fix == "sous `team.intrapreneur:`, ajoutez en retrait `name: <prénom et nom de l'intrapreneur>`"
    assert (f.line, f.column) == (9, 3)
    indicator = FIXTURES / "rules/investment-committee/committee-indicator-incomplete.fail.yaml"
    result = check_text(indicator.read_text(encoding="utf-8"))
    (f,) = [f for f in result.findings if f.rule == "committee-indicator-incomplete"]
    assert f.fix == "dans l'élément `committees[0].indicators[1]`, ajoutez `objective_6_months: <objectif à 6 mois>`"
    blank = check_text(RISK + "team:\n  intrapreneur: {name: ' ', public_agent: true}\n", lang="en")
    (f,) = [f for f in blank.findings if f.rule == "intrapreneur-named"]
    assert f.fix == "under `team.intrapreneur:`, write `name: <intrapreneur's first and last name>`"  # never dotted


def test_exemption_offered_once_on_breaches_and_deadlines_never_on_blanks(catalog):
    offered = 0
    for _, path, result in _fail_results(catalog):
        for oid in {f.obligation for f in result.findings}:
            findings = [f for f in result.findings if f.obligation == oid]
            mentions = sum((f.fix or "").count("`exemptions:`") for f in findings)
            exemptable = [f for f in findings if f.outcome == "fail" and f.cause in ("breach", "deadline")]
            assert mentions == (1 if exemptable else 0), (path.name, oid, [(f.cause, f.fix) for f in findings])
            if exemptable:
                offered += 1
                assert f"obligation: {oid}," in exemptable[0].fix
    assert offered > 30


def test_no_exemption_mention_when_one_is_declared_or_refused(check_text):
    overdue = RISK.replace(
        "  mon_service_securise: true\n", "  risk_workshops: [{date: 2020-01-10, method: ebios-rm}]\n"
    )
    declared = overdue + (
        "exemptions:\n  - {obligation: risk-workshops, reason: r, approved_by: a, expires_on: 2020-01-01}\n"
    )
    result = check_text(declared)
    risk = [f for f in result.findings if f.obligation == "risk-workshops"]
    assert any(f.outcome == "fail" for f in risk) and not any("`exemptions:`" in (f.fix or "") for f in risk)
    expired = [f for f in risk if f.rule == "exemption-expired"]
    assert expired and expired[0].fix is None  # its date is written: renewing it is an act
    refused = check_text(overdue, exemptions=False)
    assert refused.findings and not any("`exemptions:`" in (f.fix or "") for f in refused.findings)
    assert any("`exemptions:`" in (f.fix or "") for f in check_text(overdue).findings)


def test_passing_rules_carry_no_fix(check_text):
    result = check_text((FIXTURES / "examples/exemple-conforme.yaml").read_text(encoding="utf-8"), verbose=True)
    assert result.findings and all(f.fix is None for f in result.findings if f.outcome in ("pass", "not-applicable"))


def test_every_reporter_shows_the_fix(tmp_path):
    target = tmp_path / "risques.yaml"
    target.write_text(RISK, encoding="utf-8")
    wanted = "risk_workshops: [{date: AAAA-MM-JJ, method: &lt;anssi-agile ou ebios-rm&gt;}]"
    plain = wanted.replace("&lt;", "<").replace("&gt;", ">")
    for fmt in ("table", "json", "markdown", "html", "github", "sarif", "junit"):
        code, out, err = run_cli("check", str(target), "--as-of", "2025-01-15", "--format", fmt)
        assert code == 1, (fmt, err)
        if fmt == "json":
            (fix,) = [
                f["fix"] for f in json.loads(out)["declarations"][0]["findings"] if f["rule"] == "risk-workshop-held"
            ]
            assert plain in fix
        elif fmt == "html":
            assert f"<code>{wanted}</code>" in out
            assert "`security:`" not in out  # backticks become code, never shown raw
        elif fmt == "markdown":
            assert "→ sous `security:`, ajoutez en retrait `risk_workshops: [{date: AAAA-MM-JJ, method: " in out
        elif fmt in ("sarif", "junit"):
            assert plain in out.replace("&lt;", "<").replace("&gt;", ">").replace("\\u003c", "<"), fmt
        else:
            assert plain in out, fmt


def test_hints_are_documented_for_partners():
    page = (ROOT / "docs" / "partner.md").read_text(encoding="utf-8")
    assert "`fix`" in page and "à remplacer" in page and "placeholders.py`" in page


def test_literal_values_are_the_rules_or_the_near_miss_of_what_was_written(check_text):
    """The only values a hint writes itself: a commitment the rule asks for, the SPDX id of a
    licence written by its name, the recognised id of a method written otherwise, the https of
    an http publication address; never an address made from the startup's id."""
    text = RISK.replace("  id: risques\n", "  id: mon-produit\n") + (
        "convention:\n  signed_on: 2024-01-15\n  ends_on: 2026-01-15\n"
        "  publication: {data_gouv_fr: 'http://www.data.gouv.fr/fr/datasets/x/'}\n"
        "source_code: {repositories: ['https://github.com/x/y'], licence: MIT License}\n"
    )
    text = text.replace("  mon_service_securise: true\n", "  risk_workshops: [{date: 2024-10-01, method: EBIOS RM}]\n")
    result = check_text(text.replace("commitments: {approach: true}", "commitments: {approach: false}"))
    fixes = _fixes(result)
    assert fixes["approach-commitment"].startswith("sous `commitments:`, écrivez `approach: true`")
    assert fixes["open-source-licence-authorised"].startswith("sous `source_code:`, écrivez `licence: MIT`")
    assert fixes["risk-workshop-method"].startswith("sous `security.risk_workshops[0]`, écrivez `method: ebios-rm`")
    assert fixes["publication-data-gouv-fr-url"].startswith(
        "sous `convention.publication:`, écrivez `data_gouv_fr: https://www.data.gouv.fr/fr/datasets/x/`"
    )
    assert fixes["product-page-missing"] == (
        "ajoutez au premier niveau du fichier (sans retrait)"
        " `product_page: {url: <adresse de la fiche produit sur beta.gouv.fr>, updated_on: AAAA-MM-JJ}`"
    )
    cbcm = [f.fix for f in result.findings if f.obligation == "cbcm-copy"]
    assert len(cbcm) == 2 and all(
        f.startswith(
            "sous `convention:`, ajoutez en retrait `copy_sent_to_cbcm: {prime_minister: AAAA-MM-JJ, partner: AAAA-MM-JJ}`"
        )
        for f in cbcm
    )
    assert "mon-produit" not in " ".join(f.fix or "" for f in result.findings)
    unknown = check_text(text.replace("method: EBIOS RM", "method: atelier maison"))
    (f,) = [f for f in unknown.findings if f.rule == "risk-workshop-method"]
    assert "method:" not in f.fix  # no near miss: the act is in the message, the offer remains


def test_method_near_misses():
    from checker.judging.hints import https_meant
    from checker.reading.nearmiss import method_meant
    from checker.reading.vocabulary import recognised_methods

    assert recognised_methods() == ("anssi-agile", "ebios-rm")
    assert [method_meant(w) for w in ("EBIOS RM", "Ebios Risk Manager", "ANSSI agile", "ebios-rm", "maison")] == [
        "ebios-rm",
        "ebios-rm",
        "anssi-agile",
        None,
        None,
    ]
    assert https_meant("http://www.gouvernement.fr/x", "gouvernement.fr") == "https://www.gouvernement.fr/x"
    assert https_meant("http://example.org/x", "gouvernement.fr") is None
    assert https_meant("https://www.gouvernement.fr/x", "gouvernement.fr") is None


def test_remembered_hints_are_the_hints_computed_afresh(catalog):
    """A hint is remembered by path, cause, parts found and the shapes of the value found and
    of its object (the same findings come back in file after file): every fix of every failing
    rule fixture and of the examples, in both languages, is the same text whether computed
    afresh or remembered after all the others, in the other order."""
    from checker.judging.evaluate import Evaluator

    files = sorted(RULES_DIR.glob("*/*.fail.yaml")) + sorted((FIXTURES / "examples").glob("*.yaml"))
    assert len(files) > 70

    def fixes(order, lang):
        found = {}
        ev = Evaluator(catalog, AS_OF, lang)
        for path in order:
            result = ev.check_file(path)
            found[path] = [(f.rule, f.path, f.fix) for f in result.findings]
        return found

    for lang in LANGS:
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


@pytest.mark.parametrize("lang", LANGS)
def test_remembered_hints_follow_the_value_found(lang):
    """The same path with values of other shapes gets its own hint, never one remembered for
    another value: a licence written otherwise, a mapping holding other keys, an empty list or
    not, a date or a blank, a sibling present or not."""
    variants = [
        ("source_code.licence", {"source_code": {"licence": "MIT License"}}, "breach"),
        ("source_code.licence", {"source_code": {"licence": "Proprietary"}}, "breach"),
        ("source_code.licence", {"source_code": {"licence": ""}}, "missing"),
        ("team.intrapreneur", {"team": {"intrapreneur": {"name": "Ada"}}}, "missing"),
        ("team.intrapreneur", {"team": {"intrapreneur": {"name": "Ada", "public_agent": None}}}, "missing"),
        ("team.intrapreneur", {"team": {"intrapreneur": {"public_agent": True}}}, "missing"),
        ("committees", {"committees": []}, "missing"),
        ("committees", {"committees": [{"date": "2024-01-10"}]}, "missing"),
        ("convention.signed_on", {"convention": {"signed_on": "2024-01-10"}}, "missing"),
        ("convention.signed_on", {"convention": {"signed_on": "2024-01-10", "ends_on": "2025-01-10"}}, "missing"),
        ("convention.signed_on", {"convention": {}}, "missing"),
        ("convention.signed_on", {}, "missing"),
    ]
    hints._HINTS.clear()
    fresh = []
    for path, data, cause in variants:
        hints._HINTS.clear()
        fresh.append(hints.hint(path, data, lang, cause=cause))
    assert len(set(fresh)) >= 9  # the shapes do give different hints
    for order in (variants, list(reversed(variants))):
        hints._HINTS.clear()
        warm = {(path, json.dumps(data)): hints.hint(path, data, lang, cause=cause) for path, data, cause in order}
        assert [warm[(path, json.dumps(data))] for path, data, _ in variants] == fresh
