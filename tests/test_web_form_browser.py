"""The self-assessment form in a real browser (Playwright driving the system's Chromium, never
a download; one browser for the module, a page per test) against a live `conformite serve` on
127.0.0.1: a partner fills it with the keyboard alone and downloads a declaration that
`conformite check` finds compliant (the very bytes `init --answers` writes for those answers);
the findings follow the answers as they are typed; a closed tab keeps the draft (in this
browser only); a download with refused answers moves the focus to the first one; a YAML file
or the portfolio's declaration starts the form."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from conftest import CHROMIUM_FLAGS, FIXTURES, ROOT, chromium
from test_web_form import COMPLIANT, french, init_answers

pytestmark = pytest.mark.browser  # headless Chromium (conftest.chromium)

STORE = "conformite:declarer:v1"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A live server on 127.0.0.1 (port 0: the system picks one, the server says which) over a
    portfolio of the example declarations."""
    directory = tmp_path_factory.mktemp("portfolio")
    for path in sorted((FIXTURES / "examples").glob("*.yaml")):
        shutil.copy(path, directory / path.name)
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "serve", str(directory), "--port", "0", "--engine", "lock"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stderr.readline()  # the server's one line once it listens
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found, line
        yield f"http://127.0.0.1:{found.group(1)}"
    finally:
        process.terminate()
        process.wait(30)
        process.stderr.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    try:
        launched = driver.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()
    finally:
        driver.stop()


@pytest.fixture
def context(browser):
    """A fresh browser profile (its own localStorage), French, that accepts downloads."""
    made = browser.new_context(locale="fr-FR", accept_downloads=True, viewport={"width": 1280, "height": 900})
    yield made
    made.close()


def open_form(context, server, query: str = ""):
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{server}/declarer{query}")
    page.wait_for_selector("body[data-checked='1']")  # the script ran and the first answers came back
    page.problems = problems  # type: ignore[attr-defined]
    return page


# --- the keyboard ------------------------------------------------------------------------------


def focused(page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement !== null && document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Tab (forward only) until the element ``selector`` has the focus, as a person moves
    through a form, reading where the focus is."""
    for _ in range(limit):
        if focused(page, selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"never reached {selector} with Tab")


def answer_text(page, name: str, value: str) -> None:
    tab_to(page, f'input[name="{name}"]')
    page.keyboard.type(value)


def answer_yes_no(page, name: str, value: str) -> None:
    """A yes/no question: Tab reaches its checked button ("Sans réponse"), the arrows choose."""
    tab_to(page, f'input[name="{name}"]')
    for _ in range(3):
        if page.evaluate("(n) => document.querySelector(`input[name='${n}']:checked`).value", name) == value:
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"{name}: no button for {value}")


def answer_choice(page, name: str, typed: str, value: str) -> None:
    tab_to(page, f'select[name="{name}"]')
    page.keyboard.type(typed)  # a closed list: typing its first letters picks an option
    assert page.eval_on_selector(f'select[name="{name}"]', "(s) => s.value") == value


def add_item(page, list_path: str) -> None:
    tab_to(page, f'[data-path="{list_path}"] > .fr-fieldset__element > [data-add]')
    page.keyboard.press("Enter")  # the new item's first answer gets the focus


def next_section(page) -> None:
    tab_to(page, "section.cf-section:not([hidden]) [data-step=next]")
    page.keyboard.press("Enter")


# the sections in order: for each, what a partner answers (text, yes/no, choice, a list item)
STEPS = [
    [("text", "startup.id"), ("text", "startup.title"),
     ("add", "startup.phases"), ("choice", "startup.phases[0].name", "inv"), ("text", "startup.phases[0].start"),
     ("add", "startup.phases"), ("choice", "startup.phases[1].name", "const"), ("text", "startup.phases[1].start")],
    [("text", "convention.reference"), ("text", "convention.partner"), ("text", "convention.signed_on"),
     ("text", "convention.ends_on"), ("text", "convention.copy_sent_to_cbcm.prime_minister"),
     ("text", "convention.copy_sent_to_cbcm.partner"), ("text", "convention.publication.gouvernement_fr"),
     ("text", "convention.publication.data_gouv_fr")],
    [("bool", "commitments.approach"), ("bool", "commitments.manifesto")],
    [("text", "team.intrapreneur.name"), ("bool", "team.intrapreneur.public_agent"), ("text", "team.sponsor.name"),
     ("text", "team.sponsor.role")],
    [("add", "committees"), ("text", "committees[0].date"), ("bool", "committees[0].chaired_by_partner"),
     ("bool", "committees[0].dinum_present"), ("add", "committees[0].indicators"),
     ("text", "committees[0].indicators[0].name"), ("text", "committees[0].indicators[0].result"),
     ("text", "committees[0].indicators[0].objective_6_months")],
    [("text", "product_page.url"), ("text", "product_page.updated_on")],
    [("text", "source_code.repositories"), ("text", "source_code.licence")],
    [("text", "statistics.url")],
    [("bool", "personal_data.processed")],
    [("add", "security.risk_workshops"), ("text", "security.risk_workshops[0].date"),
     ("text", "security.risk_workshops[0].method")],
    [("bool", "authentication.required")],
    [("bool", "online_procedure.is_procedure")],
    [("choice", "accessibility.status", "part")],
    [("text", "budget.allocated"), ("text", "budget.committed")],
    [],
]  # fmt: skip


def fill_with_the_keyboard(page) -> None:
    typed: dict[str, str] = {}
    for position, section in enumerate(STEPS):
        for step in section:
            kind, name = step[0], step[1]
            if kind == "add":
                add_item(page, name)
            elif kind == "text":
                answer_text(page, name, COMPLIANT[name])
            elif kind == "bool":
                answer_yes_no(page, name, COMPLIANT[name])
            else:
                answer_choice(page, name, step[2], COMPLIANT[name])
            if kind != "add":
                typed[name] = COMPLIANT[name]
        if position < len(STEPS) - 1:
            next_section(page)
            assert page.evaluate("document.activeElement.tagName") == "H2"  # the next section's heading
    assert typed == COMPLIANT  # every answer of the compliant declaration, typed


def test_a_partner_writes_a_compliant_declaration_with_the_keyboard_alone(context, server, tmp_path):
    page = open_form(context, server)
    fill_with_the_keyboard(page)
    page.wait_for_function("() => document.getElementById('cf-summary').dataset.status === 'compliant'")
    assert page.inner_text("#cf-summary") == "Déclaration conforme : 0 constat."
    page.screenshot(path=str(tmp_path / "declarer-filled.png"), full_page=True)
    tab_to(page, "#cf-download")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "mon-produit.yaml"
    written = tmp_path / "downloaded.yaml"
    download.value.save_as(written)
    check = subprocess.run(
        [sys.executable, "-m", "checker", "check", str(written), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    report = json.loads(check.stdout)
    assert report["declarations"][0]["status"] == "compliant"
    expected = init_answers(tmp_path, COMPLIANT)
    if written.read_bytes() != expected:  # the file says the day it was written: midnight may have passed
        day = re.compile(rb"\d{4}-\d{2}-\d{2}")
        assert day.sub(b"", written.read_bytes().split(b"\n", 1)[0]) == day.sub(b"", expected.split(b"\n", 1)[0])
        assert written.read_bytes().split(b"\n", 1)[1] == expected.split(b"\n", 1)[1]
    assert page.problems == []


def test_the_findings_follow_the_answers_as_they_are_typed(context, server):
    page = open_form(context, server)
    assert "dès que l'identifiant du produit" in page.inner_text("#cf-summary")
    page.fill('input[name="startup.id"]', "mon-produit")
    page.wait_for_function("() => document.getElementById('cf-summary').dataset.status === 'non-compliant'")
    before = _count(page)
    assert page.locator('.cf-finding[data-obligation="approach"]').count() == 1
    assert page.get_attribute("#cf-summary", "aria-live") == "polite"
    page.click('.cf-sections [data-goto="commitments"]')
    page.click('label[for="f-commitments-approach-true"]')
    page.wait_for_function(f"() => document.querySelectorAll('.cf-finding').length === {before - 1}")
    assert page.locator('.cf-finding[data-obligation="approach"]').count() == 0
    assert page.inner_text("#cf-summary") == f"Déclaration non conforme : {before - 1} constats."
    page.click('.cf-sections [data-goto="convention"]')
    page.fill('input[name="convention.signed_on"]', "31/02/2024")
    messages = "#f-convention-signed_on-messages"
    page.wait_for_function(f"() => document.querySelector('{messages}').textContent.includes('Cette date n')")
    assert page.inner_text(messages) == "Cette date n'existe pas : 2024-02-31."
    assert page.get_attribute('input[name="convention.signed_on"]', "aria-invalid") == "true"
    assert page.get_attribute(messages, "aria-live") == "polite"
    page.fill('input[name="convention.signed_on"]', "15/08/2024")
    page.wait_for_function(f"() => document.querySelector('{messages}').textContent.includes('2024-08-15')")
    assert page.inner_text(messages) == "Sera écrit : 2024-08-15"
    assert page.get_attribute('input[name="convention.signed_on"]', "aria-invalid") is None
    assert page.problems == []


def _count(page) -> int:
    return page.locator(".cf-finding").count()


def test_a_closed_tab_keeps_the_draft_in_this_browser_only(context, browser, server):
    page = open_form(context, server)
    page.fill('input[name="startup.id"]', "brouillon")
    page.click('[data-path="startup.phases"] [data-add]')
    page.select_option('select[name="startup.phases[0].name"]', "acceleration")
    page.fill('input[name="startup.phases[0].start"]', "01/02/2024")
    page.click('.cf-sections [data-goto="personal_data"]')
    page.click('label[for="f-personal_data-processed-true"]')  # its three follow-up questions appear
    page.fill('input[name="personal_data.dpo_contact"]', "dpo@exemple.gouv.fr")
    page.wait_for_function(f"() => (localStorage.getItem('{STORE}') || '').includes('dpo@exemple.gouv.fr')")
    page.close()
    again = open_form(context, server)
    assert again.input_value('input[name="startup.id"]') == "brouillon"
    assert again.input_value('select[name="startup.phases[0].name"]') == "acceleration"
    assert again.input_value('input[name="startup.phases[0].start"]') == "01/02/2024"
    assert again.is_checked("#f-personal_data-processed-true")
    assert again.input_value('input[name="personal_data.dpo_contact"]') == "dpo@exemple.gouv.fr"
    assert again.is_visible('input[name="personal_data.dpo_contact"]')  # the section it was left at
    assert "Brouillon retrouvé dans ce navigateur" in again.inner_text("#cf-notices")
    elsewhere = browser.new_context(locale="fr-FR")  # another browser profile: the server kept nothing
    try:
        fresh = open_form(elsewhere, server)
        assert fresh.input_value('input[name="startup.id"]') == ""
        assert fresh.locator("[data-item]").count() == 0
    finally:
        elsewhere.close()
    again.click("#cf-start-toggle")
    again.once("dialog", lambda dialog: dialog.accept())
    again.click("#cf-new")
    assert again.input_value('input[name="startup.id"]') == ""
    assert "brouillon" not in (again.evaluate(f"localStorage.getItem('{STORE}')") or "")


def test_a_download_with_refused_answers_moves_the_focus_to_the_first(context, server):
    page = open_form(context, server)
    page.click('.cf-sections [data-goto="convention"]')
    page.fill('input[name="convention.signed_on"]', "hier")
    tab_to(page, "#cf-download")
    page.keyboard.press("Enter")
    page.wait_for_selector("#cf-errors:not([hidden])")
    assert page.evaluate("document.activeElement.name") == "startup.id"  # the first, in the form's order
    assert page.is_visible('input[name="startup.id"]')
    summary = page.inner_text("#cf-errors")
    assert "Avant de télécharger : 2 réponses à corriger" in summary
    assert "startup.id : Cette réponse est obligatoire." in summary
    assert "convention.signed_on : Date attendue au format AAAA-MM-JJ" in summary
    assert page.inner_text("#f-startup-id-messages") == "Cette réponse est obligatoire."
    page.click('#cf-errors a[data-field="convention.signed_on"]')
    assert page.evaluate("document.activeElement.name") == "convention.signed_on"


def test_a_yaml_file_or_the_portfolios_declaration_starts_the_form(context, server, tmp_path):
    page = open_form(context, server)
    page.click("#cf-start-toggle")
    declaration = tmp_path / "reprise.yaml"
    declaration.write_text(
        f"startup: {{id: reprise, phases: [{{name: Construction, start: {french(-10)}}}]}}\n"
        "convention: {signed_on: 31/02/2024, termination: {notified_by: partner}}\n"
        "exemptions: []\n",
        encoding="utf-8",
    )
    page.set_input_files("#cf-file", str(declaration))
    page.click("#cf-file-use")
    page.wait_for_function("() => document.querySelector('input[name=\"startup.id\"]').value === 'reprise'")
    assert page.input_value('select[name="startup.phases[0].name"]') == "construction"
    notices = page.inner_text("#cf-notices")
    assert "Réponses reprises de reprise.yaml." in notices
    assert "convention.termination : clé inconnue" in notices and "exemptions : clé inconnue" in notices
    page.click('.cf-sections [data-goto="convention"]')
    page.wait_for_function("() => document.getElementById('f-convention-signed_on-messages').textContent !== ''")
    assert page.inner_text("#f-convention-signed_on-messages") == "Cette date n'existe pas : 2024-02-31."
    page.once("dialog", lambda dialog: dialog.accept())  # replace the answers in progress
    page.fill("#cf-startup", "jeveuxaider")
    page.click("#cf-startup-use")
    page.wait_for_function("() => document.querySelector('input[name=\"startup.id\"]').value === 'jeveuxaider'")
    assert "Réponses reprises de jeveuxaider." in page.inner_text("#cf-notices")
    page.fill("#cf-startup", "inconnu")
    page.click("#cf-startup-use")
    page.wait_for_function("() => document.getElementById('cf-notices').textContent.includes('Aucune déclaration')")
    assert page.input_value('input[name="startup.id"]') == "jeveuxaider"  # a refusal changes nothing
    assert page.problems == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]


def test_the_form_in_english(context, server):
    page = open_form(context, server, "?lang=en")
    assert page.inner_text("h1") == "Declare a product's compliance"
    page.fill('input[name="startup.id"]', "p")
    page.fill('input[name="startup.title"]', "x" * 2001)
    page.wait_for_function("() => document.getElementById('f-startup-title-messages').textContent !== ''")
    assert page.inner_text("#f-startup-title-messages") == "Text too long: 2,001 characters, at most 2,000."
    page.wait_for_function("() => document.getElementById('cf-summary').dataset.status === 'non-compliant'")
    assert page.inner_text("#cf-summary").startswith("Declaration non-compliant: ")
