"""``conformite serve`` and ``conformite site``: their options (wired into :mod:`checker.cli.main`)."""

from __future__ import annotations

import argparse
import socket
from typing import TYPE_CHECKING

from checker.foundation import console
from checker.foundation.messages import text
from checker.foundation.options import Usage, directory_option, number_option
from checker.foundation.wording import printable, system_error

if TYPE_CHECKING:
    import uvicorn

    from checker.cli.lang import Common, Subparsers
    from checker.judging.rules import Catalog
    from checker.web.app import Settings

COMMANDS = ("serve", "site")
MAX_WORKERS = 64
MAX_SECONDS = 3600.0


def add_parsers(sub: Subparsers, common: Common) -> None:
    """serve and site; ``common`` (checker.cli.main) words the help and the shared options."""
    h = common.h
    serve = sub.add_parser("serve", help=h("serve"), description=h("serve"))
    serve.add_argument("directory", nargs="?", metavar=common.metavar("dir"), help=h("serve.dir"))
    serve.add_argument("--host", default="127.0.0.1", help=h("serve.host"))
    serve.add_argument("--port", default="8000", metavar="PORT", help=h("serve.port"))
    serve.add_argument("--max-bytes", default=str(1024 * 1024), metavar="N", help=h("serve.max_bytes"))
    serve.add_argument("--lang", choices=("fr", "en"), default=common.run_lang, help=h("serve.lang"))
    serve.add_argument("--engine", choices=("process", "lock"), default="process", help=h("serve.engine"))
    serve.add_argument("--workers", default=None, metavar="N", help=h("serve.workers"))
    serve.add_argument("--timeout", default="10", metavar=common.metavar("seconds"), help=h("serve.timeout"))
    serve.add_argument("--page-timeout", default="300", metavar=common.metavar("seconds"), help=h("serve.page_timeout"))
    serve.add_argument("--proxy-headers", action="store_true", help=h("serve.proxy_headers"))
    serve.add_argument("--forwarded-allow-ips", default="127.0.0.1", metavar="IPS", help=h("serve.forwarded_allow_ips"))
    serve.add_argument("--root-path", default="", metavar="PATH", help=h("serve.root_path"))
    serve.add_argument("--rules", metavar="DIR", help=argparse.SUPPRESS)

    site = sub.add_parser("site", help=h("site"), description=h("site"))
    site.add_argument("directory", metavar=common.metavar("dir"), help=h("site.dir"))
    site.add_argument("--out", required=True, metavar=common.metavar("dir"), help=h("site.out"))
    common.as_of(site)
    site.add_argument("--days", default="90", metavar="N", help=h("site.days"))
    site.add_argument("--history-from", default=None, metavar=common.metavar("date"), help=h("site.history_from"))
    common.lang(site)
    site.add_argument("--rules", metavar="DIR", help=argparse.SUPPRESS)


def main(args: argparse.Namespace, catalog: Catalog) -> int:
    try:
        if args.command == "serve":
            return serve(args, catalog)
        from checker.web.site import build

        return build(args, catalog)
    except Usage as exc:
        console.say(str(exc))
        return 2


def settings_of(args: argparse.Namespace) -> Settings:
    from checker.judging.parallel import usable_cpus
    from checker.web.app import Settings

    lang = args.lang
    workers = usable_cpus() if args.workers is None else number_option(args.workers, "--workers", 1, MAX_WORKERS, lang)
    return Settings(
        directory=directory_option(args.directory, lang),
        max_bytes=args.max_bytes,
        lang=lang,
        engine=args.engine,
        workers=int(workers),
        timeout=number_option(args.timeout, "--timeout", 0.1, MAX_SECONDS, lang, whole=False),
        page_timeout=number_option(args.page_timeout, "--page-timeout", 1, MAX_SECONDS, lang, whole=False),
        rules_dir=args.rules,
    )


def serve(args: argparse.Namespace, catalog: Catalog) -> int:
    """Bind the address (a French sentence when it cannot be had), then run uvicorn on it."""
    import uvicorn

    from checker.web.app import create_app

    lang = args.lang
    settings = settings_of(args)
    port = int(number_option(args.port, "--port", 0, 65535, lang))
    try:
        sock = _listening(args.host, port)
    except (OSError, OverflowError) as exc:
        address = printable(f"{args.host}:{port}")
        console.say(text("web.listen", lang, address=address, detail=system_error(exc)))
        return 2
    config = uvicorn.Config(
        create_app(settings, catalog=catalog),
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips=args.forwarded_allow_ips,
        root_path=args.root_path,
        log_level="warning",
        access_log=False,
        server_header=False,
        lifespan="on",
        timeout_graceful_shutdown=5,
    )
    server = _server(config, lang, settings.engine)
    server.run(sockets=[sock])
    return 0 if server.started else 2


def _listening(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port``, made as asyncio makes its own: with the TCP protocol
    number, so that asyncio sets TCP_NODELAY on each connection (``socket.create_server`` leaves
    it 0: every keep-alive answer then waited 40 ms for a delayed acknowledgement)."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)[
        0
    ]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def _server(config: uvicorn.Config, lang: str, engine: str) -> uvicorn.Server:
    """uvicorn's server, saying once where it listens, in the user's language (uvicorn's own
    start-up lines are English: left out with ``log_level`` warning)."""
    import uvicorn

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if self.started and sockets:
                host, port = sockets[0].getsockname()[:2]
                shown = f"[{host}]" if ":" in host else host
                console.say(text("web.listening", lang, url=f"http://{shown}:{port}{config.root_path}/", engine=engine))

    return Server(config)
