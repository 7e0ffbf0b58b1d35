"""The committee tools: agenda (table, json, markdown, ics), history, startup sheet."""

import datetime as dt
import json
import re
import shutil
import xml.etree.ElementTree as ET
from fractions import Fraction

import icalendar
import pytest
from conftest import AS_OF, FIXTURES, ROOT, edit, run_cli

from checker.committee import agenda as agenda_mod
from checker.committee import sheet as sheet_mod
from checker.committee.examine import examine
from checker.committee.history import as_of_dates
from checker.judging.evaluate import Evaluator
from checker.judging.run import run_check
from checker.reading.declarations import collect, load

EXAMPLES = FIXTURES.relative_to(ROOT) / "examples"  # reports name files as given
SVG = "{http://www.w3.org/2000/svg}"
API = EXAMPLES / "api-engagement.yaml"


def line_of(path, needle, nth=None):
    """The line of ``needle`` in ``path``, which holds it once (or of its ``nth`` occurrence):
    expected lines follow the file."""
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    hits = [n for n, line in enumerate(lines, 1) if needle in line]
    assert len(hits) == 1 if nth is None else len(hits) >= nth, (needle, hits)
    return hits[(nth or 1) - 1]


def agenda_json(*paths, as_of="2025-01-15", extra=()):
    code, stdout, stderr = run_cli("agenda", *map(str, paths), "--as-of", as_of, "--format", "json", *extra)
    return code, (json.loads(stdout) if stdout else None), stderr


# --- agenda -------------------------------------------------------------------


def test_agenda_lists_deadlines_sorted_with_states_from_the_checker():
    code, agenda, _ = agenda_json(EXAMPLES)
    assert code == 0 and agenda["agenda_version"] == 1 and agenda["as_of"] == "2025-01-15" and agenda["days"] == 90
    items = agenda["items"]
    assert [i["due_on"] for i in items] == sorted(i["due_on"] for i in items)
    states = [i["state"] for i in items]
    assert states == sorted(states, key=lambda s: s != "overdue")  # overdue first
    found = {(i["startup"], i["key"]): i for i in items}
    committee = found[("api-engagement", "committee")]
    assert committee["due_on"] == "2024-12-20" and committee["state"] == "overdue" and committee["days_left"] == -26
    assert committee["obligation"] == "investment-committee" and committee["label"] == "Comité d'investissement"
    assert committee["file"] == "fixtures/examples/api-engagement.yaml" and committee["line"] == line_of(
        API, "- date: 2024-06-20"
    )
    # convention end in 26 days: inside convention-in-force's 60-day window (from its rule file)
    assert found[("api-engagement", "convention_end")]["state"] == "due-soon"
    assert (
        found[("api-engagement", "product_page")] | {}
        and found[("api-engagement", "product_page")]["state"] == "upcoming"
    )
    homologation = found[("api-engagement", "security.homologation")]  # 2024-09-28 + 6 months
    assert (
        homologation["due_on"] == "2025-03-28"
        and homologation["obligation"] == "homologation"
        and homologation["line"] == line_of(API, "homologation: {decided_on: 2024-09-28")
    )
    # a deadline met long ago (the convention's signature) is no news; the exemption is past 90 days
    assert ("api-engagement", "convention_start") not in found and ("api-engagement", "exemptions[0]") not in found
    assert all(i["due_on"] <= "2025-04-15" for i in items)
    # each annex objective has its own item: a past one only when missed (the checker warns), never reached ones
    objectives = {(i["startup"], i["key"]): i for i in items if i["obligation"] == "annex-objectives"}
    assert set(objectives) == {
        ("api-engagement", "objectives[1]"),
        ("jeveuxaider", "objectives[1]"),
        ("jeveuxaider", "objectives[2]"),
    }
    missed = objectives[("api-engagement", "objectives[1]")]
    assert (
        missed["label"] == "Objectif : Candidatures aux missions de bénévolat en 2024" and missed["state"] == "overdue"
    )
    assert missed["due_on"] == "2024-12-31" and missed["line"] == line_of(API, "due_on: 2024-12-31", nth=2)
    assert "cible 28\u202f000 au 2024-12-31" in missed["explanation"] and missed["reference"].startswith(
        "Convention, annexe 1"
    )
    assert (
        run_cli("agenda", str(EXAMPLES), "--as-of", "2025-01-15", "--format", "json")[1]
        == json.dumps(agenda, ensure_ascii=False, indent=2) + "\n"
    )


def test_agenda_days_and_exemption_expiry():
    code, agenda, _ = agenda_json(API, as_of="2025-05-01", extra=("--days", "60"))
    found = {i["key"]: i for i in agenda["items"]}
    assert found["exemptions[0]"]["due_on"] == "2025-06-30" and found["exemptions[0]"]["obligation"] == "exemption"
    assert (
        found["exemptions[0]"]["line"] == line_of(API, "expires_on: 2025-06-30")
        and "franceconnect" in found["exemptions[0]"]["label"]
    )
    assert found["security.homologation"]["state"] == "overdue"
    code, agenda, _ = agenda_json(API, as_of="2025-05-01", extra=("--days", "10"))
    assert "exemptions[0]" not in {i["key"] for i in agenda["items"]}


def test_due_soon_window_is_the_rule_files(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    path = rules / "investment-committee.yaml"
    text = path.read_text(encoding="utf-8")
    assert "when: {fact: committee_days_left, ge: 0, le: 30}" in text
    path.write_text(
        text.replace(
            "when: {fact: committee_days_left, ge: 0, le: 30}", "when: {fact: committee_days_left, ge: 0, le: 100}"
        ),
        encoding="utf-8",
    )
    before = {(i["startup"], i["key"]): i["state"] for i in agenda_json(EXAMPLES)[1]["items"]}
    after = {
        (i["startup"], i["key"]): i["state"] for i in agenda_json(EXAMPLES, extra=("--rules", str(rules)))[1]["items"]
    }
    assert before[("jeveuxaider", "committee")] == "upcoming" and after[("jeveuxaider", "committee")] == "due-soon"


@pytest.mark.parametrize("as_of", ["2024-06-01", "2025-01-15", "2025-05-01"])
def test_every_due_date_of_the_report_is_in_the_agenda(as_of):
    paths = [str(EXAMPLES), str(FIXTURES / "rules")]
    code, stdout, _ = run_cli("check", *paths, "--as-of", as_of, "--format", "json")
    report = json.loads(stdout)
    agenda = agenda_json(*paths, as_of=as_of, extra=("--days", "400", "--since", "2000-01-01", "--phase", "all"))[1]
    listed = {(i["file"], i["due_on"]) for i in agenda["items"]}
    wanted = {(d["file"], f["due_on"]) for d in report["declarations"] for f in d["findings"] if f["due_on"]}
    assert len(wanted) > 20 and wanted <= listed, wanted - listed


def ics(*paths, as_of="2025-01-15", extra=()):
    """``agenda --format ics`` parsed back by the icalendar library: its VEVENTs."""
    code, stdout, stderr = run_cli("agenda", *map(str, paths), "--as-of", as_of, "--format", "ics", *extra)
    assert code == 0, stderr
    calendar = icalendar.Calendar.from_ical(stdout)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    return calendar.walk("VEVENT")


def test_ics_reads_back_as_the_json_agenda(tmp_path):
    target = tmp_path / "agenda.ics"
    code, _, _ = run_cli("agenda", str(EXAMPLES), "--as-of", "2025-01-15", "--format", "ics", "--output", str(target))
    assert code == 0
    events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    items = agenda_json(EXAMPLES)[1]["items"]
    assert len(events) == len(items) > 5 and len({str(e["UID"]) for e in events}) == len(events)
    for event, item in zip(events, items):
        assert str(event["UID"]) == item["uid"]
        assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(days=1)  # all-day
        assert item["label"] in str(event["SUMMARY"]) and item["explanation"] in str(event["DESCRIPTION"])
        assert len(event.walk("VALARM")) == 1 and event.walk("VALARM")[0]["ACTION"] == "DISPLAY"
    assert "Comité d'investissement — API Engagement" in {str(e["SUMMARY"]).split(" : ", 1)[-1] for e in events}


def test_overdue_items_are_shown_once_on_the_as_of_date_and_their_alarm_rings():
    """An overdue item is one event on the as-of date (not on its past day, where no calendar
    looks), saying when it was due; every alarm rings on or after the as-of date, 14 days
    before the event when there is time, at 09:00."""
    as_of = dt.date(2025, 1, 15)
    items = {i["uid"]: i for i in agenda_json(EXAMPLES, extra=("--days", "400"))[1]["items"]}
    events = ics(EXAMPLES, extra=("--days", "400"))
    assert len(events) == len(items) and {str(e["UID"]) for e in events} == set(items)
    states = set()
    for event in events:
        item = items[str(event["UID"])]
        start, due = event.decoded("DTSTART"), dt.date.fromisoformat(item["due_on"])
        states.add(item["state"])
        if item["state"] == "overdue":
            assert start == as_of and due < as_of
            assert str(event["SUMMARY"]) == f"En retard (échéance du {due}) : {item['label']} — {item['title']}"
        else:
            assert start == due >= as_of and str(event["SUMMARY"]) == f"{item['label']} — {item['title']}"
        ring = dt.datetime.combine(start, dt.time()) + event.walk("VALARM")[0].decoded("TRIGGER")
        assert dt.datetime.combine(as_of, dt.time(9)) <= ring <= dt.datetime.combine(start, dt.time(9))
        if (start - as_of).days >= 14:
            assert ring == dt.datetime.combine(start - dt.timedelta(days=14), dt.time(9))
    assert states == {"overdue", "due-soon", "upcoming"}
    committee = next(e for e in events if str(e["UID"]) == "api-engagement/investment-committee/committee@conformite")
    assert committee.decoded("DTSTART") == as_of and "2024-12-20" in str(committee["SUMMARY"])


def test_reimport_updates_rather_than_duplicates(tmp_path):
    """Two runs on changed declarations: the same deadline keeps its UID, an item that moves
    (the next committee, once one is held) keeps it too, an objective keeps it when another is
    added before it; a calendar that imports the second run (one event per UID, the higher
    SEQUENCE wins) holds each item once, at its new date."""
    path = tmp_path / "api-engagement.yaml"
    shutil.copy(API, path)
    first = agenda_json(path, extra=("--days", "400"))[1]["items"]
    calendar = {}  # what a calendar keeps: UID -> (SEQUENCE, event)
    for event in ics(path, extra=("--days", "400")):
        calendar[str(event["UID"])] = (event.decoded("SEQUENCE"), event)
    edit(
        path,
        "committees:\n",
        "committees:\n  - {date: 2025-01-10, chaired_by_partner: true, dinum_present: true, indicators: [{name: x, result: 1, objective_6_months: 2}]}\n",
    )
    edit(
        path,
        "objectives:                       # annex 1, API Engagement, for 2024\n",
        "objectives:\n  - {id: nouvel-objectif, label: Nouveau, target: 10, due_on: 2025-06-30, measurements: [{on: 2025-01-10, value: 1}]}\n",
    )
    second = agenda_json(path, as_of="2025-01-20", extra=("--days", "400"))[1]["items"]
    events = ics(path, as_of="2025-01-20", extra=("--days", "400"))
    assert len({str(e["UID"]) for e in events}) == len(events) == len(second)
    for event in events:
        uid = str(event["UID"])
        assert uid not in calendar or event.decoded("SEQUENCE") > calendar[uid][0]  # a revision
        calendar[uid] = (event.decoded("SEQUENCE"), event)
    before, after = ({i["uid"]: i for i in run} for run in (first, second))
    committee = "api-engagement/investment-committee/committee@conformite"
    assert before[committee]["due_on"] == "2024-12-20" and after[committee]["due_on"] == "2025-07-10"  # it moved
    assert calendar[committee][1].decoded("DTSTART") == dt.date(2025, 7, 10)
    missed = "api-engagement/annex-objectives/objectives/candidatures-benevolat@conformite"
    assert (before[missed]["key"], after[missed]["key"]) == ("objectives[1]", "objectives[2]")  # its index moved
    assert "api-engagement/annex-objectives/objectives/nouvel-objectif@conformite" in after
    kept = {uid for uid in before if uid in after}
    assert {before[u]["key"] for u in kept} >= {"committee", "security.homologation", "convention_end"}
    assert len(calendar) == len(set(before) | set(after))  # one event per item: nothing duplicated
    assert set(before) - set(after) <= {
        u for u, i in before.items() if i["state"] != "overdue"
    }  # only done or past items leave


def test_two_files_of_one_startup_keep_distinct_uids(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(API, tmp_path / name)
    uids = [str(e["UID"]) for e in ics(tmp_path)]
    assert len(uids) == len(set(uids)) and any(u.endswith("/2@conformite") for u in uids)


def test_since_bounds_how_far_back_overdue_items_go():
    code, agenda, _ = agenda_json(EXAMPLES, as_of="2025-12-01", extra=("--days", "0"))
    assert agenda["since"] == "2024-12-01" and agenda["phase"] == "active"  # twelve months before as-of by default
    listed = [i for i in agenda["items"] if i["state"] == "overdue"]
    assert listed and all(i["due_on"] >= "2024-12-01" for i in listed)
    everything = agenda_json(EXAMPLES, as_of="2025-12-01", extra=("--days", "0", "--since", "2000-01-01"))[1]
    older = [i for i in everything["items"] if i["due_on"] < "2024-12-01"]
    assert older and agenda["left_out"]["before_since"] == len(older) and everything["left_out"]["before_since"] == 0
    assert len(everything["items"]) == len(agenda["items"]) + len(older)
    narrow = agenda_json(EXAMPLES, as_of="2025-12-01", extra=("--days", "0", "--since", "2025-06-01"))[1]
    assert all(i["due_on"] >= "2025-06-01" for i in narrow["items"]) and narrow["left_out"]["before_since"] > len(older)
    code, table, _ = run_cli("agenda", str(EXAMPLES), "--as-of", "2025-12-01", "--days", "0")
    assert table.startswith(
        "Échéances au 2025-12-01 (en retard, échues depuis le 2024-12-01, et aucune à venir)\n"
        f"Non listées : échéances en retard, échues avant le 2024-12-01 : {len(older)} (--since AAAA-MM-JJ pour remonter plus loin)\n"
    )
    assert not {i["uid"] for i in older} & {
        str(e["UID"]) for e in ics(EXAMPLES, as_of="2025-12-01", extra=("--days", "0"))
    }
    code, _, stderr = run_cli("agenda", str(EXAMPLES), "--as-of", "2025-01-15", "--since", "2025-02-01")
    assert code == 2 and "--since 2025-02-01 tombe après la date d'évaluation 2025-01-15" in stderr
    code, _, stderr = run_cli("agenda", str(EXAMPLES), "--since", "15/01/2024")
    assert code == 2 and "--since" in stderr and "écrivez 2024-01-15" in stderr and "Traceback" not in stderr


def test_agenda_lists_active_startups_by_default(tmp_path):
    """A closed startup's deadlines are counted, not listed, unless --phase closed or all."""
    shutil.copy(API, tmp_path / "active.yaml")
    closed = tmp_path / "closed.yaml"
    shutil.copy(API, closed)
    edit(closed, "id: api-engagement", "id: ferme")
    edit(closed, "    - {name: consolidation, start: 2025-12-01}\n", "    - {name: abandon, start: 2024-12-01}\n")
    views = {
        p: agenda_json(tmp_path, extra=("--phase", p, "--since", "2000-01-01"))[1] for p in ("active", "closed", "all")
    }
    default = agenda_json(tmp_path, extra=("--since", "2000-01-01"))[1]
    assert default == views["active"]
    startups = {p: {i["startup"] for i in v["items"]} for p, v in views.items()}
    assert startups == {"active": {"api-engagement"}, "closed": {"ferme"}, "all": {"api-engagement", "ferme"}}
    assert views["active"]["left_out"]["other_phase"] == len(views["all"]["items"]) - len(views["active"]["items"]) > 0
    assert views["all"]["left_out"] == {"before_since": 0, "other_phase": 0}
    code, table, _ = run_cli("agenda", str(tmp_path), "--as-of", "2025-01-15", "--since", "2000-01-01")
    count = views["active"]["left_out"]["other_phase"]
    assert f"Non listées : échéances des startups fermées : {count} (--phase all : toutes)" in table


def test_agenda_markdown_and_table_escape_and_align():
    code, text, _ = run_cli(
        "agenda", str(EXAMPLES), str(FIXTURES / "hostile"), "--as-of", "2025-01-15", "--format", "markdown"
    )
    assert code == 0 and text.startswith("# Échéances au 2025-01-15")
    rows = [line for line in text.splitlines() if line.startswith("|")]
    assert len({len(re.findall(r"(?<!\\)\|", r)) for r in rows}) == 1 and len(rows) > 5
    code, text, _ = run_cli("agenda", str(EXAMPLES), "--as-of", "2025-01-15", "--lang", "en")
    assert "overdue" in text and "Investment committee" in text and "\x1b" not in text


def test_agenda_bad_inputs_cost_one_file(tmp_path):
    code, agenda, stderr = agenda_json(EXAMPLES, FIXTURES / "invalid" / "unknown-key.yaml", tmp_path / "missing.yaml")
    assert code == 2 and "unknown-key.yaml" in stderr and "missing.yaml" in stderr and "Traceback" not in stderr
    assert {e["file"].rsplit("/", 1)[-1] for e in agenda["errors"]} == {"unknown-key.yaml", "missing.yaml"} and {
        i["startup"] for i in agenda["items"]
    } >= {"api-engagement", "jeveuxaider"}
    code, _, stderr = run_cli("agenda", str(EXAMPLES), "--days", "-3")
    assert code == 2 and "Traceback" not in stderr
    code, _, stderr = run_cli(
        "agenda", str(EXAMPLES), "--output", str(tmp_path / "no" / "dir" / "a.ics"), "--format", "ics"
    )
    assert code == 2 and "a.ics" in stderr and "Traceback" not in stderr and len(stderr.splitlines()) == 1


def test_new_obligations_deadlines_in_the_agenda(tmp_path):
    """A duty not done yet shows under its own label, on the date the checker gives."""
    text = (ROOT / API).read_text(encoding="utf-8")
    for done in ("    prime_minister: 2024-02-05\n", "  underspend_notified_on: 2025-01-10\n"):
        assert done in text
        text = text.replace(done, "")
    path = tmp_path / "api.yaml"
    path.write_text(text, encoding="utf-8")
    for as_of, key, label, state in (
        ("2024-02-10", "cbcm_copy", "Copie de la convention aux CBCM", "due-soon"),
        ("2025-01-01", "budget_underspend", "Signalement des crédits non consommés", "due-soon"),
        ("2025-01-20", "final_report", "Rapport final", "due-soon"),
    ):
        code, stdout, _ = run_cli("check", str(path), "--as-of", as_of, "--format", "json")
        dues = {
            f["rule"].rsplit("-", 1)[0]: f["due_on"]
            for f in json.loads(stdout)["declarations"][0]["findings"]
            if f["due_on"]
        }
        found = {i["key"]: i for i in agenda_json(path, as_of=as_of)[1]["items"]}
        assert found[key]["label"] == label and found[key]["state"] == state, (key, found.get(key))
        assert found[key]["due_on"] in dues.values(), (key, dues)


def test_objectives_are_one_more_source(catalog):
    evaluator = Evaluator(catalog, AS_OF, "fr")
    ex = examine(evaluator, load(str(API), API))
    ex.doc.data["objectives"] = [
        {
            "id": "benevoles",
            "label": "Candidatures bénévolat",
            "target": 28000,
            "due_on": "2025-02-28",
            "measurements": [{"on": "2024-06-20", "value": 14000}, {"on": "2024-10-01", "value": 21000}],
        },
        {"id": "lointain", "label": "Plus tard", "target": 5, "due_on": "2026-01-01"},
    ]
    scope = agenda_mod.Scope(catalog, AS_OF, "fr", AS_OF + dt.timedelta(days=90))
    items = list(agenda_mod.objective_items(ex, scope))
    assert [(i.key, i.due_on, i.obligation) for i in items] == [
        ("objectives[0]", dt.date(2025, 2, 28), "annex-objectives")
    ]
    assert items[0].label == "Objectif : Candidatures bénévolat"
    assert agenda_mod.objective_items in agenda_mod.SOURCES


# --- history ------------------------------------------------------------------


def test_history_as_now_is_the_checker_as_of_each_date(catalog):
    code, stdout, _ = run_cli(
        "history", str(EXAMPLES), "--from", "2024-10-15", "--to", "2025-02-01", "--format", "json", "--as-now"
    )
    history = json.loads(stdout)
    days = [p["as_of"] for p in history["points"]]
    assert code == 0 and days == ["2024-10-15", "2024-11-15", "2024-12-15", "2025-01-15", "2025-02-01"]
    for point in history["points"]:
        report = run_check(catalog, collect([str(EXAMPLES)]), dt.date.fromisoformat(point["as_of"]))
        assert point["compliant"] == report.summary["compliant"] and point["checked"] == 3
        assert point["fails"] == {
            o: report.declarations.verdicts.get(o, {}).get("fail", 0) for o in catalog.obligation_ids
        }
    assert any(p["compliant"] != history["points"][0]["compliant"] for p in history["points"])  # it moved


def luminance(color: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(color: str, background: str = "#ffffff") -> float:
    high, low = sorted((luminance(color), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def chart_series(svg: str):
    """Each series of a chart: (its line's colour, dash, title) and its direct label's (sample
    colour, sample dash, text, text colour), in drawing order."""
    root = ET.fromstring(svg.encode("utf-8"))
    lines = [
        (p.get("stroke"), p.get("stroke-dasharray", ""), p.find(f"{SVG}title").text)
        for p in root.iter(f"{SVG}polyline")
    ]
    labels = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "series-label":
            sample = group.findall(f"{SVG}line")[-1]
            text = group.find(f"{SVG}text")
            shown = " ".join(t.text for t in text.iter(f"{SVG}tspan"))
            labels[group.find(f"{SVG}title").text] = (
                sample.get("stroke"),
                sample.get("stroke-dasharray", ""),
                shown,
                text.get("fill"),
            )
    return root, lines, labels


def assert_series_told_apart(svg: str) -> list[str]:
    """Colour, dash and a direct label per series, all different; readable colours; a title and
    a description in words. The series' titles."""
    root, lines, labels = chart_series(svg)
    assert len(lines) >= 3 and len(labels) == len(lines)
    assert len({color for color, _, _ in lines}) == len(lines)  # a colour each
    assert len({dash for _, dash, _ in lines}) == len(lines)  # a dash pattern each (one solid)
    for color, dash, title in lines:
        sample_color, sample_dash, shown, ink = labels[title]
        assert (sample_color, sample_dash) == (color, dash)  # the label's sample is its line
        assert shown == title or (shown.endswith("…") and title.startswith(shown[:-1])), (shown, title)
        assert contrast(color) >= 3 and contrast(ink) >= 4.5, (color, ink)  # WCAG 1.4.11, 1.4.3
    description = root.find(f"{SVG}desc").text
    assert root.find(f"{SVG}title").text and all(title in description for _, _, title in lines)
    return [title for _, _, title in lines]


def test_history_table_svg_and_errors():
    code, text, _ = run_cli(
        "history", str(EXAMPLES), "--from", "2024-01-01", "--to", "2024-03-01", "--every", "week", "--as-now"
    )
    assert code == 0 and text.count("\n2024-") == 10  # 9 weeks from 2024-01-01, and the last day
    code, svg, _ = run_cli(
        "history",
        str(EXAMPLES),
        str(FIXTURES / "hostile"),
        str(FIXTURES / "rules"),
        "--from",
        "2024-01-01",
        "--to",
        "2025-01-15",
        "--format",
        "svg",
        "--as-now",
    )
    root = ET.fromstring(svg.encode("utf-8"))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "startups conformes" in texts and any(t.startswith("Évolution de la conformité") for t in texts)
    failing = [t for t in texts if "·" in t]
    assert failing and all(t.startswith("non respectée · ") for t in failing)  # the labels speak French too
    titles = assert_series_told_apart(svg)  # colour, dash and a label at its end, each its own
    assert titles[0] == "startups conformes" and len(titles) == 7
    code, _, stderr = run_cli("history", str(EXAMPLES), "--from", "2025-01-01", "--to", "2024-01-01")
    assert code == 2 and "--from" in stderr


def test_history_names_together_the_obligations_that_fail_alike(catalog):
    from checker.committee.history import History, Point, chart

    days = [dt.date(2025, 1, 1), dt.date(2025, 2, 1)]
    fails = [{"approach": 5, "manifesto": 5, "sponsor": 2}, {"approach": 4, "manifesto": 4, "sponsor": 2}]
    history = History(days[0], days[1], "month", "fr", [Point(d, 9, 1, f) for d, f in zip(days, fails)])
    labels = [s.label for s in chart(history, catalog).series]
    assert labels == ["startups conformes", "non respectée · approach, manifesto", "non respectée · sponsor"]


def test_as_of_dates_follow_the_french_month_rule():
    assert as_of_dates(dt.date(2024, 1, 31), dt.date(2024, 4, 30), "month") == [
        dt.date(2024, 1, 31),
        dt.date(2024, 2, 29),
        dt.date(2024, 3, 31),
        dt.date(2024, 4, 30),
    ]


# --- sheet --------------------------------------------------------------------


def test_sheet_markdown_carries_the_content():
    code, text, _ = run_cli("sheet", str(API), "--as-of", "2025-01-15", "--format", "markdown")
    assert code == 0 and text.startswith("# Fiche comité — API Engagement")
    for part in (
        "Jeanne Martin",
        "Yves Boero",
        "du 2024-01-24 au 2025-02-10",
        "| Phase actuelle | accélération |",
        "## Chronologie",
        "| 2024-12-20 | en retard | Comité d'investissement |",
        "objectif fixé le 2024-06-20",
        "2025-06-30",
    ):
        assert part in text, part
    ids = sheet_mod_catalog_ids()
    section = text.split("## Obligations\n", 1)[1].split("\n## ", 1)[0]
    assert [line.split(" | ")[0][2:] for line in section.splitlines()[3:]] == ids  # every obligation, in order
    assert "| annex-objectives | ! attention |" in text and "Convention, annexe 1" in text
    # each annex objective, measured and forecast
    assert text.count("\n### ") == 2 and "### Candidatures aux missions de bénévolat en 2024" in text
    assert "| 2024-12-31 | mesures | 19\u202f400 |" in text and "| prévision |" not in text  # no forecast once due


def sheet_mod_catalog_ids():
    from checker.judging.rules import load_catalog

    return load_catalog(ROOT / "rules").obligation_ids


CONTENT = ROOT.parent / "shared" / "data" / "betagouv" / "content"


@pytest.fixture(scope="module")
def real_sample(tmp_path_factory):
    """A few declarations imported from the real beta.gouv.fr pages (active and closed)."""
    from checker.importer.betagouv import import_pages

    out = tmp_path_factory.mktemp("real")
    sample = sorted(path.stem for path in (CONTENT / "_startups").glob("*.md"))[5::60]
    assert import_pages(CONTENT, out, AS_OF, only=sample).problems == []
    return sorted(out.glob("*.yaml"))


def verbose_report(path, as_of="2025-01-15"):
    """The declaration's ``check --verbose`` JSON: (verdicts, failing group per obligation,
    why each not-applicable obligation does not apply)."""
    code, stdout, _ = run_cli("check", str(path), "--as-of", as_of, "--verbose", "--format", "json")
    decl = json.loads(stdout)["declarations"][0]
    groups, why = {}, {}
    for f in decl["findings"]:
        if f["outcome"] == "fail" and decl["obligations"][f["obligation"]] == "fail":
            kind = "missing" if f["cause"] == "missing" else "breach"
            groups[f["obligation"]] = "breach" if "breach" in (kind, groups.get(f["obligation"])) else kind
        if f["outcome"] == "not-applicable":
            why.setdefault(f["obligation"], set()).add(f["message"])
    return decl["obligations"], groups, why


def sheet_obligation_rows(text):
    """The markdown sheet's obligations table: id -> (verdict cell, message cell)."""
    section = text.split("## Obligations\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines()[3:]:
        cells = [re.sub(r"\\(.)", r"\1", c) for c in re.split(r"(?<!\\) \| ", line.strip("| "))]  # unescaped
        rows[cells[0]] = (cells[1], cells[2])
    return rows


def test_sheet_splits_failures_and_says_why_an_obligation_does_not_apply(catalog, real_sample):
    """Each failing obligation is "à compléter" or "manquement" as the report's causes say; each
    obligation that does not apply says why, in its rule file's words, as check --verbose does."""
    seen = set()
    for path in [ROOT / EXAMPLES / f for f in ("api-engagement.yaml", "jeveuxaider.yaml")] + real_sample:
        verdicts, groups, why = verbose_report(path)
        code, text, _ = run_cli("sheet", str(path), "--as-of", "2025-01-15", "--format", "markdown")
        rows = sheet_obligation_rows(text)
        assert list(rows) == catalog.obligation_ids, path
        for oid, verdict in verdicts.items():
            shown, message = rows[oid]
            if verdict == "fail":
                word = {"missing": "à compléter", "breach": "manquement"}[groups[oid]]
                assert shown == f"✗ {word}", (path, oid)
                seen.add(groups[oid])
            elif verdict == "not-applicable":
                reason = catalog.obligation(oid).not_applicable["fr"]
                assert why[oid] == {message} and message == f"Ne s'applique pas : {reason}.", (path, oid)
                seen.add("not-applicable")
            else:
                assert shown.split(" ", 1)[1] == agenda_mod.word("verdict." + verdict, "fr")
    assert seen == {"missing", "breach", "not-applicable"}


def test_sheet_committees_side_by_side(tmp_path):
    code, text, _ = run_cli(
        "sheet", str(EXAMPLES / "jeveuxaider.yaml"), "--as-of", "2025-01-15", "--format", "markdown"
    )
    nbsp = "\u202f"  # thousands as French writes them
    assert (
        f"| Bénévoles inscrits | 530{nbsp}000 | 541{nbsp}000 | atteint |" in text
    )  # set 2024-04-11, presented 2024-10-07
    assert f"| Mises en relation | 130{nbsp}000 |  |  |" in text  # no following committee yet


def test_objective_forecast_is_exact():
    data = {
        "objectives": [
            {
                "id": "x",
                "label": "X",
                "target": 100,
                "due_on": "2025-03-01",
                "measurements": [
                    {"on": "2025-01-01", "value": 10},
                    {"on": "2025-01-11", "value": 20},
                    {"on": "2025-01-11", "value": 30},
                    {"on": "2025-06-01", "value": 999},
                ],
            }
        ]
    }
    obj = sheet_mod.objectives(data, dt.date(2025, 1, 15))[0]
    (d1, v1), (d2, v2), (due, projected) = obj.forecast
    assert (d1, v1, d2, v2) == (
        dt.date(2025, 1, 1),
        10,
        dt.date(2025, 1, 11),
        30,
    )  # the last listed that day; future ignored
    assert projected == 30 + Fraction(20 * 49, 10) and not obj.reached
    svg = sheet_mod.objective_chart(obj, dt.date(2025, 1, 15), "fr")
    ET.fromstring(svg)
    assert "prévision" in svg and "cible 100" in svg


def test_sheet_html_escapes_declaration_text(tmp_path):
    code, html, _ = run_cli("sheet", str(FIXTURES / "hostile" / "hostile.yaml"), "--as-of", "2025-01-15")
    assert code == 0 and "<script" not in html and "<img" not in html and "<b>WTFPL" not in html
    assert "&lt;script&gt;alert" in html and "\x07" not in html and "\x1b" not in html


def test_sheet_directory_and_errors(tmp_path):
    code, _, stderr = run_cli("sheet", str(EXAMPLES))
    assert code == 2 and "--output-dir" in stderr
    code, _, stderr = run_cli("sheet", str(EXAMPLES), str(tmp_path))
    assert code == 2
    out = tmp_path / "sheets"
    code, _, stderr = run_cli(
        "sheet", str(EXAMPLES), "--output-dir", str(out), "--as-of", "2025-01-15", "--format", "markdown"
    )
    assert code == 0 and sorted(p.name for p in out.iterdir()) == [
        "api-engagement.md",
        "exemple-conforme.md",
        "jeveuxaider.md",
    ]
    code, html, _ = run_cli("sheet", str(FIXTURES / "invalid" / "unknown-key.yaml"))
    assert code == 2 and "Déclaration invalide" in html
    assert sheet_mod.file_name("..") == "_." and sheet_mod.file_name("Écoles.v2") == "Écoles.v2"
    twins = tmp_path / "twins"
    twins.mkdir()
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(API, twins / name)
    code, _, _ = run_cli("sheet", str(twins), "--output-dir", str(tmp_path / "twin-sheets"), "--as-of", "2025-01-15")
    assert code == 0 and sorted(p.name for p in (tmp_path / "twin-sheets").iterdir()) == [
        "api-engagement-2.html",
        "api-engagement.html",
    ]


def test_committee_tools_speak_english():
    code, text, _ = run_cli("sheet", str(API), "--as-of", "2025-01-15", "--format", "markdown", "--lang", "en")
    assert (
        code == 0
        and text.startswith("# Committee sheet — API Engagement")
        and "## Indicators of the last committees" in text
    )
    code, text, _ = run_cli(
        "history", str(EXAMPLES), "--from", "2024-12-01", "--to", "2025-01-15", "--lang", "en", "--as-now"
    )
    assert code == 0 and text.startswith("Compliance from 2024-12-01 to 2025-01-15") and "compliant" in text


def test_the_sheet_writes_colons_in_its_language_and_the_current_phase_has_no_made_up_end():
    """New-user trial: the English sheet read "acceleration : 2020-10-05" (French spacing), and
    the last phase ended on the chart's edge (as-of date + 20 days), read as a real end."""
    code, en, _ = run_cli(
        "sheet", str(FIXTURES / "examples" / "jeveuxaider.yaml"), "--as-of", "2025-01-15", "--lang", "en"
    )
    assert code == 0 and "<title>operated: 2026-06-02 → …</title>" in en
    assert "<title>acceleration: 2020-10-05 → 2025-11-02</title>" in en and " : " not in en.split("<svg", 1)[1]
    _, fr, _ = run_cli("sheet", str(FIXTURES / "examples" / "jeveuxaider.yaml"), "--as-of", "2025-01-15")
    assert "<title>opéré : 2026-06-02 → …</title>" in fr
