"""The user-facing text that is not a rule's: load and schema errors, exemption fields,
command-line errors, report headings. French first, English with ``--lang en``."""

from __future__ import annotations

from .verdicts import words

LANGS = ("fr", "en")
MAX_ERRORS = 20  # errors listed per file; the rest are counted on one last line
MAX_FINDINGS = 20  # findings of one rule listed per file (exemptions repeat); the rest counted in one more

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
    "file.worker_timeout": {
        "fr": "l'évaluation de ce fichier a dépassé le délai de {seconds} s : le processus qui le vérifiait ne répondait plus et a été arrêté ; aucun verdict n'est donné pour ce fichier",
        "en": "evaluation ran past its time limit of {seconds} s: the process checking this file stopped answering and was killed; no verdict is given for this file",
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
    "yaml.syntax": {
        "fr": "YAML illisible à cet endroit : vérifiez le retrait, les guillemets et les « : » de cette ligne et de la précédente (détail de l'analyseur : {detail})",
        "en": "YAML cannot be read here: check the indentation, quotes and ':' of this line and the one before (parser detail: {detail})",
    },
    "yaml.tab": {
        "fr": "YAML illisible : caractère de tabulation ; le retrait YAML se fait uniquement avec des espaces, remplacez la tabulation par des espaces",
        "en": "YAML cannot be read: tab character; YAML indentation uses spaces only, replace the tab with spaces",
    },
    "yaml.colon_in_value": {
        "fr": "YAML illisible : « : » dans une valeur sans guillemets (YAML y lit une nouvelle clé) ; mettez la valeur entre guillemets : {fix}",
        "en": "YAML cannot be read: ': ' inside an unquoted value (YAML reads a new key there); quote the value: {fix}",
    },
    "yaml.indent_value": {
        "fr": "YAML illisible : cette clé est plus en retrait que la clé du dessus, qui a déjà une valeur ; alignez-la sur les clés de même niveau (ou, si « : » fait partie du texte, mettez la valeur entre guillemets)",
        "en": "YAML cannot be read: this key is indented further than the key above, which already has a value; align it with the keys of its level (or, if ':' belongs to the text, quote the value)",
    },
    "yaml.comment_in_value": {
        "fr": "YAML illisible : « # » précédé d'une espace commence un commentaire, la fin de la ligne est ignorée ; mettez la valeur qui contient « # » entre guillemets",
        "en": "YAML cannot be read: '#' after a space starts a comment, the rest of the line is ignored; quote the value that holds '#'",
    },
    "yaml.indent": {
        "fr": "YAML illisible : retrait incohérent ; cette ligne doit être alignée exactement sur les clés de même niveau au-dessus (même nombre d'espaces)",
        "en": "YAML cannot be read: inconsistent indentation; this line must line up exactly with the keys of its level above (same number of spaces)",
    },
    "yaml.after_quote": {
        "fr": "YAML illisible : du texte suit le guillemet fermant ; mettez toute la valeur entre les guillemets",
        "en": "YAML cannot be read: text follows the closing quote; put the whole value inside the quotes",
    },
    "yaml.unclosed_quote": {
        "fr": "YAML illisible : guillemet {quote} ouvert ici et jamais refermé ; ajoutez le guillemet fermant à la fin de la valeur",
        "en": "YAML cannot be read: quote {quote} opened here and never closed; add the closing quote at the end of the value",
    },
    "yaml.escape": {
        "fr": "YAML illisible : barre oblique inverse « \\ » inconnue entre guillemets doubles ; utilisez des guillemets simples ('…') ou doublez la barre (\\\\)",
        "en": "YAML cannot be read: unknown backslash escape inside double quotes; use single quotes ('…') or double the backslash (\\\\)",
    },
    "yaml.list_indent": {
        "fr": "YAML illisible : ligne mal alignée dans une liste ; chaque élément commence par « - » au même retrait, et une clé ne peut pas suivre les éléments au même niveau",
        "en": "YAML cannot be read: misaligned line in a list; every item starts with '-' at the same indentation, and a key cannot follow the items at their level",
    },
    "yaml.no_colon": {
        "fr": "YAML illisible : cette ligne n'a pas de « : » ; écrivez clé: valeur (ou, si elle continue la valeur du dessus, mettez cette valeur entre guillemets)",
        "en": "YAML cannot be read: this line has no ':'; write key: value (or, if it continues the value above, quote that value)",
    },
    "yaml.dash_inline": {
        "fr": "YAML illisible : « - » de liste sur la ligne de la clé ; passez à la ligne et mettez « - élément » en retrait sous la clé (ou mettez la valeur entre guillemets)",
        "en": "YAML cannot be read: list '-' on the key's line; start a new line and indent '- item' under the key (or quote the value)",
    },
    "yaml.no_space": {
        "fr": "YAML illisible : il manque une espace après le « : » de « {key} » (sans elle, YAML lit un seul texte, pas une clé et sa valeur) ; écrivez {fix}",
        "en": "YAML cannot be read: a space is missing after the ':' of '{key}' (without it, YAML reads one text, not a key and its value); write {fix}",
    },
    "yaml.dash_space": {
        "fr": "YAML illisible : il manque une espace après le « - » qui commence un élément de liste ; écrivez {fix}",
        "en": "YAML cannot be read: a space is missing after the '-' that starts a list item; write {fix}",
    },
    "yaml.missing_colon": {
        "fr": "YAML illisible : il manque « : » après la clé « {key} », sous laquelle des lignes sont en retrait ; écrivez {key}:",
        "en": "YAML cannot be read: ':' is missing after the key '{key}', which has lines indented under it; write {key}:",
    },
    "yaml.apostrophe": {
        "fr": "YAML illisible : une apostrophe entre guillemets simples ferme la valeur ; mettez la valeur entre guillemets doubles : {fix}",
        "en": "YAML cannot be read: an apostrophe inside single quotes ends the value; put the value in double quotes: {fix}",
    },
    "yaml.flow_unclosed": {
        "fr": "YAML illisible : « {open} » ouvert ici sans « {close} » fermant, ou virgule manquante entre deux éléments",
        "en": "YAML cannot be read: '{open}' opened here without a closing '{close}', or a comma missing between two items",
    },
    "yaml.reserved_char": {
        "fr": "YAML illisible : une valeur ne peut pas commencer par « {char} » ; mettez-la entre guillemets",
        "en": "YAML cannot be read: a value cannot start with '{char}'; quote it",
    },
    "yaml.alias": {
        "fr": "YAML illisible : alias « *{name} » sans ancre « &{name} » plus haut ; mettez la valeur entre guillemets si « * » fait partie du texte",
        "en": "YAML cannot be read: alias '*{name}' without an anchor '&{name}' above; quote the value if '*' belongs to the text",
    },
    "yaml.control_char": {
        "fr": "caractère de contrôle interdit ({char}) : supprimez-le",
        "en": "control character not allowed ({char}): remove it",
    },
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
    # {count}: checker.foundation.wording.counted with the count.* noun of the same name
    "file.more_errors": {"fr": "… et {count}", "en": "… and {count}"},
    "count.more_errors": {
        "fr": "autre erreur dans ce fichier (non listée)|autres erreurs dans ce fichier (non listées)",
        "en": "more error in this file (not listed)|more errors in this file (not listed)",
    },
    "file.more_errors_at_least": {"fr": "… et plus de {count}", "en": "… and over {count}"},
    "count.more_errors_at_least": {
        "fr": "autre erreur dans ce fichier (non listée ; le décompte s'arrête là)|autres erreurs dans ce fichier (non listées ; le décompte s'arrête là)",
        "en": "more error in this file (not listed; counting stops there)|more errors in this file (not listed; counting stops there)",
    },
    "file.more_findings": {
        "fr": "… et {count} autres constats de la règle {rule} dans ce fichier (non listés : {limit} au plus par règle)",
        "en": "… and {count} more findings of rule {rule} in this file (not listed: at most {limit} per rule)",
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
    "json.syntax": {
        "fr": "JSON illisible ligne {at_line}, colonne {at_column} ({detail})",
        "en": "JSON cannot be read at line {at_line}, column {at_column} ({detail})",
    },
    "json.too_deep": {
        "fr": "JSON trop imbriqué (plus de {limit} niveaux) : refusé",
        "en": "JSON nested too deep (over {limit} levels): refused",
    },
    # schema
    "schema.unknown_key": {
        "fr": "clé inconnue « {key} »{hint}",
        "en": "unknown key '{key}'{hint}",
    },
    "schema.type": {"fr": "{expected} attendu, trouvé {found}", "en": "expected {expected}, found {found}"},
    "schema.boolean_word": {
        "fr": "booléen attendu : écrivez {write} (pas « {value} ») ; seuls true et false sont des booléens",
        "en": "expected a boolean: write {write} (not '{value}'); only true and false are booleans",
    },
    "schema.missing_space": {
        "fr": "un dictionnaire attendu, trouvé le texte « {value} » : il manque une espace après « : » ; écrivez {fix}",
        "en": "expected a mapping, found the text '{value}': a space is missing after ':'; write {fix}",
    },
    "schema.key_no_space": {
        "fr": "clé inconnue « {key} » : il manque une espace après « : » ; écrivez {fix}",
        "en": "unknown key '{key}': a space is missing after ':'; write {fix}",
    },
    "schema.key_equals": {
        "fr": "un dictionnaire attendu, trouvé le texte « {value} » : une clé et sa valeur s'écrivent avec « : » suivi d'une espace ; écrivez {fix}",
        "en": "expected a mapping, found the text '{value}': a key and its value are written with ':' and a space; write {fix}",
    },
    "schema.dash_space": {
        "fr": "une liste attendue, trouvé la clé « {key} » : il manque une espace après le « - » qui commence un élément ; écrivez {fix}",
        "en": "expected a list, found the key '{key}': a space is missing after the '-' that starts an item; write {fix}",
    },
    "schema.number_written": {
        "fr": "nombre mal écrit « {value} » : un nombre s'écrit en chiffres, sans espace, séparateur de milliers ni unité, avec un point avant les décimales ; écrivez {fix}",
        "en": "number written as '{value}': a number is written in digits, without spaces, thousands separators or unit, with a point before the decimals; write {fix}",
    },
    "schema.number_ambiguous": {
        "fr": "nombre mal écrit « {value} » : un nombre s'écrit en chiffres, sans séparateur de milliers, avec un point avant les décimales ; écrivez {fix} si la virgule sépare les décimales, {other} si elle sépare les milliers",
        "en": "number written as '{value}': a number is written in digits, without thousands separators, with a point before the decimals; write {fix} if the comma separates the decimals, {other} if it separates the thousands",
    },
    "schema.placeholder": {
        "fr": "valeur à remplacer : « {value} » est un modèle, écrivez à sa place la vraie valeur ({wanted})",
        "en": "value to replace: '{value}' is a placeholder, write the real value instead ({wanted})",
    },
    "schema.boolean_quoted": {
        "fr": "booléen attendu : écrivez {write} sans guillemets (entre guillemets, « {value} » est du texte)",
        "en": "expected a boolean: write {write} without quotes (in quotes, '{value}' is text)",
    },
    "schema.date_day_first": {
        "fr": "date « {value} » écrite JJ/MM/AAAA : écrivez-la AAAA-MM-JJ, ici {write}",
        "en": "date '{value}' written DD/MM/YYYY: write it YYYY-MM-DD, here {write}",
    },
    "schema.date_words": {
        "fr": "date « {value} » écrite en toutes lettres : écrivez-la AAAA-MM-JJ, ici {write}",
        "en": "date '{value}' written in words: write it YYYY-MM-DD, here {write}",
    },
    "schema.comment_glued": {
        "fr": "valeur « {value} » : « # » n'ouvre un commentaire qu'après une espace ; écrivez {fix}",
        "en": "value '{value}': '#' starts a comment only after a space; write {fix}",
    },
    "schema.dotted_key": {
        "fr": "clé « {key} » : un point ne sépare pas les niveaux en YAML ; {levels}",
        "en": "key '{key}': a dot does not separate levels in YAML; {levels}",
    },
    "nest.first": {"fr": "écrivez `{key}:`", "en": "write `{key}:`"},
    "nest.then": {"fr": " puis, en retrait, `{key}:`", "en": " then, indented below it, `{key}:`"},
    "nest.last": {"fr": " puis, en retrait, `{key}: {value}`", "en": " then, indented below it, `{key}: {value}`"},
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
    "hint.spdx": {
        "fr": " C'est sans doute la licence autorisée {spdx} : écrivez son identifiant SPDX, {spdx}.",
        "en": " It is probably the authorised licence {spdx}: write its SPDX id, {spdx}.",
    },
    "hint.example": {"fr": " ; à écrire sous la forme `{example}`", "en": "; to be written like `{example}`"},
    "hint.example_under": {
        "fr": " ; à écrire sous `{under}:`, sous la forme `{example}`",
        "en": "; to be written under `{under}:`, like `{example}`",
    },
    "hint.elsewhere": {
        "fr": " à cet endroit : elle se place sous `{parent}:` ({path})",
        "en": " here: it belongs under `{parent}:` ({path})",
    },
    "hint.elsewhere_item": {
        "fr": " à cet endroit : elle se place dans chaque élément de la liste `{parent}:` ({path})",
        "en": " here: it belongs in each item of the list `{parent}:` ({path})",
    },
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
    # what to write (checker.judging.hints): appended to a finding's message after " → "
    "fix.write": {"fr": "écrivez `{entry}`", "en": "write `{entry}`"},
    "fix.write_under": {"fr": "sous `{under}`, écrivez `{entry}`", "en": "under `{under}`, write `{entry}`"},
    "fix.add_under": {
        "fr": "sous `{under}`, ajoutez en retrait `{entry}`",
        "en": "under `{under}`, add, indented, `{entry}`",
    },
    "fix.add_keys": {
        "fr": "sous `{under}`, ajoutez en retrait `{entries}`",
        "en": "under `{under}`, add, indented, `{entries}`",
    },
    "fix.add_to_item": {
        "fr": "dans l'élément `{under}`, ajoutez `{entries}`",
        "en": "in the item `{under}`, add `{entries}`",
    },
    "fix.add_top": {
        "fr": "ajoutez au premier niveau du fichier (sans retrait) `{entry}`",
        "en": "add at the top level of the file (not indented) `{entry}`",
    },
    "fix.add_item": {
        "fr": "sous `{under}`, ajoutez un élément `- {item}`",
        "en": "under `{under}`, add an item `- {item}`",
    },
    "fix.add_next": {
        "fr": "une fois le prochain tenu, déclarez-le sous `{under}` : `- {item}`",
        "en": "once the next one is held, declare it under `{under}`: `- {item}`",
    },
    # placeholders (checker.reading.placeholders): what a hint shows where the person writes a value
    "fix.date_placeholder": {"fr": "AAAA-MM-JJ", "en": "YYYY-MM-DD"},
    "fix.bool_placeholder": {"fr": "<true ou false>", "en": "<true or false>"},
    "fix.or": {"fr": " ou ", "en": " or "},
    "placeholder.text": {"fr": "{what}", "en": "{what}"},
    "placeholder.date": {"fr": "{what}, au format AAAA-MM-JJ", "en": "{what}, as YYYY-MM-DD"},
    "placeholder.bool": {"fr": "true si {what}, sinon false", "en": "true if {what}, else false"},
    "placeholder.choice": {"fr": "{what} : {choices}", "en": "{what}: {choices}"},
    "placeholder.unknown": {"fr": "ce que cette clé déclare", "en": "what this key declares"},
    "fix.exemption": {
        "fr": "si l'obligation ne peut pas être tenue, une dérogation approuvée est possible : sous `exemptions:`, ajoutez `{item}`",
        "en": "if the obligation cannot be met, an approved exemption is possible: under `exemptions:`, add `{item}`",
    },
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
    "check.same_id": {
        "fr": "{file} : startup.id « {id} » déjà déclaré par {first} : le portefeuille compte cette startup deux fois",
        "en": "{file}: startup.id '{id}' already declared by {first}: the portfolio counts this startup twice",
    },
    "check.same_id_more": {"fr": "et {count}", "en": "and {count}"},
    "count.same_id_more": {
        "fr": "autre fichier reprend un startup.id déjà déclaré|autres fichiers reprennent un startup.id déjà déclaré",
        "en": "more file repeats a startup.id already declared|more files repeat a startup.id already declared",
    },
    "cli.date_meant": {"fr": " : écrivez {date}", "en": ": write {date}"},
    "cli.date_range": {
        "fr": "{option} attend une date entre {first} et {last}, pas « {value} »",
        "en": "{option} expects a date between {first} and {last}, not '{value}'",
    },
    "cli.days": {
        "fr": "{option} attend un nombre de jours entre 0 et {limit}, pas « {value} »",
        "en": "{option} expects a number of days between 0 and {limit}, not '{value}'",
    },
    "cli.too_many_dates": {
        "fr": "{option} : de {start} à {end}, {count} dates (une par {step}) ; au plus {limit} : raccourcissez la période",
        "en": "{option}: from {start} to {end}, {count} dates (one a {step}); at most {limit}: shorten the period",
    },
    "cli.every_month": {"fr": "mois", "en": "month"},
    "cli.every_week": {"fr": "semaine", "en": "week"},
    "cli.overflow": {
        "fr": "un calcul sort des limites (une date hors des années 1 à 9999, ou un nombre trop grand) : vérifiez les dates et les nombres de la déclaration",
        "en": "a computation goes out of bounds (a date outside the years 1 to 9999, or too large a number): check the declaration's dates and numbers",
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
    "cli.interrupted_serve": {"fr": "serveur arrêté ({signal})", "en": "server stopped ({signal})"},
    "cli.interrupted_written": {
        "fr": "interrompu ({signal}) après avoir écrit en entier : {written} ; aucun autre fichier n'a été modifié, aucun fichier partiel n'est resté",
        "en": "interrupted ({signal}) after writing whole: {written}; no other file was changed, no partial file was left",
    },
    "atomic.files_in": {"fr": "{count} fichiers dans {dir}", "en": "{count} files in {dir}"},
    "cli.interrupted_start": {
        "fr": "interrompu ({signal}) au démarrage : rien n'a été lu ni écrit",
        "en": "interrupted ({signal}) while starting: nothing was read or written",
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
        "fr": "{dir} : dossier de preuves introuvable",
        "en": "{dir}: evidence directory not found",
    },
    "cli.evidence_max_age": {
        "fr": "--evidence-max-age {value} : attendu un nombre de jours positif ou nul",
        "en": "--evidence-max-age {value}: expected a number of days, zero or more",
    },
    "cli.baseline": {
        "fr": "rapport de référence illisible {file} : {detail}",
        "en": "cannot read the baseline report {file}: {detail}",
    },
    "baseline.not_report": {
        "fr": "ce n'est pas un rapport JSON de conformite (report_version 1)",
        "en": "not a conformite JSON report (report_version 1)",
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
    "import.no_personal_data": {
        "fr": "personal_data.processed : la fiche ne dit pas si le produit traite des données personnelles",
        "en": "personal_data.processed: the page does not say whether the product processes personal data",
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
    "import.at_unavailable": {
        "fr": "--at : {dir} n'a pas d'historique git à lire ({reason})",
        "en": "--at: {dir} has no git history to read ({reason})",
    },
    "import.at_failed": {"fr": "--at : {reason}", "en": "--at: {reason}"},
    "import.no_startups_dir": {
        "fr": "{dir} : pas de dossier _startups (attendu : le dossier content/ de beta.gouv.fr)",
        "en": "{dir}: no _startups folder (expected: beta.gouv.fr's content/ folder)",
    },
    "import.skipped": {"fr": "{reason} ; fiche ignorée", "en": "{reason}; page skipped"},
    "import.summary": {"fr": "{written} dans {out}, {unchanged}", "en": "{written} to {out}, {unchanged}"},
    "count.written": {
        "fr": "déclaration écrite|déclarations écrites",
        "en": "declaration written|declarations written",
    },
    "count.unchanged": {"fr": "inchangée|inchangées", "en": "unchanged"},
    # conformite evidence dashlord|probe (checker.cli.evidence, checker.evidence.probe)
    "count.dashlord_file": {
        "fr": "fichier DashLord lu|fichiers DashLord lus",
        "en": "DashLord file read|DashLord files read",
    },
    "count.observation_written": {
        "fr": "observation écrite|observations écrites",
        "en": "observation written|observations written",
    },
    "count.startup": {"fr": "startup|startups", "en": "startup|startups"},
    "count.address_checked": {"fr": "adresse vérifiée|adresses vérifiées", "en": "address checked|addresses checked"},
    "count.evidence_document": {
        "fr": "document de preuves écrit|documents de preuves écrits",
        "en": "evidence document written|evidence documents written",
    },
    "count.undated_observation": {
        "fr": "observation sans date|observations sans date",
        "en": "undated observation|undated observations",
    },
    "import.dry_run": {"fr": " (--dry-run : rien n'a été écrit)", "en": " (--dry-run: nothing was written)"},
    "import.summary_conflicts": {"fr": ", {conflicts}", "en": ", {conflicts}"},
    "count.conflicts": {
        "fr": "conflit (valeur de l'équipe gardée)|conflits (valeurs de l'équipe gardées)",
        "en": "conflict (the team's value kept)|conflicts (the team's values kept)",
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
    "import.summary_skipped": {"fr": ", {skipped}", "en": ", {skipped}"},
    "count.skipped": {"fr": "fiche ignorée|fiches ignorées", "en": "page skipped|pages skipped"},
    "import.out_not_dir": {
        "fr": "--out {out} n'est pas un dossier : rien n'a été écrit",
        "en": "--out {out} is not a directory: nothing was written",
    },
    "import.cannot_write": {
        "fr": "impossible d'écrire {file} : {detail} ; rien n'a été écrit",
        "en": "cannot write {file}: {detail}; nothing was written",
    },
    "import.cannot_write_partly": {
        "fr": "impossible d'écrire {file} : {detail} ; seuls ces fichiers ont été écrits, en entier : {written}",
        "en": "cannot write {file}: {detail}; only these files were written, whole: {written}",
    },
    "import.state_unreadable": {
        "fr": "{file} : état de l'import illisible ({reason}) : rien n'a été écrit ; réparez ce fichier ou retirez-le (sans lui, l'import complète les déclarations sans rien remplacer de ce que l'équipe a écrit, et signale chaque valeur qui diffère de la fiche)",
        "en": "{file}: the import's state cannot be read ({reason}): nothing was written; repair this file or remove it (without it, the import fills the declarations in without replacing anything the team wrote, and reports every value that differs from the page)",
    },
    "import.not_state": {
        "fr": "ce n'est pas un fichier d'état de conformite import (format 1)",
        "en": "not a conformite import state file (format 1)",
    },
    "import.waiting": {
        "fr": "une autre importation écrit dans {out} : attente de sa fin (au plus {minutes} min)",
        "en": "another import is writing into {out}: waiting for it to end (at most {minutes} min)",
    },
    "import.lock_busy": {
        "fr": "une autre importation écrit dans {out} depuis plus de {minutes} min : rien n'a été écrit ; relancez quand elle aura fini",
        "en": "another import has been writing into {out} for over {minutes} min: nothing was written; run again once it has ended",
    },
    "import.read_only": {
        "fr": "déclaration en lecture seule : laissée telle quelle, la fiche a pourtant changé",
        "en": "read-only declaration: left as it is, although the page changed",
    },
    "import.not_replaced": {
        "fr": "déclaration non remplacée ({detail}) : laissée telle quelle",
        "en": "declaration not replaced ({detail}): left as it is",
    },
    "import.adopted": {
        "fr": "déclaration qu'aucun import précédent n'a écrite (absente de {state}) : complétée avec les faits de la fiche, sans rien remplacer de ce que l'équipe a écrit",
        "en": "a declaration no earlier import wrote (not in {state}): completed with the page's facts, replacing nothing the team wrote",
    },
    "import.outside_out": {
        "fr": "lien symbolique vers {target}, hors de --out : déclaration laissée telle quelle (l'import n'écrit que dans --out)",
        "en": "symbolic link to {target}, outside --out: declaration left as it is (the import writes only inside --out)",
    },
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
    "docs.cause": {"fr": "Cause d'un constat", "en": "Cause of a finding"},
    "docs.holds": {"fr": "Quand elle est respectée", "en": "When it holds"},
    "docs.comply": {"fr": "Pour s'y conformer", "en": "How to comply"},
    "docs.pass": {"fr": "Exemple qui respecte la règle", "en": "Example that passes"},
    "docs.fail": {"fr": "Exemple qui la déclenche", "en": "Example that fires it"},
    "docs.when": {"fr": "Se déclenche quand", "en": "Fires when"},
    "docs.outcome.fail": {"fr": "non respectée (error)", "en": "fail (error)"},
    "docs.outcome.warn": {"fr": "attention (warning)", "en": "warn (warning)"},
    "docs.obligation": {"fr": "Obligation", "en": "Obligation"},
    "docs.asks": {"fr": "Ce qu'elle demande", "en": "What it asks"},
    "docs.article": {"fr": "Article de la convention", "en": "Convention article"},
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
    # conditions in words (checker.reporting.docs): {fact} is a fact's words (FACT_WORDS below)
    "docs.cond.unknown": {
        "fr": "la déclaration ne dit pas si {fact}",
        "en": "the declaration does not say whether {fact}",
    },
    "docs.cond.or_unknown": {
        "fr": "{fact} (ou la déclaration ne le dit pas)",
        "en": "{fact} (or the declaration does not say)",
    },
    "docs.cond.absent": {"fr": "la déclaration ne donne pas {fact}", "en": "the declaration does not give {fact}"},
    "docs.cond.present": {"fr": "la déclaration donne {fact}", "en": "the declaration gives {fact}"},
    "docs.cond.compare": {"fr": "{fact} : {tests}", "en": "{fact}: {tests}"},
    "docs.cond.lt": {"fr": "moins de {value}", "en": "under {value}"},
    "docs.cond.le": {"fr": "au plus {value}", "en": "at most {value}"},
    "docs.cond.gt": {"fr": "plus de {value}", "en": "over {value}"},
    "docs.cond.ge": {"fr": "au moins {value}", "en": "at least {value}"},
    "docs.cond.is": {"fr": "« {value} »", "en": "'{value}'"},
    "docs.cond.is_not": {"fr": "autre que « {value} » (ou non donné)", "en": "other than '{value}' (or not given)"},
    "docs.cond.is_number": {"fr": "exactement {value}", "en": "exactly {value}"},
    "docs.cond.is_not_number": {"fr": "autre que {value} (ou non donné)", "en": "other than {value} (or not given)"},
    "docs.cond.in": {"fr": "l'une de {values}", "en": "one of {values}"},
    "docs.cond.not_in": {"fr": "aucune de {values}", "en": "none of {values}"},
    "docs.cond.variants": {"fr": " (ni leurs variantes {variants})", "en": " (nor their variants {variants})"},
    "docs.due.absent": {
        "fr": "{deadline} : échéance impossible à calculer (date de départ non déclarée)",
        "en": "{deadline}: no due date (its start date is not declared)",
    },
    "docs.due.present": {
        "fr": "{deadline} : échéance calculable (date de départ déclarée)",
        "en": "{deadline}: due date known (start date declared)",
    },
    "docs.due.overdue": {"fr": "{deadline} : échéance dépassée", "en": "{deadline}: overdue"},
    "docs.due.not_overdue": {"fr": "{deadline} : échéance pas encore dépassée", "en": "{deadline}: not overdue yet"},
    "docs.due.window": {"fr": "{deadline} : échéance {days}", "en": "{deadline}: due {days}"},
    "count.window": {
        "fr": "d'ici demain|dans les {n} prochains jours",
        "en": "within the next day|within the next {n} days",
    },
    "docs.due.within": {"fr": "{deadline} : échéance dans {days} ou moins", "en": "{deadline}: due in {days} or less"},
    "count.days": {"fr": "jour|jours", "en": "day|days"},
    "docs.due.later": {"fr": "{deadline} : échéance pas encore atteinte", "en": "{deadline}: not yet due"},
    "docs.due.days": {"fr": "{deadline} : jours avant l'échéance : {tests}", "en": "{deadline}: days left: {tests}"},
    "docs.due.after": {"fr": "{deadline} : tombe après {against}", "en": "{deadline}: falls after {against}"},
    "docs.due.before": {"fr": "{deadline} : tombe avant {against}", "en": "{deadline}: falls before {against}"},
    "docs.due.rule": {"fr": "{months} après {start}", "en": "{months} after {start}"},
    "count.months": {"fr": "mois", "en": "month|months"},
    "docs.due.same": {"fr": "{start}", "en": "{start}"},
    "docs.due.otherwise": {"fr": ", à défaut {start}", "en": ", failing that {start}"},
    "docs.due.against": {"fr": " ; comparée à {against}", "en": "; compared with {against}"},
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
    "word.all_masculine": {"fr": "tous", "en": "all"},  # le statut, le verdict
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
    # check --phase, agenda --phase: which startups are shown and counted
    # the words for each phase and choice value of a declaration, in lifecycle order (one list: the
    # reports, the sheet, the questionnaire); the ids stay in the JSON and in what to write
    "choice.investigation": {"fr": "investigation", "en": "investigation"},
    "choice.construction": {"fr": "construction", "en": "construction"},
    "choice.acceleration": {"fr": "accélération", "en": "acceleration"},
    "choice.consolidation": {"fr": "consolidation", "en": "consolidation"},
    "choice.opere": {"fr": "opéré", "en": "operated"},
    "choice.transfere": {"fr": "transféré", "en": "transferred"},
    "choice.abandon": {"fr": "abandonné", "en": "abandoned"},
    "choice.abandon-investigation": {"fr": "abandonné en investigation", "en": "abandoned in investigation"},
    "choice.integrated": {"fr": "intégré", "en": "integrated"},
    "choice.planned": {"fr": "prévu", "en": "planned"},
    "choice.not-planned": {"fr": "non prévu", "en": "not planned"},
    "choice.increase": {"fr": "hausse", "en": "increase"},
    "choice.decrease": {"fr": "baisse", "en": "decrease"},
    "choice.non conforme": {"fr": "non conforme", "en": "not compliant"},
    "choice.partiellement conforme": {"fr": "partiellement conforme", "en": "partially compliant"},
    "choice.totalement conforme": {"fr": "totalement conforme", "en": "fully compliant"},
    "phase.active": {"fr": "actives", "en": "active"},
    "phase.closed": {"fr": "fermées", "en": "closed"},
    "phase.help": {
        "fr": "actives : de l'investigation à opéré ; fermées : transférées ou abandonnées",
        "en": "active: investigation to opéré; closed: transferred or abandoned",
    },
    "phase.all": {"fr": "toutes", "en": "all"},
    "word.phase_view": {
        "fr": "Vue : startups {view} seulement, {shown} sur {total} (--phase all : toutes)",
        "en": "View: {view} startups only, {shown} of {total} (--phase all: all of them)",
    },
    "count.declaration": {"fr": "déclaration|déclarations", "en": "declaration|declarations"},
    "count.page": {"fr": "page|pages", "en": "page|pages"},
    "count.sheet": {"fr": "fiche|fiches", "en": "sheet|sheets"},
    # why a finding fails (Finding.cause), and the two groups human reports separate: what the
    # declaration does not say yet ("missing") and what it says that breaks the convention
    "cause.missing": {"fr": "à compléter", "en": "to complete"},
    "cause.breach": {"fr": "manquement", "en": "breach"},
    "cause.deadline": {"fr": "échéance", "en": "deadline"},
    "cause.exemption": {"fr": "dérogation", "en": "exemption"},
    "cause.evidence": {"fr": "constaté", "en": "observed"},
    "group.missing": {"fr": "à compléter", "en": "to complete"},
    "group.breach": {"fr": "manquement", "en": "breach"},
    # an evidence note (Finding outcome "note"): an observation that weighs on no verdict, and why
    "verdict.note": {"fr": "note", "en": "note"},
    "note.unconfirmed": {"fr": "non vérifié", "en": "not verified"},
    "note.stale": {"fr": "non utilisée", "en": "not used"},
    "note.contradicted": {"fr": "sans objet", "en": "not applicable"},
    "note.confirmed": {"fr": "sans objet", "en": "not applicable"},
    "note.undated": {"fr": "non datée", "en": "undated"},
    # a --verbose pass that verified nothing (``verified: false`` in its rule file): never ✓
    "verdict.unverified": {"fr": "non vérifié ici", "en": "not checked here"},
    "word.group_counts": {"fr": "{missing} à compléter, {breach}", "en": "{missing} to complete, {breach}"},
    "count.breach": {"fr": "manquement|manquements", "en": "breach|breaches"},
    "word.failures_by_group": {
        "fr": "non conformes : {breach} avec au moins un manquement, {missing} seulement à compléter",
        "en": "non-compliant: {breach} with at least one breach, {missing} only to complete",
    },
    # --verbose rows of rules that pass or do not apply
    "verbose.not_applicable": {"fr": "Ne s'applique pas : {reason}.", "en": "Does not apply: {reason}."},
    "verbose.not_applicable_plain": {"fr": "Ne s'applique pas.", "en": "Does not apply."},
    "verbose.pass": {"fr": "Règle respectée.", "en": "Rule met."},
    # committee tools (agenda, sheet, history)
    # agenda item labels, by deadline name (a deadline without a label shows its obligation's title)
    "item.exemption": {"fr": "Fin de la dérogation ({obligation})", "en": "Exemption expiry ({obligation})"},
    "item.exemption.explain": {
        "fr": "Dérogation à l'obligation {obligation} : {reason} (accordée par {approved_by}). Elle expire le {due_on} : renouvelez-la ou mettez-vous en conformité.",
        "en": "Exemption from {obligation}: {reason} (approved by {approved_by}). It expires on {due_on}: renew it or comply.",
    },
    "item.homologation": {"fr": "Fin de l'homologation de sécurité", "en": "End of the security homologation"},
    "item.homologation.explain": {
        "fr": "Homologation de sécurité décidée le {decided_on} pour {months} : elle prend fin le {due_on}.",
        "en": "Security homologation decided on {decided_on} for {months}: it ends on {due_on}.",
    },
    "item.objective": {"fr": "Objectif : {label}", "en": "Objective: {label}"},
    "item.objective.explain": {
        "fr": "Objectif de l'annexe « {label} » : cible {target} au {due_on}.",
        "en": "Annex objective '{label}': target {target} by {due_on}.",
    },
    "state.overdue": {"fr": "en retard", "en": "overdue"},
    "state.due-soon": {"fr": "bientôt due", "en": "due soon"},  # an échéance: feminine
    "state.upcoming": {"fr": "à venir", "en": "upcoming"},
    "agenda.title": {
        "fr": "Échéances au {as_of} (en retard, et {days})",
        "en": "Deadlines as of {as_of} (overdue, and {days})",
    },
    "count.agenda_days": {
        "fr": "aucune à venir|celles de demain|celles des {n} prochains jours",
        "en": "none ahead|those of the next day|those of the next {n} days",
    },
    "agenda.none": {"fr": "Aucune échéance.", "en": "No deadline."},
    "agenda.calendar": {"fr": "conformite — échéances", "en": "conformite — deadlines"},
    "agenda.title_since": {
        "fr": "Échéances au {as_of} (en retard, échues depuis le {since}, et {days})",
        "en": "Deadlines as of {as_of} (overdue, due since {since}, and {days})",
    },
    # what the agenda leaves out, and how to see it: the command's option, the web page's link
    "agenda.left_out.before_since": {
        "fr": "Non listées : échéances en retard, échues avant le {since} : {count}",
        "en": "Not listed: overdue deadlines due before {since}: {count}",
    },
    "agenda.left_out.before_since.cli": {
        "fr": "{sentence} (--since AAAA-MM-JJ pour remonter plus loin)",
        "en": "{sentence} (--since YYYY-MM-DD to go further back)",
    },
    "agenda.left_out.before_since.link": {
        "fr": "les lister, depuis le {since}",
        "en": "list them, since {since}",
    },
    "agenda.left_out.other_phase": {
        "fr": "Non listées : échéances des startups {view} : {count}",
        "en": "Not listed: deadlines of {view} startups: {count}",
    },
    "agenda.left_out.other_phase.cli": {
        "fr": "{sentence} (--phase all : toutes)",
        "en": "{sentence} (--phase all: all of them)",
    },
    "agenda.left_out.other_phase.link": {
        "fr": "lister celles de toutes les startups",
        "en": "list those of every startup",
    },
    "agenda.overdue_summary": {
        "fr": "En retard (échéance du {due_on}) : {summary}",
        "en": "Overdue (due {due_on}): {summary}",
    },
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
    "history.fail_series": {"fr": "non respectée · {obligation}", "en": "failing · {obligation}"},
    # history from git (checker.committee.history): where it comes from, its series, a startup's strip, the sheet
    "history.source.git": {
        "fr": "Historique lu dans git : à chaque date, chaque déclaration telle que commitée ce jour-là.",
        "en": "History read from git: on each date, each declaration as committed that day.",
    },
    "history.source.today": {
        "fr": "Fichiers d'aujourd'hui réévalués à chaque date, non leur historique git.",
        "en": "Today's files re-checked as of each date, not their git history.",
    },
    "history.series.compliant": {"fr": "conformes", "en": "compliant"},
    "history.series.breach": {"fr": "avec manquements", "en": "with breaches"},
    "history.series.missing": {"fr": "seulement à compléter", "en": "only to complete"},
    "history.series.invalid": {"fr": "invalides", "en": "invalid"},
    "history.view.active": {"fr": "startups actives", "en": "active startups"},
    "history.view.closed": {"fr": "startups fermées", "en": "closed startups"},
    "history.view.all": {"fr": "toutes les startups", "en": "all startups"},
    "history.strip_dates": {
        "fr": "une colonne par date, du {first} au {last} ({count} dates)",
        "en": "one column per date, from {first} to {last} ({count} dates)",
    },
    "history.strip_files": {"fr": "fichier : {files}", "en": "file: {files}"},
    "history.strip_blank": {"fr": "vide : pas de fichier à cette date", "en": "blank: no file on that date"},
    "history.strip": {"fr": "Verdicts sur la période", "en": "Verdicts over the period"},
    "history.strip_caption": {
        "fr": "Verdict de chaque obligation à chaque date, du {first} au {last}",
        "en": "Each obligation's verdict on each date, from {first} to {last}",
    },
    "history.strip_none": {
        "fr": "Ce fichier n'a aucune version à ces dates (du {first} au {last}) : rien à montrer.",
        "en": "This file has no version on these dates (from {first} to {last}): nothing to show.",
    },
    "history.no_file": {"fr": "pas de fichier à cette date", "en": "no file on that date"},
    "history.no_startup": {
        "fr": "aucune déclaration de startup.id « {id} » sur la période",
        "en": "no declaration with startup.id '{id}' in the period",
    },
    "since.title": {"fr": "Depuis le dernier comité ({date})", "en": "Since the last committee ({date})"},
    "since.title_none": {"fr": "Depuis le dernier comité", "en": "Since the last committee"},
    "since.no_committee": {
        "fr": "Aucun comité déclaré à cette date : rien à comparer.",
        "en": "No committee declared by this date: nothing to compare with.",
    },
    "since.as_now": {
        "fr": "Sans historique git, les changements de la déclaration ne sont pas connus.",
        "en": "Without a git history, the declaration's changes are not known.",
    },
    "since.not_committed": {
        "fr": "Ce fichier n'est pas commité à cette date : ses changements ne sont pas connus.",
        "en": "This file is not committed at that date: its changes are not known.",
    },
    "since.uncommitted": {"fr": "modifications non commitées", "en": "uncommitted changes"},
    "since.nothing": {
        "fr": "Aucun verdict n'a changé depuis ce comité.",
        "en": "No verdict has changed since that committee.",
    },
    "since.by_date": {
        "fr": "aucune modification de la déclaration : la date (une échéance passée ou proche)",
        "en": "no change to the declaration: the date (a deadline passed or near)",
    },
    "since.none": {"fr": "aucun", "en": "none"},
    "since.not_read": {"fr": "version illisible", "en": "unreadable version"},
    "since.edits": {
        "fr": "Modifications de la déclaration depuis ce comité",
        "en": "Changes to the declaration since that committee",
    },
    "since.no_edit": {"fr": "Aucune modification commitée.", "en": "No committed change."},
    "col.before": {"fr": "au comité", "en": "at the committee"},
    "col.after": {"fr": "au {date}", "en": "on {date}"},
    "col.by": {"fr": "par", "en": "by"},
    "col.keys": {"fr": "clés modifiées", "en": "keys changed"},
    "col.moved": {"fr": "verdicts changés", "en": "verdicts moved"},
    "col.commit": {"fr": "commit", "en": "commit"},
    "col.author": {"fr": "auteur", "en": "author"},
    "col.breach": {"fr": "manquements", "en": "breaches"},
    "col.missing": {"fr": "à compléter", "en": "to complete"},
    "col.status": {"fr": "statut", "en": "status"},
    "cli.since_after": {
        "fr": "--since {since} tombe après la date d'évaluation {as_of} : aucune échéance en retard ne serait listée",
        "en": "--since {since} falls after the as-of date {as_of}: no overdue deadline would be listed",
    },
    "cli.history_range": {"fr": "--from doit précéder ou égaler --to", "en": "--from must be on or before --to"},
    "cli.history_from_after": {
        "fr": "--history-from {start} tombe après la date d'évaluation {as_of}",
        "en": "--history-from {start} falls after the as-of date {as_of}",
    },
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
    "sheet.no_measurement": {"fr": "aucune mesure déclarée", "en": "no measurement declared"},
    "sheet.phase_event": {"fr": "phase", "en": "phase"},
    "sheet.no_next": {"fr": "aucun comité suivant déclaré", "en": "no following committee declared"},
    "sheet.objectives": {"fr": "Objectifs de l'annexe", "en": "Annex objectives"},
    "sheet.target": {"fr": "cible", "en": "target"},
    "sheet.forecast": {"fr": "prévision", "en": "forecast"},
    "sheet.measurements": {"fr": "mesures", "en": "measurements"},
    "sheet.exemptions": {"fr": "Dérogations", "en": "Exemptions"},
    "sheet.expires": {"fr": "expire le", "en": "expires on"},
    "sheet.deadlines": {"fr": "Prochaines échéances", "en": "Coming deadlines"},
    "sheet.deadlines_row": {"fr": "échéances", "en": "deadlines"},
    "sheet.no_deadline": {"fr": "Aucune échéance.", "en": "No deadline."},
    "sheet.no_indicator": {"fr": "Aucun indicateur déclaré.", "en": "No indicator declared."},
    "sheet.no_exemption": {"fr": "Aucune dérogation.", "en": "No exemption."},
    "sheet.today": {"fr": "aujourd'hui", "en": "today"},
    "sheet.committee": {"fr": "comité", "en": "committee"},
    "sheet.workshop": {"fr": "atelier risques", "en": "risk workshop"},
    "sheet.amendment": {"fr": "avenant", "en": "amendment"},
    "sheet.convention_start": {"fr": "signature", "en": "signature"},
    "sheet.convention_end": {"fr": "fin de convention", "en": "convention end"},
    "sheet.invalid": {"fr": "Déclaration invalide", "en": "Invalid declaration"},
    "sheet.not_declared": {"fr": "non déclaré", "en": "not declared"},
    "sheet.not_declared_feminine": {"fr": "non déclarée", "en": "not declared"},
}
MESSAGES.update(words())  # verdict and status words: checker.foundation.verdicts
CHOICE_ORDER = {key: index for index, key in enumerate(k for k in MESSAGES if k.startswith("choice."))}

# the command line's help (``conformite … --help``; checker.cli.lang picks the language)
HELP: dict[str, dict[str, str]] = {
    "description": {
        "fr": "Vérifie les déclarations des Startups d'État au regard de la convention signée avec la DINUM.",
        "en": "Checks Startups d'État declarations against their convention with DINUM.",
    },
    "epilog": {
        "fr": "Langue de l'aide : --lang, sinon LC_ALL, LC_MESSAGES puis LANG (en* : anglais). Langue des messages et rapports : --lang (français par défaut). « conformite COMMANDE --help » décrit chaque commande.",
        "en": "Help language: --lang, else LC_ALL, LC_MESSAGES then LANG (en*: English). Language of messages and reports: --lang (French by default). 'conformite COMMAND --help' describes each command.",
    },
    "commands": {"fr": "commandes", "en": "commands"},
    "command": {
        "fr": "la commande à lancer ; « conformite COMMANDE --help » la décrit",
        "en": "the command to run; 'conformite COMMAND --help' describes it",
    },
    "version": {"fr": "affiche la version et quitte", "en": "show the version and exit"},
    "lang": {
        "fr": "langue des messages, de l'aide et des rapports : fr (par défaut) ou en",
        "en": "language of messages, help and reports: fr (default) or en",
    },
    "as_of": {
        "fr": "date d'évaluation des échéances (par défaut : aujourd'hui)",
        "en": "date the deadlines are evaluated at (default: today)",
    },
    "paths": {
        "fr": "fichiers de déclaration ou dossiers (tous leurs fichiers .yaml et .yml)",
        "en": "declaration files or directories (all their .yaml and .yml files)",
    },
    "output": {
        "fr": "écrit dans FICHIER au lieu de la sortie standard",
        "en": "write to FILE instead of standard output",
    },
    "metavar.date": {"fr": "AAAA-MM-JJ", "en": "YYYY-MM-DD"},
    "metavar.file": {"fr": "FICHIER", "en": "FILE"},
    "metavar.dir": {"fr": "DOSSIER", "en": "DIR"},
    "metavar.path": {"fr": "CHEMIN", "en": "PATH"},
    "metavar.seconds": {"fr": "SECONDES", "en": "SECONDS"},
    "metavar.hours": {"fr": "HEURES", "en": "HOURS"},
    "check": {"fr": "vérifie des déclarations (fichiers ou dossiers)", "en": "check declaration files or directories"},
    "check.format": {
        "fr": "format du rapport : table (par défaut), json, markdown, junit, sarif, github ou html",
        "en": "report format: table (default), json, markdown, junit, sarif, github or html",
    },
    "check.report": {
        "fr": "écrit aussi le rapport FORMAT dans FICHIER (répétable), p. ex. --report sarif:conformite.sarif",
        "en": "also write FORMAT to FILE (repeatable), e.g. --report sarif:conformite.sarif",
    },
    "check.fail_on": {
        "fr": "ce qui fait sortir en code 1 : error (par défaut, une règle non respectée), warning (aussi une alerte), never (jamais), new (seulement une règle non respectée absente à --diff-base REF ou de --baseline)",
        "en": "what exits with status 1: error (default, a failure), warning (a warning too), never, new (only a failure that was not there at --diff-base REF or in --baseline)",
    },
    "check.no_exemptions": {
        "fr": "aucune dérogation ne dispense de rien ; aucune n'est signalée",
        "en": "no exemption waives anything; none is reported",
    },
    "check.summary": {
        "fr": "table : seulement le bilan du portefeuille, pas chaque constat ; des startups actives, sauf --phase",
        "en": "table: only the portfolio summary, not each finding; of the active startups unless --phase says otherwise",
    },
    "check.verbose": {
        "fr": "liste aussi les règles respectées et celles qui ne s'appliquent pas",
        "en": "list passing and not-applicable rule outcomes too",
    },
    "check.baseline": {
        "fr": "un rapport JSON précédent : marque chaque verdict nouveau, résolu ou inchangé",
        "en": "a previous JSON report: mark verdicts new, resolved or unchanged",
    },
    "check.diff_base": {
        "fr": "révision git : évalue aussi chaque fichier tel qu'il était à REF (même date) et marque ce qui a changé",
        "en": "git revision: evaluate each file as it stood at REF too (same as-of date) and mark what moved",
    },
    "check.skip_non_declarations": {
        "fr": "laisse de côté les fichiers YAML sans schema_version ni startup (une ligne chacun)",
        "en": "leave out YAML files with neither schema_version nor startup (one line each)",
    },
    "check.no_portfolio": {
        "fr": "table : sans les totaux par obligation du portefeuille",
        "en": "table: no per-obligation portfolio counts",
    },
    "check.phase": {
        "fr": "table, markdown, html : les startups montrées et comptées : active (investigation à opéré), closed (transférées, abandonnées) ou all ; par défaut all, active avec --summary ; le JSON les garde toutes",
        "en": "table, markdown, html: the startups shown and counted: active (investigation to opéré), closed (transferred, abandoned) or all; default all, active with --summary; JSON keeps them all",
    },
    "check.history_from": {
        "fr": "html : courbe de conformité mois par mois de cette date à la date d'évaluation",
        "en": "html: chart compliance month by month from this date to the as-of date",
    },
    "check.jobs": {
        "fr": "vérifie les fichiers dans N processus (par défaut : les processeurs utilisables ; 1 : ce processus seul) ; le rapport est le même ; une petite vérification ne lance aucun processus",
        "en": "check files in N worker processes (default: the usable CPUs; 1: this process only); the report is the same; small runs start no worker",
    },
    "check.max_bytes": {
        "fr": "taille maximale d'un fichier de déclaration lu, de 1 octet à 64 Mio (par défaut 1 Mio)",
        "en": "largest declaration file read, 1 byte to 64 MiB (default 1 MiB)",
    },
    "check.evidence": {
        "fr": "magasin de preuves : ses observations deviennent des constats cause-evidence",
        "en": "evidence store: observations become cause-evidence findings",
    },
    "check.evidence_max_age": {
        "fr": "une preuve plus ancienne que ce nombre de jours avant la date d'évaluation est périmée, non utilisée (par défaut 30)",
        "en": "evidence older than this many days before the as-of date is stale, not used (default 30)",
    },
    "schema": {"fr": "affiche le schéma JSON des déclarations", "en": "print the declaration JSON Schema"},
    "rules": {"fr": "liste les obligations et leurs règles", "en": "list obligations and rules"},
    "rules.markdown": {
        "fr": "toute la documentation en Markdown (docs/rules.md)",
        "en": "the whole documentation as Markdown (docs/rules.md)",
    },
    "rules.readme_table": {
        "fr": "le tableau des obligations du README (entre ses marques obligations:start et obligations:end)",
        "en": "the README's obligation table (between its obligations:start and obligations:end marks)",
    },
    "explain": {"fr": "explique une règle ou une obligation", "en": "explain a rule or an obligation"},
    "explain.id": {
        "fr": "identifiant d'une règle ou d'une obligation (voir « conformite rules »)",
        "en": "id of a rule or an obligation (see 'conformite rules')",
    },
    "serve": {
        "fr": "sert le portefeuille, les fiches, les échéances, l'historique et l'API de vérification dans un navigateur",
        "en": "serve the portfolio, sheets, deadlines, history and the checking API to a browser",
    },
    "serve.dir": {
        "fr": "dossier des déclarations (et de leur dossier evidence/) ; relu quand un fichier change ; jamais écrit",
        "en": "directory of declarations (and their evidence/ folder); read again when a file changes; never written",
    },
    "serve.host": {
        "fr": "adresse d'écoute (par défaut 127.0.0.1 : cette machine seule)",
        "en": "address to listen on (default 127.0.0.1: this machine only)",
    },
    "serve.port": {"fr": "port d'écoute (par défaut 8000)", "en": "port to listen on (default 8000)"},
    "serve.max_bytes": {
        "fr": "taille maximale d'une déclaration envoyée à l'API, de 1 octet à 64 Mio (par défaut 1 Mio) ; au-delà : 413",
        "en": "largest declaration sent to the API, 1 byte to 64 MiB (default 1 MiB); above it: 413",
    },
    "serve.lang": {
        "fr": "langue des pages quand ni ?lang= ni le navigateur n'en demandent une : fr (par défaut) ou en",
        "en": "language of the pages when neither ?lang= nor the browser asks for one: fr (default) or en",
    },
    "serve.engine": {
        "fr": "moteur de règles : process (des processus de travail, une évaluation trop longue est arrêtée ; par défaut) ou lock (un seul moteur, une évaluation à la fois)",
        "en": "rules engine: process (worker processes, an evaluation that takes too long is stopped; default) or lock (one engine, one evaluation at a time)",
    },
    "serve.workers": {
        "fr": "processus de travail avec --engine process (par défaut : les processeurs utilisables)",
        "en": "worker processes with --engine process (default: the usable CPUs)",
    },
    "serve.timeout": {
        "fr": "délai maximal d'une vérification de l'API, en secondes (par défaut 10) ; au-delà : 504",
        "en": "longest time for one API check, in seconds (default 10); above it: 504",
    },
    "serve.page_timeout": {
        "fr": "délai maximal du calcul d'une page, en secondes (par défaut 300)",
        "en": "longest time to compute a page, in seconds (default 300)",
    },
    "serve.proxy_headers": {
        "fr": "derrière un mandataire inverse : croit ses en-têtes X-Forwarded-For et X-Forwarded-Proto (venant des adresses de --forwarded-allow-ips)",
        "en": "behind a reverse proxy: trust its X-Forwarded-For and X-Forwarded-Proto headers (from the addresses of --forwarded-allow-ips)",
    },
    "serve.forwarded_allow_ips": {
        "fr": "adresses du mandataire dont les en-têtes sont crus (par défaut 127.0.0.1)",
        "en": "proxy addresses whose headers are trusted (default 127.0.0.1)",
    },
    "serve.root_path": {
        "fr": "chemin sous lequel le mandataire publie l'application, p. ex. /conformite",
        "en": "path under which the proxy publishes the application, e.g. /conformite",
    },
    "site": {
        "fr": "écrit le portefeuille, les fiches, les échéances (HTML et .ics), l'historique et la documentation des règles en pages statiques",
        "en": "write the portfolio, sheets, deadlines (HTML and .ics), history and rule documentation as static pages",
    },
    "site.dir": {"fr": "dossier des déclarations", "en": "directory of declarations"},
    "site.out": {
        "fr": "dossier du site écrit (liens relatifs : s'ouvre depuis le disque ou GitHub Pages)",
        "en": "directory the site is written to (relative links: opens from disk or GitHub Pages)",
    },
    "site.days": {
        "fr": "jours à venir montrés par les échéances (par défaut 90)",
        "en": "coming days shown by the deadlines (default 90)",
    },
    "site.history_from": {
        "fr": "début de l'historique (par défaut : un an avant la date d'évaluation)",
        "en": "start of the history (default: a year before the as-of date)",
    },
    "init": {
        "fr": "écrit une déclaration en répondant à des questions (questionnaire)",
        "en": "write a declaration by answering questions (questionnaire)",
    },
    "init.output": {
        "fr": "la déclaration à écrire (par défaut : <identifiant de la startup>.yaml)",
        "en": "the declaration to write (default: <startup id>.yaml)",
    },
    "init.answers": {
        "fr": "réponses lues dans un fichier YAML ou JSON de la forme d'une déclaration ; aucune question posée",
        "en": "answers from a YAML or JSON file shaped like a declaration; no question asked",
    },
    "init.from_betagouv": {
        "fr": "pré-remplit depuis la fiche produit beta.gouv.fr (avec --startup)",
        "en": "pre-fill from the beta.gouv.fr product page (with --startup)",
    },
    "init.startup": {
        "fr": "identifiant de la startup sur beta.gouv.fr (avec --from-betagouv)",
        "en": "the startup id of the product page (with --from-betagouv)",
    },
    "init.force": {"fr": "remplace un fichier existant", "en": "replace an existing file"},
    "import": {
        "fr": "importe des déclarations d'une autre source",
        "en": "import declarations from another source",
    },
    "import.source": {"fr": "la source importée", "en": "the source to import"},
    "import.out": {
        "fr": "dossier des déclarations écrites (une par startup ; un nouvel import les met à jour)",
        "en": "directory of the declarations written (one per startup; a new import updates them)",
    },
    "import.dry_run": {
        "fr": "affiche un diff unifié de ce qui changerait ; n'écrit rien",
        "en": "print a unified diff of what would change; write nothing",
    },
    "import.jobs": {
        "fr": "lit les fiches dans N processus (par défaut : les processeurs utilisables ; 1 : ce processus seul) ; les déclarations écrites sont les mêmes ; un petit import ne lance aucun processus",
        "en": "read the pages in N worker processes (default: the usable CPUs; 1: this process only); the declarations written are the same; small imports start no worker",
    },
    "import.betagouv": {
        "fr": "fiches produit beta.gouv.fr (CONTENT_DIR : le dossier content/ de betagouv/beta.gouv.fr)",
        "en": "beta.gouv.fr product pages (CONTENT_DIR: the content/ folder of betagouv/beta.gouv.fr)",
    },
    "import.betagouv.content_dir": {
        "fr": "le dossier content/ d'une copie du dépôt beta.gouv.fr",
        "en": "the content/ folder of a copy of the beta.gouv.fr repository",
    },
    "import.betagouv.startup": {
        "fr": "seulement cette fiche (répétable)",
        "en": "only this page (repeatable)",
    },
    "import.betagouv.at": {
        "fr": "les fiches telles qu'elles étaient à ce commit du dépôt (lues dans git, sans checkout) ; --as-of par défaut : le jour du commit",
        "en": "the pages as they stood at this commit of the repository (read from git, no checkout); --as-of defaults to the commit's day",
    },
    "agenda": {
        "fr": "échéances en retard ou à venir, par date (table, json, markdown, ics)",
        "en": "deadlines overdue or coming, sorted by date (table, json, markdown, ics)",
    },
    "agenda.days": {
        "fr": "nombre de jours à venir montrés (par défaut 90)",
        "en": "coming days shown (default 90)",
    },
    "agenda.phase": {
        "fr": "les startups dont les échéances sont listées : active (investigation à opéré, par défaut), closed (transférées, abandonnées) ou all",
        "en": "the startups whose deadlines are listed: active (investigation to opéré, default), closed (transferred, abandoned) or all",
    },
    "agenda.since": {
        "fr": "liste les échéances en retard échues ce jour-là ou après (par défaut : douze mois avant la date d'évaluation) ; les autres sont comptées, non listées",
        "en": "list the overdue deadlines due on or after this day (default: twelve months before the as-of date); the others are counted, not listed",
    },
    "agenda.format": {
        "fr": "format : table (par défaut), json, markdown ou ics (calendrier)",
        "en": "format: table (default), json, markdown or ics (calendar)",
    },
    "sheet": {
        "fr": "la fiche comité d'une startup (html, markdown)",
        "en": "the committee sheet of a startup (html, markdown)",
    },
    "sheet.path": {
        "fr": "une déclaration, ou un dossier avec --output-dir",
        "en": "a declaration, or a directory with --output-dir",
    },
    "sheet.format": {"fr": "format : html (par défaut) ou markdown", "en": "format: html (default) or markdown"},
    "sheet.output_dir": {
        "fr": "une fiche par déclaration de CHEMIN, nommée <startup>.html",
        "en": "one sheet per declaration of PATH, named <startup>.html",
    },
    "history": {
        "fr": "conformité recalculée à chaque date d'une période",
        "en": "compliance re-checked as of each date of a period",
    },
    "history.from": {"fr": "début de la période", "en": "start of the period"},
    "history.as_now": {
        "fr": "réévaluer les fichiers d'aujourd'hui à chaque date, même dans un dépôt git",
        "en": "re-check today's files as of each date, even in a git work tree",
    },
    "history.startup": {
        "fr": "une seule startup (son startup.id) : le verdict de chaque obligation à chaque date",
        "en": "one startup (its startup.id): each obligation's verdict on each date",
    },
    "sheet.history_from": {
        "fr": "début des verdicts sur la période (par défaut : un an avant la date d'évaluation)",
        "en": "start of the verdicts over the period (default: a year before the as-of date)",
    },
    "history.to": {"fr": "fin de la période (par défaut : aujourd'hui)", "en": "end of the period (default: today)"},
    "history.every": {
        "fr": "pas : month (mois, par défaut) ou week (semaine)",
        "en": "step: month (default) or week",
    },
    "history.format": {
        "fr": "format : table (par défaut), json ou svg (graphique)",
        "en": "format: table (default), json or svg (chart)",
    },
    "evidence": {
        "fr": "rassemble des preuves : résultats DashLord, sondes HTTP",
        "en": "gather evidence: DashLord results, HTTP probes",
    },
    "evidence.source": {"fr": "la source des preuves", "en": "the source of evidence"},
    "evidence.out": {
        "fr": "magasin de preuves écrit (un fichier par startup)",
        "en": "evidence store written (one file per startup)",
    },
    "evidence.dashlord": {
        "fr": "importe des résultats DashLord dans un magasin de preuves",
        "en": "import DashLord results into an evidence store",
    },
    "evidence.dashlord.results_dir": {
        "fr": "le dossier results/ de DashLord (un sous-dossier par adresse analysée)",
        "en": "DashLord's results/ directory (one folder per scanned URL)",
    },
    "evidence.dashlord.config": {
        "fr": "dashlord.yml (les adresses et leur betaId)",
        "en": "dashlord.yml (URLs and their betaId)",
    },
    "evidence.dashlord.declarations": {
        "fr": "déclarations dont startup.link rattache une adresse sans betaId utilisable (répétable)",
        "en": "declarations whose startup.link maps a URL without a usable betaId (repeatable)",
    },
    "evidence.dashlord.observed_on": {
        "fr": "date de l'analyse, pour les observations dont le résultat n'en porte pas (sans elle, elles sont non datées : notes, jamais utilisées)",
        "en": "date of the scan, for the observations whose result carries none (without it they are undated: notes, never used)",
    },
    "evidence.probe": {
        "fr": "vérifie en HTTP les adresses que donnent les déclarations",
        "en": "check the URLs declarations give, over HTTP",
    },
    "evidence.probe.concurrency": {
        "fr": "requêtes simultanées au plus, de 1 à 64 (par défaut 8)",
        "en": "requests at the same time, at most, 1 to 64 (default 8)",
    },
    "evidence.probe.timeout": {
        "fr": "délai total d'une requête (connexion, en-têtes, corps et redirections), en secondes, au plus 600 (par défaut 10)",
        "en": "total time one request may take (connection, headers, body and redirects), in seconds, at most 600 (default 10)",
    },
    "evidence.probe.retries": {
        "fr": "nouvelles tentatives après un échec réseau, de 0 à 5 (par défaut 2)",
        "en": "retries after a network failure, 0 to 5 (default 2)",
    },
    "evidence.probe.cache_hours": {
        "fr": "une réponse plus récente que ce nombre d'heures est reprise du cache, de 0 à 8784 (par défaut 24)",
        "en": "a response newer than this many hours is taken from the cache, 0 to 8784 (default 24)",
    },
    "evidence.probe.allow_private": {
        "fr": "autorise les adresses privées, locales et de lien local (refusées par défaut, à chaque redirection aussi) : pour des essais sur 127.0.0.1",
        "en": "allow private, loopback and link-local addresses (refused by default, after every redirect too): for tests on 127.0.0.1",
    },
    "evidence.probe.github_api": {
        "fr": "adresse de l'API GitHub pour les dépôts github.com",
        "en": "GitHub API base for github.com repositories",
    },
    "evidence.probe.gitlab_api": {
        "fr": "adresse de l'API GitLab pour les dépôts gitlab.com",
        "en": "GitLab API base for gitlab.com repositories",
    },
    "evidence.probe.no_progress": {
        "fr": "sans la ligne de progression sur la sortie d'erreur",
        "en": "no progress line on standard error",
    },
}
MESSAGES.update({f"help.{key}": words for key, words in HELP.items()})

# conformite serve and site (checker.web): the pages' words and the server's errors
WEB: dict[str, dict[str, str]] = {
    "service": {"fr": "conformite", "en": "conformite"},
    "tagline": {
        "fr": "Conformité des Startups d'État à leur convention avec la DINUM",
        "en": "Startups d'État and their convention with DINUM",
    },
    "home_title": {"fr": "Accueil — conformite", "en": "Home — conformite"},
    "menu": {"fr": "Menu", "en": "Menu"},
    "close": {"fr": "Fermer", "en": "Close"},
    "nav.label": {"fr": "Menu principal", "en": "Main menu"},
    "nav.portfolio": {"fr": "Portefeuille", "en": "Portfolio"},
    "nav.agenda": {"fr": "Échéances", "en": "Deadlines"},
    "nav.history": {"fr": "Historique", "en": "History"},
    "nav.rules": {"fr": "Règles", "en": "Rules"},
    "nav.api": {"fr": "API", "en": "API"},
    "skip.label": {"fr": "Accès rapide", "en": "Skip links"},
    "skip.content": {"fr": "Contenu", "en": "Content"},
    "skip.menu": {"fr": "Menu", "en": "Menu"},
    "skip.footer": {"fr": "Pied de page", "en": "Footer"},
    "lang.switch": {"fr": "English", "en": "Français"},
    "breadcrumb": {"fr": "vous êtes ici :", "en": "you are here:"},
    "back": {"fr": "Retour au portefeuille", "en": "Back to the portfolio"},
    "footer.desc": {
        "fr": "conformite vérifie les déclarations des Startups d'État au regard de leur convention avec la DINUM : les mêmes règles, les mêmes messages et le même calcul qu'en ligne de commande.",
        "en": "conformite checks Startups d'État declarations against their convention with DINUM: the same rules, messages and computation as on the command line.",
    },
    "footer.version": {
        "fr": "conformite {version} · Système de design de l'État {dsfr} (licence Etalab 2.0)",
        "en": "conformite {version} · French State design system {dsfr} (Etalab 2.0 licence)",
    },
    "unread": {"fr": "Déclarations non lues", "en": "Declarations not read"},
    "no_portfolio.title": {"fr": "Aucun portefeuille", "en": "No portfolio"},
    "no_portfolio": {
        "fr": "Ce serveur n'a pas de dossier de déclarations : lancez « conformite serve DOSSIER » pour voir le portefeuille, les fiches, les échéances et l'historique. L'API de vérification et la documentation des règles sont disponibles.",
        "en": "This server has no directory of declarations: run 'conformite serve DIR' to see the portfolio, sheets, deadlines and history. The checking API and the rule documentation are available.",
    },
    "portfolio.missing": {
        "fr": "Le dossier du portefeuille est introuvable ou illisible : les pages reviendront dès qu'il sera de nouveau lisible.",
        "en": "The portfolio directory cannot be found or read: the pages come back as soon as it can be read again.",
    },
    "agenda.subscribe": {"fr": "S'abonner au calendrier (.ics)", "en": "Subscribe to the calendar (.ics)"},
    "agenda.subscribe_hint": {
        "fr": "Copiez l'adresse de ce lien dans votre agenda (« s'abonner à un calendrier par URL ») : il suivra les échéances à chaque mise à jour des déclarations.",
        "en": "Copy this link's address into your calendar ('subscribe to a calendar by URL'): it follows the deadlines as the declarations change.",
    },
    "history.from": {"fr": "Du", "en": "From"},
    "history.to": {"fr": "au", "en": "to"},
    "history.every": {"fr": "Pas", "en": "Step"},
    "history.every.month": {"fr": "mois", "en": "month"},
    "history.every.week": {"fr": "semaine", "en": "week"},
    "history.show": {"fr": "Afficher", "en": "Show"},
    "history.svg": {"fr": "Télécharger le graphique (SVG)", "en": "Download the chart (SVG)"},
    "history.table": {
        "fr": "Déclarations vérifiées et conformes à chaque date",
        "en": "Declarations checked and compliant at each date",
    },
    "history.fails_note": {
        "fr": "Les colonnes d'obligations comptent les déclarations dont le verdict est « non respectée » à cette date.",
        "en": "The obligation columns count the declarations whose verdict is 'failing' at that date.",
    },
    "rules.title": {"fr": "Obligations et règles", "en": "Obligations and rules"},
    "api.title": {"fr": "API de vérification", "en": "Checking API"},
    "error.title": {"fr": "Requête refusée", "en": "Request refused"},
    "error.status": {"fr": "Erreur {status}", "en": "Error {status}"},
    "error.not_found": {"fr": "Cette page n'existe pas.", "en": "There is no such page."},
    "error.unknown_startup": {
        "fr": "Aucune startup « {id} » dans ce portefeuille.",
        "en": "No startup '{id}' in this portfolio.",
    },
    "error.method": {"fr": "Méthode {method} non permise ici.", "en": "Method {method} not allowed here."},
    "error.bad_lang": {
        "fr": "lang attend fr ou en, pas « {value} »",
        "en": "lang expects fr or en, not '{value}'",
    },
    "listening": {
        "fr": "à l'écoute sur {url} (Ctrl-C pour arrêter) ; moteur de règles : {engine}",
        "en": "listening on {url} (Ctrl-C to stop); rules engine: {engine}",
    },
    "listen": {"fr": "impossible d'écouter sur {address} : {detail}", "en": "cannot listen on {address}: {detail}"},
    "not_a_directory": {
        "fr": "{dir} n'est pas un dossier de déclarations lisible",
        "en": "{dir} is not a readable directory of declarations",
    },
    "bad_option": {
        "fr": "{option} attend un nombre de {low} à {high}, pas « {value} »",
        "en": "{option} expects a number from {low} to {high}, not '{value}'",
    },
    "site.written": {
        "fr": "site écrit dans {out} : {pages}, dont {sheets}",
        "en": "site written to {out}: {pages}, {sheets} of them",
    },
    "site.skipped": {
        "fr": "pas de fiche pour « {id} » : ce nom ne peut pas devenir un nom de fichier",
        "en": "no sheet for '{id}': this name cannot become a file name",
    },
    "site.output": {"fr": "impossible d'écrire {file} : {detail}", "en": "cannot write {file}: {detail}"},
    "error.phase": {
        "fr": "phase attend l'une de ces valeurs : {choices}",
        "en": "phase expects one of: {choices}",
    },
    "error.date_range": {
        "fr": "{name} attend une date du {low} au {high}",
        "en": "{name} expects a date from {low} to {high}",
    },
    "error.bad_number": {
        "fr": "{name} attend un nombre entier de {low} à {high}, pas « {value} »",
        "en": "{name} expects a whole number from {low} to {high}, not '{value}'",
    },
    "error.bad_choice": {
        "fr": "{name} attend {choices}, pas « {value} »",
        "en": "{name} expects {choices}, not '{value}'",
    },
    "error.bad_file": {
        "fr": "file attend un nom de 1 à {limit} caractères imprimables",
        "en": "file expects a name of 1 to {limit} printable characters",
    },
    "error.bad_period": {
        "fr": "période invalide : from ({start}) doit précéder to ({end}), et compter au plus {limit} dates",
        "en": "invalid period: from ({start}) must come before to ({end}), with {limit} dates at most",
    },
    "error.too_large": {
        "fr": "déclaration trop volumineuse : plus de {limit} octets (--max-bytes) ; elle n'a pas été lue",
        "en": "declaration too large: over {limit} bytes (--max-bytes); it was not read",
    },
    "error.refused": {
        "fr": "déclaration refusée, ligne {line}, colonne {column} : {message}",
        "en": "declaration refused, line {line}, column {column}: {message}",
    },
    "error.busy": {
        "fr": "serveur occupé : aucune évaluation n'a pu commencer en {seconds} s ; réessayez dans un instant",
        "en": "server busy: no evaluation could start within {seconds} s; try again in a moment",
    },
    "error.too_long": {
        "fr": "évaluation arrêtée : elle a dépassé le délai de {seconds} s",
        "en": "evaluation stopped: it took longer than {seconds} s",
    },
    "error.failed": {
        "fr": "l'évaluation a échoué ({detail}) ; aucun verdict n'est donné ; merci de le signaler",
        "en": "evaluation failed ({detail}); no verdict is given; please report it",
    },
    # the self-assessment form (/declarer)
    "nav.declarer": {"fr": "Déclarer", "en": "Declare"},
    "form.title": {"fr": "Déclarer la conformité d'un produit", "en": "Declare a product's compliance"},
    "form.intro": {
        "fr": "Les questions de « conformite init », section par section. Chaque réponse est vérifiée pendant la saisie, et les constats de la déclaration entière s'affichent à côté, calculés comme par « conformite check ». Le brouillon reste dans ce navigateur, jamais sur le serveur ; téléchargez la déclaration quand elle est prête.",
        "en": "The questions of 'conformite init', section by section. Each answer is checked as you type, and the findings of the whole declaration are shown beside it, computed as 'conformite check' does. The draft stays in this browser, never on the server; download the declaration when it is ready.",
    },
    "form.noscript": {
        "fr": "Ce formulaire a besoin de JavaScript pour vérifier les réponses, garder le brouillon et ajouter des éléments aux listes. Sans JavaScript, « conformite init » pose les mêmes questions dans un terminal.",
        "en": "This form needs JavaScript to check the answers, keep the draft and add items to lists. Without JavaScript, 'conformite init' asks the same questions in a terminal.",
    },
    "form.start": {"fr": "Commencer autrement", "en": "Start another way"},
    "form.start.new": {"fr": "Nouvelle déclaration", "en": "New declaration"},
    "form.start.new_hint": {
        "fr": "Efface le brouillon de ce navigateur et toutes les réponses.",
        "en": "Clears this browser's draft and every answer.",
    },
    "form.start.file": {"fr": "Reprendre un fichier YAML", "en": "Start from a YAML file"},
    "form.start.file_hint": {
        "fr": "Une déclaration, ou un fichier de réponses de « conformite init --answers » ; lu avec les limites de « conformite check » ({limit} octets au plus).",
        "en": "A declaration, or an answers file of 'conformite init --answers'; read with the limits of 'conformite check' ({limit} bytes at most).",
    },
    "form.start.file_button": {"fr": "Reprendre ce fichier", "en": "Use this file"},
    "form.start.betagouv": {
        "fr": "Partir de la déclaration importée de beta.gouv.fr",
        "en": "Start from the declaration imported from beta.gouv.fr",
    },
    "form.start.betagouv_label": {"fr": "Identifiant beta.gouv.fr du produit", "en": "beta.gouv.fr id of the product"},
    "form.start.betagouv_hint": {
        "fr": "La déclaration de ce produit dans le portefeuille du serveur (« conformite import betagouv »).",
        "en": "This product's declaration in the server's portfolio ('conformite import betagouv').",
    },
    "form.start.betagouv_button": {"fr": "Reprendre cette déclaration", "en": "Use this declaration"},
    "form.confirm_replace": {
        "fr": "Remplacer les réponses en cours ? Le brouillon actuel sera effacé.",
        "en": "Replace the current answers? The current draft will be cleared.",
    },
    "form.draft.restored": {
        "fr": "Brouillon retrouvé dans ce navigateur (enregistré le {date}).",
        "en": "Draft found in this browser (saved on {date}).",
    },
    "form.draft.cleared": {
        "fr": "Nouvelle déclaration : les réponses ont été effacées.",
        "en": "New declaration: the answers were cleared.",
    },
    "form.draft.saved": {
        "fr": "Brouillon enregistré dans ce navigateur à {time}.",
        "en": "Draft saved in this browser at {time}.",
    },
    "form.draft.unsaved": {
        "fr": "Ce navigateur refuse de garder le brouillon : téléchargez la déclaration avant de fermer l'onglet.",
        "en": "This browser refuses to keep the draft: download the declaration before closing the tab.",
    },
    "form.imported": {"fr": "Réponses reprises de {source}.", "en": "Answers taken from {source}."},
    "form.dropped": {
        "fr": "Non repris (le formulaire ne pose pas ces questions ; la déclaration téléchargée ne les contiendra pas) :",
        "en": "Not taken (the form does not ask these questions; the declaration downloaded will not hold them):",
    },
    "form.sections": {"fr": "Sections", "en": "Sections"},
    "form.section_of": {"fr": "Section {n} sur {count}", "en": "Section {n} of {count}"},
    "form.previous": {"fr": "Section précédente", "en": "Previous section"},
    "form.next": {"fr": "Section suivante", "en": "Next section"},
    "form.why": {"fr": "Pourquoi cette question :", "en": "Why this question:"},
    "form.obligations": {"fr": "Obligation lue :", "en": "Obligation read:"},
    "form.yes": {"fr": "Oui", "en": "Yes"},
    "form.no": {"fr": "Non", "en": "No"},
    "form.no_answer": {"fr": "Sans réponse", "en": "No answer"},
    "form.choose": {"fr": "Sans réponse", "en": "No answer"},
    "form.remove": {"fr": "Supprimer : {item}", "en": "Remove: {item}"},
    "form.written": {"fr": "Sera écrit : {value}", "en": "Will be written: {value}"},
    "form.undeclared": {
        "fr": "Pour un produit actif, sans réponse, l'obligation {obligation} n'est pas tenue (à compléter).",
        "en": "For an active product, without an answer, obligation {obligation} fails (missing).",
    },
    "form.count.errors": {"fr": "réponse à corriger|réponses à corriger", "en": "answer to correct|answers to correct"},
    "form.errors.title": {"fr": "Avant de télécharger : {count}", "en": "Before downloading: {count}"},
    "form.download": {"fr": "Télécharger la déclaration (YAML)", "en": "Download the declaration (YAML)"},
    "form.download_hint": {
        "fr": "Le fichier que « conformite init » écrit pour ces réponses. Vérifiez-le avec « conformite check », puis versez-le au dépôt des déclarations.",
        "en": "The file 'conformite init' writes for these answers. Check it with 'conformite check', then add it to the declarations' repository.",
    },
    "form.findings": {"fr": "Constats", "en": "Findings"},
    "form.findings.as_of": {
        "fr": "Au {date}, comme « conformite check ».",
        "en": "As of {date}, as 'conformite check' says.",
    },
    "form.findings.need_id": {
        "fr": "Les constats de la déclaration s'afficheront ici dès que l'identifiant du produit (section « Le produit ») sera donné et accepté.",
        "en": "The declaration's findings will show here as soon as the product's id (section 'The product') is given and accepted.",
    },
    "form.findings.summary": {"fr": "Déclaration {status} : {findings}.", "en": "Declaration {status}: {findings}."},
    "form.count.findings": {"fr": "constat|constats", "en": "finding|findings"},
    "form.findings.none": {
        "fr": "Aucun constat : chaque obligation qui s'applique est respectée.",
        "en": "No finding: every obligation that applies holds.",
    },
    "form.findings.updating": {"fr": "Mise à jour des constats…", "en": "Updating the findings…"},
    "form.findings.failed": {
        "fr": "Les constats n'ont pas pu être mis à jour : {detail}",
        "en": "The findings could not be updated: {detail}",
    },
    "form.findings.due": {"fr": "échéance : {date}", "en": "due: {date}"},
    "form.findings.go": {"fr": "Aller à {path}", "en": "Go to {path}"},
    "form.error.draft": {
        "fr": 'le corps attendu est un objet JSON {{"answers": {{nom du champ: texte}}}}, {limit} réponses au plus',
        "en": 'the body expected is a JSON object {{"answers": {{field name: text}}}}, {limit} answers at most',
    },
    "form.error.items": {
        "fr": "trop d'éléments de liste : {limit} au plus pour toutes les listes ensemble",
        "en": "too many list items: {limit} at most for all the lists together",
    },
    "form.error.too_many": {
        "fr": "ce fichier est trop grand pour le formulaire (plus de {fields} réponses, ou une liste de plus de {items} éléments) ; « conformite init --answers » le lit",
        "en": "this file is too large for the form (over {fields} answers, or a list of over {items} items); 'conformite init --answers' reads it",
    },
    "form.error.not_mapping": {
        "fr": "ce fichier n'est pas une déclaration : un objet YAML, comme une déclaration, est attendu",
        "en": "this file is not a declaration: a YAML mapping, shaped like a declaration, is expected",
    },
    "form.error.unknown_startup": {
        "fr": "Aucune déclaration « {id} » dans ce portefeuille.{hint}",
        "en": "No declaration '{id}' in this portfolio.{hint}",
    },
    "form.error.did_you_mean": {"fr": " Vouliez-vous dire « {id} » ?", "en": " Did you mean '{id}'?"},
    "form.error.refused_answers": {
        "fr": "Réponses refusées : la déclaration n'a pas été écrite. Corrigez-les dans le formulaire :",
        "en": "Answers refused: the declaration was not written. Correct them in the form:",
    },
    "form.error.title": {"fr": "Déclaration non écrite", "en": "Declaration not written"},
    "form.back": {"fr": "Retour au formulaire", "en": "Back to the form"},
}
MESSAGES.update({f"web.{key}": words for key, words in WEB.items()})

# argparse's own words, by its English text (checker.cli.lang hands them to argparse)
ARGPARSE: dict[str, dict[str, str]] = {
    "usage: ": {"fr": "utilisation : "},
    "argument %(argument_name)s: %(message)s": {"fr": "argument %(argument_name)s : %(message)s"},
    "positional arguments": {"fr": "arguments positionnels"},
    "options": {"fr": "options"},
    "show this help message and exit": {"fr": "affiche cette aide et quitte"},
    "show program's version number and exit": {"fr": "affiche la version et quitte"},
    "unrecognized arguments: %s": {"fr": "arguments non reconnus : %s"},
    "not allowed with argument %s": {"fr": "incompatible avec l'argument %s"},
    "ignored explicit argument %r": {"fr": "valeur %r non attendue"},
    "the following arguments are required: %s": {"fr": "arguments obligatoires absents : %s"},
    "one of the arguments %s is required": {"fr": "l'un des arguments %s est obligatoire"},
    "expected one argument": {"fr": "une valeur attendue"},
    "expected at most one argument": {"fr": "au plus une valeur attendue"},
    "expected at least one argument": {"fr": "au moins une valeur attendue"},
    "expected %s argument": {"fr": "%s valeur attendue"},
    "expected %s arguments": {"fr": "%s valeurs attendues"},
    "ambiguous option: %(option)s could match %(matches)s": {
        "fr": "option ambiguë : %(option)s peut désigner %(matches)s"
    },
    "unexpected option string: %s": {"fr": "option inattendue : %s"},
    "invalid %(type)s value: %(value)r": {"fr": "valeur invalide (%(type)s) : %(value)r"},
    "invalid choice: %(value)r (choose from %(choices)s)": {
        "fr": "choix invalide : %(value)r (au choix : %(choices)s)"
    },
    "can't open '%(filename)s': %(error)s": {"fr": "impossible d'ouvrir « %(filename)s » : %(error)s"},
    "%(prog)s: error: %(message)s\n": {"fr": "%(prog)s : erreur : %(message)s\n"},
    "unknown parser %(parser_name)r (choices: %(choices)s)": {
        "fr": "sous-commande inconnue %(parser_name)r (au choix : %(choices)s)"
    },
    'argument "-" with mode %r': {"fr": "argument « - » en mode %r"},
}


def register(prefix: str, entries: dict[str, dict[str, str]]) -> None:
    """Add a module's own texts to the one catalogue, each code under ``prefix.`` (``evidence.``,
    ``agenda.``…): a module keeps its words beside its code, in the one shape ``{code: {"fr": …,
    "en": …}}``, and reads them through :func:`text` like any other. A code given twice is an
    error at import, never a silent replacement."""
    named = {f"{prefix}.{code}": words for code, words in entries.items()}
    taken = sorted(set(named) & set(MESSAGES))
    if taken:
        raise ValueError(f"message codes given twice: {taken}")
    MESSAGES.update(named)


def text(code: str, lang: str = "fr", /, **params: object) -> str:
    """The message ``code`` in ``lang`` with its parameters filled in: the one way every text of
    the catalogue is read. A parameter worded per language (anything with ``shown(lang)``: a
    clipped value with its ellipsis and full length, an operating-system error, a placeholder's
    description; :mod:`checker.foundation.wording`) is shown in ``lang``."""
    entry = MESSAGES[code]
    template = entry.get(lang) or entry["fr"]
    if not params:
        return template
    for key, value in params.items():
        shown = getattr(value, "shown", None)
        if isinstance(value, str) and callable(shown):
            params[key] = shown(lang)
    return template.format(**params)


def choice_word(value: object, lang: str = "fr") -> str:
    """How a text shows a phase or a choice value of the declaration (``acceleration`` ->
    « accélération », ``planned`` -> « prévu »): its ``choice.<id>`` words, else the value as written."""
    key = f"choice.{value}"
    return text(key, lang) if isinstance(value, str) and key in MESSAGES else str(value)


def choice_order(value: object) -> tuple[int, str]:
    """A sort key putting phases (and choices) in the order of their words above, others after."""
    return (CHOICE_ORDER.get(f"choice.{value}", len(CHOICE_ORDER)), str(value))
