"""French and English words of the committee tools (agenda, sheet, history), kept apart from
:mod:`checker.messages` so these tools add text without touching the checker's own."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
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


def word(key: str, lang: str, **params) -> str:
    entry = WORDS[key]
    template = entry.get(lang) or entry["fr"]
    return template.format(**params) if params else template
