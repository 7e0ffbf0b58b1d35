"""Issue 22: pasting the hints made a file "conforme" on facts nobody stated. Here every hint of
every finding of every rule's fail fixture (and of fixtures/examples/jeveuxaider.yaml) is
pasted as a person who is not a developer would (the key path and the value as shown), the file
is checked again, and nothing may pass on a placeholder: a value still holding one is reported
"à remplacer" at its line, once, and the declaration is invalid. A hint never holds a value
found neither in the declaration nor in the rule's own data."""

import functools
import re

import pytest
import yaml
from conftest import AS_OF, FIXTURES, ROOT

from checker.foundation.messages import LANGS, MAX_ERRORS, MESSAGES
from checker.judging import hints
from checker.reading import placeholders
from checker.reading.loader import load_text, path_str

FILES = sorted((FIXTURES / "rules").glob("*/*.fail.yaml")) + [FIXTURES / "examples/jeveuxaider.yaml"]
JOINT = {"fr": " ; ", "en": "; "}
OPERATIONS = ("write", "write_under", "add_under", "add_keys", "add_to_item", "add_top", "add_item", "add_next")


@functools.cache
def _patterns(lang: str) -> list[tuple[str, re.Pattern]]:
    """Each ``fix.*`` sentence as a pattern whose groups are its backticked parts."""
    out = []
    for name in (*OPERATIONS, "exemption"):
        template = MESSAGES[f"fix.{name}"][lang]
        pattern = ""
        for literal, field in re.findall(r"([^{]*)(?:\{(\w+)\}|$)", template):
            pattern += re.escape(literal) + (f"(?P<{field}>.+?)" if field else "")
        out.append((name, re.compile(pattern + "$")))
    return out


def _steps(fix: str, lang: str) -> list[tuple[str, tuple, list[str]]]:
    """What a person pastes, read from the hint as shown: (operation, where, [YAML snippets])."""
    steps = []
    for sentence in fix.split(JOINT[lang]):
        read = next(((name, m) for name, pattern in _patterns(lang) if (m := pattern.match(sentence))), None)
        assert read is not None, f"a hint no person can follow: {sentence!r}"
        name, groups = read[0], read[1].groupdict()
        where = hints.parts(groups.get("under", "exemptions:").rstrip(":"))
        if name == "exemption":
            steps.append(("add_item", where, [groups["item"].removeprefix("- ")]))
        elif name in ("add_item", "add_next"):
            steps.append(("add_item", where, [groups["item"].removeprefix("- ")]))
        else:
            snippets = (groups.get("entry") or groups.get("entries")).split("`, `")
            steps.append(("set", () if name in ("write", "add_top") else where, snippets))
    return steps


def _read(snippet: str):
    """A snippet read as the checker reads a file (dates stay text)."""
    doc, problems = load_text(f"k: {snippet}\n" if not re.match(r"^[\w.-]+: ", snippet) else snippet + "\n")
    assert not problems, (snippet, problems)
    return doc.data["k"] if "k" in doc.data and len(doc.data) == 1 and not snippet.startswith("k:") else doc.data


def _at(data, where: tuple):
    node = data
    for depth, part in enumerate(where):
        if isinstance(part, int):
            node = node[part]
        else:
            if node.get(part) is None:  # a key written with nothing under it
                node[part] = [] if depth + 1 < len(where) and isinstance(where[depth + 1], int) else {}
            node = node[part]
    return node


def _paste(data, steps) -> list:
    """Apply the steps to ``data`` (in place); the values pasted."""
    pasted = []
    for operation, where, snippets in steps:
        if operation == "add_item":
            parent = _at(data, where[:-1]) if where[:-1] else data
            if parent.get(where[-1]) is None:
                parent[where[-1]] = []
            item = _read(snippets[0])
            parent[where[-1]].append(item)
            pasted.append(item)
            continue
        target = _at(data, where)
        for snippet in snippets:
            entry = _read(snippet)
            target.update(entry)
            pasted.append(entry)
    return pasted


def _leaves(value):
    if isinstance(value, dict):
        for child in value.values():
            yield from _leaves(child)
    elif isinstance(value, list):
        for child in value:
            yield from _leaves(child)
    else:
        yield value


def _word(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


@functools.cache
def _rule_data(obligation: str) -> frozenset:
    """Every scalar of the obligation's rule file: the values its rules decide."""
    return frozenset(_word(v) for v in _leaves(yaml.safe_load((ROOT / "rules" / f"{obligation}.yaml").read_text())))


def _allowed(data, obligation: str) -> set:
    own = {_word(v) for v in _leaves(data)}
    own |= {"https://" + v[len("http://") :] for v in own if v.startswith("http://")}  # its near miss
    return own | _rule_data(obligation) | {obligation}


def _check(evaluator, data):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    doc, problems = load_text(text)
    assert not problems, problems
    return doc, evaluator.check_document(doc, [], "pasted.yaml")


@pytest.fixture(scope="module")
def evaluators(catalog):
    from checker.judging.evaluate import Evaluator

    return {lang: Evaluator(catalog, AS_OF, lang) for lang in LANGS}


def _hinted(evaluator, path):
    """(declaration data, findings with a hint) of one fixture."""
    doc, _ = load_text(path.read_text(encoding="utf-8"))
    result = evaluator.check_document(doc, [], path.name)
    assert result.status != "invalid", result.errors
    return doc.data, [f for f in result.findings if f.fix]


def _placeholder_errors_only(doc, result, lang):
    """Every pasted placeholder is one error at its line, and there is nothing else: the
    declaration is invalid, with no verdict at all."""
    found = placeholders.find(doc.data)
    assert found and result.status == "invalid" and result.obligations == {} and result.findings == []
    wanted = sorted(doc.locate(path_str(keys)) for keys, _ in found)
    lead = "valeur à remplacer : « " if lang == "fr" else "value to replace: '"
    errors = result.errors[:MAX_ERRORS]  # the rest are counted on one last line
    assert [(e.line, e.column) for e in errors] == wanted[:MAX_ERRORS], result.errors
    assert all(e.message.startswith(lead) for e in errors), result.errors
    assert len(result.errors) == min(len(found), MAX_ERRORS + 1)


@pytest.mark.parametrize("lang", LANGS)
def test_pasting_a_hint_never_makes_a_finding_pass_on_a_placeholder(evaluators, lang):
    evaluator, pasted_count, literal_count = evaluators[lang], 0, 0
    for path in FILES:
        data, findings = _hinted(evaluator, path)
        for finding in findings:
            fresh = _read(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))  # a copy
            values = list(_leaves(_paste(fresh, _steps(finding.fix, lang))))
            where = f"{path.name} {finding.rule}: {finding.fix}"
            invented = [v for v in values if not placeholders.is_placeholder(v)]
            invented = [v for v in invented if _word(v) not in _allowed(data, finding.obligation)]
            assert not invented, f"a value nobody stated {invented}: {where}"
            doc, result = _check(evaluator, fresh)
            if any(placeholders.is_placeholder(v) for v in values):
                pasted_count += 1
                _placeholder_errors_only(doc, result, lang)
            else:  # only values the rule decides or the person wrote: a valid declaration
                literal_count += 1
                assert result.status != "invalid", (where, result.errors)
    assert pasted_count > 400 and literal_count >= 4


def _filled(keys: tuple, value):
    """What a person writes in place of the placeholder at ``keys`` (for the shapes' test)."""
    node = placeholders.schema_node(keys) or {}
    kind = placeholders._kind(keys)
    types = node.get("type") or []
    if kind == "date":
        return "2024-06-03"
    if kind == "bool":
        return True
    if kind == "choice":
        return placeholders._choices(keys)[0]
    return 12 if {"number", "integer"} & set(types if isinstance(types, list) else [types]) else "écrit"


@pytest.mark.parametrize("lang", LANGS)
def test_every_hint_pasted_together_then_filled_in_is_a_valid_declaration(evaluators, lang):
    """All the hints of a file pasted at once give one error per placeholder and nothing else
    (no duplicate key, no unknown key, no mixed budget forms); filled in, the file is valid."""
    evaluator = evaluators[lang]
    for path in FILES:
        data, findings = _hinted(evaluator, path)
        fresh = _read(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        for finding in findings:
            _paste(fresh, _steps(finding.fix, lang))
        doc, result = _check(evaluator, fresh)
        if not placeholders.find(doc.data):
            assert result.status != "invalid", (path.name, result.errors)
            continue
        _placeholder_errors_only(doc, result, lang)
        for keys, value in placeholders.find(doc.data):
            parent = doc.data
            for part in keys[:-1]:
                parent = parent[part]
            parent[keys[-1]] = _filled(keys, value)
        _, result = _check(evaluator, doc.data)
        assert result.status != "invalid", (path.name, result.errors)


def test_the_reader_of_hints_reads_each_form(evaluators):
    """The test's own reader: each form of hint becomes the paste a person makes."""
    steps = _steps(
        "sous `team.intrapreneur:`, ajoutez en retrait `name: <prénom et nom de l'intrapreneur>` ; si l'obligation"
        " ne peut pas être tenue, une dérogation approuvée est possible : sous `exemptions:`, ajoutez"
        " `- {obligation: intrapreneur, reason: <motif de la dérogation>}`",
        "fr",
    )
    assert steps == [
        ("set", ("team", "intrapreneur"), ["name: <prénom et nom de l'intrapreneur>"]),
        ("add_item", ("exemptions",), ["{obligation: intrapreneur, reason: <motif de la dérogation>}"]),
    ]
    data = {"team": {"intrapreneur": None}}
    _paste(data, steps)
    assert data["team"]["intrapreneur"] == {"name": "<prénom et nom de l'intrapreneur>"}
    assert data["exemptions"] == [{"obligation": "intrapreneur", "reason": "<motif de la dérogation>"}]
    with pytest.raises(AssertionError, match="no person can follow"):  # the old "clé …" hint
        _steps("clé `team.intrapreneur.name`", "fr")
