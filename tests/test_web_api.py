"""The API of conformite serve: POST /api/check answers the bytes `conformite check --format
json` writes, on every fixture; GET /api/schema and /api/rules; the OpenAPI document is valid
and every status it documents is answered as documented (its schema); bad input is a 4xx with
one French sentence, never a traceback."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import AS_OF, FIXTURES, ROOT
from starlette.testclient import TestClient

from checker.cli import main as cli
from checker.web.app import Settings, create_app
from checker.web.openapi import document

FILES = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".yaml", ".yml"))
SMALL = 64 * 1024  # the server's --max-bytes in this module


@pytest.fixture(scope="module")
def client():
    settings = Settings(directory=None, engine="process", workers=2, max_bytes=SMALL)
    with TestClient(create_app(settings)) as client:
        yield client


def _cli_json(path, tmp_path, lang="fr") -> dict | bytes:
    out = tmp_path / "report.json"
    relative = path.relative_to(ROOT).as_posix()
    code = cli.main(
        ["check", "--format", "json", "--as-of", AS_OF.isoformat(), "--lang", lang, relative, "--output", str(out)]
    )
    assert code in (0, 1, 2)
    return out.read_bytes()


def _post(client, path, lang="fr", **params):
    relative = path.relative_to(ROOT).as_posix()
    query = {"as_of": AS_OF.isoformat(), "lang": lang, "file": relative, **params}
    return client.post(
        "/api/check", params=query, content=path.read_bytes(), headers={"content-type": "application/yaml"}
    )


@pytest.mark.slow
def test_every_fixture_gets_the_bytes_of_the_command_line(client, tmp_path):
    """The same verdicts and the same bytes as `conformite check --format json FILE`; a file the
    API refuses (not UTF-8, a YAML bomb) is refused with the command line's own message."""
    assert len(FILES) > 150
    refused = 0
    for path in FILES:
        expected = _cli_json(path, tmp_path)
        answer = _post(client, path)
        if answer.status_code == 200:
            assert answer.content == expected, path
            assert answer.headers["content-type"] == "application/json"
            continue
        refused += 1
        assert answer.status_code in (400, 422), path
        problem = answer.json()
        error = json.loads(expected)["declarations"][0]["errors"][0]
        assert error["message"] in problem["detail"] and (problem["line"], problem["column"]) == (
            error["line"],
            error["column"],
        )
    assert refused >= 1  # fixtures/invalid/billion-laughs.yaml


@pytest.mark.parametrize("name", ["examples/jeveuxaider.yaml", "invalid/unknown-key.yaml"])
def test_english_is_the_english_report(client, tmp_path, name):
    path = FIXTURES / name
    assert _post(client, path, lang="en").content == _cli_json(path, tmp_path, "en")


def test_the_report_defaults_to_a_file_named_declaration_and_today(client):
    import datetime as dt

    body = (FIXTURES / "examples" / "jeveuxaider.yaml").read_bytes()
    began = dt.date.today()
    report = client.post("/api/check", content=body).json()
    assert report["declarations"][0]["file"] == "declaration.yaml"
    # the day the request began, or the next one should midnight pass meanwhile: never another
    assert report["as_of"] in {began.isoformat(), dt.date.today().isoformat()}


def _problem(answer, status: int) -> dict:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == status and "Traceback" not in answer.text
    return problem


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"as_of": "15/01/2025"}, "écrivez 2025-01-15"),
        ({"as_of": "2025-02-30"}, "as_of attend une date AAAA-MM-JJ"),
        ({"as_of": "0001-01-01"}, "as_of attend une date entre 1900-01-01 et 2999-12-31"),
        ({"lang": "de"}, "lang attend fr ou en"),
        ({"file": ""}, "file attend un nom"),
        ({"file": "a\x1bb.yaml"}, "file attend un nom"),
    ],
)
def test_bad_parameters_are_400_in_french(client, params, expected):
    answer = client.post("/api/check", params=params, content=b"startup: {id: x}\n")
    assert expected in _problem(answer, 400)["detail"]


def test_a_body_that_is_not_utf8_is_400(client):
    problem = _problem(client.post("/api/check", content=b"startup:\n  id: caf\xe9\n"), 400)
    assert "n'est pas en UTF-8 (octet 0xe9)" in problem["detail"] and problem["line"] == 2
    assert problem["code"] == "file.encoding"


def test_a_yaml_bomb_is_422_by_the_loaders_guard(client):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    problem = _problem(client.post("/api/check", content=bomb.encode()), 422)
    assert problem["code"] == "yaml.too_many_nodes" and "refusé" in problem["detail"]
    deep = ("[" * 200 + "]" * 200).encode()
    assert _problem(client.post("/api/check", content=deep), 422)["code"] == "yaml.too_deep"


def test_a_body_over_max_bytes_is_413_in_french_and_english(client):
    problem = _problem(client.post("/api/check", content=b"#" * (SMALL + 1)), 413)
    assert f"plus de {SMALL} octets" in problem["detail"]
    problem = _problem(client.post("/api/check", params={"lang": "en"}, content=b"#" * (SMALL + 1)), 413)
    assert f"over {SMALL} bytes" in problem["detail"]
    assert client.post("/api/check", content=b"#" * SMALL).status_code == 200  # the limit itself is allowed


def test_a_chunked_body_over_max_bytes_is_413(client):
    def chunks():
        for _ in range(SMALL // 1024 + 2):
            yield b"#" * 1024

    _problem(client.post("/api/check", content=chunks()), 413)


def test_unknown_api_routes_and_methods_are_french_problems(client):
    assert "n'existe pas" in _problem(client.get("/api/nothing"), 404)["detail"]
    assert "GET non permise" in _problem(client.get("/api/check"), 405)["detail"]


def test_schema_is_the_declaration_schema(client):
    from checker.reading.schemas import schema_text

    answer = client.get("/api/schema")
    assert answer.status_code == 200 and answer.text == schema_text()
    assert answer.headers["content-type"].startswith("application/schema+json")


def test_rules_list_every_obligation_in_the_asked_language(client, catalog):
    fr, en = client.get("/api/rules").json(), client.get("/api/rules", params={"lang": "en"}).json()
    assert [o["id"] for o in fr["obligations"]] == catalog.obligation_ids
    assert fr["obligations"][0]["title"] == catalog.obligations[0].title["fr"]
    assert en["obligations"][0]["title"] == catalog.obligations[0].title["en"]
    english = client.get("/api/rules", headers={"accept-language": "en-GB,en;q=0.9"}).json()
    assert english == en


def test_the_openapi_document_is_valid_and_served(client):
    from openapi_spec_validator import validate

    served = client.get("/api/openapi.json")
    assert served.status_code == 200 and served.json() == document()
    validate(served.json())


# one request per documented (path, method, status): the answer must match what is documented
EXAMPLE = (FIXTURES / "examples" / "jeveuxaider.yaml").read_bytes()
CALLS = {
    ("/api/check", "post", "200"): {"content": EXAMPLE},
    ("/api/check", "post", "400"): {"content": b"\xff"},
    ("/api/check", "post", "413"): {"content": b"#" * (SMALL + 1)},
    ("/api/check", "post", "422"): {"content": b"[" * 100 + b"]" * 100},
    ("/api/schema", "get", "200"): {},
    ("/api/rules", "get", "200"): {},
    ("/api/rules", "get", "400"): {"params": {"lang": "xx"}},
    ("/api/openapi.json", "get", "200"): {},
}
DOCUMENTED = [
    (path, method, status)
    for path, methods in document()["paths"].items()
    for method, operation in methods.items()
    for status in operation["responses"]
]


def test_every_documented_answer_is_tested_here_or_in_test_web_engine():
    engine_statuses = {("/api/check", "post", "503"), ("/api/check", "post", "504")}  # test_web_engine.py
    assert set(DOCUMENTED) == set(CALLS) | engine_statuses


@pytest.mark.parametrize("path, method, status", sorted(CALLS))
def test_each_route_answers_as_documented(client, path, method, status):
    doc = document()
    answer = client.request(method.upper(), path, **CALLS[(path, method, status)])
    assert answer.status_code == int(status)
    content = doc["paths"][path][method]["responses"][status]["content"]
    media = answer.headers["content-type"].split(";")[0]
    assert media in content, (media, list(content))
    schema = {**content[media]["schema"], "components": doc["components"]}
    jsonschema.validate(answer.json(), schema, cls=jsonschema.Draft202012Validator)
