"""The probe against real HTTP servers started here on 127.0.0.1 (never the internet): redirects,
404, 500, an answer that never comes, a body in a wrong encoding, a forge API answering like
GitHub's and GitLab's; then the evidence it gathers, through ``check --evidence``.

Nothing here hangs on the clock: the server's ``Date`` header and the probe's clock are both
frozen at :data:`NOW`; the answers the probe waits for get :data:`GENEROUS` seconds (a loaded
machine cannot make a local answer that late); ``/slow`` answers only when the module's server
is torn down, so the run that asks it times out whatever its timeout, and is given a short one."""

import datetime as dt
import email.utils
import json
import threading
import types
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml
from conftest import ROOT

from checker.cli.main import main
from checker.evidence import probe, store
from checker.reading.loader import load_file

NOW = dt.datetime(2025, 1, 15, 10, 30, tzinfo=dt.UTC)  # the probe's clock and the server's, frozen
TODAY = NOW.date().isoformat()
GENEROUS = 60.0  # seconds for an answer of the server below: never reached
NEVER = 0.2  # seconds the run asking /slow waits: /slow never answers while the module runs


class Handler(BaseHTTPRequestHandler):
    requests: list = []
    flaky_seen: set = set()
    released = threading.Event()  # /slow answers once set (at the server's teardown)

    def log_message(self, *args):
        pass

    def date_time_string(self, timestamp=None):
        return email.utils.format_datetime(NOW, usegmt=True)

    def _send(self, code, body: bytes, content_type="text/html; charset=utf-8", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        try:
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the probe gave up waiting (the slow case): nothing to answer

    def do_GET(self):
        Handler.requests.append((self.path, self.headers.get("User-Agent")))
        path = self.path
        if path == "/stats":
            self._send(200, b"<html><title>Statistiques publiques</title></html>")
        elif path == "/old-stats":
            self._send(301, b"", headers=[("Location", "/stats")])
        elif path == "/missing":
            self._send(404, b"<title>Not found</title>")
        elif path == "/broken":
            self._send(500, b"<title>Internal error</title>")
        elif path == "/flaky":
            if path in Handler.flaky_seen:
                self._send(200, b"<title>ok now</title>")
            else:
                Handler.flaky_seen.add(path)
                self._send(503, b"busy")
        elif path == "/slow":
            Handler.released.wait(timeout=600)  # bounded: a stuck test still ends
            self._send(200, b"<title>too late</title>")
        elif path == "/produit":
            self._send(200, b"<title>Fiche produit</title>")
        elif path == "/latin1":
            self._send(200, "<title>Données personnelles</title>".encode("latin-1"))
        elif path == "/loop":
            self._send(302, b"", headers=[("Location", "/loop")])
        elif path == "/repos/team/gpl-project":  # as api.github.com/repos/{owner}/{repo} answers
            self._send(
                200,
                json.dumps(
                    {
                        "id": 1,
                        "full_name": "team/gpl-project",
                        "private": False,
                        "license": {
                            "key": "gpl-3.0",
                            "name": "GNU General Public License v3.0",
                            "spdx_id": "GPL-3.0",
                            "url": "https://api.github.com/licenses/gpl-3.0",
                            "node_id": "MDc6TGljZW5zZTk=",
                        },
                    }
                ).encode(),
                "application/json; charset=utf-8",
            )
        elif path == "/repos/team/gone":
            self._send(
                404,
                json.dumps(
                    {
                        "message": "Not Found",
                        "documentation_url": "https://docs.github.com/rest/repos/repos#get-a-repository",
                        "status": "404",
                    }
                ).encode(),
                "application/json; charset=utf-8",
            )
        elif path == "/projects/group%2Fsub%2Fmit-project?license=true":  # as gitlab.com/api/v4 answers
            self._send(
                200,
                json.dumps(
                    {
                        "id": 2,
                        "path_with_namespace": "group/sub/mit-project",
                        "license": {
                            "key": "mit",
                            "name": "MIT License",
                            "nickname": None,
                            "html_url": "http://choosealicense.com/licenses/mit/",
                        },
                    }
                ).encode(),
                "application/json",
            )
        else:
            self._send(404, b"")


class _FrozenDatetime(dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return NOW.astimezone(tz) if tz else NOW.replace(tzinfo=None)


@pytest.fixture(scope="module", autouse=True)
def frozen_clock():
    """The probe reads the time as ``dt.datetime.now``: here always :data:`NOW`."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(probe, "dt", types.SimpleNamespace(**{**vars(dt), "datetime": _FrozenDatetime}))
        yield


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    Handler.released.clear()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    Handler.released.set()
    httpd.shutdown()
    httpd.server_close()


def declaration(base: str, startup="demo") -> dict:
    # read as the checker reads it: PyYAML alone would turn the example's `on:` keys into booleans
    doc, problems = load_file(ROOT / "fixtures" / "examples" / "exemple-conforme.yaml")
    assert problems == []
    data = doc.data
    data["startup"]["id"] = startup
    data["statistics"] = {"url": f"{base}/missing"}
    data["product_page"] = dict(data.get("product_page") or {}, url=f"{base}/produit")
    data.setdefault("personal_data", {})["privacy_notice_url"] = f"{base}/latin1"
    # the example's own publication pages are on the internet: never asked from a test
    data["convention"]["publication"] = {
        "gouvernement_fr": f"{base}/delegation-removed",
        "data_gouv_fr": f"{base}/stats",
    }
    data["source_code"] = {
        "repositories": [
            "https://github.com/team/gpl-project",
            "https://github.com/team/gone",
            "https://gitlab.com/group/sub/mit-project",
            f"{base}/old-stats",
            f"{base}/broken",
            f"{base}/flaky",
            f"{base}/loop",
            "ftp://nowhere",
        ],
        "licence": "MIT",
    }
    return data


@pytest.fixture(scope="module")
def probed(server, tmp_path_factory):
    where = tmp_path_factory.mktemp("probe")
    path = where / "demo.yaml"
    path.write_text(yaml.safe_dump(declaration(server), allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = where / "evidence"
    args = probe_args(path, out, server)
    Handler.requests.clear()
    assert probe.main(args, backoff=0.01) == 0
    first_requests = list(Handler.requests)
    return path, out, args, first_requests


@pytest.fixture(scope="module")
def timed_out(server, tmp_path_factory):
    """A declaration whose one probed address, its product page, never answers: asked with a
    short timeout, which always runs out (the server holds /slow until the module ends)."""
    where = tmp_path_factory.mktemp("probe-slow")
    data = declaration(server, startup="lent")
    data["product_page"]["url"] = f"{server}/slow"
    for key in ("statistics", "source_code"):
        del data[key]
    del data["personal_data"]["privacy_notice_url"], data["convention"]["publication"]
    path = where / "lent.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = where / "evidence"
    args = probe_args(path, out, server, timeout=NEVER)
    Handler.requests.clear()
    assert probe.main(args, backoff=0.01) == 0
    return path, out, args, list(Handler.requests)


def probe_args(path, out, server, timeout=GENEROUS):
    import argparse

    return argparse.Namespace(
        paths=[str(path)],
        out=str(out),
        concurrency=4,
        timeout=timeout,
        retries=1,
        cache_hours=24.0,
        github_api=server,
        gitlab_api=server,
        no_progress=True,
        allow_private=True,  # the test server is on 127.0.0.1
        lang="fr",
    )


def _by(observations, fact, url):
    return [o for o in observations if o["fact"] == fact and o["url"] == url]


def test_each_case_is_an_observation(probed, server):
    path, out, _args, _requests = probed
    obs = store.load(out, "demo")
    # dated by the answer's own Date header (the test server sends one); a failure by the probe's clock
    assert {(o["observed_on"], o["date_source"], o["status"] == "unreachable") for o in obs} == {
        (TODAY, "http-date", False),
        (TODAY, "probe", True),
    }
    [missing] = _by(obs, "statistics.url", f"{server}/missing")
    assert missing["status"] == "not-found" and missing["details"]["status_code"] == 404
    [page] = _by(obs, "product_page.url", f"{server}/produit")
    assert page["status"] == "found" and page["details"]["title"] == "Fiche produit"
    [latin] = _by(obs, "personal_data.privacy_notice_url", f"{server}/latin1")
    assert latin["status"] == "found" and latin["details"]["encoding_problem"] == "body is not valid utf-8"
    assert latin["details"]["title"] == "Donn\ufffdes personnelles"
    repos = "source_code.repositories"
    [redirected] = _by(obs, repos, f"{server}/old-stats")
    assert redirected["status"] == "found" and redirected["details"]["final_url"] == f"{server}/stats"
    assert redirected["details"]["redirects"] == [{"url": f"{server}/old-stats", "status_code": 301}]
    [broken] = _by(obs, repos, f"{server}/broken")
    assert (
        broken["status"] == "error" and broken["details"]["status_code"] == 500 and broken["details"]["attempts"] == 2
    )
    [flaky] = _by(obs, repos, f"{server}/flaky")
    assert flaky["status"] == "found" and flaky["details"]["attempts"] == 2
    [loop] = _by(obs, repos, f"{server}/loop")
    assert loop["status"] == "unreachable" and loop["details"]["reason"] == "too-many-redirects"
    [ftp] = _by(obs, repos, "ftp://nowhere")
    assert ftp["details"]["reason"] == "invalid-url"
    [gone] = _by(obs, repos, "https://github.com/team/gone")
    assert gone["status"] == "not-found" and gone["source"]["forge"] == "github"
    licences = {o["url"]: (o["status"], o["value"]) for o in obs if o["fact"] == "source_code.licence"}
    assert licences == {
        "https://github.com/team/gpl-project": ("value", "GPL-3.0"),
        "https://github.com/team/gone": ("not-found", None),
        "https://gitlab.com/group/sub/mit-project": ("value", "MIT"),
    }


def test_requests_are_honest_and_the_forge_pages_themselves_not_fetched(probed):
    _path, _out, _args, requests = probed
    assert requests and all(agent.startswith("conformite/") for _p, agent in requests)
    paths = [p for p, _a in requests]
    assert "/repos/team/gpl-project" in paths and "/projects/group%2Fsub%2Fmit-project?license=true" in paths
    assert paths.count("/broken") == 2  # one retry


def test_a_rerun_within_a_day_asks_only_what_failed(probed):
    """Answers are reused; a redirect loop and a 5xx are asked again (issue 21 #14: a failure
    is never taken from the cache, so a bad run cannot spoil the next one; a timeout too:
    test_an_answer_that_never_comes_is_a_timeout_asked_again_and_never_a_pass)."""
    path, out, args, _requests = probed
    before = store.load(out, "demo")
    Handler.requests.clear()
    assert probe.main(args, backoff=0.01) == 0
    assert {p for p, _a in Handler.requests} == {"/broken", "/loop"}
    assert store.load(out, "demo") == before


def test_check_turns_probe_evidence_into_findings(probed, capsys):
    path, out, _args, _requests = probed
    code = main(
        [
            "check",
            str(path),
            "--as-of",
            TODAY,
            "--evidence",
            str(out),
            "--format",
            "json",
            "--verbose",
            "--fail-on",
            "never",
        ]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    findings = [f for f in report["declarations"][0]["findings"] if f.get("cause") == "evidence"]
    by_rule = {}
    for f in findings:
        by_rule.setdefault(f["rule"], []).append(f)
    [licence] = [f for f in by_rule["evidence-licence"] if f["outcome"] == "warn"]
    assert licence["message"] == (
        f"Licence déclarée MIT, mais la forge détecte GPL-3.0 pour https://github.com/team/gpl-project "
        f"(API github, le {TODAY}, date de la réponse HTTP)."
    )
    assert [f["evidence"]["status"] for f in by_rule["evidence-licence"]].count("confirmed") == 1  # gitlab: MIT
    [stats] = by_rule["evidence-statistics-page"]
    assert stats["outcome"] == "warn" and "répond 404" in stats["message"]
    [page] = by_rule["evidence-product-page"]
    assert (page["outcome"], page["evidence"]["status"]) == ("pass", "confirmed")
    gone = [f for f in by_rule["evidence-repository"] if f["outcome"] == "warn"]
    assert [f["path"] for f in gone] == ["source_code.repositories[1]"]
    assert all(f["outcome"] in ("warn", "pass", "note") for f in findings)
    assert all((f["outcome"] == "pass") == (f["evidence"]["status"] == "confirmed") for f in findings)
    assert report["declarations"][0]["obligations"]["open-source"] == "warn"
    assert report["summary"]["contradicted_by_evidence"] == 1


def test_publication_evidence_has_the_publication_obligation_and_its_article(probed, capsys):
    path, out, _args, requests = probed
    assert not any("gouv.fr" in p for p, _a in requests)
    for lang, article in (
        ("fr", "Convention, article 7 — Publication de la délégation"),
        ("en", "Convention, article 7 — Publication of the delegation"),
    ):
        main(
            [
                "check",
                str(path),
                "--as-of",
                TODAY,
                "--evidence",
                str(out),
                "--format",
                "json",
                "--verbose",
                "--fail-on",
                "never",
                "--lang",
                lang,
            ]
        )
        [decl] = json.loads(capsys.readouterr().out)["declarations"]
        found = {f["path"]: f for f in decl["findings"] if f["rule"] == "evidence-publication"}
        assert sorted(found) == ["convention.publication.data_gouv_fr", "convention.publication.gouvernement_fr"]
        gone, there = found["convention.publication.gouvernement_fr"], found["convention.publication.data_gouv_fr"]
        assert gone["obligation"] == there["obligation"] == "publication"
        assert gone["reference"] == there["reference"] == article
        assert (gone["outcome"], gone["evidence"]["status"]) == ("warn", "contradicted") and "404" in gone["message"]
        assert (there["outcome"], there["evidence"]["status"]) == ("pass", "confirmed")
        assert gone["line"] > 0 and gone["column"] > 0


def test_no_declaration_is_a_clear_error(tmp_path, capsys):
    assert main(["evidence", "probe", str(tmp_path / "none.yaml"), "--out", str(tmp_path / "ev")]) == 2
    err = capsys.readouterr().err
    assert "aucune déclaration lisible" in err and "Traceback" not in err


def test_a_cache_entry_without_a_usable_date_is_asked_again(probed, server):
    path, out, args, _requests = probed
    cache_file = out / ".cache" / "probe.json"
    cache = json.loads(cache_file.read_text(encoding="utf-8"))
    entries = cache["entries"]
    entries[f"{server}/missing"]["at"] = "2026-01-01T00:00:00"  # no time zone: hand-edited
    entries[f"{server}/latin1"]["at"] = "yesterday"
    cache_file.write_text(json.dumps(cache), encoding="utf-8")
    Handler.requests.clear()
    assert probe.main(args, backoff=0.01) == 0
    asked = {p for p, _a in Handler.requests}
    assert asked - {"/broken", "/loop"} == {"/latin1", "/missing"}  # failures are always asked again
    [stats] = _by(store.load(out, "demo"), "statistics.url", f"{server}/missing")
    assert stats["status"] == "not-found"


def test_an_answer_that_never_comes_is_a_timeout_asked_again_and_never_a_pass(timed_out, server, capsys):
    path, out, args, requests = timed_out
    [slow] = store.load(out, "lent")
    assert (slow["fact"], slow["url"], slow["status"]) == ("product_page.url", f"{server}/slow", "unreachable")
    assert slow["details"] == {"reason": "timeout", "attempts": 2}
    assert (slow["observed_on"], slow["date_source"]) == (TODAY, "probe")  # no answer: the probe's clock
    assert [p for p, _a in requests] == ["/slow", "/slow"]  # one retry
    Handler.requests.clear()
    assert probe.main(args, backoff=0.01) == 0
    assert [p for p, _a in Handler.requests] == ["/slow", "/slow"]  # a timeout is never taken from the cache
    capsys.readouterr()
    argv = ["check", str(path), "--as-of", TODAY, "--evidence", str(out), "--format", "json", "--verbose"]
    main([*argv, "--fail-on", "never"])
    [decl] = json.loads(capsys.readouterr().out)["declarations"]
    [page] = [f for f in decl["findings"] if f["rule"] == "evidence-product-page"]
    assert page["outcome"] == "note" and page["evidence"]["status"] == "unconfirmed"  # never a pass
    assert page["message"].startswith("product_page.url : non vérifié") and "timeout" in page["message"]
