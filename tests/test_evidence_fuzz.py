"""Fuzzing the evidence readers (bounded budgets): the DashLord result reader on mutated real
results and on arbitrary JSON, the probe's body parser, its decompressor and its cache
cleaner. Whatever they are given, they give data or a sentence, never an exception, and what
they keep stays within its bounds."""

import json
import shutil
import zlib
from pathlib import Path

from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.evidence import dashlord, fetch, probe, store

RESULTS = ROOT.parent / "shared" / "data" / "dashlord" / "results"
SAMPLES = sorted(RESULTS.glob("*/*.json"))
FOLDER = "aHR0cHM6Ly9leGFtcGxlLm9yZw=="  # https://example.org

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=30,
)
# the keys the readers look for, so generated documents reach their code
KEYS = st.sampled_from(
    ["grade", "uri", "url", "mention", "declarationUrl", "slug", "score", "maxScore", "missingWords", "uptime"]
    + ["last_check_at", "scan", "responseHeaders", "date", "statusCode", "headers", "trackers", "type", "cookies"]
    + ["attributes", "accessibility_status", "stats_url", "budget_url", "repository", "pc", "ml"]
)
shaped = st.recursive(
    json_values, lambda inner: st.dictionaries(KEYS, inner, max_size=6) | st.lists(inner, max_size=4), max_leaves=25
)


def _read(tmp: Path, tool: str, raw: bytes):
    folder = tmp / "results" / FOLDER
    shutil.rmtree(tmp / "results", ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / f"{tool}.json").write_bytes(raw)
    done = dashlord.read_results(tmp / "results", {"https://example.org": "example"}, None, None)
    assert done.files_read == [f"{FOLDER}/{tool}.json"]
    assert len(done.problems) + bool(done.observations) <= 1  # one sentence, or observations, or neither
    for observation in done.observations.get("example", []):
        json.dumps(observation, allow_nan=False)  # what the store writes: plain JSON
        assert observation["date_source"] in store.DATE_SOURCES
    return done


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    sample=st.sampled_from(SAMPLES),
    cut=st.integers(0, 20_000),
    flips=st.lists(st.tuples(st.integers(0, 20_000), st.integers(0, 255)), max_size=4),
)
def test_mutated_real_results_give_observations_or_one_sentence(tmp_path, sample, cut, flips):
    raw = bytearray(sample.read_bytes()[:cut] if cut < sample.stat().st_size else sample.read_bytes())
    for where, byte in flips:
        if raw:
            raw[where % len(raw)] = byte
    _read(tmp_path, sample.stem, bytes(raw))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(tool=st.sampled_from(dashlord.KNOWN_TOOLS), value=shaped)
def test_any_json_of_any_tool_gives_observations_or_one_sentence(tmp_path, tool, value):
    done = _read(tmp_path, tool, json.dumps(value).encode())
    for observation in done.observations.get("example", []):
        assert len(json.dumps(observation)) < 64 * 1024  # texts clipped, lists capped


CHARSETS = st.sampled_from([None, "utf-8", "latin-1", "utf-16", "punycode", "idna", "rot13", "nope", "x" * 300, ""])


@given(body=st.binary(max_size=4096), charset=CHARSETS, cut=st.booleans(), licence=st.booleans())
def test_the_body_parser_gives_facts_for_any_bytes(body, charset, cut, licence):
    facts = fetch.body_facts(body, "text/html", charset, cut, licence)
    assert set(facts) <= {"title", "encoding_problem", "licence", "json_problem"}
    assert len(facts.get("title") or "") <= 200
    assert probe.clean_answer({"outcome": "answered", "status_code": 200, **facts}) is not None


@given(
    value=json_values,
    prefix=st.sampled_from(["", "<html><title>", "<title ", "<TITLE>", "[" * 100]),
    charset=CHARSETS,
)
def test_the_body_parser_on_json_and_markup(value, prefix, charset):
    text = prefix + json.dumps(value)
    for licence in (True, False):
        for encoded in (text.encode("utf-8"), text.encode("utf-16")):
            facts = fetch.body_facts(encoded, "application/json" if licence else "text/html", charset, False, licence)
            if licence:
                assert set(facts) in ({"licence"}, {"json_problem"})
                assert facts.get("licence") is None or set(facts["licence"]) == {"spdx_id", "key", "name"}


@given(
    data=st.binary(max_size=2048) | st.builds(lambda n: bytes(n), st.integers(0, 3_000_000)),
    coding=st.sampled_from(["gzip", "deflate", "identity", "br", "", None]),
    compress=st.booleans(),
    sizes=st.lists(st.integers(1, 70_000), min_size=1, max_size=8),
)
def test_the_decompressor_never_gives_more_than_asked(data, coding, compress, sizes):
    if compress and coding in ("gzip", "deflate"):
        packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS if coding == "gzip" else zlib.MAX_WBITS)
        data = packer.compress(data) + packer.flush()
    decoder = fetch._Decoder(coding)
    given_out, at = 0, 0
    for size in sizes * 4:
        room = fetch.MAX_BODY + 1 - given_out
        piece = decoder.feed(data[at : at + size], room)
        assert len(piece) <= room
        given_out += len(piece)
        at += size
    assert given_out <= fetch.MAX_BODY + 1


@given(
    answer=json_values
    | st.dictionaries(st.sampled_from(sorted(probe._FIELDS) + ["redirects", "licence", "json"]), json_values)
)
def test_the_cache_cleaner_keeps_only_known_facts(answer):
    cleaned = probe.clean_answer(answer)
    if cleaned is None:
        return
    assert set(cleaned) <= set(probe._FIELDS) | {"redirects", "licence"}
    assert cleaned["outcome"] in ("answered", "unreachable")
    assert probe.clean_answer(cleaned) == cleaned  # cleaning what is clean changes nothing
    json.dumps(cleaned, allow_nan=False)
