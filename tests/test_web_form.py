"""The self-assessment form of conformite serve (/declarer), without a browser: one source of
questions for the terminal and the form (each question says why it is asked), each answer
read as `conformite init` reads it (the same parsing and near-miss hints), the findings of
the whole draft through the evaluation of POST /api/check, the download byte for byte what
`init --answers` writes, a YAML file or a portfolio's declaration read through the loader's
guards, bad drafts refused in one sentence, and nothing kept on the server."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
import yaml
from conftest import FIXTURES, ROOT
from starlette.testclient import TestClient

from checker.questionnaire.answers import Answers, Invalid, convert
from checker.questionnaire.flow import Questionnaire
from checker.questionnaire.questions import INFORMATIVE, LIST_WORDS, REASONS, SECTIONS, Q, Repeat, parts_of_path, walk
from checker.reading.loader import load_text
from checker.web import form
from checker.web.app import Settings, create_app
from checker.web.portfolio import fingerprint

TODAY = dt.date.today()
LIMIT = 64 * 1024


def day(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


def french(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).strftime("%d/%m/%Y")


# what a partner types in the form, field by field, for a product that holds every obligation
# (the answers of tests/test_init.py's answers file, written as the form names them)
COMPLIANT = {
    "startup.id": "mon-produit",
    "startup.title": "Mon produit",
    "startup.phases[0].name": "investigation",
    "startup.phases[0].start": french(-300),
    "startup.phases[1].name": "construction",
    "startup.phases[1].start": day(-200),
    "convention.reference": "X-2024",
    "convention.partner": "DJEPVA",
    "convention.signed_on": french(-210),
    "convention.ends_on": day(400),
    "convention.copy_sent_to_cbcm.prime_minister": french(-200),
    "convention.copy_sent_to_cbcm.partner": day(-199),
    "convention.publication.gouvernement_fr": "https://www.gouvernement.fr/publications-officielles/x-2024",
    "convention.publication.data_gouv_fr": "https://www.data.gouv.fr/fr/datasets/x-2024/",
    "commitments.approach": "true",
    "commitments.manifesto": "true",
    "team.intrapreneur.name": "Jeanne Martin",
    "team.intrapreneur.public_agent": "true",
    "team.sponsor.name": "Paul Durand",
    "team.sponsor.role": "Directeur",
    "committees[0].date": french(-30),
    "committees[0].chaired_by_partner": "true",
    "committees[0].dinum_present": "true",
    "committees[0].indicators[0].name": "Démarches",
    "committees[0].indicators[0].result": "1 200",
    "committees[0].indicators[0].objective_6_months": "3000",
    "product_page.url": "https://beta.gouv.fr/startups/mon-produit.html",
    "product_page.updated_on": french(-10),
    "source_code.repositories": "https://github.com/betagouv/a, https://github.com/betagouv/b",
    "source_code.licence": "agpl-3.0",
    "statistics.url": "https://mon-produit.beta.gouv.fr/stats",
    "personal_data.processed": "false",
    "security.risk_workshops[0].date": french(-40),
    "security.risk_workshops[0].method": "anssi agile",
    "authentication.required": "false",
    "online_procedure.is_procedure": "false",
    "accessibility.status": "partiellement conforme",
    "budget.allocated": "400 000",
    "budget.committed": "210000,50",
}


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    directory = tmp_path_factory.mktemp("portfolio")
    for name in ("jeveuxaider.yaml", "api-engagement.yaml", "exemple-conforme.yaml"):
        shutil.copy(FIXTURES / "examples" / name, directory / name)
    return directory


@pytest.fixture(scope="module")
def client(portfolio):
    settings = Settings(directory=str(portfolio), engine="lock", max_bytes=LIMIT)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def bare():
    """A server without a portfolio: the form works, without its beta.gouv.fr start."""
    with TestClient(create_app(Settings(engine="lock", max_bytes=LIMIT))) as client:
        yield client


@pytest.fixture(autouse=True)
def _french_unless_asked(client, bare):
    """A page asked in English leaves a lang cookie (the next pages follow it): not between tests."""
    yield
    client.cookies.clear()
    bare.cookies.clear()


def answer(client, answers: dict, lang: str = "fr") -> dict:
    got = client.post("/declarer/answer", params={"lang": lang}, json={"answers": answers})
    assert got.status_code == 200, got.text
    return got.json()


def findings(client, answers: dict, lang: str = "fr") -> dict:
    got = client.post("/declarer/findings", params={"lang": lang}, json={"answers": answers})
    assert got.status_code == 200, got.text
    return got.json()


def download(client, answers: dict, lang: str = "fr"):
    body = urlencode(list(answers.items())).encode("utf-8")
    return client.post(
        "/declarer/yaml",
        params={"lang": lang},
        content=body,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )


def init_answers(tmp_path, answers: dict) -> bytes:
    """What `conformite init --answers` writes for these answers (a YAML file of the same texts)."""
    (tmp_path / "answers.yaml").write_text(yaml.safe_dump(form.nest(answers), allow_unicode=True), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "checker", "init", "--answers", "answers.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    written = tmp_path / f"{answers['startup.id']}.yaml"
    content = written.read_bytes()
    written.unlink()
    return content


# --- one source of questions ---------------------------------------------------------------------


def test_every_question_says_why_it_is_asked_naming_obligations_that_exist(catalog):
    asked = Answers("fr").asked()
    assert set(REASONS) == set(asked)  # every question and list, and nothing else
    ids = {o.id for o in catalog.obligations}
    for path, (obligations, fr, en) in REASONS.items():
        assert fr and en and fr != en, path
        assert set(obligations) <= ids, path
        assert not ((fr, en) == INFORMATIVE and obligations), path  # "no rule judges it" is so
    assert {path for path, item in asked.items() if isinstance(item, Repeat)} == set(LIST_WORDS)


def test_an_applicability_question_names_the_obligation_it_decides():
    for section in SECTIONS:
        for path, item in walk(section.items, section.key):
            if isinstance(item, Q) and item.decides:
                assert REASONS[path][0] == (item.decides,), path


class Controls(HTMLParser):
    """The form's controls (input, select) and what labels them."""

    def __init__(self):
        super().__init__()
        self.controls, self.labels, self.ids, self.in_template = [], set(), set(), 0

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "template":
            self.in_template += 1
        if "id" in found and not self.in_template:
            self.ids.add(found["id"])
        if tag == "label" and "for" in found:
            self.labels.add(found["for"])
        if tag in ("input", "select") and not self.in_template:
            self.controls.append(found)

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template -= 1


def test_the_page_asks_every_question_of_init_each_labelled_with_its_reason(client):
    page = client.get("/declarer", params={"lang": "fr"})
    assert page.status_code == 200 and 'aria-current="page">Déclarer</a>' in page.text
    html = page.text
    quiz = Answers("fr")
    for section in quiz.sections():
        assert f">{_escaped(section.title['fr'])}</h2>" in html
        for path, item in walk(section.items, section.key):
            words = item.fr if isinstance(item, Q) else LIST_WORDS[path]["fr"][0]
            assert _escaped(words) in html, path
            assert _escaped(REASONS[path][1]) in html, path
    parsed = Controls()
    parsed.feed(html)
    answers = [c for c in parsed.controls if c.get("name")]
    assert len(answers) > 40
    for control in answers:  # every control a label, and the messages that describe it exist
        assert control["id"] in parsed.labels, control
        for described in control.get("aria-describedby", "").split():
            assert described in parsed.ids, (control, described)
    english = client.get("/declarer", params={"lang": "en"}).text
    assert "Declare a product&#39;s compliance" in english and _escaped(SECTIONS[1].items[0].en) in english


def _escaped(words: str) -> str:
    return (
        words.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


# --- each answer read as init reads it -------------------------------------------------------------


def expected(path: str, raw: str, lang: str = "fr") -> str:
    """What init says of this answer at this question (its refusal)."""
    quiz = Questionnaire(lang)
    question = quiz.asked()[path]
    with pytest.raises(Invalid) as refused:
        convert(question, raw, lang, quiz.id_pattern, quiz.node(parts_of_path(path)))
    return str(refused.value)


@pytest.mark.parametrize(
    "name, typed, says",
    [
        ("convention.signed_on", "31/02/2024", "Cette date n'existe pas : 2024-02-31."),
        ("convention.signed_on", "hier", "Date attendue au format AAAA-MM-JJ"),
        ("startup.phases[0].name", "constructon", "vouliez-vous dire « construction » ?"),
        ("source_code.licence", "GNU AGPL v3", "Écrivez l'identifiant SPDX : AGPL-3.0."),
        ("source_code.licence", "EUPL", "Écrivez l'identifiant SPDX : EUPL-1.2."),
        ("security.risk_workshops[0].method", "ebios", "Pour une démarche recommandée, écrivez son identifiant"),
        ("budget.allocated", "-1", "Nombre attendu entre 0 et"),
        ("team.intrapreneur.public_agent", "peut-être", "Répondez oui ou non."),
        ("product_page.url", "beta.gouv.fr/startups/x", "Adresse attendue commençant par https://"),
        ("startup.title", "t" * 2001, "Texte trop long : 2\u202f001 caractères, 2\u202f000 au plus."),
        ("startup.id", "mon produit", "Identifiant attendu : 1 à 100 caractères"),
    ],
)
def test_an_answer_is_refused_with_inits_own_words(client, name, typed, says):
    draft = {"startup.id": "p", "startup.phases[0].start": "2024-01-01", name: typed}
    refused = answer(client, draft)["errors"]
    assert refused[name] == expected(form.INDEX.sub("[]", name), typed) and says in refused[name]


def test_what_each_accepted_answer_is_written_as(client):
    got = answer(client, {
        "startup.id": "p",
        "convention.signed_on": "15/08/2024",
        "convention.ends_on": "2025-08-14",
        "source_code.licence": "agpl-3.0",
        "security.risk_workshops[0].date": "01/02/2025",
        "security.risk_workshops[0].method": "EBIOS RM",
        "budget.allocated": "925 000",
        "personal_data.processed": "true",
    })  # fmt: skip
    assert got["errors"] == {}
    assert got["written"] == {
        "convention.signed_on": "2024-08-15",
        "source_code.licence": "AGPL-3.0",
        "security.risk_workshops[0].date": "2025-02-01",
        "security.risk_workshops[0].method": "ebios-rm",
        "budget.allocated": "925000",
    }  # what was typed as written is not repeated
    assert got["undeclared"] == ["authentication.required", "online_procedure.is_procedure"] and got["active"]


def test_what_only_a_whole_draft_shows_is_refused_at_its_place(client):
    got = answer(client, {
        "startup.id": "",
        "objectives[0].id": "demarches",
        "objectives[1].id": "demarches",
        "budget.allocated": "10",
        "budget.years[0].year": "2024",
        "committees[0].comment": "sans date",
    })  # fmt: skip
    assert got["errors"] == {
        "startup.id": "Cette réponse est obligatoire.",
        "objectives[1].id": "identifiant déjà donné en objectives[0] : chacun est unique",
        "budget.years": "une seule des deux formes du budget : allocated / committed, ou years (pas les deux)",
        "committees[0].date": "Cette réponse est obligatoire.",
    }
    english = answer(client, {"startup.id": "p", "budget.allocated": "dix"}, "en")["errors"]
    assert english == {"budget.allocated": "Expected a number, e.g. 925000 or 7.5."}


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"answers": ["startup.id"]}',
        b'{"answers": {"startup.id": 3}}',
        b'{"answers": {"../etc/passwd": "x"}}',
        b'{"answers": {"startup.phases[1000].name": "x"}}',
        b'{"answers": {"a": ' + b"[" * 300 + b"]" * 300 + b"}}",
    ],
)
def test_a_bad_draft_is_a_french_problem_never_a_traceback(client, body):
    for path in ("/declarer/answer", "/declarer/findings"):
        got = client.post(path, content=body, headers={"content-type": "application/json"})
        assert got.status_code in (400, 413), got.text
        assert got.headers["content-type"] == "application/problem+json"
        assert "Traceback" not in got.text
        if got.status_code == 400:
            assert "le corps attendu est un objet JSON" in got.json()["detail"]
        assert "default-src 'none'" in got.headers["content-security-policy"]


def test_a_draft_of_too_many_answers_is_refused():
    many = {"answers": {f"startup.f{i}": "" for i in range(form.MAX_FIELDS + 1)}}
    with pytest.raises(form.BadDraft, match="5000 réponses au plus"):
        form.draft(many, "fr")
    assert len(form.draft({"answers": dict(list(many["answers"].items())[:-1])}, "fr")) == form.MAX_FIELDS


def test_a_draft_that_would_make_too_many_list_items_is_refused(client):
    """An index of 999 in many lists would have the server make a million empty items."""
    many = {f"committees[{i}].indicators[999].name": "x" for i in range(11)}
    got = client.post("/declarer/answer", json={"answers": many})
    assert got.status_code == 400
    assert got.json()["detail"] == "trop d'éléments de liste : 10000 au plus pour toutes les listes ensemble"
    refused = answer(client, {"startup.id": "p", "objectives[999].id": "o"})["errors"]  # the last index there is
    assert "objectives[999].id" not in refused and refused["objectives[0].id"] == "Cette réponse est obligatoire."


def test_a_file_with_more_answers_than_the_form_holds_is_refused(client):
    measurements = "  - {on: a, value: 1}\n" * 2501  # two answers each
    content = f"startup: {{id: p}}\nobjectives:\n- id: o\n  measurements:\n{measurements}"
    assert len(content) < LIMIT
    got = client.post("/declarer/import", content=content.encode())
    assert got.status_code == 422
    assert got.json()["detail"].startswith(
        "ce fichier est trop grand pour le formulaire (plus de 5\u202f000 réponses, "
    )
    fields = "".join(f"  x{i}: a\n" for i in range(5001))  # keys no question asks: not answers
    assert client.post("/declarer/import", content=f"startup:\n{fields}".encode()).status_code == 200
    many = "".join(
        f"- {{id: o{i}, label: a, target: 1, due_on: a, measurements: [{{on: a, value: 1}}]}}\n" for i in range(1000)
    )
    with TestClient(create_app(Settings(engine="lock"))) as roomy:  # 1 MiB: room for 1,000 items of 6 answers
        got = roomy.post("/declarer/import", content=f"objectives:\n{many}".encode())
    assert got.status_code == 422 and "trop grand pour le formulaire" in got.json()["detail"]


def test_an_unknown_field_is_refused_as_init_refuses_an_unknown_key(client):
    refused = answer(client, {"startup.id": "p", "convention.signed": "2024-01-01"})["errors"]
    assert refused == {"convention.signed": "clé inconnue — vouliez-vous dire « signed_on » ?"}


# --- the findings of the whole draft -----------------------------------------------------------------


def test_the_findings_are_those_of_api_check_on_the_file_the_form_writes(client):
    draft = {**COMPLIANT, "team.intrapreneur.public_agent": "false", "committees[0].date": french(-200)}
    del draft["team.sponsor.name"]
    yaml_file = download(client, draft).content
    report = client.post("/api/check", params={"file": "mon-produit.yaml"}, content=yaml_file).json()
    problems = [f for f in report["declarations"][0]["findings"] if f["outcome"] in ("fail", "warn")]
    causes = {f["cause"] for f in problems}
    assert {"missing", "breach", "deadline"} <= causes  # no sponsor, not a public agent, a committee overdue
    shown = findings(client, draft)
    assert shown["status"] == "non-compliant"
    assert shown["summary"] == f"Déclaration non conforme : {len(problems)} constats."
    html = shown["html"]
    assert html.count('<li class="cf-finding"') == len(problems)
    for finding in problems:
        assert _escaped(finding["message"]) in html
    for words in ("à compléter", "manquement", "échéance"):
        assert f'fr-badge--info">{words}</span>' in html
    assert 'href="#f-team-intrapreneur-public_agent-group" data-field="team.intrapreneur.public_agent"' in html


def test_a_compliant_draft_has_no_finding_and_a_draft_without_id_none_yet(client):
    assert findings(client, COMPLIANT)["summary"] == "Déclaration conforme : 0 constat."
    assert "Aucun constat" in findings(client, COMPLIANT)["html"]
    waiting = findings(client, {"startup.title": "x"})
    assert waiting["status"] is None and "dès que l'identifiant du produit" in waiting["summary"]
    english = findings(client, {"startup.id": "p"}, "en")
    assert english["summary"].startswith("Declaration non-compliant: ") and "to complete" in english["html"]


# --- the file written ----------------------------------------------------------------------------------


def test_the_download_is_byte_for_byte_what_init_answers_writes(client, tmp_path):
    for _ in range(2):  # the file says the day it was written: once more if midnight passed in between
        before = dt.date.today()
        written = init_answers(tmp_path, COMPLIANT)
        got = download(client, COMPLIANT)
        if dt.date.today() == before:
            break
    assert got.status_code == 200 and got.content == written
    assert got.headers["content-type"] == "application/yaml; charset=utf-8"
    assert (
        got.headers["content-disposition"]
        == "attachment; filename=\"mon-produit.yaml\"; filename*=UTF-8''mon-produit.yaml"
    )
    assert got.content.startswith("# Déclaration de conformité écrite par « conformite init »".encode())
    english = download(client, COMPLIANT, "en")
    assert english.content.startswith(b"# Compliance declaration written by 'conformite init'")


def test_a_download_names_an_odd_id_safely(client):
    got = download(client, {"startup.id": 'a"b;c\u00e9'})
    assert got.status_code == 200
    assert got.headers["content-disposition"] == (
        "attachment; filename=\"a_b_c_.yaml\"; filename*=UTF-8''a%22b%3Bc%C3%A9.yaml"
    )


def test_refused_answers_write_nothing_and_say_which(client):
    got = download(client, {**COMPLIANT, "convention.signed_on": "31/02/2024", "startup.id": ""})
    assert got.status_code == 422 and got.headers["content-type"].startswith("text/html")
    assert "Réponses refusées : la déclaration n&#39;a pas été écrite." in got.text
    assert "convention.signed_on : Cette date n&#39;existe pas : 2024-02-31." in got.text
    assert "startup.id : Cette réponse est obligatoire." in got.text
    assert 'href="/declarer"' in got.text


# --- starting from a file or from the portfolio --------------------------------------------------------


def test_a_declaration_file_becomes_a_draft_that_writes_the_same_declaration(client, tmp_path):
    """Every example declaration, through the form's import, gives the declaration init makes of
    the same file (what the form cannot hold, said)."""
    quiz = Answers("fr")
    for path in sorted((FIXTURES / "examples").glob("*.yaml")):
        got = client.post("/declarer/import", content=path.read_bytes())
        assert got.status_code == 200, (path, got.text)
        data = got.json()
        original = load_text(path.read_text(encoding="utf-8"))[0].data  # as the form's import reads it
        kept = {k: v for k, v in original.items() if k in {s.key for s in quiz.sections()}}
        expected_decl, errors = quiz.from_answers(kept)
        decl, refused = form.declaration(quiz, data["answers"])
        dropped = {line.split(" : ")[0] for line in data["dropped"]}
        assert decl == expected_decl, path
        assert refused == {p: m for p, m in errors if p not in dropped}, path
        for key in set(original) - set(kept) - {"schema_version"}:
            assert f"{key} : clé inconnue" in {line.split(" — ")[0] for line in data["dropped"]}, (path, key)


def test_an_uploaded_file_is_read_through_the_loaders_guards(client):
    bomb = client.post("/declarer/import", content=(FIXTURES / "invalid" / "billion-laughs.yaml").read_bytes())
    assert bomb.status_code == 422 and bomb.json()["code"] == "yaml.too_many_nodes"
    assert bomb.headers["content-type"] == "application/problem+json"
    latin = client.post("/declarer/import", content="startup: {id: é}".encode("latin-1"))
    assert latin.status_code == 422 and "n'est pas en UTF-8" in latin.json()["detail"]
    big = client.post("/declarer/import", content=b"#" * (LIMIT + 1))
    assert big.status_code == 413 and "--max-bytes" in big.json()["detail"]
    listed = client.post("/declarer/import", content=b"- a\n- b\n")
    assert listed.status_code == 422 and "ce fichier n'est pas une déclaration" in listed.json()["detail"]
    broken = client.post("/declarer/import", content=b"startup:\n  id: [\n")
    assert broken.status_code == 422 and broken.json()["detail"].startswith("déclaration refusée, ligne ")
    odd = client.post("/declarer/import", content=b"startup: {id: p}\nauthentication: {required: peut-etre}\n")
    assert odd.json() == {
        "answers": {"startup.id": "p"},
        "dropped": ["authentication.required : Répondez oui ou non."],
        "dropped_count": 1,
    }


def test_a_portfolio_declaration_starts_the_form(client, bare):
    got = client.get("/declarer/startup", params={"id": "jeveuxaider"})
    assert got.status_code == 200
    answers = got.json()["answers"]
    assert answers["startup.id"] == "jeveuxaider" and answers["startup.phases[0].name"] == "investigation"
    missing = client.get("/declarer/startup", params={"id": "jeveuxaidr"})
    assert missing.status_code == 404
    assert (
        missing.json()["detail"]
        == "Aucune déclaration « jeveuxaidr » dans ce portefeuille. Vouliez-vous dire « jeveuxaider » ?"
    )
    assert bare.get("/declarer/startup", params={"id": "jeveuxaider"}).status_code == 404
    assert 'id="cf-startup"' in client.get("/declarer").text and 'id="cf-startup"' not in bare.get("/declarer").text


def test_drafts_round_trip_through_the_form(catalog):
    """A declaration made a draft and read back is the declaration: every rule fixture that
    passes, as init reads it."""
    quiz = Answers("fr")
    sections = {s.key for s in quiz.sections()}
    for path in sorted((FIXTURES / "rules").rglob("pass*.yaml")):
        original = load_text(path.read_text(encoding="utf-8"))[0].data
        kept = {k: v for k, v in original.items() if k in sections}
        expected_decl, errors = quiz.from_answers(kept)
        flat, _ = form.flatten(quiz, kept)
        decl, refused = form.declaration(quiz, flat)
        if not errors:
            assert refused == {} and decl == expected_decl, path


# --- the server keeps nothing ------------------------------------------------------------------------------


def test_the_form_never_writes_on_the_server(client, portfolio):
    """A session of every route of the form opens no file for writing, creates, renames or
    removes none (audit hook: the lock engine runs in this process)."""
    writes: list = []
    recording = False

    def audit(event, args):
        if not recording:
            return
        if event == "open" and isinstance(args[0], str) and not args[0].startswith("/proc"):
            mode, flags = args[1] or "", args[2] or 0
            if any(c in str(mode) for c in "wax+") or flags & 0o3 or flags & 0o100:
                writes.append((event, args[0]))
        elif event in ("os.rename", "os.replace", "os.remove", "os.mkdir", "os.rmdir"):
            writes.append((event, args[0]))

    sys.addaudithook(audit)  # cannot be removed: it records only while this test's requests run
    before = fingerprint(str(portfolio))
    findings(client, COMPLIANT)  # the rules engine compiled (its cache written) before the session
    recording = True
    try:
        client.get("/declarer")
        answer(client, COMPLIANT)
        findings(client, COMPLIANT)
        download(client, COMPLIANT)
        client.post("/declarer/import", content=(FIXTURES / "examples" / "jeveuxaider.yaml").read_bytes())
        client.get("/declarer/startup", params={"id": "jeveuxaider"})
    finally:
        recording = False
    assert writes == [] and fingerprint(str(portfolio)) == before


def test_the_static_site_has_no_form(tmp_path):
    from checker.web import pages

    page = pages.Page("fr", pages.SiteLinks(0, ()), "portfolio", nonce=None)
    html = pages.render("message.html", page, title="t", code=None, paragraphs=[], back=None)
    assert "Déclarer" not in html and "declarer" not in html
    served = pages.render("message.html", pages.Page("fr", pages.ServerLinks("/c"), ""), title="t", code=None,
                          paragraphs=[], back=None)  # fmt: skip
    assert 'href="/c/declarer"' in served


def test_the_form_script_is_shipped_and_declares_its_words(client):
    script = client.get("/static/declarer.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    used = set(re.findall(r'say\("([a-z_.]+)"', script.text)) | set(
        re.findall(r'counted\([^,]+, "([a-z_.]+)"\)', script.text)
    )
    from checker.web.declarer import _SCRIPT_WORDS

    assert used <= set(_SCRIPT_WORDS), used - set(_SCRIPT_WORDS)
    assert "innerHTML = data.html" in script.text and script.text.count("innerHTML") == 1
    assert (ROOT / "checker" / "web" / "static" / "declarer.js").read_bytes() == script.content


def test_behind_a_reverse_proxy_the_page_calls_its_routes_under_the_root_path():
    with TestClient(create_app(Settings(engine="lock")), root_path="/conformite") as proxied:
        page = proxied.get("/declarer").text
    for route in ("answer", "findings", "import", "startup"):
        assert f'data-{route}="/conformite/declarer/{route}?lang=fr"' in page
    assert 'action="/conformite/declarer/yaml?lang=fr"' in page and 'src="/conformite/static/declarer.js"' in page
