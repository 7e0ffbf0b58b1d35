"""Verdicts exactly as obligations.md says: phases, windows, exemptions, aggregation, JSON."""

import datetime as dt
import json
import re

import pytest
from conftest import AS_OF, FIXTURES, ROOT, run_cli

from checker.judging.rules import load_catalog

# the obligations as the spec's table lists them, in its order (obligations.md: the contract)
SPEC = (ROOT.parent / "shared" / "spec" / "obligations.md").read_text(encoding="utf-8")
SPEC_IDS = re.findall(r"^\| `([a-z-]+)` \|", SPEC, re.MULTILINE)

# the obligations, in catalogue order: the rule files are their one list
ALL_IDS = load_catalog(ROOT / "rules").obligation_ids
# obligations.md: "Closed" leaves every obligation not-applicable except the convention-level ones,
# and since the amendment of 2026-12-04 `convention-in-force` is not applicable to them either
STILL_APPLY_WHEN_CLOSED = {
    "termination-notice",
    "budget-ceiling",
    "amendments",
    "cbcm-copy",
    "publication",
    "final-report",
    "budget-underspend",
}
EXAMPLES = FIXTURES / "examples"


def decl(body: str = "", phases: str = "[{name: acceleration, start: 2021-06-01}]") -> str:
    return f"schema_version: 1\nstartup:\n  id: test\n  phases: {phases}\n{body}"


FULL_CLOSED_BODY = """convention: {signed_on: 2024-01-24, ends_on: 2025-12-31, termination: {notified_on: 2024-10-15, effective_on: 2025-01-15}, amendments: [{signed_on: 2024-06-01, sent_to_cbcm: true}],
  copy_sent_to_cbcm: {prime_minister: 2024-02-05, partner: 2024-02-07},
  publication: {gouvernement_fr: 'https://www.gouvernement.fr/x', data_gouv_fr: 'https://www.data.gouv.fr/x'}}
budget: {allocated: 100, committed: 50}
objectives: [{id: o, target: 10, due_on: 2024-12-31, measurements: [{on: 2024-06-01, value: 1}]}]
"""


@pytest.mark.parametrize("phase", ["transfere", "abandon", "abandon-investigation", "transfer", "success", "alumni"])
def test_closed_phases_leave_only_the_convention_level_obligations(check_text, phase):
    result = check_text(
        decl(FULL_CLOSED_BODY, f"[{{name: acceleration, start: 2021-06-01}}, {{name: {phase}, start: 2024-03-01}}]")
    )
    expected_phase = {"transfer": "transfere", "success": "transfere", "alumni": "abandon"}.get(phase, phase)
    assert result.phase == expected_phase
    for oid, verdict in result.obligations.items():
        if oid in STILL_APPLY_WHEN_CLOSED:
            assert verdict == "pass", oid  # final-report and budget-underspend apply: the term was 2025-01-15
        else:
            assert verdict == "not-applicable", oid
    assert result.status == "compliant"


def test_current_phase_is_latest_started_by_as_of(check_text):
    phases = "[{name: investigation, start: 2024-01-01}, {name: construction, start: 2025-06-01}]"
    result = check_text(decl("", phases))
    assert result.phase == "investigation"  # construction starts after the as-of date
    assert result.obligations["open-source"] == "not-applicable"  # investigation is active, not built
    assert result.obligations["intrapreneur"] == "fail"
    later = check_text(decl("", phases), as_of=dt.date(2025, 6, 1))
    assert later.phase == "construction" and later.obligations["open-source"] == "fail"


def test_no_phase_counts_as_investigation(check_text):
    result = check_text("schema_version: 1\nstartup: {id: test}\n")
    assert result.phase == "investigation"
    assert result.obligations["approach"] == "fail"
    assert result.obligations["impact-statistics"] == "not-applicable"


def test_json_lists_every_obligation_in_the_specs_order(check_text):
    result = check_text("schema_version: 1\nstartup: {id: test}\n")
    assert list(result.obligations) == SPEC_IDS


def test_first_committee_due_from_later_of_signature_and_first_phase(check_text):
    # signed 2024-01-24, first phase 2024-03-01: first committee due 2024-09-01
    body = "convention: {signed_on: 2024-01-24, ends_on: 2026-01-01}\n"
    phases = "[{name: investigation, start: 2024-03-01}]"
    due_soon = check_text(decl(body, phases), as_of=dt.date(2024, 8, 2))
    finding = next(f for f in due_soon.findings if f.obligation == "investment-committee")
    assert (finding.rule, finding.outcome, finding.due_on) == ("committee-due-soon", "warn", "2024-09-01")
    assert check_text(decl(body, phases), as_of=dt.date(2024, 8, 1)).obligations["investment-committee"] == "pass"
    overdue = check_text(decl(body, phases), as_of=dt.date(2024, 9, 2))
    assert overdue.obligations["investment-committee"] == "fail"


def test_committees_after_as_of_are_ignored(check_text):
    body = "convention: {signed_on: 2024-01-24, ends_on: 2026-01-01}\ncommittees:\n  - {date: 2024-12-01, chaired_by_partner: false, dinum_present: true, indicators: [{result: 1, objective_6_months: 2}]}\n"
    assert check_text(decl(body)).obligations["investment-committee"] == "fail"
    # as of before the committee, it has not been held: due from the signature (2024-07-24)
    before = check_text(decl(body), as_of=dt.date(2024, 7, 1))
    assert before.obligations["investment-committee"] == "warn"


EXEMPTION = "exemptions:\n  - {{obligation: {oid}, reason: {reason}, approved_by: Comité du 2024-06-20, expires_on: {expires}}}\n"


def test_valid_exemption_waives_fails_only(check_text):
    body = "authentication: {required: true, franceconnect: not-planned}\n" + EXEMPTION.format(
        oid="franceconnect", reason="Agents only", expires="2025-06-30"
    )
    result = check_text(decl(body))
    assert result.obligations["franceconnect"] == "waived"
    assert [f.outcome for f in result.findings if f.obligation == "franceconnect"] == ["waived"]


def test_exemption_expiring_on_as_of_date_is_still_valid(check_text):
    body = "authentication: {required: true, franceconnect: not-planned}\n" + EXEMPTION.format(
        oid="franceconnect", reason="x", expires=AS_OF.isoformat()
    )
    assert check_text(decl(body)).obligations["franceconnect"] == "waived"


def test_exemption_does_not_waive_warnings(check_text):
    body = "personal_data: {processed: true, privacy_notice_url: u, dpo_contact: d}\n" + EXEMPTION.format(
        oid="personal-data", reason="x", expires="2025-06-30"
    )
    result = check_text(decl(body))
    # the register warning stays; nothing fails so the exemption is stale
    assert result.obligations["personal-data"] == "warn"
    assert {f.rule for f in result.findings if f.obligation == "personal-data"} == {
        "personal-data-register-undeclared",
        "exemption-stale",
    }


def test_expired_exemption_waives_nothing_and_warns(check_text):
    body = "authentication: {required: true, franceconnect: not-planned}\n" + EXEMPTION.format(
        oid="franceconnect", reason="x", expires="2025-01-14"
    )
    result = check_text(decl(body))
    assert result.obligations["franceconnect"] == "fail"
    expired = next(f for f in result.findings if f.rule == "exemption-expired")
    assert (expired.outcome, expired.path, expired.line) == ("warn", "exemptions[0].expires_on", 7)


@pytest.mark.parametrize(
    "fields",
    [
        "{obligation: franceconnect, approved_by: X, expires_on: 2025-06-30}",
        "{obligation: franceconnect, reason: '  ', approved_by: X, expires_on: 2025-06-30}",
        "{obligation: franceconnect, reason: R, expires_on: 2025-06-30}",
        "{obligation: franceconnect, reason: R, approved_by: X}",
    ],
)
def test_incomplete_exemption_waives_nothing_and_warns(check_text, fields):
    body = "authentication: {required: true, franceconnect: not-planned}\nexemptions:\n  - " + fields + "\n"
    result = check_text(decl(body))
    assert result.obligations["franceconnect"] == "fail"
    assert [f.rule for f in result.findings if f.rule.startswith("exemption")] == ["exemption-invalid"]


def test_stale_exemption_on_passing_or_inapplicable_obligation_warns(check_text):
    body = "online_procedure: {is_procedure: false}\n" + EXEMPTION.format(oid="jdma", reason="x", expires="2025-06-30")
    result = check_text(decl(body))  # jdma does not apply: declared not an online procedure
    assert result.obligations["jdma"] == "warn"
    assert [f.rule for f in result.findings if f.obligation == "jdma"] == ["exemption-stale"]


def test_no_exemptions_flag(check_text):
    body = (
        "authentication: {required: true, franceconnect: not-planned}\nonline_procedure: {is_procedure: false}\n"
        + EXEMPTION.format(oid="franceconnect", reason="x", expires="2025-06-30")
        + "  - {obligation: jdma, reason: x, approved_by: y, expires_on: 2025-06-30}\n"
    )
    result = check_text(decl(body), exemptions=False)
    assert result.obligations["franceconnect"] == "fail" and result.obligations["jdma"] == "not-applicable"
    assert not [f for f in result.findings if f.rule.startswith("exemption") or f.outcome == "waived"]


def test_waived_only_declaration_is_compliant(check_text):
    example = (EXAMPLES / "api-engagement.yaml").read_text()
    result = check_text(example.replace("date: 2024-06-20", "date: 2024-12-20"))
    assert result.obligations["franceconnect"] == "waived" and result.status == "compliant"


def test_finding_fields_and_location(check_text):
    body = "team:\n  intrapreneur:\n    name: Jeanne Martin\n    public_agent: false\n"
    result = check_text(decl(body))
    finding = next(f for f in result.findings if f.rule == "intrapreneur-public-agent")
    assert (
        finding.obligation,
        finding.severity,
        finding.outcome,
        finding.path,
        finding.line,
        finding.column,
        finding.due_on,
    ) == ("intrapreneur", "error", "fail", "team.intrapreneur.public_agent", 8, 19, None)
    assert finding.reference == "Convention, article 2 — Intrapreneur et sponsors"
    assert finding.message == "L'intrapreneur doit être un agent public de l'administration partenaire."


def test_english_messages(check_text):
    result = check_text(decl("team: {intrapreneur: {name: J, public_agent: false}}\n"), lang="en")
    finding = next(f for f in result.findings if f.rule == "intrapreneur-public-agent")
    assert finding.message == "The intrapreneur must be a public agent of the partner administration."
    assert finding.reference == "Convention, article 2 — Intrapreneur and sponsors"


def test_warning_windows_both_ends_included(check_text):
    def verdict(ends_on):
        return check_text(decl(f"convention: {{signed_on: 2024-01-01, ends_on: {ends_on}}}\n")).obligations[
            "convention-in-force"
        ]

    assert verdict("2025-01-15") == "warn"  # 0 days
    assert verdict("2025-03-16") == "warn"  # 60 days
    assert verdict("2025-03-17") == "pass"  # 61 days
    assert verdict("2025-01-14") == "fail"


def test_budget_zero_allocation(check_text):
    assert check_text(decl("budget: {allocated: 0, committed: 1}\n")).obligations["budget-ceiling"] == "fail"
    # committed ≥ 90 % of allocated holds for 0 and 0: at the ceiling, a warning
    assert check_text(decl("budget: {allocated: 0, committed: 0}\n")).obligations["budget-ceiling"] == "warn"
    assert check_text(decl("budget: {}\n")).obligations["budget-ceiling"] == "fail"
    assert check_text(decl("")).obligations["budget-ceiling"] == "not-applicable"


# --- the amendment of 2026-12-04: undeclared is not "not applicable" --------------------------

# obligation -> (section, key deciding whether it applies, the rule failing when it is absent,
# a body declaring it true with everything else the obligation needs)
DECIDING = {
    "personal-data": (
        "personal_data",
        "processed",
        "personal-data-processed-undeclared",
        "personal_data: {processed: true, register_entry: true, privacy_notice_url: 'https://x.gouv.fr/c', dpo_contact: d}\n",
    ),
    "franceconnect": (
        "authentication",
        "required",
        "franceconnect-authentication-undeclared",
        "authentication: {required: true, franceconnect: planned}\n",
    ),
    "jdma": (
        "online_procedure",
        "is_procedure",
        "jdma-procedure-undeclared",
        "online_procedure: {is_procedure: true, jdma_button: true}\n",
    ),
}
CLOSED = "[{name: acceleration, start: 2021-06-01}, {name: abandon, start: 2024-03-01}]"


@pytest.mark.parametrize("oid", list(DECIDING))
@pytest.mark.parametrize("written", ["", "{section}: {{}}\n", "{section}: {{{key}: null}}\n"])
def test_an_undeclared_applicability_fact_fails_as_missing_for_an_active_startup(check_text, oid, written):
    section, key, rule, _ = DECIDING[oid]
    result = check_text(decl(written.format(section=section, key=key)))
    assert result.obligations[oid] == "fail" and result.status == "non-compliant"
    found = [(f.rule, f.outcome, f.cause, f.path) for f in result.findings if f.obligation == oid]
    assert found == [(rule, "fail", "missing", f"{section}.{key}")]
    message = next(f.message for f in result.findings if f.rule == rule)
    assert message.startswith("La déclaration ne dit pas si") and f"{section}.{key}" in message


def test_an_undeclared_fact_fails_alone_the_other_rules_wait_for_it(check_text):
    # what else the section says is not judged until the deciding fact is declared true
    body = (
        "personal_data: {register_entry: false}\nauthentication: {franceconnect: not-planned}\n"
        "online_procedure: {jdma_button: false, observatoire: {satisfaction: 1}}\n"
    )
    result = check_text(decl(body))
    assert sorted(f.rule for f in result.findings if f.obligation in DECIDING or f.obligation == "observatoire") == [
        "franceconnect-authentication-undeclared",
        "jdma-procedure-undeclared",
        "personal-data-processed-undeclared",
    ]
    assert result.obligations["observatoire"] == "not-applicable"  # unchanged: only a declared procedure


def test_a_declared_false_keeps_the_obligation_not_applicable_and_says_so(check_text):
    body = "personal_data: {processed: false}\nauthentication: {required: false}\nonline_procedure: {is_procedure: false}\n"
    result = check_text(decl(body), verbose=True)
    for oid in ("personal-data", "franceconnect", "jdma", "observatoire"):
        assert result.obligations[oid] == "not-applicable", oid
    reasons = {f.obligation: f.message for f in result.findings if f.outcome == "not-applicable"}
    assert "la déclaration indique qu'il ne traite pas de données personnelles" in reasons["personal-data"]
    assert "(authentication.required: false)" in reasons["franceconnect"]
    assert "(online_procedure.is_procedure: false)" in reasons["jdma"]
    assert "n'indique pas qu'il est une démarche en ligne" in reasons["observatoire"]


def test_a_declared_true_keeps_the_rules_of_the_table(check_text):
    bare = check_text(
        decl(
            "personal_data: {processed: true}\nauthentication: {required: true}\nonline_procedure: {is_procedure: true}\n"
        )
    )
    assert {f.rule: (f.outcome, f.cause) for f in bare.findings if f.obligation in DECIDING} == {
        "personal-data-register-undeclared": ("warn", "missing"),
        "personal-data-privacy-notice": ("fail", "missing"),
        "personal-data-dpo": ("fail", "missing"),
        "franceconnect-undeclared": ("fail", "missing"),
        "jdma-button": ("fail", "missing"),
    }
    assert bare.obligations["observatoire"] == "pass"
    complete = check_text(decl("".join(body for *_, body in DECIDING.values())))
    for oid in DECIDING:
        assert complete.obligations[oid] == "pass", oid


@pytest.mark.parametrize("phase", ["transfere", "abandon", "abandon-investigation"])
def test_closed_startups_need_neither_the_three_facts_nor_a_convention_in_force(check_text, phase):
    phases = f"[{{name: acceleration, start: 2021-06-01}}, {{name: {phase}, start: 2024-03-01}}]"
    result = check_text(decl("", phases), verbose=True)
    assert result.status == "compliant"
    for oid in ("personal-data", "franceconnect", "jdma", "observatoire", "convention-in-force"):
        assert result.obligations[oid] == "not-applicable", oid
    reason = next(f.message for f in result.findings if f.obligation == "convention-in-force")
    assert reason == (
        "Ne s'applique pas : le produit est fermé (transféré ou abandonné) : aucune convention en vigueur n'est exigée."
    )


def test_a_closed_startup_still_accounts_for_its_signed_convention(check_text):
    # the other convention-level obligations keep applying: copies, publication, final report…
    body = "convention: {signed_on: 2024-01-24, ends_on: 2024-06-30}\nbudget: {allocated: 100, committed: 50}\n"
    result = check_text(decl(body, CLOSED))
    assert result.obligations["convention-in-force"] == "not-applicable"  # ended 2024-06-30: no matter
    for oid in ("cbcm-copy", "publication", "final-report", "budget-underspend"):
        assert result.obligations[oid] == "fail", oid
    assert result.obligations["budget-ceiling"] == "pass"
    active = check_text(decl(body))
    assert active.obligations["convention-in-force"] == "fail"  # the same, active: expired


def test_null_counts_as_absent(check_text):
    result = check_text(decl("team:\n  intrapreneur:\n    name: J\n    public_agent:\n"))
    assert result.status != "invalid"
    assert result.obligations["intrapreneur"] == "warn"


@pytest.mark.parametrize(
    "name, status, verdicts",
    [
        (
            "api-engagement.yaml",
            "non-compliant",
            {
                "investment-committee": "fail",
                "franceconnect": "waived",
                "convention-in-force": "warn",
                "jdma": "not-applicable",
            },
        ),
        (
            "jeveuxaider.yaml",
            "non-compliant",
            {"risk-workshops": "fail", "open-source": "warn", "budget-ceiling": "warn", "franceconnect": "pass"},
        ),
        (
            "exemple-conforme.yaml",
            "compliant",
            {o: "pass" for o in ALL_IDS if o not in ("termination-notice", "final-report", "budget-underspend")},
        ),
    ],
)
def test_bundled_examples(evaluator, name, status, verdicts):
    result = evaluator.check_file(EXAMPLES / name)
    assert result.status == status
    for oid, verdict in verdicts.items():
        assert result.obligations[oid] == verdict, oid
    if status == "compliant":
        assert result.findings == []


def test_json_report_is_deterministic_and_documented():
    args = ("check", "fixtures/examples", "fixtures/rules/amendments", "--as-of", "2025-01-15", "--format", "json")
    first, second = run_cli(*args), run_cli(*args)
    assert first == second and first[0] == 1
    report = json.loads(first[1])
    assert list(report) == ["report_version", "generator", "as_of", "summary", "declarations"]
    assert (
        report["report_version"] == 1
        and report["generator"]["name"] == "conformite"
        and report["as_of"] == "2025-01-15"
    )
    # minimal rule fixtures break other obligations: only exemple-conforme is compliant
    assert report["summary"] == {"declarations": 9, "compliant": 1, "non_compliant": 8, "invalid": 0}
    for d in report["declarations"]:
        assert list(d) == ["file", "startup", "status", "phase", "obligations", "findings", "errors"]
        assert list(d["obligations"]) == ALL_IDS
        for f in d["findings"]:
            assert list(f)[:11] == [
                "rule",
                "obligation",
                "severity",
                "outcome",
                "message",
                "reference",
                "path",
                "line",
                "column",
                "due_on",
                "cause",
            ]
            # additive: what to write (docs/decisions.md, What to write: hints); none where the fix is an act
            assert list(f)[11:] in ([], ["fix"])
            assert f["outcome"] in ("fail", "warn", "waived") and f["line"] >= 1 and f["column"] >= 1
            assert f["cause"] in ("missing", "breach", "deadline", "exemption")


def test_streamed_json_is_byte_identical_to_json_dumps(catalog):
    from checker.judging.run import run_check
    from checker.reading.declarations import collect
    from checker.reporting import Context, render_text

    report = run_check(catalog, collect([str(FIXTURES / "examples"), str(FIXTURES / "invalid")]), AS_OF)
    assert (
        render_text("json", report, Context(catalog))
        == json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
    )
    empty = run_check(catalog, [], AS_OF)
    assert (
        render_text("json", empty, Context(catalog)) == json.dumps(empty.to_json(), ensure_ascii=False, indent=2) + "\n"
    )


def test_results_spill_to_disk_and_read_back(catalog, evaluator):
    from checker.judging.model import Results

    store = Results(spool_bytes=1000)  # forces the spill to a temporary file
    first = evaluator.check_file(EXAMPLES / "api-engagement.yaml")
    for _ in range(20):
        store.append(first)
    assert store._file._rolled and len(store) == 20
    back = list(store)
    assert back[7] == first and back[19].findings == first.findings
    assert store.status["non-compliant"] == 20 and store.verdicts["investment-committee"]["fail"] == 20
    # kept after a reading, even one left halfway: each result once, in order
    halfway = store.lines()
    next(halfway)
    second = evaluator.check_file(EXAMPLES / "exemple-conforme.yaml")
    store.append(second)
    back = list(store)
    assert len(back) == 21 and back[19] == first and back[20] == second
    store.append(first)
    assert [r.file for r in store][-3:] == [first.file, second.file, first.file]


def test_budget_with_a_vanishing_allocation(check_text):
    # found by the differential test: the percentage overflowed a float
    result = check_text(decl("budget: {allocated: 1.1125369292536007e-308, committed: 1}\n"))
    assert result.obligations["budget-ceiling"] == "fail"


@pytest.mark.parametrize(
    "startup_id, valid",
    [
        ("api-engagement", True),
        ("api.gouv.fr", True),
        ("collectif_objets", True),
        ("auxAJ", True),
        ("données-et-territoires", True),
        ("e-inspé", True),
        ("-leading-dash", True),
        ("l'appli", True),
        ("Ça.va_2", True),
        ("x" * 100, True),
        ("with space", False),
        ("a/b", False),
        ("a\\b", False),
        ("", False),
        ("x" * 101, False),
        ("tab\tid", False),
        ("nbsp\u00a0id", False),
        ("bell\u0007", False),
        ("c1\u0085", False),
        ("abc\n", False),
        ("\nabc", False),
    ],
)
def test_startup_ids_as_the_amended_spec_words_them(check_text, startup_id, valid):
    # obligations.md, amendment of 2026-11-28: "any string of 1 to 100 characters without white
    # space, control characters, / or \" (a final newline must not slip past a `$`)
    import json

    result = check_text(f"schema_version: 1\nstartup: {{id: {json.dumps(startup_id)}}}\n")
    assert (result.status != "invalid") is valid, result.errors
    if not valid:  # refused by the id pattern itself, with the rule in plain words
        assert [e.path for e in result.errors] == ["startup.id"]
        assert "1 à 100 caractères, sans espace, caractère de contrôle" in result.errors[0].message
