"""The commented YAML a declaration is written as, by ``conformite init`` and by the web form's
download (the same function, so the same bytes for the same answers): a header saying how it
was written and how to check it, then each section under its comment. :func:`check_text` reads
it back as ``check`` would before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import yaml

from checker.reading.loader import DEFAULT_MAX_BYTES, load_text
from checker.reading.problems import Problem
from checker.reading.schema import declaration_schema, validate

from .questions import LANGS, SECTIONS, known
from .words import msg

if TYPE_CHECKING:
    from _typeshed import SupportsItems

_STR, _BOOL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:bool"


class _Writer(yaml.SafeDumper):
    """The YAML init writes: never an anchor or an alias (one value used twice is written
    twice), and the key ``on`` of a measurement written plain, as declaration.md writes it
    (the YAML 1.1 dumper takes it for a boolean and would quote it; the declaration's reader
    reads it as the text ``on``). Every other text that could read as something else is quoted."""

    def ignore_aliases(self, data: object) -> bool:
        return True

    def represent_mapping(
        self,
        tag: str,
        mapping: SupportsItems[Any, Any] | Iterable[tuple[Any, Any]],
        flow_style: bool | None = None,
    ) -> yaml.MappingNode:
        node = super().represent_mapping(tag, mapping, flow_style)
        for key, _ in node.value:
            if key.tag == _STR and key.value == "on":
                key.tag = _BOOL  # what this dumper's resolver gives "on": so written without quotes
        return node


def render(decl: dict[str, Any], lang: str, file: str, today: dt.date, schema: dict[str, Any] | None = None) -> str:
    """The declaration as commented YAML: a header, then each section under its comment."""
    lang = lang if lang in LANGS else "fr"
    schema = schema or declaration_schema()
    lines = ["# " + line for line in msg("header", lang, today=today.isoformat(), file=file).splitlines()]
    missing = [s.key for s in SECTIONS if known(schema, (s.key,)) and s.key not in decl]
    if missing:
        lines.append("# " + msg("missing_sections", lang, keys=", ".join(missing)))
    lines += ["", "schema_version: 1"]
    for section in SECTIONS:
        if section.key not in decl:
            continue
        lines += ["", "# " + section.comment[lang]]
        body = yaml.dump(
            {section.key: decl[section.key]},
            Dumper=_Writer,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=4096,  # a long text stays on its line, as the person wrote it
        )
        lines += body.rstrip("\n").splitlines()
    return "\n".join(lines) + "\n"


TOO_BIG = (  # what check refuses to read at all
    "file.too_large",
    "yaml.too_many_nodes",
    "yaml.too_much_text",
    "yaml.too_deep",
)


def check_text(content: str) -> list[Problem]:
    """What ``check`` would say of the text written before any rule: its size, then the
    loader's and the schema's problems (none expected but a size: the answers are checked)."""
    size = len(content.encode("utf-8"))
    if size > DEFAULT_MAX_BYTES:
        return [Problem("file.too_large", {"size": size, "limit": DEFAULT_MAX_BYTES})]
    doc, problems = load_text(content)
    return problems or validate(doc)
