"""``conformite init``: the command, its answers file, and the file it writes.

The declaration comes from the terminal's interview (:mod:`.flow`) or from ``--answers FILE``
(a YAML or JSON file shaped like a declaration, read through the loader's guarded reader and
read as leniently as typed answers, :mod:`.answers`); ``--from-betagouv CONTENT_DIR --startup
ID`` pre-fills what the beta.gouv.fr product page already says (through the importer's reading
functions). It is written as commented YAML (:mod:`.writer`, whose output the web form's
download is too), read back as ``check`` reads it before it is written, never over an
existing file, even one that appeared while the questions were asked, unless ``--force`` is
given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from checker.foundation.atomic import atomic_write_text, create_text
from checker.foundation.console import say as _say
from checker.foundation.messages import MAX_ERRORS
from checker.foundation.wording import shorten, system_error
from checker.reading.loader import read_bytes
from checker.reading.problems import Problem
from checker.reading.schema import suggest

from .answers import Invalid, figure, parse_answers
from .flow import PromptToolkit, Questionnaire
from .words import msg
from .writer import TOO_BIG, check_text, render

# --- beta.gouv.fr ----------------------------------------------------------------------------


def from_betagouv(content_dir: Path, startup: str, lang: str, today: dt.date) -> dict[str, Any]:
    """What the product page already says, as a declaration (the importer's own reading)."""
    from ..importer import betagouv

    page_path = content_dir / "_startups" / f"{startup}.md"
    if not page_path.is_file():
        pages = (
            [p.stem for p in (content_dir / "_startups").glob("*.md")] if (content_dir / "_startups").is_dir() else []
        )
        guess = suggest(startup, pages)
        raise Invalid(
            msg(
                "betagouv_no_page",
                lang,
                file=content_dir,
                id=startup,
                hint=msg("did_you_mean", lang, suggestion=guess).rstrip(" ?") if guess else "",
            )
        )
    from checker.foundation.messages import text

    from ..importer.base import Issue

    args = argparse.Namespace(content_dir=str(content_dir), as_of=today, startup=[startup])
    decl: dict[str, Any] = {}
    for item in betagouv.BetaGouv().records(args, lang):  # the importer's own reading of the page
        if isinstance(item, Issue):
            if item.file == str(page_path):
                raise Invalid(
                    msg(
                        "betagouv_bad_page",
                        lang,
                        file=page_path,
                        line=item.line,
                        detail=text(item.code, lang, **item.params),
                    )
                )
            continue  # an author or organisation file's problem: not this page's
        decl = dict(item.facts)
    decl.pop("schema_version", None)
    return decl


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


# --- the command ------------------------------------------------------------------------------


def _say_problems(file: Path, problems: list[Problem], lang: str) -> None:
    """Problems of the answers file, one line each (at most MAX_ERRORS, then a count)."""
    from checker.judging.evaluate import render_problem

    for problem in problems[:MAX_ERRORS]:
        where = shorten(str(file), lang)
        if not problem.code.startswith("file."):
            where = f"{where}:{problem.line}:{problem.column}"
        detail = render_problem(problem, lang)
        if problem.path:
            detail = f"{problem.path} : {detail}" if lang != "en" else f"{problem.path}: {detail}"
        _say(msg("answers_unreadable", lang, file=where, detail=detail))
    if len(problems) > MAX_ERRORS:
        _say(msg("more_bad", lang, file=shorten(str(file), lang), count=len(problems) - MAX_ERRORS))


def _read_answers(path: Path, lang: str) -> dict[str, Any]:
    """The answers file through the one guarded reader (a regular file of at most 1 MiB: a FIFO
    or a device refused without being opened), read by :func:`parse_answers`."""
    raw = read_bytes(path)
    if isinstance(raw, Problem):
        _say_problems(path, [raw], lang)
        raise _Stop(2)
    data, problems = parse_answers(raw, path.suffix.lower() == ".json")
    if problems:
        _say_problems(path, problems, lang)
        raise _Stop(2)
    return _answers_mapping(data, path, lang)


def _answers_mapping(data: object, path: Path, lang: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise _fail(msg("answers_not_mapping", lang, file=shorten(str(path), lang)))
    return data


class _Stop(Exception):
    """The command ends here, with this exit code (its one sentence already said)."""

    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


def _fail(line: str, code: int = 2) -> _Stop:
    _say(line)
    return _Stop(code)


def main(args: argparse.Namespace) -> int:
    lang = args.lang
    today = dt.date.today()
    quiz = Questionnaire(lang, today=today)
    output = Path(args.output) if args.output else None
    try:
        if output is not None and os.path.lexists(output) and not args.force:
            raise _fail(msg("exists", lang, file=output))
        prefill = _prefill(args.from_betagouv, args.startup, quiz, today) if args.from_betagouv else {}
        decl = _from_file(args.answers, quiz, prefill) if args.answers else _interactive(quiz, prefill)
        from_file = bool(args.answers)
        output = output or _default_output(decl, lang, args.force, from_file)
        output = _write(decl, output, quiz, today, args.force, from_file)
    except _Stop as stop:
        return stop.code
    _say(msg("written", lang, file=output))
    return 0


def _prefill(content_dir: str, startup: str | None, quiz: Questionnaire, today: dt.date) -> dict[str, Any]:
    """What the beta.gouv.fr product page says, read as answers are (a value they would refuse is said and left)."""
    lang = quiz.lang
    if not startup:
        raise _fail(msg("betagouv_needs_startup", lang))
    try:
        prefill = from_betagouv(Path(content_dir), startup, lang, today)
    except Invalid as exc:
        raise _fail(str(exc)) from None
    page = Path(content_dir) / "_startups" / f"{startup}.md"
    prefill, dropped = quiz.from_answers(prefill)
    prefill.pop("schema_version", None)
    for path, problem in dropped:  # a page value the questions would refuse: left for the team
        _say(msg("betagouv_dropped", lang, file=page, path=path, message=problem))
    _say(msg("betagouv_prefilled", lang, file=page, keys=", ".join(k for k in prefill)))
    return prefill


def _from_file(answers_file: str, quiz: Questionnaire, prefill: dict[str, Any]) -> dict[str, Any]:
    """The declaration from ``--answers FILE`` (over the pre-filled values); every bad answer said
    (the first MAX_ERRORS, then how many more)."""
    lang = quiz.lang
    answers = _merge(prefill, _read_answers(Path(answers_file), lang))
    decl, errors = quiz.from_answers(answers)
    file = shorten(str(answers_file), lang)
    for path, problem in errors[:MAX_ERRORS]:
        _say(msg("answers_bad", lang, file=file, path=shorten(path, lang), message=problem))
    if len(errors) > MAX_ERRORS:
        _say(msg("more_bad", lang, file=file, count=len(errors) - MAX_ERRORS))
    if errors:
        raise _Stop(2)
    if "startup" not in decl or "id" not in decl["startup"]:
        raise _fail(msg("answers_bad", lang, file=file, path="startup.id", message=msg("required", lang)))
    undeclared = quiz.undeclared(decl)
    if undeclared:  # written all the same: the file says what is known; check will say what is missing
        keys = ", ".join(key for key, _ in undeclared)
        code = "undeclared_one" if len(undeclared) == 1 else "undeclared_many"
        _say(msg(code, lang, file=file, keys=keys, obligations=", ".join(o for _, o in undeclared)))
    return decl


def _interactive(quiz: Questionnaire, prefill: dict[str, Any]) -> dict[str, Any]:
    lang = quiz.lang
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise _fail(msg("not_tty", lang))
    sys.stdout.write(msg("intro", lang) + "\n")
    try:
        return quiz.ask(prefill, PromptToolkit(lang))
    except (KeyboardInterrupt, EOFError):
        raise _fail(msg("interrupted", lang), 130) from None


def _default_output(decl: dict[str, Any], lang: str, force: bool, from_file: bool) -> Path:
    """``<startup.id>.yaml``; when it exists, the questionnaire asks another name rather than losing the answers
    (``from_file``: the answers came from a file, nobody to ask: refused)."""
    output = Path(f"{decl['startup']['id']}.yaml")
    if not os.path.lexists(output) or force:
        return output
    if from_file:
        raise _fail(msg("exists", lang, file=output))
    return _other_name(msg("other_file", lang, file=output), lang)


def _other_name(question: str, lang: str) -> Path:
    def free(raw: str) -> bool | str:
        name = raw.strip()
        return True if name and not os.path.lexists(name) else msg("exists_ask", lang, file=name or "?")

    try:
        return Path(PromptToolkit(lang).text(question, "", free).strip())
    except (KeyboardInterrupt, EOFError):
        raise _fail(msg("interrupted", lang), 130) from None


def _write(
    decl: dict[str, Any], output: Path, quiz: Questionnaire, today: dt.date, force: bool, from_file: bool
) -> Path:
    """The commented declaration, read back as ``check`` reads it, then written: over an
    existing file only with ``--force`` (atomically), otherwise as a new file that nothing
    else created meanwhile (:func:`checker.foundation.atomic.create_text`); when one did, it is kept and,
    in the questionnaire, another name is asked. Returns where it was written."""
    lang = quiz.lang
    while True:
        content = render(decl, lang, str(output), today, quiz.schema)
        _readable(content, lang)
        try:
            if force:
                atomic_write_text(output, content)
            else:
                create_text(output, content)
            return output
        except FileExistsError:
            if from_file:
                raise _fail(msg("appeared", lang, file=output)) from None
            output = _other_name(msg("appeared_ask", lang, file=output), lang)
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
            raise _fail(msg("write_failed", lang, file=output, detail=system_error(exc))) from None


def _readable(content: str, lang: str) -> None:
    problems = check_text(content)
    if not problems:
        return
    from checker.judging.evaluate import render_problem

    first = problems[0]
    if first.code == "file.too_large":  # so many answers that check would refuse the file: said, nothing written
        size, limit = (figure(first.params[k], lang) for k in ("size", "limit"))
        raise _fail(msg("too_large", lang, detail=msg("bytes", lang, size=size, limit=limit)))
    if first.code in TOO_BIG:
        raise _fail(msg("too_large", lang, detail=render_problem(first, lang)))
    # a bug of ours (every answer was checked): said, nothing written
    raise _fail(msg("invalid_result", lang, detail=f"{first.path or first.line}: {render_problem(first, lang)}"))
