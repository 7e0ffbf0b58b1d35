"""Rule documentation from the rule files themselves: ``conformite rules``, ``conformite
explain ID`` and ``docs/rules.md`` (``conformite rules --markdown``) all come from here."""
from __future__ import annotations

from pathlib import Path

from .rules import Catalog

WORDS = {
    "fr": {"and": " et ", "or": " ou ", "absent": "absent", "present": "présent", "or_absent": " (ou absent)",
           "applies": "S'applique", "always": "toujours", "deadlines": "Échéances", "months": "mois",
           "from": "à partir de", "against": "comparée à", "rules": "Règles", "convention": "La convention",
           "comply": "Pour s'y conformer", "pass": "Exemple qui respecte la règle", "fail": "Exemple qui la déclenche",
           "when": "Se déclenche quand", "outcome": {"fail": "manquement (error)", "warn": "attention (warning)"},
           "obligation": "Obligation", "rule": "Règle", "title": "Règles de conformite",
           "intro": "Généré depuis `rules/` par `conformite rules --markdown` ; ne pas modifier à la main.",
           "no_example": "(exemples : fixtures/rules/ dans le dépôt)"},
    "en": {"and": " and ", "or": " or ", "absent": "absent", "present": "present", "or_absent": " (or absent)",
           "applies": "Applies", "always": "always", "deadlines": "Deadlines", "months": "months",
           "from": "from", "against": "compared with", "rules": "Rules", "convention": "The convention",
           "comply": "How to comply", "pass": "Example that passes", "fail": "Example that fires it",
           "when": "Fires when", "outcome": {"fail": "fail (error)", "warn": "warn (warning)"},
           "obligation": "Obligation", "rule": "Rule", "title": "conformite rules",
           "intro": "Generated from `rules/` by `conformite rules --markdown`; do not edit by hand.",
           "no_example": "(examples: fixtures/rules/ in the repository)"},
}
OPS = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


def condition_text(cond, lang: str) -> str:
    w = WORDS[lang]
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
    w = WORDS[lang]
    out = []
    for name, spec in obligation.deadlines.items():
        against = f", {w['against']} {spec['against']}" if "against" in spec else ""
        out.append(f"{name}: {w['from']} {' | '.join(spec['from'])} + {spec['months']} {w['months']}{against}"
                   f" → {name}_days_left")
    return out


def examples_dir() -> Path:
    packaged = Path(__file__).resolve().parent / "_examples"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "fixtures" / "rules"


def example(rule, kind: str) -> str | None:
    path = examples_dir() / rule.obligation / f"{rule.id}.{kind}.yaml"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def rules_listing(catalog: Catalog, lang: str) -> str:
    w, out = WORDS[lang], []
    for o in catalog.obligations:
        out.append(f"{o.id} — {o.title[lang]} [{o.article[lang]}]")
        out.append(f"  {w['applies']}: {condition_text(o.applies_when, lang) if o.applies_when else w['always']}")
        for line in _deadlines(o, lang):
            out.append(f"  {w['deadlines']}: {line}")
        for r in o.rules:
            out.append(f"  - {r.id} [{r.severity}]: {condition_text(r.when, lang)}")
        out.append("")
    return "\n".join(out)


def explain(catalog: Catalog, ident: str, lang: str) -> str | None:
    w = WORDS[lang]
    if ident in catalog.rules:
        rule = catalog.rules[ident]
        o = catalog.obligation(rule.obligation)
        out = [f"{w['rule']} {rule.id} — {w['outcome'][rule.outcome]}",
               f"{w['obligation']}: {o.id} — {o.title[lang]} [{o.article[lang]}]", "",
               f"{w['when']}: {condition_text(rule.when, lang)}",
               f"{w['applies']}: {condition_text(o.applies_when, lang) if o.applies_when else w['always']}"]
        out += [f"{w['deadlines']}: {line}" for line in _deadlines(o, lang) if rule.due and line.startswith(rule.due + ":")]
        out += ["", f"  « {rule.message[lang]} »", "", f"{w['convention']}:", f"  « {o.convention_text} »", "",
                f"{w['comply']}: {o.how_to_comply[lang]}", ""]
        for kind in ("pass", "fail"):
            text = example(rule, kind)
            out += [f"{w[kind]}:", "", *("    " + line for line in (text or w["no_example"]).splitlines()), ""]
        return "\n".join(out)
    if ident in catalog.obligation_ids:
        o = catalog.obligation(ident)
        out = [f"{w['obligation']} {o.id} — {o.title[lang]}", f"[{o.article[lang]}]", "",
               f"{w['convention']}:", f"  « {o.convention_text} »", "", f"{w['comply']}: {o.how_to_comply[lang]}", "",
               f"{w['applies']}: {condition_text(o.applies_when, lang) if o.applies_when else w['always']}"]
        out += [f"{w['deadlines']}: {line}" for line in _deadlines(o, lang)]
        out += ["", f"{w['rules']}:"]
        out += [f"  - {r.id} [{r.severity}]: {condition_text(r.when, lang)}\n      {r.message[lang]}" for r in o.rules]
        return "\n".join(out) + "\n"
    return None


def markdown(catalog: Catalog, lang: str = "fr") -> str:
    """docs/rules.md: every obligation and rule, with its examples."""
    w = WORDS[lang]
    out = [f"# {w['title']}", "", w["intro"], ""]
    for o in catalog.obligations:
        out += [f"## `{o.id}` — {o.title[lang]}", "", f"*{o.article[lang]}*", "", f"> {o.convention_text}", "",
                f"**{w['comply']}** : {o.how_to_comply[lang]}" if lang == "fr" else f"**{w['comply']}**: {o.how_to_comply[lang]}", "",
                f"- {w['applies']} : {_code(condition_text(o.applies_when, lang)) if o.applies_when else w['always']}"]
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
                    out += [f"<details><summary>{r.id} — {w[kind].lower()}</summary>", "", "```yaml", text.rstrip(), "```", "", "</details>", ""]
    return "\n".join(out)


def _code(text: str) -> str:
    return "`" + text.replace("|", "\\|") + "`"
