import math

import pytest

import greenlab as gl
from greenlab.meters.base import FakeMeter
from greenlab.units import J_PER_KWH


def ticking(clock, seconds, value=42):
    """A function that 'takes' ``seconds`` on the fake clock and returns ``value``."""
    calls = []

    def func():
        calls.append(1)
        clock.advance(seconds)
        return value

    func.calls = calls
    return func


def test_per_call_time_energy_and_co2_are_exact_with_a_fake_clock(fake_clock):
    func = ticking(fake_clock, 0.001)
    m = gl.measure(func, meter=FakeMeter(power_w=10.0, clock=fake_clock), repeat=5, min_time=0.2)
    assert m.time_s == pytest.approx(0.001)
    assert m.energy_j == pytest.approx(0.01)
    assert m.co2_g == pytest.approx(0.01 / J_PER_KWH * gl.carbon.intensity(None))
    assert m.power_w == pytest.approx(10.0)
    assert m.result == 42
    assert m.energy_kind == "estimated" and m.meter == "fake"


def test_calibration_doubles_then_jumps_to_a_run_of_min_time(fake_clock):
    func = ticking(fake_clock, 0.001)
    m = gl.measure(func, meter=FakeMeter(clock=fake_clock), repeat=3, min_time=0.2)
    # 1, 2, 4, 8, 16 ms are too short to predict; 32 ms (a tenth of 0.2 s or more) predicts
    # 0.2 s x 1.1 / 1 ms = about 220 calls, and a run of those lasts at least min_time
    assert 220 <= m.loops <= 221
    assert m.loops * 0.001 >= 0.2
    calibration_calls = (1 + 2 + 4 + 8 + 16 + 32) + m.loops
    assert len(func.calls) == 1 + calibration_calls + 2 * m.loops
    assert len(m.times_s) == 3


def test_calibration_of_a_slow_function_is_one_call_per_run(fake_clock):
    func = ticking(fake_clock, 0.5)
    m = gl.measure(func, meter=FakeMeter(clock=fake_clock), repeat=2, min_time=0.2)
    assert m.loops == 1 and len(func.calls) == 1 + 2


def test_fixed_loops_skip_calibration_and_warn_when_runs_are_short(fake_clock):
    func = ticking(fake_clock, 0.001)
    m = gl.measure(func, meter=FakeMeter(clock=fake_clock), repeat=2, loops=10, min_time=0.2)
    assert m.loops == 10 and len(func.calls) == 1 + 2 * 10
    assert any("less than half of min_time" in w for w in m.warnings)


def test_first_call_is_measured_alone(fake_clock):
    state = {"first": True}

    def jit_like():
        fake_clock.advance(0.5 if state["first"] else 0.001)
        state["first"] = False

    m = gl.measure(jit_like, meter=FakeMeter(power_w=2.0, clock=fake_clock), min_time=0.01)
    assert m.first_call_time_s == pytest.approx(0.5)
    assert m.first_call_energy_j == pytest.approx(1.0)
    assert m.first_call_overhead_j == pytest.approx(1.0 - 0.002)
    assert m.time_s == pytest.approx(0.001)


def test_median_not_mean_and_spread_warning(fake_clock):
    calls = {"n": 0}
    loops = {}

    def noisy():
        # the second timed run is slowed to 5 ms per call by a "busy machine"
        n = calls["n"]
        calls["n"] += 1
        slow = "start" in loops and loops["start"] <= n < loops["start"] + loops["loops"]
        fake_clock.advance(0.005 if slow else 0.001)

    # calibration: 1+2+4+8 calls (too short to predict at min_time=0.1), then 16 ms predicts
    # 0.1 x 1.1 / 0.001 = about 110 loops; first call + 15 + 16 + that run come first
    predicted = int(16 * 0.1 * 1.1 / 0.016) + 1
    loops.update(start=1 + 31 + predicted, loops=predicted)
    m = gl.measure(noisy, meter=FakeMeter(clock=fake_clock), repeat=5, min_time=0.1)
    assert m.loops == predicted
    assert sorted(m.times_s) == pytest.approx([0.001] * 4 + [0.005])
    assert m.time_s == pytest.approx(0.001)  # the median; the mean would be 1.8 ms
    assert any("varied by 400%" in w for w in m.warnings)


def test_pue_multiplies_energy(fake_clock):
    gl.configure(pue=1.5)
    m = gl.measure(ticking(fake_clock, 0.001), meter=FakeMeter(power_w=10.0, clock=fake_clock), min_time=0.01)
    assert m.energy_j == pytest.approx(0.015)
    assert m.pue == 1.5


def test_country_changes_co2_not_energy(fake_clock):
    meter = FakeMeter(power_w=10.0, clock=fake_clock)
    col = gl.measure(ticking(fake_clock, 0.001), meter=meter, min_time=0.01, country="COL")
    assert col.country == "COL"
    assert col.co2_g == pytest.approx(col.energy_j / J_PER_KWH * gl.carbon.intensity("COL"))


def test_arguments_are_passed_and_result_returned():
    m = gl.measure(lambda a, b=0: a + b, 2, b=3, repeat=1, min_time=0.001, meter=FakeMeter())
    assert m.result == 5
    assert m.name == "<lambda>"


def test_real_meter_auto_labels_energy_kind():
    m = gl.measure(sum, range(1000), repeat=2, min_time=0.01)
    assert m.energy_kind in ("measured", "estimated")
    assert m.energy_j > 0 and m.time_s > 0
    assert m.meter_reason


@pytest.mark.parametrize(
    "options, message",
    [
        ({"repeat": 0}, "repeat must be"),
        ({"repeat": 2.5}, "repeat must be"),
        ({"min_time": 0}, "min_time must be"),
        ({"min_time": -1}, "min_time must be"),
        ({"min_time": 1e6}, "min_time must be"),
        ({"loops": 0}, "loops must be"),
    ],
)
def test_bad_options_are_refused_with_the_rule(options, message):
    with pytest.raises(ValueError, match=message):
        gl.measure(sum, [1], meter=FakeMeter(), **options)


def test_non_callable_is_refused_with_a_hint():
    with pytest.raises(TypeError, match="pass the function itself"):
        gl.measure(sum([1, 2]))


def test_unknown_country_is_refused():
    with pytest.raises(ValueError, match="Atlantis|country"):
        gl.measure(sum, [1], meter=FakeMeter(), country="Atlantis")


def test_exceptions_propagate_unchanged_and_close_the_meter_and_restore_gc():
    import gc

    class Boom(Exception):
        pass

    def fails():
        raise Boom("kernel failed")

    meter = FakeMeter()
    assert gc.isenabled()
    with pytest.raises(Boom, match="kernel failed"):
        gl.measure(fails, meter="estimate")
    assert gc.isenabled()
    # a meter we own is closed; one passed in is left to its owner
    with pytest.raises(Boom):
        gl.measure(fails, meter=meter)
    assert not meter.closed


def test_measurement_is_frozen_and_readable(fake_clock):
    m = gl.measure(ticking(fake_clock, 0.001), meter=FakeMeter(clock=fake_clock), min_time=0.01)
    with pytest.raises(AttributeError):
        m.time_s = 0  # type: ignore[misc]
    text = str(m)
    assert "1 ms per call" in text and "estimated" in text and "CO2e" in text
    assert "estimated" in m._repr_html_()
    assert math.isclose(m.time_spread, 0.0)


def test_a_first_call_only_slightly_slower_is_noise_not_a_compile_cost(fake_clock):
    state = {"first": True}

    def warmish():
        fake_clock.advance(0.0015 if state["first"] else 0.001)  # 1.5x a steady call: noise
        state["first"] = False

    m = gl.measure(warmish, meter=FakeMeter(power_w=2.0, clock=fake_clock), min_time=0.01)
    assert m.first_call_time_s == pytest.approx(0.0015)
    assert not m.first_call_is_slow
    assert m.first_call_overhead_j == 0.0 and m.first_call_overhead_s == 0.0
    assert "first call" not in str(m)


def test_the_median_is_reported_even_when_one_run_is_faster(fake_clock):
    # Pins the median against the minimum: one run is *faster* than the others (a min-based
    # figure would report it), and the reported time is still the middle run's.
    calls = {"n": 0}

    def uneven():
        # call 0 is the first call; then runs of 100 calls; the third run (calls 201-300) is fast
        n = calls["n"]
        calls["n"] += 1
        fake_clock.advance(0.0005 if 201 <= n <= 300 else 0.002)

    m = gl.measure(uneven, meter=FakeMeter(clock=fake_clock), repeat=5, loops=100, min_time=0.1)
    assert sorted(m.times_s)[0] < 0.001  # one run was faster ...
    assert m.time_s == pytest.approx(0.002)  # ... and the median ignores it, as it would a slow one


def test_pue_also_multiplies_the_first_call_energy(fake_clock):
    # break-even compares the first call's extra energy with per-call savings: both must carry PUE
    gl.configure(pue=1.5)
    state = {"first": True}

    def jit_like():
        fake_clock.advance(0.5 if state["first"] else 0.001)
        state["first"] = False

    m = gl.measure(jit_like, meter=FakeMeter(power_w=2.0, clock=fake_clock), min_time=0.01)
    assert m.first_call_energy_j == pytest.approx(0.5 * 2.0 * 1.5)
    assert m.energy_j == pytest.approx(0.001 * 2.0 * 1.5)


def test_the_garbage_collector_is_off_while_runs_are_timed(fake_clock):
    import gc

    seen = []

    def notes_gc():
        seen.append(gc.isenabled())
        fake_clock.advance(0.001)

    assert gc.isenabled()
    gl.measure(notes_gc, meter=FakeMeter(clock=fake_clock), repeat=3, min_time=0.01)
    assert len(seen) > 3 and not any(seen)
    assert gc.isenabled()


def test_a_run_within_ten_times_the_meter_resolution_is_warned_about(fake_clock):
    coarse = FakeMeter(power_w=10.0, clock=fake_clock, resolution_j=0.05)  # a run uses ~0.11 J
    m = gl.measure(ticking(fake_clock, 0.001), meter=coarse, repeat=2, min_time=0.01)
    assert any("meter's resolution" in w for w in m.warnings), m.warnings
    fine = FakeMeter(power_w=10.0, clock=fake_clock, resolution_j=1e-4)
    m = gl.measure(ticking(fake_clock, 0.001), meter=fine, repeat=2, min_time=0.01)
    assert not any("meter's resolution" in w for w in m.warnings), m.warnings


# -- work done in child processes counts as work (issue: a pool or a subprocess is not a saving) ----
def _burn(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


BURN_N = 400_000  # about 20-40 ms of pure Python on a current CPU


def _in_process():
    return [_burn(BURN_N) for _ in range(4)]


def _in_a_pool():
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(2) as pool:
        return pool.map(_burn, [BURN_N] * 4)


def _in_a_subprocess():
    import subprocess
    import sys

    code = f"def burn(n):\n t = 0\n for i in range(n): t += i * i\n return t\n[burn({BURN_N}) for _ in range(4)]"
    return subprocess.run([sys.executable, "-c", code], check=True).returncode


@pytest.mark.parametrize("elsewhere", [_in_a_pool, _in_a_subprocess], ids=["multiprocessing pool", "subprocess"])
def test_work_in_child_processes_is_counted_like_work_in_this_one(elsewhere):
    here = gl.measure(_in_process, meter="estimate", repeat=3, loops=1, min_time=0.01)
    there = gl.measure(elsewhere, meter="estimate", repeat=3, loops=1, min_time=0.01)
    # the same work: energy within a sensible factor (process start-up and pickling cost a little more);
    # before children were counted, a pool read 10x less and a subprocess 170x less
    assert 0.6 <= there.energy_j / here.energy_j <= 4.0, (here.energy_j, there.energy_j)
    assert not any("still running" in w for w in there.warnings)


def test_a_child_left_running_is_named_in_the_warnings():
    import subprocess
    import sys

    started = []

    def fire_and_forget():
        started.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]))

    try:
        m = gl.measure(fire_and_forget, meter="estimate", repeat=1, loops=1, min_time=0.001)
        assert any("still running when it returned" in w for w in m.warnings), m.warnings
    finally:
        for child in started:
            child.kill()
            child.wait()


def test_a_generator_function_is_refused_with_what_to_measure_instead():
    def numbers(n):
        yield from range(n)

    with pytest.raises(TypeError, match=r"generator .* gl.measure\(lambda: sum\(my_generator\(n\)\)\)"):
        gl.measure(numbers, 10**6, meter=FakeMeter())


def test_loops_are_capped_like_repeat_and_min_time():
    with pytest.raises(ValueError, match="loops must be a whole number from 1 to 2,147,483,648"):
        gl.measure(sum, [1], meter=FakeMeter(), loops=10**12)


def test_a_meter_object_missing_its_methods_is_a_clear_error():
    class Half:
        name, kind, reason, resolution_j = "half", "estimated", "", 0.0

        def read(self):
            return 0.0

    with pytest.raises(TypeError, match="Meter object .*read, energy_j, describe, close"):
        gl.measure(sum, [1], meter=Half())


def test_a_compile_is_the_first_call_against_the_second_not_a_cold_cache(fake_clock):
    # a function whose first two single calls are both cold (1.8 ms) and whose loop runs at 1 ms:
    # no one-off cost to pay back; against the loop's median it would have looked like one
    state = {"n": 0}

    def cold_then_cached():
        state["n"] += 1
        fake_clock.advance(0.0018 if state["n"] <= 2 else 0.001)

    m = gl.measure(cold_then_cached, meter=FakeMeter(power_w=2.0, clock=fake_clock), min_time=0.05, repeat=2)
    assert m.second_call_time_s == pytest.approx(0.0018) and m.time_s == pytest.approx(0.001)
    assert not m.first_call_is_slow and m.first_call_overhead_j == 0.0
