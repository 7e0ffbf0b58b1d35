"""The loader's fast reading of a plain document gives exactly the data of the careful one
(checker.reading.loader._Reader.build), and gives way to it for anything the careful one reports."""

from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES
from hypothesis import given
from hypothesis import strategies as st

from checker.reading import loader


def _both(text: str):
    """(fast data or the string "unusual", careful data, careful problems)."""
    node_loader = loader._Loader(text)
    try:
        root = node_loader.get_single_node()
    finally:
        node_loader.dispose()
    if root is None:
        raise yaml.YAMLError("empty")  # the loader reports it before either reading
    reader = loader._Reader(max_chars=loader.MAX_EXPANSION * max(len(text), loader.DEFAULT_MAX_BYTES))
    try:
        careful = reader.build(root, (), 0)
    except loader._TooBig:
        careful = "too big"
    try:
        fast = loader._plain(root, reader.max_chars)
    except loader._Unusual:
        fast = "unusual"
    return fast, careful, reader.problems


FILES = sorted(p for p in FIXTURES.rglob("*.yaml") if "billion" not in p.name)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_fixture_reads_the_same(path: Path):
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        fast, careful, problems = _both(text)
    except yaml.YAMLError:
        return  # not YAML at all: the loader reports it before either reading
    if fast == "unusual":
        assert problems or careful == "too big" or _special(text)
    else:
        assert not problems and fast == careful and type(fast) is type(careful)


def _special(text: str) -> bool:
    return any(mark in text for mark in ("<<", "!!", "0x", "0o", "_", "-", "+", ".inf", ".nan", "e", ":"))


def test_the_examples_take_the_fast_reading():
    for path in sorted((FIXTURES / "examples").glob("*.yaml")):
        fast, careful, problems = _both(path.read_text(encoding="utf-8"))
        assert fast != "unusual" and fast == careful and not problems


SCALARS = st.sampled_from(
    ["1", "0", "007", "-3", "+4", "1_000", "0x1F", "0o17", "1.5", "98400.00", "1e3", "-.5", ".inf", ".nan",
     "9007199254740993", "true", "False", "yes", "on", "null", "~", "", "2024-02-30", "2024-01-01", "abc",
     "'quoted'", "\"1\"", "!!str 5", "!!int x", "!!float y", "!!binary aGk=", "12:30:00", "1:2"]
)  # fmt: skip
KEYS = st.sampled_from(["a", "b", "on", "1", "null", "~", "'x'", "<<", "true"])


@st.composite
def documents(draw, depth=0):
    kind = draw(st.sampled_from(["map", "seq", "scalar"] if depth < 3 else ["scalar"]))
    pad = "  " * depth
    if kind == "scalar":
        return " " + draw(SCALARS) + "\n"
    if kind == "seq":
        items = [draw(documents(depth + 1)) for _ in range(draw(st.integers(1, 3)))]
        return "\n" + "".join(f"{pad}-{item}" for item in items)
    keys = draw(st.lists(KEYS, min_size=1, max_size=4))
    return "\n" + "".join(f"{pad}{key}:{draw(documents(depth + 1))}" for key in keys)


@given(documents())
def test_any_document_reads_the_same(text):
    try:
        fast, careful, problems = _both(text.lstrip("\n"))
    except yaml.YAMLError:
        return
    if fast != "unusual":
        assert not problems and fast == careful
        assert repr(fast) == repr(careful)  # the same types all the way down (1 is not 1.0 nor True)
