"""conformite serve as a user runs it: a live server on 127.0.0.1 (port 0: the system picks
one, the server says which). Over a raw socket, a body over --max-bytes is refused while it is
being sent, not after; in headless Chromium (Playwright, the system's browser, never a
download), the portfolio, a sheet and the agenda are opened and photographed."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys

import pytest
from conftest import AS_OF, CHROMIUM_FLAGS, FIXTURES, ROOT, chromium

pytestmark = pytest.mark.browser  # headless Chromium (conftest.chromium)

LIMIT = 4096


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("portfolio")
    for path in sorted((FIXTURES / "examples").glob("*.yaml")):
        shutil.copy(path, directory / path.name)
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "serve", str(directory), "--port", "0", "--max-bytes", str(LIMIT)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stderr.readline()  # the server's one line once it listens
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found, line
        yield f"http://127.0.0.1:{found.group(1)}", int(found.group(1))
    finally:
        process.terminate()
        process.wait(30)
        process.stderr.close()


def _exchange(port: int, head: bytes, body_parts) -> bytes:
    """Send ``head`` then each part of the body while reading; the answer as soon as it comes."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head)
        for part in body_parts:
            try:
                sock.sendall(part)
            except (BrokenPipeError, ConnectionResetError):
                break
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer.partition(b"\r\n\r\n")[2]) < _length(answer):
            part = sock.recv(65536)
            if not part:
                break
            answer += part
        return answer


def _length(answer: bytes) -> int:
    found = re.search(rb"content-length: (\d+)", answer, re.I)
    return int(found.group(1)) if found else 0


def test_a_declared_length_over_the_limit_is_refused_before_any_body_is_sent(server):
    _, port = server
    head = (
        f"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/yaml\r\n"
        f"Content-Length: {LIMIT * 1000}\r\n\r\n"
    ).encode()
    answer = _exchange(port, head, [])  # not one byte of the body: a server that read it would wait
    assert answer.startswith(b"HTTP/1.1 413") and "déclaration trop volumineuse".encode() in answer


def test_a_chunked_body_is_refused_as_soon_as_it_passes_the_limit(server):
    _, port = server
    head = b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunk = b"#" * 1024
    parts = [b"400\r\n" + chunk + b"\r\n" for _ in range(LIMIT // 1024 + 1)]  # never the final 0-chunk
    answer = _exchange(port, head, parts)  # a server that waited for the end of the body would never answer
    assert answer.startswith(b"HTTP/1.1 413")


def test_the_portfolio_a_sheet_and_the_agenda_in_chromium(server, tmp_path):
    """Screenshots for a person to look at (written to tmp_path); the report's script runs under
    the policy (its filters answer), no request leaves 127.0.0.1, no policy violation."""
    from playwright.sync_api import sync_playwright

    base, _ = server
    seen, problems = [], []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        page = browser.new_page(locale="fr-FR", viewport={"width": 1280, "height": 900})
        page.on("request", lambda request: seen.append(request.url))
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.goto(f"{base}/?as_of={AS_OF.isoformat()}")
        page.wait_for_selector("body[data-ready='1']")
        assert page.inner_text("h1").startswith("Conformité des Startups d'État")
        page.fill("#q", "jeveux")
        assert page.get_attribute("body", "data-shown") == "1"
        page.screenshot(path=str(tmp_path / "portfolio.png"), full_page=False)
        page.click("text=jeveuxaider")
        page.wait_for_selector("text=Fiche comité")
        assert "/startups/jeveuxaider" in page.url
        page.screenshot(path=str(tmp_path / "sheet.png"), full_page=False)
        page.click("#navigation >> text=Échéances")
        page.wait_for_selector("#agenda")
        page.screenshot(path=str(tmp_path / "agenda.png"), full_page=False)
        browser.close()
    assert all(url.startswith(base) for url in seen), [u for u in seen if not u.startswith(base)]
    assert not [p for p in problems if "Content Security Policy" in p], problems
    for name in ("portfolio", "sheet", "agenda"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000


def test_the_listening_socket_lets_asyncio_disable_nagle():
    """asyncio sets TCP_NODELAY only on sockets whose protocol number is TCP's: without it,
    every keep-alive answer waited 40 ms for the client's delayed acknowledgement."""
    from checker.cli.web import _listening

    sock = _listening("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP and sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()


def test_serve_says_in_french_what_stops_it_from_starting(tmp_path, capsys):
    from checker.cli import main as cli

    assert cli.main(["serve", str(tmp_path / "none")]) == 2
    assert "n'est pas un dossier de déclarations lisible" in capsys.readouterr().err
    assert cli.main(["serve", "--port", "99999"]) == 2
    assert "--port attend un nombre de 0 à 65535, pas « 99999 »" in capsys.readouterr().err
    assert cli.main(["serve", "--timeout", "nan"]) == 2
    assert "--timeout attend un nombre" in capsys.readouterr().err
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert cli.main(["serve", "--port", str(taken.getsockname()[1])]) == 2
    err = capsys.readouterr().err
    assert "impossible d'écouter sur 127.0.0.1:" in err and "adresse déjà utilisée" in err and "Traceback" not in err
