"""The import writes its declarations as one batch (checker/foundation/atomic.py): all replaced at the end,
with one flush to disk; an import stopped half-way changes nothing and leaves no temporary."""

import datetime as dt
import shutil

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from checker.importer import betagouv
from checker.importer.betagouv import import_pages

CONTENT = ROOT.parent / "shared" / "data" / "betagouv" / "content"
AS_OF = dt.date(2026, 11, 28)
SOME = ["mobilic", "a-just", "1000.jours", "acces-cible", "aidantsconnect"]


def _tree(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _stop_at(monkeypatch, count, stop=KeyboardInterrupt):
    real, seen = betagouv.BetaGouv.record, []

    def record(self, *args, **kwargs):
        seen.append(1)
        if len(seen) == count:
            raise stop
        return real(self, *args, **kwargs)

    monkeypatch.setattr(betagouv.BetaGouv, "record", record)


@pytest.mark.parametrize("stop", [KeyboardInterrupt, MemoryError])
def test_an_import_stopped_half_way_writes_nothing(tmp_path, monkeypatch, stop):
    _stop_at(monkeypatch, 4, stop)
    with pytest.raises(stop):
        import_pages(CONTENT, tmp_path / "out", AS_OF, only=SOME)
    assert _tree(tmp_path / "out") == {}  # no declaration, no state file, no temporary


def test_a_re_import_stopped_half_way_leaves_every_file_as_it_was(tmp_path, monkeypatch):
    out = tmp_path / "out"
    import_pages(CONTENT, out, AS_OF, only=["mobilic", "a-just", "1000.jours"])
    (out / "mobilic.yaml").write_text("startup:\n  id: mobilic\n", encoding="utf-8")  # the team's edit
    before = _tree(out)
    _stop_at(monkeypatch, 5)
    with pytest.raises(KeyboardInterrupt):
        import_pages(CONTENT, out, AS_OF, only=SOME)
    assert _tree(out) == before


def test_the_batch_gives_the_same_files_as_one_write_at_a_time(tmp_path, monkeypatch):
    import_pages(CONTENT, tmp_path / "batch", AS_OF, only=SOME)
    from checker.foundation import atomic

    monkeypatch.setattr(atomic, "_syncfs_function", lambda: None)  # the per-file fsync path
    import_pages(CONTENT, tmp_path / "each", AS_OF, only=SOME)
    batch, each = _tree(tmp_path / "batch"), _tree(tmp_path / "each")
    assert sorted(batch) == sorted([f"{name}.yaml" for name in SOME] + [".conformite-import.json"])
    assert batch == each


def test_a_dry_run_writes_nothing(tmp_path):
    out = tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)
    with open(tmp_path / "diff", "w", encoding="utf-8") as diff:
        outcome = import_pages(CONTENT, out, AS_OF, only=SOME, dry_run=True, stdout=diff)
    assert len(outcome.written) == 5 and not out.exists()
    assert (tmp_path / "diff").read_text(encoding="utf-8").count("+++ ") == 5


def test_a_first_import_does_not_load_the_round_trip_yaml_library(tmp_path):
    import subprocess
    import sys

    args = ["import", "betagouv", str(CONTENT), "--out", str(tmp_path / "out"), "--startup", "mobilic"]
    code = f"import sys\nfrom checker.cli.main import main\nprint(main({args!r}), ' '.join(sorted(sys.modules)))\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    status, *modules = proc.stdout.split()
    assert status == "0" and "checker.importer.merge" in modules
    assert not [m for m in modules if m.startswith("ruamel")]  # needed only to merge into a team's file
    assert (tmp_path / "out" / "mobilic.yaml").is_file()


TRICKY = {
    "b.yaml": {"text": 'quote " backslash \\ tab \t nl \n nul \x00 \u2028 é 😀', "empty": {}, "none": [], "n": None},
    "a.yaml": {
        "numbers": [0, -1, 10**30, 1.5, -0.0, 1e300, 2.5e-8, float("inf"), float("-inf")],
        "flags": [True, False],
    },
    "c.yaml": {"deep": [[{"z": 1, "a": [{}]}], []], "dates": "2026-11-28"},
    "d.yaml": {"controls": "".join(map(chr, range(32))) + "\x7f \x85 \u00a0 \ufeff \u2029 \\n", "É": 1, "e": 2, "é": 3},
    "e.yaml": {"big": [2**63 - 1, -(2**63), 2**64], "surrogate": "\ud800"},
}


def test_the_state_file_is_json_dumps_text_exactly():
    import json

    from checker.importer.writer import state_text

    textual = {name: facts for name, facts in TRICKY.items() if name not in ("a.yaml", "e.yaml")}
    with_ints = {
        "a.yaml": {"numbers": [0, -1, 2**63 - 1, -(2**63), 1.5, -0.0, 0.0001, 1e15], "flags": [True]},
        **textual,
    }
    for state in (TRICKY, textual, with_ints, {"e.yaml": TRICKY["e.yaml"]}, {}, {"x.yaml": {"nan": float("nan")}}):
        expected = json.dumps(
            {"format": 1, "source": "betagouv", "declarations": state}, ensure_ascii=False, indent=1, sort_keys=True
        )
        assert state_text(state, "betagouv") == expected + "\n"
    odd = {"x.yaml": {1: "a key that is not text"}}  # not plain JSON data: json's own way
    assert (
        state_text(odd, "s")
        == json.dumps({"format": 1, "source": "s", "declarations": odd}, ensure_ascii=False, indent=1, sort_keys=True)
        + "\n"
    )


def test_the_state_file_takes_orjsons_way_for_text_integers_and_booleans(monkeypatch):
    """The fast way is really taken for such a state (else the test above proves only json's)."""
    import orjson

    from checker.importer import writer

    calls, dumps = [], orjson.dumps
    monkeypatch.setattr(writer.orjson, "dumps", lambda *a, **k: calls.append(1) or dumps(*a, **k))
    textual = {name: facts for name, facts in TRICKY.items() if name not in ("a.yaml", "e.yaml")}
    writer.state_text(textual, "betagouv")
    writer.state_text({"a.yaml": {"amounts": [1.5, 123456.78, 0.0001, -0.0]}}, "betagouv")
    writer.state_text(TRICKY, "betagouv")  # floats json writes with an exponent: json's
    assert calls == [1, 1]


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_float_in_the_state_is_written_as_json_writes_it(value):
    import json

    from checker.importer.writer import state_text

    state = {"x.yaml": {"amount": value, "list": [value, 1]}}
    expected = json.dumps(
        {"format": 1, "source": "s", "declarations": state}, ensure_ascii=False, indent=1, sort_keys=True
    )
    assert state_text(state, "s") == expected + "\n"


def test_facts_kept_in_the_state_are_what_a_json_round_trip_gives():
    import json

    from checker.importer.writer import _json_facts

    facts = {
        "startup": {"id": "x", "phases": [{"name": "construction", "start": dt.date(2024, 1, 2)}]},
        "when": dt.datetime(2026, 1, 2, 3, 4, 5),
        "pair": (1, "deux"),
        "flags": [True, None, 1.5, 7],
    }
    again = json.loads(json.dumps(facts, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))
    assert _json_facts(facts) == again
    assert json.dumps(_json_facts(facts)) == json.dumps(again)  # same types too (tuples as lists)
    odd = {"path": CONTENT}  # not plain data: the json module's way, text
    assert _json_facts(odd) == {"path": str(CONTENT)}
