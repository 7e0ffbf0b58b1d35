"""Rule documentation from the rule files themselves: ``conformite rules``, ``conformite
explain ID`` and ``docs/rules.md`` (``conformite rules --markdown``) all come from here."""

from __future__ import annotations

from pathlib import Path

from .messages import text
from .rules import Catalog

OPS = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


class _Words:
    """``w["key"]``: the documentation word ``docs.key`` in one language (checker.messages)."""

    def __init__(self, lang: str):
        self.lang = lang

    def __getitem__(self, key: str):
        if key == "outcome":
            return {o: text(f"docs.outcome.{o}", self.lang) for o in ("fail", "warn")}
        return text(f"docs.{key}", self.lang)


def condition_text(cond, lang: str) -> str:
    w = _Words(lang)
    if "all" in cond:
        return w["and"].join(_group(c, lang) for c in cond["all"])
    if "any" in cond:
        return w["or"].join(_group(c, lang) for c in cond["any"])
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


def _group(cond, lang):
    inner = condition_text(cond, lang)
    return f"({inner})" if ("all" in cond or "any" in cond) else inner


def _value(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _deadlines(obligation, lang) -> list[str]:
    w = _Words(lang)
    out = []
    for name, spec in obligation.deadlines.items():
        against = f", {w['against']} {spec['against']}" if "against" in spec else ""
        out.append(
            f"{name}: {w['from']} {' | '.join(spec['from'])} + {spec['months']} {w['months']}{against}"
            f" → {name}_days_left"
        )
    return out


def examples_dir() -> Path:
    packaged = Path(__file__).resolve().parent / "_examples"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "fixtures" / "rules"


def example(rule, kind: str) -> str | None:
    path = examples_dir() / rule.obligation / f"{rule.id}.{kind}.yaml"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def rules_listing(catalog: Catalog, lang: str) -> str:
    w, out = _Words(lang), []
    for o in catalog.obligations:
        out.append(f"{o.id} — {o.title[lang]} [{o.article[lang]}]")
        out.append(f"  {w['applies']}: {condition_text(o.applies_when, lang) if o.applies_when else w['always']}")
        for line in _deadlines(o, lang):
            out.append(f"  {w['deadlines']}: {line}")
        for r in o.rules:
            out.append(f"  - {r.id} [{r.severity}]: {condition_text(r.when, lang)}")
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
            f"{w['when']}: {condition_text(rule.when, lang)}",
            f"{w['applies']}: {condition_text(o.applies_when, lang) if o.applies_when else w['always']}",
        ]
        out += [
            f"{w['deadlines']}: {line}" for line in _deadlines(o, lang) if rule.due and line.startswith(rule.due + ":")
        ]
        out += [
            "",
            f"  « {rule.message[lang]} »",
            "",
            f"{w['cause']}: {_cause_words(rule, lang)}",
            f"{w['holds']}: " + " / ".join(f"« {alt[lang]} »" for alt in rule.holds),
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
            f"{w['applies']}: {condition_text(o.applies_when, lang) if o.applies_when else w['always']}",
        ]
        out += [f"{w['deadlines']}: {line}" for line in _deadlines(o, lang)]
        out += ["", f"{w['rules']}:"]
        out += [f"  - {r.id} [{r.severity}]: {condition_text(r.when, lang)}\n      {r.message[lang]}" for r in o.rules]
        return "\n".join(out) + "\n"
    return None


def _cause_words(rule, lang: str) -> str:
    """``à compléter (missing)``, or each alternative with its condition."""

    def word(cause: str) -> str:
        shown = text("cause." + cause, lang)
        return shown if shown == cause else f"{shown} ({cause})"

    if isinstance(rule.cause, str):
        return word(rule.cause)
    return " ; ".join(
        (f"{condition_text(alt['if'], lang)} → " if "if" in alt else "") + word(alt["cause"]) for alt in rule.cause
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
            f"- {w['applies']} : {_code(condition_text(o.applies_when, lang)) if o.applies_when else w['always']}",
        ]
        out += [f"- {w['deadlines']} : `{line}`" for line in _deadlines(o, lang)]
        out += ["", f"| {w['rule']} | severity | {w['when']} | message |", "|---|---|---|---|"]
        for r in o.rules:
            message = r.message[lang].replace("|", "\\|")
            out.append(f"| `{r.id}` | {r.severity} | {_code(condition_text(r.when, lang))} | {message} |")
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


def _code(text: str) -> str:
    return "`" + text.replace("|", "\\|") + "`"
