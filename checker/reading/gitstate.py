"""Declarations as they stood in git: what ``history`` judges on each date, what changed, and who.

Everything goes through :class:`GitState`, opened on the paths a command was given (files or
directories inside ONE git work tree) and used as a context manager: its one
``git cat-file --batch`` process (every blob of the run is read through it) is closed on the
way out, on an error or on Ctrl-C too::

    try:
        state = GitState.open(["declarations"])           # the paths as the user typed them
    except GitStateError as exc:                          # Unavailable: not in git, no git, no commit
        say(exc.fallback(lang))                           # "history re-evaluates today's files (...)"
    with state:
        snapshots = state.snapshots(dates)                # one Snapshot per date, oldest first
        snapshots[-1] = state.worktree(snapshots[-1].day) # today's point: uncommitted changes count
        versions = {e.blob or e.disk: e for s in snapshots for e in s.entries}
        for entry, doc, problems in state.load_all(versions.values()):
            ...                                           # each version read and parsed once
        changes = state.changes(None, last_committee, as_of)  # the whole portfolio: one git log
        for series in state.series(snapshots):            # one per startup, aligned with the dates
            series.entries                                # [Entry | None]: None, no file that day
            for change in series.among(changes):          # its commits: who, when, blobs before/after
                state.keys_changed_by(change)             # ["team.sponsor.name"]
    changed_keys(old_data, new_data)                      # ["committees[2].date", "team.sponsor.name"]

The choices made here, which callers and users can rely on:

- **Which commit counts on a date**: the first commit of HEAD's *first-parent* history (the
  states HEAD actually went through on its branch, merges included, the merged branches' own
  commits not) whose **committer date**, on the committer's own calendar (the day written in
  the commit's time zone, whatever the machine's), is on or before that date. The committer
  date says when a change entered the branch; the author date survives rebases and
  cherry-picks and says when it was first written, which is not when HEAD had it. A date
  before the first commit has no commit: no file existed then.
- **Which files**: as ``check`` collects them (:func:`checker.reading.declarations.collect`): under a directory,
  ``*.yaml`` / ``*.yml`` files, hidden directories skipped; a file named explicitly whatever
  its extension; each file once (a symbolic link and its target count once, under the first
  name in ``check``'s order). A committed symbolic link is followed to its target *at that
  commit* (``cat-file --follow-symlinks``); a link to a directory is skipped as ``check``
  skips it; a link leaving the repository or pointing at nothing gives an entry whose
  :attr:`Entry.problem` says so. Submodules are not looked into.
- **Identity over time** (:meth:`GitState.series`): a file is keyed by its ``startup.id`` (as
  the evaluator reads it: the loader's data, else the id a broken file's lines give) when
  exactly one file of that date has it; otherwise it continues the series of the same path the
  date before, else of the path git's rename detection (``diff-tree -M``) says it was renamed
  from, else it starts a series of its own. An id changed in place starts a new series.
- **Uncommitted changes** (:meth:`GitState.uncommitted`, :meth:`GitState.worktree`): what
  ``git status`` reports under the paths, ignored files included (``check`` reads them too);
  those entries carry the work-tree file (:attr:`Entry.disk`), read from disk by the loader.
- **What changed between two dates** (:meth:`GitState.changes`): the commits of
  ``SINCE..UNTIL`` (the commits placed on the two dates, as above) that touched the paths,
  oldest first: exactly the commits that brought the first state to the second, each with its
  author (the branch commits of a merge, not the merge).
- **Which repository**: always the one holding the paths. The variables git sets for a hook
  about *its* repository (``GIT_DIR``, ``GIT_WORK_TREE``, ``GIT_INDEX_FILE``: all that
  ``git rev-parse --local-env-vars`` lists) are removed from git's environment, so a pre-commit
  hook of one repository checking the declarations of another reads the other; the work tree's
  files are read from disk whatever the index says.
- **Safety**: git is run without a shell, with ``--`` before paths and literal pathspecs
  (``GIT_LITERAL_PATHSPECS``); a ref from a user is checked with
  ``rev-parse --verify --quiet --end-of-options REF^{commit}`` and only the commit id it names
  is passed on. Blobs are bounded by ``max_bytes`` (the loader's limit: a larger one is
  reported ``file.too_large``, its bytes read from git's pipe by pieces and dropped, never
  held whole). :meth:`GitState.read_all` / :meth:`GitState.load_all` write all their requests
  ahead (a thread) instead of one round trip per blob. A blob git cannot read (a damaged
  repository) is a ``file.unreadable`` problem of that file; any other git failure is one
  :class:`GitStateError` with a one-line message in French and English, never a traceback.

Bounds: :data:`MAX_DATES` dates per call, :data:`MAX_COMMITS` first-parent commits walked to
place them, :data:`MAX_CHANGES` commits listed by :meth:`GitState.changes`,
:data:`MAX_OUTPUT` bytes of any one git listing, :data:`TIMEOUT` seconds per git command.

For ``--diff-base``: :meth:`GitState.bytes_at` gives a file's bytes at any ref, links followed.

Git 2.38 or later reads any file name; an older git (no ``cat-file -z``) reads every blob by
its id but cannot be asked for a path with a line break in it: such a link, or such a file
given to :meth:`GitState.bytes_at`, is a ``file.unreadable`` problem saying so.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from checker.foundation.messages import LANGS, register, text
from checker.foundation.wording import SystemText, printable, quote

from .declarations import SUFFIXES
from .loader import DEFAULT_MAX_BYTES, Document, decode, load_text, path_str, read_bytes
from .problems import Problem

MAX_DATES = 1000  # dates per call: weekly over nineteen years
MAX_COMMITS = 100_000  # first-parent commits walked to place the dates (newest first)
MAX_CHANGES = 10_000  # commits listed by GitState.changes (the newest ones)
MAX_OUTPUT = 64 * 1024 * 1024  # bytes of one git listing (ls-tree, status, log, diff-tree)
TIMEOUT = 120  # seconds for one git command
_HEADER = 64 * 1024  # bytes of one cat-file reply line (a name echoed back, at most)
_CHUNK = 1024 * 1024  # an oversized blob is read and discarded by pieces this big
_LINK = "120000"
# config that must not change what plumbing prints or runs (the repository's own config stays)
_CONFIG = ["-c", "core.fsmonitor=false", "-c", "log.showSignature=false", "-c", "core.quotePath=false"]
_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_LITERAL_PATHSPECS": "1", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
# what ``git rev-parse --local-env-vars`` lists: set by a hook (GIT_DIR, GIT_INDEX_FILE...) for
# ITS repository; removed, so that the repository read is always the one holding the paths
_LOCAL = frozenset(
    "GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_CONFIG GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT GIT_OBJECT_DIRECTORY"
    " GIT_DIR GIT_WORK_TREE GIT_IMPLICIT_WORK_TREE GIT_GRAFT_FILE GIT_INDEX_FILE GIT_NO_REPLACE_OBJECTS"
    " GIT_REPLACE_REF_BASE GIT_PREFIX GIT_INTERNAL_SUPER_PREFIX GIT_SHALLOW_FILE GIT_COMMON_DIR".split()
)
_OBJECT = re.compile(rb"([0-9a-f]{40}|[0-9a-f]{64}) (\w+) (\d+)\n")
_SPECIAL = re.compile(rb"(symlink|dangling|loop|notdir) (\d+)\n")
_COMMIT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_FORMAT = "--format=%H%x00%cI%x00%aI%x00%an%x00%s"  # one commit: five fields, NUL-separated

register(
    "gitstate",
    {
        "no_git": {"fr": "la commande git est introuvable", "en": "the git command cannot be found"},
        "not_git": {"fr": "pas un dépôt git : {dir}", "en": "not a git work tree: {dir}"},
        "refused": {"fr": "git refuse de lire {dir} : {detail}", "en": "git refuses to read {dir}: {detail}"},
        "no_commit": {"fr": "le dépôt git n'a encore aucun commit", "en": "the git repository has no commit yet"},
        "not_committed": {
            "fr": "aucune de ces déclarations n'est commitée dans git : nouvelles, ou ignorées par .gitignore",
            "en": "none of these declarations is committed in git: new, or ignored by .gitignore",
        },
        "two_trees": {
            "fr": "{a} et {b} ne sont pas dans le même dépôt git",
            "en": "{a} and {b} are not in the same git work tree",
        },
        "outside": {"fr": "{path} est hors du dépôt git {top}", "en": "{path} is outside the git work tree {top}"},
        "bad_ref": {"fr": "révision git inconnue : « {ref} »", "en": "unknown git revision: '{ref}'"},
        "failed": {"fr": "git a échoué dans {dir} : {detail}", "en": "git failed in {dir}: {detail}"},
        "timeout": {
            "fr": "git n'a pas répondu en {seconds} s dans {dir}",
            "en": "git did not answer within {seconds} s in {dir}",
        },
        "too_much_output": {
            "fr": "la liste donnée par git dépasse {limit} octets dans {dir}",
            "en": "git's listing exceeds {limit} bytes in {dir}",
        },
        "too_many_dates": {
            "fr": "trop de dates ({count}, au plus {limit})",
            "en": "too many dates ({count}, at most {limit})",
        },
        "too_many_commits": {
            "fr": "plus de {limit} commits à parcourir pour remonter au {date}",
            "en": "more than {limit} commits to walk back to {date}",
        },
        "fallback": {
            "fr": "l'historique réévalue les fichiers d'aujourd'hui ({reason})",
            "en": "history re-evaluates today's files ({reason})",
        },
        # why one file cannot be read at a commit (the detail of a file.unreadable problem)
        "link_outside": {
            "fr": "lien symbolique vers « {target} », hors du dépôt : son contenu à cette date est inconnu",
            "en": "symbolic link to '{target}', outside the repository: its content at that date is unknown",
        },
        "link_dangling": {
            "fr": "lien symbolique vers un fichier qui n'existait pas à cette date",
            "en": "symbolic link to a file that did not exist at that date",
        },
        "link_loop": {"fr": "boucle de liens symboliques", "en": "symbolic link loop"},
        "object_missing": {
            "fr": "git ne peut pas lire l'objet {oid} : le dépôt est endommagé (git fsck dit où)",
            "en": "git cannot read object {oid}: the repository is damaged (git fsck says where)",
        },
        "name_unsafe": {
            "fr": "nom de fichier que cette version de git ne peut pas lire (saut de ligne) : git 2.38 ou plus récent le peut",
            "en": "a file name this version of git cannot read (line break): git 2.38 or later can",
        },
    },
)


_ONE_LINE = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _param(key: str, value: Any) -> Any:
    """A message parameter on one printable line; what git or a user wrote is clipped too."""
    if not isinstance(value, str) or isinstance(value, SystemText):
        return value
    if key in ("ref", "detail", "target"):
        return quote(printable(value))
    return printable(value).translate(_ONE_LINE)  # a path is shown whole


def _words(code: str, lang: str, params: dict[str, Any]) -> str:
    """The text ``gitstate.<code>`` in ``lang`` (:func:`~checker.foundation.messages.text`)."""
    return text(f"gitstate.{code}", lang, **params)


class GitStateError(Exception):
    """Git cannot give the history: one line in French or English (:meth:`message`)."""

    def __init__(self, code: str, **params: Any):
        self.code = code
        self.params = {k: _param(k, v) for k, v in params.items()}
        super().__init__(self.message("en"))

    def message(self, lang: str = "fr") -> str:
        return _words(self.code, lang, self.params)

    def fallback(self, lang: str = "fr") -> str:
        """The line a command prints before it re-evaluates today's files instead."""
        return _words("fallback", lang, {"reason": self.message(lang)})


class Unavailable(GitStateError):
    """No history to read: no git command, not a git work tree, or no commit yet."""


class _Detail(SystemText):
    """Why one file is unreadable at a commit, as the detail of a ``file.unreadable`` problem."""

    words: dict[str, str]

    def shown(self, lang: str = "fr") -> str:
        return self.words.get(lang) or self.words["fr"]


def _unreadable(code: str, **params: Any) -> Problem:
    params = {k: _param(k, v) for k, v in params.items()}
    detail = _Detail(_words(code, "en", params))
    detail.key, detail.words = "", {lang: _words(code, lang, params) for lang in LANGS}
    return Problem("file.unreadable", {"detail": detail}, "", 1, 1)


def _too_large(size: int, limit: int) -> Problem:
    return Problem("file.too_large", {"size": size, "limit": limit}, "", 1, 1)


@dataclass(frozen=True)
class Commit:
    oid: str
    date: dt.datetime  # committer date, in the committer's time zone
    authored: dt.datetime  # author date, in the author's time zone
    author: str  # as git has it: print it through checker.foundation.wording.printable
    subject: str  # the message's first line (at most 200 characters)

    @property
    def day(self) -> dt.date:
        """The committer's calendar day: what places the commit on a date."""
        return self.date.date()


@dataclass(frozen=True)
class Entry:
    """One declaration file in one snapshot."""

    path: str  # relative to the work tree's top, "/"-separated (undecodable bytes: surrogate escapes)
    shown: str  # the name ``check`` gives it: the argument as typed, then the rest of the path
    blob: str | None  # id of the blob read (a link's target's); None: read from disk, or unreadable
    size: int | None  # bytes of that blob, when known before reading it (a link's target's)
    source: str  # where the bytes are: ``path``, or a symbolic link's target
    disk: Path | None = None  # the work-tree file whose bytes count (uncommitted change, today only)
    problem: Problem | None = None  # why it cannot be read at that commit (a dangling link...)


@dataclass
class Snapshot:
    day: dt.date
    commit: Commit | None  # None: no commit on or before that day (no file existed yet)
    entries: list[Entry]  # in ``check``'s order
    worktree: bool = False  # uncommitted changes included (GitState.worktree)


@dataclass
class Series:
    """One declaration over the snapshots: ``entries[i]`` is its file on ``snapshots[i]``."""

    key: str  # "id:<startup id>" or "path:<path where it was first seen>", stable over the run
    startup_id: str | None  # its latest startup.id (None: never had one)
    entries: list[Entry | None]

    @property
    def paths(self) -> list[str]:
        """Every path (and link target) it had: what :meth:`GitState.changes` is asked about."""
        return sorted({p for e in self.entries if e is not None for p in (e.path, e.source)})

    def among(self, changes: Iterable[Change]) -> list[Change]:
        """Those of ``changes`` (a whole portfolio's) that touched one of its paths."""
        mine = set(self.paths)
        return [c for c in changes if c.path_before in mine or c.path_after in mine]


@dataclass
class Uncommitted:
    """Declaration files of the work tree that differ from HEAD (paths relative to the top)."""

    modified: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # new (untracked, staged or ignored)
    deleted: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    """One commit's change to one file (``before`` / ``after``: blob ids, None when absent)."""

    commit: Commit
    status: str  # A, M, D, T or R (renamed)
    path_before: str | None
    path_after: str | None
    before: str | None
    after: str | None


@dataclass(frozen=True)
class _Object:
    """One reply of cat-file: ``kind`` is a type (blob, tree...), "missing" or a link problem."""

    kind: str
    oid: str = ""
    size: int = 0
    data: bytes | None = None  # a blob within the limit, or a link's target / name


_Found = tuple[int, tuple[str, ...], Entry]  # (index of the path argument, parts below it, entry)


@dataclass(frozen=True)
class _Spec:
    argument: str  # as typed
    rel: str  # relative to the top ("" for the top itself)

    @property
    def shown(self) -> str:
        return str(Path(self.argument))  # "d/" -> "d", "./d" -> "d": as pathlib joins it


def _join(base: str, rest: tuple[str, ...]) -> str:
    """``str(Path(base, *rest))`` for a normalised ``base`` and plain names, without pathlib's cost."""
    if base == ".":
        return "/".join(rest)
    return base + ("" if base.endswith("/") else "/") + "/".join(rest)


class _Git:
    """Git commands in one work tree: no shell, bounded output and time, one error type."""

    def __init__(self, top: Path):
        self.top = top
        self.env = {**{k: v for k, v in os.environ.items() if k not in _LOCAL}, **_ENV}

    def argv(self, args: Sequence[str]) -> list[str]:
        return ["git", *_CONFIG, *args]

    def status(self, args: Sequence[str], cwd: Path | None = None) -> tuple[int, bytes, str]:
        """(exit code, output, last line of the errors); bounded, never raising but GitStateError."""
        with _Stream(self, args, cwd) as stream:
            assert stream.proc is not None and stream.proc.stdout is not None
            chunks, total = [], 0
            while chunk := stream.proc.stdout.read1(_CHUNK):  # type: ignore[attr-defined]
                total += len(chunk)
                if total > MAX_OUTPUT:
                    raise GitStateError("too_much_output", limit=MAX_OUTPUT, dir=str(stream.where))
                chunks.append(chunk)
            return stream.finish(), b"".join(chunks), _last_line(stream.err)

    def run(self, args: Sequence[str]) -> bytes:
        code, output, error = self.status(args)
        if code != 0:
            raise GitStateError("failed", dir=str(self.top), detail=error or f"exit {code}")
        return output

    def stream(self, args: Sequence[str]) -> _Stream:
        return _Stream(self, args)


def _system(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _last_line(err: IO[bytes]) -> str:
    size = err.seek(0, os.SEEK_END)
    err.seek(max(size - 4096, 0))
    lines = err.read().decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else ""


class _Stream:
    """One git command, its output read as it comes (a reader may stop early: the process is
    then ended), killed after :data:`TIMEOUT` seconds by a watchdog. (``subprocess.run`` with a
    timeout polls the process with sleeps: 70 ms a command.)"""

    def __init__(self, git: _Git, args: Sequence[str], cwd: Path | None = None):
        self.git, self.args, self.where = git, args, cwd or git.top
        self.err: IO[bytes] = tempfile.TemporaryFile()
        self.proc: subprocess.Popen[bytes] | None = None
        self.watchdog: threading.Timer | None = None
        self.expired = False

    def __enter__(self) -> _Stream:
        try:
            self.proc = subprocess.Popen(
                self.git.argv(self.args), cwd=self.where, env=self.git.env, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=self.err,
            )  # fmt: skip
        except (OSError, ValueError) as exc:  # ValueError: a NUL in an argument
            self.err.close()
            raise GitStateError("failed", dir=str(self.where), detail=_system(exc)) from None
        self.watchdog = threading.Timer(TIMEOUT, self._expire)
        self.watchdog.daemon = True
        self.watchdog.start()
        return self

    def lines(self) -> Iterator[bytes]:
        assert self.proc is not None and self.proc.stdout is not None
        while line := self.proc.stdout.readline(_HEADER):
            yield line.rstrip(b"\n")
        if self.finish() != 0:
            raise GitStateError("failed", dir=str(self.where), detail=_last_line(self.err))

    def _expire(self) -> None:
        self.expired = True  # before the kill: whoever waits sees it once the process is gone
        assert self.proc is not None
        self.proc.kill()

    def finish(self) -> int:
        """The exit code, once the output has been read to its end."""
        assert self.proc is not None
        code = self.proc.wait()
        if self.expired:
            raise GitStateError("timeout", seconds=TIMEOUT, dir=str(self.where))
        return code

    def __exit__(self, *exc: object) -> None:
        if self.watchdog is not None:
            self.watchdog.cancel()
        if self.proc is not None:
            self.proc.kill()  # read-only plumbing: nothing is lost; a no-op once it has ended
            self.proc.wait()
            assert self.proc.stdout is not None
            self.proc.stdout.close()
        self.err.close()


class _CatFile:
    """The one ``git cat-file --batch --follow-symlinks`` process of a run, started when first
    needed. A blob over the limit is read and discarded by pieces, never held whole."""

    def __init__(self, git: _Git, nul: bool):
        self.git, self.nul = git, nul  # nul: names are NUL-terminated (-z, git 2.38 and later)
        self.proc: subprocess.Popen[bytes] | None = None
        self.err: IO[bytes] | None = None

    def can_ask(self, name: str) -> bool:
        """A name this git reads back whole: any with ``-z``; else none with a line break in it
        (or a carriage return at its end, which git's line reading drops)."""
        return self.nul or ("\n" not in name and not name.endswith("\r"))

    def _start(self) -> subprocess.Popen[bytes]:
        if self.err is not None:  # the previous process's, stopped out of step (close): not leaked
            self.err.close()
        self.err = tempfile.TemporaryFile()
        args = ["cat-file", "--batch", "--follow-symlinks", *(["-z"] if self.nul else [])]
        try:
            self.proc = subprocess.Popen(
                self.git.argv(args), cwd=self.git.top, env=self.git.env, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=self.err,
            )  # fmt: skip
        except (OSError, ValueError) as exc:
            raise GitStateError("failed", dir=str(self.git.top), detail=_system(exc)) from None
        return self.proc

    def ask(self, name: str, max_bytes: int) -> _Object:
        """What git has under ``name`` (an object id, or ``COMMIT:PATH``)."""
        return list(self.ask_many([name], max_bytes))[0]

    def ask_many(self, names: Sequence[str], max_bytes: int) -> Generator[_Object, None, None]:
        """What git has under each name, in order. The requests are written by a thread while
        the replies are read here: no round trip per object (0.7 ms each on a busy machine),
        and neither side waits on a full pipe. Stopping early ends the process."""
        if not names:
            return
        proc = self.proc or self._start()
        assert proc.stdin is not None and proc.stdout is not None
        end = b"\0" if self.nul else b"\n"
        wanted = [os.fsencode(name) for name in names]
        writer = threading.Thread(target=_write, args=(proc.stdin, b"".join(w + end for w in wanted)), daemon=True)
        if len(wanted) > 1:
            writer.start()
        else:
            _write(proc.stdin, b"".join(w + end for w in wanted))
        complete = False
        try:
            for index, name in enumerate(wanted):
                reply = self._reply(proc.stdout, name, max_bytes)
                complete = index == len(wanted) - 1  # every reply read: in step, whatever the caller does
                yield reply
        except (OSError, ValueError):  # git has stopped: a broken pipe, a closed stream
            raise self._died() from None
        finally:
            if not complete:
                self.close()  # replies left unread: this process is out of step, a new one next time
            if writer.is_alive():
                writer.join()

    def _reply(self, out: IO[bytes], wanted: bytes, max_bytes: int) -> _Object:
        line = out.readline(_HEADER)
        found = _OBJECT.fullmatch(line)
        if found:
            oid, kind, size = found.group(1).decode(), found.group(2).decode(), int(found.group(3))
            keep = kind == "blob" and size <= max_bytes
            data = self._body(out, size, keep)
            return _Object(kind, oid, size, data)
        special = _SPECIAL.fullmatch(line)
        if special:
            size = int(special.group(2))
            return _Object(special.group(1).decode(), "", size, self._body(out, size, size <= _HEADER))
        for reply in (wanted + b" missing\n", wanted + b" ambiguous\n"):  # the name echoed back
            if line and reply.startswith(line):
                rest = len(reply) - len(line)
                if out.read(rest) == reply[len(line) :]:
                    return _Object("missing")
        raise self._died()

    def _body(self, out: IO[bytes], size: int, keep: bool) -> bytes | None:
        if keep:
            data = out.read(size)
            if len(data) != size or out.read(1) != b"\n":
                raise self._died()
            return data
        left = size + 1
        while left:
            piece = out.read(min(left, _CHUNK))
            if not piece:
                raise self._died()
            left -= len(piece)
        return None

    def _died(self) -> GitStateError:
        detail = ""
        if self.proc is not None:
            self.close()
        if self.err is not None and not self.err.closed:
            detail = _last_line(self.err)
        return GitStateError("failed", dir=str(self.git.top), detail=detail or "git cat-file")

    def close(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            proc.kill()  # read-only: nothing to lose; also when Ctrl-C came mid-reply
            proc.wait()
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    try:
                        pipe.close()
                    except OSError:  # a write still buffered for a process now gone
                        pass

    def discard(self) -> None:
        self.close()
        if self.err is not None:
            self.err.close()


def _write(pipe: IO[bytes], requests: bytes) -> None:
    try:
        pipe.write(requests)
        pipe.flush()
    except (OSError, ValueError):  # the process is gone: its reader says so
        pass


def _git_version() -> tuple[int, int]:
    found = shutil.which("git")
    if found is None:
        raise Unavailable("no_git")
    try:
        shown = subprocess.run(["git", "version"], capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        raise Unavailable("no_git") from None
    numbers = re.search(rb"(\d+)\.(\d+)", shown.stdout)
    return (int(numbers.group(1)), int(numbers.group(2))) if numbers else (0, 0)


def _nearest(path: Path) -> tuple[Path, list[str]]:
    """The nearest existing directory at or above ``path``, and the parts below it."""
    here, rest = Path(os.path.abspath(path)), list[str]()
    while not here.is_dir() and here != here.parent:
        rest.insert(0, here.name)
        here = here.parent
    return here, rest


def top_of(directory: Path) -> Path:
    """The top of the git work tree holding ``directory`` (an existing directory). Raises
    :class:`Unavailable` (``no_git``, ``not_git``, ``refused``) when there is none to read."""
    if shutil.which("git") is None:
        raise Unavailable("no_git")
    git = _Git(directory)
    code, output, error = git.status(["rev-parse", "--show-toplevel"], cwd=directory)
    if code != 0 or not output.strip():
        if not error or "not a git repository" in error or "work tree" in error:
            raise Unavailable("not_git", dir=str(directory))
        raise Unavailable("refused", dir=str(directory), detail=error)  # e.g. "dubious ownership"
    return Path(os.path.realpath(os.fsdecode(output[:-1] if output.endswith(b"\n") else output)))


def _matches(spec: _Spec, path: str) -> tuple[str, ...] | None:
    """The parts of ``path`` below ``spec`` when ``check`` would collect it there, else None."""
    if path == spec.rel:
        return ()  # a file named on the command line: whatever its extension
    if spec.rel and not path.startswith(spec.rel + "/"):
        return None
    rest = tuple(path[len(spec.rel) + 1 :].split("/")) if spec.rel else tuple(path.split("/"))
    if not rest[-1].endswith(SUFFIXES) or any(part.startswith(".") for part in rest[:-1]):
        return None
    return rest


def _commit(fields: list[bytes]) -> Commit:
    oid, committed, authored, author, subject = (f.decode("utf-8", "replace") for f in fields)
    return Commit(oid, dt.datetime.fromisoformat(committed), dt.datetime.fromisoformat(authored), author, subject[:200])


def _target(link: str, text: bytes | None) -> str:
    """Where a link inside the repository points, relative to the top (itself when it leaves it)."""
    if text is None:
        return link
    target = os.fsdecode(text)
    joined = os.path.normpath(os.path.join(os.path.dirname(link), target))
    if os.path.isabs(target) or joined == ".." or joined.startswith("../"):
        return link
    return joined


class GitState:
    """The git history of the declarations under some paths of one work tree (see the module)."""

    def __init__(self, git: _Git, specs: list[_Spec], nul: bool, max_bytes: int):
        self.git, self.specs, self.max_bytes = git, specs, max_bytes
        self.top = git.top
        self._cat = _CatFile(git, nul)
        self._refs: dict[str, str] = {}
        self._listings: dict[str, tuple[list[_Found], set[str]]] = {}
        self._ids: dict[str, str | None] = {}
        self._places: dict[str, tuple[int, tuple[str, ...], str] | None] = {}
        self._records: dict[bytes, _Found] = {}  # ls-tree record -> what it gives
        self._placed: dict[dt.date, Commit | None] = {}

    @classmethod
    def open(cls, paths: Iterable[str | os.PathLike[str]], max_bytes: int = DEFAULT_MAX_BYTES) -> GitState:
        """The history of ``paths`` (as typed: they name the entries as ``check`` would).
        Raises :class:`Unavailable` outside a work tree, without git or before the first commit;
        :class:`GitStateError` for paths in two work trees or a failing repository."""
        nul = _git_version() >= (2, 38)
        specs: list[_Spec] = []
        tops: dict[Path, Path] = {}
        for argument in [os.fspath(p) for p in paths] or ["."]:
            directory, rest = _nearest(Path(argument))
            top = tops[directory] = tops.get(directory) or top_of(directory)
            if top != next(iter(tops.values())):
                raise GitStateError("two_trees", a=specs[0].argument, b=argument)
            try:
                relative = Path(os.path.realpath(directory)).relative_to(top).parts
            except ValueError:
                raise GitStateError("outside", path=argument, top=str(top)) from None
            specs.append(_Spec(argument, "/".join([*relative, *rest])))
        state = cls(_Git(next(iter(tops.values()))), specs, nul, max_bytes)
        state.resolve("HEAD", no_commit=True)
        return state

    def __enter__(self) -> GitState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the cat-file process (also done on leaving the ``with`` block)."""
        self._cat.discard()

    def resolve(self, ref: str, no_commit: bool = False) -> str:
        """The commit id ``ref`` names, checked with ``rev-parse --verify --quiet
        --end-of-options REF^{commit}`` (anything else, ``--output=x`` included, is just a name
        that does not exist). GitStateError ``bad_ref``; Unavailable ``no_commit`` for HEAD
        before the first commit when ``no_commit``."""
        if ref in self._refs:
            return self._refs[ref]
        args = ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"]
        code, output, error = self.git.status(args) if "\0" not in ref else (1, b"", "")
        oid = output.decode("ascii", "replace").strip()
        if code != 0 or not _COMMIT_ID.fullmatch(oid):
            if no_commit and ref == "HEAD":  # quiet when HEAD has no commit yet; else git's reason
                if not error:
                    raise Unavailable("no_commit")
                raise GitStateError("failed", dir=str(self.top), detail=error)
            raise GitStateError("bad_ref", ref=ref)
        self._refs[ref] = oid
        return oid

    # -- dates to commits ------------------------------------------------------------------

    def place(self, dates: Iterable[dt.date]) -> dict[dt.date, Commit | None]:
        """For each date, the commit HEAD stood at by its end (see the module): one walk of
        HEAD's first-parent history, newest first, stopped once every date is placed."""
        wanted = sorted(set(dates))
        if len(wanted) > MAX_DATES:
            raise GitStateError("too_many_dates", count=len(wanted), limit=MAX_DATES)
        pending = [day for day in wanted if day not in self._placed]
        if pending:
            self._placed.update(self._walk(pending))
        return {day: self._placed[day] for day in wanted}

    def _walk(self, pending: list[dt.date]) -> dict[dt.date, Commit | None]:
        placed: dict[dt.date, Commit | None] = dict.fromkeys(pending)
        head = self.resolve("HEAD")
        args = ["rev-list", "--first-parent", f"--max-count={MAX_COMMITS + 1}", _FORMAT, head, "--"]
        walked = 0
        with self.git.stream(args) as stream:
            for line in stream.lines():
                fields = line.split(b"\0")
                if len(fields) != 5:
                    continue  # rev-list's "commit <id>" line before each
                walked += 1
                commit = _commit(fields)
                cut = bisect.bisect_left(pending, commit.day)
                placed.update(dict.fromkeys(pending[cut:], commit))
                del pending[cut:]
                if not pending:
                    break
        if pending and walked > MAX_COMMITS:
            raise GitStateError("too_many_commits", limit=MAX_COMMITS, date=pending[-1].isoformat())
        return placed

    def snapshots(self, dates: Iterable[dt.date]) -> list[Snapshot]:
        """The declaration files as HEAD had them on each date, oldest date first; a date
        before the first commit has none. Consecutive dates on one commit share its listing."""
        return [
            Snapshot(day, commit, self.entries(commit.oid) if commit is not None else [])
            for day, commit in self.place(dates).items()
        ]

    # -- what a commit holds -----------------------------------------------------------------

    def entries(self, commit: str) -> list[Entry]:
        """The declaration files under the paths at ``commit`` (a commit id), in ``check``'s order."""
        return _once(self._listing(commit)[0])

    def _pathspecs(self) -> list[str]:
        return [] if any(not s.rel for s in self.specs) else [s.rel for s in self.specs]

    def _listing(self, commit: str) -> tuple[list[_Found], set[str]]:
        """(each file collected, with its place in ``check``'s order; every path git lists
        under the specs, links to directories included)."""
        if commit in self._listings:
            return self._listings[commit]
        output = self.git.run(["ls-tree", "-r", "-z", "--full-tree", commit, "--", *self._pathspecs()])
        found: list[_Found] = []
        listed: set[str] = set()
        for record in output.split(b"\0"):
            known = self._records.get(record)  # the same file at the same version: made once
            if known is not None:
                listed.add(known[2].path)
                found.append(known)
                continue
            info, _, name = record.partition(b"\t")
            fields = info.split()
            if len(fields) != 3:
                continue
            mode, kind, oid = (f.decode("ascii", "replace") for f in fields)
            path = os.fsdecode(name)
            listed.add(path)
            placed = self._place_entry(path)
            if placed is None or kind != "blob":
                continue  # not collected, or a submodule
            index, rest, shown = placed
            entry: Entry | None = Entry(path, shown, oid, None, path)  # its size: when read (ls-tree -l costs)
            if mode == _LINK and entry is not None:
                entry = self._follow(commit, entry)  # its target may change while it does not
            elif entry is not None and len(self._records) < MAX_OUTPUT // 64:
                self._records[record] = (index, rest, entry)
            if entry is not None:
                found.append((index, rest, entry))
        self._listings[commit] = (found, listed)
        return found, listed

    def _place_entry(self, path: str) -> tuple[int, tuple[str, ...], str] | None:
        """(index of the first spec that collects ``path``, its parts below it, its shown name:
        ``str(Path(argument, *parts))``, as ``check`` names it); once per path."""
        if path in self._places:
            return self._places[path]
        placed = None
        for index, spec in enumerate(self.specs):
            rest = _matches(spec, path)
            if rest is not None:
                placed = index, rest, _join(spec.shown, rest) if rest else spec.argument
                break
        if len(self._places) < MAX_OUTPUT // 64:  # bounded like the listings it comes from
            self._places[path] = placed
        return placed

    def _follow(self, commit: str, link: Entry) -> Entry | None:
        """A committed symbolic link, followed to its target at ``commit`` (None: a directory)."""
        if link.blob is None or not self._cat.can_ask(link.path):
            return replace(link, blob=None, size=None, problem=_unreadable("name_unsafe"))
        text = self._cat.ask(link.blob, _HEADER).data
        link = replace(link, source=_target(link.path, text))
        found = self._cat.ask(f"{commit}:{link.path}", 0)  # its size and id; the bytes come later
        if found.kind == "blob":
            return replace(link, blob=found.oid, size=found.size)
        if found.kind == "tree":
            return None  # a link to a directory: ``check`` does not follow it either
        return replace(link, blob=None, size=None, problem=self._link_problem(found, link.blob or ""))

    def _link_problem(self, found: _Object, oid: str = "") -> Problem:
        """Why git gave no blob: a link that leads nowhere readable, or an object it cannot read."""
        if found.kind == "symlink":
            return _unreadable("link_outside", target=os.fsdecode(found.data or b""))
        if found.kind in ("loop", "dangling", "notdir"):
            return _unreadable("link_loop" if found.kind == "loop" else "link_dangling")
        return _unreadable("object_missing", oid=oid or "?")

    # -- the work tree -----------------------------------------------------------------------

    def uncommitted(self) -> Uncommitted:
        """The declaration files under the paths that differ from HEAD in the work tree or the
        index (``git status``, ignored files included, renames seen as a deletion and an addition)."""
        return self._classify(self._touched([]))

    def _touched(self, extra: list[str]) -> set[str]:
        """Every path ``git status`` reports under the paths (and ``extra``: links' targets)."""
        specs = self._pathspecs()
        specs = [*specs, *extra] if specs else []
        args = ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=matching", "--no-renames"]
        output = self.git.run([*args, "--ignore-submodules=all", "--", *specs])
        return {os.fsdecode(record[3:]) for record in output.split(b"\0") if len(record) > 3}

    def _classify(self, touched: set[str]) -> Uncommitted:
        _, listed = self._listing(self.resolve("HEAD"))
        changed = Uncommitted()
        for path in sorted(touched):
            if self._place_entry(path) is None:
                continue
            on_disk, at_head = os.path.lexists(self.top / path), path in listed
            if on_disk and at_head:
                changed.modified.append(path)
            elif on_disk:
                changed.added.append(path)
            elif at_head:
                changed.deleted.append(path)
        return changed

    def worktree(self, day: dt.date) -> Snapshot:
        """Today's point: HEAD's files with the uncommitted changes, each changed or new file
        read from the work tree (:attr:`Entry.disk`), each deleted one gone; a link whose
        target changed is read from the work tree too."""
        head = self.resolve("HEAD")
        collected, _ = self._listing(head)
        touched = self._touched(sorted({e.source for _, _, e in collected if e.source != e.path}))
        changed = self._classify(touched)
        found: list[_Found] = []
        for index, rest, entry in collected:
            if entry.path in changed.deleted:
                continue
            if entry.path in touched or entry.source in touched:
                entry = replace(entry, blob=None, size=None, disk=self.top / entry.path, problem=None)
            found.append((index, rest, entry))
        for path in changed.added:
            placed = self._place_entry(path)
            if placed is not None and not os.path.isdir(self.top / path):  # a link to a directory: skipped
                index, rest, shown = placed
                entry = Entry(path, shown, None, None, self._real(path), disk=self.top / path)
                found.append((index, rest, entry))
        fields = self.git.run(["log", "-1", _FORMAT, head, "--"]).rstrip(b"\n").split(b"\0")
        return Snapshot(day, _commit(fields), _once(found), worktree=True)

    def _real(self, path: str) -> str:
        """Where a work-tree file really is, relative to the top (``check`` counts a file once
        by its real path); ``path`` itself when that is outside."""
        real = os.path.relpath(os.path.realpath(self.top / path), self.top)
        return path if real == ".." or real.startswith(".." + os.sep) else Path(real).as_posix()

    # -- bytes -------------------------------------------------------------------------------

    def read(self, entry: Entry) -> bytes | Problem:
        """The bytes of ``entry`` (from git, or from disk for a work-tree entry), or the problem
        that says why not: at most ``max_bytes``, as the loader reads a file."""
        if entry.problem is not None:
            return entry.problem
        if entry.disk is not None:
            return read_bytes(entry.disk, self.max_bytes)
        if entry.size is not None and entry.size > self.max_bytes:
            return _too_large(entry.size, self.max_bytes)
        assert entry.blob is not None
        return self._bytes(self._cat.ask(entry.blob, self.max_bytes), entry.blob)

    def read_all(self, entries: Iterable[Entry]) -> Iterator[tuple[Entry, bytes | Problem]]:
        """(entry, :meth:`read` of it) for each entry, in order, the blobs asked of git all at
        once: the way to read many."""
        entries = list(entries)
        asked = [e for e in entries if e.problem is None and e.disk is None and e.blob is not None]
        replies = self._cat.ask_many([e.blob for e in asked if e.blob is not None], self.max_bytes)
        for entry in entries:
            if entry.problem is None and entry.disk is None and entry.blob is not None:
                yield entry, self._bytes(next(replies), entry.blob)
            else:
                yield entry, self.read(entry)
        replies.close()

    def _bytes(self, found: _Object, oid: str = "") -> bytes | Problem:
        if found.data is not None and found.kind == "blob":
            return found.data
        if found.kind == "blob":
            return _too_large(found.size, self.max_bytes)
        return self._link_problem(found, oid)

    def load(self, entry: Entry) -> tuple[Document, list[Problem]]:
        """``entry`` read, decoded and parsed with the loader's guards (as ``load_file`` does)."""
        return _parse(self.read(entry))

    def load_all(self, entries: Iterable[Entry]) -> Iterator[tuple[Entry, Document, list[Problem]]]:
        """:meth:`load` of each entry, the blobs read as :meth:`read_all` reads them. Each
        blob's startup id is noted on the way: :meth:`series` then parses none of them again."""
        for entry, raw in self.read_all(entries):
            doc, problems = _parse(raw)
            if entry.disk is None and entry.blob is not None:
                self._ids[entry.blob] = _startup_id(doc)
            yield entry, doc, problems

    def bytes_at(self, ref: str, path: str | os.PathLike[str]) -> bytes | Problem | None:
        """The bytes of the file ``path`` (a path on disk, inside the work tree) at ``ref``, a
        committed link followed to its target there; None when no file was there."""
        commit = self.resolve(ref)
        relative = self.relative(path)
        if not self._cat.can_ask(relative):
            return _unreadable("name_unsafe")
        found = self._cat.ask(f"{commit}:{relative}", self.max_bytes)
        if found.kind in ("missing", "tree", "notdir", "commit"):
            return None
        return self._bytes(found)

    def commit_of(self, ref: str) -> Commit:
        """The commit ``ref`` names: its date, author and subject."""
        fields = self.git.run(["log", "-1", _FORMAT, self.resolve(ref), "--"]).rstrip(b"\n").split(b"\0")
        return _commit(fields)

    def files_in(self, ref: str, directory: str | os.PathLike[str]) -> list[Entry]:
        """The files directly in ``directory`` (a path on disk inside the work tree, existing or
        not) at ``ref``, in name order: each a blob, a committed link followed to its target
        there (a link to a directory left out); none when there was no such directory."""
        commit = self.resolve(ref)
        relative = self.relative(directory)
        output = self.git.run(["ls-tree", "-z", "--full-tree", commit, "--", f"{relative}/" if relative else "."])
        found = []
        for record in output.split(b"\0"):
            info, _, name = record.partition(b"\t")
            fields = info.split()
            if len(fields) != 3 or fields[1] != b"blob":
                continue
            path = os.fsdecode(name)
            entry: Entry | None = Entry(path, path, fields[2].decode("ascii", "replace"), None, path)
            if fields[0] == _LINK.encode() and entry is not None:
                entry = self._follow(commit, entry)
            if entry is not None:
                found.append(entry)
        return found

    def last_days(self, ref: str, paths: Iterable[str | os.PathLike[str]]) -> dict[str, dt.date]:
        """For each file under ``paths`` (on disk, inside the work tree) that ``ref``'s history
        touched: its path relative to the top -> the committer's day of the newest commit that
        touched it (``git log --name-only --no-renames``: a rename touches both names; merges
        name no file)."""
        commit = self.resolve(ref)
        specs = [self.relative(p) or "." for p in paths]
        args = ["log", "--format=%x01%cs", "--name-only", "--no-renames", "-z", commit, "--", *specs]
        output = self.git.run(args)
        days: dict[str, dt.date] = {}
        current: dt.date | None = None
        for found in output.split(b"\0"):
            if found.startswith(b"\x01"):
                try:
                    current = dt.date.fromisoformat(found[1:].decode("ascii", "replace"))
                except ValueError:
                    current = None
            elif found and current is not None:
                days.setdefault(os.fsdecode(found.lstrip(b"\n")), current)  # newest first: the first day seen
        return days

    def moved_since(self, ref: str) -> tuple[dict[str, str], dict[str, str]]:
        """How the tracked files moved between ``ref`` and the work tree (``git diff -M REF``,
        ``git mv`` included): (path now -> its path at REF, for each file git pairs as renamed or
        copied; blob id -> a path at REF whose file is gone now). Paths relative to the top."""
        args = ["diff", "--raw", "-z", "-M", "--no-abbrev", "--no-ext-diff", "--no-textconv", self.resolve(ref), "--"]
        fields = iter(self.git.run(args).split(b"\0"))
        renamed: dict[str, str] = {}
        deleted: dict[str, str] = {}
        for header in fields:
            meta = header.decode("ascii", "replace").split()
            if not header.startswith(b":") or len(meta) != 5:
                continue
            before = os.fsdecode(next(fields, b""))
            if meta[4].startswith(("R", "C")):
                renamed.setdefault(os.fsdecode(next(fields, b"")), before)
            elif meta[4] == "D":
                deleted.setdefault(meta[2], before)
        return renamed, deleted

    def blob_id(self, path: str | os.PathLike[str]) -> str | None:
        """The id git would give the work-tree file ``path`` (``git hash-object``); None when
        it cannot be read."""
        code, output, _ = self.git.status(["hash-object", "--", self.relative(path)])
        found = output.decode("ascii", "replace").strip()
        return found if code == 0 and _COMMIT_ID.fullmatch(found) else None

    def relative(self, path: str | os.PathLike[str]) -> str:
        """``path`` (on disk, existing or not) relative to the top, "/"-separated."""
        directory, rest = _nearest(Path(path))
        try:
            parts = Path(os.path.realpath(directory)).relative_to(self.top).parts
        except ValueError:
            raise GitStateError("outside", path=os.fspath(path), top=str(self.top)) from None
        return "/".join([*parts, *rest])

    # -- identity and changes ----------------------------------------------------------------

    def startup_id(self, entry: Entry) -> str | None:
        """The entry's ``startup.id`` as the evaluator reads it (the guessed one for a file
        YAML cannot read); None when it has none. Each blob is read once for this."""
        key = entry.blob if entry.disk is None else None
        if key is not None and key in self._ids:
            return self._ids[key]
        found = _startup_id(self.load(entry)[0])
        if key is not None:
            self._ids[key] = found
        return found

    def series(self, snapshots: Sequence[Snapshot]) -> list[Series]:
        """One :class:`Series` per declaration over ``snapshots`` (see the module for the rule),
        in the order each first appears. Each blob is read and parsed once for its id."""
        unknown = {e.blob: e for s in snapshots for e in s.entries if e.disk is None and e.blob not in self._ids}
        for _ in self.load_all(unknown.values()):
            pass  # each id noted
        return _Identity(self, snapshots).run()

    def renames(self, old: str, new: str) -> dict[str, str]:
        """new path -> old path of each file git sees renamed between two commits (``-M``)."""
        specs = self._pathspecs()
        args = ["diff-tree", "-r", "-z", "-M", "--diff-filter=R", "--no-commit-id", old, new, "--", *specs]
        fields = self.git.run(args).split(b"\0")
        found = {}
        for index in range(0, len(fields) - 2, 3):
            if fields[index].startswith(b":"):
                found[os.fsdecode(fields[index + 2])] = os.fsdecode(fields[index + 1])
        return found

    def changes(self, paths: Iterable[str] | None, since: dt.date, until: dt.date) -> list[Change]:
        """The commits that changed any of ``paths`` (relative to the top; None: anything under
        the paths the state was opened on, one git command for a whole portfolio, then
        :meth:`Series.among`) between HEAD's state on ``since`` and on ``until``:
        ``git log SINCE..UNTIL``, oldest first, renames seen, the newest :data:`MAX_CHANGES`
        commits at most."""
        wanted = sorted(set(paths)) if paths is not None else self._pathspecs()
        placed = self.place([since, until])
        start, end = placed[since], placed[until]
        if (paths is not None and not wanted) or end is None or (start is not None and start.oid == end.oid):
            return []
        limit = [f"^{start.oid}"] if start is not None else []
        args = ["log", "--raw", "-z", "-M", "--no-abbrev", f"--max-count={MAX_CHANGES}", _FORMAT, end.oid, *limit]
        return _parse_log(self.git.run([*args, "--", *wanted]))

    def keys_changed_by(self, change: Change) -> list[str] | None:
        """The dotted keys whose values ``change`` altered (:func:`changed_keys` of its two
        versions; a file added or deleted: its top-level keys); None when a version cannot be
        read as a mapping (too large, broken YAML...)."""
        sides: list[dict[Any, Any]] = []
        for oid, path in ((change.before, change.path_before), (change.after, change.path_after)):
            if oid is None:
                sides.append({})
                continue
            doc, _ = self.load(Entry(path or "", path or "", oid, None, path or ""))
            if not isinstance(doc.data, dict):
                return None
            sides.append(doc.data)
        return changed_keys(*sides)


def _parse(raw: bytes | Problem) -> tuple[Document, list[Problem]]:
    if isinstance(raw, Problem):
        return Document(), [raw]
    text, problems = decode(raw)
    if text is None:
        return Document(), problems
    return load_text(text)


def _startup_id(doc: Document) -> str | None:
    """The startup id as the evaluator reads it: the data's, else the one a broken file's lines give."""
    found = doc.declared_id()
    return found.strip() if isinstance(found, str) and found.strip() else None


def _once(found: list[_Found]) -> list[Entry]:
    """The entries in ``check``'s order, each file once: a link and its target count once."""
    entries, seen = [], set()
    for _, _, entry in sorted(found, key=lambda item: (item[0], item[1])):
        if entry.source not in seen and entry.path not in seen:
            seen.add(entry.source)
            entries.append(entry)
    return entries


def _parse_log(output: bytes) -> list[Change]:
    """``git log --raw -z`` with :data:`_FORMAT`: five header fields per commit, then per file
    ``:mode mode old new STATUS`` and one path (two for a rename)."""
    fields = [f.lstrip(b"\n") for f in output.split(b"\0")]
    changes: list[Change] = []
    commit: Commit | None = None
    index = 0
    while index < len(fields):
        if not fields[index].startswith(b":"):
            if index + 5 > len(fields) or not fields[index]:
                break
            commit, index = _commit(fields[index : index + 5]), index + 5
            continue
        meta = fields[index].decode("ascii", "replace").split()
        status = meta[4][:1] if len(meta) == 5 else "?"
        count = 2 if status in ("R", "C") else 1
        names = [os.fsdecode(f) for f in fields[index + 1 : index + 1 + count]]
        index += 1 + count
        if commit is None or len(meta) != 5:
            continue
        before, after = (None if set(oid) == {"0"} else oid for oid in meta[2:4])
        path_before = names[0] if status != "A" else None
        path_after = names[-1] if status != "D" else None
        changes.append(Change(commit, status, path_before, path_after, before, after))
    changes.reverse()
    return changes


class _Identity:
    """The rule of :meth:`GitState.series`, one snapshot after the other."""

    def __init__(self, state: GitState, snapshots: Sequence[Snapshot]):
        self.state, self.snapshots = state, snapshots
        self.all: list[Series] = []
        self.by_key: dict[str, Series] = {}

    def run(self) -> list[Series]:
        previous: dict[str, Series] = {}
        for index, snapshot in enumerate(self.snapshots):
            previous = self._one(index, snapshot, previous)
        places = [{id(e): n for n, e in enumerate(s.entries)} for s in self.snapshots]

        def first(series: Series) -> tuple[int, int]:
            index = next(i for i, e in enumerate(series.entries) if e is not None)
            return index, places[index][id(series.entries[index])]

        return sorted(self.all, key=first)

    def _series(self, key: str, startup_id: str | None) -> Series:
        found = self.by_key.get(key)
        if found is None:
            found = self.by_key[key] = Series(key, startup_id, [None] * len(self.snapshots))
            self.all.append(found)
        return found

    def _one(self, index: int, snapshot: Snapshot, previous: dict[str, Series]) -> dict[str, Series]:
        """Each entry of ``snapshot`` given its series; returns path -> series for the next one."""
        ids = {entry.path: self.state.startup_id(entry) for entry in snapshot.entries}
        counts: dict[str, int] = {}
        for sid in ids.values():
            if sid is not None:
                counts[sid] = counts.get(sid, 0) + 1
        now: dict[str, Series] = {}
        later: list[Entry] = []
        for entry in snapshot.entries:
            sid = ids[entry.path]
            if sid is not None and counts[sid] == 1:
                now[entry.path] = self._take(self._by_id(sid, entry.path, previous, index), sid, index, entry)
            else:
                later.append(entry)
        unmatched = []
        for entry in later:  # no id of its own: the same path the date before
            kept = previous.get(entry.path)
            if kept is not None and kept.entries[index] is None:
                now[entry.path] = self._take(kept, ids[entry.path], index, entry)
            else:
                unmatched.append(entry)
        renamed = self._renames(index, snapshot) if unmatched else {}
        for entry in unmatched:  # ... else the path git says it was renamed from
            kept = previous.get(renamed.get(entry.path, ""))
            if kept is None or kept.entries[index] is not None:
                kept = self._series(f"path:{entry.path}", None)
                if kept.entries[index] is not None:  # its old series went on under another name
                    kept = self._series(f"path:{entry.path}@{snapshot.day.isoformat()}", None)
            now[entry.path] = self._take(kept, ids[entry.path], index, entry)
        return now

    def _by_id(self, sid: str, path: str, previous: dict[str, Series], index: int) -> Series:
        """The series of ``sid``; a file that had no id the date before keeps its own."""
        if f"id:{sid}" in self.by_key:
            return self.by_key[f"id:{sid}"]
        kept = previous.get(path)
        if kept is not None and kept.startup_id is None and kept.entries[index] is None:
            self.by_key[f"id:{sid}"] = kept
            return kept
        return self._series(f"id:{sid}", sid)

    def _take(self, series: Series, sid: str | None, index: int, entry: Entry) -> Series:
        series.entries[index] = entry
        if sid is not None:
            series.startup_id = sid
        return series

    def _renames(self, index: int, snapshot: Snapshot) -> dict[str, str]:
        before = self.snapshots[index - 1].commit if index else None
        if before is None or snapshot.commit is None or before.oid == snapshot.commit.oid:
            return {}
        return self.state.renames(before.oid, snapshot.commit.oid)


def changed_keys(old: Any, new: Any) -> list[str]:
    """The dotted paths (``committees[2].date``, ``team.sponsor.name``) whose values differ
    between two parsed declarations (plain data): a key or item added, removed or changed, a
    value of another type (``true`` against ``1``) too. In ``new``'s order, then the keys only
    ``old`` has, in its order; a list is compared item by item. The whole document's path is
    ``""``. Iterative: any depth."""
    found: list[str] = []
    todo: list[tuple[tuple[Any, ...], Any, Any]] = [((), old, new)]
    missing = object()
    while todo:
        path, a, b = todo.pop()
        if isinstance(a, dict) and isinstance(b, dict):
            keys = list(b) + [k for k in a if k not in b]
            todo.extend(reversed([((*path, k), a.get(k, missing), b.get(k, missing)) for k in keys]))
        elif isinstance(a, list) and isinstance(b, list):
            pairs = [
                ((*path, i), a[i] if i < len(a) else missing, b[i] if i < len(b) else missing)
                for i in range(max(len(a), len(b)))
            ]
            todo.extend(reversed(pairs))
        elif type(a) is not type(b) or not (a == b or (a != a and b != b)):  # NaN is NaN
            found.append(path_str(tuple(str(p) if not isinstance(p, int) else p for p in path)))
    return found
