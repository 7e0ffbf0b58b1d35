"""The questions of ``conformite init`` and of the web form ``/declarer``, as data.

:data:`SECTIONS` lists the sections of a declaration in the order they are asked; each holds
questions (:class:`Q`: the key it fills, the kind of answer, its French and English wording,
whether it is required, its choices, the sibling answer it depends on, the obligation whose
applicability it decides) and lists (:class:`Repeat`: phases, committees… each item answering
its own questions). :data:`CHOICE_WORDS` gives the words a person reads and may type for each
choice id; :data:`REASONS` says why each question is asked (the obligations that read it, in a
sentence). Questions follow the declaration schema of this branch: a question whose key the
schema does not know is never asked (:class:`Questions`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from checker.foundation.messages import MESSAGES as MESSAGES_CATALOGUE
from checker.foundation.phases import PHASES
from checker.reading.schema import declaration_schema

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
    choices: tuple[str, ...] = ()  # ids, as the declaration holds them; each shown by its words (CHOICE_WORDS)
    when: str | None = None  # only asked when this sibling key was answered (oui, for a yes/no question)
    decides: str | None = None  # the obligation this answer decides applies: required for an active product
    unique: bool = False  # no two items of its list may give the same answer (objective ids)


@dataclass
class Repeat:
    """A list of items (phases, committees…), each answering ``items``."""

    key: str
    fr: str  # "one more …?" question
    en: str
    items: list[Q | Repeat]
    when: str | None = None
    unless: tuple[str, ...] = ()  # not asked (and refused in answers) when one of these sibling keys is answered


@dataclass
class Section:
    key: str
    comment: dict[str, str]  # lang -> comment written above the section
    items: list[Q | Repeat]
    title: dict[str, str] = field(default_factory=dict)  # lang -> heading shown in the questionnaire


def _s(key: str, title_fr: str, title_en: str, comment_fr: str, comment_en: str, items: list[Q | Repeat]) -> Section:
    return Section(key, {"fr": comment_fr, "en": comment_en}, items, {"fr": title_fr, "en": title_en})


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


def choice_word(choice: str, lang: str) -> str:
    words = CHOICE_WORDS.get(choice)
    return words[0 if lang != "en" else 1] if words else choice


def recommended_methods() -> tuple:
    """The risk-analysis methods the rule recommends (its file is the one place for them)."""
    from checker.judging.rules import load_catalog

    rule = load_catalog().rules["risk-workshop-method"]
    return tuple(rule.when["not_in"])


# --- why each question is asked ---------------------------------------------------------------

INFORMATIVE = ("Informatif : aucune règle ne le juge.", "For information: no rule judges it.")
_PHASES_WHY = (
    "La phase en cours (celle dont le début est le plus récent) décide des obligations : en phase active "
    "(investigation à opéré), celles de l'article 2 ; dès la construction, aussi le code ouvert, les statistiques "
    "et les ateliers de risques ; transféré ou abandonné, celles de la convention seules. Sans phase commencée, "
    "le produit compte comme en investigation.",
    "The current phase (the one with the latest start) decides the obligations: in an active phase "
    "(investigation to operated), those of article 2; from construction on, also open source code, statistics "
    "and risk workshops; transferred or abandoned, the convention's own only. With no phase started, the "
    "product counts as in investigation.",
)
_DECIDES = (
    "Décide si l'obligation s'applique : pour un produit actif, sans réponse, elle n'est pas tenue (à compléter) ; "
    "« non » la rend sans objet.",
    "Decides whether the obligation applies: for an active product, without an answer it fails (missing); "
    "'no' makes it not applicable.",
)
_HOMOLOGATION = (
    "La fin de l'homologation (décision et durée) figure dans les échéances ; aucune règle ne la juge.",
    "The end of the homologation (decision and length) is listed in the deadlines; no rule judges it.",
)
_FINAL = "Article 4 : le compte rendu final {fr} ; « non » est un manquement, sans réponse une alerte."
_FINAL_EN = "Article 4: the final report {en}; 'no' is a breach, no answer a warning."
_AE = (
    "Chaque année déclare ses AE allouées et engagées (sinon l'obligation n'est pas tenue) ; le total engagé ne "
    "dépasse pas le total alloué (à partir de 90 %, une alerte).",
    "Each year declares its allocated and committed AE (otherwise the obligation fails); the committed total never "
    "exceeds the allocated total (from 90%, a warning).",
)
_CP = (
    "Les CP payés ne dépassent ni les CP alloués ni les AE engagées ; un montant absent compte pour 0.",
    "Payment credits paid exceed neither those allocated nor the committed AE; an absent amount counts as 0.",
)

# path (a list's items by "[]") -> (obligations that read the answer, why in French, in English)
REASONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "startup.id": (
        (),
        "L'identifiant de la fiche beta.gouv.fr : il nomme la déclaration dans les rapports, le portefeuille et les "
        "échéances. C'est la seule réponse obligatoire.",
        "The id of the beta.gouv.fr page: it names the declaration in reports, the portfolio and the deadlines. It "
        "is the only answer required.",
    ),
    "startup.title": ((), *INFORMATIVE),
    "startup.incubator": ((), *INFORMATIVE),
    "startup.link": ((), *INFORMATIVE),
    "startup.phases": ((), *_PHASES_WHY),
    "startup.phases[].name": ((), *_PHASES_WHY),
    "startup.phases[].start": (
        ("investment-committee",),
        "Le début de la phase situe la phase en cours ; le plus ancien fait aussi courir, avec la signature de la "
        "convention, les six mois du premier comité d'investissement.",
        "The phase's start places the current phase; the earliest also starts, with the convention's signature, "
        "the six months before the first investment committee.",
    ),
    "startup.phases[].end": (
        (),
        "Informatif : la phase en cours se lit sur les dates de début ; aucune règle ne juge la fin.",
        "For information: the current phase is read from the start dates; no rule judges the end.",
    ),
    "startup.phases[].comment": ((), *INFORMATIVE),
    "convention.reference": ((), *INFORMATIVE),
    "convention.partner": ((), *INFORMATIVE),
    "convention.signed_on": (
        ("convention-in-force", "cbcm-copy", "publication"),
        "Article 6 : la convention doit couvrir la date de vérification ; sa signature fait aussi courir un mois pour "
        "la copie aux CBCM et deux mois pour sa publication.",
        "Article 6: the convention must cover the date checked; its signature also starts one month for the copy to "
        "the CBCM and two months for its publication.",
    ),
    "convention.ends_on": (
        ("convention-in-force", "final-report", "budget-underspend"),
        "Article 6 : après cette date, un avenant ou une nouvelle convention est nécessaire ; le terme fait aussi "
        "courir deux mois pour le compte rendu final et un mois pour signaler les crédits non consommés.",
        "Article 6: after this date, an amendment or a new convention is needed; the term also starts two months for "
        "the final report and one month to report unconsumed credits.",
    ),
    "convention.copy_sent_to_cbcm.prime_minister": (
        ("cbcm-copy",),
        "Article 4 : une copie de la convention va, dans le mois de sa signature, au contrôleur budgétaire et "
        "comptable ministériel (CBCM) des services du Premier ministre.",
        "Article 4: within a month of its signature, a copy of the convention goes to the budget and accounting "
        "controller (CBCM) of the Prime Minister's services.",
    ),
    "convention.copy_sent_to_cbcm.partner": (
        ("cbcm-copy",),
        "Article 4 : une copie va aussi, dans le même mois, au CBCM de l'administration partenaire.",
        "Article 4: a copy also goes, within the same month, to the partner administration's CBCM.",
    ),
    "convention.publication.gouvernement_fr": (
        ("publication",),
        "Article 7 : la convention est publiée sur gouvernement.fr dans les deux mois de sa signature (adresse https "
        "sur ce site).",
        "Article 7: the convention is published on gouvernement.fr within two months of its signature (an https "
        "address on that site).",
    ),
    "convention.publication.data_gouv_fr": (
        ("publication",),
        "Article 7 : la DINUM la publie aussi sur data.gouv.fr dans les deux mois (adresse https sur ce site).",
        "Article 7: DINUM also publishes it on data.gouv.fr within two months (an https address on that site).",
    ),
    "convention.final_report.sent_on": (
        ("final-report",),
        "Article 4 : au terme de la convention, la DINUM rend compte au partenaire dans les deux mois.",
        "Article 4: at the convention's term, DINUM reports to the partner within two months.",
    ),
    "convention.final_report.expenses": (
        ("final-report",),
        _FINAL.format(fr="retrace les dépenses réalisées"),
        _FINAL_EN.format(en="accounts for the expenses made"),
    ),
    "convention.final_report.progress": (
        ("final-report",),
        _FINAL.format(fr="retrace l'avancement des travaux"),
        _FINAL_EN.format(en="accounts for the progress of the work"),
    ),
    "convention.final_report.forecast": (
        ("final-report",),
        _FINAL.format(fr="donne les prévisions de commandes et de consommation des crédits"),
        _FINAL_EN.format(en="gives the order and credit consumption forecast"),
    ),
    "commitments.approach": (
        ("approach",),
        "Article 2 : le partenaire suit l'approche Startup d'État et son guide public ; sans « oui », l'obligation "
        "n'est pas tenue.",
        "Article 2: the partner follows the Startup d'État approach and its public guide; without 'yes', the "
        "obligation fails.",
    ),
    "commitments.manifesto": (
        ("manifesto",),
        "Article 2 : le partenaire adhère au manifeste beta.gouv.fr ; sans « oui », l'obligation n'est pas tenue.",
        "Article 2: the partner adheres to the beta.gouv.fr manifesto; without 'yes', the obligation fails.",
    ),
    "team.intrapreneur.name": (
        ("intrapreneur",),
        "Article 2 : un intrapreneur nommé porte le produit ; sans nom, l'obligation n'est pas tenue.",
        "Article 2: a named intrapreneur carries the product; without a name, the obligation fails.",
    ),
    "team.intrapreneur.public_agent": (
        ("intrapreneur",),
        "L'intrapreneur est un agent public du partenaire : « non » est un manquement, sans réponse une alerte.",
        "The intrapreneur is a public agent of the partner: 'no' is a breach, no answer a warning.",
    ),
    "team.intrapreneur.employer": ((), *INFORMATIVE),
    "team.intrapreneur.since": ((), *INFORMATIVE),
    "team.sponsor.name": (
        ("sponsor",),
        "Article 2 : un sponsor de haut niveau est désigné ; sans nom, l'obligation n'est pas tenue.",
        "Article 2: a high-level sponsor is designated; without a name, the obligation fails.",
    ),
    "team.sponsor.role": (
        ("sponsor",),
        "Sa fonction montre son niveau : sans elle, une alerte.",
        "Their role shows their level: without it, a warning.",
    ),
    "team.sponsor.organisation": ((), *INFORMATIVE),
    "committees": (
        ("investment-committee",),
        "Article 2 : un comité d'investissement au moins tous les six mois, présidé par le partenaire, avec la DINUM, "
        "présentant des indicateurs chiffrés. Un comité daté après la date de vérification n'est pas encore tenu.",
        "Article 2: an investment committee at least every six months, chaired by the partner, with DINUM, presenting "
        "quantified indicators. A committee dated after the date checked is not held yet.",
    ),
    "committees[].date": (
        ("investment-committee",),
        "Le comité suivant est dû six mois après le dernier tenu (trente jours avant, une alerte).",
        "The next committee is due six months after the last one held (thirty days before, a warning).",
    ),
    "committees[].chaired_by_partner": (
        ("investment-committee",),
        "Le dernier comité est présidé par le partenaire : « non » est un manquement, sans réponse une alerte.",
        "The last committee is chaired by the partner: 'no' is a breach, no answer a warning.",
    ),
    "committees[].dinum_present": (
        ("investment-committee",),
        "La DINUM participe au dernier comité : « non » est un manquement, sans réponse une alerte.",
        "DINUM takes part in the last committee: 'no' is a breach, no answer a warning.",
    ),
    "committees[].comment": ((), *INFORMATIVE),
    "committees[].indicators": (
        ("investment-committee",),
        "Le dernier comité présente des indicateurs chiffrés : sans indicateur, une alerte.",
        "The last committee presents quantified indicators: without any, a warning.",
    ),
    "committees[].indicators[].name": (
        ("investment-committee",),
        "Nomme l'indicateur présenté au comité.",
        "Names the indicator presented at the committee.",
    ),
    "committees[].indicators[].result": (
        ("investment-committee",),
        "Chaque indicateur du dernier comité donne le résultat de la phase qui s'achève : sans lui, l'obligation "
        "n'est pas tenue.",
        "Each indicator of the last committee gives the result of the phase that ends: without it, the obligation "
        "fails.",
    ),
    "committees[].indicators[].objective_6_months": (
        ("investment-committee",),
        "… et son objectif à six mois : sans lui, l'obligation n'est pas tenue.",
        "… and its six-month objective: without it, the obligation fails.",
    ),
    "product_page.url": (
        ("product-page",),
        "Article 2 : une fiche produit sur beta.gouv.fr ; sans adresse, l'obligation n'est pas tenue.",
        "Article 2: a product page on beta.gouv.fr; without its address, the obligation fails.",
    ),
    "product_page.updated_on": (
        ("product-page",),
        "La fiche est à jour si elle a été mise à jour dans les six derniers mois ; sans date, une alerte.",
        "The page is up to date when it was updated within the last six months; without a date, a warning.",
    ),
    "source_code.repositories": (
        ("open-source",),
        "Article 2 (circulaire 5608/SG) : dès la construction, le code source est publié ; sans dépôt, l'obligation "
        "n'est pas tenue.",
        "Article 2 (circular 5608/SG): from construction on, the source code is published; without a repository, "
        "the obligation fails.",
    ),
    "source_code.licence": (
        ("open-source",),
        "Une licence de la liste autorisée pour les administrations (article D. 323-2-1 du CRPA) ; une autre est un "
        "manquement, sans licence une alerte.",
        "A licence from the list authorised for administrations (article D. 323-2-1 CRPA); another is a breach, no "
        "licence a warning.",
    ),
    "statistics.url": (
        ("impact-statistics",),
        "Article 2 : dès la construction, l'impact est publié sur une page publique de statistiques ; sans adresse, "
        "l'obligation n'est pas tenue.",
        "Article 2: from construction on, the impact is published on a public statistics page; without its address, "
        "the obligation fails.",
    ),
    "personal_data.processed": (("personal-data",), *_DECIDES),
    "personal_data.register_entry": (
        ("personal-data",),
        "Le traitement est inscrit au registre du partenaire : « non » est un manquement, sans réponse une alerte.",
        "The processing is listed in the partner's register: 'no' is a breach, no answer a warning.",
    ),
    "personal_data.privacy_notice_url": (
        ("personal-data",),
        "Une politique de confidentialité publiée : sans adresse, l'obligation n'est pas tenue.",
        "A published privacy notice: without its address, the obligation fails.",
    ),
    "personal_data.dpo_contact": (
        ("personal-data",),
        "Un contact du délégué à la protection des données : sans lui, l'obligation n'est pas tenue.",
        "A contact of the data protection officer: without it, the obligation fails.",
    ),
    "security.risk_workshops": (
        ("risk-workshops",),
        "Article 2 (guide ANSSI/DINUM) : dès la construction, un atelier d'analyse de risques au moins tous les "
        "douze mois.",
        "Article 2 (ANSSI/DINUM guide): from construction on, a risk-analysis workshop at least every twelve months.",
    ),
    "security.risk_workshops[].date": (
        ("risk-workshops",),
        "L'atelier suivant est dû douze mois après le dernier tenu (trente jours avant, une alerte).",
        "The next workshop is due twelve months after the last one held (thirty days before, a warning).",
    ),
    "security.risk_workshops[].method": (
        ("risk-workshops",),
        "La démarche du dernier atelier est l'une de celles que recommandent l'ANSSI et la DINUM : une autre est un "
        "manquement, sans réponse une alerte.",
        "The last workshop follows one of the methods ANSSI and DINUM recommend: another is a breach, no answer a "
        "warning.",
    ),
    "security.risk_workshops[].comment": ((), *INFORMATIVE),
    "security.mon_service_securise": ((), *INFORMATIVE),
    "security.homologation.decided_on": ((), *_HOMOLOGATION),
    "security.homologation.months": ((), *_HOMOLOGATION),
    "authentication.required": (("franceconnect",), *_DECIDES),
    "authentication.franceconnect": (
        ("franceconnect",),
        "Article 2 : un service qui authentifie ses usagers prévoit FranceConnect ; « non prévu » ou sans réponse, "
        "l'obligation n'est pas tenue.",
        "Article 2: a service that authenticates its users plans FranceConnect; 'not planned' or no answer, the "
        "obligation fails.",
    ),
    "online_procedure.is_procedure": (("jdma",), *_DECIDES),
    "online_procedure.jdma_button": (
        ("jdma",),
        "Article 2 : une démarche en ligne porte le bouton « Je Donne Mon Avis » ; sans « oui », l'obligation n'est "
        "pas tenue.",
        "Article 2: an online procedure carries the 'Je Donne Mon Avis' button; without 'yes', the obligation fails.",
    ),
    "accessibility.status": ((), *INFORMATIVE),
    "budget.allocated": (
        ("budget-ceiling",),
        "Article 4 : les crédits engagés ne dépassent jamais le montant alloué ; sans les deux montants, "
        "l'obligation n'est pas tenue.",
        "Article 4: committed credits never exceed the allocated amount; without both amounts, the obligation fails.",
    ),
    "budget.committed": (
        ("budget-ceiling",),
        "Engagé à 90 % de l'alloué ou plus : une alerte ; au-delà de l'alloué : un manquement.",
        "Committed at 90% of the allocated amount or more: a warning; over the allocated amount: a breach.",
    ),
    "budget.years": (
        ("budget-ceiling",),
        "Le tableau budgétaire de la convention, année par année (autorisations d'engagement et crédits de "
        "paiement), au lieu des deux montants.",
        "The convention's budget table, year by year (commitment authorisations and payment credits), instead of "
        "the two amounts.",
    ),
    "budget.years[].year": (("budget-ceiling",), "L'année de cette ligne du tableau.", "The year of this row."),
    "budget.years[].ae_allocated": (("budget-ceiling",), *_AE),
    "budget.years[].ae_committed": (("budget-ceiling",), *_AE),
    "budget.years[].cp_allocated": (("budget-ceiling",), *_CP),
    "budget.years[].cp_paid": (("budget-ceiling",), *_CP),
    "budget.underspend_notified_on": (
        ("budget-underspend",),
        "Article 4 : au terme, les crédits non consommés sont signalés au partenaire dans le mois.",
        "Article 4: at the term, unconsumed credits are reported to the partner within a month.",
    ),
    "objectives": (
        ("annex-objectives",),
        "Annexe 1 : les objectifs chiffrés de la convention. Un objectif manqué, hors trajectoire ou non mesuré donne "
        "une alerte, jamais un manquement.",
        "Annex 1: the convention's quantified objectives. An objective missed, off track or unmeasured gives a "
        "warning, never a breach.",
    ),
    "objectives[].id": (
        ("annex-objectives",),
        "Désigne l'objectif dans les messages ; unique dans la déclaration.",
        "Names the objective in the messages; unique in the declaration.",
    ),
    "objectives[].label": (
        ("annex-objectives",),
        "L'intitulé de l'objectif, tel que l'annexe l'écrit.",
        "The objective's label, as the annex writes it.",
    ),
    "objectives[].target": (
        ("annex-objectives",),
        "La valeur visée : sans cible, l'objectif ne peut pas être suivi (une alerte).",
        "The value aimed at: without a target, the objective cannot be followed (a warning).",
    ),
    "objectives[].due_on": (
        ("annex-objectives",),
        "L'échéance de l'objectif : sans elle, l'objectif ne peut pas être suivi (une alerte).",
        "The objective's due date: without it, the objective cannot be followed (a warning).",
    ),
    "objectives[].direction": (
        ("annex-objectives",),
        "Hausse (par défaut) : atteint quand une mesure atteint ou dépasse la cible ; baisse : quand elle descend "
        "jusqu'à elle.",
        "Increase (the default): reached when a measurement reaches or passes the target; decrease: when it goes "
        "down to it.",
    ),
    "objectives[].measurements": (
        ("annex-objectives",),
        "Les mesures successives : sans mesure, une alerte ; les deux dernières donnent la trajectoire jusqu'à "
        "l'échéance.",
        "The successive measurements: without any, a warning; the last two give the trajectory to the due date.",
    ),
    "objectives[].measurements[].on": (
        ("annex-objectives",),
        "Une mesure datée après la date de vérification ne compte pas encore.",
        "A measurement dated after the date checked does not count yet.",
    ),
    "objectives[].measurements[].value": (
        ("annex-objectives",),
        "La valeur mesurée, comparée exactement à la cible.",
        "The measured value, compared exactly with the target.",
    ),
}


# a list (by its path) as a form shows it: its heading, the name of one item, the button that adds one
LIST_WORDS: dict[str, dict[str, tuple[str, str, str]]] = {
    "startup.phases": {
        "fr": ("Phases (startup.phases)", "Phase", "Ajouter une phase"),
        "en": ("Phases (startup.phases)", "Phase", "Add a phase"),
    },
    "committees": {
        "fr": ("Comités d'investissement tenus (committees)", "Comité", "Ajouter un comité"),
        "en": ("Investment committees held (committees)", "Committee", "Add a committee"),
    },
    "committees[].indicators": {
        "fr": ("Indicateurs présentés à ce comité (indicators)", "Indicateur", "Ajouter un indicateur"),
        "en": ("Indicators presented at this committee (indicators)", "Indicator", "Add an indicator"),
    },
    "security.risk_workshops": {
        "fr": ("Ateliers d'analyse de risques tenus (security.risk_workshops)", "Atelier", "Ajouter un atelier"),
        "en": ("Risk-analysis workshops held (security.risk_workshops)", "Workshop", "Add a workshop"),
    },
    "budget.years": {
        "fr": ("Tableau budgétaire de la convention, par année (budget.years)", "Année", "Ajouter une année"),
        "en": ("The convention's budget table, by year (budget.years)", "Year", "Add a year"),
    },
    "objectives": {
        "fr": ("Objectifs chiffrés (objectives)", "Objectif", "Ajouter un objectif"),
        "en": ("Quantified objectives (objectives)", "Objective", "Add an objective"),
    },
    "objectives[].measurements": {
        "fr": ("Mesures de cet objectif (measurements)", "Mesure", "Ajouter une mesure"),
        "en": ("Measurements of this objective (measurements)", "Measurement", "Add a measurement"),
    },
}


def reason(path: str, lang: str) -> tuple[tuple[str, ...], str]:
    """(obligation ids, sentence) saying why the question at ``path`` is asked
    (``committees[].date``: a list's items by ``[]``)."""
    obligations, fr, en = REASONS[path]
    return obligations, fr if lang != "en" else en


# --- which questions this schema knows ------------------------------------------------------


def schema_at(schema: dict[str, Any], parts: Iterable[str]) -> dict[str, Any] | None:
    node: dict[str, Any] | None = schema
    for part in parts:
        if node is None:
            return None
        if part == "[]":
            node = node.get("items") if isinstance(node.get("items"), dict) else None
            continue
        props = node.get("properties")
        node = props.get(part) if isinstance(props, dict) else None
    return node


def known(schema: dict[str, Any], parts: Iterable[str]) -> bool:
    return schema_at(schema, parts) is not None


def parts_of(prefix: tuple[str, ...], key: str) -> tuple[str, ...]:
    return prefix + tuple(p for p in key.split(".") if p)


def list_section(section: Section) -> Repeat | None:
    """The list a section is (committees, objectives: one unnamed list), None for a section of questions."""
    first = section.items[0] if len(section.items) == 1 else None
    return first if isinstance(first, Repeat) and first.key == "" else None


def unique_key(repeat: Repeat) -> str | None:
    return next((q.key for q in repeat.items if isinstance(q, Q) and q.unique), None)


def walk(items: Iterable[Q | Repeat], prefix: str) -> Iterator[tuple[str, Q | Repeat]]:
    """(path, question or list) of every item under ``prefix``, depth first, in the order asked
    (``committees[].indicators[].name``)."""
    for item in items:
        path = f"{prefix}.{item.key}" if item.key else prefix
        yield path, item
        if isinstance(item, Repeat):
            yield from walk(item.items, path + "[]")


def parts_of_path(path: str) -> tuple[str, ...]:
    """The schema parts of a question's path: ``committees[].date`` -> (committees, [], date)."""
    return tuple(p for p in path.replace("[]", ".[].").split(".") if p)


class Questions:
    """The questions in one language, for one schema (default: this branch's)."""

    def __init__(self, lang: str = "fr", schema: dict[str, Any] | None = None, today: dt.date | None = None):
        self.lang = lang if lang in LANGS else "fr"
        self.schema = schema or declaration_schema()
        self.id_pattern = (schema_at(self.schema, ("startup", "id")) or {}).get("pattern", r"^[^\s/\\]+$")
        self.today = today or dt.date.today()

    def sections(self) -> list[Section]:
        return [s for s in SECTIONS if known(self.schema, (s.key,))]

    def asked(self) -> dict[str, Q | Repeat]:
        """Every question and list this schema knows, by its path (``committees[].date``)."""
        found = {}
        for section in self.sections():
            for path, item in walk(section.items, section.key):
                if known(self.schema, parts_of_path(path)):
                    found[path] = item
        return found

    def node(self, parts: Iterable[str]) -> dict[str, Any]:
        """The schema at ``parts``, its ``$ref`` to a shared definition followed."""
        node = schema_at(self.schema, parts) or {}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            shared = self.schema.get("$defs", {}).get(ref.rsplit("/", 1)[-1], {})
            node = {**shared, **{k: v for k, v in node.items() if k != "$ref"}}
        return node
