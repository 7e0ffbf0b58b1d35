"""Accessibility of every page: axe-core (tests/assets/axe.min.js, from the npm registry, with
its licence) run in Chromium on each page of `conformite serve` (the portfolio, a sheet, the
agenda, the history, the rules, the API, an error page, and the self-assessment form in its
states) and of the static site `conformite site` writes (opened from file://): no serious or
critical violation. Each page is photographed (full page) for a person to look at, in the
module's screenshot folder (its path is printed: pytest -s)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import AS_OF, FIXTURES, ROOT
from test_web_form_browser import browser, french, server  # noqa: F401  (the module's fixtures)

pytestmark = pytest.mark.browser  # headless Chromium (conftest.chromium)

AXE = ROOT / "tests" / "assets" / "axe.min.js"
SERIOUS = ("serious", "critical")
DATE = f"as_of={AS_OF.isoformat()}"


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "checker",
            "site",
            str(FIXTURES / "examples"),
            "--out",
            str(out),
            "--as-of",
            AS_OF.isoformat(),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture
def context(browser):  # noqa: F811
    """A profile where the test may inject axe's script: the pages' policy refuses any script
    that is neither theirs nor carries their nonce (Playwright adds it as an inline script)."""
    made = browser.new_context(locale="fr-FR", bypass_csp=True, viewport={"width": 1280, "height": 900})
    yield made
    made.close()


def audited(page, shots, name: str) -> list[dict]:
    """The serious and critical violations axe finds on the page as it stands (and its picture)."""
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in found["violations"]
        if v["impact"] in SERIOUS
    ]


SERVED = [
    ("portfolio", f"/?{DATE}", "body[data-ready='1']"),
    ("sheet", f"/startups/jeveuxaider?{DATE}", "main"),
    ("agenda", f"/agenda?{DATE}", "#agenda"),
    ("history", "/history?from=2024-07-15&to=2025-01-15", "svg"),
    ("rules", "/rules", "main h1, main h2"),
    ("api", "/api", "main h1, main h2"),
    ("not-found", "/startups/personne", "main h1"),
    ("portfolio-en", f"/?{DATE}&lang=en", "body[data-ready='1']"),
]


@pytest.mark.parametrize("name, path, ready", SERVED, ids=[s[0] for s in SERVED])
def test_each_page_of_the_server_has_no_serious_violation(context, server, shots, name, path, ready):  # noqa: F811
    page = context.new_page()
    page.goto(server + path)
    page.wait_for_selector(ready)
    assert audited(page, shots, name) == []


def _form(context, server, query=""):  # noqa: F811
    page = context.new_page()
    page.goto(f"{server}/declarer{query}")
    page.wait_for_selector("body[data-checked='1']")
    return page


def test_the_form_empty_and_its_start_options(context, server, shots):  # noqa: F811
    page = _form(context, server)
    assert audited(page, shots, "declarer-empty") == []
    page.click("#cf-start-toggle")
    page.wait_for_selector("#cf-startup", state="visible")
    assert audited(page, shots, "declarer-start") == []


def test_the_form_with_lists_answers_and_findings(context, server, shots):  # noqa: F811
    page = _form(context, server)
    page.fill('input[name="startup.id"]', "mon-produit")
    page.click('[data-path="startup.phases"] [data-add]')
    page.select_option('select[name="startup.phases[0].name"]', "construction")
    page.fill('input[name="startup.phases[0].start"]', french(-100))
    page.fill('input[name="startup.title"]', "x" * 2001)  # a refusal beside its field
    page.wait_for_selector("#cf-summary[data-status='non-compliant']")
    page.wait_for_selector("#f-startup-title-messages .fr-message--error")
    assert audited(page, shots, "declarer-product") == []
    page.click('.cf-sections [data-goto="committees"]')
    page.click('[data-path="committees"] [data-add]')
    page.fill('input[name="committees[0].date"]', "15/08/2024")
    page.click('[data-path="committees[0].indicators"] [data-add]')
    page.fill('input[name="committees[0].indicators[0].name"]', "Démarches")
    page.wait_for_selector("#f-committees-0-date-messages .fr-message--info")
    assert audited(page, shots, "declarer-committees") == []
    page.click('.cf-sections [data-goto="personal_data"]')
    page.click('label[for="f-personal_data-processed-true"]')
    page.wait_for_selector('input[name="personal_data.dpo_contact"]', state="visible")
    assert audited(page, shots, "declarer-personal-data") == []


def test_the_form_refusing_a_download(context, server, shots):  # noqa: F811
    page = _form(context, server)
    page.click('.cf-sections [data-goto="convention"]')
    page.fill('input[name="convention.signed_on"]', "31/02/2024")
    page.click("#cf-download")
    page.wait_for_selector("#cf-errors:not([hidden])")
    assert audited(page, shots, "declarer-refused") == []


def test_the_form_restored_imported_and_in_english(context, server, shots, tmp_path):  # noqa: F811
    page = _form(context, server)
    page.fill('input[name="startup.id"]', "brouillon")
    page.close()
    again = _form(context, server)
    again.wait_for_selector("#cf-notices .fr-alert")
    assert audited(again, shots, "declarer-restored") == []
    again.click("#cf-start-toggle")
    answers = tmp_path / "reponses.yaml"
    answers.write_text("startup: {id: reprise}\nexemptions: []\n", encoding="utf-8")
    again.set_input_files("#cf-file", str(answers))
    again.once("dialog", lambda dialog: dialog.accept())
    again.click("#cf-file-use")
    again.wait_for_selector("#cf-notices li")
    assert audited(again, shots, "declarer-imported") == []
    english = _form(context, server, "?lang=en")
    english.wait_for_selector("#cf-summary[data-status]")
    assert audited(english, shots, "declarer-en") == []


STATIC = ["index.html", "startups/jeveuxaider.html", "agenda.html", "history.html", "rules.html"]


@pytest.mark.parametrize("name", STATIC)
def test_each_page_of_the_static_site_has_no_serious_violation(context, site, shots, name):
    page = context.new_page()
    page.goto((site / name).as_uri())
    page.wait_for_selector("main")
    assert audited(page, shots, "site-" + name.replace("/", "-").removesuffix(".html")) == []


def test_the_audit_sees_a_violation(context, shots, tmp_path):
    """axe runs and reports: a page with an image without text and an unlabelled field fails."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!doctype html><html lang="fr"><title>t</title><main><img src="x.png"><input type="text"></main></html>',
        encoding="utf-8",
    )
    page = context.new_page()
    page.goto(bad.as_uri())
    assert {v["id"] for v in audited(page, shots, "bad")} >= {"image-alt", "label"}
