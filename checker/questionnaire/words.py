"""The questionnaire's words (``conformite init`` and the web form): what each refusal says,
the terminal's prompts, the command's sentences, the YAML file's comments. One catalogue of the
house's shape, ``{code: {"fr": …, "en": …}}``, registered in the one catalogue
(:mod:`checker.foundation.messages`) under ``questionnaire.`` and read by :func:`msg`, a short
name for :func:`checker.foundation.messages.text` with that prefix."""

from __future__ import annotations

from checker.foundation.messages import register, text

register(
    "questionnaire",
    {
        "date": {
            "fr": "Date attendue au format AAAA-MM-JJ (ou JJ/MM/AAAA), par exemple 2024-08-15.",
            "en": "Expected a date written YYYY-MM-DD (or DD/MM/YYYY), e.g. 2024-08-15.",
        },
        "no_such_date": {"fr": "Cette date n'existe pas : {value}.", "en": "This date does not exist: {value}."},
        "bool": {"fr": "Répondez oui ou non.", "en": "Answer yes or no."},
        "int": {"fr": "Nombre entier attendu, par exemple 6.", "en": "Expected a whole number, e.g. 6."},
        "number": {"fr": "Nombre attendu, par exemple 925000 ou 7,5.", "en": "Expected a number, e.g. 925000 or 7.5."},
        "range": {"fr": "Nombre attendu entre {low} et {high}.", "en": "Expected a number from {low} to {high}."},
        "url": {
            "fr": "Adresse attendue commençant par https:// (ou http://), sans espace.",
            "en": "Expected an address starting with https:// (or http://), no space.",
        },
        "required": {"fr": "Cette réponse est obligatoire.", "en": "This answer is required."},
        "decides": {
            "fr": " — à déclarer pour un produit actif : sans réponse, l'obligation {obligation} n'est pas tenue (à compléter)",
            "en": " — to declare for an active product: without an answer, obligation {obligation} fails (missing)",
        },
        "decides_required": {
            "fr": "Répondez oui ou non : pour un produit actif, sans réponse, l'obligation {obligation} n'est pas tenue.",
            "en": "Answer yes or no: for an active product, without an answer, obligation {obligation} fails.",
        },
        "undeclared_one": {
            "fr": "{file} : non déclaré pour ce produit actif : {keys} ; tant que la réponse (oui ou non) manque, l'obligation {obligations} n'est pas tenue (à compléter).",
            "en": "{file}: not declared for this active product: {keys}; until it is answered (yes or no), obligation {obligations} fails (missing).",
        },
        "undeclared_many": {
            "fr": "{file} : non déclarés pour ce produit actif : {keys} ; tant que les réponses (oui ou non) manquent, les obligations {obligations} ne sont pas tenues (à compléter).",
            "en": "{file}: not declared for this active product: {keys}; until they are answered (yes or no), obligations {obligations} fail (missing).",
        },
        "id": {
            "fr": "Identifiant attendu : 1 à 100 caractères, sans espace ni caractère de contrôle, sans « / » ni « \\ » (ex. api-engagement).",
            "en": "Expected an id: 1 to 100 characters, no space or control character, no '/' or '\\' (e.g. api-engagement).",
        },
        "duplicate": {
            "fr": "Identifiant déjà donné à un autre élément de la liste : chacun est unique.",
            "en": "Id already given to another item of the list: each is unique.",
        },
        "duplicate_of": {
            "fr": "identifiant déjà donné en {other} : chacun est unique",
            "en": "id already given at {other}: each is unique",
        },
        "both_forms": {
            "fr": "une seule des deux formes du budget : {keys}, ou years (pas les deux)",
            "en": "one budget form only: {keys}, or years (not both)",
        },
        "choice": {"fr": "Réponse attendue parmi : {choices}.", "en": "Expected one of: {choices}."},
        "method": {
            "fr": " [{methods}, ou une autre démarche écrite en entier]",
            "en": " [{methods}, or another method written in full]",
        },
        "method_hint": {
            "fr": "Pour une démarche recommandée, écrivez son identifiant : {method}.",
            "en": "For a recommended method, write its id: {method}.",
        },
        "licence_hint": {"fr": "Écrivez l'identifiant SPDX : {spdx}.", "en": "Write the SPDX id: {spdx}."},
        "licence_form": {
            "fr": "Identifiant SPDX attendu, sans espace (ex. MIT, Apache-2.0, AGPL-3.0, EUPL-1.2).",
            "en": "Expected an SPDX id, no space (e.g. MIT, Apache-2.0, AGPL-3.0, EUPL-1.2).",
        },
        "text": {"fr": "Texte attendu.", "en": "Expected text."},
        "too_long": {
            "fr": "Texte trop long : {length} caractères, {limit} au plus.",
            "en": "Text too long: {length} characters, at most {limit}.",
        },
        "listing": {"fr": "{key} : {count} {items} :", "en": "{key}: {count} {items}:"},
        "item": {"fr": "élément", "en": "item"},
        "items": {"fr": "éléments", "en": "items"},
        "list_menu": {"fr": "(oui/non, ou modifier N / supprimer N)", "en": "(yes/no, or edit N / remove N)"},
        "list_bad": {
            "fr": "Répondez oui (en ajouter un), non (terminer la liste), modifier N ou supprimer N, N de 1 à {count}.",
            "en": "Answer yes (add one), no (end the list), edit N or remove N, N from 1 to {count}.",
        },
        "no_previous": {"fr": "(C'est la première question.)", "en": "(This is the first question.)"},
        "yes_no": {"fr": "(oui/non)", "en": "(yes/no)"},
        "skip": {"fr": "(Entrée pour passer)", "en": "(Enter to skip)"},
        "unknown_key": {"fr": "clé inconnue{hint}", "en": "unknown key{hint}"},
        "did_you_mean": {"fr": " — vouliez-vous dire « {suggestion} » ?", "en": " — did you mean '{suggestion}'?"},
        "not_mapping": {"fr": "une liste d'éléments est attendue ici", "en": "a list of items is expected here"},
        "not_object": {"fr": "des clés sont attendues ici (un objet)", "en": "keys are expected here (a mapping)"},
        "answers_unreadable": {
            "fr": "{file} : fichier de réponses illisible ({detail}).",
            "en": "{file}: unreadable answers file ({detail}).",
        },
        "answers_not_mapping": {
            "fr": "{file} : le fichier de réponses doit être un objet YAML ou JSON, comme une déclaration.",
            "en": "{file}: the answers file must be a YAML or JSON mapping, shaped like a declaration.",
        },
        "answers_bad": {"fr": "{file} : {path} : {message}", "en": "{file}: {path}: {message}"},
        "more_bad": {
            "fr": "{file} : … et {count} autres réponses refusées (non listées).",
            "en": "{file}: … and {count} more answers refused (not listed).",
        },
        "exists": {
            "fr": "{file} existe déjà : rien n'a été écrit (--force pour le remplacer).",
            "en": "{file} already exists: nothing was written (--force to replace it).",
        },
        "appeared": {
            "fr": "{file} a été créé pendant le questionnaire : il est conservé tel quel, rien n'a été écrit (--force pour le remplacer).",
            "en": "{file} was created while the questionnaire ran: it is kept as it is, nothing was written (--force to replace it).",
        },
        "other_file": {
            "fr": "{file} existe déjà : nom du fichier à écrire ?",
            "en": "{file} already exists: name of the file to write?",
        },
        "appeared_ask": {
            "fr": "{file} a été créé pendant le questionnaire (il est conservé) : nom du fichier à écrire ?",
            "en": "{file} was created while the questionnaire ran (it is kept): name of the file to write?",
        },
        "exists_ask": {
            "fr": "{file} existe déjà : choisissez un autre nom.",
            "en": "{file} already exists: choose another name.",
        },
        "not_tty": {
            "fr": "init pose ses questions dans un terminal ; hors d'un terminal, donnez les réponses avec --answers FICHIER.",
            "en": "init asks its questions in a terminal; outside one, give the answers with --answers FILE.",
        },
        "interrupted": {
            "fr": "questionnaire interrompu : rien n'a été écrit.",
            "en": "questionnaire interrupted: nothing was written.",
        },
        "written": {
            "fr": "déclaration écrite dans {file}. Vérifiez-la : conformite check {file}",
            "en": "declaration written to {file}. Check it: conformite check {file}",
        },
        "write_failed": {"fr": "{file} : écriture impossible ({detail}).", "en": "{file}: cannot write ({detail})."},
        "too_large": {
            "fr": "la déclaration produite dépasse ce que conformite check lit ({detail}) : rien n'a été écrit.",
            "en": "the declaration produced is more than conformite check reads ({detail}): nothing was written.",
        },
        "bytes": {"fr": "{size} octets, {limit} au plus", "en": "{size} bytes, at most {limit}"},
        "invalid_result": {
            "fr": "la déclaration produite ne passe pas le schéma ({detail}) : rien n'a été écrit.",
            "en": "the declaration produced does not pass the schema ({detail}): nothing was written.",
        },
        "betagouv_needs_startup": {
            "fr": "--from-betagouv demande --startup ID.",
            "en": "--from-betagouv needs --startup ID.",
        },
        "betagouv_no_page": {
            "fr": "{file} : pas de fiche produit pour « {id} » dans ce dossier{hint}.",
            "en": "{file}: no product page for '{id}' in this folder{hint}.",
        },
        "betagouv_bad_page": {
            "fr": "{file}:{line} : fiche produit illisible ({detail}).",
            "en": "{file}:{line}: unreadable product page ({detail}).",
        },
        "betagouv_dropped": {
            "fr": "{file} : {path} non repris ({message})",
            "en": "{file}: {path} not taken ({message})",
        },
        "betagouv_prefilled": {"fr": "pré-rempli depuis {file} : {keys}.", "en": "pre-filled from {file}: {keys}."},
        "header": {
            "fr": "Déclaration de conformité écrite par « conformite init » le {today}.\nFormat : docs/partner.md de conformite (écrire une déclaration) ; vérification : conformite check {file}\nUne rubrique absente est une obligation non démontrée : complétez-la dès que possible.",
            "en": "Compliance declaration written by 'conformite init' on {today}.\nFormat: conformite's docs/partner.md (writing a declaration); check: conformite check {file}\nA section left out is an obligation not shown to hold: fill it in as soon as you can.",
        },
        "missing_sections": {"fr": "Rubriques non renseignées : {keys}.", "en": "Sections not filled in: {keys}."},
        # how to write each kind of answer (the web form shows it under the question)
        "hint.date": {"fr": "Format : AAAA-MM-JJ ou JJ/MM/AAAA.", "en": "Format: YYYY-MM-DD or DD/MM/YYYY."},
        "hint.int": {"fr": "Un nombre entier.", "en": "A whole number."},
        "hint.number": {"fr": "Un nombre, par exemple 925 000 ou 7,5.", "en": "A number, e.g. 925,000 or 7.5."},
        "hint.url": {"fr": "Une adresse commençant par https://.", "en": "An address starting with https://."},
        "hint.urls": {
            "fr": "Des adresses commençant par https://, séparées par des virgules.",
            "en": "Addresses starting with https://, separated by commas.",
        },
        "hint.licence": {
            "fr": "L'identifiant SPDX, par exemple MIT, AGPL-3.0 ou EUPL-1.2.",
            "en": "The SPDX id, e.g. MIT, AGPL-3.0 or EUPL-1.2.",
        },
        "hint.id": {
            "fr": "1 à 100 caractères, sans espace, « / » ni « \\ ».",
            "en": "1 to 100 characters, no space, '/' or '\\'.",
        },
        "hint.method": {
            "fr": "Démarches recommandées : {methods} ; ou une autre démarche écrite en entier.",
            "en": "Recommended methods: {methods}; or another method written in full.",
        },
        "hint.required": {"fr": "Réponse obligatoire.", "en": "Answer required."},
        "intro": {
            "fr": "Questionnaire de conformité. Chaque réponse est vérifiée à la frappe ; Entrée sans rien écrire passe une question facultative ; « < » puis Entrée revient à la question précédente ; Ctrl-C abandonne sans rien écrire.",
            "en": "Compliance questionnaire. Each answer is checked as you type; Enter on an empty answer skips an optional question; '<' then Enter goes back to the previous question; Ctrl-C stops without writing anything.",
        },
    },
)


def msg(code: str, lang: str, **params: object) -> str:
    """The questionnaire's text ``code`` in ``lang``: :func:`~checker.foundation.messages.text`
    of ``questionnaire.<code>`` (a clipped value or a system error shown in ``lang``)."""
    return text(f"questionnaire.{code}", lang, **params)
