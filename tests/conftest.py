import atexit
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
AS_OF = dt.date(2025, 1, 15)  # the date every fixture under fixtures/ is written for
# the rule cache (checker.judging.rules.RuleCache) of a test run is its own, never the user's
os.environ["CONFORMITE_CACHE_DIR"] = tempfile.mkdtemp(prefix="conformite-test-cache-")
atexit.register(shutil.rmtree, os.environ["CONFORMITE_CACHE_DIR"], True)
# headless Chromium as every browser test starts it (one profile per test module)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "the browser tests need Chromium: apt-get install chromium (scripts/install-chromium does it)"
    return found


def dump_dom(page: Path, profile: Path, fragment: str = "") -> str:
    """The DOM of the local ``page`` once its script has run, as headless Chromium dumps it
    (``fragment``: what follows ``#`` in the address); ``profile``: the module's browser profile."""
    import subprocess

    proc = subprocess.run(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri() + fragment,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.fixture
def rules_copy(tmp_path):
    """A copy of the shipped rules/ to edit."""
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` of a file by ``new`` (``old`` must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def catalog():
    from checker.judging.rules import load_catalog

    return load_catalog(ROOT / "rules")


@pytest.fixture(scope="session")
def evaluator(catalog):
    from checker.judging.evaluate import Evaluator

    return Evaluator(catalog, AS_OF, "fr")


@pytest.fixture
def check_text(evaluator, tmp_path):
    """Evaluate YAML text as a declaration file; returns the DeclarationResult."""
    counter = iter(range(10**6))

    def run(text: str, name: str = "declaration.yaml", as_of: dt.date | None = None, **options):
        from checker.judging.evaluate import Evaluator

        path = tmp_path / f"{next(counter)}-{name}"
        path.write_text(text, encoding="utf-8")
        ev = evaluator
        if as_of or options:
            ev = Evaluator(evaluator.catalog, as_of or AS_OF, options.pop("lang", "fr"), **options)
        return ev.check_file(path, name)

    return run


def run_cli(*args, cwd=None):
    """Run ``python -m checker`` in a subprocess: (exit code, stdout, stderr)."""
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-m", "checker", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "NO_COLOR": "1",
            "LANG": "C.UTF-8",
            "CONFORMITE_CACHE_DIR": os.environ["CONFORMITE_CACHE_DIR"],
        },
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(autouse=True)
def _in_repository_root(monkeypatch):
    # reports give paths relative to the working directory: run every test from the root
    monkeypatch.chdir(ROOT)
