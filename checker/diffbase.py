"""``--diff-base REF`` and ``--fail-on new``: judge a change, not the state of the repository.

Each declaration is also evaluated as it stood at the git revision REF (``git cat-file blob
REF:./file``), with the SAME catalogue, as-of date and options, so that a deadline passing
today fails both sides and is not counted against the change. The verdicts at REF become a
baseline (:mod:`checker.baseline`), so every reporter marks what moved. A file that did not
exist at REF has no baseline: each of its failures is new.

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

import subprocess
from pathlib import Path

from .baseline import _key
from .loader import decode, load_text
from .problems import Problem

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


def _git(args, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120)


class GitRevision:
    """Reads files as they stood at one git revision; one check of the revision per directory."""

    def __init__(self, ref: str, lang: str = "fr"):
        self.ref, self.lang = ref, lang
        self._dirs: dict[str, bool] = {}  # directory -> the revision exists there (False: no commit yet)

    def _check_dir(self, directory: Path) -> bool:
        key = str(directory.resolve())
        if key in self._dirs:
            return self._dirs[key]
        try:
            inside = _git(["rev-parse", "--is-inside-work-tree"], directory)
        except FileNotFoundError:
            raise DiffBaseError(message("no_git", self.lang)) from None
        if inside.returncode != 0:
            detail = inside.stderr.decode("utf-8", "replace").strip().splitlines()
            raise DiffBaseError(
                message("not_git", self.lang, dir=directory.resolve(), detail=detail[-1] if detail else "git")
            )
        exists = _git(["rev-parse", "--verify", "--quiet", f"{self.ref}^{{commit}}"], directory).returncode == 0
        if not exists:
            # a repository without any commit yet: every file is new, nothing to compare with
            no_commit = _git(["rev-parse", "--verify", "--quiet", "HEAD"], directory).returncode != 0
            if not (no_commit and self.ref == "HEAD"):
                raise DiffBaseError(message("bad_ref", self.lang, ref=self.ref, dir=directory.resolve()))
        self._dirs[key] = exists
        return exists

    def read(self, path: Path, max_bytes: int) -> bytes | None:
        """The file's bytes at the revision, or None when it did not exist there."""
        directory = path.parent if str(path.parent) else Path(".")
        if not self._check_dir(directory):
            return None
        shown = _git(["cat-file", "blob", f"{self.ref}:./{path.name}"], directory)
        if shown.returncode != 0:
            return None
        return shown.stdout[: max_bytes + 1]


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
