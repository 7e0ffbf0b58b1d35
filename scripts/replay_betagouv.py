"""Give a new portfolio repository its past: replay the last N months of beta.gouv.fr's content
repository into it, one import and one dated commit a month.

    python scripts/replay_betagouv.py CONTENT_DIR PORTFOLIO_REPO --months 24 [--to YYYY-MM-DD]

For each month's date (``--to``, default today, and the same day of each month before it, by the
French month rule), oldest first:

1. the commit the content repository's branch stood at by the end of that day (its first-parent
   history, committer dates: :meth:`checker.reading.gitstate.GitState.place`, as ``conformite history``
   places its dates);
2. ``conformite import betagouv CONTENT_DIR --out PORTFOLIO_REPO/declarations --at COMMIT
   --as-of DATE``: the pages as they stood at that commit, read from git (no checkout), merged
   into the declarations as every import merges (a fact the team changed is kept);
3. one commit of the portfolio repository, dated that day (author and committer: ``--author``),
   even when nothing changed, so that each month has its point.

A month before the content repository's first commit is skipped. The portfolio repository is
created when it does not exist. Then ``conformite history PORTFOLIO_REPO/declarations --from
DATE`` shows each startup's real path, and each sheet what moved since its last committee.
Run it once, on a new repository: later months come from the team's own commits (or from
``conformite import betagouv`` run again, committed)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.foundation.dates import add_months  # noqa: E402
from checker.importer.betagouv import NotContentDir, import_pages  # noqa: E402
from checker.reading.gitstate import GitState, GitStateError  # noqa: E402

MAX_MONTHS = 240
AUTHOR = re.compile(r"\s*([^<>]+?)\s*<([^<>]+)>\s*")


def months(end: dt.date, count: int) -> list[dt.date]:
    """``count`` monthly dates ending on ``end``, oldest first."""
    return [add_months(end, -n) for n in range(count - 1, -1, -1)]


def git(repo: Path, *args: str, author: tuple[str, str], when: dt.date | None = None) -> None:
    """A git command in the portfolio repository, without a shell; dated ``when`` (noon, UTC)."""
    name, email = author
    env = {**os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email}
    env.update(GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=email)
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{when.isoformat()}T12:00:00+00:00"
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, timeout=600)


def replay(content: Path, repo: Path, days: list[dt.date], author: tuple[str, str], out: str = "declarations",
           lang: str = "fr", say=print) -> int:  # fmt: skip
    """Each month imported and committed (see the module); the number of commits made."""
    with GitState.open([content]) as state:
        placed = state.place(days)
    repo.mkdir(parents=True, exist_ok=True)
    if not (repo / ".git").exists():
        git(repo, "init", "-q", author=author)
    made = 0
    for day in days:
        commit = placed[day]
        if commit is None:
            say(f"{day}: no commit of {content} yet, month skipped")
            continue
        outcome = import_pages(content, repo / out, day, lang=lang, at=commit.oid, stdout=sys.stderr)
        git(repo, "add", "-A", "--", out, author=author)
        message = f"beta.gouv.fr au {day.isoformat()} (content {commit.oid[:12]} du {commit.day.isoformat()})"
        git(repo, "commit", "-q", "--allow-empty", "--no-verify", "-m", message, author=author, when=day)
        made += 1
        say(
            f"{day}: {commit.oid[:12]}: {len(outcome.written)} written, {len(outcome.unchanged)} unchanged, "
            f"{len(outcome.problems) + len(outcome.skipped)} left out"
        )
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", metavar="CONTENT_DIR", help="the content/ folder of a beta.gouv.fr clone")
    parser.add_argument("repo", metavar="PORTFOLIO_REPO", help="the portfolio's git repository (created if missing)")
    parser.add_argument("--months", type=int, default=24, help="how many months, the last one included (24)")
    parser.add_argument("--to", type=dt.date.fromisoformat, default=None, help="the last month's date (today)")
    parser.add_argument("--out", default="declarations", help="the declarations' folder in the repository")
    parser.add_argument("--author", default="conformite <conformite@localhost>", help="'Name <email>' of the commits")
    parser.add_argument("--lang", choices=("fr", "en"), default="fr")
    options = parser.parse_args(argv)
    author = AUTHOR.fullmatch(options.author)
    if not 1 <= options.months <= MAX_MONTHS or author is None:
        parser.error(f"--months: 1 to {MAX_MONTHS}; --author: 'Name <email>'")
    days = months(options.to or dt.date.today(), options.months)
    try:
        replay(Path(options.content), Path(options.repo), days, (author[1], author[2]), options.out, options.lang)
    except (GitStateError, NotContentDir) as exc:
        print(f"replay_betagouv: {exc.message('en') if isinstance(exc, GitStateError) else exc}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        print(f"replay_betagouv: git {exc.cmd[1]} failed: {detail[-1] if detail else exc.returncode}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
