"""What a hint writes for each field of the declaration, in one place: a placeholder that names
what to write (``<prénom et nom de l'intrapreneur>``, ``AAAA-MM-JJ``, ``<true ou false>``),
never a value of its own, except the few the rules themselves decide (``approach: true``).

Each field a hint may show has a description here, in French and English. How it is shown
follows the field's type in the declaration schema: a date as ``AAAA-MM-JJ``, a boolean fact as
``<true ou false>``, a closed list as ``<integrated ou planned ou not-planned>``, anything else
as ``<description>``. ``SHAPES`` lists the keys a hint shows for an object it asks to add (so
that two findings about one missing object give the same line to paste).

A value pasted as shown and never replaced is found by :func:`find` (the schema stage reports
it "à remplacer", once, at its line): a placeholder is never a fact. So is any value that is
entirely a bracketed phrase, whatever its words: ``<adresse du dépôt>``, ``‹prénom et nom>``,
``<first and last name of the sponsor>``, ``[nom du sponsor]``, ``[…]`` (what templates and
forms write for "to fill in", in angle brackets of either kind or in square brackets; a
quoted string, since YAML reads ``[…]`` unquoted as a list). An address or an e-mail in angle
brackets (``<https://beta.gouv.fr>``, ``<dpo@exemple.gouv.fr>``) is a value, and so is a text
that only holds brackets (``Claire <nom>``).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

import orjson

from checker.foundation.messages import LANGS, register, text

from .schemas import declaration_schema
from .vocabulary import recognised_methods

if TYPE_CHECKING:
    from .loader import PathParts

# generic path (list items as "[]") -> its description of what to write, in French and English; for a
# boolean fact, the clause it answers ("true si …"); True: the value the rules decide
DESCRIBED: dict[str, dict[str, str] | bool] = {
    "startup.id": {"fr": "identifiant beta.gouv.fr du produit", "en": "product's beta.gouv.fr id"},
    "commitments.approach": True,  # a commitment: the rule asks for true (approach.yaml)
    "commitments.manifesto": True,  # same (manifesto.yaml)
    "team.intrapreneur.name": {"fr": "prénom et nom de l'intrapreneur", "en": "intrapreneur's first and last name"},
    "team.intrapreneur.public_agent": {
        "fr": "l'intrapreneur est agent public de l'administration partenaire",
        "en": "the intrapreneur is a public agent of the partner administration",
    },
    "team.sponsor.name": {"fr": "prénom et nom du sponsor", "en": "sponsor's first and last name"},
    "team.sponsor.role": {"fr": "fonction du sponsor", "en": "sponsor's position"},
    "committees[].date": {"fr": "date du comité", "en": "date of the committee"},
    "committees[].chaired_by_partner": {
        "fr": "le comité était présidé par le représentant du partenaire",
        "en": "the committee was chaired by the partner's representative",
    },
    "committees[].dinum_present": {"fr": "la DINUM a participé au comité", "en": "DINUM took part in the committee"},
    "committees[].indicators[].name": {"fr": "nom de l'indicateur", "en": "name of the indicator"},
    "committees[].indicators[].result": {"fr": "valeur mesurée", "en": "measured value"},
    "committees[].indicators[].objective_6_months": {"fr": "objectif à 6 mois", "en": "6-month objective"},
    "product_page.url": {
        "fr": "adresse de la fiche produit sur beta.gouv.fr",
        "en": "address of the product page on beta.gouv.fr",
    },
    "product_page.updated_on": {
        "fr": "date de la dernière mise à jour de la fiche",
        "en": "date the page was last updated",
    },
    "source_code.repositories[]": {
        "fr": "adresse du dépôt de code source",
        "en": "address of the source code repository",
    },
    "source_code.licence": {"fr": "identifiant SPDX de la licence", "en": "SPDX id of the licence"},
    "statistics.url": {
        "fr": "adresse de la page publique de statistiques",
        "en": "address of the public statistics page",
    },
    "personal_data.processed": {
        "fr": "le produit traite des données personnelles",
        "en": "the product processes personal data",
    },
    "personal_data.register_entry": {
        "fr": "le traitement est inscrit au registre des traitements du partenaire",
        "en": "the processing is listed in the partner's processing register",
    },
    "personal_data.privacy_notice_url": {
        "fr": "adresse de la politique de confidentialité",
        "en": "address of the privacy notice",
    },
    "personal_data.dpo_contact": {
        "fr": "contact du délégué à la protection des données",
        "en": "contact of the data protection officer",
    },
    "security.risk_workshops[].date": {"fr": "date de l'atelier", "en": "date of the workshop"},
    "security.risk_workshops[].method": {"fr": "démarche suivie", "en": "method followed"},
    "authentication.required": {
        "fr": "le service authentifie ses utilisateurs",
        "en": "the service authenticates its users",
    },
    "authentication.franceconnect": {"fr": "intégration de FranceConnect", "en": "FranceConnect integration"},
    "online_procedure.is_procedure": {
        "fr": "le service est une démarche en ligne",
        "en": "the service is an online procedure",
    },
    "online_procedure.jdma_button": {
        "fr": "la démarche affiche le bouton Je donne mon avis",
        "en": "the procedure shows the Je donne mon avis button",
    },
    "online_procedure.observatoire.satisfaction": {
        "fr": "note de satisfaction sur 10",
        "en": "satisfaction score out of 10",
    },
    "online_procedure.observatoire.accessibility_rate": {
        "fr": "taux de conformité RGAA en pourcentage",
        "en": "RGAA compliance rate as a percentage",
    },
    "online_procedure.observatoire.help_reachable": {
        "fr": "taux d'aide joignable en pourcentage",
        "en": "rate of reachable help as a percentage",
    },
    "online_procedure.observatoire.availability": {
        "fr": "taux de disponibilité en pourcentage",
        "en": "availability as a percentage",
    },
    "budget.allocated": {"fr": "montant alloué en euros", "en": "amount allocated in euros"},
    "budget.committed": {"fr": "montant engagé en euros", "en": "amount committed in euros"},
    "budget.years[].year": {"fr": "année", "en": "year"},
    "budget.years[].ae_allocated": {"fr": "AE allouées en euros", "en": "AE allocated in euros"},
    "budget.years[].ae_committed": {"fr": "AE engagées en euros", "en": "AE committed in euros"},
    "budget.years[].cp_allocated": {"fr": "CP alloués en euros", "en": "CP allocated in euros"},
    "budget.years[].cp_paid": {"fr": "CP versés en euros", "en": "CP paid in euros"},
    "budget.underspend_notified_on": {
        "fr": "date où les crédits non consommés ont été signalés au partenaire",
        "en": "date the unconsumed credits were reported to the partner",
    },
    "convention.signed_on": {"fr": "date de signature de la convention", "en": "date the convention was signed"},
    "convention.ends_on": {"fr": "date de fin de la convention", "en": "date the convention ends"},
    "convention.termination.notified_on": {
        "fr": "date de notification de la résiliation",
        "en": "date notice was given",
    },
    "convention.termination.effective_on": {
        "fr": "date d'effet de la résiliation",
        "en": "date the termination takes effect",
    },
    "convention.amendments[].signed_on": {
        "fr": "date de signature de l'avenant",
        "en": "date the amendment was signed",
    },
    "convention.amendments[].sent_to_cbcm": {
        "fr": "l'avenant a été transmis au CBCM",
        "en": "the amendment was sent to the CBCM",
    },
    "convention.copy_sent_to_cbcm.prime_minister": {
        "fr": "date d'envoi de la copie au CBCM des services du Premier ministre",
        "en": "date the copy was sent to the CBCM of the Prime Minister's services",
    },
    "convention.copy_sent_to_cbcm.partner": {
        "fr": "date d'envoi de la copie au CBCM du partenaire",
        "en": "date the copy was sent to the partner's CBCM",
    },
    "convention.publication.gouvernement_fr": {
        "fr": "adresse https de la convention publiée sur gouvernement.fr",
        "en": "https address of the convention published on gouvernement.fr",
    },
    "convention.publication.data_gouv_fr": {
        "fr": "adresse https de la convention publiée sur data.gouv.fr",
        "en": "https address of the convention published on data.gouv.fr",
    },
    "convention.final_report.sent_on": {"fr": "date de remise du compte rendu", "en": "date the report was sent"},
    "convention.final_report.expenses": {
        "fr": "le compte rendu rend compte des dépenses réalisées",
        "en": "the report accounts for the expenses made",
    },
    "convention.final_report.progress": {
        "fr": "le compte rendu rend compte de l'avancement des travaux",
        "en": "the report accounts for the progress of the work",
    },
    "convention.final_report.forecast": {
        "fr": "le compte rendu présente les prévisions de commande et de consommation",
        "en": "the report presents the order and consumption forecast",
    },
    "objectives[].id": {"fr": "identifiant de l'objectif", "en": "id of the objective"},
    "objectives[].label": {"fr": "intitulé de l'objectif", "en": "label of the objective"},
    "objectives[].target": {"fr": "valeur cible", "en": "target value"},
    "objectives[].due_on": {"fr": "échéance de l'objectif", "en": "due date of the objective"},
    "objectives[].measurements[].on": {"fr": "date de la mesure", "en": "date of the measurement"},
    "objectives[].measurements[].value": {"fr": "valeur mesurée", "en": "measured value"},
    "exemptions[].reason": {"fr": "motif de la dérogation", "en": "reason for the exemption"},
    "exemptions[].approved_by": {
        "fr": "instance qui a approuvé la dérogation",
        "en": "body that approved the exemption",
    },
    "exemptions[].expires_on": {"fr": "date de fin de la dérogation", "en": "date the exemption ends"},
}
register("describe", {path: words for path, words in DESCRIBED.items() if isinstance(words, dict)})

# the keys a hint shows for an object (or a list's item, "[]") it asks to add: every key a rule
# may point at under it while it is missing, so that all findings about one missing object
# offer the same line
SHAPES: dict[str, tuple[str, ...]] = {
    "startup": ("id",),
    "commitments": ("approach", "manifesto"),
    "team": ("intrapreneur", "sponsor"),
    "team.intrapreneur": ("name", "public_agent"),
    "team.sponsor": ("name", "role"),
    "committees[]": ("date", "chaired_by_partner", "dinum_present", "indicators"),
    "committees[].indicators[]": ("name", "result", "objective_6_months"),
    "product_page": ("url", "updated_on"),
    "source_code": ("repositories", "licence"),
    "statistics": ("url",),
    # a section whose first key decides whether the rest applies: only that question is asked
    # (the rules of the other keys apply once it is answered true, the section then written)
    "personal_data": ("processed",),
    "security": ("risk_workshops",),
    "security.risk_workshops[]": ("date", "method"),
    "authentication": ("required",),
    "online_procedure": ("is_procedure",),
    "budget": ("allocated", "committed"),
    "budget.years[]": ("year", "ae_allocated", "ae_committed"),
    "convention": ("signed_on", "ends_on"),
    "convention.termination": ("notified_on", "effective_on"),
    "convention.amendments[]": ("signed_on", "sent_to_cbcm"),
    "convention.copy_sent_to_cbcm": ("prime_minister", "partner"),
    "convention.publication": ("gouvernement_fr", "data_gouv_fr"),
    "convention.final_report": ("sent_on", "expenses", "progress", "forecast"),
    "objectives[]": ("id", "label", "target", "due_on", "measurements"),
    "objectives[].measurements[]": ("on", "value"),
    "exemptions[]": ("obligation", "reason", "approved_by", "expires_on"),
}

# an object with two forms: when this key of it holds something, what it lacks is in there
FORMS: dict[str, str] = {"budget": "years"}

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
# a whole value in brackets: <…>, ‹…›, ‹…>, <…› (either kind of angle), or […]
_BRACKETED = re.compile(r"[<\u2039]([^<>\u2039\u203a]+)[>\u203a]|\[([^\[\]]+)\]")
_STRING_IN_BRACKETS = re.compile(rb'"\s*(\[|\xe2\x80\xb9)')  # a JSON string opening with [ or ‹
_SPACES = re.compile(r"\s+")
ELLIPSES = ("…", "...")  # what older hints wrote for "to fill in"
_ELLIPSIS = "…".encode()


@functools.lru_cache(maxsize=4096)
def parts(path: str) -> PathParts:
    """``committees[0].date`` -> ``("committees", 0, "date")`` (cached: the same paths come back)."""
    return tuple(int(index) if index else name for name, index in _PART.findall(path))


def generic(keys: PathParts) -> str:
    """``("committees", 0, "date")`` -> ``committees[].date``: the table's key for a path."""
    out = ""
    for part in keys:
        out += "[]" if isinstance(part, int) else ("." if out else "") + part
    return out


def schema_node(path: str | PathParts) -> dict[str, Any] | None:
    """The schema node of ``path`` (``$ref`` followed, the node's own keywords kept), or None
    when the path leaves the schema (an unresolved template, an unknown key). Read-only."""
    return _node(parts(path) if isinstance(path, str) else tuple(path))


@functools.lru_cache(maxsize=4096)
def _node(keys: PathParts) -> dict[str, Any] | None:
    """Cached: a run asks for the same few paths for every finding of every file."""
    node: dict[str, Any] | None = declaration_schema()
    for part in keys:
        node = deref(node)
        if node is None:
            return None
        node = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
    return deref(node)


def deref(node: dict[str, Any] | None) -> dict[str, Any] | None:
    if node is None or "$ref" not in node:
        return node
    name = node["$ref"].rsplit("/", 1)[-1]
    return dict(declaration_schema()["$defs"][name], **{k: v for k, v in node.items() if k != "$ref"})


def _types(node: dict[str, Any] | None) -> set[str]:
    kind = (node or {}).get("type")
    return {kind} if isinstance(kind, str) else set(kind or ())


def _choices(keys: PathParts) -> list[str]:
    """The values a field takes from a closed list: the schema's enum, or, for the free-text
    workshop method, the methods the risk-workshops rule recognises."""
    if generic(keys) == "security.risk_workshops[].method":
        return list(recognised_methods())
    node = schema_node(keys)
    return [str(v) for v in (node or {}).get("enum", ()) if v is not None]


def _kind(keys: PathParts) -> str:
    """How the field at ``keys`` is written: ``date``, ``bool``, ``choice`` or ``text``."""
    node = schema_node(keys)
    if (node or {}).get("x-meaning") == "date":
        return "date"
    if "boolean" in _types(node):
        return "bool"
    if _choices(keys):
        return "choice"
    return "text"


class Placeholder(str):
    """A value shown in a hint that stands for what the person writes (never a fact)."""


def shown(keys: PathParts, lang: str) -> Placeholder | bool | None:
    """What a hint writes as the value of the field at ``keys``: its placeholder, the literal
    the rules decide (``True``), or None when the table has nothing for it."""
    described = DESCRIBED.get(generic(keys))
    if described is None:
        return None
    if not isinstance(described, dict):  # True: the value the rules decide
        return True
    kind = _kind(keys)
    if kind == "date":
        return Placeholder(text("fix.date_placeholder", lang))
    if kind == "bool":
        return Placeholder(text("fix.bool_placeholder", lang))
    if kind == "choice":
        return Placeholder("<" + text("fix.or", lang).join(_choices(keys)) + ">")
    return Placeholder(f"<{text('describe.' + generic(keys), lang)}>")


def whole(keys: PathParts, lang: str) -> Any:  # the YAML value to write, of any shape
    """The value a hint writes for a whole missing field: its placeholder or literal, or the
    object (or list of one item) made of its shape's keys; None when there is nothing to show."""
    own = shown(keys, lang)
    if own is not None:
        return own
    node = schema_node(keys)
    if "array" in _types(node):
        item = whole(keys + (0,), lang)
        return None if item is None else [item]
    made = {k: whole(keys + (k,), lang) for k in SHAPES.get(generic(keys), ())}
    return {k: v for k, v in made.items() if v is not None} or None


def what(keys: PathParts, lang: str) -> str:
    """In words, what to write at ``keys`` (for the "à remplacer" message)."""
    described = DESCRIBED.get(generic(keys))
    if not isinstance(described, dict):
        return text("placeholder.unknown", lang)
    words = text("describe." + generic(keys), lang)
    kind = _kind(keys)
    if kind == "choice":
        return text("placeholder.choice", lang, what=words, choices=", ".join(_choices(keys)))
    return text(f"placeholder.{kind}", lang, what=words)


def _normal(value: str) -> str:
    return _SPACES.sub(" ", value.strip().replace("\u2019", "'")).casefold()


@functools.lru_cache(maxsize=1)
def known() -> frozenset[str]:
    """Every placeholder a hint may show, in both languages, normalised (see :func:`is_placeholder`)."""
    found = {_normal(e) for e in ELLIPSES}
    for lang in LANGS:
        found.add(_normal(text("fix.date_placeholder", lang)))
        found.add(_normal(text("fix.bool_placeholder", lang)))
        for path, described in DESCRIBED.items():
            if isinstance(described, dict):
                found.add(_normal(f"<{text('describe.' + path, lang)}>"))
                choice = shown(parts(path.replace("[]", "[0]")), lang)
                if isinstance(choice, Placeholder):
                    found.add(_normal(choice))
    return frozenset(found)


@functools.lru_cache(maxsize=1)
def _bracketed() -> tuple[str, ...]:
    """The placeholders written ``<…>``: found anywhere in a value (``Claire <nom>`` is not,
    ``https://x/<adresse du dépôt de code source>`` is)."""
    return tuple(p for p in known() if p.startswith("<"))


def is_placeholder(value: object) -> bool:
    """Whether ``value`` is, or holds, a placeholder pasted as shown (case, spaces and the
    typographic apostrophe aside): the whole value, or a ``<…>`` one inside it; or whether it
    is entirely a bracketed phrase (:func:`bracketed_phrase`)."""
    if not isinstance(value, str) or not 0 < len(value) <= 1000:
        return False
    normal = _normal(value)
    return normal in known() or "<" in normal and any(p in normal for p in _bracketed()) or bracketed_phrase(normal)


def bracketed_phrase(value: str) -> bool:
    """Whether ``value`` is entirely words in brackets (``<fonction>``, ``‹prénom et nom>``,
    ``[nom du sponsor]``) or an ellipsis in brackets (``[…]``): a placeholder whatever its words;
    not an address or an e-mail in brackets."""
    found = _BRACKETED.fullmatch(value.strip())
    if found is None:
        return False
    inside = (found.group(1) or found.group(2)).strip()
    if inside in ELLIPSES:
        return True
    if "@" in inside or "://" in inside or inside.casefold().startswith("www."):
        return False
    return any(character.isalpha() for character in inside)


def _maybe(data: object) -> bool:
    """Whether ``data`` may hold a placeholder: a quick look at its JSON text for what every
    placeholder has (``<``, ``…``, ``...``, ``-MM-``, a string opening with ``[`` or ``‹``), so
    that a declaration without one costs a few microseconds. A date placeholder in other letter
    cases is still refused as a date."""
    try:
        raw = orjson.dumps(data)
    except (orjson.JSONEncodeError, TypeError):
        return True
    quick = b"<" in raw or b"..." in raw or _ELLIPSIS in raw or b"-MM-" in raw or b"-mm-" in raw
    return quick or _STRING_IN_BRACKETS.search(raw) is not None


def find(data: object) -> list[tuple[PathParts, str]]:
    """(path, value) of every value of ``data`` that still holds a placeholder, in document
    order; iterative (a declaration is already bounded in depth and size)."""
    found: list[tuple[PathParts, str]] = []
    if not _maybe(data):
        return found
    stack: list[tuple[PathParts, object]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            stack.extend((path + (k,), v) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((path + (i,), v) for i, v in reversed(list(enumerate(node))))
        elif isinstance(node, str) and is_placeholder(node):
            found.append((path, node))
    return found
