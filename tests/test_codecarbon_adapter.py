"""greenlab.codecarbon_adapter: the contract with codecarbon's private attributes, checked on a real tracker.

If a codecarbon upgrade renames or removes one of them, these tests fail naming it, before any
learner's gl.track quietly reports the wrong kind of energy.
"""
from __future__ import annotations

import logging
import warnings

import pytest

from greenlab import codecarbon_adapter as adapter


@pytest.fixture
def tracker(tmp_path):
    """A real, started OfflineEmissionsTracker: offline, quiet, writing nothing (stopped afterwards)."""
    logger = logging.getLogger("codecarbon")
    level = logger.level
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from codecarbon import OfflineEmissionsTracker

        t = OfflineEmissionsTracker(country_iso_code="COL", measure_power_secs=30, tracking_mode="process",
                                    output_methods=[], output_dir=str(tmp_path), save_to_file=False,
                                    log_level="error", allow_multiple_runs=True)
        t.start()
    yield t
    timers = adapter.sampling_timers(t)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t.stop()
    adapter.join_timers(timers, timeout_s=5)
    logger.setLevel(level)  # codecarbon's log_level set it: leave the logger as found


def test_every_private_attribute_in_the_contract_is_there(tracker):
    adapter.check_contract(tracker)  # raises IncompatibleCodecarbon naming the attribute otherwise
    assert adapter.started(tracker)
    assert len(adapter.sampling_timers(tracker)) == 2
    devices = adapter.devices(tracker)
    assert any(d.is_cpu for d in devices)
    cpu = next(d for d in devices if d.is_cpu)
    assert cpu.mode and (cpu.tdp_w is None or cpu.tdp_w > 0)


def test_the_public_api_answers_what_it_can(tracker):
    assert "cpu_model" in tracker.get_detected_hardware()


def test_a_missing_attribute_fails_loudly_naming_it():
    class NotATracker:
        _hardware = []

    with pytest.raises(adapter.IncompatibleCodecarbon, match=r"tracker\._start_time"):
        adapter.started(NotATracker())
    with pytest.raises(adapter.IncompatibleCodecarbon, match=r"codecarbon .* has no tracker\._scheduler"):
        adapter.sampling_timers(NotATracker())

    class OddCPU:
        pass

    OddCPU.__name__ = "CPU"

    class Tracker:
        _start_time = 1.0
        _scheduler = _scheduler_monitor_power = None
        _hardware = [OddCPU()]

    with pytest.raises(adapter.IncompatibleCodecarbon, match=r"cpu\._mode|cpu\._tdp"):
        adapter.check_contract(Tracker())


def test_every_private_access_lives_in_the_adapter():
    # track.py reaches codecarbon only through its public API and this adapter: no private
    # attribute of anything but its own objects, and no private name passed to getattr
    import ast
    import importlib
    from pathlib import Path

    tree = ast.parse(Path(importlib.import_module("greenlab.track").__file__).read_text())
    private = [ast.unparse(n) for n in ast.walk(tree) if isinstance(n, ast.Attribute)
               and n.attr.startswith("_") and not n.attr.startswith(("__", "_repr_"))
               and not (isinstance(n.value, ast.Name) and n.value.id in ("self", "adapter"))]
    assert private == []
    names = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert not [s for s in names if s.startswith("_") and not s.startswith("__")]


def test_describe_hardware_measured_only_for_counters():
    kind, reason = adapter.describe_hardware([adapter.Device("RAM"), adapter.Device("CPU", "intel_rapl", 65)], "Intel Core i7")
    assert kind == "measured" and "RAPL" in reason and "every process" in reason
    kind, reason = adapter.describe_hardware([adapter.Device("RAM"), adapter.Device("CPU", "cpu_load", 65)], "Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz")
    assert kind == "estimated" and "65 W" in reason and "TDP table" in reason
    # "AMD EPYC" with no model number matches no single row of the table: codecarbon's default
    kind, reason = adapter.describe_hardware([adapter.Device("CPU", "cpu_load", 8)], "AMD EPYC")
    assert kind == "estimated" and "8 W" in reason and "default" in reason
    kind, _ = adapter.describe_hardware([adapter.Device("CPU", "constant")], None)
    assert kind == "estimated"
