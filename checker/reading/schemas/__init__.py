"""The JSON schemas shipped with the package: the declaration's (``declaration.schema.json``) and
the rule files' (``rules.schema.json``), read as plain files (importlib.resources costs more to
import than the read) and parsed once per process. Everything that needs a schema's content
reads it here: the schema's errors (:mod:`checker.reading.schema`), the placeholders of hints
(:mod:`checker.reading.placeholders`), the rule catalogue, the importer and ``conformite schema``."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMAS_DIR = Path(__file__).parent
SCHEMA_RESOURCE = "declaration.schema.json"
RULES_RESOURCE = "rules.schema.json"


def schema_text() -> str:
    """The declaration schema as shipped (``conformite schema``, ``GET /api/schema``)."""
    return (SCHEMAS_DIR / SCHEMA_RESOURCE).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def declaration_schema() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(schema_text())
    return result


@lru_cache(maxsize=1)
def rule_file_schema() -> dict[str, Any]:
    result: dict[str, Any] = json.loads((SCHEMAS_DIR / RULES_RESOURCE).read_text("utf-8"))
    return result
