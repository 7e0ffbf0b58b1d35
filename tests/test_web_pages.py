"""The pages of conformite serve: what `check --format html`, `sheet`, `agenda` and `history`
make, in the DSFR layout; the security headers on every route; the refresh when a file of the
portfolio changes (and only then); the language; path tricks; nothing ever written into the
portfolio directory."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys

import pytest
from conftest import AS_OF, FIXTURES
from starlette.testclient import TestClient

from checker.web import tasks
from checker.web.app import Settings, create_app
from checker.web.portfolio import fingerprint

DATE = {"as_of": AS_OF.isoformat()}
ROUTES = [
    ("GET", "/"),
    ("GET", "/startups/jeveuxaider"),
    ("GET", "/startups/jeveuxaider.html"),
    ("GET", "/agenda"),
    ("GET", "/agenda.ics"),
    ("GET", "/history"),
    ("GET", "/history.svg"),
    ("GET", "/rules"),
    ("GET", "/api"),
    ("GET", "/api/schema"),
    ("GET", "/api/rules"),
    ("GET", "/api/openapi.json"),
    ("GET", "/static/conformite.css"),
    ("GET", "/static/dsfr/dsfr.min.css"),
    ("GET", "/nothing"),
    ("GET", "/startups/nobody"),
    ("POST", "/api/check"),
    ("GET", "/api/check"),
]


def _portfolio(root):
    root.mkdir()
    for name in ("jeveuxaider.yaml", "api-engagement.yaml", "exemple-conforme.yaml"):
        shutil.copy(FIXTURES / "examples" / name, root / name)
    shutil.copy(FIXTURES / "invalid" / "unknown-key.yaml", root / "unknown-key.yaml")
    return root


class Counting:
    """The lock runner, counting the tasks it runs (a page served from the cache runs none)."""

    def __init__(self):
        from checker.web.engine import LockRunner

        self.runner, self.ran = LockRunner(), []

    async def start(self):
        pass

    async def stop(self):
        pass

    async def run(self, task, *args, timeout):
        self.ran.append(task.__name__)
        return await self.runner.run(task, *args, timeout=timeout)


@pytest.fixture
def served(tmp_path):
    """(client, portfolio directory, counting runner) of a lock-mode server."""
    directory = _portfolio(tmp_path / "portfolio")
    runner = Counting()
    with TestClient(create_app(Settings(directory=str(directory), engine="lock"), runner=runner)) as client:
        yield client, directory, runner


def _nonce(answer) -> str:
    policy = answer.headers["content-security-policy"]
    found = re.search(r"'nonce-([A-Za-z0-9_-]+)'", policy)
    assert found, policy
    return found.group(1)


def test_the_portfolio_is_the_html_report_in_the_dsfr_layout(served, catalog):
    client, _, _ = served
    answer = client.get("/", params=DATE)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    page = answer.text
    assert '<html lang="fr"' in page and 'class="fr-header"' in page and 'id="pied-de-page"' in page
    assert 'href="#contenu"' in page and '<main id="contenu"' in page  # skip links and their target
    assert 'id="heatmap"' in page and 'id="controls"' in page  # the report's table and filters
    assert page.count('<tr data-status="') == 4
    assert 'href="startups/jeveuxaider.html"' in page  # a row links to its sheet, which is served
    assert client.get("/startups/jeveuxaider.html", params=DATE).status_code == 200
    assert 'aria-current="page">Portefeuille</a>' in page


def test_the_portfolio_opens_on_the_active_startups_as_check_does_and_takes_a_phase(served):
    """The new-user trial: `/` counted every startup (416 closed ones "conformes") where the
    README's `check --summary --report html:…` opens on the active ones. Now the same view by
    default, ?phase= for the others, and an unknown phase one sentence, as /agenda and /history."""
    client, _, _ = served
    page = client.get("/", params=DATE).text
    assert '<option value="active" selected>' in page
    closed = client.get("/", params={**DATE, "phase": "closed"}).text
    assert '<option value="closed" selected>' in closed
    refused = client.get("/", params={**DATE, "phase": "nope"})
    assert refused.status_code == 400 and "active, closed, all" in refused.text


def test_inline_scripts_and_styles_carry_the_responses_nonce_and_nothing_is_external(served):
    client, _, _ = served
    for path in ("/", "/startups/jeveuxaider"):
        answer = client.get(path, params=DATE)
        nonce = _nonce(answer)
        inline = re.findall(r"<(script|style)(?![^>]*\bsrc=)([^>]*)>", answer.text)
        assert inline and all(f'nonce="{nonce}"' in attrs for _, attrs in inline)
        assert " style=" not in answer.text  # no style attribute: the policy allows none
        addresses = re.findall(r'(?:src|href)="([^"#]*)"', answer.text)
        assert addresses and not [a for a in addresses if re.match(r"(https?:)?//", a)]


@pytest.mark.parametrize("method, path", ROUTES)
def test_every_route_has_a_strict_policy_and_the_security_headers(served, method, path):
    client, _, _ = served
    answer = client.request(method, path, params=DATE)
    policy = answer.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "http" not in policy
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert answer.headers["x-frame-options"] == "DENY"
    assert "Traceback" not in answer.text


def test_each_response_has_its_own_nonce(served):
    client, _, _ = served
    assert _nonce(client.get("/rules")) != _nonce(client.get("/rules"))


def test_a_sheet_is_what_conformite_sheet_writes(served, catalog, tmp_path):
    from checker.web.embed import embed
    from checker.web.engine import State

    client, directory, _ = served
    expected = embed(tasks.sheet(State(catalog), str(directory), "jeveuxaider.yaml", AS_OF, "fr"))
    page = client.get("/startups/jeveuxaider", params=DATE).text
    assert expected.body in page and expected.style in page
    assert '<a class="fr-breadcrumb__link" aria-current="page">jeveuxaider</a>' in page


@pytest.mark.parametrize(
    "path",
    [
        "/startups/..%2F..%2Fetc%2Fpasswd",
        "/startups/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/startups/..%5C..%5Cetc%5Cpasswd",
        "/startups/jeveuxaider.yaml",
        "/startups/%00",
        "/static/..%2F..%2Fapp.py",
        "/static/%2e%2e/app.py",
        "/static/dsfr/..%5C..%5Capp.py",
        "/..%2F..%2Fetc%2Fpasswd",
    ],
)
def test_path_tricks_are_404_in_french(served, path):
    client, _, _ = served
    answer = client.get(path)
    assert answer.status_code == 404
    assert "root:" not in answer.text and "import" not in answer.text and "Traceback" not in answer.text
    assert "existe pas" in answer.text or "Aucune startup" in answer.text


def test_an_unknown_startup_is_404_naming_it(served):
    client, _, _ = served
    answer = client.get("/startups/inconnue", params=DATE)
    assert answer.status_code == 404 and "Aucune startup « inconnue » dans ce portefeuille." in answer.text


def test_the_agenda_page_and_calendar_are_the_agenda_commands(served, catalog):
    import icalendar

    from checker.web.engine import State

    client, directory, _ = served
    expected = tasks.agenda(State(catalog), str(directory), AS_OF, 90, "fr")
    page = client.get("/agenda", params=DATE).text
    assert page.count('<tr class="item"') == len(expected["agenda"]["items"]) > 0
    assert "Échéances au 2025-01-15 (en retard, échues depuis le 2024-01-15, et celles des 90 prochains jours)" in page
    calendar = client.get("/agenda.ics", params=DATE)
    assert calendar.headers["content-type"] == "text/calendar; charset=utf-8"
    assert calendar.content == expected["ics"]
    events = icalendar.Calendar.from_ical(calendar.content).walk("VEVENT")
    assert len(events) == len(expected["agenda"]["items"])
    assert 'href="/agenda.ics"' in page


def test_the_history_page_has_the_chart_and_one_row_per_date(served):
    client, _, _ = served
    answer = client.get("/history", params={"from": "2024-07-15", "to": "2025-01-15"})
    assert answer.status_code == 200 and "<svg" in answer.text
    assert len(re.findall(r'<tr><th scope="row">', answer.text)) == 7
    svg = client.get("/history.svg", params={"from": "2024-07-15", "to": "2025-01-15"})
    assert svg.headers["content-type"].startswith("image/svg+xml") and svg.text.startswith("<?xml")


@pytest.mark.parametrize(
    "params, words",
    [
        ({"from": "2025-02-01", "to": "2025-01-01"}, "période invalide"),
        ({"from": "1990-01-01", "to": "2025-01-01", "every": "week"}, "au plus 120 dates"),
        ({"every": "day"}, "every attend month, week"),
        ({"to": "9999-12-31"}, "to attend une date entre 1900-01-01 et 2999-12-31"),
    ],
)
def test_a_bad_history_period_is_400(served, params, words):
    client, _, runner = served
    answer = client.get("/history", params=params)
    assert answer.status_code == 400 and words in answer.text
    assert "history" not in runner.ran  # refused before anything is computed


def test_bad_agenda_days_are_400(served):
    client, _, _ = served
    for days in ("-1", "99999999999", "abc"):
        answer = client.get("/agenda", params={"days": days})
        assert answer.status_code == 400 and "days attend un nombre entier de 0 à 3660" in answer.text


def test_pages_are_computed_once_then_again_only_when_a_file_changes(served):
    client, directory, runner = served
    client.get("/", params=DATE)
    client.get("/", params=DATE)
    assert runner.ran == ["portfolio"]
    (directory / "sub").mkdir()
    shutil.copy(FIXTURES / "hostile" / "hostile.yaml", directory / "sub" / "hostile.yaml")
    page = client.get("/", params=DATE).text
    assert runner.ran == ["portfolio", "portfolio"] and page.count('<tr data-status="') == 5
    text = (directory / "exemple-conforme.yaml").read_text(encoding="utf-8")
    assert client.get("/startups/exemple-conforme", params=DATE).text.count('id="status"') == 1
    (directory / "exemple-conforme.yaml").write_text(
        text.replace("startup:", "startup:\n  bogus: 1", 1), encoding="utf-8"
    )
    sheet = client.get("/startups/exemple-conforme", params=DATE).text
    assert "bogus" in sheet and "invalid" in sheet.lower()


def test_a_hidden_directory_does_not_change_the_fingerprint(tmp_path):
    directory = _portfolio(tmp_path / "p")
    before = fingerprint(str(directory))
    (directory / ".git").mkdir()
    (directory / ".git" / "index").write_text("x")
    assert fingerprint(str(directory)) == before
    (directory / "jeveuxaider.yaml").write_text("changed", encoding="utf-8")
    assert fingerprint(str(directory)) != before


def test_french_by_default_english_by_query_cookie_or_browser(served):
    client, _, _ = served
    assert '<html lang="fr"' in client.get("/rules").text
    english = client.get("/rules", params={"lang": "en"})
    assert '<html lang="en"' in english.text and "Obligations and rules" in english.text
    assert "lang=en" in english.headers["set-cookie"] and "HttpOnly" in english.headers["set-cookie"]
    assert '<html lang="en"' in client.get("/rules").text  # the cookie
    client.cookies.clear()
    assert '<html lang="en"' in client.get("/rules", headers={"accept-language": "en-US,en;q=0.9,fr;q=0.5"}).text
    assert '<html lang="fr"' in client.get("/rules", headers={"accept-language": "fr-FR,en;q=0.5"}).text
    assert '<html lang="fr"' in client.get("/rules", headers={"accept-language": "de-DE"}).text
    answer = client.get("/rules", params={"lang": "de"})
    assert answer.status_code == 400 and "lang attend fr ou en, pas « de »" in answer.text


def test_a_portfolio_that_disappears_is_503_then_comes_back(served, tmp_path):
    client, directory, _ = served
    moved = tmp_path / "elsewhere"
    directory.rename(moved)
    answer = client.get("/", params=DATE)
    assert answer.status_code == 503 and "introuvable ou illisible" in answer.text
    moved.rename(directory)
    assert client.get("/", params=DATE).status_code == 200


def test_without_a_portfolio_the_api_and_rules_still_answer(tmp_path):
    with TestClient(create_app(Settings(directory=None, engine="lock"))) as client:
        home = client.get("/")
        assert home.status_code == 200 and "Aucun portefeuille" in home.text
        assert client.get("/agenda").status_code == 404
        assert client.get("/rules").status_code == 200
        body = (FIXTURES / "examples" / "jeveuxaider.yaml").read_bytes()
        assert client.post("/api/check", content=body, params=DATE).json()["summary"]["declarations"] == 1


def test_nothing_is_ever_written_into_the_portfolio(served):
    """A session of every page and the API: no file opened for writing, created, renamed or
    removed under the directory (audit hook: the lock engine runs in this process), and the same
    fingerprint after as before. (chmod cannot stop root, which CI is: the hook does.)"""
    client, directory, _ = served
    root = str(directory.resolve())
    writes: list = []
    recording = False

    def audit(event, args):
        if not recording:
            return
        if event == "open" and isinstance(args[0], str) and args[0].startswith(root):
            mode, flags = args[1] or "", args[2] or 0
            if any(c in str(mode) for c in "wax+") or flags & 0o3 or flags & 0o100:
                writes.append((event, args[0]))
        elif event in ("os.rename", "os.replace", "os.remove", "os.mkdir", "os.rmdir", "os.chmod") and str(
            args[0]
        ).startswith(root):
            writes.append((event, args[0]))

    sys.addaudithook(audit)  # cannot be removed: it only records paths under this test's directory
    before = fingerprint(str(directory))
    directory.chmod(0o555)
    recording = True
    try:
        for method, path in ROUTES:
            client.request(method, path, params=DATE)
        client.get("/", params={"lang": "en"})
        client.get("/history", params={"from": "2024-01-15", "to": "2025-01-15", "every": "week"})
    finally:
        recording = False
        directory.chmod(0o755)
    assert writes == [] and fingerprint(str(directory)) == before
    recording = True  # the hook sees a write when there is one
    (directory / "written.txt").write_text("x", encoding="utf-8")
    recording = False
    assert writes == [("open", str(directory.resolve() / "written.txt"))]


def test_today_is_the_default_date(served):
    client, _, _ = served
    began = dt.date.today()
    page = client.get("/agenda").text
    # the day the request began, or the next one should midnight pass meanwhile
    assert began.isoformat() in page or dt.date.today().isoformat() in page
