"""Near misses: what a person probably meant to write. One place for the "did you mean" of
unknown keys and ids, the SPDX id of a licence written by its common name, the boolean behind
``oui`` / ``non`` / ``"true"``, and the ISO date behind ``15/08/2024``. Used by ``check`` (schema
errors, findings), ``explain`` and ``init``; the words around each hint are in checker.messages."""

from __future__ import annotations

import datetime as dt
import functools
import re

MAX_WORD = 64  # no id is that long; difflib would cost seconds per long value


def _words(value: str) -> list[str]:
    """Lower-case words without accents or a plural ``s``: ``Agents_Publics`` -> agent, public."""
    import unicodedata  # here, not at import: a valid declaration never needs a near miss

    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in re.split(r"[^a-z0-9]+", plain) if w]


def closest(word, choices) -> str | None:
    """The choice ``word`` most probably meant, or None: the same words in another order or
    number (``agent_public`` -> ``public_agent``), a close spelling of the whole id, or of one of
    its words (``comitte`` -> ``investment-committee``)."""
    import difflib  # here, not at import: a valid declaration never needs a near miss

    word = str(word)
    choices = [str(c) for c in choices]
    if not word or len(word) > MAX_WORD or not choices:
        return None
    key = sorted(_words(word))
    same = [c for c in choices if key and sorted(_words(c)) == key]
    if same:
        return same[0]
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if found:
        return found[0]
    best, score = None, 0.0
    lowered = word.lower()
    for choice in choices:  # one word of a compound id: "comitte" -> "investment-committee"
        for part in _words(choice):
            ratio = difflib.SequenceMatcher(None, lowered, part).ratio()
            if len(part) >= 4 and ratio > score:
                best, score = choice, ratio
    return best if score >= 0.8 else None


# --- booleans ------------------------------------------------------------------------------

TRUE_WORDS = {"oui", "o", "vrai", "yes", "y", "on", "true"}
FALSE_WORDS = {"non", "n", "faux", "no", "off", "false"}


def boolean_meant(value) -> bool | None:
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

_DAY_FIRST = re.compile(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*")


def iso_date_meant(value) -> str | None:
    """``15/08/2024`` (JJ/MM/AAAA, also with dots or dashes) -> ``2024-08-15`` when it is a real
    date, else None."""
    match = _DAY_FIRST.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# --- licences ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def authorised_licences() -> tuple[tuple, tuple]:
    """(SPDX ids, suffixes) authorised by the open-source rule: the rule file is the one place
    for them (read once per process)."""
    from .rules import load_catalog

    rule = load_catalog().rules["open-source-licence-authorised"]
    return tuple(rule.when["not_in"]), tuple(rule.when.get("variants", ()))


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


def spdx_meant(value) -> str | None:
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
