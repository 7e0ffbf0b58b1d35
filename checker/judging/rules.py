"""The rule catalogue: ``rules/*.yaml`` loaded, validated and made ready to compile.

Each file holds one obligation (its article, the convention's words, how to comply, when it
applies, its deadlines) and the rules that serve it. A broken rule file is a
:class:`RuleFileError` at start-up, naming the file and line: never a silent skip.
"""

from __future__ import annotations

import json
import os
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from checker import __version__
from checker.foundation.verdicts import Verdict
from checker.reading.fastschema import compile_schema
from checker.reading.loader import Document, load_file, path_str
from checker.reading.schemas import rule_file_schema
from checker.reading.vocabulary import default_rules_dir

from . import conditions
from .facts import DISPLAY_NAMES, FACTS, PROVIDERS, provider_name

if TYPE_CHECKING:
    from jsonschema import ValidationError

    from checker.reading.fastschema import Check


class RuleFileError(Exception):
    def __init__(self, file: Path, line: int, detail: str):
        super().__init__(f"{file}:{line}: {detail}")
        self.file, self.line, self.detail = file, line, detail


_SEVERITY = {str(v): str(v.look.severity) for v in Verdict}


@lru_cache(maxsize=1024)
def template_names(template: str) -> tuple[str, ...]:
    """The placeholders a message or path template names (cached: asked for every finding)."""
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


class Shown(Protocol):
    """What fills a rule's path and message templates: the names it knows, and each one's text
    (:class:`checker.judging.evaluate.Placeholders`)."""

    def __contains__(self, key: object, /) -> bool: ...

    def __getitem__(self, key: str, /) -> str: ...


@dataclass(frozen=True)
class Rule:
    id: str
    obligation: str
    outcome: str
    when: dict
    paths: tuple
    message: dict
    due: str | None = None
    # why it fails: "missing" | "breach" | "deadline" | "exemption", or alternatives
    # ({"if"?: condition, "cause": word}, the last unconditional) chosen by cause_for
    cause: str | tuple = "breach"
    holds: tuple = ()  # what it says when it passes: alternatives {"if"?, "fr", "en"}, the last unconditional
    # what it says when it fails, when that depends on what is declared: alternatives {"if"?, "fr",
    # "en"}, the last unconditional (and ``message`` itself); () when it has one text
    messages: tuple = ()

    @property
    def severity(self) -> str:
        return _SEVERITY[self.outcome]

    def cause_for(self, values: dict, facts: dict) -> str:
        """The cause of a finding of this rule, given the declaration's fact values (and the
        catalogue's fact types): the first alternative whose condition holds."""
        if isinstance(self.cause, str):
            return self.cause
        for alternative in self.cause:
            if "if" not in alternative or conditions.evaluate(alternative["if"], values, facts):
                return str(alternative["cause"])
        return str(self.cause[-1]["cause"])

    def message_for(self, values: dict, facts: dict) -> dict:
        """Its failure text (``{"fr", "en"}``) for a declaration of these fact values: the first
        alternative whose condition holds, or its one text."""
        for alternative in self.messages:
            if "if" not in alternative or conditions.evaluate(alternative["if"], values, facts):
                return alternative
        return self.message

    def path_for(self, display: Shown) -> str:
        """The first path template whose placeholders are all known for this declaration."""
        for template in self.paths:
            if all(n in display for n in template_names(template)):
                return template.format_map(display)
        return re.sub(r"\[\{[^}]*\}\].*$", "", self.paths[-1])


@dataclass(frozen=True)
class Obligation:
    id: str
    order: int
    article: dict
    title: dict
    convention_text: str
    how_to_comply: dict
    applies_when: dict | None
    deadlines: dict
    rules: tuple
    source: Path
    not_applicable: dict | None = None  # why it does not apply (--verbose), given with applies_when

    def why_not_applicable(self, lang: str) -> str:
        """Why it does not apply, as ``check --verbose``, the sheet and the heatmap say it."""
        from checker.foundation.messages import text

        reason = self.not_applicable
        if reason:
            return text("verbose.not_applicable", lang, reason=reason[lang])
        return text("verbose.not_applicable_plain", lang)

    def deadline_label(self, name: str, lang: str) -> str:
        """What deadline ``name`` of this obligation is called (its ``label`` in the rule file)."""
        label: dict = self.deadlines[name]["label"]
        return str(label.get(lang) or label["fr"])


@dataclass
class Catalog:
    obligations: list = field(default_factory=list)  # in catalogue order
    rules: dict = field(default_factory=dict)  # rule id -> Rule
    deadlines: dict = field(default_factory=dict)  # deadline name -> definition
    facts: dict = field(default_factory=dict)  # fact name -> type, incl. <deadline>_days_left
    read: set = field(default_factory=set)  # facts some condition reads
    # findings about the exemptions themselves (rules/_exemptions.yaml): rule id -> Rule whose
    # obligation is "" (each finding is attached to the exempted obligation)
    exemption_rules: dict = field(default_factory=dict)
    exemptions_doc: dict = field(default_factory=dict)  # title, how_to_comply (i18n)

    def obligation(self, obligation_id: str) -> Obligation:
        return next(o for o in self.obligations if o.id == obligation_id)

    @property
    def obligation_ids(self) -> list[str]:
        return [o.id for o in self.obligations]


class RuleCache:
    """The data of rule files already read and found schema-valid, so that a start-up does not
    parse and validate again rule files that did not change.

    An entry serves only a set of rule files whose every byte is the same, read by the same code:
    its key is the exact content of every rule file of the directory (``_exemptions.yaml``
    included), of the rule file schema and of the modules that read and validate them
    (``rules.py``, ``loader.py``, ``fastschema.py``), with the versions of conformite and PyYAML.
    The content itself is compared, not a hash of it: no collision, and hashlib costs more to
    import than the comparison. Everything else (facts, placeholders, conditions, deadlines, ids)
    is checked again on every load, and an error found then is located by parsing that file
    again. Only a whole, valid catalogue is written. One file, ``rules.cache`` (a header, the key,
    then the data as JSON), in ``$CONFORMITE_CACHE_DIR`` (set empty: no cache), else
    ``$XDG_CACHE_HOME/conformite`` or ``~/.cache/conformite``; a cache that cannot be read or
    written is ignored."""

    HEADER = b"conformite rule cache 1\n"
    CODE = ("judging/rules.py", "reading/loader.py", "reading/fastschema.py", "reading/schemas/rules.schema.json")

    def __init__(self, directory: Path, files: list[Path]):
        self.path = cache_file()
        self.sources = (directory, files)
        self.key = self._key(directory, files) if self.path is not None else None
        self.found: dict = self._read() if self.key is not None else {}
        self.fresh: dict = {}  # file name -> data read and validated by this load

    def _key(self, directory: Path, files: list[Path]) -> bytes | None:
        import yaml

        here = Path(__file__).parent.parent  # the checker package
        named = [(f"conformite {__version__}, PyYAML {yaml.__version__} {yaml.__with_libyaml__}", b"")]
        try:
            named += [(name, (here / name).read_bytes()) for name in self.CODE]
            named += [(file.name, file.read_bytes()) for file in files + [directory / EXEMPTIONS_FILE]]
        except OSError:  # the usual load says what is wrong with a rule file
            return None
        return b"".join(f"{name}\x00{len(content)}\x00".encode() + content for name, content in named)

    def _read(self) -> dict:
        import orjson

        key = cast(bytes, self.key)
        try:
            stored = cast(Path, self.path).read_bytes()
        except OSError:
            return {}
        head = self.HEADER + b"%d\n" % len(key)
        if not stored.startswith(head) or stored[len(head) : len(head) + len(key)] != key:
            return {}
        try:
            data = orjson.loads(stored[len(head) + len(key) :])
        except orjson.JSONDecodeError:
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, name: str) -> Any:
        return self.found.get(name)

    def put(self, name: str, data: dict[str, Any]) -> None:
        self.fresh[name] = data

    def save(self) -> None:
        if self.path is None or self.key is None or not self.fresh:
            return
        if self._key(*self.sources) != self.key:  # a file changed while the catalogue was read:
            return  # what was read may be neither the old bytes nor the new, so nothing is kept
        import orjson

        from checker.foundation.atomic import atomic_open

        try:
            data = orjson.dumps({**self.found, **self.fresh})
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_open(self.path, "wb", encoding=None, output=False) as out:  # a cache: not an output
                out.write(self.HEADER + b"%d\n" % len(self.key) + self.key + data)
        except (OSError, orjson.JSONEncodeError):  # a cache is never worth an error
            pass


def cache_file() -> Path | None:
    """Where :class:`RuleCache` keeps its file, or None (no cache)."""
    configured = os.environ.get("CONFORMITE_CACHE_DIR")
    if configured is not None:
        return Path(configured, "rules.cache") if configured else None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset or relative: ignored, as the XDG specification says
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "conformite", "rules.cache") if os.path.isabs(base) else None


@lru_cache(maxsize=1)
def _rule_file_check() -> Check:
    return compile_schema(rule_file_schema())


def _rule_file_errors(data: Any, schema: dict | None = None) -> list[ValidationError]:
    """Schema errors of a rule file; jsonschema is imported only when there is one to explain."""
    if schema is None and _rule_file_check()(data):
        return []
    from checker.reading.schema import whole_value_validator

    schema = schema or rule_file_schema()
    return sorted(whole_value_validator()(schema).iter_errors(data), key=lambda e: list(e.absolute_path))


EXEMPTIONS_FILE = "_exemptions.yaml"


@lru_cache(maxsize=1)
def _exemptions_check() -> Check:
    return compile_schema(_exemptions_schema())


def _exemptions_schema() -> dict:
    """The schema of ``_exemptions.yaml``: the rule file schema's title, advice and rules,
    with rules that have no condition (evaluate.py decides them)."""
    base = rule_file_schema()
    rule = json.loads(json.dumps(base["properties"]["rules"]["items"]))
    rule["required"] = [k for k in rule["required"] if k not in ("when", "holds")]
    for key in ("when", "due", "holds"):  # never evaluated by the engine, never "passes"
        rule["properties"].pop(key)
    rule["properties"]["id"] = {"enum": list(EXEMPTION_RULE_IDS)}
    rule["properties"]["cause"] = {"const": "exemption"}
    rule["properties"]["message"] = {"$ref": "#/$defs/i18n"}  # one text: evaluate.py fills it in
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "how_to_comply", "rules"],
        "properties": {
            "title": base["properties"]["title"],
            "how_to_comply": base["properties"]["how_to_comply"],
            "rules": {
                "type": "array",
                "items": rule,
                "minItems": len(EXEMPTION_RULE_IDS),
                "maxItems": len(EXEMPTION_RULE_IDS),
            },
        },
        "$defs": base["$defs"],
    }


# the findings checker/judging/evaluate.py makes about an exemption: each must be described once, in
# rules/_exemptions.yaml
EXEMPTION_RULE_IDS = ("exemption-invalid", "exemption-expired", "exemption-stale")


def _load_exemption_rules(directory: Path, catalog: Catalog, cache: RuleCache) -> None:
    file = directory / EXEMPTIONS_FILE
    if not file.is_file():
        raise RuleFileError(file, 1, "missing: it describes the findings about exemptions")
    data = cast(dict, cache.get(file.name))
    if data is None:
        doc, problems = load_file(file)
        if problems:
            raise RuleFileError(file, problems[0].line, f"{problems[0].code} {problems[0].params}")
        errors = [] if _exemptions_check()(doc.data) else _rule_file_errors(doc.data, _exemptions_schema())
        for error in errors:  # jsonschema (slow to import) only to explain an error
            where = path_str(tuple(error.absolute_path))
            raise RuleFileError(file, doc.locate(where)[0], f"{where or 'top level'}: {error.message}")
        data = cast(dict, doc.data)  # schema-valid
        cache.put(file.name, data)
    for item in data["rules"]:
        catalog.exemption_rules[item["id"]] = Rule(
            item["id"], "", item["outcome"], {}, tuple(item["path"]), item["message"], cause=item["cause"]
        )
    missing = sorted(set(EXEMPTION_RULE_IDS) - set(catalog.exemption_rules))
    if missing:
        raise RuleFileError(file, 1, f"rules {missing} are not described")
    catalog.exemptions_doc = {"title": data["title"], "how_to_comply": data["how_to_comply"]}


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError as exc:
        raise ValueError(f"bad placeholder in {text!r}: {exc}") from None


def load_catalog(directory: Path | None = None) -> Catalog:
    """The catalogue of ``directory`` (default: the shipped rules); :class:`RuleFileError` at the
    first problem: a rule file that breaks its schema, a fact or placeholder no provider
    declares (checker.judging.facts), a deadline from a non-date fact, an id used twice…"""
    directory = Path(directory) if directory else default_rules_dir()
    files = sorted(f for f in directory.glob("*.yaml") if not f.name.startswith("_"))
    if not files:
        raise RuleFileError(directory, 1, "no rule file (*.yaml) in this directory")
    catalog = Catalog(facts=dict(FACTS))
    cache = RuleCache(directory, files)
    raw = [(file, _read_rule_file(file, cache)) for file in files]
    for file, doc in raw:
        _add_deadlines(catalog, file, doc)
    allowed_names = set(catalog.facts) | DISPLAY_NAMES
    for file, doc in raw:
        _add_obligation(catalog, file, doc, allowed_names)
    catalog.obligations.sort(key=lambda o: (o.order, o.id))
    _load_exemption_rules(directory, catalog, cache)
    clash = sorted(set(catalog.exemption_rules) & set(catalog.rules))
    if clash:
        raise RuleFileError(directory / EXEMPTIONS_FILE, 1, f"rule ids {clash} also used by an obligation")
    served = {provider_name(provider) for provider in PROVIDERS} - {"phase"}  # phase: the shared facts
    missing, unserved = sorted(served - set(catalog.obligation_ids)), sorted(set(catalog.obligation_ids) - served)
    if missing or unserved:
        raise RuleFileError(
            directory,
            1,
            f"one rule file per fact provider (checker/judging/facts): missing {missing}, no provider {unserved}",
        )
    cache.save()  # only a catalogue found whole and valid
    return catalog


class _RuleFile:
    """A rule file's data, and the lines of its values: the file is parsed again, with its
    lines, only when an error needs one and it was read from the cache."""

    def __init__(self, file: Path, data: dict, document: Document | None = None):
        self.file, self.data, self._document = file, data, document

    def locate(self, path: str) -> tuple[int, int]:
        if self._document is None:
            self._document = load_file(self.file)[0]
        return self._document.locate(path)


def _read_rule_file(file: Path, cache: RuleCache) -> _RuleFile:
    data = cache.get(file.name)
    if data is not None:
        doc = _RuleFile(file, data)
    else:
        document, problems = load_file(file)
        if problems:
            p = problems[0]
            raise RuleFileError(file, p.line, f"{p.code} {p.params}")
        for error in _rule_file_errors(document.data):
            where = path_str(tuple(error.absolute_path))
            raise RuleFileError(file, document.locate(where)[0], f"{where or 'top level'}: {error.message}")
        doc = _RuleFile(file, cast(dict, document.data), document)  # schema-valid
        cache.put(file.name, doc.data)
    if doc.data["obligation"] + ".yaml" != file.name:
        obligation = doc.data["obligation"]
        raise RuleFileError(file, 1, f"obligation {obligation!r} must live in {obligation}.yaml")
    return doc


def _add_deadlines(catalog: Catalog, file: Path, doc: _RuleFile) -> None:
    for name, spec in doc.data.get("deadlines", {}).items():
        if name in catalog.deadlines:
            raise RuleFileError(file, doc.locate(f"deadlines.{name}")[0], f"deadline {name!r} defined twice")
        for source in spec["from"] + ([spec["against"]] if "against" in spec else []):
            if FACTS.get(source) != "date":
                raise RuleFileError(
                    file, doc.locate(f"deadlines.{name}")[0], f"deadline {name!r}: {source!r} is not a date fact"
                )
        catalog.deadlines[name] = spec
        catalog.facts[f"{name}_days_left"] = "int"


def _add_obligation(catalog: Catalog, file: Path, doc: _RuleFile, allowed_names: set[str]) -> None:
    data = doc.data
    try:
        applies = data.get("applies_when")
        if applies is not None:
            catalog.read |= conditions.check(applies, catalog.facts, "applies_when")
    except conditions.ConditionError as exc:
        raise RuleFileError(file, doc.locate("applies_when")[0], str(exc)) from None
    if ("applies_when" in data) != ("not_applicable" in data):
        raise RuleFileError(
            file, 1, "not_applicable (why the obligation does not apply) goes with applies_when, and only with it"
        )
    rules = [_rule(catalog, file, doc, index, item, allowed_names) for index, item in enumerate(data["rules"])]
    catalog.obligations.append(
        Obligation(
            data["obligation"],
            data["order"],
            data["article"],
            data["title"],
            data["convention_text"],
            data["how_to_comply"],
            data.get("applies_when"),
            data.get("deadlines", {}),
            tuple(rules),
            file,
            data.get("not_applicable"),
        )
    )


def _rule(catalog: Catalog, file: Path, doc: _RuleFile, index: int, item: dict, allowed_names: set[str]) -> Rule:
    data, where = doc.data, f"rules[{index}]"

    def line() -> int:  # looked up only for an error: a rule file from the cache is parsed again then
        return doc.locate(where)[0]

    try:
        catalog.read |= conditions.check(item["when"], catalog.facts, f"{where}.when")
        cause = _cause(catalog, item["cause"], f"{where}.cause")
        messages = _messages(catalog, item["message"], f"{where}.message")
        for text in [m[lang] for m in messages for lang in ("fr", "en")] + item["path"]:
            unknown = _placeholders(text) - allowed_names
            if unknown:
                raise ValueError(f"{where}: unknown placeholder(s) {sorted(unknown)}")
        holds = _holds(catalog, item["holds"], f"{where}.holds", allowed_names)
    except (conditions.ConditionError, ValueError) as exc:
        raise RuleFileError(file, line(), str(exc)) from None
    if item["id"] in catalog.rules:
        raise RuleFileError(
            file, line(), f"rule id {item['id']!r} already used by obligation {catalog.rules[item['id']].obligation!r}"
        )
    due = item.get("due")
    if due is not None and due not in data.get("deadlines", {}):
        raise RuleFileError(file, line(), f"{where}: due {due!r} is not a deadline of this obligation")
    rule = Rule(
        item["id"],
        data["obligation"],
        item["outcome"],
        item["when"],
        tuple(item["path"]),
        {"fr": messages[-1]["fr"], "en": messages[-1]["en"]},
        due,
        cause,
        holds,
        messages if len(messages) > 1 else (),
    )
    catalog.rules[rule.id] = rule
    return rule


def _messages(catalog: Catalog, message: Any, where: str) -> tuple:
    """A rule's failure texts, checked: alternatives' conditions over known facts, the last one
    unconditional (its general text)."""
    alternatives = message if isinstance(message, list) else [message]
    for index, alternative in enumerate(alternatives):
        if "if" in alternative:
            conditions.check(alternative["if"], catalog.facts, f"{where}[{index}].if")
    if "if" in alternatives[-1]:
        raise ValueError(f"{where}: the last text must have no `if` (it is the fallback)")
    return tuple(alternatives)


def _cause(catalog: Catalog, cause: Any, where: str) -> str | tuple:
    """A rule's cause, checked: alternatives' conditions over known facts, the last one unconditional."""
    if isinstance(cause, str):
        return cause
    for index, alternative in enumerate(cause):
        if "if" in alternative:
            conditions.check(alternative["if"], catalog.facts, f"{where}[{index}].if")
    if "if" in cause[-1]:
        raise ValueError(f"{where}: the last cause must have no `if` (it is the fallback)")
    return tuple(cause)


def _holds(catalog: Catalog, holds: Any, where: str, allowed_names: set[str]) -> tuple:
    """The pass texts of a rule, checked: conditions over known facts, known placeholders, and a
    last alternative with no condition and no placeholder, so a passing rule always has a text
    with nothing left empty."""
    alternatives = holds if isinstance(holds, list) else [holds]
    for index, alternative in enumerate(alternatives):
        if "if" in alternative:
            conditions.check(alternative["if"], catalog.facts, f"{where}[{index}].if")
        for lang in ("fr", "en"):
            unknown = _placeholders(alternative[lang]) - allowed_names
            if unknown:
                raise ValueError(f"{where}[{index}]: unknown placeholder(s) {sorted(unknown)}")
    last = alternatives[-1]
    if "if" in last or _placeholders(last["fr"]) or _placeholders(last["en"]):
        raise ValueError(f"{where}: the last text must have no `if` and no placeholder (it is the fallback)")
    return tuple(alternatives)
