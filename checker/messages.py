"""The user-facing text that is not a rule's: load and schema errors, exemption fields,
command-line errors, report headings. French first, English with ``--lang en``."""

from __future__ import annotations

import re

from .verdicts import words

LANGS = ("fr", "en")
# control characters (terminal escapes, NUL, bell…), bidirectional overrides that reorder what a
# reader sees, and lone surrogates (undecodable file-name bytes, "\\udc80" escapes in YAML) that
# no UTF-8 output can encode
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
QUOTE_LIMIT = 80  # characters of a declaration value quoted in a message, at most
MAX_ERRORS = 20  # errors listed per file; the rest are counted on one last line

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
    "file.worker_died": {
        "fr": "l'évaluation de ce fichier a échoué : le processus qui le vérifiait s'est arrêté ({detail}) ; aucun verdict n'est donné pour ce fichier",
        "en": "evaluation failed: the process checking this file stopped ({detail}); no verdict is given for this file",
    },
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
    "yaml.number_range": {
        "fr": "nombre hors limites : {value} (entre -{limit} et {limit})",
        "en": "number out of range: {value} (between -{limit} and {limit})",
    },
    "file.more_errors": {
        "fr": "… et {count} autres erreurs dans ce fichier (non listées)",
        "en": "… and {count} more errors in this file (not listed)",
    },
    "file.more_errors_at_least": {
        "fr": "… et plus de {count} autres erreurs dans ce fichier (non listées ; le décompte s'arrête là)",
        "en": "… and over {count} more errors in this file (not listed; counting stops there)",
    },
    "word.characters": {"fr": "caractères", "en": "characters"},
    "yaml.too_many_nodes": {
        "fr": "document trop grand une fois les alias développés (plus de {limit} nœuds) : refusé",
        "en": "document too large once aliases are expanded (over {limit} nodes): refused",
    },
    "yaml.too_much_text": {
        "fr": "document trop grand une fois les alias développés (plus de {limit} caractères de texte) : refusé",
        "en": "document too large once aliases are expanded (over {limit} characters of text): refused",
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
        "en": "beta.gouv.fr id: 1 to 100 characters, no white space, control character, '/' or '\\'",
    },
    "pattern.date": {"fr": "date AAAA-MM-JJ", "en": "date YYYY-MM-DD"},
    # evaluation
    "engine.failed": {
        "fr": "l'évaluation des règles a échoué ({detail}) : aucun verdict n'est donné pour ce fichier",
        "en": "rule evaluation failed ({detail}): no verdict is given for this file",
    },
    # exemptions: their findings are described in rules/_exemptions.yaml
    "field.reason": {"fr": "le motif (reason)", "en": "the reason"},
    "field.approved_by": {"fr": "l'approbation (approved_by)", "en": "the approver (approved_by)"},
    "field.expires_on": {"fr": "la date d'expiration (expires_on)", "en": "the expiry date (expires_on)"},
    # command line
    "cli.error": {"fr": "erreur", "en": "error"},
    "cli.bad_date": {
        "fr": "{option} attend une date AAAA-MM-JJ, pas « {value} »",
        "en": "{option} expects a date YYYY-MM-DD, not '{value}'",
    },
    "cli.rules_broken": {
        "fr": "fichier de règles invalide {file} : {detail}",
        "en": "invalid rule file {file}: {detail}",
    },
    "cli.max_bytes": {
        "fr": "--max-bytes attend un nombre d'octets entre 1 et {limit} (64 Mio), pas « {value} »",
        "en": "--max-bytes expects a number of bytes between 1 and {limit} (64 MiB), not '{value}'",
    },
    "cli.jobs": {
        "fr": "--jobs attend un nombre de processus entre 1 et {limit}, pas « {value} »",
        "en": "--jobs expects a number of processes between 1 and {limit}, not '{value}'",
    },
    "cli.output_is_input": {
        "fr": "{file} est un fichier vérifié par cette commande (ou le serait) : un rapport ne peut pas le remplacer ; rien n'a été écrit",
        "en": "{file} is a file this command checks (or would check): a report cannot replace it; nothing was written",
    },
    "cli.interrupted": {
        "fr": "interrompu ({signal}) : aucun rapport partiel écrit, les fichiers précédents sont intacts",
        "en": "interrupted ({signal}): no partial report written, previous files left whole",
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
    "cli.evidence_dir": {
        "fr": "{dir} : dossier de preuves introuvable (ou --evidence-max-age négatif)",
        "en": "{dir}: evidence directory not found (or negative --evidence-max-age)",
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
    "import.phase_skipped": {
        "fr": "phase ignorée (nom ou début invalide) : {name!r} {start!r}",
        "en": "phase left out (invalid name or start): {name!r} {start!r}",
    },
    "import.no_intrapreneur": {
        "fr": "team.intrapreneur : aucune mission d'agent public (status: admin) ne couvre le {as_of}",
        "en": "team.intrapreneur: no public-agent mission (status: admin) covers {as_of}",
    },
    "import.no_sponsor": {
        "fr": "team.sponsor : aucune organisation sponsor sur la fiche",
        "en": "team.sponsor: no sponsoring organisation on the page",
    },
    "import.no_updated_on": {
        "fr": "product_page.updated_on : date de dernière mise à jour de la fiche (inconnue hors d'un dépôt git)",
        "en": "product_page.updated_on: when the page was last updated (unknown outside a git checkout)",
    },
    "import.no_repository": {
        "fr": "source_code.repositories : aucun dépôt de code sur la fiche",
        "en": "source_code.repositories: no code repository on the page",
    },
    "import.no_statistics": {
        "fr": "statistics.url : aucune page de statistiques sur la fiche",
        "en": "statistics.url: no statistics page on the page",
    },
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
    "import.bad_id": {
        "fr": "« {id} » ne peut pas servir d'identifiant (startup.id)",
        "en": "'{id}' cannot be a startup id (startup.id)",
    },
    "import.missing_page": {"fr": "fiche introuvable", "en": "no such product page"},
    "import.no_startups_dir": {
        "fr": "{dir} : pas de dossier _startups (attendu : le dossier content/ de beta.gouv.fr)",
        "en": "{dir}: no _startups folder (expected: beta.gouv.fr's content/ folder)",
    },
    "import.skipped": {"fr": "{reason} ; fiche ignorée", "en": "{reason}; page skipped"},
    "import.summary": {
        "fr": "{written} déclarations écrites dans {out}, {unchanged} inchangées",
        "en": "{written} declarations written to {out}, {unchanged} unchanged",
    },
    "import.dry_run": {"fr": " (--dry-run : rien n'a été écrit)", "en": " (--dry-run: nothing was written)"},
    "import.summary_conflicts": {
        "fr": ", {conflicts} conflits (valeur de l'équipe gardée)",
        "en": ", {conflicts} conflicts (the team's value kept)",
    },
    "import.left_out": {"fr": "{reason} ; champ laissé de côté", "en": "{reason}; field left out"},
    "import.bad_type": {"fr": "{field} : {expected} attendu", "en": "{field}: expected {expected}"},
    "import.bad_date": {
        "fr": "{field} : date impossible « {value} » (attendu une date réelle AAAA-MM-JJ)",
        "en": "{field}: impossible date '{value}' (expected a real date YYYY-MM-DD)",
    },
    "import.too_long": {
        "fr": "{field} : texte trop long ({size} caractères, limite {limit})",
        "en": "{field}: text too long ({size} characters, limit {limit})",
    },
    "import.too_many": {
        "fr": "{field} : trop d'éléments ({size}, limite {limit})",
        "en": "{field}: too many items ({size}, limit {limit})",
    },
    "import.expands": {
        "fr": "en-tête trop grand une fois les alias développés (plus de {limit} caractères)",
        "en": "header too large once aliases are expanded (over {limit} characters)",
    },
    "import.internal": {
        "fr": "erreur interne ({detail}) ; merci de la signaler avec ce fichier",
        "en": "internal error ({detail}); please report it with this file",
    },
    "import.existing_unreadable": {
        "fr": "déclaration existante illisible ({reason}) : laissée telle quelle",
        "en": "existing declaration cannot be read ({reason}): left as it is",
    },
    "import.conflict": {
        "fr": "{path} : modifié par l'équipe depuis le dernier import, valeur de l'équipe {ours} gardée ; la source donne {theirs}",
        "en": "{path}: changed by the team since the last import, the team's value {ours} kept; the source says {theirs}",
    },
    "import.absent": {"fr": "(absent)", "en": "(absent)"},
    "import.inside_source": {
        "fr": "--out {out} est dans le dossier source {source} : l'import n'écrit jamais dans sa source",
        "en": "--out {out} is inside the source folder {source}: an import never writes into its source",
    },
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
    "docs.exemption_when": {
        "fr": "une dérogation de la déclaration est sans effet, expirée ou inutile (vérifié par conformite, sauf avec --no-exemptions)",
        "en": "an exemption of the declaration has no effect, has expired or is stale (checked by conformite, unless --no-exemptions)",
    },
    "docs.exemption_path": {"fr": "Signalée à", "en": "Reported at"},
    "docs.title": {"fr": "Règles de conformite", "en": "conformite rules"},
    "docs.intro": {
        "fr": "Généré depuis `rules/` par `conformite rules --markdown` ; ne pas modifier à la main.",
        "en": "Generated from `rules/` by `conformite rules --markdown`; do not edit by hand.",
    },
    "docs.no_example": {
        "fr": "(exemples : fixtures/rules/ dans le dépôt)",
        "en": "(examples: fixtures/rules/ in the repository)",
    },
    # report words
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
    # committee tools (agenda, sheet, history)
    # agenda item labels, by deadline name (a deadline without a label shows its obligation's title)
    "deadline.committee": {"fr": "Comité d'investissement", "en": "Investment committee"},
    "deadline.product_page": {"fr": "Mise à jour de la fiche produit", "en": "Product page update"},
    "deadline.risk_workshop": {"fr": "Atelier d'analyse de risques", "en": "Risk-analysis workshop"},
    "deadline.convention_start": {"fr": "Signature de la convention", "en": "Convention signature"},
    "deadline.convention_end": {"fr": "Fin de la convention", "en": "End of the convention"},
    "deadline.termination_notice": {"fr": "Fin du préavis de résiliation", "en": "End of the termination notice"},
    "deadline.cbcm_copy": {"fr": "Copie de la convention aux CBCM", "en": "Convention copy to the CBCMs"},
    "deadline.publication": {"fr": "Publication de la convention", "en": "Publication of the convention"},
    "deadline.final_report": {"fr": "Rapport final", "en": "Final report"},
    "deadline.budget_underspend": {"fr": "Signalement des crédits non consommés", "en": "Underspend report"},
    "item.exemption": {"fr": "Fin de la dérogation ({obligation})", "en": "Exemption expiry ({obligation})"},
    "item.exemption.explain": {
        "fr": "Dérogation à l'obligation {obligation} : {reason} (accordée par {approved_by}). Elle expire le {due_on} : renouvelez-la ou mettez-vous en conformité.",
        "en": "Exemption from {obligation}: {reason} (approved by {approved_by}). It expires on {due_on}: renew it or comply.",
    },
    "item.homologation": {"fr": "Fin de l'homologation de sécurité", "en": "End of the security homologation"},
    "item.homologation.explain": {
        "fr": "Homologation de sécurité décidée le {decided_on} pour {months} mois : elle prend fin le {due_on}.",
        "en": "Security homologation decided on {decided_on} for {months} months: it ends on {due_on}.",
    },
    "item.objective": {"fr": "Objectif : {label}", "en": "Objective: {label}"},
    "item.objective.explain": {
        "fr": "Objectif de l'annexe « {label} » : cible {target} au {due_on}.",
        "en": "Annex objective '{label}': target {target} by {due_on}.",
    },
    "state.overdue": {"fr": "en retard", "en": "overdue"},
    "state.due-soon": {"fr": "bientôt dû", "en": "due soon"},
    "state.upcoming": {"fr": "à venir", "en": "upcoming"},
    "agenda.title": {
        "fr": "Échéances au {as_of} (en retard et {days} prochains jours)",
        "en": "Deadlines as of {as_of} (overdue and next {days} days)",
    },
    "agenda.none": {"fr": "Aucune échéance.", "en": "No deadline."},
    "col.due_on": {"fr": "échéance", "en": "due"},
    "col.state": {"fr": "état", "en": "state"},
    "col.startup": {"fr": "startup", "en": "startup"},
    "col.obligation": {"fr": "obligation", "en": "obligation"},
    "col.what": {"fr": "quoi", "en": "what"},
    "col.where": {"fr": "fichier:ligne", "en": "file:line"},
    "col.date": {"fr": "date", "en": "date"},
    "col.compliant": {"fr": "conformes", "en": "compliant"},
    "col.checked": {"fr": "vérifiées", "en": "checked"},
    "history.title": {"fr": "Évolution de la conformité du {start} au {end}", "en": "Compliance from {start} to {end}"},
    "history.compliant": {"fr": "startups conformes", "en": "compliant startups"},
    "history.fails": {"fr": "« fail » par obligation", "en": "'fail' per obligation"},
    "cli.history_range": {"fr": "--from doit précéder ou égaler --to", "en": "--from must be on or before --to"},
    "cli.sheet_output_dir": {"fr": "un répertoire demande --output-dir", "en": "a directory needs --output-dir"},
    "cli.sheet_one": {
        "fr": "{path} : une seule déclaration attendue (ou un répertoire avec --output-dir)",
        "en": "{path}: one declaration expected (or a directory with --output-dir)",
    },
    # the startup sheet
    "sheet.title": {"fr": "Fiche comité — {title}", "en": "Committee sheet — {title}"},
    "sheet.as_of": {"fr": "Situation au {as_of}", "en": "As of {as_of}"},
    "sheet.identity": {"fr": "Identité", "en": "Identity"},
    "sheet.incubator": {"fr": "Incubateur", "en": "Incubator"},
    "sheet.link": {"fr": "Site", "en": "Website"},
    "sheet.phase": {"fr": "Phase actuelle", "en": "Current phase"},
    "sheet.intrapreneur": {"fr": "Intrapreneur", "en": "Intrapreneur"},
    "sheet.sponsor": {"fr": "Sponsor", "en": "Sponsor"},
    "sheet.convention": {"fr": "Convention", "en": "Convention"},
    "sheet.period": {"fr": "du {start} au {end}", "en": "from {start} to {end}"},
    "sheet.status": {"fr": "Statut", "en": "Status"},
    "sheet.timeline": {"fr": "Chronologie", "en": "Timeline"},
    "sheet.obligations": {"fr": "Obligations", "en": "Obligations"},
    "sheet.committees": {"fr": "Indicateurs des derniers comités", "en": "Indicators of the last committees"},
    "sheet.indicator": {"fr": "indicateur", "en": "indicator"},
    "sheet.objective_at": {"fr": "objectif fixé le {date}", "en": "objective set on {date}"},
    "sheet.result_at": {"fr": "résultat au {date}", "en": "result on {date}"},
    "sheet.reached": {"fr": "atteint", "en": "reached"},
    "sheet.not_reached": {"fr": "non atteint", "en": "not reached"},
    "sheet.no_next": {"fr": "pas encore de comité suivant", "en": "no following committee yet"},
    "sheet.objectives": {"fr": "Objectifs de l'annexe", "en": "Annex objectives"},
    "sheet.target": {"fr": "cible", "en": "target"},
    "sheet.forecast": {"fr": "prévision", "en": "forecast"},
    "sheet.measurements": {"fr": "mesures", "en": "measurements"},
    "sheet.exemptions": {"fr": "Dérogations", "en": "Exemptions"},
    "sheet.expires": {"fr": "expire le", "en": "expires on"},
    "sheet.deadlines": {"fr": "Prochaines échéances", "en": "Coming deadlines"},
    "sheet.deadlines_row": {"fr": "échéances", "en": "deadlines"},
    "sheet.none": {"fr": "Aucune.", "en": "None."},
    "sheet.today": {"fr": "aujourd'hui", "en": "today"},
    "sheet.committee": {"fr": "comité", "en": "committee"},
    "sheet.workshop": {"fr": "atelier risques", "en": "risk workshop"},
    "sheet.amendment": {"fr": "avenant", "en": "amendment"},
    "sheet.convention_start": {"fr": "signature", "en": "signature"},
    "sheet.convention_end": {"fr": "fin de convention", "en": "convention end"},
    "sheet.invalid": {"fr": "Déclaration invalide", "en": "Invalid declaration"},
    "sheet.not_declared": {"fr": "non déclaré", "en": "not declared"},
}
MESSAGES.update(words())  # verdict and status words: checker.verdicts


def text(code: str, lang: str = "fr", **params) -> str:
    """The message ``code`` in ``lang`` with its parameters filled in (a :class:`Clipped`
    value shown with its ellipsis and full length)."""
    entry = MESSAGES[code]
    template = entry.get(lang) or entry["fr"]
    if not params:
        return template
    for key, value in params.items():
        if isinstance(value, Clipped):
            params[key] = value.shown(lang)
    return template.format(**params)


class Clipped(str):
    """The first characters of a value too long to quote whole; ``length`` is its full length."""

    length: int

    def shown(self, lang: str = "fr") -> str:
        return f"{self}… ({self.length} {text('word.characters', lang)})"


def clip(value, limit: int = QUOTE_LIMIT):
    """A string over ``limit`` characters as a :class:`Clipped` head; anything else unchanged,
    so a message never echoes an unbounded value (a 200 KB text aliased 2,000 times)."""
    if isinstance(value, str) and len(value) > limit and not isinstance(value, Clipped):
        head = Clipped(value[: max(limit - 20, 1)])
        head.length = len(value)
        return head
    return value


_INVISIBLE = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def quote(value):
    """A value as an error message quotes it: clipped, then line breaks and tabs written out
    (``abc\\n``, so the message stays one line and shows what is wrong)."""
    if not isinstance(value, str):
        return value
    cut = clip(value)
    if isinstance(cut, Clipped):
        shown = Clipped(cut.translate(_INVISIBLE))
        shown.length = cut.length
        return shown
    return cut.translate(_INVISIBLE)


def shorten(value, lang: str = "fr", limit: int = QUOTE_LIMIT):
    """``clip`` as final text: the head, an ellipsis and the full length."""
    value = clip(value, limit)
    return value.shown(lang) if isinstance(value, Clipped) else value


def printable(value):
    """User text made safe to print anywhere: control characters (terminal escapes, NUL, bell…)
    become U+FFFD; newlines and tabs are kept (each format escapes or folds them)."""
    if isinstance(value, Clipped):
        out = Clipped(_CONTROL.sub("\ufffd", value))
        out.length = value.length
        return out
    return _CONTROL.sub("\ufffd", value) if isinstance(value, str) else value


def number(value, lang: str = "fr") -> str:
    """A decimal as the language writes it: 94,2 in French, 94.2 in English."""
    shown = str(value)
    if isinstance(value, float):
        shown = repr(value).removesuffix(".0")  # the shortest exact writing: 98.49, 925000.01, 7
    return shown.replace(".", ",") if lang == "fr" else shown
