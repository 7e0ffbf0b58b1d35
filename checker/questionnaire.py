"""``conformite init``: a declaration written through questions a partner can answer.

The questions are data (:data:`SECTIONS`): each names the key it fills, the kind of answer
(date, oui/non, licence…) and its French and English wording. The same questions drive the
interactive questionnaire (questionary, on prompt_toolkit: each answer is checked as it is
typed, the reason shown under the prompt, wrapped to the terminal's width; ``<`` goes back one
question; a list is reviewed before it is left: add, edit or remove an item) and the
non-interactive mode (``--answers FILE``, a YAML or JSON file shaped like a declaration, read
through the loader's guarded reader, whose values are read as leniently as typed answers:
``15/08/2024``, ``oui``…). ``--from-betagouv CONTENT_DIR --startup ID`` pre-fills what the
beta.gouv.fr product page already says (through the importer's reading functions).

Every answer is written as the rules read it (a choice by its id, whatever words were typed:
``prévu`` -> ``planned``, ``EBIOS RM`` -> ``ebios-rm``) or refused with what to write; a value
``check`` would refuse (a text too long, a number out of the schema's range) is refused at its
question. A question whose key the declaration schema does not know (fields of a newer schema)
is never asked and its answer is refused as unknown, so the file written always passes the
schema; it is read back as ``check`` reads it before it is written (never over an existing
file, even one that appeared while the questions were asked, unless ``--force`` is given).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import sys
import textwrap
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from checker.foundation.atomic import atomic_write_text, create_text
from checker.foundation.console import say as _say
from checker.foundation.dates import parse_date
from checker.foundation.messages import MAX_ERRORS, Clipped, SystemText, printable, shorten, system_error
from checker.foundation.messages import MESSAGES as MESSAGES_CATALOGUE
from checker.reading.loader import DEFAULT_MAX_BYTES, MAX_INTEGER, decode, load_text, parse_json, read_bytes
from checker.reading.nearmiss import authorised_licences, boolean_meant, closest, spdx_meant, spdx_starting
from checker.reading.problems import Problem
from checker.reading.schema import declaration_schema, suggest, validate

LANGS = ("fr", "en")


# --- the questions -----------------------------------------------------------------------


@dataclass
class Q:
    """One answer: ``key`` within its section (or repeated item), ``kind`` of value, wording."""

    key: str
    kind: str  # text | id | date | bool | int | number | url | urls | licence | choice | method
    fr: str
    en: str
    required: bool = False
    choices: tuple = ()  # ids, as the declaration holds them; each shown by its words (CHOICE_WORDS)
    when: str | None = None  # only asked when this sibling key was answered (oui, for a yes/no question)
    decides: str | None = None  # the obligation this answer decides applies: required for an active product
    unique: bool = False  # no two items of its list may give the same answer (objective ids)


@dataclass
class Repeat:
    """A list of items (phases, committees…), each answering ``items``."""

    key: str
    fr: str  # "one more …?" question
    en: str
    items: list
    when: str | None = None
    unless: tuple = ()  # not asked (and refused in answers) when one of these sibling keys is answered


@dataclass
class Section:
    key: str
    comment: dict  # lang -> comment written above the section
    items: list
    title: dict = field(default_factory=dict)  # lang -> heading shown in the questionnaire


def _s(key, title_fr, title_en, comment_fr, comment_en, items):
    return Section(key, {"fr": comment_fr, "en": comment_en}, items, {"fr": title_fr, "en": title_en})


PHASES = (
    "investigation",
    "construction",
    "acceleration",
    "consolidation",
    "opere",
    "transfere",
    "abandon",
    "abandon-investigation",
)

SECTIONS = [
    _s(
        "startup",
        "Le produit",
        "The product",
        "Le produit, tel que beta.gouv.fr le connaît : identifiant, nom, incubateur, phases et leurs dates.",
        "The product as beta.gouv.fr knows it: id, name, incubator, phases and their dates.",
        [
            Q(
                "id",
                "id",
                "Identifiant beta.gouv.fr du produit (startup.id, ex. api-engagement)",
                "beta.gouv.fr id of the product (startup.id, e.g. api-engagement)",
                required=True,
            ),
            Q("title", "text", "Nom du produit (startup.title)", "Product name (startup.title)"),
            Q(
                "incubator",
                "text",
                "Incubateur (startup.incubator, ex. dinum)",
                "Incubator (startup.incubator, e.g. dinum)",
            ),
            Q(
                "link",
                "url",
                "Adresse du service (startup.link, https://…)",
                "Address of the service (startup.link, https://…)",
            ),
            Repeat(
                "phases",
                "Ajouter une phase (startup.phases) ?",
                "Add a phase (startup.phases)?",
                [
                    Q("name", "choice", "Nom de la phase", "Phase name", required=True, choices=PHASES),
                    Q("start", "date", "Début de la phase", "Start of the phase", required=True),
                    Q("end", "date", "Fin de la phase (vide si en cours)", "End of the phase (empty when ongoing)"),
                    Q("comment", "text", "Commentaire", "Comment"),
                ],
            ),
        ],
    ),
    _s(
        "convention",
        "La convention",
        "The convention",
        "La convention signée avec la DINUM (articles 4 à 7) : référence, partenaire, dates, copie aux contrôleurs "
        "budgétaires et comptables ministériels (CBCM), publication, compte rendu final.",
        "The convention signed with DINUM (articles 4 to 7): reference, partner, dates, copy to the budget and "
        "accounting controllers (CBCM), publication, final report.",
        [
            Q(
                "reference",
                "text",
                "Référence de la convention (convention.reference)",
                "Convention reference (convention.reference)",
            ),
            Q(
                "partner",
                "text",
                "Administration partenaire (convention.partner)",
                "Partner administration (convention.partner)",
            ),
            Q("signed_on", "date", "Date de signature (convention.signed_on)", "Signature date (convention.signed_on)"),
            Q("ends_on", "date", "Date de fin (convention.ends_on)", "End date (convention.ends_on)"),
            Q(
                "copy_sent_to_cbcm.prime_minister",
                "date",
                "Copie de la convention envoyée au CBCM des services du Premier ministre le (dans le mois de la "
                "signature ; convention.copy_sent_to_cbcm.prime_minister, ex. 05/02/2024)",
                "Copy of the convention sent to the CBCM of the Prime Minister's services on (within a month of the "
                "signature; convention.copy_sent_to_cbcm.prime_minister, e.g. 2024-02-05)",
            ),
            Q(
                "copy_sent_to_cbcm.partner",
                "date",
                "Copie de la convention envoyée au CBCM de votre administration le (convention.copy_sent_to_cbcm.partner, "
                "ex. 07/02/2024)",
                "Copy of the convention sent to your administration's CBCM on (convention.copy_sent_to_cbcm.partner, "
                "e.g. 2024-02-07)",
            ),
            Q(
                "publication.gouvernement_fr",
                "url",
                "Adresse de la convention publiée sur gouvernement.fr, dans les deux mois de la signature "
                "(convention.publication.gouvernement_fr, ex. https://www.gouvernement.fr/publications-officielles/…)",
                "Address of the convention published on gouvernement.fr, within two months of the signature "
                "(convention.publication.gouvernement_fr, e.g. https://www.gouvernement.fr/publications-officielles/…)",
            ),
            Q(
                "publication.data_gouv_fr",
                "url",
                "Adresse de la convention publiée par la DINUM sur data.gouv.fr "
                "(convention.publication.data_gouv_fr, ex. https://www.data.gouv.fr/fr/datasets/…)",
                "Address of the convention published by DINUM on data.gouv.fr "
                "(convention.publication.data_gouv_fr, e.g. https://www.data.gouv.fr/fr/datasets/…)",
            ),
            Q(
                "final_report.sent_on",
                "date",
                "Compte rendu final d'exécution envoyé au partenaire le (convention.final_report.sent_on, vide s'il n'est "
                "pas encore envoyé)",
                "Final report sent to the partner on (convention.final_report.sent_on, empty when not sent yet)",
            ),
            Q(
                "final_report.expenses",
                "bool",
                "Ce compte rendu final retrace-t-il les dépenses réalisées ? (convention.final_report.expenses)",
                "Does this final report account for the expenses made? (convention.final_report.expenses)",
                when="final_report.sent_on",
            ),
            Q(
                "final_report.progress",
                "bool",
                "Retrace-t-il l'avancement des travaux ? (convention.final_report.progress)",
                "Does it account for the progress of the work? (convention.final_report.progress)",
                when="final_report.sent_on",
            ),
            Q(
                "final_report.forecast",
                "bool",
                "Donne-t-il les prévisions de commandes et de consommation des crédits ? (convention.final_report.forecast)",
                "Does it give the order and credit consumption forecast? (convention.final_report.forecast)",
                when="final_report.sent_on",
            ),
        ],
    ),
    _s(
        "commitments",
        "Les engagements",
        "The commitments",
        "Engagements du partenaire (article 2) : démarche Startup d'État et manifeste beta.gouv.fr.",
        "The partner's commitments (article 2): Startup d'État approach and beta.gouv.fr manifesto.",
        [
            Q(
                "approach",
                "bool",
                "Le partenaire suit-il l'approche Startup d'État et son guide public ? (commitments.approach)",
                "Does the partner follow the Startup d'État approach and its public guide? (commitments.approach)",
            ),
            Q(
                "manifesto",
                "bool",
                "Le partenaire adhère-t-il au manifeste beta.gouv.fr ? (commitments.manifesto)",
                "Does the partner adhere to the beta.gouv.fr manifesto? (commitments.manifesto)",
            ),
        ],
    ),
    _s(
        "team",
        "L'équipe",
        "The team",
        "L'intrapreneur (agent public du partenaire) et le sponsor de haut niveau (article 2).",
        "The intrapreneur (a public agent of the partner) and the high-level sponsor (article 2).",
        [
            Q(
                "intrapreneur.name",
                "text",
                "Nom de l'intrapreneur (team.intrapreneur.name)",
                "Intrapreneur's name (team.intrapreneur.name)",
            ),
            Q(
                "intrapreneur.public_agent",
                "bool",
                "L'intrapreneur est-il agent public du partenaire ? (team.intrapreneur.public_agent)",
                "Is the intrapreneur a public agent of the partner? (team.intrapreneur.public_agent)",
            ),
            Q(
                "intrapreneur.employer",
                "text",
                "Employeur de l'intrapreneur (team.intrapreneur.employer)",
                "Intrapreneur's employer (team.intrapreneur.employer)",
            ),
            Q(
                "intrapreneur.since",
                "date",
                "Intrapreneur depuis le (team.intrapreneur.since)",
                "Intrapreneur since (team.intrapreneur.since)",
            ),
            Q("sponsor.name", "text", "Nom du sponsor (team.sponsor.name)", "Sponsor's name (team.sponsor.name)"),
            Q("sponsor.role", "text", "Fonction du sponsor (team.sponsor.role)", "Sponsor's role (team.sponsor.role)"),
            Q(
                "sponsor.organisation",
                "text",
                "Organisation du sponsor (team.sponsor.organisation)",
                "Sponsor's organisation (team.sponsor.organisation)",
            ),
        ],
    ),
    _s(
        "committees",
        "Les comités d'investissement",
        "The investment committees",
        "Comités d'investissement tenus (article 2 : un tous les six mois), avec leurs indicateurs.",
        "Investment committees held (article 2: one every six months), with their indicators.",
        [
            Repeat(
                "",
                "Ajouter un comité d'investissement tenu (committees) ?",
                "Add an investment committee held (committees)?",
                [
                    Q("date", "date", "Date du comité", "Committee date", required=True),
                    Q("chaired_by_partner", "bool", "Présidé par le partenaire ?", "Chaired by the partner?"),
                    Q("dinum_present", "bool", "La DINUM était-elle présente ?", "Was DINUM present?"),
                    Q("comment", "text", "Commentaire", "Comment"),
                    Repeat(
                        "indicators",
                        "Ajouter un indicateur présenté à ce comité ?",
                        "Add an indicator presented at this committee?",
                        [
                            Q("name", "text", "Nom de l'indicateur", "Indicator name", required=True),
                            Q(
                                "result",
                                "number",
                                "Résultat de la phase qui s'achève (result)",
                                "Result of the phase that ends (result)",
                            ),
                            Q(
                                "objective_6_months",
                                "number",
                                "Objectif à six mois (objective_6_months)",
                                "Six-month objective (objective_6_months)",
                            ),
                        ],
                    ),
                ],
            ),
        ],
    ),
    _s(
        "product_page",
        "La fiche produit",
        "The product page",
        "La fiche produit sur beta.gouv.fr, tenue à jour (article 2).",
        "The product page on beta.gouv.fr, kept up to date (article 2).",
        [
            Q(
                "url",
                "url",
                "Adresse de la fiche produit (product_page.url)",
                "Address of the product page (product_page.url)",
            ),
            Q(
                "updated_on",
                "date",
                "Dernière mise à jour de la fiche (product_page.updated_on)",
                "Last update of the page (product_page.updated_on)",
            ),
        ],
    ),
    _s(
        "source_code",
        "Le code source",
        "The source code",
        "Code source publié en open source (article 2, circulaire 5608/SG) ; licence : identifiant SPDX.",
        "Source code published as open source (article 2, circular 5608/SG); licence: SPDX id.",
        [
            Q(
                "repositories",
                "urls",
                "Dépôts de code publics, séparés par des virgules (source_code.repositories)",
                "Public code repositories, comma-separated (source_code.repositories)",
            ),
            Q(
                "licence",
                "licence",
                "Licence, identifiant SPDX (source_code.licence, ex. MIT, AGPL-3.0)",
                "Licence, SPDX id (source_code.licence, e.g. MIT, AGPL-3.0)",
            ),
        ],
    ),
    _s(
        "statistics",
        "Les statistiques",
        "The statistics",
        "Page publique de statistiques d'impact (article 2).",
        "Public impact statistics page (article 2).",
        [
            Q(
                "url",
                "url",
                "Adresse de la page de statistiques (statistics.url)",
                "Address of the statistics page (statistics.url)",
            ),
        ],
    ),
    _s(
        "personal_data",
        "Les données personnelles",
        "Personal data",
        "Protection des données personnelles (article 2) : registre des traitements, information, DPO.",
        "Personal data protection (article 2): processing register, privacy notice, DPO.",
        [
            Q(
                "processed",
                "bool",
                "Le service traite-t-il des données personnelles ? (personal_data.processed)",
                "Does the service process personal data? (personal_data.processed)",
                decides="personal-data",
            ),
            Q(
                "register_entry",
                "bool",
                "Le traitement est-il inscrit au registre du partenaire ? (personal_data.register_entry)",
                "Is the processing listed in the partner's register? (personal_data.register_entry)",
                when="processed",
            ),
            Q(
                "privacy_notice_url",
                "url",
                "Adresse de la politique de confidentialité (personal_data.privacy_notice_url)",
                "Address of the privacy notice (personal_data.privacy_notice_url)",
                when="processed",
            ),
            Q(
                "dpo_contact",
                "text",
                "Contact du délégué à la protection des données (personal_data.dpo_contact)",
                "Data protection officer contact (personal_data.dpo_contact)",
                when="processed",
            ),
        ],
    ),
    _s(
        "security",
        "La sécurité",
        "Security",
        "Sécurité (article 2) : ateliers d'analyse de risques, MonServiceSécurisé, homologation.",
        "Security (article 2): risk-analysis workshops, MonServiceSécurisé, homologation.",
        [
            Repeat(
                "risk_workshops",
                "Ajouter un atelier d'analyse de risques tenu (security.risk_workshops) ?",
                "Add a risk-analysis workshop held (security.risk_workshops)?",
                [
                    Q("date", "date", "Date de l'atelier", "Workshop date", required=True),
                    Q("method", "method", "Démarche suivie", "Method followed"),
                    Q("comment", "text", "Commentaire", "Comment"),
                ],
            ),
            Q(
                "mon_service_securise",
                "bool",
                "Le service est-il inscrit sur MonServiceSécurisé ? (security.mon_service_securise)",
                "Is the service registered on MonServiceSécurisé? (security.mon_service_securise)",
            ),
            Q(
                "homologation.decided_on",
                "date",
                "Date de la décision d'homologation (security.homologation.decided_on)",
                "Homologation decision date (security.homologation.decided_on)",
            ),
            Q(
                "homologation.months",
                "int",
                "Durée de l'homologation en mois (security.homologation.months)",
                "Homologation length in months (security.homologation.months)",
            ),
        ],
    ),
    _s(
        "authentication",
        "L'authentification",
        "Authentication",
        "Authentification des usagers et FranceConnect (article 2).",
        "User authentication and FranceConnect (article 2).",
        [
            Q(
                "required",
                "bool",
                "Le service authentifie-t-il ses usagers ? (authentication.required)",
                "Does the service authenticate its users? (authentication.required)",
                decides="franceconnect",
            ),
            Q(
                "franceconnect",
                "choice",
                "FranceConnect (authentication.franceconnect)",
                "FranceConnect (authentication.franceconnect)",
                choices=("integrated", "planned", "not-planned"),
                when="required",
            ),
        ],
    ),
    _s(
        "online_procedure",
        "La démarche en ligne",
        "The online procedure",
        "Démarche en ligne suivie par l'Observatoire, bouton « Je Donne Mon Avis » (article 2).",
        "Online procedure followed by the Observatoire, 'Je Donne Mon Avis' button (article 2).",
        [
            Q(
                "is_procedure",
                "bool",
                "Le service est-il une démarche en ligne de l'Observatoire ? (online_procedure.is_procedure)",
                "Is the service an online procedure of the Observatoire? (online_procedure.is_procedure)",
                decides="jdma",
            ),
            Q(
                "jdma_button",
                "bool",
                "Le bouton « Je Donne Mon Avis » est-il en place ? (online_procedure.jdma_button)",
                "Is the 'Je Donne Mon Avis' button in place? (online_procedure.jdma_button)",
                when="is_procedure",
            ),
        ],
    ),
    _s(
        "accessibility",
        "L'accessibilité",
        "Accessibility",
        "Déclaration d'accessibilité (RGAA).",
        "Accessibility statement (RGAA).",
        [
            Q(
                "status",
                "choice",
                "Statut d'accessibilité (accessibility.status)",
                "Accessibility status (accessibility.status)",
                choices=("non conforme", "partiellement conforme", "totalement conforme"),
            ),
        ],
    ),
    _s(
        "budget",
        "Le budget",
        "The budget",
        "Budget délégué, en euros (article 4) : montant alloué et montant engagé.",
        "Delegated budget, in euros (article 4): allocated and committed amounts.",
        [
            Q(
                "allocated",
                "number",
                "Crédits alloués, en euros (budget.allocated)",
                "Credits allocated, in euros (budget.allocated)",
            ),
            Q(
                "committed",
                "number",
                "Crédits engagés, en euros (budget.committed)",
                "Credits committed, in euros (budget.committed)",
            ),
            Repeat(
                "years",
                "Ajouter une année du tableau budgétaire de la convention (budget.years, au lieu des deux montants) ?",
                "Add a year of the convention's budget table (budget.years, instead of the two amounts)?",
                [
                    Q("year", "int", "Année", "Year", required=True),
                    Q(
                        "ae_allocated",
                        "number",
                        "AE allouées (ae_allocated)",
                        "Commitment authorisations allocated (ae_allocated)",
                    ),
                    Q(
                        "ae_committed",
                        "number",
                        "AE engagées (ae_committed)",
                        "Commitment authorisations committed (ae_committed)",
                    ),
                    Q(
                        "cp_allocated",
                        "number",
                        "CP alloués (cp_allocated)",
                        "Payment credits allocated (cp_allocated)",
                    ),
                    Q("cp_paid", "number", "CP payés (cp_paid)", "Payment credits paid (cp_paid)"),
                ],
                unless=("allocated", "committed"),
            ),
            Q(
                "underspend_notified_on",
                "date",
                "Crédits non consommés signalés au partenaire le (budget.underspend_notified_on)",
                "Unconsumed credits reported to the partner on (budget.underspend_notified_on)",
            ),
        ],
    ),
    _s(
        "objectives",
        "Les objectifs",
        "The objectives",
        "Objectifs chiffrés du produit (annexe 1 de la convention).",
        "The product's quantified objectives (annex 1 of the convention).",
        [
            Repeat(
                "",
                "Ajouter un objectif chiffré (objectives) ?",
                "Add a quantified objective (objectives)?",
                [
                    Q(
                        "id",
                        "id",
                        "Identifiant de l'objectif (unique, ex. candidatures)",
                        "Objective id (unique, e.g. applications)",
                        required=True,
                        unique=True,
                    ),
                    Q("label", "text", "Intitulé", "Label"),
                    Q("target", "number", "Cible", "Target"),
                    Q("due_on", "date", "Échéance", "Due date"),
                    Q("direction", "choice", "Sens", "Direction", choices=("increase", "decrease")),
                    Repeat(
                        "measurements",
                        "Ajouter une mesure de cet objectif ?",
                        "Add a measurement of this objective?",
                        [
                            Q("on", "date", "Date de la mesure", "Measurement date", required=True),
                            Q("value", "number", "Valeur mesurée", "Measured value", required=True),
                        ],
                    ),
                ],
            ),
        ],
    ),
]

# the words a person reads, and may type, for each choice (French, English); the file holds the id
# (the one list of these words: the ``choice.<id>`` entries of checker.foundation.messages)
CHOICE_WORDS = {
    key.removeprefix("choice."): (words["fr"], words["en"])
    for key, words in MESSAGES_CATALOGUE.items()
    if key.startswith("choice.")
}

MAX_TEXT = 2000  # characters of one text answer: a name, a comment, an address
MAX_NUMBER = 24  # characters of a number answer, spaces removed (the schema's largest is 10^15)
BACK = "<"  # typed alone: back to the previous question

MESSAGES = {
    "date": (
        "Date attendue au format AAAA-MM-JJ (ou JJ/MM/AAAA), par exemple 2024-08-15.",
        "Expected a date written YYYY-MM-DD (or DD/MM/YYYY), e.g. 2024-08-15.",
    ),
    "no_such_date": ("Cette date n'existe pas : {value}.", "This date does not exist: {value}."),
    "bool": ("Répondez oui ou non.", "Answer yes or no."),
    "int": ("Nombre entier attendu, par exemple 6.", "Expected a whole number, e.g. 6."),
    "number": ("Nombre attendu, par exemple 925000 ou 7,5.", "Expected a number, e.g. 925000 or 7.5."),
    "range": ("Nombre attendu entre {low} et {high}.", "Expected a number from {low} to {high}."),
    "url": (
        "Adresse attendue commençant par https:// (ou http://), sans espace.",
        "Expected an address starting with https:// (or http://), no space.",
    ),
    "required": ("Cette réponse est obligatoire.", "This answer is required."),
    "decides": (
        " — à déclarer pour un produit actif : sans réponse, l'obligation {obligation} n'est pas tenue (à compléter)",
        " — to declare for an active product: without an answer, obligation {obligation} fails (missing)",
    ),
    "decides_required": (
        "Répondez oui ou non : pour un produit actif, sans réponse, l'obligation {obligation} n'est pas tenue.",
        "Answer yes or no: for an active product, without an answer, obligation {obligation} fails.",
    ),
    "undeclared_one": (
        "{file} : non déclaré pour ce produit actif : {keys} ; tant que la réponse (oui ou non) manque, "
        "l'obligation {obligations} n'est pas tenue (à compléter).",
        "{file}: not declared for this active product: {keys}; until it is answered (yes or no), "
        "obligation {obligations} fails (missing).",
    ),
    "undeclared_many": (
        "{file} : non déclarés pour ce produit actif : {keys} ; tant que les réponses (oui ou non) manquent, "
        "les obligations {obligations} ne sont pas tenues (à compléter).",
        "{file}: not declared for this active product: {keys}; until they are answered (yes or no), "
        "obligations {obligations} fail (missing).",
    ),
    "id": (
        "Identifiant attendu : 1 à 100 caractères, sans espace ni caractère de contrôle, sans « / » ni « \\ » "
        "(ex. api-engagement).",
        "Expected an id: 1 to 100 characters, no space or control character, no '/' or '\\' (e.g. api-engagement).",
    ),
    "duplicate": (
        "Identifiant déjà donné à un autre élément de la liste : chacun est unique.",
        "Id already given to another item of the list: each is unique.",
    ),
    "duplicate_of": (
        "identifiant déjà donné en {other} : chacun est unique",
        "id already given at {other}: each is unique",
    ),
    "both_forms": (
        "une seule des deux formes du budget : {keys}, ou years (pas les deux)",
        "one budget form only: {keys}, or years (not both)",
    ),
    "choice": ("Réponse attendue parmi : {choices}.", "Expected one of: {choices}."),
    "method": (
        " [{methods}, ou une autre démarche écrite en entier]",
        " [{methods}, or another method written in full]",
    ),
    "method_hint": (
        "Pour une démarche recommandée, écrivez son identifiant : {method}.",
        "For a recommended method, write its id: {method}.",
    ),
    "licence_hint": ("Écrivez l'identifiant SPDX : {spdx}.", "Write the SPDX id: {spdx}."),
    "licence_form": (
        "Identifiant SPDX attendu, sans espace (ex. MIT, Apache-2.0, AGPL-3.0, EUPL-1.2).",
        "Expected an SPDX id, no space (e.g. MIT, Apache-2.0, AGPL-3.0, EUPL-1.2).",
    ),
    "text": ("Texte attendu.", "Expected text."),
    "too_long": (
        "Texte trop long : {length} caractères, {limit} au plus.",
        "Text too long: {length} characters, at most {limit}.",
    ),
    "listing": ("{key} : {count} {items} :", "{key}: {count} {items}:"),
    "item": ("élément", "item"),
    "items": ("éléments", "items"),
    "list_menu": ("(oui/non, ou modifier N / supprimer N)", "(yes/no, or edit N / remove N)"),
    "list_bad": (
        "Répondez oui (en ajouter un), non (terminer la liste), modifier N ou supprimer N, N de 1 à {count}.",
        "Answer yes (add one), no (end the list), edit N or remove N, N from 1 to {count}.",
    ),
    "no_previous": ("(C'est la première question.)", "(This is the first question.)"),
    "yes_no": ("(oui/non)", "(yes/no)"),
    "skip": ("(Entrée pour passer)", "(Enter to skip)"),
    "unknown_key": ("clé inconnue{hint}", "unknown key{hint}"),
    "did_you_mean": (" — vouliez-vous dire « {suggestion} » ?", " — did you mean '{suggestion}'?"),
    "not_mapping": ("une liste d'éléments est attendue ici", "a list of items is expected here"),
    "not_object": ("des clés sont attendues ici (un objet)", "keys are expected here (a mapping)"),
    "answers_unreadable": (
        "{file} : fichier de réponses illisible ({detail}).",
        "{file}: unreadable answers file ({detail}).",
    ),
    "answers_not_mapping": (
        "{file} : le fichier de réponses doit être un objet YAML ou JSON, comme une déclaration.",
        "{file}: the answers file must be a YAML or JSON mapping, shaped like a declaration.",
    ),
    "answers_bad": ("{file} : {path} : {message}", "{file}: {path}: {message}"),
    "more_bad": (
        "{file} : … et {count} autres réponses refusées (non listées).",
        "{file}: … and {count} more answers refused (not listed).",
    ),
    "exists": (
        "{file} existe déjà : rien n'a été écrit (--force pour le remplacer).",
        "{file} already exists: nothing was written (--force to replace it).",
    ),
    "appeared": (
        "{file} a été créé pendant le questionnaire : il est conservé tel quel, rien n'a été écrit "
        "(--force pour le remplacer).",
        "{file} was created while the questionnaire ran: it is kept as it is, nothing was written "
        "(--force to replace it).",
    ),
    "other_file": (
        "{file} existe déjà : nom du fichier à écrire ?",
        "{file} already exists: name of the file to write?",
    ),
    "appeared_ask": (
        "{file} a été créé pendant le questionnaire (il est conservé) : nom du fichier à écrire ?",
        "{file} was created while the questionnaire ran (it is kept): name of the file to write?",
    ),
    "exists_ask": ("{file} existe déjà : choisissez un autre nom.", "{file} already exists: choose another name."),
    "not_tty": (
        "init pose ses questions dans un terminal ; hors d'un terminal, donnez les réponses avec --answers FICHIER.",
        "init asks its questions in a terminal; outside one, give the answers with --answers FILE.",
    ),
    "interrupted": (
        "questionnaire interrompu : rien n'a été écrit.",
        "questionnaire interrupted: nothing was written.",
    ),
    "written": (
        "déclaration écrite dans {file}. Vérifiez-la : conformite check {file}",
        "declaration written to {file}. Check it: conformite check {file}",
    ),
    "write_failed": ("{file} : écriture impossible ({detail}).", "{file}: cannot write ({detail})."),
    "too_large": (
        "la déclaration produite dépasse ce que conformite check lit ({detail}) : rien n'a été écrit.",
        "the declaration produced is more than conformite check reads ({detail}): nothing was written.",
    ),
    "bytes": ("{size} octets, {limit} au plus", "{size} bytes, at most {limit}"),
    "invalid_result": (
        "la déclaration produite ne passe pas le schéma ({detail}) : rien n'a été écrit.",
        "the declaration produced does not pass the schema ({detail}): nothing was written.",
    ),
    "betagouv_needs_startup": ("--from-betagouv demande --startup ID.", "--from-betagouv needs --startup ID."),
    "betagouv_no_page": (
        "{file} : pas de fiche produit pour « {id} » dans ce dossier{hint}.",
        "{file}: no product page for '{id}' in this folder{hint}.",
    ),
    "betagouv_bad_page": (
        "{file}:{line} : fiche produit illisible ({detail}).",
        "{file}:{line}: unreadable product page ({detail}).",
    ),
    "betagouv_dropped": ("{file} : {path} non repris ({message})", "{file}: {path} not taken ({message})"),
    "betagouv_prefilled": ("pré-rempli depuis {file} : {keys}.", "pre-filled from {file}: {keys}."),
    "header": (
        "Déclaration de conformité écrite par « conformite init » le {today}.\n"
        "Format : README de conformite, « Writing a declaration » ; vérification : conformite check {file}\n"
        "Une rubrique absente est une obligation non démontrée : complétez-la dès que possible.",
        "Compliance declaration written by 'conformite init' on {today}.\n"
        "Format: conformite's README, 'Writing a declaration'; check: conformite check {file}\n"
        "A section left out is an obligation not shown to hold: fill it in as soon as you can.",
    ),
    "missing_sections": ("Rubriques non renseignées : {keys}.", "Sections not filled in: {keys}."),
    "intro": (
        "Questionnaire de conformité. Chaque réponse est vérifiée à la frappe ; Entrée sans rien écrire passe une "
        "question facultative ; « < » puis Entrée revient à la question précédente ; Ctrl-C abandonne sans rien écrire.",
        "Compliance questionnaire. Each answer is checked as you type; Enter on an empty answer skips an optional "
        "question; '<' then Enter goes back to the previous question; Ctrl-C stops without writing anything.",
    ),
}


def msg(code: str, lang: str, **params) -> str:
    for key, value in params.items():
        if isinstance(value, Clipped | SystemText):
            params[key] = value.shown(lang)
    return MESSAGES[code][0 if lang != "en" else 1].format(**params)


# --- reading answers -----------------------------------------------------------------------


class Invalid(ValueError):
    """An answer that cannot be used, with the sentence that says what to write."""


def licence(raw: str, lang: str) -> str:
    ids, suffixes = authorised_licences()
    value = raw.strip()
    by_lower = {i.lower(): i for i in ids}
    for suffix in ("",) + suffixes:
        if value.lower().endswith(suffix) and value.lower()[: len(value) - len(suffix)] in by_lower:
            return by_lower[value.lower()[: len(value) - len(suffix)]] + suffix
    meant = spdx_meant(value)
    if meant:
        raise Invalid(msg("licence_hint", lang, spdx=meant))
    starting = spdx_starting(value)
    if starting:  # "EUPL", "CeCILL": the version is missing
        raise Invalid(msg("licence_hint", lang, spdx=" / ".join(starting)))
    if not re.fullmatch(r"[A-Za-z0-9.+-]+", value):
        guess = suggest(value, ids)
        raise Invalid(msg("licence_form", lang) + (msg("did_you_mean", lang, suggestion=guess) if guess else ""))
    return value  # another SPDX id: the open-source rule judges it


def _date(raw, lang: str) -> dt.date:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    value = str(raw).strip()
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value)
    if match:
        value = f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise Invalid(msg("date", lang))
    parsed = parse_date(value)
    if parsed is None:
        raise Invalid(msg("no_such_date", lang, value=value))
    return parsed


def _figure(value, lang: str) -> str:
    """A bound as a person reads it: 1 000 000 000 000 000 (French), 1,000,000,000,000,000."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    shown = f"{value:,}"
    return shown.replace(",", "\u202f").replace(".", ",") if lang != "en" else shown


def _number(raw, lang: str, whole: bool, node: dict):
    """A number within the schema's bounds at this key (the loader's largest exact number where
    it gives none): ``925 000``, ``7,5``, ``-3``; a bound, a non-finite or a 5,000-digit number
    is refused with the range to write, before any conversion could fail."""
    kind = "int" if whole else "number"
    if isinstance(raw, bool):
        raise Invalid(msg(kind, lang))
    if isinstance(raw, int | float):
        number = raw
    else:
        value = re.sub(r"[\s\u00a0\u202f_]", "", str(raw)).replace("€", "")
        if not whole:
            value = value.replace(",", ".")
        if len(value) > MAX_NUMBER or not re.fullmatch(r"-?\d+" if whole else r"-?\d+(\.\d+)?", value):
            raise Invalid(msg(kind, lang) if len(value) <= MAX_NUMBER else _range(node, lang))
        number = float(value) if "." in value else int(value)
    if isinstance(number, float):
        if not math.isfinite(number) or (whole and not number.is_integer()):
            raise Invalid(msg(kind, lang))
        if number.is_integer() and abs(number) <= MAX_INTEGER:
            number = int(number)
    low, high = _bounds(node)
    if not low <= number <= high:
        raise Invalid(_range(node, lang))
    return number


def _bounds(node: dict) -> tuple:
    low, high = node.get("minimum"), node.get("maximum")
    return (-MAX_INTEGER if low is None else low), (MAX_INTEGER if high is None else high)


def _range(node: dict, lang: str) -> str:
    low, high = _bounds(node)
    return msg("range", lang, low=_figure(low, lang), high=_figure(high, lang))


def _url(raw, lang: str) -> str:
    value = _text(raw, lang)
    if not re.fullmatch(r"https?://[^\s]+\.[^\s]+", value):
        raise Invalid(msg("url", lang))
    return value


def _text(raw, lang: str) -> str:
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        raise Invalid(msg("text", lang))
    value = str(raw).strip()
    if len(value) > MAX_TEXT:
        raise Invalid(msg("too_long", lang, length=_figure(len(value), lang), limit=_figure(MAX_TEXT, lang)))
    return value


def _plain(value: str) -> str:
    """What distinguishes one choice from another: no accents, case, spaces or punctuation
    (``Non prévu`` and ``not-planned`` read as written, ``EBIOS RM`` as ``ebios-rm``)."""
    bare = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", bare)


def choice_word(choice: str, lang: str) -> str:
    words = CHOICE_WORDS.get(choice)
    return words[0 if lang != "en" else 1] if words else choice


def _choice(question: Q, value: str, lang: str) -> str:
    """The id of the choice written (by its id, its French or English words, or a former
    beta.gouv.fr phase name), else :class:`Invalid` with the words to write."""
    from checker.judging.facts import LEGACY_PHASES

    typed = _plain(value)
    for choice in question.choices:
        names = (choice, *CHOICE_WORDS.get(choice, ()), *(k for k, v in LEGACY_PHASES.items() if v == choice))
        if typed and any(_plain(name) == typed for name in names):
            return choice
    shown = {choice_word(c, lang): c for c in question.choices}
    guess = closest(value, list(shown) + list(question.choices))
    words = choice_word(shown.get(guess, guess), lang) if guess else None
    raise Invalid(
        msg("choice", lang, choices=", ".join(shown)) + (msg("did_you_mean", lang, suggestion=words) if words else "")
    )


def recommended_methods() -> tuple:
    """The risk-analysis methods the rule recommends (its file is the one place for them)."""
    from checker.judging.rules import load_catalog

    rule = load_catalog().rules["risk-workshop-method"]
    return tuple(rule.when["not_in"])


def _method(value: str, lang: str) -> str:
    """A recommended method by its id (``EBIOS RM`` -> ``ebios-rm``); a near miss of one is
    refused with its id; any other method is declared as written (the rule judges it)."""
    methods = recommended_methods()
    for method in methods:
        if _plain(method) == _plain(value):
            return method
    guess = closest(value, methods)
    if guess:
        raise Invalid(msg("method_hint", lang, method=guess))
    return value


def _empty(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []


def convert(question: Q, raw, lang: str, id_pattern: str, node: dict | None = None):
    """The answer as the declaration holds it, or :class:`Invalid`. An empty answer is ``None``.
    ``node``: the schema at this key (its bounds)."""
    if _empty(raw):
        if question.required:
            raise Invalid(msg("required", lang))
        return None
    kind = question.kind
    if kind == "bool":
        meant = raw if isinstance(raw, bool) else boolean_meant(raw)
        if meant is None:
            raise Invalid(msg("bool", lang))
        return meant
    if kind == "date":
        return _date(raw, lang)
    if kind in ("int", "number"):
        return _number(raw, lang, kind == "int", node or {})
    if kind == "url":
        return _url(raw, lang)
    if kind == "urls":
        items = raw if isinstance(raw, list) else re.split(r"[,\s]+", _text(raw, lang))
        return [_url(item, lang) for item in items if str(item).strip()]
    value = _text(raw, lang)
    if kind == "licence":
        return licence(value, lang)
    if kind == "choice":
        return _choice(question, value, lang)
    if kind == "method":
        return _method(value, lang)
    if kind == "id" and (len(value) > 100 or not re.search(id_pattern, value)):
        raise Invalid(msg("id", lang))
    return value


# --- which questions this schema knows ------------------------------------------------------


def _schema_at(schema: dict, parts) -> dict | None:
    node: dict | None = schema
    for part in parts:
        if node is None:
            return None
        if part == "[]":
            node = node.get("items") if isinstance(node.get("items"), dict) else None
            continue
        props = node.get("properties")
        node = props.get(part) if isinstance(props, dict) else None
    return node


def _known(schema: dict, parts) -> bool:
    return _schema_at(schema, parts) is not None


def _parts(prefix: tuple, key: str) -> tuple:
    return prefix + tuple(p for p in key.split(".") if p)


# --- the answers tree ----------------------------------------------------------------------


def _get(obj: object, key: str):
    for part in key.split("."):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(part)
    return obj


def _set(obj: dict, key: str, value) -> None:
    parts = key.split(".")
    for part in parts[:-1]:
        obj = obj.setdefault(part, {})
    obj[parts[-1]] = value


def is_active(startup: object, today: dt.date) -> bool:
    """Whether the product is in an active phase today, as the rules count it (no phase
    started yet: investigation, active)."""
    from checker.judging.facts import ACTIVE, current_phase

    phases = startup.get("phases") if isinstance(startup, dict) else None
    dated = [
        {**p, "start": p["start"].isoformat() if isinstance(p.get("start"), dt.date) else p.get("start")}
        for p in (phases if isinstance(phases, list) else [])
        if isinstance(p, dict)
    ]
    return current_phase(dated, today) in ACTIVE


class Questionnaire:
    def __init__(self, lang: str = "fr", schema: dict | None = None, today: dt.date | None = None):
        self.lang = lang if lang in LANGS else "fr"
        self.schema = schema or declaration_schema()
        self.id_pattern = (_schema_at(self.schema, ("startup", "id")) or {}).get("pattern", r"^[^\s/\\]+$")
        self.today = today or dt.date.today()
        self.active = True  # asking: whether the phases answered make the product active

    def sections(self):
        return [s for s in SECTIONS if _known(self.schema, (s.key,))]

    def node(self, parts) -> dict:
        """The schema at ``parts``, its ``$ref`` to a shared definition followed."""
        node = _schema_at(self.schema, parts) or {}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            shared = self.schema.get("$defs", {}).get(ref.rsplit("/", 1)[-1], {})
            node = {**shared, **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def undeclared(self, decl: dict) -> list[tuple[str, str]]:
        """(key, obligation) of each applicability question an active product left unanswered."""
        if not is_active(decl.get("startup"), self.today):
            return []
        found = []
        for section in self.sections():
            for item in section.items:
                if isinstance(item, Q) and item.decides and _known(self.schema, _parts((section.key,), item.key)):
                    if _get(decl.get(section.key), item.key) is None:
                        found.append((f"{section.key}.{item.key}", item.decides))
        return found

    # non-interactive: a declaration-shaped mapping, read leniently
    def from_answers(self, answers: dict) -> tuple[dict, list[tuple[str, str]]]:
        """(declaration, [(path, message)]) from a declaration-shaped mapping of answers."""
        errors: list[tuple[str, str]] = []
        out: dict = {"schema_version": 1}
        known_top = {s.key for s in self.sections()} | {"schema_version"}
        for key in answers:
            if key not in known_top:
                self._unknown(errors, str(key), known_top)
        for section in self.sections():
            if section.key not in answers or answers[section.key] is None:
                continue
            value = self._read_items(
                section.items,
                answers[section.key],
                (section.key,),
                section.key,
                errors,
                top_list=_is_list_section(section),
            )
            if value not in (None, {}, []):
                out[section.key] = value
        return out, errors

    def _unknown(self, errors, path, choices):
        hint = ""
        if len(errors) < MAX_ERRORS:  # thousands of unknown keys: only those listed get a "did you mean"
            guess = suggest(path.rsplit(".", 1)[-1], choices)
            hint = msg("did_you_mean", self.lang, suggestion=guess) if guess else ""
        errors.append((path, msg("unknown_key", self.lang, hint=hint)))

    def _read_items(self, items, data, prefix: tuple, shown: str, errors, top_list: bool = False):
        if top_list:  # a section that is a list (committees, objectives)
            repeat = items[0]
            return self._read_list(repeat, data, prefix, shown, errors)
        if not isinstance(data, dict):
            errors.append((shown, msg("not_object", self.lang)))
            return None
        out: dict = {}
        for item in items:
            parts = _parts(prefix, item.key)
            if not _known(self.schema, parts):
                continue
            if isinstance(item, Repeat):
                if data.get(item.key) is not None:
                    if data[item.key]:
                        self._one_form(item, data, shown, errors)
                    value = self._read_list(item, data[item.key], parts, f"{shown}.{item.key}", errors)
                    if value:
                        out[item.key] = value
                continue
            try:
                value = convert(item, _get(data, item.key), self.lang, self.id_pattern, self.node(parts))
            except Invalid as exc:
                errors.append((f"{shown}.{item.key}", str(exc)))
                continue
            if value is not None:
                _set(out, item.key, value)
        self._unknown_keys(data, items, prefix, shown, errors)
        return out

    def _one_form(self, repeat: Repeat, data: dict, shown: str, errors) -> None:
        """A list that replaces other keys (the budget's yearly table) given with them: refused."""
        given = [key for key in repeat.unless if data.get(key) is not None]
        if given:
            keys = " / ".join(repeat.unless)
            errors.append((f"{shown}.{repeat.key}", msg("both_forms", self.lang, keys=keys)))

    def _unknown_keys(self, data, items, prefix, shown, errors):
        known: dict = {}
        for item in items:
            if _known(self.schema, _parts(prefix, item.key)):
                head, _, rest = item.key.partition(".")
                known.setdefault(head, []).append(rest)
        for key, value in data.items():
            if key not in known:
                self._unknown(errors, f"{shown}.{key}", known)
            elif any(known[key]) and isinstance(value, dict):
                subs = {r.split(".")[0] for r in known[key] if r}
                for sub in value:
                    if sub not in subs:
                        self._unknown(errors, f"{shown}.{key}.{sub}", subs)

    def _read_list(self, repeat: Repeat, data, prefix: tuple, shown: str, errors):
        if not isinstance(data, list):
            errors.append((shown, msg("not_mapping", self.lang)))
            return None
        out = []
        unique = _unique_key(repeat)
        seen: dict = {}
        for index, item in enumerate(data):
            value = self._read_items(repeat.items, item, prefix + ("[]",), f"{shown}[{index}]", errors)
            if not value:
                continue
            if unique and value.get(unique) is not None:
                if value[unique] in seen:
                    other = f"{shown}[{seen[value[unique]]}]"
                    errors.append((f"{shown}[{index}].{unique}", msg("duplicate_of", self.lang, other=other)))
                seen.setdefault(value[unique], index)
            out.append(value)
        return out

    # interactive
    def ask(self, prefill: dict, prompt) -> dict:
        """Ask every question through ``prompt`` (``heading(title)``, ``note(text)`` and
        ``text(label, default, validate) -> str``); returns the declaration. ``<`` answered to a
        question goes back to the one before: the answers given until then are replayed without
        being shown (which questions come depends only on them), and that question is asked again
        with its previous answer ready to edit; so are the questions after it, as long as they
        are the same questions."""
        given: list[tuple[str, str]] = []  # (question, answer), in order
        ahead: list[tuple[str, str]] = []  # answers given beyond the question gone back to
        while True:
            replay = _Replay(prompt, given, ahead)
            try:
                return self._ask_all(prefill, replay)
            except _Back:
                given, ahead = replay.given, replay.ahead
                if given:
                    ahead.insert(0, given.pop())
                else:
                    prompt.note(msg("no_previous", self.lang))

    def _ask_all(self, prefill: dict, prompt) -> dict:
        out: dict = {"schema_version": 1}
        self.active = True
        for section in self.sections():
            prompt.heading(section.title[self.lang])
            default = prefill.get(section.key)
            value: object
            if _is_list_section(section):
                value = self._ask_list(section.items[0], default, (section.key,), section.key, prompt)
            else:
                value = self._ask_items(
                    section.items, default if isinstance(default, dict) else {}, (section.key,), prompt
                )
            if value not in (None, {}, []):
                out[section.key] = value
            if section.key == "startup":
                self.active = is_active(value, self.today)
        return out

    def _ask_items(self, items, prefill: dict, prefix: tuple, prompt, taken: frozenset = frozenset()) -> dict:
        out: dict = {}
        for item in items:
            parts = _parts(prefix, item.key)
            if not _known(self.schema, parts):
                continue
            if item.when and _get(out, item.when) in (None, False):
                continue
            if isinstance(item, Repeat):
                if any(_get(out, key) is not None for key in item.unless):
                    continue
                shown = ".".join(p for p in prefix if p != "[]") + "." + item.key
                value = self._ask_list(item, prefill.get(item.key), parts, shown, prompt)
                if value:
                    out[item.key] = value
                continue
            value = self._ask_one(item, parts, _get(prefill, item.key), prompt, taken if item.unique else frozenset())
            if value is not None:
                _set(out, item.key, value)
        return out

    def _ask_one(self, question: Q, parts: tuple, default, prompt, taken: frozenset = frozenset()):
        """One answer. Text answers start from the known value, editable; oui/non and choices show
        it in brackets and take it on an empty answer."""
        lang = self.lang
        required = question.required or bool(question.decides and self.active)
        label = self._label(question, default, required)
        editable = question.kind not in ("bool", "choice")

        def answer(raw: str):
            if required and _empty(raw) and not question.required:
                raise Invalid(msg("decides_required", lang, obligation=question.decides))
            value = convert(question, raw, lang, self.id_pattern, self.node(parts))
            if taken and value in taken:
                raise Invalid(msg("duplicate", lang))
            return value

        def validate(raw: str):
            if not editable and not raw.strip() and default is not None:
                return True
            try:
                answer(raw)
            except Invalid as exc:
                return str(exc)
            return True

        while True:
            raw = prompt.text(label, _shown(default, lang) if editable else "", validate)
            if not editable and not raw.strip() and default is not None:
                return default
            try:
                return answer(raw)
            except Invalid:  # the prompt let it through (a plain input): ask again
                continue

    def _label(self, question: Q, default, required: bool) -> str:
        lang = self.lang
        label = question.fr if lang == "fr" else question.en
        if question.decides and required:
            label += msg("decides", lang, obligation=question.decides)
        if question.kind == "bool":
            label += " " + msg("yes_no", lang)
        if question.kind == "choice":
            label += " [" + " | ".join(choice_word(c, lang) for c in question.choices) + "]"
        if question.kind == "method":
            label += msg("method", lang, methods=" | ".join(recommended_methods()))
        if not required:
            label += " " + msg("skip", lang)
        if question.kind in ("bool", "choice") and default is not None:
            label += f" [{_shown(default, lang)}]"
        return label

    def _ask_list(self, repeat: Repeat, prefill, prefix: tuple, shown: str, prompt) -> list:
        """The items of a list, reviewed before it is left: each round shows the list and asks
        whether to add an item (oui), end the list (non), edit or remove item N. Items already
        known (the product page's) start the list."""
        items = [dict(x) for x in prefill if isinstance(x, dict) and x] if isinstance(prefill, list) else []
        unique = _unique_key(repeat)
        while True:
            if items:
                prompt.note(self._listing(shown, items))
            action, index = self._list_action(repeat, len(items), prompt)
            if action == "done":
                return items
            if action == "remove":
                del items[index]
                continue
            current = items[index] if action == "edit" else {}
            taken = frozenset(x.get(unique) for i, x in enumerate(items) if i != index) if unique else frozenset()
            value = self._ask_items(repeat.items, current, prefix + ("[]",), prompt, taken)
            if action == "add" and value:
                items.append(value)
            elif action == "edit":
                items[index : index + 1] = [value] if value else []

    def _listing(self, shown: str, items: list) -> str:
        lang = self.lang
        count = len(items)
        lines = [msg("listing", lang, key=shown, count=count, items=msg("item" if count == 1 else "items", lang))]
        lines += [f"  {n}. {_summary(item, lang)}" for n, item in enumerate(items, 1)]
        return "\n".join(lines)

    def _list_action(self, repeat: Repeat, count: int, prompt) -> tuple[str, int]:
        lang = self.lang
        label = (repeat.fr if lang == "fr" else repeat.en) + " " + msg("list_menu" if count else "yes_no", lang)
        label += " [" + _shown(False, lang) + "]"

        def action(raw: str) -> tuple[str, int]:
            word = raw.strip().lower()
            meant = boolean_meant(word) if word else False
            if meant is not None:
                return ("add" if meant else "done"), -1
            found = re.fullmatch(r"(modifier|m|edit|e|supprimer|s|remove|r)\s*(\d{1,9})", word)
            if found and 1 <= int(found.group(2)) <= count:
                return ("edit" if found.group(1)[0] in "me" else "remove"), int(found.group(2)) - 1
            raise Invalid(msg("list_bad", lang, count=count) if count else msg("bool", lang))

        def validate(raw: str):
            try:
                action(raw)
            except Invalid as exc:
                return str(exc)
            return True

        while True:
            try:
                return action(prompt.text(label, "", validate))
            except Invalid:  # the prompt let it through (a plain input): ask again
                continue


def _unique_key(repeat: Repeat) -> str | None:
    return next((q.key for q in repeat.items if isinstance(q, Q) and q.unique), None)


class _Back(Exception):
    """``<`` answered: the questionnaire goes back one question."""


class _Replay:
    """The prompt during one pass of the questionnaire: the answers already given are replayed
    without being shown, then questions are asked, each with the answer it had before going
    back as its default while the questions are the same; the last heading and notes passed
    during the replay are shown before the first question asked."""

    def __init__(self, prompt, given: list[tuple[str, str]], ahead: list[tuple[str, str]]):
        self.prompt, self.given, self.ahead = prompt, given, ahead
        self.position = 0
        self.heading_due: str | None = None
        self.notes_due: list[str] = []

    def _replaying(self) -> bool:
        return self.position < len(self.given)

    def heading(self, title: str) -> None:
        if self._replaying():
            self.heading_due, self.notes_due = title, []
        else:
            self.prompt.heading(title)

    def note(self, text: str) -> None:
        if self._replaying():
            self.notes_due.append(text)
        else:
            self.prompt.note(text)

    def text(self, label: str, default: str, validate) -> str:
        if self._replaying():
            self.position += 1
            self.notes_due = []
            return self.given[self.position - 1][1]
        if self.heading_due is not None:
            self.prompt.heading(self.heading_due)
            self.heading_due = None
        for note in self.notes_due:
            self.prompt.note(note)
        self.notes_due = []
        before = self.ahead[0] if self.ahead and self.ahead[0][0] == label else None
        if before is None:
            self.ahead.clear()  # another question than before: the answers beyond no longer apply
        else:
            default = before[1]
        answer = self.prompt.text(label, default, lambda raw: True if raw.strip() == BACK else validate(raw))
        if answer.strip() == BACK:
            raise _Back  # this question's previous answer (in ahead) stays for when it comes again
        if before is not None:
            self.ahead.pop(0)
        self.given.append((label, answer))
        self.position += 1
        return answer


def _is_list_section(section: Section) -> bool:
    return len(section.items) == 1 and isinstance(section.items[0], Repeat) and section.items[0].key == ""


def _shown(value, lang: str = "fr") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("oui" if value else "non") if lang == "fr" else ("yes" if value else "no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value in CHOICE_WORDS:
        return choice_word(value, lang)
    return str(value)


def _summary(item, lang: str) -> str:
    """One line for a list item: its first three answers, each cut to a few words."""
    values = [v for v in item.values() if not isinstance(v, dict | list)] if isinstance(item, dict) else [item]
    return " · ".join(str(shorten(_shown(v, lang), lang, 40)) for v in values[:3])


# --- writing --------------------------------------------------------------------------------

_STR, _BOOL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:bool"


class _Writer(yaml.SafeDumper):
    """The YAML init writes: never an anchor or an alias (one value used twice is written
    twice), and the key ``on`` of a measurement written plain, as declaration.md writes it
    (the YAML 1.1 dumper takes it for a boolean and would quote it; the declaration's reader
    reads it as the text ``on``). Every other text that could read as something else is quoted."""

    def ignore_aliases(self, data) -> bool:
        return True

    def represent_mapping(self, tag, mapping, flow_style=None):
        node = super().represent_mapping(tag, mapping, flow_style)
        for key, _ in node.value:
            if key.tag == _STR and key.value == "on":
                key.tag = _BOOL  # what this dumper's resolver gives "on": so written without quotes
        return node


def render(decl: dict, lang: str, file: str, today: dt.date, schema: dict | None = None) -> str:
    """The declaration as commented YAML: a header, then each section under its comment."""
    lang = lang if lang in LANGS else "fr"
    schema = schema or declaration_schema()
    lines = ["# " + line for line in msg("header", lang, today=today.isoformat(), file=file).splitlines()]
    missing = [s.key for s in SECTIONS if _known(schema, (s.key,)) and s.key not in decl]
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


_TOO_BIG = ("file.too_large", "yaml.too_many_nodes", "yaml.too_much_text", "yaml.too_deep")


def check_text(content: str) -> list:
    """What ``check`` would say of the text written before any rule: its size, then the
    loader's and the schema's problems (none expected but a size: the answers are checked)."""
    size = len(content.encode("utf-8"))
    if size > DEFAULT_MAX_BYTES:
        return [Problem("file.too_large", {"size": size, "limit": DEFAULT_MAX_BYTES})]
    doc, problems = load_text(content)
    return problems or validate(doc)


# --- beta.gouv.fr ----------------------------------------------------------------------------


def from_betagouv(content_dir: Path, startup: str, lang: str, today: dt.date) -> dict:
    """What the product page already says, as a declaration (the importer's own reading)."""
    from .importer import betagouv

    page_path = content_dir / "_startups" / f"{startup}.md"
    if not page_path.is_file():
        pages = (
            [p.stem for p in (content_dir / "_startups").glob("*.md")] if (content_dir / "_startups").is_dir() else []
        )
        guess = suggest(startup, pages)
        raise Invalid(
            msg(
                "betagouv_no_page",
                lang,
                file=content_dir,
                id=startup,
                hint=msg("did_you_mean", lang, suggestion=guess).rstrip(" ?") if guess else "",
            )
        )
    import argparse

    from checker.foundation.messages import text

    from .importer.base import Issue

    args = argparse.Namespace(content_dir=str(content_dir), as_of=today, startup=[startup])
    decl: dict = {}
    for item in betagouv.BetaGouv().records(args, lang):  # the importer's own reading of the page
        if isinstance(item, Issue):
            if item.file == str(page_path):
                raise Invalid(
                    msg(
                        "betagouv_bad_page",
                        lang,
                        file=page_path,
                        line=item.line,
                        detail=text(item.code, lang, **item.params),
                    )
                )
            continue  # an author or organisation file's problem: not this page's
        decl = dict(item.facts)
    decl.pop("schema_version", None)
    return decl


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


# --- the command ------------------------------------------------------------------------------


class PromptToolkit:
    """Questions in the terminal through questionary: validation as the answer is typed."""

    def __init__(self, lang: str):
        import questionary

        self.questionary = questionary
        self.lang = lang

    def heading(self, title: str) -> None:
        self.questionary.print(f"\n— {title} —", style="bold")

    def note(self, text: str) -> None:
        self.questionary.print(printable(text))

    def text(self, label: str, default: str, validate) -> str:
        def checked(raw: str):  # the reason for a refusal, wrapped between words to the terminal's width
            verdict = validate(raw)
            if verdict is True:
                return True
            from prompt_toolkit.application.current import get_app

            return textwrap.fill(str(verdict), width=max(get_app().output.get_size().columns - 1, 20))

        question = self.questionary.text(printable(label), default=default, validate=checked, qmark="?")
        _wrap_refusals(question.application)
        answer = question.unsafe_ask()
        if answer is None:
            raise KeyboardInterrupt
        return answer


def _wrap_refusals(application) -> None:
    """prompt_toolkit shows why an answer is refused on one line, cut at the terminal's edge:
    that line grows to the lines of the reason (and wraps again if the terminal narrows), so
    the whole suggestion can be read."""
    from prompt_toolkit.filters import to_filter
    from prompt_toolkit.layout.containers import Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    for container in application.layout.walk():
        if (
            isinstance(container, Window)
            and isinstance(container.content, FormattedTextControl)
            and getattr(container.content.text, "__qualname__", "").startswith("ValidationToolbar.")
        ):
            container.height = None
            container.wrap_lines = to_filter(True)
            container.dont_extend_height = to_filter(True)


def _say_problems(file, problems: list, lang: str) -> None:
    """Problems of the answers file, one line each (at most MAX_ERRORS, then a count)."""
    from checker.judging.evaluate import render_problem

    for problem in problems[:MAX_ERRORS]:
        where = shorten(str(file), lang)
        if not problem.code.startswith("file."):
            where = f"{where}:{problem.line}:{problem.column}"
        detail = render_problem(problem, lang)
        if problem.path:
            detail = f"{problem.path} : {detail}" if lang != "en" else f"{problem.path}: {detail}"
        _say(msg("answers_unreadable", lang, file=where, detail=detail))
    if len(problems) > MAX_ERRORS:
        _say(msg("more_bad", lang, file=shorten(str(file), lang), count=len(problems) - MAX_ERRORS))


def _read_answers(path: Path, lang: str) -> dict:
    """The answers file through the one guarded reader (a regular file of at most 1 MiB: a FIFO
    or a device refused without being opened), as YAML with the loader's limits (nodes, depth,
    aliases), or as strict JSON for ``.json``; a value strict JSON refuses (``NaN``, ``1e400``)
    is read again as the YAML JSON also is, so that the answer is refused by its key."""
    raw = read_bytes(path)
    if isinstance(raw, Problem):
        _say_problems(path, [raw], lang)
        raise _Stop(2)
    json_problem = None
    if path.suffix.lower() == ".json":
        data = parse_json(raw)
        if not isinstance(data, Problem):
            return _answers_mapping(data, path, lang)
        json_problem = data
    content, problems = decode(raw)
    if content is not None:
        doc, problems = load_text(content)
        if not problems or (len(problems) == 1 and problems[0].code == "yaml.not_mapping"):
            return _answers_mapping(doc.data, path, lang)
    _say_problems(path, [json_problem] if json_problem else problems, lang)
    raise _Stop(2)


def _answers_mapping(data, path: Path, lang: str) -> dict:
    if not isinstance(data, dict):
        raise _fail(msg("answers_not_mapping", lang, file=shorten(str(path), lang)))
    return data


class _Stop(Exception):
    """The command ends here, with this exit code (its one sentence already said)."""

    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


def _fail(line: str, code: int = 2) -> _Stop:
    _say(line)
    return _Stop(code)


def main(args) -> int:
    lang = args.lang
    today = dt.date.today()
    quiz = Questionnaire(lang, today=today)
    output = Path(args.output) if args.output else None
    try:
        if output is not None and os.path.lexists(output) and not args.force:
            raise _fail(msg("exists", lang, file=output))
        prefill = _prefill(args, quiz, today) if args.from_betagouv else {}
        decl = _from_file(args, quiz, prefill) if args.answers else _interactive(quiz, prefill)
        output = output or _default_output(args, decl)
        output = _write(decl, output, quiz, today, args)
    except _Stop as stop:
        return stop.code
    _say(msg("written", lang, file=output))
    return 0


def _prefill(args, quiz: Questionnaire, today: dt.date) -> dict:
    """What the beta.gouv.fr product page says, read as answers are (a value they would refuse is said and left)."""
    lang = quiz.lang
    if not args.startup:
        raise _fail(msg("betagouv_needs_startup", lang))
    try:
        prefill = from_betagouv(Path(args.from_betagouv), args.startup, lang, today)
    except Invalid as exc:
        raise _fail(str(exc)) from None
    page = Path(args.from_betagouv) / "_startups" / f"{args.startup}.md"
    prefill, dropped = quiz.from_answers(prefill)
    prefill.pop("schema_version", None)
    for path, problem in dropped:  # a page value the questions would refuse: left for the team
        _say(msg("betagouv_dropped", lang, file=page, path=path, message=problem))
    _say(msg("betagouv_prefilled", lang, file=page, keys=", ".join(k for k in prefill)))
    return prefill


def _from_file(args, quiz: Questionnaire, prefill: dict) -> dict:
    """The declaration from ``--answers FILE`` (over the pre-filled values); every bad answer said
    (the first MAX_ERRORS, then how many more)."""
    lang = quiz.lang
    answers = _merge(prefill, _read_answers(Path(args.answers), lang))
    decl, errors = quiz.from_answers(answers)
    file = shorten(str(args.answers), lang)
    for path, problem in errors[:MAX_ERRORS]:
        _say(msg("answers_bad", lang, file=file, path=shorten(path, lang), message=problem))
    if len(errors) > MAX_ERRORS:
        _say(msg("more_bad", lang, file=file, count=len(errors) - MAX_ERRORS))
    if errors:
        raise _Stop(2)
    if "startup" not in decl or "id" not in decl["startup"]:
        raise _fail(msg("answers_bad", lang, file=file, path="startup.id", message=msg("required", lang)))
    undeclared = quiz.undeclared(decl)
    if undeclared:  # written all the same: the file says what is known; check will say what is missing
        keys = ", ".join(key for key, _ in undeclared)
        code = "undeclared_one" if len(undeclared) == 1 else "undeclared_many"
        _say(msg(code, lang, file=file, keys=keys, obligations=", ".join(o for _, o in undeclared)))
    return decl


def _interactive(quiz: Questionnaire, prefill: dict) -> dict:
    lang = quiz.lang
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise _fail(msg("not_tty", lang))
    sys.stdout.write(msg("intro", lang) + "\n")
    try:
        return quiz.ask(prefill, PromptToolkit(lang))
    except (KeyboardInterrupt, EOFError):
        raise _fail(msg("interrupted", lang), 130) from None


def _default_output(args, decl: dict) -> Path:
    """``<startup.id>.yaml``; when it exists, the questionnaire asks another name rather than losing the answers."""
    lang = args.lang
    output = Path(f"{decl['startup']['id']}.yaml")
    if not os.path.lexists(output) or args.force:
        return output
    if args.answers:
        raise _fail(msg("exists", lang, file=output))
    return _other_name(msg("other_file", lang, file=output), lang)


def _other_name(question: str, lang: str) -> Path:
    def free(raw: str):
        name = raw.strip()
        return True if name and not os.path.lexists(name) else msg("exists_ask", lang, file=name or "?")

    try:
        return Path(PromptToolkit(lang).text(question, "", free).strip())
    except (KeyboardInterrupt, EOFError):
        raise _fail(msg("interrupted", lang), 130) from None


def _write(decl: dict, output: Path, quiz: Questionnaire, today: dt.date, args) -> Path:
    """The commented declaration, read back as ``check`` reads it, then written: over an
    existing file only with ``--force`` (atomically), otherwise as a new file that nothing
    else created meanwhile (:func:`checker.foundation.atomic.create_text`); when one did, it is kept and,
    in the questionnaire, another name is asked. Returns where it was written."""
    lang = quiz.lang
    while True:
        content = render(decl, lang, str(output), today, quiz.schema)
        _readable(content, lang)
        try:
            if args.force:
                atomic_write_text(output, content)
            else:
                create_text(output, content)
            return output
        except FileExistsError:
            if args.answers:
                raise _fail(msg("appeared", lang, file=output)) from None
            output = _other_name(msg("appeared_ask", lang, file=output), lang)
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
            raise _fail(msg("write_failed", lang, file=output, detail=system_error(exc))) from None


def _readable(content: str, lang: str) -> None:
    problems = check_text(content)
    if not problems:
        return
    from checker.judging.evaluate import render_problem

    first = problems[0]
    if first.code == "file.too_large":  # so many answers that check would refuse the file: said, nothing written
        size, limit = (_figure(first.params[k], lang) for k in ("size", "limit"))
        raise _fail(msg("too_large", lang, detail=msg("bytes", lang, size=size, limit=limit)))
    if first.code in _TOO_BIG:
        raise _fail(msg("too_large", lang, detail=render_problem(first, lang)))
    # a bug of ours (every answer was checked): said, nothing written
    raise _fail(msg("invalid_result", lang, detail=f"{first.path or first.line}: {render_problem(first, lang)}"))
