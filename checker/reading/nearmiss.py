"""Near misses: what a person probably meant to write. One place for the "did you mean" of
unknown keys and ids, the SPDX id of a licence written by its common name, the boolean behind
``oui`` / ``non`` / ``"true"``, and the ISO date behind ``15/08/2024``. Used by ``check`` (schema
errors, findings), ``explain`` and ``init``; the words around each hint are in checker.foundation.messages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from checker.foundation.dates import day_first

from .vocabulary import authorised_licences as authorised_licences  # re-exported: the questionnaire reads it here
from .vocabulary import recognised_methods

MAX_WORD = 64  # no id is that long; difflib would cost seconds per long value


def _words(value: str) -> list[str]:
    """Lower-case words without accents or a plural ``s``: ``Agents_Publics`` -> agent, public."""
    import unicodedata  # here, not at import: a valid declaration never needs a near miss

    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in re.split(r"[^a-z0-9]+", plain) if w]


def closest(word: object, choices: Iterable[object]) -> str | None:
    """The choice ``word`` most probably meant, or None: the same words in another order or
    number (``agent_public`` -> ``public_agent``), a close spelling of the whole id, or of one of
    its words (``comitte`` -> ``investment-committee``)."""
    import difflib  # here, not at import: a valid declaration never needs a near miss

    word = str(word)
    names = [str(c) for c in choices]
    if not word or len(word) > MAX_WORD or not names:
        return None
    key = sorted(_words(word))
    same = [c for c in names if key and sorted(_words(c)) == key]
    if same:
        return same[0]
    found = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if found:
        return found[0]
    best, score = None, 0.0
    lowered = word.lower()
    for choice in names:  # one word of a compound id: "comitte" -> "investment-committee"
        for part in _words(choice):
            ratio = difflib.SequenceMatcher(None, lowered, part).ratio()
            if len(part) >= 4 and ratio > score:
                best, score = choice, ratio
    return best if score >= 0.8 else None


# --- booleans ------------------------------------------------------------------------------

TRUE_WORDS = {"oui", "o", "vrai", "yes", "y", "on", "true"}
FALSE_WORDS = {"non", "n", "faux", "no", "off", "false"}


def boolean_meant(value: object) -> bool | None:
    """The boolean a text stands for (``oui``, ``Non``, ``"true"``…), else None."""
    if not isinstance(value, str):
        return None
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


# --- dates ---------------------------------------------------------------------------------


def iso_date_meant(value: object) -> str | None:
    """``15/08/2024`` (JJ/MM/AAAA, also with dots or dashes) -> ``2024-08-15`` when it is a real
    date (:func:`checker.foundation.dates.day_first`), else None."""
    day = day_first(value)
    return day.isoformat() if day is not None else None


_MONTHS = {
    **dict.fromkeys(("janvier", "janv", "january", "jan"), 1),
    **dict.fromkeys(("fevrier", "fevr", "fev", "february", "feb"), 2),
    **dict.fromkeys(("mars", "march", "mar"), 3),
    **dict.fromkeys(("avril", "avr", "april", "apr"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("juin", "june", "jun"), 6),
    **dict.fromkeys(("juillet", "juil", "july", "jul"), 7),
    **dict.fromkeys(("aout", "august", "aug"), 8),
    **dict.fromkeys(("septembre", "sept", "sep", "september"), 9),
    **dict.fromkeys(("octobre", "oct", "october"), 10),
    **dict.fromkeys(("novembre", "nov", "november"), 11),
    **dict.fromkeys(("decembre", "dec", "december"), 12),
}
_WORDED = re.compile(r"(?:le\s+)?(\d{1,2})(?:er)?\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})", re.IGNORECASE)


def worded_date_meant(value: object) -> str | None:
    """``24 janvier 2024``, ``1er février 2024``, ``24 January 2024`` -> ``2024-01-24`` when it
    is a real date, else None."""
    import unicodedata

    match = _WORDED.fullmatch(value.strip()) if isinstance(value, str) and len(value) <= MAX_WORD else None
    if match is None:
        return None
    month = unicodedata.normalize("NFKD", match.group(2)).encode("ascii", "ignore").decode().lower()
    if month not in _MONTHS:
        return None
    try:
        return dt.date(int(match.group(3)), _MONTHS[month], int(match.group(1))).isoformat()
    except ValueError:
        return None


# --- licences ------------------------------------------------------------------------------


# common names that the reduction below cannot bring to an id by itself
_LICENCE_ALIASES = {
    "apache": "apache2",
    "asl2": "apache2",
    "bsd": "bsd3clause",
    "newbsd": "bsd3clause",
    "modifiedbsd": "bsd3clause",
    "simplifiedbsd": "bsd2clause",
    "freebsd": "bsd2clause",
    "bsd3": "bsd3clause",
    "bsd2": "bsd2clause",
    "expat": "mit",
    "mpl": "mpl2",
    "mozillapublic2": "mpl2",
    "mozilla2": "mpl2",
    "eclipsepublic2": "epl2",
    "eclipse2": "epl2",
    "europeanunionpublic12": "eupl1.2",
}


def licence_key(value: str) -> str:
    """A licence name reduced to what distinguishes it: "GNU GPL v3.0", "GPLv3" and "GPL-3.0"
    give "gpl3"; "MIT License" gives "mit"; "Apache License 2.0" gives "apache2"."""
    value = value.lower()
    value = re.sub(r"\b(the|gnu|licen[sc]e|version|v(?=\d))\b", " ", value)
    value = re.sub(r"v(?=\d)", "", value)
    value = value.replace("general public", "gpl").replace("lesser", "l").replace("affero", "a")
    value = re.sub(r"\b(only|or later|or-later|\+)$", "", value.strip())
    value = re.sub(r"(\d)\.0\b", r"\1", value)
    value = re.sub(r"[^a-z0-9.]", "", value)
    value = re.sub(r"(\d)\.0$", r"\1", value)
    return _LICENCE_ALIASES.get(value, value)


def spdx_meant(value: object) -> str | None:
    """The authorised SPDX id a licence name stands for (``MIT License`` -> ``MIT``,
    ``Apache 2`` -> ``Apache-2.0``, ``GPLv3`` -> ``GPL-3.0``), or None (already an id, or
    no authorised licence close to it)."""
    if not isinstance(value, str) or len(value) > MAX_WORD:
        return None
    ids, suffixes = authorised_licences()
    lowered = value.strip().lower()
    if any(lowered == (i + s).lower() for i in ids for s in ("",) + suffixes):
        return None
    near = {licence_key(i): i for i in ids}
    return near.get(licence_key(value))


def spdx_starting(value: str) -> list[str]:
    """Authorised ids a versionless name may mean: ``EUPL`` -> EUPL-1.2, ``CeCILL`` -> CECILL-…"""
    key = licence_key(value)
    if not key or any(c.isdigit() for c in key):
        return []
    return [i for i in authorised_licences()[0] if licence_key(i).startswith(key)]


# --- risk-workshop methods -----------------------------------------------------------------


# names of the recognised methods in full, as people write them
_METHOD_NAMES = {"EBIOS Risk Manager": "ebios-rm", "méthode ANSSI agile": "anssi-agile"}


def method_meant(value: object) -> str | None:
    """The recognised method a workshop method stands for when written otherwise
    (``EBIOS RM``, ``Ebios Risk Manager`` -> ``ebios-rm``; ``ANSSI agile`` -> ``anssi-agile``),
    else None (already an id, or nothing close)."""
    if not isinstance(value, str) or len(value) > MAX_WORD:
        return None
    methods = recognised_methods()
    if value.strip().lower() in methods:
        return None
    near = {"".join(_words(m)): m for m in methods}
    near.update({"".join(_words(name)): m for name, m in _METHOD_NAMES.items() if m in methods})
    return near.get("".join(_words(value)))


# --- numbers -------------------------------------------------------------------------------

_UNIT = re.compile(r"\s*(?:€|eur|euros?|%)\s*$", re.IGNORECASE)
_SPACE_GROUPS = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?")
_DOT_GROUPS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|[+-]?\d{1,3}(?:\.\d{3})+,\d+")
_COMMA_GROUPS = re.compile(r"[+-]?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|[+-]?\d{1,3}(?:,\d{3})+\.\d+")
_COMMA_DECIMAL = re.compile(r"[+-]?\d+,\d+")
_PLAIN = re.compile(r"[+-]?\d+(?:\.\d+)?")


def number_meant(value: object) -> tuple[str, str | None] | None:
    """The number a text stands for, as YAML writes it: ``502 310,00`` -> ``502310.00``,
    ``1.805.000`` -> ``1805000``, ``925000 €`` -> ``925000``, ``7,2`` -> ``7.2``; with the other
    reading when the text has two (``1,500``: ``1.500`` with a decimal comma, ``1500`` with a
    thousands separator). None when it is not a number written otherwise."""
    if not isinstance(value, str) or len(value) > MAX_WORD:
        return None
    written = _UNIT.sub("", value.strip())
    if _SPACE_GROUPS.fullmatch(written):
        return re.sub(r"[ \u00a0\u202f\u2009]", "", written).replace(",", "."), None
    if _DOT_GROUPS.fullmatch(written):
        return written.replace(".", "").replace(",", "."), None
    if _COMMA_GROUPS.fullmatch(written):
        return written.replace(",", ""), None
    if _COMMA_DECIMAL.fullmatch(written):
        whole, decimals = written.split(",")
        other = whole + decimals if len(decimals) == 3 and len(whole.lstrip("+-")) <= 3 else None
        return f"{whole}.{decimals}", other
    if written != value.strip() and _PLAIN.fullmatch(written):  # only a unit was added
        return written, None
    return None
