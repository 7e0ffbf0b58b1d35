"""The API's OpenAPI 3.1 document (``GET /api/openapi.json``), and the page that reads it out
(``GET /api``). tests/test_web_api.py validates the document and calls every route for every
status it documents, checking each answer against its schema."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import __version__

if TYPE_CHECKING:
    from checker.judging.rules import Catalog

VERDICT = {"enum": ["pass", "fail", "warn", "waived", "not-applicable"]}
PROBLEM_TYPE = "application/problem+json"

FINDING = {
    "type": "object",
    "required": [
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
    ],
    "properties": {
        "rule": {"type": "string"},
        "obligation": {"type": "string"},
        "severity": {"type": "string"},
        "outcome": VERDICT,
        "message": {"type": "string"},
        "reference": {"type": "string"},
        "path": {"type": "string"},
        "line": {"type": "integer", "minimum": 1},
        "column": {"type": "integer", "minimum": 1},
        "due_on": {"type": ["string", "null"], "format": "date"},
        "cause": {"enum": ["missing", "breach", "deadline", "exemption", "evidence"]},
        "fix": {"type": "string"},
        "evidence": {},
        "verified": {"const": False, "description": "only on a --verbose pass that verified nothing"},
    },
}

REPORT = {
    "type": "object",
    "description": "The JSON report of shared/spec/report.md: the bytes `conformite check --format json` writes.",
    "required": ["report_version", "generator", "as_of", "summary", "declarations"],
    "properties": {
        "report_version": {"const": 1},
        "generator": {
            "type": "object",
            "required": ["name", "version"],
            "properties": {"name": {"const": "conformite"}, "version": {"type": "string"}},
        },
        "as_of": {"type": "string", "format": "date"},
        "summary": {
            "type": "object",
            "required": ["declarations", "compliant", "non_compliant", "invalid"],
            "properties": {k: {"type": "integer"} for k in ("declarations", "compliant", "non_compliant", "invalid")},
        },
        "declarations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["file", "startup", "status", "phase", "obligations", "findings", "errors"],
                "properties": {
                    "file": {"type": "string"},
                    "startup": {"type": ["string", "null"]},
                    "status": {"enum": ["compliant", "non-compliant", "invalid"]},
                    "phase": {"type": ["string", "null"]},
                    "obligations": {"type": "object", "additionalProperties": VERDICT},
                    "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
                    "errors": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["message", "path", "line", "column"],
                            "properties": {
                                "message": {"type": "string"},
                                "path": {"type": "string"},
                                "line": {"type": "integer"},
                                "column": {"type": "integer"},
                            },
                        },
                    },
                },
            },
        },
    },
}

PROBLEM = {
    "type": "object",
    "description": "RFC 9457: why a request was refused, in French (English with lang=en).",
    "required": ["status", "title", "detail"],
    "properties": {
        "status": {"type": "integer"},
        "title": {"type": "string"},
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "for a declaration refused by the loader: its problem's id"},
        "line": {"type": "integer"},
        "column": {"type": "integer"},
    },
}

RULES = {
    "type": "object",
    "required": ["obligations"],
    "properties": {
        "obligations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "title", "article", "how_to_comply", "rules"],
                "properties": {
                    "id": {"type": "string"},
                    "title": {"type": "string"},
                    "article": {"type": "string"},
                    "how_to_comply": {"type": "string"},
                    "rules": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["id", "outcome", "severity", "message"],
                            "properties": {
                                "id": {"type": "string"},
                                "outcome": VERDICT,
                                "severity": {"type": "string"},
                                "message": {"type": "string"},
                                "due": {"type": ["string", "null"]},
                            },
                        },
                    },
                },
            },
        },
    },
}


def _problem(description: str) -> dict:
    return {"description": description, "content": {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}


LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "fr (default) or en; without it, the Accept-Language header decides, else French",
    "schema": {"enum": ["fr", "en"]},
}


YAML_BODY = {"schema": {"type": "string"}}
CHECK = {
    "operationId": "check",
    "summary": "Check one declaration: the JSON report of `conformite check --format json`",
    "parameters": [
        {
            "name": "as_of",
            "in": "query",
            "required": False,
            "description": "YYYY-MM-DD, the date every deadline is computed against (default: today)",
            "schema": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        },
        LANG,
        {
            "name": "file",
            "in": "query",
            "required": False,
            "description": "the file name the report gives the declaration (default declaration.yaml)",
            "schema": {"type": "string", "minLength": 1, "maxLength": 255},
        },
    ],
    "requestBody": {
        "required": True,
        "description": "one declaration file (declaration.md), UTF-8, at most --max-bytes bytes",
        "content": dict.fromkeys(("application/yaml", "text/yaml", "application/x-yaml", "text/plain"), YAML_BODY),
    },
    "responses": {
        "200": {
            "description": "the report; an invalid declaration is a report too (status invalid, its errors)",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}},
        },
        "400": _problem("a bad parameter (as_of, lang, file) or a body that is not UTF-8"),
        "413": _problem("a body over --max-bytes, refused while it is read"),
        "422": _problem("a body over the loader's limits (nodes after aliases, depth, text)"),
        "503": _problem("no engine became free in time"),
        "504": _problem("the evaluation took too long and was stopped"),
    },
}
PATHS = {
    "/api/check": {"post": CHECK},
    "/api/schema": {
        "get": {
            "operationId": "schema",
            "summary": "The declaration JSON Schema (`conformite schema`)",
            "responses": {
                "200": {
                    "description": "JSON Schema draft 2020-12",
                    "content": {"application/schema+json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
    "/api/rules": {
        "get": {
            "operationId": "rules",
            "summary": "The obligations and their rules (`conformite rules`)",
            "parameters": [LANG],
            "responses": {
                "200": {
                    "description": "the catalogue, in its order",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Rules"}}},
                },
                "400": _problem("a bad lang"),
            },
        }
    },
    "/api/openapi.json": {
        "get": {
            "operationId": "openapi",
            "summary": "This document",
            "responses": {
                "200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}
            },
        }
    },
}


def document() -> dict:
    """The OpenAPI document (a fresh copy: callers may change it)."""
    import copy

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "conformite",
            "version": __version__,
            "description": "Checks a Startup d'État declaration against its convention with DINUM: the same "
            "rules, messages and computation as `conformite check`.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": copy.deepcopy(PATHS),
        "components": copy.deepcopy(
            {"schemas": {"Report": REPORT, "Finding": FINDING, "Problem": PROBLEM, "Rules": RULES}}
        ),
    }


def rules(catalog: Catalog, lang: str) -> dict[str, Any]:
    """``GET /api/rules``: the catalogue as data, in ``lang``."""
    return {
        "obligations": [
            {
                "id": o.id,
                "title": o.title[lang],
                "article": o.article[lang],
                "how_to_comply": o.how_to_comply[lang],
                "rules": [
                    {"id": r.id, "outcome": r.outcome, "severity": r.severity, "message": r.message[lang], "due": r.due}
                    for r in o.rules
                ],
            }
            for o in catalog.obligations
        ]
    }


def markdown(lang: str) -> str:
    """The API page: each operation, its parameters and answers (the document, read out)."""
    doc = document()
    fr = lang == "fr"
    out = [
        "# " + ("API de vérification" if fr else "Checking API"),
        "",
        (
            "Le document OpenAPI : [`/api/openapi.json`](openapi.json). Exemple :"
            if fr
            else "The OpenAPI document: [`/api/openapi.json`](openapi.json). Example:"
        ),
        "",
        "```",
        "curl --data-binary @jeveuxaider.yaml -H 'Content-Type: application/yaml' \\",
        "  'http://127.0.0.1:8000/api/check?as_of=2025-01-15&lang=fr'",
        "```",
        "",
    ]
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            out += [f"## `{method.upper()} {path}`", "", operation["summary"], ""]
            for parameter in operation.get("parameters", []):
                out.append(f"- `{parameter['name']}` ({parameter['in']}) — {parameter['description']}")
            if operation.get("parameters"):
                out.append("")
            for status, answer in operation["responses"].items():
                out.append(f"- **{status}** — {answer['description']}")
            out.append("")
    return "\n".join(out)
