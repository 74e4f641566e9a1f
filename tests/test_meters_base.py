"""greenlab.meters.base: the Meter protocol, and the fake meter that makes tests exact."""
import pytest

from greenlab.meters import EstimateMeter
from greenlab.meters.base import ESTIMATED, FakeMeter, Meter


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_fake_meter_is_power_times_elapsed_fake_time():
    clock = Clock()
    meter = FakeMeter(power_w=4.0, clock=clock)
    start = meter.read()
    clock.now += 2.5
    assert meter.energy_j(start, meter.read()) == 10.0
    assert meter.energy_j(meter.read(), start) == 0.0  # never negative
    assert meter.kind == ESTIMATED and meter.describe() == {"power_w": 4.0}


def test_a_closed_fake_meter_refuses_to_read():
    meter = FakeMeter()
    meter.close()
    with pytest.raises(RuntimeError, match="closed"):
        meter.read()


def test_meters_satisfy_the_protocol_and_other_objects_do_not():
    assert isinstance(FakeMeter(), Meter)
    estimate = EstimateMeter(watts_per_core=10.0, rss_bytes=lambda: 0)
    assert isinstance(estimate, Meter)
    estimate.close()
    assert not isinstance(object(), Meter)
