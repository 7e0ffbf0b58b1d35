"""How conformite writes a value for a person, whatever the message around it: made printable
(no terminal escape, no control character), quoted on one line and clipped to a bounded
length, shortened with its full length said, a number or an amount as each language writes it,
a count agreed with its noun, and an operating-system error in the reader's language. The words
these need (a count's noun, an errno's wording) are in the one catalogue
(:mod:`checker.foundation.messages`), read through :func:`~checker.foundation.messages.text`."""

from __future__ import annotations

import errno as _errno
import math
import re
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from .messages import register, text

# control characters (terminal escapes, NUL, bell…), bidirectional overrides that reorder what a
# reader sees, and lone surrogates (undecodable file-name bytes, "\\udc80" escapes in YAML) that
# no UTF-8 output can encode
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
QUOTE_LIMIT = 80  # characters of a declaration value quoted in a message, at most

_T = TypeVar("_T")


# what the operating system said, in the reader's language: the C library's own texts
# (os.strerror) are English whatever the locale, so the errors a user meets are worded here
SYSTEM_ERRORS: dict[str, dict[str, str]] = {
    "ENOENT": {"fr": "fichier ou dossier introuvable", "en": "no such file or directory"},
    "EACCES": {"fr": "permission refusée", "en": "permission denied"},
    "EPERM": {"fr": "opération non permise", "en": "operation not permitted"},
    "EISDIR": {"fr": "c'est un dossier", "en": "is a directory"},
    "ENOTDIR": {"fr": "un élément du chemin n'est pas un dossier", "en": "a part of the path is not a directory"},
    "EEXIST": {"fr": "le fichier existe déjà", "en": "file exists"},
    "ENOSPC": {"fr": "plus de place sur le disque", "en": "no space left on the device"},
    "EDQUOT": {"fr": "quota de disque dépassé", "en": "disk quota exceeded"},
    "EROFS": {"fr": "système de fichiers en lecture seule", "en": "read-only file system"},
    "ELOOP": {"fr": "trop de liens symboliques enchaînés", "en": "too many levels of symbolic links"},
    "ENAMETOOLONG": {"fr": "nom de fichier trop long", "en": "file name too long"},
    "EMFILE": {"fr": "trop de fichiers ouverts", "en": "too many open files"},
    "ENFILE": {"fr": "trop de fichiers ouverts sur le système", "en": "too many open files in the system"},
    "EIO": {"fr": "erreur d'entrée-sortie", "en": "input/output error"},
    "EXDEV": {"fr": "déplacement entre deux systèmes de fichiers", "en": "move across file systems"},
    "ENOTEMPTY": {"fr": "dossier non vide", "en": "directory not empty"},
    "EBUSY": {"fr": "ressource occupée", "en": "device or resource busy"},
    "ETXTBSY": {"fr": "fichier occupé", "en": "text file busy"},
    "EAGAIN": {"fr": "ressource temporairement indisponible", "en": "resource temporarily unavailable"},
    "EINVAL": {"fr": "argument invalide", "en": "invalid argument"},
    "ENXIO": {"fr": "périphérique ou adresse introuvable", "en": "no such device or address"},
    "ENODEV": {"fr": "périphérique introuvable", "en": "no such device"},
    "EFBIG": {"fr": "fichier trop grand", "en": "file too large"},
    "EADDRINUSE": {"fr": "adresse déjà utilisée", "en": "address already in use"},
    "EADDRNOTAVAIL": {"fr": "adresse indisponible sur cette machine", "en": "address not available on this machine"},
    "ECONNREFUSED": {"fr": "connexion refusée", "en": "connection refused"},
    "ECONNRESET": {"fr": "connexion interrompue par l'autre partie", "en": "connection reset by peer"},
    "ETIMEDOUT": {"fr": "délai d'attente dépassé", "en": "timed out"},
    "EHOSTUNREACH": {"fr": "hôte injoignable", "en": "no route to host"},
    "ENETUNREACH": {"fr": "réseau injoignable", "en": "network unreachable"},
    # not the C library's: what checker.foundation.atomic refuses to replace (its Refused errors' ``key``)
    "read_only": {"fr": "fichier en lecture seule", "en": "read-only file"},
    "not_regular": {"fr": "ce n'est pas un fichier ordinaire", "en": "not a regular file"},
    # an errno not listed above: the C library's own (English) text
    "unknown": {"fr": "erreur du système : {detail}", "en": "{detail}"},
}
register("system", SYSTEM_ERRORS)


class SystemText(str):
    """An operating-system error as a message parameter: shown in the message's language
    (:data:`SYSTEM_ERRORS`), the C library's English text only for an errno not listed there."""

    key: str

    def shown(self, lang: str = "fr") -> str:
        if self.key in SYSTEM_ERRORS and self.key != "unknown":
            return text(f"system.{self.key}", lang)
        return text("system.unknown", lang, detail=str(self))


def system_error(exc: BaseException) -> SystemText:
    """``exc`` (an ``OSError`` or anything raised by a read or a write) as a :class:`SystemText`."""
    number = getattr(exc, "errno", None)
    detail = SystemText(getattr(exc, "strerror", None) or str(exc) or type(exc).__name__)
    detail.key = getattr(exc, "key", None) or (_errno.errorcode.get(number, "") if isinstance(number, int) else "")
    return detail


class Worded(str):
    """A message parameter worded in each language (``words``: ``{"fr": …, "en": …}``), shown
    in the message's language when it is rendered (a problem is made before the language is
    known: a placeholder's description, the shape of a value to write)."""

    words: dict[str, str]

    def shown(self, lang: str = "fr") -> str:
        return self.words.get(lang) or self.words["fr"]


def worded(words: dict[str, str]) -> Worded:
    out = Worded(words["fr"])
    out.words = dict(words)
    return out


class Clipped(str):
    """The first characters of a value too long to quote whole; ``length`` is its full length."""

    length: int

    def shown(self, lang: str = "fr") -> str:
        return f"{self}… ({self.length} {text('word.characters', lang)})"


def clip(value: _T, limit: int = QUOTE_LIMIT) -> _T | Clipped:
    """A string over ``limit`` characters as a :class:`Clipped` head; anything else unchanged,
    so a message never echoes an unbounded value (a 200 KB text aliased 2,000 times)."""
    if isinstance(value, str) and len(value) > limit and not isinstance(value, Clipped):
        head = Clipped(value[: max(limit - 20, 1)])
        head.length = len(value)
        return head
    return value


_INVISIBLE = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def quote(value: _T) -> _T | str:
    """A value as an error message quotes it: clipped, then line breaks and tabs written out
    (``abc\\n``, so the message stays one line and shows what is wrong)."""
    if not isinstance(value, str) or isinstance(value, SystemText | Worded):
        return value
    cut = clip(value)
    if isinstance(cut, Clipped):
        shown = Clipped(cut.translate(_INVISIBLE))
        shown.length = cut.length
        return shown
    return cut.translate(_INVISIBLE)


def shorten(value: _T, lang: str = "fr", limit: int = QUOTE_LIMIT) -> _T | str:
    """``clip`` as final text: the head, an ellipsis and the full length."""
    cut = clip(value, limit)
    return cut.shown(lang) if isinstance(cut, Clipped) else cut


def printable(value: _T) -> _T | str:
    """User text made safe to print anywhere: control characters (terminal escapes, NUL, bell…)
    become U+FFFD; newlines and tabs are kept (each format escapes or folds them)."""
    if isinstance(value, Clipped):
        out = Clipped(_CONTROL.sub("\ufffd", value))
        out.length = value.length
        return out
    if not isinstance(value, str) or value.isprintable():  # every character _CONTROL matches is unprintable
        return value
    return _CONTROL.sub("\ufffd", value)


# how each language writes a number: the thousands separator (French: a narrow no-break space,
# U+202F, the one every report, sheet and chart uses) and the decimal mark
THOUSANDS = {"fr": "\u202f", "en": ","}
DECIMAL_MARK = {"fr": ",", "en": "."}
_COLON = {"fr": " : ", "en": ": "}  # French puts a space before the colon


def colon(lang: str) -> str:
    """The colon between a label and its value, as the language writes it (``libellé : valeur``,
    ``label: value``)."""
    return _COLON.get(lang, ": ")


def number(value: object, lang: str = "fr", places: int | None = None) -> str:
    """A number as the language writes it: thousands grouped and a decimal comma in French
    (``1 234 567,5``, a narrow no-break space between thousands), ``1,234,567.5`` in English.
    A float is the shortest decimal that reads back as it (98.49, 925000.01, 7); ``places``
    rounds (half to even) to at most that many decimals, trailing zeros dropped; a Fraction
    is rounded to 2 places unless told. Anything else is shown as it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction, Decimal)):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if places is None and isinstance(value, Fraction):
        value, places = (value.numerator, None) if value.denominator == 1 else (value, 2)
    if places is None:  # exact: an int, or a float as its repr shows it (1e+16 written out)
        assert not isinstance(value, Fraction)  # a whole Fraction was made its numerator above
        digits = format(Decimal(repr(value) if isinstance(value, float) else value), "f")
        whole, _, decimals = digits.lstrip("-").partition(".")
    else:  # in integers: the value in units of 10^-places, rounded half to even
        exact = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
        units = str(abs(round(exact * 10**places))).rjust(places + 1, "0")
        whole, decimals = units[: len(units) - places], units[len(units) - places :]
    decimals = decimals.rstrip("0")
    sign = "-" if value < 0 and (int(whole) or decimals) else ""  # never "-0"
    grouped = f"{int(whole):,}".replace(",", THOUSANDS.get(lang, ","))
    return sign + grouped + (DECIMAL_MARK.get(lang, ".") + decimals if decimals else "")


def amount(value: object, lang: str = "fr") -> str:
    """An amount of euros as the language writes it: ``137 499,50`` (French) or ``137,499.50``
    (English), cents always shown when there are any, none for a whole amount (``20``), and
    every decimal of an amount declared finer than the cent (``1 000 000,005``, never rounded to
    ``1 000 000``: the amount as declared)."""
    mark = DECIMAL_MARK.get(lang, ".")
    places = _decimal_places(value)
    if places is None:  # a declared amount finer than MAX_PLACES decimals (5e-324): as declared, never 0
        return repr(value).replace(".", mark)
    shown = number(value, lang, places=max(2, places))
    whole, found, cents = shown.partition(mark)
    return f"{whole}{mark}{cents:0<2}" if found else shown


MAX_PLACES = 12  # decimals an amount is shown with at most (a declared amount has a few)


def _decimal_places(value: object) -> int | None:
    """The decimals ``value`` needs to be written exactly (a float as its repr shows it); beyond
    :data:`MAX_PLACES`, None for a float (a declared 5e-324, shown as declared) and 2 for a computed
    value (a third: to the cent); 0 for anything that is not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction, Decimal)):
        return 0
    if isinstance(value, float) and not math.isfinite(value):
        return 0
    exact = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    for places in range(MAX_PLACES + 1):
        if (exact * 10**places).denominator == 1:
            return places
    return None if isinstance(value, float) else 2  # a computed value (a third): to the cent


def counted(count: int, code: str, lang: str = "fr") -> str:
    """``count`` and the noun (or noun phrase) ``code`` agreed with it, as the language says it:
    ``code`` is a :data:`MESSAGES` entry giving the singular and the plural joined by ``|``
    ("déclaration écrite|déclarations écrites"; one form when both are the same). French takes
    the singular for 0 and 1 (« 1 conflit », « 0 fiche ignorée »), English only for 1. The
    count, written by :func:`number`, goes before the form, or where the form says ``{n}``
    ("dans les {n} prochains jours"; a singular form may leave it out: "d'ici demain"). Three
    forms give the words for none first ("aucune à venir|celles de demain|…")."""
    forms = text(code, lang)
    parts = forms.split("|")
    if len(parts) == 3 and count == 0:
        return parts[0]
    one, many = parts[-2] if len(parts) > 1 else parts[0], parts[-1]
    form = one if (count < 2 if lang == "fr" else count == 1) else many
    shown = number(count, lang)
    return form.replace("{n}", shown) if "{n}" in forms else f"{shown} {form}"
