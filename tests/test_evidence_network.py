"""The probe against hostile HTTP servers started here on 127.0.0.1 (threads of this test, each
ending when the probe goes away or the module ends): slow headers, an endless chunked body, a
gzip bomb, JSON nested 100,000 deep, a punycode charset, 512 KiB of ``<title ``, a redirect to
a cloud metadata address, an interrupted run; then the option values (issue 21 #2, #8, #9, #14,
#19)."""

import argparse
import json
import os
import signal
import socketserver
import threading
import tracemalloc
import zlib

import pytest
import yaml
from conftest import ROOT

from checker.cli.main import main
from checker.evidence import fetch, probe, store
from checker.reading.loader import load_file

SECRET = "SecretAccessKey"
METADATA = json.dumps({"Code": "Success", "AccessKeyId": "ASIAEXAMPLE", SECRET: "wJalrXUtnFEMI/K7MDENG"}).encode()


def _head(status="200 OK", headers=()) -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _send(conn, status, body: bytes, content_type="text/html; charset=utf-8", headers=()):
    conn.sendall(_head(status, [("Content-Type", content_type), ("Content-Length", len(body)), *headers]) + body)


def _gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes gzipped, built a mebibyte at a time (never the whole text in memory)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + packer.flush()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, routes):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes, self.stop, self.requests, self.sent = routes, threading.Event(), [], {}
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.port = self.server_address[1]


class _Handler(socketserver.BaseRequestHandler):
    def handle(self):
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 65536:
            chunk = self.request.recv(4096)
            if not chunk:
                return
            head += chunk
        path = head.split(b" ", 2)[1].decode("ascii", "replace")
        self.server.requests.append(path)
        route = self.server.routes.get(path, _not_found)
        try:
            route(self.request, self.server, path)
        except OSError:
            pass  # the probe went away: what a hostile server sees


def _not_found(conn, server, path):
    _send(conn, "404 Not Found", b"<title>nothing here</title>")


def _slow_headers(conn, server, path):
    """One header line every 0.1 s, up to 10 s: each read is quick, only the whole is slow."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
    for i in range(100):
        if server.stop.wait(0.1):
            return
        conn.sendall(f"X-Slow-{i}: x\r\n".encode())
    conn.sendall(b"Content-Length: 0\r\n\r\n")


def _endless(conn, server, path):
    """A chunked body that never ends (256 MiB at most, then the server gives up)."""
    conn.sendall(_head(headers=[("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")]))
    chunk = b"%x\r\n" % 65536 + b"<p>" + b"a" * (65536 - 3) + b"\r\n"
    server.sent[path] = 0
    for _ in range(4096):
        if server.stop.is_set():
            return
        conn.sendall(chunk)
        server.sent[path] += len(chunk)


def _bomb(conn, server, path):
    body = server.bomb
    _send(conn, "200 OK", body, headers=[("Content-Encoding", "gzip")])


def _deep_json(conn, server, path):
    _send(conn, "200 OK", b"[" * 100_000 + b"]" * 100_000, "application/json")


def _punycode(conn, server, path):
    body = b"<title>Accueil</title>" + b"a-" * (256 * 1024)
    _send(conn, "200 OK", body, "text/html; charset=punycode")


def _titles(conn, server, path):
    _send(conn, "200 OK", b"<title " * (512 * 1024 // 7), "text/html")


def _ok(conn, server, path):
    _send(conn, "200 OK", b"<html><title>Statistiques</title></html>")


def _secret(conn, server, path):
    _send(conn, "200 OK", METADATA, "application/json")


def _interrupt(conn, server, path):
    """Ctrl-C arrives while this answer is awaited; then wait for the probe to leave."""
    os.kill(os.getpid(), signal.SIGINT)
    conn.settimeout(10)
    conn.recv(1)


@pytest.fixture(scope="module")
def servers():
    """Two servers: ``inner`` stands for an address the probe must not reach (a metadata
    service); ``outer`` stands for a public site (tests allow only its port)."""
    inner = Server({"/latest/meta-data/iam": _secret, "/secret.json": _secret})
    outer = Server(
        {
            "/slow-headers": _slow_headers,
            "/endless": _endless,
            "/bomb": _bomb,
            "/repos/team/deep": _deep_json,
            "/punycode": _punycode,
            "/titles": _titles,
            "/a-ok": _ok,
            "/b-interrupt": _interrupt,
            "/to-metadata": lambda conn, server, path: _send(
                conn, "302 Found", b"", headers=[("Location", f"{inner.base}/latest/meta-data/iam")]
            ),
        }
    )
    outer.bomb = _gzip_bomb(256 * 1024 * 1024)
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (inner, outer)]
    for thread in threads:
        thread.start()
    yield outer, inner
    for s in (inner, outer):
        s.stop.set()
        s.shutdown()
        s.server_close()


def write_declaration(where, startup: str, url: str, repositories=()):
    """The conforming example as ``startup``, every URL it gives set to ``url`` (one request)."""
    doc, problems = load_file(ROOT / "fixtures" / "examples" / "exemple-conforme.yaml")
    assert problems == []
    data = doc.data
    data["startup"]["id"] = startup
    data["statistics"]["url"] = data["product_page"]["url"] = url
    data["personal_data"]["privacy_notice_url"] = url
    data["convention"]["publication"] = {"gouvernement_fr": url, "data_gouv_fr": url}
    data["source_code"]["repositories"] = list(repositories) or [url]
    path = where / f"{startup}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def args_for(paths, out, api="https://api.github.com", **options):
    values = {
        "paths": [str(p) for p in paths],
        "out": str(out),
        "concurrency": 4,
        "timeout": 60.0,  # an answer of a server here is never that late; a test of the deadline gives its own
        "retries": 0,
        "cache_hours": 24.0,
        "github_api": api,
        "gitlab_api": api,
        "no_progress": True,
        "allow_private": True,
        "lang": "fr",
    }
    values.update(options)
    return argparse.Namespace(**values)


def probe_one(tmp_path, url, **options):
    """The one observation of ``statistics.url`` after probing ``url`` alone."""
    path = write_declaration(tmp_path, "demo", url)
    out = tmp_path / "evidence"
    assert probe.main(args_for([path], out, **options), backoff=0.01) == 0
    [found] = [o for o in store.load(out, "demo") if o["fact"] == "statistics.url"]
    return found, out


def test_a_server_sending_headers_slowly_is_cut_at_the_total_deadline(servers, tmp_path):
    outer, _inner = servers
    found, _out = probe_one(tmp_path, f"{outer.base}/slow-headers", timeout=0.5)
    assert found["status"] == "unreachable" and found["details"]["reason"] == "timeout"


def test_an_endless_chunked_body_stops_at_the_cap(servers, tmp_path):
    outer, _inner = servers
    found, _out = probe_one(tmp_path, f"{outer.base}/endless", timeout=30)
    assert found["status"] == "found" and found["details"]["truncated"] is True
    assert outer.sent["/endless"] < 64 * 1024 * 1024  # the probe stopped reading long before the end


def test_a_gzip_bomb_is_decompressed_only_up_to_the_cap_in_bounded_memory(servers, tmp_path):
    outer, _inner = servers
    assert len(outer.bomb) < 1024 * 1024  # 256 MiB of zeros, gzipped
    path = write_declaration(tmp_path, "demo", f"{outer.base}/bomb")
    out = tmp_path / "evidence"
    tracemalloc.start()
    try:
        assert probe.main(args_for([path], out, timeout=30), backoff=0.01) == 0
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    [found] = [o for o in store.load(out, "demo") if o["fact"] == "statistics.url"]
    assert found["status"] == "found" and found["details"]["truncated"] is True
    assert peak < 24 * 1024 * 1024  # 256 MiB once decompressed: never held


def test_json_nested_100000_deep_costs_that_answer_only(servers, tmp_path):
    outer, _inner = servers
    ok = write_declaration(tmp_path, "other", f"{outer.base}/a-ok")
    deep = write_declaration(tmp_path, "deep", f"{outer.base}/a-ok", ["https://github.com/team/deep"])
    out = tmp_path / "evidence"
    assert probe.main(args_for([ok, deep], out, api=outer.base), backoff=0.01) == 0
    [licence] = [o for o in store.load(out, "deep") if o["fact"] == "source_code.licence"]
    assert licence["status"] == "error" and licence["details"]["json_problem"] == "json.too_deep"
    assert [o["status"] for o in store.load(out, "other") if o["fact"] == "statistics.url"] == ["found"]


def test_a_punycode_charset_is_not_used(servers, tmp_path):
    outer, _inner = servers
    found, _out = probe_one(tmp_path, f"{outer.base}/punycode")
    assert found["status"] == "found"
    assert found["details"]["encoding_problem"] == "charset punycode not used, read as utf-8"
    assert found["details"]["title"] == "Accueil"


def test_512_kib_of_title_openings_give_no_title(servers, tmp_path):
    outer, _inner = servers
    found, _out = probe_one(tmp_path, f"{outer.base}/titles")
    assert found["status"] == "found" and "title" not in found["details"]


def test_a_redirect_to_a_private_address_is_refused_and_nothing_of_it_is_kept(servers, tmp_path):
    """The outer server stands for a public site (its port allowed); it redirects to the metadata
    address: that hop is refused before anything is sent, and no secret reaches the store or the cache."""
    outer, inner = servers
    before = len(inner.requests)
    path = write_declaration(tmp_path, "demo", f"{outer.base}/to-metadata")
    out = tmp_path / "evidence"
    args = args_for([path], out, allow_private=False)
    assert probe.main(args, backoff=0.01, allowed=lambda address, port: port == outer.port) == 0
    [found] = [o for o in store.load(out, "demo") if o["fact"] == "statistics.url"]
    assert found["status"] == "unreachable" and found["details"]["reason"] == "private-address"
    assert len(inner.requests) == before
    written = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert SECRET.encode() not in written and b"ASIAEXAMPLE" not in written


def test_a_private_target_is_refused_by_default(servers, tmp_path):
    _outer, inner = servers
    before = len(inner.requests)
    found, _out = probe_one(tmp_path, f"{inner.base}/secret.json", allow_private=False)
    assert found["status"] == "unreachable" and found["details"]["reason"] == "private-address"
    assert len(inner.requests) == before


def test_an_answer_cached_by_an_allow_private_run_is_not_reused_by_a_run_without_it(servers, tmp_path):
    """Hostile probe: a run with --allow-private cached the answer of a private address; the next
    run without the option took it from the cache ("found", final URL 127.0.0.1). Such an entry is
    marked, and asked again (and refused) by a run that may not reach private addresses."""
    _outer, inner = servers
    path = write_declaration(tmp_path, "demo", f"{inner.base}/secret.json")
    out = tmp_path / "evidence"
    assert probe.main(args_for([path], out, allow_private=True), backoff=0.01) == 0
    assert [o["status"] for o in store.load(out, "demo") if o["fact"] == "statistics.url"] == ["found"]
    assert probe.main(args_for([path], out, allow_private=False), backoff=0.01) == 0
    [found] = [o for o in store.load(out, "demo") if o["fact"] == "statistics.url"]
    assert found["status"] == "unreachable" and found["details"]["reason"] == "private-address"
    assert probe.main(args_for([path], out, allow_private=True), backoff=0.01) == 0  # its own kind: reused
    [again] = [o for o in store.load(out, "demo") if o["fact"] == "statistics.url"]
    assert again["status"] == "found"


def test_a_document_that_cannot_be_written_makes_the_probe_exit_2(servers, tmp_path, capsys):
    """A file in --out that is not an evidence document is left as it is, said, and the run's
    exit status says not all was stored (it was 0: a script could not tell)."""
    _outer, inner = servers
    path = write_declaration(tmp_path, "demo", f"{inner.base}/secret.json")
    out = tmp_path / "evidence"
    out.mkdir()
    (out / "demo.json").write_text('{"name": "package"}\n', encoding="utf-8")
    assert probe.main(args_for([path], out), backoff=0.01) == 2
    assert "ce fichier n'est pas un document de preuves" in capsys.readouterr().err
    assert (out / "demo.json").read_text(encoding="utf-8") == '{"name": "package"}\n'


def test_the_cache_keeps_facts_never_a_body(servers, tmp_path):
    _outer, inner = servers
    path = write_declaration(tmp_path, "demo", f"{inner.base}/secret.json", ["https://github.com/team/secret"])
    out = tmp_path / "evidence"
    # the same JSON served as a page and as a forge's answer (no "license": a licence of None)
    inner.routes["/repos/team/secret"] = _secret
    assert probe.main(args_for([path], out, api=inner.base), backoff=0.01) == 0
    cache = (out / ".cache" / "probe.json").read_bytes()
    assert SECRET.encode() not in cache and b"ASIAEXAMPLE" not in cache
    entries = json.loads(cache)["entries"]
    assert entries[f"{inner.base}/repos/team/secret"]["answer"]["licence"] is None


def test_an_old_cache_holding_a_whole_body_is_not_used_and_is_rewritten_without_it(servers, tmp_path):
    outer, _inner = servers
    path = write_declaration(tmp_path, "demo", f"{outer.base}/a-ok")
    out = tmp_path / "evidence"
    (out / ".cache").mkdir(parents=True)
    old = {
        f"{outer.base}/a-ok": {
            "at": "2099-01-01T00:00:00+00:00",
            "answer": {"outcome": "answered", "json": {SECRET: "x"}},
        }
    }
    (out / ".cache" / "probe.json").write_text(json.dumps(old), encoding="utf-8")
    assert probe.main(args_for([path], out), backoff=0.01) == 0
    assert SECRET not in (out / ".cache" / "probe.json").read_text(encoding="utf-8")


def test_public_addresses_only(servers):
    for address in ("8.8.8.8", "2001:4860:4860::8888", "193.51.24.1"):
        assert fetch.public_address(address), address
    for address in (
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # the metadata address of most clouds
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1%eth0",
        "fd00::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::",
        "not an address",
    ):
        assert not fetch.public_address(address), address


def test_an_interrupted_run_keeps_what_it_had(servers, tmp_path, capsys):
    outer, _inner = servers
    first = write_declaration(tmp_path, "alpha", f"{outer.base}/a-ok")
    second = write_declaration(tmp_path, "beta", f"{outer.base}/b-interrupt")
    out = tmp_path / "evidence"
    argv = ["evidence", "probe", str(first), str(second), "--out", str(out), "--allow-private"]
    code = main([*argv, "--concurrency", "1", "--retries", "0", "--no-progress", "--timeout", "20"])
    err = capsys.readouterr().err
    assert code == 130 and "Traceback" not in err
    assert "sonde interrompue : 1 document de preuves écrit dans" in err
    assert [o["status"] for o in store.load(out, "alpha") if o["fact"] == "statistics.url"] == ["found"]
    assert not (out / "beta.json").exists()
    assert f"{outer.base}/a-ok" in json.loads((out / ".cache" / "probe.json").read_text(encoding="utf-8"))["entries"]


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--cache-hours", "nan", "--cache-hours nan : attendu un nombre d'heures entre 0 et 8784"),
        ("--cache-hours", "1e308", "--cache-hours 1e+308 : attendu un nombre d'heures entre 0 et 8784"),
        ("--cache-hours", "-1", "--cache-hours -1.0 : attendu"),
        ("--timeout", "0", "--timeout 0.0 : attendu un nombre de secondes supérieur à 0"),
        ("--timeout", "-1", "--timeout -1.0 : attendu"),
        ("--timeout", "nan", "--timeout nan : attendu"),
        ("--timeout", "inf", "--timeout inf : attendu"),
        ("--retries", "40", "--retries 40 : attendu un nombre de nouvelles tentatives entre 0 et 5"),
        ("--concurrency", "0", "--concurrency 0 : attendu un nombre de requêtes simultanées entre 1 et 64"),
    ],
)
def test_option_values_out_of_bounds_are_one_usage_sentence(tmp_path, capsys, option, value, words):
    path = write_declaration(tmp_path, "demo", "https://example.org/stats")
    out = tmp_path / "evidence"
    assert main(["evidence", "probe", str(path), "--out", str(out), option, value]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()


def test_out_on_a_device_is_one_sentence(tmp_path, capsys):
    path = write_declaration(tmp_path, "demo", "https://example.org/stats")
    for command in (["probe", str(path)], ["dashlord", str(tmp_path)]):
        assert main(["evidence", *command, "--out", os.devnull]) == 2
        err = capsys.readouterr().err
        assert (
            err.strip()
            == f"conformite: --out {os.devnull} : ce n'est pas un dossier ; indiquez un dossier (créé s'il n'existe pas)"
        )


def test_a_surprise_in_one_request_costs_that_url_only(tmp_path):
    import httpx

    def transport(request):
        if request.url.path == "/boom":
            raise RuntimeError("a library's surprise")
        return httpx.Response(200, html="<title>ok</title>")

    first = write_declaration(tmp_path, "boom", "https://example.org/boom")
    second = write_declaration(tmp_path, "fine", "https://example.org/fine")
    out = tmp_path / "evidence"
    assert probe.main(args_for([first, second], out), transport=httpx.MockTransport(transport), backoff=0.01) == 0
    [boom] = [o for o in store.load(out, "boom") if o["fact"] == "statistics.url"]
    assert boom["status"] == "unreachable" and boom["details"]["reason"] == "RuntimeError"
    [fine] = [o for o in store.load(out, "fine") if o["fact"] == "statistics.url"]
    assert fine["status"] == "found" and fine["details"]["title"] == "ok"


def test_a_declaration_asks_100_addresses_at_most_each_of_2048_characters_at_most(tmp_path, capsys):
    import httpx

    asked = []

    def transport(request):
        asked.append(str(request.url))
        return httpx.Response(200, html="<title>ok</title>")

    repositories = [f"https://example.org/r{i}" for i in range(300)] + ["https://example.org/" + "x" * 3000]
    path = write_declaration(tmp_path, "many", "https://example.org/a", repositories)
    out = tmp_path / "evidence"
    assert probe.main(args_for([path], out), transport=httpx.MockTransport(transport), backoff=0.01) == 0
    assert "« many » : 306 adresses déclarées, seules les 100 premières sont vérifiées" in capsys.readouterr().err
    assert len(asked) == 96 and len(store.load(out, "many")) == 100  # 5 facts share one address
    long = write_declaration(tmp_path, "long", "https://example.org/" + "x" * 3000)
    assert probe.main(args_for([long], out), transport=httpx.MockTransport(transport), backoff=0.01) == 0
    assert {o["details"]["reason"] for o in store.load(out, "long")} == {"invalid-url"}
