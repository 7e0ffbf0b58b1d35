"""The site's pages, written with Jinja2 in the DSFR layout (``templates/base.html``), the same
for ``conformite serve`` and ``conformite site``: only the links differ (:class:`ServerLinks`,
absolute under the application's root path; :class:`SiteLinks`, relative, for a folder read
from ``file://`` or GitHub Pages) and how inline elements are allowed (a nonce per response;
their hashes in a static page's policy).

A page is a template extending ``base.html``, an entry of :data:`NAV`, and a link in the
``Links`` classes that have it (the self-assessment form, ``/declarer``, needs the server: a
static site has no link to it).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from checker.committee.sheet import file_name
from checker.foundation.messages import LANGS, text

from .. import __version__

if TYPE_CHECKING:
    from checker.judging.rules import Catalog

NAV = ("portfolio", "declarer", "agenda", "history", "rules", "api")  # the main menu, in order
BADGES = {"overdue": "fr-badge--error", "due-soon": "fr-badge--warning", "upcoming": "fr-badge--info"}
AGENDA_COLUMNS = ("due_on", "state", "startup", "obligation", "what", "where")


def dsfr_version() -> str:
    from importlib.resources import files

    return files("checker.web").joinpath("static/dsfr/VERSION").read_text(encoding="utf-8").strip()


_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("checker.web", "templates"),
    autoescape=True,  # every value is escaped unless a page marks it |safe (HTML our writers made)
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


class ServerLinks:
    """Where each page is, as the server answers (``root``: the application's root path)."""

    def __init__(self, root: str = "", startups: Iterable[str] = (), current_path: str = "/", lang: str = "fr") -> None:
        base = root.rstrip("/") + "/"
        self.home = self.portfolio = base
        self.agenda, self.agenda_ics = base + "agenda", base + "agenda.ics"
        self.history, self.history_svg = base + "history", base + "history.svg"
        self.rules, self.api = base + "rules", base + "api"
        self.declarer = base + "declarer"
        self.static = base + "static/"
        self._base, self._startups = base, set(startups)
        other = "en" if lang == "fr" else "fr"
        self.other_lang = f"{root.rstrip('/')}{current_path}?lang={other}"

    def sheet(self, startup: str) -> str | None:
        if startup not in self._startups:
            return None
        if startup in (".", ".."):  # a browser reads /startups/.. as / (even written %2E%2E)
            return self._base + "startups/" + quote(file_name(startup) + ".html")
        return self._base + "startups/" + quote(startup, safe="")


class SiteLinks:
    """Where each page is in a static site, relative to a page ``depth`` folders down."""

    api = None  # a static site has no API
    other_lang = None  # one language per site (``site --lang``)

    def __init__(self, depth: int = 0, startups: Iterable[str] = ()) -> None:
        up = "../" * depth
        self.home = self.portfolio = up + "index.html"
        self.agenda, self.agenda_ics = up + "agenda.html", up + "agenda.ics"
        self.history, self.history_svg = up + "history.html", up + "history.svg"
        self.rules = up + "rules.html"
        self.static = up + "static/"
        self._up, self._startups = up, set(startups)

    def sheet(self, startup: str) -> str | None:
        if startup not in self._startups:
            return None
        return f"{self._up}startups/{quote(file_name(startup) + '.html')}"


@dataclass
class Page:
    """What every page needs besides its own values."""

    lang: str
    links: ServerLinks | SiteLinks
    current: str = ""  # the NAV entry of this page ("" for none)
    nonce: str | None = None  # served: the response's nonce
    inline: list[str] = field(default_factory=list)  # static: inline scripts and styles, hashed into the policy


def static_policy(inline: list[str]) -> str:
    """The Content-Security-Policy of a static page: its own files, and its inline elements by hash."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in inline)
    return (
        f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' {hashes}; img-src 'self' data:; "
        "font-src 'self'; base-uri 'none'; form-action 'none'"
    )


def render(template: str, page: Page, **values: object) -> str:
    lang = page.lang if page.lang in LANGS else "fr"
    links = page.links
    nav = [(key, getattr(links, key)) for key in NAV if getattr(links, key, None)]
    return _ENVIRONMENT.get_template(template).render(
        lang=lang,
        other_lang="en" if lang == "fr" else "fr",
        t=lambda key, **params: text(key, lang, **params),
        links=links,
        nav=nav,
        current=page.current,
        nonce_attr=Markup(f' nonce="{page.nonce}"') if page.nonce else "",
        csp_meta=static_policy(page.inline) if page.nonce is None else "",
        version=__version__,
        dsfr_version=dsfr_version(),
        badges=BADGES,
        columns=AGENDA_COLUMNS,
        **values,
    )


def rules_html(catalog: Catalog, lang: str) -> str:
    """The rule documentation (``conformite rules --markdown``) as HTML: Markdown rendered with
    raw HTML disabled (a rule file's text is shown, never interpreted)."""
    from markdown_it import MarkdownIt

    from checker.reporting.docs import markdown

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown(catalog, lang))
