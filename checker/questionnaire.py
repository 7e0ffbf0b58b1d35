"""``conformite init``: a declaration written through questions a partner can answer.

The questions are data (:data:`SECTIONS`): each names the key it fills, the kind of answer
(date, oui/non, licence…) and its French and English wording. The same questions drive the
interactive questionnaire (questionary, on prompt_toolkit: each answer is checked as it is
typed, the error shown under the prompt) and the non-interactive mode (``--answers FILE``, a
YAML or JSON file shaped like a declaration, whose values are read as leniently as typed
answers: ``15/08/2024``, ``oui``…). ``--from-betagouv CONTENT_DIR --startup ID`` pre-fills
what the beta.gouv.fr product page already says (through the importer's reading functions).

A question whose key the declaration schema does not know (fields of a newer schema) is never
asked and its answer is refused as unknown, so the file written always passes the schema; it
is validated again before it is written (atomically; an existing file only with ``--force``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .atomic import atomic_write_text
from .console import say as _say
from .dates import parse_date
from .loader import load_text
from .nearmiss import authorised_licences, spdx_meant, spdx_starting
from .schema import declaration_schema, suggest, validate

LANGS = ("fr", "en")


# --- the questions -----------------------------------------------------------------------


@dataclass
class Q:
    """One answer: ``key`` within its section (or repeated item), ``kind`` of value, wording."""

    key: str
    kind: str  # text | id | date | bool | int | number | url | urls | licence | choice
    fr: str
    en: str
    required: bool = False
    choices: tuple = ()
    when: str | None = None  # only asked when this sibling key was answered (oui, for a yes/no question)


@dataclass
class Repeat:
    """A list of items (phases, committees…), each answering ``items``."""

    key: str
    fr: str  # "one more …?" question
    en: str
    items: list
    when: str | None = None
    unless: str | None = None  # not asked when this sibling key was answered (the other form)


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
                    Q("method", "text", "Méthode (ex. anssi-agile, ebios-rm)", "Method (e.g. anssi-agile, ebios-rm)"),
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
                unless="allocated",
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

MESSAGES = {
    "date": (
        "Date attendue au format AAAA-MM-JJ (ou JJ/MM/AAAA), par exemple 2024-08-15.",
        "Expected a date written YYYY-MM-DD (or DD/MM/YYYY), e.g. 2024-08-15.",
    ),
    "no_such_date": ("Cette date n'existe pas : {value}.", "This date does not exist: {value}."),
    "bool": ("Répondez oui ou non.", "Answer yes or no."),
    "int": ("Nombre entier attendu, par exemple 6.", "Expected a whole number, e.g. 6."),
    "number": ("Nombre attendu, par exemple 925000 ou 7,5.", "Expected a number, e.g. 925000 or 7.5."),
    "url": (
        "Adresse attendue commençant par https:// (ou http://), sans espace.",
        "Expected an address starting with https:// (or http://), no space.",
    ),
    "required": ("Cette réponse est obligatoire.", "This answer is required."),
    "id": (
        "Identifiant attendu : lettres, chiffres, « . », « _ » ou « - », sans espace, 100 caractères au plus (ex. api-engagement).",
        "Expected an id: letters, digits, '.', '_' or '-', no space, at most 100 characters (e.g. api-engagement).",
    ),
    "choice": ("Réponse attendue parmi : {choices}.", "Expected one of: {choices}."),
    "licence_hint": ("Écrivez l'identifiant SPDX : {spdx}.", "Write the SPDX id: {spdx}."),
    "licence_form": (
        "Identifiant SPDX attendu, sans espace (ex. MIT, Apache-2.0, AGPL-3.0, EUPL-1.2).",
        "Expected an SPDX id, no space (e.g. MIT, Apache-2.0, AGPL-3.0, EUPL-1.2).",
    ),
    "text": ("Texte attendu.", "Expected text."),
    "keep": (
        "{count} élément(s) déjà connu(s) pour {key} : {items}. Les garder ?",
        "{count} item(s) already known for {key}: {items}. Keep them?",
    ),
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
    "exists": (
        "{file} existe déjà : rien n'a été écrit (--force pour le remplacer).",
        "{file} already exists: nothing was written (--force to replace it).",
    ),
    "other_file": (
        "{file} existe déjà : nom du fichier à écrire ?",
        "{file} already exists: name of the file to write?",
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
        "Questionnaire de conformité. Chaque réponse est vérifiée à la frappe ; Entrée sans rien écrire passe une question facultative ; Ctrl-C abandonne sans rien écrire.",
        "Compliance questionnaire. Each answer is checked as you type; Enter on an empty answer skips an optional question; Ctrl-C stops without writing anything.",
    ),
}


def msg(code: str, lang: str, **params) -> str:
    return MESSAGES[code][0 if lang != "en" else 1].format(**params)


# --- reading answers -----------------------------------------------------------------------


class Invalid(ValueError):
    """An answer that cannot be used, with the sentence that says what to write."""


YES = {"oui", "o", "vrai", "yes", "y", "true", "1"}
NO = {"non", "n", "faux", "no", "false", "0"}


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


def _number(raw, lang: str, whole: bool):
    if isinstance(raw, bool):
        raise Invalid(msg("int" if whole else "number", lang))
    if isinstance(raw, int) or (isinstance(raw, float) and not whole):
        return raw
    value = re.sub(r"[\s\u00a0\u202f_]", "", str(raw)).replace("€", "")
    if not whole:
        value = value.replace(",", ".")
    if not re.fullmatch(r"\d+" if whole else r"\d+(\.\d+)?", value):
        raise Invalid(msg("int" if whole else "number", lang))
    number = float(value) if "." in value else int(value)
    return int(number) if isinstance(number, float) and number.is_integer() else number


def _url(raw, lang: str) -> str:
    value = str(raw).strip()
    if not re.fullmatch(r"https?://[^\s]+\.[^\s]+", value):
        raise Invalid(msg("url", lang))
    return value


def convert(question: Q, raw, lang: str, id_pattern: str):
    """The answer as the declaration holds it, or :class:`Invalid`. An empty answer is ``None``."""
    if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []:
        if question.required:
            raise Invalid(msg("required", lang))
        return None
    kind = question.kind
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in YES:
            return True
        if word in NO:
            return False
        raise Invalid(msg("bool", lang))
    if kind == "date":
        return _date(raw, lang)
    if kind in ("int", "number"):
        return _number(raw, lang, kind == "int")
    if kind == "url":
        return _url(raw, lang)
    if kind == "urls":
        items = raw if isinstance(raw, list) else re.split(r"[,\s]+", str(raw).strip())
        return [_url(item, lang) for item in items if str(item).strip()]
    if kind == "licence":
        return licence(str(raw), lang)
    if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
        raise Invalid(msg("text", lang))
    value = str(raw).strip()
    if kind == "choice":
        by_lower = {c.lower(): c for c in question.choices}
        if value.lower() in by_lower:
            return by_lower[value.lower()]
        guess = suggest(value.lower(), by_lower)
        raise Invalid(
            msg("choice", lang, choices=", ".join(question.choices))
            + (msg("did_you_mean", lang, suggestion=by_lower[guess]) if guess else "")
        )
    if kind == "id":
        if len(value) > 100 or not re.search(id_pattern, value):
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


class Questionnaire:
    def __init__(self, lang: str = "fr", schema: dict | None = None):
        self.lang = lang if lang in LANGS else "fr"
        self.schema = schema or declaration_schema()
        self.id_pattern = (_schema_at(self.schema, ("startup", "id")) or {}).get("pattern", r"^[^\s/\\]+$")

    def sections(self):
        return [s for s in SECTIONS if _known(self.schema, (s.key,))]

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
        leaf = path.rsplit(".", 1)[-1]
        guess = suggest(leaf, choices)
        errors.append(
            (
                path,
                msg("unknown_key", self.lang, hint=msg("did_you_mean", self.lang, suggestion=guess) if guess else ""),
            )
        )

    def _read_items(self, items, data, prefix: tuple, shown: str, errors, top_list: bool = False):
        if top_list:  # a section that is a list (committees, objectives)
            repeat = items[0]
            return self._read_list(repeat, data, prefix, shown, errors)
        if not isinstance(data, dict):
            errors.append((shown, msg("not_object", self.lang)))
            return None
        out: dict = {}
        allowed = set()
        for item in items:
            parts = _parts(prefix, item.key)
            if not _known(self.schema, parts):
                continue
            allowed.add(item.key.split(".")[0])
            if isinstance(item, Repeat):
                if data.get(item.key) is not None:
                    value = self._read_list(item, data[item.key], parts, f"{shown}.{item.key}", errors)
                    if value:
                        out[item.key] = value
                continue
            raw = _get(data, item.key)
            try:
                value = convert(item, raw, self.lang, self.id_pattern)
            except Invalid as exc:
                errors.append((f"{shown}.{item.key}", str(exc)))
                continue
            if value is not None:
                _set(out, item.key, value)
        self._unknown_keys(data, items, prefix, shown, errors)
        return out

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
        for index, item in enumerate(data):
            value = self._read_items(repeat.items, item, prefix + ("[]",), f"{shown}[{index}]", errors)
            if value:
                out.append(value)
        return out

    # interactive
    def ask(self, prefill: dict, prompt) -> dict:
        """Ask every question through ``prompt(question_text, default, validate) -> str``; returns the declaration."""
        out: dict = {"schema_version": 1}
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
        return out

    def _ask_items(self, items, prefill: dict, prefix: tuple, prompt) -> dict:
        out: dict = {}
        for item in items:
            parts = _parts(prefix, item.key)
            if not _known(self.schema, parts):
                continue
            if item.when and _get(out, item.when) in (None, False):
                continue
            if getattr(item, "unless", None) and _get(out, item.unless) is not None:
                continue
            if isinstance(item, Repeat):
                value = self._ask_list(
                    item,
                    prefill.get(item.key),
                    parts,
                    ".".join(p for p in prefix if p != "[]") + "." + item.key,
                    prompt,
                )
                if value:
                    out[item.key] = value
                continue
            value = self._ask_one(item, _get(prefill, item.key), prompt)
            if value is not None:
                _set(out, item.key, value)
        return out

    def _ask_one(self, question: Q, default, prompt):
        """One answer. Text answers start from the known value, editable; oui/non and choices show
        it in brackets and take it on an empty answer."""
        lang = self.lang
        label = self._label(question, default)
        validate = self._validator(question)
        editable = question.kind not in ("bool", "choice")
        if not editable and default is not None:
            label += f" [{_shown(default, lang)}]"
            check = validate

            def validate(raw: str):
                return True if not raw.strip() else check(raw)

        while True:
            raw = prompt.text(label, _shown(default, lang) if editable else "", validate)
            if not editable and not raw.strip() and default is not None:
                return default
            try:
                return convert(question, raw, lang, self.id_pattern)
            except Invalid:  # the prompt let it through (a plain input): ask again
                continue

    def _validator(self, question: Q):
        def validate(raw: str):
            try:
                convert(question, raw, self.lang, self.id_pattern)
            except Invalid as exc:
                return str(exc)
            return True

        return validate

    def _label(self, question: Q, default) -> str:
        label = question.fr if self.lang == "fr" else question.en
        if question.kind == "bool":
            label += " " + msg("yes_no", self.lang)
        if question.kind == "choice":
            label += " [" + " | ".join(question.choices) + "]"
        if not question.required:
            label += " " + msg("skip", self.lang)
        return label

    def _yes_no(self, label: str, default: bool | None, prompt) -> bool:
        question = Q("", "bool", label, label, required=True)
        return self._ask_one(question, None if default is None else default, prompt)

    def _ask_list(self, repeat: Repeat, prefill, prefix: tuple, shown: str, prompt) -> list:
        out = []
        if isinstance(prefill, list) and prefill:
            items = ", ".join(_summary(x) for x in prefill[:6]) + (" …" if len(prefill) > 6 else "")
            keep = msg("keep", self.lang, count=len(prefill), key=shown.strip("."), items=items)
            if self._yes_no(keep, True, prompt):
                out = list(prefill)
        label = repeat.fr if self.lang == "fr" else repeat.en
        while self._yes_no(label, False, prompt):
            value = self._ask_items(repeat.items, {}, prefix + ("[]",), prompt)
            if value:
                out.append(value)
        return out


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
    return str(value)


def _summary(item) -> str:
    if isinstance(item, dict):
        return " ".join(_shown(v) for v in list(item.values())[:2])
    return _shown(item)


# --- writing --------------------------------------------------------------------------------


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
        body = yaml.safe_dump(
            {section.key: decl[section.key]}, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
        )
        lines += body.rstrip("\n").splitlines()
    return "\n".join(lines) + "\n"


def check_text(content: str) -> list:
    """Schema problems of the text written (none expected: the questions follow the schema)."""
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

    from .importer.base import Issue
    from .messages import text

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

    def text(self, label: str, default: str, validate) -> str:
        answer = self.questionary.text(label, default=default, validate=validate, qmark="?").unsafe_ask()
        if answer is None:
            raise KeyboardInterrupt
        return answer


def _read_answers(path: Path, lang: str) -> dict:
    try:
        content = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise Invalid(
            msg("answers_unreadable", lang, file=path, detail=getattr(exc, "strerror", None) or exc)
        ) from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(content)
        except ValueError as exc:
            raise Invalid(msg("answers_unreadable", lang, file=path, detail=exc)) from None
    else:
        doc, problems = load_text(content)  # the guarded loader: duplicate keys, alias bombs…
        if problems and not (len(problems) == 1 and problems[0].code == "yaml.not_mapping"):
            from .evaluate import render_problem

            first = problems[0]
            raise Invalid(
                msg(
                    "answers_unreadable",
                    lang,
                    file=f"{path}:{first.line}:{first.column}",
                    detail=render_problem(first, lang),
                )
            )
        data = doc.data
    if not isinstance(data, dict):
        raise Invalid(msg("answers_not_mapping", lang, file=path))
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
    quiz = Questionnaire(lang)
    output = Path(args.output) if args.output else None
    try:
        if output is not None and output.exists() and not args.force:
            raise _fail(msg("exists", lang, file=output))
        prefill = _prefill(args, quiz, today) if args.from_betagouv else {}
        decl = _from_file(args, quiz, prefill) if args.answers else _interactive(quiz, prefill)
        output = output or _default_output(args, decl)
        _write(decl, output, quiz, today)
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
    """The declaration from ``--answers FILE`` (over the pre-filled values); every bad answer said."""
    lang = quiz.lang
    try:
        answers = _merge(prefill, _read_answers(Path(args.answers), lang))
    except Invalid as exc:
        raise _fail(str(exc)) from None
    decl, errors = quiz.from_answers(answers)
    for path, problem in errors:
        _say(msg("answers_bad", lang, file=args.answers, path=path, message=problem))
    if errors:
        raise _Stop(2)
    if "startup" not in decl or "id" not in decl["startup"]:
        raise _fail(msg("answers_bad", lang, file=args.answers, path="startup.id", message=msg("required", lang)))
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
    if not output.exists() or args.force:
        return output
    if args.answers:
        raise _fail(msg("exists", lang, file=output))

    def free(raw: str):
        return (
            True
            if raw.strip() and not Path(raw.strip()).exists()
            else msg("exists_ask", lang, file=raw.strip() or output)
        )

    try:
        return Path(PromptToolkit(lang).text(msg("other_file", lang, file=output), "", free).strip())
    except (KeyboardInterrupt, EOFError):
        raise _fail(msg("interrupted", lang), 130) from None


def _write(decl: dict, output: Path, quiz: Questionnaire, today: dt.date) -> None:
    """The commented declaration, checked against the schema again, written atomically."""
    lang = quiz.lang
    content = render(decl, lang, str(output), today, quiz.schema)
    problems = check_text(content)
    if problems:  # a bug of ours: say it, write nothing
        from .evaluate import render_problem

        first = problems[0]
        raise _fail(msg("invalid_result", lang, detail=f"{first.path or first.line}: {render_problem(first, lang)}"))
    try:
        atomic_write_text(output, content)
    except OSError as exc:
        raise _fail(msg("write_failed", lang, file=output, detail=exc.strerror or exc)) from None
