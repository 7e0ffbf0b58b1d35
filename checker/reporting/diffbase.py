"""``--diff-base REF`` and ``--fail-on new``: judge a change, not the state of the repository.

Each declaration is also evaluated as it stood at the git revision REF, with the SAME
catalogue, as-of date and options, so that a deadline passing today fails both sides and is not
counted against the change. The verdicts at REF become a baseline (:mod:`checker.reporting.baseline`), so
every reporter marks what moved. A file renamed since REF is read under its name at REF (git's
rename detection between REF and the working tree, ``git mv`` included; a file moved without
git and not yet added is found by its identical content); a symbolic link committed at REF is
read as its target there (``git cat-file --follow-symlinks``), not as the link's text. A file
that did not exist at REF has no baseline: each of its failures is new. Git is read through
:mod:`checker.reading.gitstate` (the project's one git reader), one state per work tree.

``--fail-on new`` fails (exit 1) only on a verdict that got worse through the change: an
obligation that fails now and did not fail at REF (or had no verdict there). It works with
``--baseline REPORT.json`` too. Invalid files still give exit 2.

``--skip-non-declarations`` (the pre-commit hook's default) leaves out YAML files that are not
declarations: a top-level mapping with neither ``schema_version`` nor ``startup`` (e.g.
``.pre-commit-config.yaml``), an empty file, or a document that is not a mapping. Each skipped
file gets one line on stderr. A file that cannot be parsed is still checked: it may be a
broken declaration.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from checker.foundation.messages import register, text
from checker.reading.gitstate import GitState, GitStateError, Unavailable, top_of
from checker.reading.loader import DEFAULT_MAX_BYTES, decode, load_text
from checker.reading.problems import Problem
from checker.reporting.baseline import Baseline, _key

if TYPE_CHECKING:
    from checker.judging.evaluate import Evaluator
    from checker.judging.model import Report

register(
    "diffbase",
    {
        "not_git": {
            "fr": "--diff-base : {dir} n'est pas dans un dépôt git.",
            "en": "--diff-base: {dir} is not inside a git repository.",
        },
        "git": {"fr": "--diff-base : {detail}.", "en": "--diff-base: {detail}."},
        "bad_ref": {
            "fr": "--diff-base : la révision git « {ref} » est inconnue dans {dir}.",
            "en": "--diff-base: unknown git revision '{ref}' in {dir}.",
        },
        "no_git": {
            "fr": "--diff-base : la commande git est introuvable.",
            "en": "--diff-base: the git command cannot be found.",
        },
        "skipped": {
            "fr": "{file} ignoré : ce n'est pas une déclaration (ni schema_version ni startup au premier niveau).",
            "en": "{file} skipped: not a declaration (no top-level schema_version or startup).",
        },
        "fail_on_new": {
            "fr": "--fail-on new demande une référence : --diff-base REF ou --baseline RAPPORT.json.",
            "en": "--fail-on new needs something to compare with: --diff-base REF or --baseline REPORT.json.",
        },
        "both": {
            "fr": "--diff-base et --baseline ne vont pas ensemble : choisissez l'un des deux.",
            "en": "--diff-base and --baseline do not go together: choose one.",
        },
    },
)


def message(code: str, lang: str, **params: object) -> str:
    """What --diff-base says: :func:`~checker.foundation.messages.text` of ``diffbase.<code>``."""
    return text(f"diffbase.{code}", lang, **params)


class DiffBaseError(Exception):
    pass


@dataclass
class _Revision:
    """One work tree's state (:class:`checker.reading.gitstate.GitState`), the commit REF names there,
    and how its files moved since (asked of git when first needed)."""

    state: GitState
    commit: str
    moves: tuple[dict[str, str], dict[str, str]] | None = None

    def moved(self) -> tuple[dict[str, str], dict[str, str]]:
        if self.moves is None:
            self.moves = self.state.moved_since(self.commit)
        return self.moves


class GitRevision:
    """Reads files as they stood at one git revision, through :mod:`checker.reading.gitstate` (one
    :class:`~checker.reading.gitstate.GitState` per work tree: the files of a run may come from several
    repositories): a file renamed since is read under its name then, a symbolic link committed
    there is followed to its target there (``git cat-file --follow-symlinks``). A context
    manager: its git processes end with it."""

    def __init__(self, ref: str, lang: str = "fr", max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.ref, self.lang, self.max_bytes = ref, lang, max_bytes
        self._tops: dict[str, Path] = {}  # directory -> the top of its work tree
        self._revisions: dict[Path, _Revision | None] = {}  # top -> its revision (None: no commit yet)

    def __enter__(self) -> GitRevision:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for revision in self._revisions.values():
            if revision is not None:
                revision.state.close()

    def _revision(self, directory: Path) -> _Revision | None:
        key = os.path.realpath(directory)
        try:
            if key not in self._tops:
                self._tops[key] = top_of(Path(key))
            top = self._tops[key]
            if top not in self._revisions:
                self._revisions[top] = self._open(top)
            return self._revisions[top]
        except GitStateError as exc:
            raise DiffBaseError(self._said(exc, directory)) from None

    def _open(self, top: Path) -> _Revision | None:
        try:
            state = GitState.open([top], self.max_bytes)
        except Unavailable as exc:
            if exc.code == "no_commit" and self.ref == "HEAD":
                return None  # a repository without any commit yet: every file is new
            if exc.code == "no_commit":
                raise GitStateError("bad_ref", ref=self.ref) from None
            raise
        try:
            return _Revision(state, state.resolve(self.ref))
        except GitStateError:
            state.close()
            raise

    def _said(self, exc: GitStateError, directory: Path) -> str:
        """What went wrong, as --diff-base says it."""
        if exc.code in ("not_git", "no_git"):
            return message(exc.code, self.lang, dir=directory)
        if exc.code == "bad_ref":
            return message("bad_ref", self.lang, ref=exc.params["ref"], dir=directory)
        return message("git", self.lang, detail=exc.message(self.lang))

    def read(self, path: Path, max_bytes: int) -> bytes | None:
        """The file's bytes at the revision, or None when it did not exist there (or was a link
        out of the repository, or larger than ``max_bytes``). Under the path git pairs it with
        as a rename, else its own path, else the path of a deleted file with the very same
        content (moved without ``git mv``, not yet added)."""
        directory = path.parent if str(path.parent) else Path(".")
        revision = self._revision(directory)
        if revision is None:
            return None
        state = revision.state
        try:
            now = state.relative(Path(os.path.realpath(directory)) / path.name)
            renamed, deleted = revision.moved()
            found = state.bytes_at(revision.commit, state.top / renamed.get(now, now))
            if found is None and deleted:
                moved = deleted.get(state.blob_id(now) or "")
                found = state.bytes_at(revision.commit, state.top / moved) if moved else None
        except GitStateError as exc:
            raise DiffBaseError(self._said(exc, directory)) from None
        if found is None or isinstance(found, Problem) or len(found) > max_bytes:
            return None  # too large there: no reference, as a file too large is unread
        return found


def baseline_at(revision: GitRevision, evaluator: Evaluator, targets: list[tuple[str, Path | Problem]]) -> Baseline:
    """The (declaration key, obligation) -> verdict mapping of ``targets`` as they stood at the revision.

    Evaluated by ``evaluator`` (same catalogue, as-of date and options as the current run).
    A file new since the revision, or invalid there, contributes nothing: its failures are new.
    """
    previous: Baseline = {}
    for shown, target in targets:
        if isinstance(target, Problem):
            continue
        raw = revision.read(target, evaluator.max_bytes)
        if raw is None or len(raw) > evaluator.max_bytes:
            continue
        text, problems = decode(raw)
        if problems or text is None:
            continue
        doc, problems = load_text(text)
        try:
            result = evaluator.check_document(doc, problems, shown)
        except Exception:  # the old version is only a reference: never let it cost the run
            continue
        if result.status == "invalid":
            continue
        for oid, verdict in result.obligations.items():
            previous[(_key(result), oid)] = verdict
    return previous


def new_failures(report: Report, baseline: Baseline) -> list[tuple[str, str]]:
    """(file, obligation) of each obligation that fails now and did not fail in the baseline."""
    worse = []
    for decl in report.declarations:
        for oid, verdict in decl.obligations.items():
            if verdict == "fail" and baseline.get((_key(decl), oid)) != "fail":
                worse.append((decl.file, oid))
    return worse


def exit_code_new(report: Report, baseline: Baseline) -> int:
    """``--fail-on new``: 2 for an invalid file, 1 for a failure the change brought, else 0."""
    if report.declarations.status["invalid"]:
        return 2
    return 1 if new_failures(report, baseline) else 0


def is_declaration(path: Path, max_bytes: int) -> bool:
    """False only for a YAML file that surely is not a declaration (see the module docstring)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError:
        return True  # let the check report it
    if len(raw) > max_bytes:
        return True
    text, problems = decode(raw)
    if problems or text is None:
        return True
    doc, problems = load_text(text)  # the guarded loader: no alias bomb through here either
    if any(p.code in ("yaml.empty", "yaml.not_mapping") for p in problems):
        return False
    if not isinstance(doc.data, dict):
        return True  # a syntax error: a broken declaration is still a declaration to report
    return "schema_version" in doc.data or "startup" in doc.data


def skip_non_declarations(
    targets: list[tuple[str, Path | Problem]], max_bytes: int, lang: str, say: Callable[[str], object]
) -> list[tuple[str, Path | Problem]]:
    """``targets`` without the files that are not declarations; one line through ``say`` per file left out."""
    kept = []
    for shown, target in targets:
        if not isinstance(target, Problem) and not is_declaration(target, max_bytes):
            say(message("skipped", lang, file=shown))
            continue
        kept.append((shown, target))
    return kept
