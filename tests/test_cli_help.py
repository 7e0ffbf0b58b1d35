"""The command line speaks French by default, English with --lang en or an English locale:
every command's --help, argparse's own words and its usage errors (exit 2)."""

from __future__ import annotations

import argparse
import re

import pytest

from checker.cli import lang as clilang
from checker.cli import main as cli
from checker.foundation.messages import ARGPARSE, HELP

ENGLISH_ARGPARSE = (
    "usage:",
    "positional arguments",
    "optional arguments",
    "show this help message",
    "show program's version",
    "the following arguments are required",
    "invalid choice",
    "unrecognized arguments",
    "expected one argument",
    "choose from",
)
FRENCH_WORDS = ("utilisation", "arguments positionnels", "affiche cette aide", "obligatoires", "choix invalide")


def _commands(parser: argparse.ArgumentParser, prefix=()):
    """Every command path (``()``, ``("check",)``, ``("evidence", "probe")``…) and its parser."""
    yield prefix, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _commands(child, (*prefix, name))


COMMANDS = [path for path, _ in _commands(cli.build_parser())]


def test_every_command_is_walked():
    names = {" ".join(path) for path in COMMANDS}
    expected = {"check", "schema", "rules", "explain", "init", "import betagouv", "agenda", "sheet", "history"}
    assert expected | {"evidence dashlord", "evidence probe"} <= names


@pytest.fixture
def no_locale(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "1000")  # one line per option: each help text found whole


def _help(capsys, *argv) -> str:
    assert cli.main([*argv, "--help"]) == 0
    out = capsys.readouterr().out
    return re.sub(r"\s+", " ", out)


def _documented(parser: argparse.ArgumentParser):
    """The parser's options and positionals a user sees (hidden ones left out)."""
    return [a for a in parser._actions if a.help is not argparse.SUPPRESS]


def _assert_described(page: str, parser: argparse.ArgumentParser):
    for action in _documented(parser):
        assert action.help and action.help.strip(), f"{parser.prog}: {action.option_strings or action.dest} has no help"
        assert re.sub(r"\s+", " ", action.help) in page, f"{parser.prog}: help of {action.dest} not shown"


def _parsers(lang: str):
    with clilang.speaking(lang):
        return dict(_commands(cli.build_parser(lang)))


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "conformite")
def test_help_is_french_by_default_and_describes_every_option(path, capsys, no_locale):
    page = _help(capsys, *path)
    for english in ENGLISH_ARGPARSE:
        assert english not in page, f"{' '.join(path)}: '{english}' in the French help"
    assert page.startswith("utilisation : conformite")
    _assert_described(page, _parsers("fr")[path])


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "conformite")
@pytest.mark.parametrize("how", ["--lang en", "LANG=en_US.UTF-8", "LC_ALL=en_GB"])
def test_help_is_english_with_lang_en_or_an_english_locale(path, how, capsys, no_locale, monkeypatch):
    argv = list(path)
    if how == "--lang en":
        argv = [*argv, "--lang", "en"] if path else ["--lang", "en"]
    else:
        name, value = how.split("=")
        monkeypatch.setenv(name, value)
    page = _help(capsys, *argv)
    assert page.startswith("usage: conformite")
    for french in FRENCH_WORDS:
        assert french not in page
    parsers = _parsers("en")
    _assert_described(page, parsers[path])
    french_helps = {a.help for a in _documented(_parsers("fr")[path])}
    assert not french_helps & {a.help for a in _documented(parsers[path])}, "an option helps alike in both languages"


def test_every_help_text_has_both_languages():
    for key, words in HELP.items():
        assert set(words) == {"fr", "en"} and all(words.values()), key
    for english, words in ARGPARSE.items():
        assert words.get("fr") and words["fr"].count("%") == english.count("%"), english


@pytest.mark.parametrize(
    "argv, french, english",
    [
        (["check"], "arguments obligatoires absents : CHEMIN", "the following arguments are required: PATH"),
        (["check", "x.yaml", "--format", "pdf"], "choix invalide : 'pdf' (au choix :", "invalid choice: 'pdf'"),
        (["frobnicate"], "choix invalide : 'frobnicate'", "invalid choice: 'frobnicate'"),
        (["check", "x.yaml", "--frob"], "arguments non reconnus : --frob", "unrecognized arguments: --frob"),
        (["check", "x.yaml", "--output"], "argument --output : une valeur attendue", "expected one argument"),
        (["evidence", "probe", "x.yaml"], "arguments obligatoires absents : --out", "arguments are required: --out"),
        (["import"], "arguments obligatoires absents : SOURCE", "arguments are required: SOURCE"),
    ],
)
def test_usage_errors_are_french_then_english_and_exit_2(argv, french, english, capsys, no_locale, monkeypatch):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert french in err and err.startswith("utilisation : conformite") and "Traceback" not in err
    for word in ENGLISH_ARGPARSE:
        assert word not in err
    assert cli.main([*argv, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert english in err and err.startswith("usage: conformite")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert cli.main(argv) == 2
    assert english in capsys.readouterr().err


@pytest.mark.parametrize(
    "environ, argv, lang",
    [
        ({}, [], "fr"),
        ({"LANG": "C.UTF-8"}, [], "fr"),
        ({"LANG": "en_US.UTF-8"}, [], "en"),
        ({"LANG": "en_US.UTF-8"}, ["check", "--lang", "fr"], "fr"),
        ({"LANG": "fr_FR.UTF-8"}, ["--lang=en", "check"], "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "fr_FR.UTF-8"}, [], "fr"),
        ({"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "en_US"}, [], "en"),
        ({"LC_ALL": "", "LC_MESSAGES": "fr_FR", "LANG": "en"}, [], "fr"),
        ({"LANG": "en"}, ["check", "--lang", "de"], "en"),  # not a language: argparse will say so, in English
        ({}, ["check", "--lang", "en", "--lang", "fr"], "fr"),  # the last one, as argparse reads it
        ({}, ["check", "--", "--lang", "en"], "fr"),  # after --, a file name
    ],
)
def test_language_precedence(environ, argv, lang):
    assert clilang.cli_lang(argv, environ) == lang


def test_lang_anywhere_on_the_command_line_sets_the_messages(capsys, no_locale):
    assert cli.main(["--lang", "en", "explain", "no-such-rule"]) == 2
    assert "no rule or obligation" in capsys.readouterr().err
    assert cli.main(["explain", "no-such-rule"]) == 2
    assert "ni règle ni obligation" in capsys.readouterr().err


def test_an_english_locale_changes_the_help_not_the_messages(capsys, monkeypatch):
    """Reports are the same on every machine: only --lang changes their language."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert cli.main(["explain", "no-such-rule"]) == 2
    assert "ni règle ni obligation" in capsys.readouterr().err


def test_argparse_elsewhere_in_the_process_is_untouched():
    parser = argparse.ArgumentParser(prog="other")
    parser.add_argument("x")
    assert parser.format_help().startswith("usage: other")
