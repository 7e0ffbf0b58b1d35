"""The user-facing text that is not a rule's: load and schema errors, exemption findings,
command-line errors, report headings. French first, English with ``--lang en``."""
from __future__ import annotations

import re

LANGS = ("fr", "en")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

MESSAGES: dict[str, dict[str, str]] = {
    # reading the file
    "file.too_large": {
        "fr": "fichier trop volumineux ({size} octets, limite {limit}) : il n'a pas été lu",
        "en": "file too large ({size} bytes, limit {limit}): it was not read",
    },
    "file.unreadable": {"fr": "fichier illisible ({detail})", "en": "cannot read the file ({detail})"},
    "file.encoding": {
        "fr": "le fichier n'est pas en UTF-8 (octet {byte})",
        "en": "the file is not UTF-8 (byte {byte})",
    },
    "file.not_regular": {"fr": "ce n'est pas un fichier ordinaire", "en": "not a regular file"},
    "file.internal": {
        "fr": "erreur interne en vérifiant ce fichier ({detail}) ; merci de la signaler avec ce fichier",
        "en": "internal error while checking this file ({detail}); please report it with this file",
    },
    "file.missing": {"fr": "fichier ou dossier introuvable", "en": "no such file or directory"},
    "file.empty_dir": {
        "fr": "aucun fichier .yaml ou .yml dans ce dossier",
        "en": "no .yaml or .yml file in this directory",
    },
    "yaml.syntax": {"fr": "YAML invalide : {detail}", "en": "invalid YAML: {detail}"},
    "yaml.documents": {
        "fr": "un seul document YAML par fichier (séparateur --- en trop)",
        "en": "one YAML document per file (extra --- separator)",
    },
    "yaml.empty": {"fr": "le fichier est vide", "en": "the file is empty"},
    "yaml.not_mapping": {
        "fr": "le document doit être un dictionnaire (clé: valeur) au premier niveau",
        "en": "the top level must be a mapping (key: value)",
    },
    "yaml.duplicate_key": {
        "fr": "clé « {key} » en double (lignes {first} et {second})",
        "en": "duplicate key '{key}' (lines {first} and {second})",
    },
    "yaml.key_type": {"fr": "les clés doivent être du texte", "en": "keys must be text"},
    "yaml.tag": {
        "fr": "étiquette YAML non autorisée ({tag}) : chargement sûr uniquement",
        "en": "YAML tag not allowed ({tag}): safe loading only",
    },
    "yaml.merge": {"fr": "« << » doit fusionner un dictionnaire", "en": "'<<' must merge a mapping"},
    "yaml.number": {"fr": "nombre invalide : {value}", "en": "invalid number: {value}"},
    "yaml.too_many_nodes": {
        "fr": "document trop grand une fois les alias développés (plus de {limit} nœuds) : refusé",
        "en": "document too large once aliases are expanded (over {limit} nodes): refused",
    },
    "yaml.too_deep": {
        "fr": "imbrication trop profonde (plus de {limit} niveaux)",
        "en": "nesting too deep (over {limit} levels)",
    },
    # schema
    "schema.unknown_key": {
        "fr": "clé inconnue « {key} »{hint}",
        "en": "unknown key '{key}'{hint}",
    },
    "schema.type": {"fr": "{expected} attendu, trouvé {found}", "en": "expected {expected}, found {found}"},
    "schema.boolean_word": {
        "fr": "booléen attendu : écrivez true ou false (pas « {value} »)",
        "en": "expected a boolean: write true or false (not '{value}')",
    },
    "schema.date": {
        "fr": "date invalide « {value} » : attendu une date réelle au format AAAA-MM-JJ",
        "en": "invalid date '{value}': expected a real date as YYYY-MM-DD",
    },
    "schema.enum": {
        "fr": "valeur « {value} » non reconnue ; valeurs possibles : {allowed}{hint}",
        "en": "unrecognised value '{value}'; allowed: {allowed}{hint}",
    },
    "schema.obligation": {
        "fr": "obligation inconnue « {value} »{hint}",
        "en": "unknown obligation '{value}'{hint}",
    },
    "schema.const": {"fr": "la valeur doit être {expected}", "en": "the value must be {expected}"},
    "schema.required": {"fr": "champ obligatoire « {key} » absent", "en": "required field '{key}' is missing"},
    "schema.pattern": {
        "fr": "valeur « {value} » mal formée ({what})",
        "en": "malformed value '{value}' ({what})",
    },
    "schema.minimum": {"fr": "la valeur doit être au moins {limit}", "en": "the value must be at least {limit}"},
    "schema.maximum": {"fr": "la valeur doit être au plus {limit}", "en": "the value must be at most {limit}"},
    "schema.min_length": {"fr": "la valeur ne doit pas être vide", "en": "the value must not be empty"},
    "schema.budget_forms": {
        "fr": "le budget a deux formes, à ne pas mélanger : soit allocated et committed, soit le tableau years (AE et CP par année)",
        "en": "the budget has two forms, not to be mixed: either allocated and committed, or the years table (AE and CP by year)",
    },
    "schema.duplicate_objective": {
        "fr": "identifiant d'objectif « {value} » déjà utilisé (ligne {first}) : chaque objectif a son propre id",
        "en": "objective id '{value}' already used (line {first}): each objective has its own id",
    },
    "schema.other": {"fr": "valeur invalide : {detail}", "en": "invalid value: {detail}"},
    "hint.did_you_mean": {"fr": " — vouliez-vous dire « {suggestion} » ?", "en": " — did you mean '{suggestion}'?"},
    "type.object": {"fr": "un dictionnaire", "en": "a mapping"},
    "type.array": {"fr": "une liste", "en": "a list"},
    "type.string": {"fr": "du texte", "en": "text"},
    "type.boolean": {"fr": "un booléen (true/false)", "en": "a boolean (true/false)"},
    "type.integer": {"fr": "un nombre entier", "en": "a whole number"},
    "type.number": {"fr": "un nombre", "en": "a number"},
    "type.null": {"fr": "rien", "en": "nothing"},
    "pattern.startup_id": {
        "fr": "identifiant beta.gouv.fr : 1 à 100 caractères, sans espace, caractère de contrôle, « / » ni « \\ »",
        "en": "beta.gouv.fr id: 1 to 100 characters, without white space, control characters, '/' or '\\'",
    },
    "pattern.date": {"fr": "date AAAA-MM-JJ", "en": "date YYYY-MM-DD"},
    # evaluation
    "engine.failed": {
        "fr": "l'évaluation des règles a échoué ({detail}) : aucun verdict n'est donné pour ce fichier",
        "en": "rule evaluation failed ({detail}): no verdict is given for this file",
    },
    # exemptions (findings of the exempted obligation)
    "exemption.invalid": {
        "fr": "Dérogation sans effet : il manque {missing}.",
        "en": "Exemption has no effect: {missing} missing.",
    },
    "exemption.expired": {
        "fr": "Dérogation expirée le {expires_on} : elle ne couvre plus rien.",
        "en": "Exemption expired on {expires_on}: it no longer covers anything.",
    },
    "exemption.stale": {
        "fr": "Dérogation inutile : aucun manquement à couvrir pour cette obligation ; retirez-la.",
        "en": "Stale exemption: this obligation has no failure to waive; remove it.",
    },
    "exemption.title": {"fr": "Dérogations", "en": "Exemptions"},
    "field.reason": {"fr": "le motif (reason)", "en": "the reason"},
    "field.approved_by": {"fr": "l'approbation (approved_by)", "en": "the approver (approved_by)"},
    "field.expires_on": {"fr": "la date d'expiration (expires_on)", "en": "the expiry date (expires_on)"},
    # command line
    "cli.error": {"fr": "erreur", "en": "error"},
    "cli.bad_date": {
        "fr": "--as-of attend une date AAAA-MM-JJ, pas « {value} »",
        "en": "--as-of expects a date YYYY-MM-DD, not '{value}'",
    },
    "cli.rules_broken": {
        "fr": "fichier de règles invalide {file} : {detail}",
        "en": "invalid rule file {file}: {detail}",
    },
    "cli.output": {"fr": "impossible d'écrire {file} : {detail}", "en": "cannot write {file}: {detail}"},
    "cli.report_spec": {
        "fr": "--report {spec!r} : attendu FORMAT:FICHIER, FORMAT parmi {formats}",
        "en": "--report {spec!r}: expected FORMAT:FILE, FORMAT one of {formats}",
    },
    "cli.unknown_id": {
        "fr": "ni règle ni obligation « {value} »{hint}",
        "en": "no rule or obligation '{value}'{hint}",
    },
    "cli.baseline": {
        "fr": "rapport de référence illisible {file} : {detail}",
        "en": "cannot read the baseline report {file}: {detail}",
    },
    # import betagouv: what the team must add, and what could not be imported
    "import.header": {
        "fr": "Importé de la fiche produit beta.gouv.fr : {source}{snapshot}\npar `conformite import betagouv` (schéma : `conformite schema`). Les faits ci-dessous viennent de la fiche.\nÀ compléter par l'équipe (la fiche ne les contient pas) :",
        "en": "Imported from the beta.gouv.fr product page: {source}{snapshot}\nby `conformite import betagouv` (schema: `conformite schema`). The facts below come from the page.\nFor the team to add (the page does not hold them):",
    },
    "import.snapshot": {"fr": " (instantané {commit} du {date})", "en": " (snapshot {commit} of {date})"},
    "import.always": {
        "fr": "convention : référence, partenaire, signed_on, ends_on (et avenants, résiliation)\ncommitments : approach et manifesto\nteam.sponsor : nom et fonction de la personne (la fiche ne donne que l'organisation)\ncommittees : présidence par le partenaire, présence de la DINUM, indicateurs (la fiche ne donne que les dates)\npersonal_data, authentication, online_procedure, budget\nsecurity.risk_workshops : dates et démarche des ateliers d'analyse de risques",
        "en": "convention: reference, partner, signed_on, ends_on (and amendments, termination)\ncommitments: approach and manifesto\nteam.sponsor: the person's name and position (the page gives the organisation only)\ncommittees: chaired by the partner, DINUM present, indicators (the page gives the dates only)\npersonal_data, authentication, online_procedure, budget\nsecurity.risk_workshops: dates and method of the risk-analysis workshops",
    },
    "import.phase_skipped": {
        "fr": "phase ignorée (nom ou début invalide) : {name!r} {start!r}",
        "en": "phase left out (invalid name or start): {name!r} {start!r}",
    },
    "import.no_intrapreneur": {
        "fr": "team.intrapreneur : aucune mission d'agent public (status: admin) ne couvre le {as_of}",
        "en": "team.intrapreneur: no public-agent mission (status: admin) covers {as_of}",
    },
    "import.no_sponsor": {"fr": "team.sponsor : aucune organisation sponsor sur la fiche", "en": "team.sponsor: no sponsoring organisation on the page"},
    "import.no_updated_on": {
        "fr": "product_page.updated_on : date de dernière mise à jour de la fiche (inconnue hors d'un dépôt git)",
        "en": "product_page.updated_on: when the page was last updated (unknown outside a git checkout)",
    },
    "import.licence": {"fr": "source_code.licence : identifiant SPDX de la licence du code", "en": "source_code.licence: SPDX id of the code's licence"},
    "import.no_repository": {"fr": "source_code.repositories : aucun dépôt de code sur la fiche", "en": "source_code.repositories: no code repository on the page"},
    "import.no_statistics": {"fr": "statistics.url : aucune page de statistiques sur la fiche", "en": "statistics.url: no statistics page on the page"},
    "import.risk_analysis": {
        "fr": "security.risk_workshops : la fiche indique une analyse de risques (analyse_risques: true) mais sans date ni démarche",
        "en": "security.risk_workshops: the page says a risk analysis was done (analyse_risques: true) but gives no date or method",
    },
    "import.unreadable": {"fr": "illisible ({detail})", "en": "unreadable ({detail})"},
    "import.no_front_matter": {
        "fr": "pas d'en-tête YAML (front matter) entre deux lignes ---",
        "en": "no YAML header (front matter) between two --- lines",
    },
    "import.bad_front_matter": {"fr": "en-tête YAML invalide : {detail}", "en": "invalid YAML header: {detail}"},
    "import.not_mapping": {"fr": "l'en-tête YAML n'est pas un dictionnaire", "en": "the YAML header is not a mapping"},
    "import.bad_id": {"fr": "« {id} » ne peut pas servir d'identifiant (startup.id)", "en": "'{id}' cannot be a startup id (startup.id)"},
    "import.missing_page": {"fr": "fiche introuvable", "en": "no such product page"},
    "import.no_startups_dir": {
        "fr": "{dir} : pas de dossier _startups (attendu : le dossier content/ de beta.gouv.fr)",
        "en": "{dir}: no _startups folder (expected: beta.gouv.fr's content/ folder)",
    },
    "import.skipped": {"fr": "{reason} ; fiche ignorée", "en": "{reason}; page skipped"},
    "import.summary": {"fr": "{written} déclarations écrites dans {out}", "en": "{written} declarations written to {out}"},
    "import.summary_skipped": {"fr": ", {skipped} fiches ignorées", "en": ", {skipped} pages skipped"},
    # rule documentation (conformite rules / explain, docs/rules.md)
    "docs.and": {"fr": " et ", "en": " and "},
    "docs.or": {"fr": " ou ", "en": " or "},
    "docs.absent": {"fr": "absent", "en": "absent"},
    "docs.present": {"fr": "présent", "en": "present"},
    "docs.or_absent": {"fr": " (ou absent)", "en": " (or absent)"},
    "docs.applies": {"fr": "S'applique", "en": "Applies"},
    "docs.always": {"fr": "toujours", "en": "always"},
    "docs.deadlines": {"fr": "Échéances", "en": "Deadlines"},
    "docs.months": {"fr": "mois", "en": "months"},
    "docs.from": {"fr": "à partir de", "en": "from"},
    "docs.against": {"fr": "comparée à", "en": "compared with"},
    "docs.rules": {"fr": "Règles", "en": "Rules"},
    "docs.convention": {"fr": "La convention", "en": "The convention"},
    "docs.comply": {"fr": "Pour s'y conformer", "en": "How to comply"},
    "docs.pass": {"fr": "Exemple qui respecte la règle", "en": "Example that passes"},
    "docs.fail": {"fr": "Exemple qui la déclenche", "en": "Example that fires it"},
    "docs.when": {"fr": "Se déclenche quand", "en": "Fires when"},
    "docs.outcome.fail": {"fr": "manquement (error)", "en": "fail (error)"},
    "docs.outcome.warn": {"fr": "attention (warning)", "en": "warn (warning)"},
    "docs.obligation": {"fr": "Obligation", "en": "Obligation"},
    "docs.rule": {"fr": "Règle", "en": "Rule"},
    "docs.title": {"fr": "Règles de conformite", "en": "conformite rules"},
    "docs.intro": {"fr": "Généré depuis `rules/` par `conformite rules --markdown` ; ne pas modifier à la main.", "en": "Generated from `rules/` by `conformite rules --markdown`; do not edit by hand."},
    "docs.no_example": {"fr": "(exemples : fixtures/rules/ dans le dépôt)", "en": "(examples: fixtures/rules/ in the repository)"},
    # report words
    "status.compliant": {"fr": "conforme", "en": "compliant"},
    "status.non-compliant": {"fr": "non conforme", "en": "non-compliant"},
    "status.invalid": {"fr": "invalide", "en": "invalid"},
    "verdict.pass": {"fr": "respectée", "en": "pass"},
    "verdict.fail": {"fr": "manquement", "en": "fail"},
    "verdict.warn": {"fr": "attention", "en": "warning"},
    "verdict.waived": {"fr": "dérogation", "en": "waived"},
    "verdict.not-applicable": {"fr": "sans objet", "en": "not applicable"},
    "change.new": {"fr": "nouveau", "en": "new"},
    "change.resolved": {"fr": "résolu", "en": "resolved"},
    "change.unchanged": {"fr": "inchangé", "en": "unchanged"},
    "word.changes": {"fr": "Évolutions depuis le rapport de référence", "en": "Changes since the baseline report"},
    "word.report_title": {"fr": "Conformité des Startups d'État", "en": "Startups d'État compliance"},
    "word.startup": {"fr": "startup", "en": "startup"},
    "word.status": {"fr": "statut", "en": "status"},
    "word.obligation": {"fr": "obligation", "en": "obligation"},
    "word.message": {"fr": "constat", "en": "finding"},
    "word.article": {"fr": "article", "en": "article"},
    "word.verdict": {"fr": "verdict", "en": "verdict"},
    "word.file": {"fr": "fichier", "en": "file"},
    "word.errors": {"fr": "erreurs de lecture", "en": "reading errors"},
    "word.per_obligation": {"fr": "Verdicts par obligation", "en": "Verdicts per obligation"},
    "word.filter": {"fr": "Filtrer les startups", "en": "Filter startups"},
    "word.all": {"fr": "toutes", "en": "all"},
    "word.no_finding": {"fr": "Aucun constat.", "en": "No finding."},
    "word.declarations": {"fr": "déclarations", "en": "declarations"},
    "word.due_on": {"fr": "échéance", "en": "due"},
    "word.phase": {"fr": "phase", "en": "phase"},
    "word.line": {"fr": "ligne", "en": "line"},
    "word.as_of": {"fr": "à la date du", "en": "as of"},
    "word.summary": {
        "fr": "déclarations : {declarations} — conformes : {compliant}, non conformes : {non_compliant}, invalides : {invalid}",
        "en": "declarations: {declarations} — compliant: {compliant}, non-compliant: {non_compliant}, invalid: {invalid}",
    },
}


def text(code: str, lang: str = "fr", **params) -> str:
    """The message ``code`` in ``lang`` with its parameters filled in."""
    entry = MESSAGES[code]
    template = entry.get(lang) or entry["fr"]
    return template.format(**params) if params else template


def printable(value):
    """User text made safe to print anywhere: control characters (terminal escapes, NUL, bell…)
    become U+FFFD; newlines and tabs are kept (each format escapes or folds them)."""
    return _CONTROL.sub("\ufffd", value) if isinstance(value, str) else value


def number(value, lang: str = "fr") -> str:
    """A decimal as the language writes it: 94,2 in French, 94.2 in English."""
    shown = str(value)
    if isinstance(value, float):
        shown = repr(value).removesuffix(".0")  # the shortest exact writing: 98.49, 925000.01, 7
    return shown.replace(".", ",") if lang == "fr" else shown
