"""Where the rules engine runs (checker.web.engine): a task that takes too long is stopped
(process mode: its worker killed and replaced) and answered 504; a request that finds no free
engine in time is answered 503; a worker that dies costs its task only; the lock never runs a
task whose client has already had its answer."""

from __future__ import annotations

import asyncio
import datetime as dt
import multiprocessing
import os
import signal
import threading

import pytest
from conftest import AS_OF, FIXTURES
from starlette.testclient import TestClient

from checker.web import engine, tasks
from checker.web.app import Settings, create_app

RELEASE = threading.Event()  # lock mode: what a hanging task waits for (set by the test)
STARTED = threading.Event()  # lock mode: set once a hanging task holds the engine
RAN: list = []


def quick(state, value):
    return value, len(state.catalog.obligations)


def hang(state, *args):
    """Never returns by itself: in a worker, until it is killed; in this process, until RELEASE."""
    if multiprocessing.parent_process() is None:  # this process (lock mode)
        STARTED.set()
        RELEASE.wait(60)
        return None
    signal.pause()


def die(state, *args):
    os._exit(3)


def record(state, value):
    RAN.append(value)
    return value


@pytest.fixture(scope="module")
def pool():
    runner = engine.ProcessRunner(workers=1)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(runner.start())
    yield runner, loop
    loop.run_until_complete(runner.stop())
    loop.close()


def test_a_worker_runs_tasks_with_its_own_catalogue(pool):
    runner, loop = pool
    assert loop.run_until_complete(runner.run(quick, "x", timeout=30)) == ("x", 22)


def test_a_task_that_takes_too_long_is_stopped_and_its_worker_replaced(pool):
    runner, loop = pool
    before = runner.pids()
    with pytest.raises(engine.TooLong):
        loop.run_until_complete(runner.run(hang, timeout=0.5))
    after = runner.pids()
    assert len(after) == 1 and after != before
    assert loop.run_until_complete(runner.run(quick, "y", timeout=30)) == ("y", 22)


def test_a_worker_that_dies_costs_its_task_only(pool):
    runner, loop = pool
    with pytest.raises(engine.Failed, match="exit status"):
        loop.run_until_complete(runner.run(die, timeout=30))
    assert loop.run_until_complete(runner.run(quick, "z", timeout=30)) == ("z", 22)


def test_no_free_worker_in_time_is_busy(pool):
    runner, loop = pool

    async def both():
        slow = asyncio.ensure_future(runner.run(hang, timeout=2))
        await asyncio.sleep(0)  # the slow task takes the only worker first
        with pytest.raises(engine.Busy):
            await runner.run(quick, "late", timeout=0.3)
        with pytest.raises(engine.TooLong):
            await slow

    loop.run_until_complete(both())


def test_the_lock_reports_a_long_task_and_never_runs_one_late():
    runner = engine.LockRunner()
    RELEASE.clear()
    STARTED.clear()
    RAN.clear()

    async def scenario():
        first = asyncio.ensure_future(runner.run(hang, timeout=0.5))
        assert await asyncio.to_thread(STARTED.wait, 30)  # the hanging task holds the lock
        with pytest.raises(engine.Busy):  # waited for the lock past its own limit
            await runner.run(record, "late", timeout=0.3)
        with pytest.raises(engine.TooLong):
            await first

    asyncio.run(scenario())
    RELEASE.set()  # the hanging task ends; the one refused above never runs
    assert asyncio.run(runner.run(record, "now", timeout=30)) == "now"
    assert RAN == ["now"]


def hanging_check(state, raw, shown, as_of, lang, max_bytes):
    return hang(state)


@pytest.mark.parametrize("mode", ["process", "lock"])
def test_the_api_answers_504_then_503_in_french(monkeypatch, mode):
    """The two engine statuses the OpenAPI document lists (test_web_api.py tests the others)."""
    monkeypatch.setattr(tasks, "check", hanging_check)
    RELEASE.clear()
    settings = Settings(directory=None, engine=mode, workers=1, timeout=0.5)
    body = (FIXTURES / "examples" / "jeveuxaider.yaml").read_bytes()
    with TestClient(create_app(settings)) as client:
        answer = client.post("/api/check", content=body)
        assert answer.status_code == 504 and answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["detail"] == "évaluation arrêtée : elle a dépassé le délai de 0.5 s"
        if mode == "lock":  # the engine is still held by the stopped check: the next one cannot start
            busy = client.post("/api/check", content=body, params={"lang": "en"})
            assert busy.status_code == 503 and "server busy" in busy.json()["detail"]
        RELEASE.set()
    assert "Traceback" not in answer.text


def test_a_process_mode_check_after_a_timeout_gives_the_report(monkeypatch):
    settings = Settings(directory=None, engine="process", workers=1, timeout=0.5)
    body = (FIXTURES / "examples" / "jeveuxaider.yaml").read_bytes()
    with TestClient(create_app(settings)) as client:
        monkeypatch.setattr(tasks, "check", hanging_check)
        assert client.post("/api/check", content=body).status_code == 504
        monkeypatch.undo()
        settings.timeout = 60.0  # a real check, in the worker that replaced the stopped one: never this late
        answer = client.post("/api/check", content=body, params={"as_of": AS_OF.isoformat()})
        assert answer.status_code == 200 and answer.json()["as_of"] == AS_OF.isoformat()


def test_one_engine_serves_every_evaluator_of_a_process(catalog):
    state = engine.State(catalog)
    first, second = state.evaluator(AS_OF, "fr"), state.evaluator(dt.date(2024, 1, 1), "en")
    assert first.engine is second.engine
    from checker.committee import history

    made = history.Evaluator
    with state.shared_engine():
        assert history.Evaluator(catalog, AS_OF, "fr").engine is first.engine
    assert history.Evaluator is made
