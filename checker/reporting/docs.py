"""Rule documentation from the rule files themselves: ``conformite rules``, ``conformite
explain ID`` and ``docs/rules.md`` (``conformite rules --markdown``) all come from here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from checker.foundation.messages import text
from checker.foundation.wording import counted, number
from checker.judging.facts import FACT_WORDS
from checker.judging.rules import Catalog, Obligation, Rule

OPS = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


class _Words:
    """``w["key"]``: the documentation word ``docs.key`` in one language (checker.foundation.messages)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __getitem__(self, key: str) -> Any:  # a word, or for "outcome" the word of each outcome
        if key == "outcome":
            return {o: text(f"docs.outcome.{o}", self.lang) for o in ("fail", "warn")}
        return text(f"docs.{key}", self.lang)


def condition_formal(cond: dict[str, Any], lang: str) -> str:
    """A condition as the rule file writes it (fact names): docs/rules.md, for rule authors."""
    w = _Words(lang)
    if "all" in cond:
        return w["and"].join(_group(c, lang, condition_formal) for c in cond["all"])
    if "any" in cond:
        return w["or"].join(_group(c, lang, condition_formal) for c in cond["any"])
    name, parts = cond["fact"], []
    for op, value in cond.items():
        if op in ("fact", "variants"):
            continue
        if op == "absent":
            parts.append(f"{name} {w['absent']}")
        elif op == "present":
            parts.append(f"{name} {w['present']}")
        elif op == "is":
            parts.append(f"{name} = {_value(value)}")
        elif op == "is_not":
            parts.append(f"{name} ≠ {_value(value)}{w['or_absent']}")
        elif op in OPS:
            parts.append(f"{name} {OPS[op]} {value}")
        else:
            values = ", ".join(value) if all(isinstance(v, str) for v in value) else ", ".join(map(str, value))
            suffixes = f" (+ {', '.join(cond['variants'])})" if cond.get("variants") else ""
            parts.append(f"{name} {'∈' if op == 'in' else '∉'} {{{values}}}{suffixes}")
    return w["and"].join(parts)


def _group(cond: dict[str, Any], lang: str, render: Callable[[dict[str, Any], str], str]) -> str:
    inner = render(cond, lang)
    return f"({inner})" if ("all" in cond or "any" in cond) else inner


def _value(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


class _Speech:
    """Conditions in words, in one language: each fact by its words (``FACT_WORDS``), each
    ``<deadline>_days_left`` by its deadline's label."""

    def __init__(self, catalog: Catalog, lang: str) -> None:
        self.lang = lang
        self.deadlines = {}  # deadline name -> (label, definition)
        for o in catalog.obligations:
            for name, spec in o.deadlines.items():
                self.deadlines[name] = (o.deadline_label(name, lang), spec)

    def fact(self, name: str) -> Any:  # a noun (str), or a flag's (yes, no) words (a tuple)
        words = FACT_WORDS[name][self.lang]
        return words if isinstance(words, str) else tuple(words)

    def __call__(self, cond: dict[str, Any], lang: str | None = None) -> str:
        w = _Words(self.lang)
        if "all" in cond:
            items = _merged(cond["all"])
            return w["and"].join(_group(c, self.lang, self) for c in items)
        if "any" in cond:
            return w["or"].join(_group(c, self.lang, self) for c in cond["any"])
        name = cond["fact"]
        if name.endswith("_days_left") and name.removesuffix("_days_left") in self.deadlines:
            return self._due(name.removesuffix("_days_left"), cond)
        words = self.fact(name)
        return self._flag(words, cond) if isinstance(words, tuple) else self._noun(words, cond)

    def _say(self, key: str, **params: object) -> str:
        return text(f"docs.{key}", self.lang, **params)

    def _count(self, count: Any, noun: str) -> str:  # a whole number, or anything a rule file wrote
        """``count`` with ``count.<noun>`` agreed with it; anything but a whole number as it is."""
        whole = isinstance(count, int) and not isinstance(count, bool)
        return counted(count, f"count.{noun}", self.lang) if whole else str(count)

    def _flag(self, words: tuple[str, ...], cond: dict[str, Any]) -> str:
        yes, no = words
        if "absent" in cond:
            return self._say("cond.unknown", fact=yes)
        if "present" in cond:
            return self._say("cond.present", fact=yes)
        if "is" in cond:
            return yes if cond["is"] else no
        return self._say("cond.or_unknown", fact=no if cond["is_not"] else yes)

    def _noun(self, noun: str, cond: dict[str, Any]) -> str:
        if "absent" in cond or "present" in cond:
            return self._say("cond.absent" if "absent" in cond else "cond.present", fact=noun)
        tests = []
        for op, value in cond.items():
            if op in ("is", "is_not"):
                exact = op if isinstance(value, str) else f"{op}_number"
                tests.append(self._say(f"cond.{exact}", value=_value(value)))
            elif op in OPS:
                tests.append(self._say(f"cond.{op}", value=number(value, self.lang)))
            elif op in ("in", "not_in"):
                listed = self._say(f"cond.{op}", values=", ".join(map(str, value)))
                if cond.get("variants"):
                    listed += self._say("cond.variants", variants=", ".join(cond["variants"]))
                tests.append(listed)
        return self._say(
            "cond.compare", fact=noun, tests=self._say("and").strip().join(f" {t} " for t in tests).strip()
        )

    def _due(self, deadline: str, cond: dict[str, Any]) -> str:
        label, spec = self.deadlines[deadline]
        ops = {op: v for op, v in cond.items() if op != "fact"}
        if "absent" in ops or "present" in ops:
            return self._say("due.absent" if "absent" in ops else "due.present", deadline=label)
        if "against" in spec and ops in ({"gt": 0}, {"lt": 0}):
            key = "due.after" if "gt" in ops else "due.before"
            return self._say(key, deadline=label, against=self.fact(spec["against"]))
        simple = {
            (("lt", 0),): ("due.overdue", {}),
            (("ge", 0),): ("due.not_overdue", {}),
            (("gt", 0),): ("due.later", {}),
            (("le", ops.get("le")),): ("due.within", {"days": self._count(ops.get("le"), "days")}),
            (("ge", 0), ("le", ops.get("le"))): ("due.window", {"days": self._count(ops.get("le"), "window")}),
        }
        found = simple.get(tuple(sorted(ops.items())))
        if found is not None:
            return self._say(found[0], deadline=label, **found[1])
        tests = [self._say(f"cond.{op}", value=v) for op, v in ops.items()]
        return self._say(
            "due.days", deadline=label, tests=self._say("and").strip().join(f" {t} " for t in tests).strip()
        )

    def deadline(self, name: str) -> str:
        """A deadline's definition in words: "Comité d'investissement : 6 mois après …"."""
        label, spec = self.deadlines[name]
        start = self.fact(spec["from"][0])
        rule = (
            self._say("due.rule", months=self._count(spec["months"], "months"), start=start)
            if spec["months"]
            else start
        )
        rule += "".join(self._say("due.otherwise", start=self.fact(other)) for other in spec["from"][1:])
        if "against" in spec:
            rule += self._say("due.against", against=self.fact(spec["against"]))
        return f"{label}{' :' if self.lang == 'fr' else ':'} {rule}"


def _merged(items: list) -> list:
    """``all`` items: consecutive tests of one fact made one (``≥ 0`` and ``≤ 30``: a window)."""
    out: list = []
    for item in items:
        if out and "fact" in item and "fact" in out[-1] and out[-1]["fact"] == item["fact"]:
            if not set(out[-1]) & set(item) - {"fact"}:
                out[-1] = {**out[-1], **item}
                continue
        out.append(dict(item))
    return out


def condition_text(cond: dict[str, Any], lang: str, catalog: Catalog) -> str:
    """A condition in words: what the declaration says, never a fact's internal name."""
    return _Speech(catalog, lang)(cond)


def _deadlines(obligation: Obligation, lang: str, catalog: Catalog) -> list[tuple[str, str]]:
    """(deadline name, its definition in words) for each deadline of ``obligation``."""
    speech = _Speech(catalog, lang)
    return [(name, speech.deadline(name)) for name in obligation.deadlines]


def examples_dir() -> Path:
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_examples"
    return packaged if packaged.is_dir() else package.parent / "fixtures" / "rules"


def example(rule: Rule, kind: str) -> str | None:
    path = examples_dir() / rule.obligation / f"{rule.id}.{kind}.yaml"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def rules_listing(catalog: Catalog, lang: str) -> str:
    w, out = _Words(lang), []
    for o in catalog.obligations:
        out.append(f"{o.id} — {o.title[lang]} [{o.article[lang]}]")
        out.append(
            f"  {w['applies']}: {condition_text(o.applies_when, lang, catalog) if o.applies_when else w['always']}"
        )
        for _, line in _deadlines(o, lang, catalog):
            out.append(f"  {w['deadlines']}: {line}")
        for r in o.rules:
            out.append(f"  - {r.id} [{r.severity}]: {condition_text(r.when, lang, catalog)}")
        out.append("")
    return "\n".join(out)


def _explain_exemption(catalog: Catalog, ident: str, lang: str) -> str:
    w, rule, doc = _Words(lang), catalog.exemption_rules[ident], catalog.exemptions_doc
    return "\n".join(
        [
            f"{w['rule']} {rule.id} — {w['outcome'][rule.outcome]}",
            f"{doc['title'][lang]}",
            "",
            f"{w['when']}: {w['exemption_when']}",
            f"{w['exemption_path']}: {', '.join(rule.paths)}",
            "",
            f"  « {rule.message[lang]} »",
            "",
            f"{w['comply']}: {doc['how_to_comply'][lang]}",
            "",
        ]
    )


def explain(catalog: Catalog, ident: str, lang: str) -> str | None:
    w = _Words(lang)
    if ident in catalog.exemption_rules:
        return _explain_exemption(catalog, ident, lang)
    if ident in catalog.rules:
        rule = catalog.rules[ident]
        o = catalog.obligation(rule.obligation)
        out = [
            f"{w['rule']} {rule.id} — {w['outcome'][rule.outcome]}",
            f"{w['obligation']}: {o.id} — {o.title[lang]} [{o.article[lang]}]",
            "",
            f"{w['when']}: {condition_text(rule.when, lang, catalog)}",
            f"{w['applies']}: {condition_text(o.applies_when, lang, catalog) if o.applies_when else w['always']}",
        ]
        out += [f"{w['deadlines']}: {line}" for name, line in _deadlines(o, lang, catalog) if name == rule.due]
        out += [
            "",
            f"  {_message_words(rule, lang, catalog)}",
            "",
            f"{w['cause']}: {_cause_words(rule, lang, catalog)}",
            f"{w['holds']}: " + " / ".join(_holds_words(alt, lang) for alt in rule.holds),
            "",
            f"{w['convention']}:",
            f"  « {o.convention_text} »",
            "",
            f"{w['comply']}: {o.how_to_comply[lang]}",
            "",
        ]
        for kind in ("pass", "fail"):
            text = example(rule, kind)
            out += [f"{w[kind]}:", "", *("    " + line for line in (text or w["no_example"]).splitlines()), ""]
        return "\n".join(out)
    if ident in catalog.obligation_ids:
        o = catalog.obligation(ident)
        out = [
            f"{w['obligation']} {o.id} — {o.title[lang]}",
            f"[{o.article[lang]}]",
            "",
            f"{w['convention']}:",
            f"  « {o.convention_text} »",
            "",
            f"{w['comply']}: {o.how_to_comply[lang]}",
            "",
            f"{w['applies']}: {condition_text(o.applies_when, lang, catalog) if o.applies_when else w['always']}",
        ]
        out += [f"{w['deadlines']}: {line}" for _, line in _deadlines(o, lang, catalog)]
        out += ["", f"{w['rules']}:"]
        out += [
            f"  - {r.id} [{r.severity}]: {condition_text(r.when, lang, catalog)}\n      {r.message[lang]}"
            for r in o.rules
        ]
        return "\n".join(out) + "\n"
    return None


def _message_words(rule: Rule, lang: str, catalog: Catalog) -> str:
    """Its failure text in quotes; texts that depend on what is declared, each after its condition."""
    if not rule.messages:
        return f"« {rule.message[lang]} »"
    return " / ".join(
        (f"{condition_text(alt['if'], lang, catalog)} → " if "if" in alt else "") + f"« {alt[lang]} »"
        for alt in rule.messages
    )


def _holds_words(alternative: dict, lang: str) -> str:
    """A pass text in quotes; one that verified nothing (``verified: false``) says so."""
    unverified = f" ({text('verdict.unverified', lang)})" if alternative.get("verified") is False else ""
    return f"« {alternative[lang]} »{unverified}"


def _cause_words(rule: Rule, lang: str, catalog: Catalog) -> str:
    """``à compléter (missing)``, or each alternative with its condition."""

    def word(cause: str) -> str:
        shown = text("cause." + cause, lang)
        return shown if shown == cause else f"{shown} ({cause})"

    if isinstance(rule.cause, str):
        return word(rule.cause)
    return " ; ".join(
        (f"{condition_text(alt['if'], lang, catalog)} → " if "if" in alt else "") + word(alt["cause"])
        for alt in rule.cause
    )


def markdown(catalog: Catalog, lang: str = "fr") -> str:
    """docs/rules.md: every obligation and rule, with its examples."""
    w = _Words(lang)
    out = [f"# {w['title']}", "", w["intro"], ""]
    for o in catalog.obligations:
        out += [
            f"## `{o.id}` — {o.title[lang]}",
            "",
            f"*{o.article[lang]}*",
            "",
            f"> {o.convention_text}",
            "",
            f"**{w['comply']}** : {o.how_to_comply[lang]}"
            if lang == "fr"
            else f"**{w['comply']}**: {o.how_to_comply[lang]}",
            "",
            f"- {w['applies']} : {_cell(condition_text(o.applies_when, lang, catalog)) + ' — ' + _code(condition_formal(o.applies_when, lang)) if o.applies_when else w['always']}",
        ]
        out += [f"- {w['deadlines']} : {line}" for _, line in _deadlines(o, lang, catalog)]
        out += ["", f"| {w['rule']} | severity | {w['when']} | condition | message |", "|---|---|---|---|---|"]
        for r in o.rules:
            message = (_message_words(r, lang, catalog) if r.messages else r.message[lang]).replace("|", "\\|")
            out.append(
                f"| `{r.id}` | {r.severity} | {_cell(condition_text(r.when, lang, catalog))}"
                f" | {_code(condition_formal(r.when, lang))} | {message} |"
            )
        out.append("")
        for r in o.rules:
            for kind in ("pass", "fail"):
                text = example(r, kind)
                if text:
                    out += [
                        f"<details><summary>{r.id} — {w[kind].lower()}</summary>",
                        "",
                        "```yaml",
                        text.rstrip(),
                        "```",
                        "",
                        "</details>",
                        "",
                    ]
    return "\n".join(out)


# where README.md holds the obligation table (conformite rules --readme-table writes what goes between)
README_MARKERS = ("<!-- obligations:start -->", "<!-- obligations:end -->")


def readme_table(catalog: Catalog, lang: str = "en") -> str:
    """The README's obligation table: one row per obligation of the catalogue, in its order,
    with the convention's article, what it asks and how many rules serve it."""
    w = _Words(lang)
    out = [
        f"| {w['obligation']} | {w['article']} | {w['asks']} | {w['rules']} |",
        "|---|---|---|---|",
    ]
    for o in catalog.obligations:
        article = o.article[lang].removeprefix("Convention, ")
        out.append(f"| `{o.id}` | {_cell(article)} | {_cell(o.title[lang])} | {len(o.rules)} |")
    return "\n".join(out) + "\n"


def readme_with_table(readme: str, catalog: Catalog, lang: str = "en") -> str | None:
    """``readme`` with the table between its :data:`README_MARKERS` written anew; None when
    it has not both markers, in that order."""
    start, end = README_MARKERS
    before, found, rest = readme.partition(start)
    _, closed, after = rest.partition(end)
    if not (found and closed):
        return None
    return f"{before}{start}\n{readme_table(catalog, lang)}{end}{after}"


def _code(text: str) -> str:
    return "`" + text.replace("|", "\\|") + "`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
