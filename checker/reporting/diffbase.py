"""``--diff-base REF`` and ``--fail-on new``: judge a change, not the state of the repository.

Each declaration is also evaluated as it stood at the git revision REF, with the SAME
catalogue, as-of date and options, so that a deadline passing today fails both sides and is not
counted against the change. The verdicts at REF become a baseline (:mod:`checker.reporting.baseline`), so
every reporter marks what moved. A file renamed since REF is read under its name at REF (git's
rename detection between REF and the working tree, ``git mv`` included; a file moved without
git and not yet added is found by its identical content); a symbolic link committed at REF is
read as its target there (``git cat-file --follow-symlinks``), not as the link's text. A file
that did not exist at REF has no baseline: each of its failures is new.

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
import subprocess
from pathlib import Path

from checker.reading.loader import decode, load_text
from checker.reading.problems import Problem

from .baseline import _key

MESSAGES = {
    "not_git": {
        "fr": "--diff-base : {dir} n'est pas dans un dépôt git ({detail}).",
        "en": "--diff-base: {dir} is not inside a git repository ({detail}).",
    },
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
}


def message(code: str, lang: str, **params) -> str:
    return MESSAGES[code][lang if lang in ("fr", "en") else "fr"].format(**params)


class DiffBaseError(Exception):
    pass


def _git(args, cwd, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, timeout=120)


class _Repository:
    """One repository at the revision: its top, the commit, and how its files moved since."""

    def __init__(self, top: str, commit: str):
        self.top, self.commit = top, commit
        self.renamed: dict[str, str] = {}  # path now -> its path at the commit (git's rename detection)
        self.deleted: dict[str, str] = {}  # blob id -> a path at the commit that is gone now
        changes = _git(
            ["diff", "--raw", "-z", "-M", "--no-abbrev", "--no-ext-diff", "--no-textconv", commit, "--"], top
        )
        fields = iter(changes.stdout.split(b"\0") if changes.returncode == 0 else [])
        for header in fields:
            if not header.startswith(b":"):
                continue
            _, _, blob, _, status = header.decode("ascii", "replace").split(" ")
            before = os.fsdecode(next(fields, b""))
            if status.startswith(("R", "C")):
                self.renamed.setdefault(os.fsdecode(next(fields, b"")), before)
            elif status == "D":
                self.deleted.setdefault(blob, before)

    def blob(self, path: str) -> tuple[str, int] | None:
        """(blob id, size) of the file at ``path`` (relative to the top) as it stood at the
        commit: under the path git pairs it with as a rename, else its own path, else the path
        of a deleted file with the very same content (moved without ``git mv``, not yet added);
        a symbolic link there followed to its target there. None when there is no such file."""
        found = self._blob(self.renamed.get(path, path))
        if found is None and self.deleted:
            same = _git(["hash-object", "--", path], self.top)
            moved = self.deleted.get(same.stdout.decode("ascii", "replace").strip()) if same.returncode == 0 else None
            found = self._blob(moved) if moved else None
        return found

    def _blob(self, path: str) -> tuple[str, int] | None:
        spec = f"{self.commit}:{path}".encode("utf-8", "surrogateescape") + b"\0"
        found = _git(["cat-file", "--batch-check", "--follow-symlinks", "-z"], self.top, spec)
        words = found.stdout.split(b"\n", 1)[0].split(b" ")
        if found.returncode != 0 or len(words) != 3 or words[1] != b"blob":
            return None  # missing there, a link out of the repository or in a loop, not a file
        return words[0].decode("ascii"), int(words[2])


class GitRevision:
    """Reads files as they stood at one git revision: a file renamed since is read under its
    name then, a symbolic link committed there is followed to its target there (``git
    cat-file --follow-symlinks``). One look at the revision per repository."""

    def __init__(self, ref: str, lang: str = "fr"):
        self.ref, self.lang = ref, lang
        self._dirs: dict[str, _Repository | None] = {}  # directory -> its repository (None: no commit yet)
        self._tops: dict[tuple[str, str], _Repository] = {}

    def _repository(self, directory: Path) -> _Repository | None:
        key = os.path.realpath(directory)
        if key not in self._dirs:
            self._dirs[key] = self._look(Path(key))
        return self._dirs[key]

    def _look(self, directory: Path) -> _Repository | None:
        try:
            inside = _git(["rev-parse", "--show-toplevel"], directory)
        except FileNotFoundError:
            raise DiffBaseError(message("no_git", self.lang)) from None
        if inside.returncode != 0:
            detail = inside.stderr.decode("utf-8", "replace").strip().splitlines()
            raise DiffBaseError(message("not_git", self.lang, dir=directory, detail=detail[-1] if detail else "git"))
        top = os.fsdecode(inside.stdout.rstrip(b"\n"))
        found = _git(["rev-parse", "--verify", "--quiet", f"{self.ref}^{{commit}}"], directory)
        if found.returncode != 0:
            # a repository without any commit yet: every file is new, nothing to compare with
            no_commit = _git(["rev-parse", "--verify", "--quiet", "HEAD"], directory).returncode != 0
            if not (no_commit and self.ref == "HEAD"):
                raise DiffBaseError(message("bad_ref", self.lang, ref=self.ref, dir=directory))
            return None
        commit = found.stdout.decode("ascii", "replace").strip()
        if (top, commit) not in self._tops:
            self._tops[(top, commit)] = _Repository(top, commit)
        return self._tops[(top, commit)]

    def read(self, path: Path, max_bytes: int) -> bytes | None:
        """The file's bytes at the revision, or None when it did not exist there (or was a link
        out of the repository, or larger than ``max_bytes``)."""
        directory = path.parent if str(path.parent) else Path(".")
        repo = self._repository(directory)
        if repo is None:
            return None
        now = os.path.relpath(os.path.join(os.path.realpath(directory), path.name), repo.top)
        found = repo.blob(now.replace(os.sep, "/"))
        if found is None or found[1] > max_bytes:  # too large there: no reference, as a file too large is unread
            return None
        shown = _git(["cat-file", "blob", found[0]], repo.top)
        return shown.stdout if shown.returncode == 0 else None


def baseline_at(revision: GitRevision, evaluator, targets) -> dict:
    """The (declaration key, obligation) -> verdict mapping of ``targets`` as they stood at the revision.

    Evaluated by ``evaluator`` (same catalogue, as-of date and options as the current run).
    A file new since the revision, or invalid there, contributes nothing: its failures are new.
    """
    previous: dict = {}
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


def new_failures(report, baseline: dict) -> list[tuple[str, str]]:
    """(file, obligation) of each obligation that fails now and did not fail in the baseline."""
    worse = []
    for decl in report.declarations:
        for oid, verdict in decl.obligations.items():
            if verdict == "fail" and baseline.get((_key(decl), oid)) != "fail":
                worse.append((decl.file, oid))
    return worse


def exit_code_new(report, baseline: dict) -> int:
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


def skip_non_declarations(targets, max_bytes: int, lang: str, say) -> list:
    """``targets`` without the files that are not declarations; one line through ``say`` per file left out."""
    kept = []
    for shown, target in targets:
        if not isinstance(target, Problem) and not is_declaration(target, max_bytes):
            say(message("skipped", lang, file=shown))
            continue
        kept.append((shown, target))
    return kept
