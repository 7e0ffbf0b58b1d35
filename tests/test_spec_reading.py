"""An independent reading of the amended spec (obligations.md, "The amendment of 2026-11-28" and
"The amendment of 2026-12-04").

The reference below is written from the spec's text alone: it uses no checker code (no date
helper, no fact, no rule file). It gives the verdict of the five new obligations of 2026-11-28,
of `budget-ceiling` (both forms), and of the obligations the amendment of 2026-12-04 changed
(`personal-data`, `franceconnect`, `jdma`, `convention-in-force`, with `observatoire` that it
leaves as it was) for a declaration as of a date; the checker must agree on generated
declarations, as of 2025-01-15 and as of a 29 February.
"""

import calendar
import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

AS_OF_DATES = [dt.date(2024, 2, 29), dt.date(2025, 1, 15)]


# --- the reference, from the spec's words ---------------------------------------------------


def plus_months(day, months):
    """ "D + N months is the same day-of-month N months later, or the last day of that month
    when it has no such day" (obligations.md)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def a_date(value):
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        return None


def happened(value, as_of):
    """For the new obligations, "absent" includes a date after the as-of date."""
    day = a_date(value)
    return day if day is not None and day <= as_of else None


def text(value):
    """ "Empty or white-space-only text counts as absent everywhere, as null does."""
    return value.strip() if isinstance(value, str) and value.strip() else None


def amount(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return Fraction(Decimal(str(value)))  # the decimal as written, exactly


def mapping(value):
    return value if isinstance(value, dict) else {}


def timed(missing, due, as_of):
    """fail when past due with something missing, warn when due within 30 days."""
    if not missing:
        return "pass"
    if as_of > due:
        return "fail"
    return "warn" if 0 <= (due - as_of).days <= 30 else "pass"


def worst(outcomes):
    for verdict in ("fail", "warn", "pass"):
        if verdict in outcomes:
            return verdict
    return "pass"


LEGACY = {"transfer": "transfere", "success": "transfere", "alumni": "abandon"}
ACTIVE = {"investigation", "construction", "acceleration", "consolidation", "opere"}


def phase(data, as_of):
    current, start = "investigation", None
    for item in mapping(data.get("startup")).get("phases") or []:
        day = a_date(mapping(item).get("start"))
        if day and item.get("name") and day <= as_of and (start is None or day >= start):  # listed last wins
            current, start = LEGACY.get(item["name"], item["name"]), day
    return current


def budget_ceiling(data, as_of):
    if not isinstance(data.get("budget"), dict):
        return "not-applicable"
    budget = data["budget"]
    if budget.get("years") is not None:
        rows = [mapping(y) for y in budget["years"]]
        if not rows or any(
            amount(y.get("ae_allocated")) is None or amount(y.get("ae_committed")) is None for y in rows
        ):
            return "fail"
        allocated = sum(amount(y["ae_allocated"]) for y in rows)
        committed = sum(amount(y["ae_committed"]) for y in rows)
        if committed > allocated:
            return "fail"
        if any(amount(y.get(k)) is not None for y in rows for k in ("cp_allocated", "cp_paid")):
            cp_allocated = sum(amount(y.get("cp_allocated")) or 0 for y in rows)
            cp_paid = sum(amount(y.get("cp_paid")) or 0 for y in rows)
            if cp_paid > cp_allocated or cp_paid > committed:
                return "fail"
    else:
        allocated, committed = amount(budget.get("allocated")), amount(budget.get("committed"))
        if allocated is None or committed is None or committed > allocated:
            return "fail"
    return "warn" if committed >= Fraction(9, 10) * allocated else "pass"


def signed(data, as_of):
    day = a_date(mapping(data.get("convention")).get("signed_on"))
    return day if day is not None and day <= as_of else None


def cbcm_copy(data, as_of):
    signed_on = signed(data, as_of)
    if signed_on is None:
        return "not-applicable"
    copies = mapping(mapping(data["convention"]).get("copy_sent_to_cbcm"))
    missing = [k for k in ("prime_minister", "partner") if happened(copies.get(k), as_of) is None]
    return timed(missing, plus_months(signed_on, 1), as_of)


def on_site(url, site):
    found = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)", url)
    if not found or found.group(1).lower() != "https":
        return False
    host = found.group(2).rsplit("@", 1)[-1]
    host = re.sub(r":\d*$", "", host).lower()
    return host == site or host.endswith("." + site)


def publication(data, as_of):
    signed_on = signed(data, as_of)
    if signed_on is None:
        return "not-applicable"
    urls = mapping(mapping(data["convention"]).get("publication"))
    sites = {"gouvernement_fr": "gouvernement.fr", "data_gouv_fr": "data.gouv.fr"}
    declared = {k: text(urls.get(k)) for k in sites}
    if any(url is not None and not on_site(url, sites[k]) for k, url in declared.items()):
        return "fail"
    return timed([k for k, url in declared.items() if url is None], plus_months(signed_on, 2), as_of)


def term(data):
    convention = mapping(data.get("convention"))
    days = [a_date(convention.get("ends_on")), a_date(mapping(convention.get("termination")).get("effective_on"))]
    days = [d for d in days if d is not None]
    return min(days) if days else None


def final_report(data, as_of):
    end = term(data)
    if end is None or end > as_of:
        return "not-applicable"
    report = mapping(mapping(data["convention"]).get("final_report"))
    if happened(report.get("sent_on"), as_of) is None:
        return timed(["sent_on"], plus_months(end, 2), as_of)
    points = [report.get(k) for k in ("expenses", "progress", "forecast")]
    return "fail" if False in points else "warn" if None in points else "pass"


def budget_underspend(data, as_of):
    end = term(data)
    budget = mapping(data.get("budget"))
    if budget.get("years") is not None:
        rows = [mapping(y) for y in budget["years"]]
        pairs = [(amount(y.get("ae_allocated")), amount(y.get("ae_committed"))) for y in rows]
        known = bool(pairs) and all(a is not None and c is not None for a, c in pairs)
        allocated, committed = (sum(a for a, _ in pairs), sum(c for _, c in pairs)) if known else (None, None)
    else:
        allocated, committed = amount(budget.get("allocated")), amount(budget.get("committed"))
        known = allocated is not None and committed is not None
    if end is None or end > as_of or not known or not committed < allocated:
        return "not-applicable"
    notified = happened(budget.get("underspend_notified_on"), as_of)
    return timed([] if notified else ["underspend_notified_on"], plus_months(end, 1), as_of)


def objective_warns(objective, as_of):
    counted = [(happened(m.get("on"), as_of), amount(m.get("value"))) for m in objective.get("measurements") or [] if m]
    counted = [(d, v) for d, v in counted if d is not None and v is not None]
    if not counted:
        return True  # "an objective with no measurement on or before as-of"
    target, due = amount(objective.get("target")), a_date(objective.get("due_on"))
    if target is None or due is None:
        return True  # cannot be followed (the project's reading, docs/decisions.md)
    decrease = objective.get("direction") == "decrease"
    if any(d <= due and (v <= target if decrease else v >= target) for d, v in counted):
        return False  # reached
    if due < as_of:
        return True  # missed
    d2 = max(d for d, _ in counted)
    v2 = [v for d, v in counted if d == d2][-1]  # on a day with several, the one listed last
    before = [d for d, _ in counted if d < d2]
    if not before:
        return False  # no forecast
    d1 = max(before)
    v1 = [v for d, v in counted if d == d1][-1]
    left = v2 * (d2 - d1).days + (v2 - v1) * (due - d2).days
    right = target * (d2 - d1).days
    return left > right if decrease else left < right


def annex_objectives(data, as_of):
    objectives = [o for o in data.get("objectives") or [] if isinstance(o, dict)]
    if phase(data, as_of) not in ACTIVE or not objectives:
        return "not-applicable"
    return "warn" if any(objective_warns(o, as_of) for o in objectives) else "pass"


# --- the amendment of 2026-12-04, from the table and the amendment's words -------------------


def deciding(data, as_of, section, key):
    """ "absent (or <section> absent) fails", "a declared false keeps the obligation
    not-applicable", closed startups unchanged; None: a declared true, the table's rules apply."""
    if phase(data, as_of) not in ACTIVE:
        return "not-applicable"
    value = mapping(data.get(section)).get(key)
    if value is None:
        return "fail"
    return "not-applicable" if value is False else None


def personal_data(data, as_of):
    verdict = deciding(data, as_of, "personal_data", "processed")
    if verdict:
        return verdict
    declared = mapping(data["personal_data"])
    register = declared.get("register_entry")
    if (
        register is False
        or text(declared.get("privacy_notice_url")) is None
        or text(declared.get("dpo_contact")) is None
    ):
        return "fail"
    return "warn" if register is None else "pass"


def franceconnect(data, as_of):
    verdict = deciding(data, as_of, "authentication", "required")
    if verdict:
        return verdict
    # "`franceconnect` absent or `not-planned`" fails; "`planned` passes"
    return "fail" if mapping(data["authentication"]).get("franceconnect") in (None, "not-planned") else "pass"


def jdma(data, as_of):
    verdict = deciding(data, as_of, "online_procedure", "is_procedure")
    if verdict:
        return verdict
    return "pass" if mapping(data["online_procedure"]).get("jdma_button") is True else "fail"


RED_BAND = {"satisfaction": 5, "accessibility_rate": 50, "help_reachable": 70, "availability": Fraction("98.5")}


def observatoire(data, as_of):
    """Unchanged: "it applies only when `online_procedure.is_procedure: true`"."""
    procedure = mapping(data.get("online_procedure"))
    if phase(data, as_of) not in ACTIVE or procedure.get("is_procedure") is not True:
        return "not-applicable"
    reported = mapping(procedure.get("observatoire"))
    red = any(amount(reported.get(k)) is not None and amount(reported.get(k)) < bound for k, bound in RED_BAND.items())
    return "warn" if red else "pass"


def convention_in_force(data, as_of):
    """ "`convention-in-force` is now `not-applicable`" for a closed startup; otherwise the table."""
    if phase(data, as_of) not in ACTIVE:
        return "not-applicable"
    if not isinstance(data.get("convention"), dict):
        return "fail"
    signed_on, ends_on = a_date(data["convention"].get("signed_on")), a_date(data["convention"].get("ends_on"))
    if signed_on is None or ends_on is None or as_of < signed_on or as_of > ends_on:
        return "fail"
    return "warn" if (ends_on - as_of).days <= 60 else "pass"


REFERENCE = {
    "personal-data": personal_data,
    "franceconnect": franceconnect,
    "jdma": jdma,
    "observatoire": observatoire,
    "convention-in-force": convention_in_force,
    "budget-ceiling": budget_ceiling,
    "cbcm-copy": cbcm_copy,
    "publication": publication,
    "final-report": final_report,
    "budget-underspend": budget_underspend,
    "annex-objectives": annex_objectives,
}


# --- generated declarations -----------------------------------------------------------------


def around(as_of):
    """Dates on and around every edge the amendment uses (1 and 2 months, 30-day windows)."""
    edges = {
        plus_months(as_of, -m) + dt.timedelta(days=d)
        for m in (0, 1, 2, 3)
        for d in (-31, -30, -29, -1, 0, 1, 29, 30, 31)
    }
    return st.one_of(
        st.sampled_from(sorted(edges)), st.dates(as_of - dt.timedelta(days=500), as_of + dt.timedelta(days=200))
    )


def maybe(strategy):
    return st.one_of(st.none(), strategy)


AMOUNT = st.one_of(
    st.sampled_from([0, 0.1, 0.2, 0.3, 1, 90, 100, 90000.009, 90000.008, 100000.01, 581040.0, 246367.5]),
    st.integers(0, 10**6),
    st.decimals(0, 10**5, places=3).map(float),
)
URL = st.sampled_from(
    [
        "https://www.gouvernement.fr/p",
        "HTTPS://GOUVERNEMENT.FR/p",
        "http://www.gouvernement.fr/p",
        "https://gouvernement.fr.example.org/p",
        "https://user@www.data.gouv.fr:443/d",
        "https://data.gouv.fr/d",
        "https://notdata.gouv.fr/d",
        "ftp://data.gouv.fr/d",
        "",
        "   ",
        None,
    ]
)


@st.composite
def objective(draw, as_of, iso):
    kind = draw(st.sampled_from(["any", "line"]))
    item = {
        "label": draw(st.sampled_from(["Bénévoles", "", None])),
        "direction": draw(st.sampled_from(["increase", "decrease", None])),
    }
    if kind == "line":  # two measurements and a target on, just above or just below the forecast
        d2 = as_of - dt.timedelta(days=draw(st.integers(0, 60)))
        span = draw(st.integers(1, 120))
        ahead = draw(st.integers(0, 120))
        v1 = draw(st.integers(0, 1000))
        slope = draw(st.integers(-20, 20))
        v2 = v1 + slope * span
        forecast = v2 + slope * ahead
        item.update(
            target=forecast + draw(st.sampled_from([-1, 0, 0, 1])),
            due_on=(d2 + dt.timedelta(days=ahead)).isoformat(),
            measurements=[
                {"on": (d2 - dt.timedelta(days=span)).isoformat(), "value": v1},
                {"on": d2.isoformat(), "value": v2},
            ],
        )
        if draw(st.booleans()):  # a same-day measurement listed first: the last listed counts
            item["measurements"].insert(0, {"on": d2.isoformat(), "value": draw(st.integers(0, 2000))})
        return item
    item.update(
        target=draw(maybe(st.integers(0, 500))),
        due_on=draw(maybe(iso)),
        measurements=draw(
            st.lists(
                st.fixed_dictionaries(
                    {},
                    optional={"on": iso, "value": maybe(st.one_of(st.integers(0, 500), st.sampled_from([0.5, 99.99])))},
                ),
                max_size=4,
            )
        ),
    )
    return item


@st.composite
def declaration(draw, as_of):
    iso = around(as_of).map(dt.date.isoformat)
    phases = draw(
        st.lists(
            st.fixed_dictionaries(
                {"name": st.sampled_from(["construction", "acceleration", "abandon", "alumni"]), "start": iso}
            ),
            max_size=2,
        )
    )
    data = {"schema_version": 1, "startup": {"id": "gen", "phases": phases}}
    convention = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "signed_on": iso,
                "ends_on": iso,
                "termination": st.fixed_dictionaries({}, optional={"notified_on": iso, "effective_on": iso}),
                "copy_sent_to_cbcm": st.fixed_dictionaries(
                    {}, optional={"prime_minister": maybe(iso), "partner": maybe(iso)}
                ),
                "publication": st.fixed_dictionaries({}, optional={"gouvernement_fr": URL, "data_gouv_fr": URL}),
                "final_report": st.fixed_dictionaries(
                    {},
                    optional={
                        "sent_on": iso,
                        **{k: st.sampled_from([True, False, None]) for k in ("expenses", "progress", "forecast")},
                    },
                ),
            },
        )
    )
    if draw(st.booleans()):
        data["convention"] = convention
    form = draw(st.sampled_from(["none", "flat", "years"]))
    if form == "flat":
        data["budget"] = draw(
            st.fixed_dictionaries(
                {}, optional={"allocated": maybe(AMOUNT), "committed": maybe(AMOUNT), "underspend_notified_on": iso}
            )
        )
    elif form == "years":
        rows = st.lists(
            st.fixed_dictionaries(
                {"year": st.sampled_from([2023, 2024])},
                optional={k: maybe(AMOUNT) for k in ("ae_allocated", "ae_committed", "cp_allocated", "cp_paid")},
            ),
            max_size=3,
        )
        data["budget"] = draw(st.fixed_dictionaries({"years": rows}, optional={"underspend_notified_on": iso}))
    if draw(st.booleans()):
        data["objectives"] = draw(st.lists(objective(as_of, iso), max_size=3))
    data.update(draw(applicability()))
    return data


FLAG = st.sampled_from([True, False, None])
WORDS = st.sampled_from(["https://x.gouv.fr/c", "dpo@x.gouv.fr", "", "  ", None])
RATE = st.one_of(st.sampled_from([4.99, 5, 49.999999, 50, 69, 70, 98.49, 98.5, 98.500001, 100]), st.integers(0, 100))


def applicability():
    """The three sections whose deciding fact the amendment of 2026-12-04 is about, each left
    out, empty, or with any of its keys (the deciding one too) left out or null."""
    sections = {
        "personal_data": {"processed": FLAG, "register_entry": FLAG, "privacy_notice_url": WORDS, "dpo_contact": WORDS},
        "authentication": {
            "required": FLAG,
            "franceconnect": st.sampled_from(["integrated", "planned", "not-planned", None]),
        },
        "online_procedure": {
            "is_procedure": FLAG,
            "jdma_button": FLAG,
            "observatoire": st.fixed_dictionaries(
                {},
                optional=dict.fromkeys(("satisfaction", "accessibility_rate", "help_reachable", "availability"), RATE),
            ),
        },
    }
    return st.fixed_dictionaries(
        {}, optional={name: st.fixed_dictionaries({}, optional=keys) for name, keys in sections.items()}
    )


_EVALUATORS = {}


def checker_verdicts(catalog, data, as_of):
    from checker.judging.evaluate import Evaluator
    from checker.reading.loader import Document

    evaluator = _EVALUATORS.setdefault(as_of, Evaluator(catalog, as_of, "fr"))
    result = evaluator.check_document(Document(data), [], "gen.yaml")
    assert result.status != "invalid", result.errors
    return {oid: result.obligations[oid] for oid in REFERENCE}


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_checker_agrees_with_an_independent_reading(catalog, data):
    as_of = data.draw(st.sampled_from(AS_OF_DATES))
    declaration_ = data.draw(declaration(as_of))
    expected = {oid: REFERENCE[oid](declaration_, as_of) for oid in REFERENCE}
    assert checker_verdicts(catalog, declaration_, as_of) == expected


def test_reference_reads_the_spec_examples():
    # the spec's own examples, so that the reference itself is checked
    assert plus_months(dt.date(2024, 11, 30), 3) == dt.date(2025, 2, 28)
    assert plus_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert (
        budget_ceiling(
            {
                "budget": {
                    "years": [{"ae_allocated": 0.3, "ae_committed": 0.1}, {"ae_allocated": 0, "ae_committed": 0.2}]
                }
            },
            AS_OF_DATES[1],
        )
        == "warn"
    )
    assert budget_ceiling({"budget": {"allocated": 100000.01, "committed": 90000.009}}, AS_OF_DATES[1]) == "warn"
    assert budget_ceiling({"budget": {"allocated": 100000.01, "committed": 90000.008}}, AS_OF_DATES[1]) == "pass"
    line = {
        "target": 19200,
        "due_on": "2024-12-31",
        "measurements": [{"on": "2024-06-20", "value": 14000}, {"on": "2024-09-25", "value": 16600}],
    }
    assert objective_warns(line, dt.date(2024, 10, 15)) is False  # lands exactly on 19 200
    assert objective_warns(dict(line, target=19201), dt.date(2024, 10, 15)) is True
