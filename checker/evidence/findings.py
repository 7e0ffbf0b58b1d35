"""Evidence into findings (``conformite check --evidence DIR``).

For each declaration, the observations of its startup (``DIR/<startup id>.json``, read through
:func:`checker.evidence.store.load`) are set against what it declares, rule by rule
(``rules.yaml``):

- a contradiction of an obligation that applies is a ``warn`` finding with ``cause: evidence``;
  it raises the obligation's verdict from ``pass`` (or ``waived``) to ``warn`` and never makes
  anything ``fail``; it counts in ``summary.contradicted_by_evidence``;
- a contradiction or a confirmation of an obligation that does **not** apply to the
  declaration (``observatoire`` for a product that is no online procedure) is a **note**: it
  cannot raise a verdict the report gives as ``not-applicable``, nor show it respected, so it is
  counted nowhere, and says so in its message;
- an observation that could not confirm ("non vérifié"), one that is stale (older than
  ``--evidence-max-age`` days before as-of, or dated after as-of) and one whose date is not
  known ("non datée": no date in the source and none given with ``evidence dashlord
  --observed-on``; a file's modification time is no date of the scan) are **notes** too:
  findings of outcome ``note`` (never ``pass``, never shown with ✓), always listed;
- an observation that confirms an obligation that applies is a ``pass`` finding, listed with
  ``--verbose``;
- every evidence finding carries ``evidence``: fact, declared, observed, status
  (contradicted | unconfirmed | confirmed | stale | undated), source, file or URL, observed_on
  (null when undated), date_source; its message gives the date and where the date comes from.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from checker.foundation.messages import register, text
from checker.foundation.verdicts import Verdict, worst
from checker.foundation.wording import number, printable, shorten
from checker.judging.model import NOTE, Finding
from checker.reading.loader import load_file, load_text

from . import store
from .dashlord import normalise

if TYPE_CHECKING:
    from checker.judging.model import DeclarationResult
    from checker.judging.rules import Catalog
    from checker.reading.loader import Document

register(
    "evidence.note",
    {
        "unconfirmed": {
            "fr": "{fact} : non vérifié — {observed} ({source}, le {date}, {dated}).",
            "en": "{fact}: not verified — {observed} ({source}, on {date}, {dated}).",
        },
        "confirmed": {
            "fr": "{fact} : confirmé — {observed} ({source}, le {date}, {dated}).",
            "en": "{fact}: confirmed — {observed} ({source}, on {date}, {dated}).",
        },
        "stale": {
            "fr": "{fact} : observation du {date} ({source}, {dated}) trop ancienne (plus de {days} jours avant le {as_of}) : non utilisée.",
            "en": "{fact}: observation of {date} ({source}, {dated}) too old (more than {days} days before {as_of}): not used.",
        },
        "future": {
            "fr": "{fact} : observation du {date} ({source}, {dated}) postérieure au {as_of} : non utilisée.",
            "en": "{fact}: observation of {date} ({source}, {dated}) after {as_of}: not used.",
        },
        "undated": {
            "fr": "{fact} : observation non datée ({source} : la source ne porte pas de date, et la date de modification d'un fichier ne dit pas quand l'analyse a eu lieu) : non utilisée. Donnez la date de l'analyse : conformite evidence dashlord … --observed-on AAAA-MM-JJ.",
            "en": "{fact}: undated observation ({source}: the source carries no date, and a file's modification date does not tell when the scan ran): not used. Give the date of the scan: conformite evidence dashlord … --observed-on YYYY-MM-DD.",
        },
        "not_applicable": {
            "fr": " Sans effet sur les verdicts : l'obligation {obligation} est sans objet pour cette déclaration.",
            "en": " No effect on the verdicts: obligation {obligation} does not apply to this declaration.",
        },
    },
)

# where an observation's date comes from (its date_source), as each message says it
register(
    "evidence.dated",
    {
        "file": {"fr": "date écrite dans le résultat", "en": "the date written in the result"},
        "http-date": {"fr": "date de la réponse HTTP", "en": "the date of the HTTP answer"},
        "probe": {"fr": "date de la sonde", "en": "the date of the probe"},
        "observed-on": {
            "fr": "date donnée par --observed-on, la source n'en porte pas",
            "en": "the date given by --observed-on, the source carries none",
        },
        "mtime": {
            "fr": "date de modification du fichier, la source n'en porte pas",
            "en": "the file's modification date, the source carries none",
        },
    },
)

register(
    "evidence.word",
    {
        "no_stats": {
            "fr": "aucune page de statistiques trouvée par DashLord à {url}",
            "en": "DashLord found no statistics page at {url}",
        },
        "stats_elsewhere": {
            "fr": "DashLord ne vérifie que {url}, pas l'adresse déclarée",
            "en": "DashLord only checks {url}, not the declared address",
        },
        "stats_found": {"fr": "page de statistiques trouvée à {url}", "en": "statistics page found at {url}"},
        "http_status": {"fr": "{url} répond {code}", "en": "{url} answers {code}"},
        "unreachable": {"fr": "{url} n'a pas pu être joint : {reason}", "en": "{url} could not be reached: {reason}"},
        "answered": {"fr": "{url} répond {code}", "en": "{url} answers {code}"},
        "redirected": {
            "fr": "{url} répond {code} après redirection vers {final}",
            "en": "{url} answers {code} after a redirect to {final}",
        },
        "rgpd_missing": {
            "fr": "DashLord n'a pas trouvé de lien « politique de confidentialité » sur {url} (contrôle par mots exacts)",
            "en": "DashLord found no “privacy policy” link on {url} (exact-wording check)",
        },
        "rgpd_found": {
            "fr": "page « {mention} » trouvée par DashLord ({found}), score {score}/{max}{missing}",
            "en": "page “{mention}” found by DashLord ({found}), score {score}/{max}{missing}",
        },
        "missing_words": {"fr": ", mots manquants : {words}", "en": ", missing words: {words}"},
        "no_mention": {
            "fr": "DashLord n'a pas trouvé de mention d'accessibilité sur {url}",
            "en": "DashLord found no accessibility mention on {url}",
        },
        "site_shows": {"fr": "le site affiche « {value} »", "en": "the site shows “{value}”"},
        "measured": {"fr": "disponibilité mesurée {value} %", "en": "measured availability {value}%"},
        "forge_none": {
            "fr": "la forge ne détecte aucune licence pour {url}",
            "en": "the forge detects no licence for {url}",
        },
        "forge_same": {"fr": "la forge détecte {value} pour {url}", "en": "the forge detects {value} for {url}"},
        "forge_unknown": {"fr": "la forge ne connaît pas {url}", "en": "the forge does not know {url}"},
        "dashlord": {"fr": "DashLord {tool}", "en": "DashLord {tool}"},
        "probe": {"fr": "sonde HTTP", "en": "HTTP probe"},
        "forge": {"fr": "API {forge}", "en": "{forge} API"},
    },
)


def _words(lang: str) -> Callable[..., str]:
    """``w("code", **params)``: the evidence word ``evidence.word.code`` in ``lang``."""
    return lambda key, /, **params: text(f"evidence.word.{key}", lang, **params)


def _dated(source: object, lang: str) -> str:
    """Where an observation's date comes from, as its message says it."""
    return text(f"evidence.dated.{source}", lang) if source in store.DATE_SOURCES else "?"


@lru_cache(maxsize=1)
def rules() -> tuple[dict, ...]:
    """The evidence rules (our own rules.yaml, read by the one YAML loader)."""
    text = resources.files(__package__).joinpath("rules.yaml").read_text(encoding="utf-8")
    doc, problems = load_text(text)
    assert not problems and isinstance(doc.data, dict), problems  # a bug of ours, caught by the tests
    return tuple(doc.data["rules"])


def sarif_rules(lang: str, anchor: Callable[[str], str]) -> list[dict]:
    """The evidence rules as SARIF reporting descriptors."""
    return [
        {
            "id": rule["id"],
            "name": "".join(part.capitalize() for part in rule["id"].split("-")),
            "shortDescription": {"text": rule["title"][lang]},
            "fullDescription": {"text": rule["warns_when"][lang]},
            "helpUri": anchor(rule["obligation"]),
            "defaultConfiguration": {"level": Verdict.WARN.look.sarif},
            "properties": {"obligation": rule["obligation"], "tags": ["compliance", "evidence", rule["obligation"]]},
        }
        for rule in rules()
    ]


def rule_for_fact(fact: str) -> dict | None:
    for rule in rules():
        if fact in rule["facts"]:
            return rule
    return None


def _get(data: Any, path: str) -> Any:
    node = data
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _spdx(value: str) -> str:
    value = value.strip().lower()
    for suffix in ("-only", "-or-later", "+"):
        value = value.removesuffix(suffix)
    return value


def observed_day(obs: dict) -> dt.date | None:
    """The day an observation was made, or None when it is not known: no date in the store, or
    only the result file's modification time (``date_source: mtime``; a copied or checked-out
    file has the day of the copy, not of the scan). Such an observation is a note "non datée",
    never fresh evidence, until ``evidence dashlord --observed-on`` gives the day of the scan."""
    date = obs.get("observed_on")
    if obs.get("date_source") == "mtime" or not isinstance(date, str):
        return None
    try:
        return dt.date.fromisoformat(date)
    except ValueError:
        return None


def _source_id(source: dict) -> str:
    """Stable, untranslated: ``dashlord/<tool>``, ``probe`` or ``probe/<forge>``."""
    if source.get("kind") == "dashlord":
        return f"dashlord/{source.get('tool', '?')}"
    return f"probe/{source['forge']}" if source.get("forge") else "probe"


def evidence_option(args: argparse.Namespace, catalog: Catalog, as_of: dt.date) -> EvidenceStep | None:
    """``--evidence DIR [--evidence-max-age N]`` (of ``check`` and ``sheet``): the step that turns
    observations into findings, or None without ``--evidence``; a directory that is not one is
    :class:`checker.foundation.options.Usage` (one sentence)."""
    if not args.evidence:
        return None
    from checker.foundation.messages import text
    from checker.foundation.options import Usage

    if args.evidence_max_age < 0:
        raise Usage(text("cli.evidence_max_age", args.lang, value=args.evidence_max_age))
    if not Path(args.evidence).is_dir():
        raise Usage(text("cli.evidence_dir", args.lang, dir=printable(args.evidence)))
    verbose = getattr(args, "verbose", False)  # sheet has no --verbose
    return EvidenceStep(Path(args.evidence), catalog, as_of, args.lang, args.evidence_max_age, verbose)


class _Examined(Protocol):
    """What :meth:`EvidenceStep.add_to` reads of a :class:`checker.committee.examine.Examined` (a
    higher layer: described here, never imported)."""

    @property
    def shown(self) -> str: ...

    @property
    def doc(self) -> Document | None: ...

    @property
    def result(self) -> DeclarationResult: ...


class EvidenceStep:
    """Adds evidence findings to each declaration result, from one store, as of one date."""

    def __init__(
        self,
        directory: Path,
        catalog: Catalog,
        as_of: dt.date,
        lang: str = "fr",
        max_age: int = 30,
        verbose: bool = False,
    ):
        self.directory, self.catalog, self.as_of, self.lang = directory, catalog, as_of, lang
        self.max_age, self.verbose = max_age, verbose
        self.problems: list[str] = []

    def apply(self, result: DeclarationResult, path: Path | str | None, doc: Document | None = None) -> None:
        """Add the evidence findings of ``result`` (the declaration read from ``path``, or
        already read: ``doc``) in place."""
        if result.status == "invalid" or not result.startup:
            return
        try:
            observations = store.load(self.directory, result.startup)
        except store.StoreError as exc:  # a FIFO, a huge or foreign file: said, the verdicts kept
            self.problems.append(printable(exc.text(self.lang)))
            return
        if not observations:
            return
        if doc is None:
            doc, problems = load_file(cast("Path | str", path))  # given whenever ``doc`` is not
            if problems:
                return
        if not isinstance(doc.data, dict):
            return
        added: list[Finding] = []
        for obs in observations:
            rule = rule_for_fact(obs["fact"])
            if rule is None or (obs.get("source") or {}).get("declared_on_betagouv"):
                continue  # recorded evidence no rule compares (legal notice, trackers, beta.gouv.fr record)
            added.extend(self._compare(rule, obs, doc, result.obligations))
        order = {oid: i for i, oid in enumerate(result.obligations)}
        for finding in added:
            if finding.outcome == Verdict.WARN:  # only on an obligation that applies (_finding)
                result.obligations[finding.obligation] = worst([result.obligations[finding.obligation], Verdict.WARN])
        # a confirmation is listed with --verbose only, as a pass or, where its obligation does not apply, a
        # note (every finding here carries its evidence: _made)
        shown = [f for f in added if self.verbose or cast(dict, f.evidence)["status"] != "confirmed"]
        shown.sort(
            key=lambda f: (
                order.get(f.obligation, len(order)),
                f.rule,
                f.line,
                cast(dict, f.evidence)["observed_on"] or "",
            )
        )
        result.findings.extend(shown)

    def add_to(self, examined: _Examined) -> None:
        """The same on a declaration the committee tools read (``sheet``, the server's and the
        site's sheets: a :class:`checker.committee.examine.Examined`), in place; a bug of ours
        costs the evidence (said in ``problems``), never the declaration's verdicts."""
        if examined.doc is None:
            return
        try:
            self.apply(examined.result, None, doc=examined.doc)
        except Exception as exc:
            self.problems.append(f"{examined.shown}: {type(exc).__name__}: {exc}"[:300])

    # -- one observation against the declaration -------------------------------------------
    def _compare(self, rule: dict, obs: dict, doc: Document, verdicts: dict[str, str]) -> Iterator[Finding]:
        """The findings of one observation; ``verdicts``: the declaration's, to tell whether the
        rule's obligation applies."""
        fact = obs["fact"]
        declared_values = self._declared(doc.data, fact, obs)
        if not declared_values:
            return  # nothing declared: the rules already say what is missing
        applies = verdicts.get(rule["obligation"]) not in (None, Verdict.NOT_APPLICABLE)
        day = observed_day(obs)
        for path, declared in declared_values:
            if day is None:  # when it was observed is not known: it cannot count as fresh
                yield self._finding(rule, obs, doc, path, declared, "undated", "", applies)
            elif day > self.as_of:
                yield self._finding(rule, obs, doc, path, declared, "future", "", applies)
            elif (self.as_of - day).days > self.max_age:
                yield self._finding(rule, obs, doc, path, declared, "stale", "", applies)
            else:
                status, observed = self._judge(rule, obs, declared)
                if status is not None:
                    yield self._finding(rule, obs, doc, path, declared, status, observed, applies)

    def _declared(self, data: object, fact: str, obs: dict) -> list[tuple[str, object]]:
        """(path, declared value) pairs this observation bears on."""
        if fact == "source_code.repositories":
            repos = _get(data, fact)
            if not isinstance(repos, list):
                return []
            target = normalise(obs.get("url") or "")
            return [(f"{fact}[{i}]", r) for i, r in enumerate(repos) if isinstance(r, str) and normalise(r) == target]
        if fact == "source_code.licence":
            value = _get(data, fact)
            repos = _get(data, "source_code.repositories") or []
            known = {normalise(r) for r in repos if isinstance(r, str)}
            if _blank(value) or normalise(obs.get("url") or "") not in known:
                return []
            return [(fact, value)]
        value = _get(data, fact)
        if _blank(value) or isinstance(value, (dict, list)):
            return []
        kind = (obs.get("source") or {}).get("kind")
        if kind == "probe" and fact not in ("online_procedure.observatoire.availability", "accessibility.status"):
            if normalise(obs.get("url") or "") != normalise(str(value)):
                return []  # a probe of another address than the one declared now
        return [(fact, value)]

    def _judge(self, rule: dict, obs: dict, declared: object) -> tuple[str | None, str]:
        """(contradicted | unconfirmed | confirmed | None, observed text)."""
        w = _words(self.lang)
        status, url, details = obs.get("status"), obs.get("url") or "", obs.get("details") or {}
        source = obs.get("source") or {}
        fact = obs["fact"]
        if source.get("kind") == "probe":
            return self._judge_probe(obs, declared, w, status, url, details)
        # DashLord
        if fact == "statistics.url":
            same = normalise(url) == normalise(str(declared))
            if status == "not-found":
                return (
                    ("contradicted", w("no_stats", url=url)) if same else ("unconfirmed", w("stats_elsewhere", url=url))
                )
            if status == "found":
                return (
                    ("confirmed", w("stats_found", url=url)) if same else ("unconfirmed", w("stats_elsewhere", url=url))
                )
            return None, ""
        if fact == "personal_data.privacy_notice_url":
            if status == "not-found":
                return "unconfirmed", w("rgpd_missing", url=source.get("scanned_url", ""))
            words = details.get("missing_words") or []
            missing = w("missing_words", words=", ".join(words)) if words else ""
            found_text = w(
                "rgpd_found",
                mention=details.get("mention"),
                found=url or "?",
                score=details.get("score"),
                max=details.get("max_score"),
                missing=missing,
            )
            full = words or not details.get("max_score")
            return ("unconfirmed" if full else "confirmed"), found_text
        if fact == "accessibility.status":
            value = obs.get("value")
            if status != "value" or not value:
                return "unconfirmed", w("no_mention", url=source.get("scanned_url", ""))
            if str(value).strip().lower() == str(declared).strip().lower():
                return "confirmed", w("site_shows", value=value)
            return "contradicted", str(value)
        if fact == "online_procedure.observatoire.availability":
            value = obs.get("value")
            if (
                not isinstance(value, (int, float))
                or isinstance(declared, bool)
                or not isinstance(declared, (int, float))
            ):
                return None, ""
            shown = number(float(value), self.lang)
            if float(value) < float(declared) - float(rule.get("tolerance", 0.5)):
                return "contradicted", shown
            return "confirmed", w("measured", value=shown)
        return None, ""

    def _judge_probe(
        self, obs: dict, declared: object, w: Callable[..., str], status: object, url: str, details: dict
    ) -> tuple[str, str]:
        """What a probe observation says of the declared fact."""
        fact = obs["fact"]
        code = details.get("status_code")
        if status == "unreachable":
            return "unconfirmed", w("unreachable", url=url, reason=details.get("reason") or "?")
        if fact == "source_code.licence":
            value = obs.get("value")
            if status == "not-found":
                return "unconfirmed", w("forge_unknown", url=url)
            if not value or str(value).upper() in ("NOASSERTION", "OTHER"):
                return "unconfirmed", w("forge_none", url=url)
            if _spdx(str(value)) == _spdx(str(declared)):
                return "confirmed", w("forge_same", url=url, value=value)
            return "contradicted", str(value)
        if status == "not-found":
            return "contradicted", w("http_status", url=url, code=code)
        if status == "error":
            return "unconfirmed", w("http_status", url=url, code=code)
        final = details.get("final_url")
        if final and final != url:
            return "confirmed", w("redirected", url=url, code=code, final=final)
        return "confirmed", w("answered", url=url, code=code)

    def _source_text(self, obs: dict) -> str:
        w = _words(self.lang)
        source = obs.get("source") or {}
        if source.get("kind") == "dashlord":
            return w("dashlord", tool=source.get("tool", "?"))
        if source.get("forge"):
            return w("forge", forge=source["forge"])
        return w("probe")

    def _finding(
        self,
        rule: dict,
        obs: dict,
        doc: Document,
        path: str,
        declared: object,
        status: str,
        observed: str,
        applies: bool,
    ) -> Finding:
        """A ``warn`` for a contradiction of an obligation that ``applies``; a ``pass`` for a
        confirmation; a ``note`` for anything else (see the module's docstring)."""
        lang = self.lang
        date, source_text = str(obs.get("observed_on", "")), self._source_text(obs)
        shown_declared = (
            number(float(declared), lang)
            if isinstance(declared, (int, float)) and not isinstance(declared, bool)
            else shorten(declared, lang)
        )
        params = {
            "fact": path,
            "declared": shown_declared,
            "observed": shorten(observed, lang, 300),
            "source": source_text,
            "date": date,
            "dated": _dated(obs.get("date_source"), lang),
            "url": shorten(obs.get("url") or "", lang, 300),
            "days": self.max_age,
            "as_of": self.as_of.isoformat(),
        }
        if status == "contradicted":
            message = rule["contradicted"][lang].format(**params)
        else:
            message = text(f"evidence.note.{status}", lang, **params)
        if not applies and status in ("contradicted", "confirmed"):  # it can weigh on no verdict: said
            message += text("evidence.note.not_applicable", lang, obligation=rule["obligation"])
        outcome = NOTE  # unconfirmed, stale, undated, or about an obligation that does not apply
        if applies and status == "contradicted":
            outcome = Verdict.WARN
        elif applies and status == "confirmed":
            outcome = Verdict.PASS
        return self._made(rule, obs, doc, path, declared, status, message, outcome)

    def _made(
        self,
        rule: dict,
        obs: dict,
        doc: Document,
        path: str,
        declared: object,
        status: str,
        message: str,
        outcome: str,
    ) -> Finding:
        obligation = (
            self.catalog.obligation(rule["obligation"]) if rule["obligation"] in self.catalog.obligation_ids else None
        )
        reference = obligation.article[self.lang] if obligation is not None else ""
        line, column = doc.locate(path)
        source = obs.get("source") or {}
        evidence = {
            "fact": path,
            "declared": declared,
            "observed": obs.get("value") if obs.get("value") is not None else obs.get("status"),
            "status": "stale" if status == "future" else status,
            "source": _source_id(source),
            "origin": source.get("file") or obs.get("url"),
            "observed_on": obs.get("observed_on", "") if status != "undated" else None,  # None: not known
            "date_source": obs.get("date_source"),
        }
        finding = Finding(
            rule["id"],
            rule["obligation"],
            str(Verdict.WARN.look.severity),  # evidence never makes a fail
            outcome,
            printable(message),
            reference,
            path,
            line,
            column,
            None,
        )
        finding.cause = "evidence"
        finding.evidence = evidence
        return finding
