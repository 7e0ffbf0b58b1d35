import atexit
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
AS_OF = dt.date(2025, 1, 15)  # the date every fixture under fixtures/ is written for
# the rule cache (checker.judging.rules.RuleCache) of a test run is its own, never the user's
os.environ["CONFORMITE_CACHE_DIR"] = tempfile.mkdtemp(prefix="conformite-test-cache-")
atexit.register(shutil.rmtree, os.environ["CONFORMITE_CACHE_DIR"], True)

# Hypothesis budgets, here and nowhere else (docs/testing.md): no test writes max_examples.
# `dev` (a developer's run): few examples, random ones, failures kept in .hypothesis/ and tried
# first next time. `ci` (.ci/run, where CI=true): more examples, the same ones every run (a
# red CI is a bug, never luck), nothing kept. HYPOTHESIS_PROFILE=ci (or
# --hypothesis-profile=ci) runs CI's budget by hand. Neither has a deadline nor the too_slow
# health check: both time the machine, and the machine is shared (no timed assertions).
UNTIMED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("dev", max_examples=30, **UNTIMED)
settings.register_profile("ci", max_examples=100, derandomize=True, database=None, print_blob=True, **UNTIMED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))
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


_RUNNING: list[pytest.Item] = []  # the test being set up, run or torn down (fixtures included)


def pytest_runtest_setup(item):
    _RUNNING[:] = [item]


def chromium() -> str:
    """Chromium's path, for a test marked ``browser`` only (``-m "not browser"`` leaves out every
    test that starts it)."""
    assert _RUNNING and _RUNNING[0].get_closest_marker("browser"), "a test that starts Chromium is marked browser"
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
