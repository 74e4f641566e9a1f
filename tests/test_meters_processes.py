"""greenlab.meters.processes: child processes' CPU time, finished and live, each counted once."""
from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time

import pytest

from greenlab.meters import processes
from greenlab.meters.processes import ChildProcesses, ChildrenReading

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork and /proc: Linux")


def _burn(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_no_children_reads_nothing_live_and_scans_nothing(monkeypatch):
    reader = ChildProcesses()
    monkeypatch.setattr(reader, "_scan", lambda: pytest.fail("scanned with no children"))
    reading = reader()
    assert reading.live_cpu_s == 0.0 and reading.running == frozenset()


def test_a_finished_child_is_counted_once_it_is_waited_for():
    reader = ChildProcesses()
    start = reader()
    child = multiprocessing.get_context("fork").Process(target=_burn, args=(0.3,))
    child.start()
    child.join()
    end = reader()
    assert 0.25 <= end.cpu_s - start.cpu_s <= 0.6
    assert end.finished_cpu_s - start.finished_cpu_s >= 0.25  # through RUSAGE_CHILDREN


def _burn_until(stop, cap_s: float = 10.0) -> None:
    end = time.process_time() + cap_s
    while not stop.is_set() and time.process_time() < end:
        pass


def test_a_live_child_is_counted_while_it_runs_and_then_not_twice():
    reader = ChildProcesses()
    ctx = multiprocessing.get_context("fork")
    go = ctx.Event()
    child = ctx.Process(target=_burn_until, args=(go,))  # busy until told to stop, whatever the load
    child.start()
    try:
        time.sleep(0.05)
        start = reader()
        assert start.running and start.live_rss_bytes > 0
        deadline = time.time() + 10
        middle = reader()
        while middle.live_cpu_s - start.live_cpu_s < 0.2 and time.time() < deadline:
            time.sleep(0.05)
            middle = reader()
        assert middle.cpu_s - start.cpu_s >= 0.2  # seen while alive, through psutil
    finally:
        go.set()
        child.join()
    end = reader()
    # waited for: now in RUSAGE_CHILDREN with its whole time, no longer live: nothing counted twice
    assert end.live_cpu_s == 0.0
    assert end.cpu_s - middle.cpu_s < 0.2


def test_a_child_still_running_at_the_end_is_named():
    reader = ChildProcesses()
    start = reader()
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        end = reader()
        notes = reader.uncounted(start, end)
        assert len(notes) == 1 and str(child.pid) in notes[0] and "still running" in notes[0]
    finally:
        child.kill()
        child.wait()
    assert reader.uncounted(end, reader()) == []  # ended and waited for: nothing left uncounted


def test_platforms_without_getrusage_say_so(monkeypatch):
    monkeypatch.setattr(processes, "resource", None)
    reader = ChildProcesses()
    assert processes.finished_children_cpu_s() is None
    notes = reader.uncounted(ChildrenReading(0, 0, 0), ChildrenReading(0, 0, 0))
    assert notes and "not counted on this platform" in notes[0]


def test_reading_order_keeps_the_start_scan_out_of_the_interval():
    from greenlab.meters import EstimateMeter

    order = []
    meter = EstimateMeter(watts_per_core=10.0, cpu_clock=lambda: order.append("own") or 0.0,
                          rss_bytes=lambda: 0, children=lambda: order.append("children") or ChildrenReading(0, 0, 0))
    meter.read()
    assert order == ["children", "own"]  # the scan first, this process's clock last
