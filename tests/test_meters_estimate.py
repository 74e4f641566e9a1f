"""greenlab.meters.estimate: the power model's arithmetic, CPU time not waiting, resident memory."""
from __future__ import annotations

import time

import pytest

from greenlab import meters
from greenlab.meters import estimate as estimate_module
from greenlab.meters import EstimateMeter, Meter

GIB = 2**30


class Script:
    """A clock or RSS reader that returns the given values in turn."""

    def __init__(self, *values):
        self.values = list(values)

    def __call__(self):
        return self.values.pop(0)


def test_estimate_energy_is_exact():
    meter = EstimateMeter(
        watts_per_core=10.0,
        cpu_clock=Script(1.0, 3.5),  # 2.5 CPU seconds
        wall_clock=Script(100.0, 104.0),  # 4 wall seconds
        rss_bytes=Script(2 * GIB, 4 * GIB),  # mean 3 GiB
    )
    start, end = meter.read(), meter.read()
    assert meter.cpu_energy_j(start, end) == 25.0
    assert meter.memory_energy_j(start, end) == pytest.approx(4.0 * 3.0 * 0.3725, rel=1e-12)
    assert meter.energy_j(start, end) == pytest.approx(25.0 + 4.47, rel=1e-12)
    assert meter.kind == meters.ESTIMATED and meter.name == "estimate"
    assert isinstance(meter, Meter)


def test_estimate_never_negative():
    meter = EstimateMeter(watts_per_core=10.0, rss_bytes=lambda: 0)
    later, earlier = estimate_module.EstimateReading(5.0, 5.0, 0), estimate_module.EstimateReading(1.0, 1.0, 0)
    assert meter.energy_j(later, earlier) == 0.0


def test_estimate_uses_watts_from_settings_and_no_pue():
    plain = meters.open("estimate", watts_per_core=8.0)
    plain.close()
    start, end = estimate_module.EstimateReading(0.0, 0.0, 0), estimate_module.EstimateReading(2.0, 3.0, 0)
    assert plain.watts_per_core == 8.0
    assert plain.energy_j(start, end) == 16.0  # PUE is measure()'s job: no setting reaches the meter
    assert "configured" in plain.describe()["watts_per_core_source"]


def test_estimate_counts_cpu_time_not_waiting():
    meter = EstimateMeter(watts_per_core=10.0)
    start = meter.read()
    time.sleep(0.2)
    end = meter.read()
    meter.close()
    assert end.wall_s - start.wall_s >= 0.2
    assert meter.cpu_energy_j(start, end) < 0.05 * 10.0  # sleeping costs (almost) no CPU time


def test_estimate_reads_real_resident_memory():
    meter = EstimateMeter(watts_per_core=10.0)
    before = meter.read().rss_bytes
    block = bytearray(64 * 2**20)  # 64 MiB, zero-filled: touched, so resident
    after = meter.read().rss_bytes
    meter.close()
    assert before > 1 * 2**20
    assert after - before >= 48 * 2**20
    del block


def test_estimate_charges_resident_not_reserved_memory():
    import mmap

    meter = EstimateMeter(watts_per_core=10.0)
    before = meter.read().rss_bytes
    reserved = mmap.mmap(-1, 256 * 2**20)  # address space only: no page touched yet
    after = meter.read().rss_bytes
    reserved.close()
    meter.close()
    assert after - before < 16 * 2**20


def test_estimate_resolution_and_describe():
    meter = EstimateMeter(watts_per_core=12.0, reason="because tests say so", rss_bytes=lambda: 0)
    assert meter.resolution_j == time.get_clock_info("process_time").resolution * 12.0
    info = meter.describe()
    assert info["reason"] == meter.reason == "because tests say so"
    assert info["memory_w_per_gb"] == 0.3725 and "Green Algorithms" in info["memory_source"]
    assert "not applied" in info["pue"]


def test_estimate_rejects_nonsense_watts():
    with pytest.raises(ValueError, match="watts_per_core must be > 0"):
        EstimateMeter(watts_per_core=0)


def test_estimate_close_then_read_is_an_error():
    meter = EstimateMeter(watts_per_core=10.0)
    meter.close()
    with pytest.raises(RuntimeError, match="closed"):
        meter.read()




def test_children_add_their_cpu_time_and_memory_and_say_what_they_miss():
    from greenlab.meters.processes import ChildrenReading

    class Children:
        def __init__(self):
            self.readings = [ChildrenReading(1.0, 0.5, GIB, frozenset()), ChildrenReading(2.0, 1.0, GIB, frozenset({(7, 1.0)}))]

        def __call__(self):
            return self.readings.pop(0)

        def uncounted(self, start, end):
            return [f"{len(end.running - start.running)} still running"]

    meter = EstimateMeter(watts_per_core=10.0, cpu_clock=Script(0.0, 1.0), wall_clock=Script(0.0, 2.0),
                          rss_bytes=Script(0, 0), children=Children(), memory_w_per_gb=1.0)
    start, end = meter.read(), meter.read()
    assert meter.children_cpu_s(start, end) == 1.5  # (2.0 + 1.0) - (1.0 + 0.5)
    assert meter.cpu_energy_j(start, end) == (1.0 + 1.5) * 10.0  # its own second and the children's 1.5
    assert meter.memory_energy_j(start, end) == 2.0 * 1.0 * 1.0  # the children's 1 GiB, 2 s, 1 W/GB
    assert meter.uncounted(start, end) == ["1 still running"]
    assert "child processes" in meter.describe()["cpu_time"]
