"""greenlab.timing: the first call alone, calibration with the second call kept, runs read outside the timing."""
import pytest

from greenlab import timing
from greenlab.meters.base import FakeMeter


def test_calibration_keeps_the_second_call_on_its_own(fake_clock):
    calls = []

    def one_ms():
        calls.append(1)
        fake_clock.advance(0.001)

    loops, runs, second = timing.calibrate(one_ms, FakeMeter(clock=fake_clock), 0.05)
    assert second.elapsed_s == pytest.approx(0.001)  # the calibration's first run: one call
    assert loops > 1 and runs[0].elapsed_s >= 0.05 and len(runs) == 1


def test_a_slow_function_is_one_call_per_run_and_its_second_call_is_that_run(fake_clock):
    def slow():
        fake_clock.advance(0.3)

    loops, runs, second = timing.calibrate(slow, FakeMeter(clock=fake_clock), 0.2)
    assert loops == 1 and runs == [second]


def test_the_meter_says_what_it_could_not_count():
    class Noting(FakeMeter):
        def uncounted(self, start, end):
            return ["a child was still running"]

    run = timing.timed_run(lambda: None, 3, Noting())
    assert run.uncounted == ("a child was still running",)
    assert timing.timed_run(lambda: None, 3, FakeMeter()).uncounted == ()


def test_caller_adds_no_wrapper_without_arguments():
    assert timing.caller(sum, (), {}) is sum
    assert timing.caller(lambda a, b=0: a + b, (2,), {"b": 3})() == 5
