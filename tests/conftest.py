"""Shared fixtures: no network for any test, fresh settings, and a fake clock for exact figures."""
from __future__ import annotations

import socket

import pytest


class NetworkBlocked(RuntimeError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Fail any test that tries to open a network connection (greenlab must work offline)."""

    def refuse(*args, **kwargs):
        raise NetworkBlocked(f"a test tried to open a network connection: {args!r:.120}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch):
    """Each test starts from default settings, whatever the environment says."""
    from greenlab import config

    for name in ("GREENLAB_COUNTRY", "GREENLAB_WATTS_PER_CORE", "GREENLAB_PUE", "GREENLAB_METER"):
        monkeypatch.delenv(name, raising=False)
    config.reset()
    yield
    monkeypatch.undo()  # a test's own environment variables go first: they may be wrong on purpose
    config.reset()


class FakeClock:
    """A clock that only moves when told: ``clock.advance(0.001)``."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake_clock(monkeypatch):
    """Replace ``time.perf_counter`` where greenlab times its runs (greenlab.timing) with a hand-driven clock."""
    from greenlab import timing

    clock = FakeClock()
    monkeypatch.setattr(timing.time, "perf_counter", clock)
    return clock


@pytest.fixture
def tree(tmp_path):
    """A fake powercap tree (tests/fake_powercap.py): two packages with core, uncore and dram, and psys."""
    from fake_powercap import make_tree

    return make_tree(tmp_path)


@pytest.fixture
def practice_exercises(monkeypatch):
    """The test-only exercises of tests/practice.py ("practice-pi", "practice-dedupe") in the catalog."""
    from greenlab.exercises import catalog
    from practice import PRACTICE

    for exercise in PRACTICE:
        monkeypatch.setitem(catalog._BY_ID, exercise.id, exercise)
    yield PRACTICE
