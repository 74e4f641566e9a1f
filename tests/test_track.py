"""greenlab.track: codecarbon's OfflineEmissionsTracker around a block, offline, quiet, tidy."""
from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings

import pytest

import greenlab as gl
from greenlab import carbon
from greenlab.measure import Measurement
from greenlab.units import J_PER_KWH
from greenlab.track import Tracking


def _busy(seconds: float) -> int:
    """Spin the CPU for a while: a region with something to measure."""
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end:
        n += 1
    return n


@pytest.fixture
def attempts(monkeypatch):
    """Record (and refuse) every connection attempt: codecarbon swallows exceptions, so a
    refusal alone could go unnoticed; the record cannot."""
    seen = []

    def refuse(*args, **kwargs):
        seen.append(args)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return seen


@pytest.fixture
def empty_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_region_runs_offline_and_returns_a_measurement(attempts, empty_cwd):
    started = time.perf_counter()
    with gl.track(label="busy loop") as t:
        assert t.measurement is None
        _busy(0.3)
    elapsed = time.perf_counter() - started
    m = t.measurement
    assert attempts == []
    assert isinstance(m, Measurement)
    assert m.name == "busy loop" and m.meter == "codecarbon"
    assert (m.loops, m.repeat) == (1, 1)
    assert 0.3 <= m.time_s <= elapsed
    assert m.times_s == (m.time_s,) and m.energies_j == (m.energy_j,)
    assert m.energy_j > 0
    assert m.energy_kind in ("measured", "estimated") and m.meter_reason.startswith("codecarbon")
    assert m.country is None and m.intensity_g_per_kwh == carbon.world_average()
    assert m.co2_g == m.energy_j / J_PER_KWH * m.intensity_g_per_kwh


def test_co2_agrees_with_codecarbon_and_greenlab_carbon(attempts):
    with gl.track(country="Colombia") as t:
        _busy(0.2)
    m = t.measurement
    data = t._tracker.final_emissions_data
    assert m.country == "COL" and m.intensity_g_per_kwh == carbon.intensity("COL")
    assert m.energy_j == data.energy_consumed * J_PER_KWH
    assert m.co2_g == pytest.approx(data.emissions * 1000, rel=1e-9)  # codecarbon's kg, same intensity
    assert m.co2_g == pytest.approx(carbon.co2_g(m.energy_j, "COL"), rel=1e-12)


def test_configured_country_and_pue_apply(attempts):
    gl.configure(country="COL", pue=1.5)
    with gl.track() as t:
        _busy(0.1)
    m = t.measurement
    assert m.country == "COL" and m.pue == 1.5
    assert m.energy_j == t._tracker.final_emissions_data.energy_consumed * J_PER_KWH * 1.5


def test_energy_kind_follows_what_codecarbon_read(attempts):
    with gl.track() as t:
        pass
    modes = {getattr(h, "_mode", None) for h in t._tracker._hardware}
    expected = "measured" if modes & {"intel_rapl", "windows_emi", "intel_power_gadget", "apple_powermetrics"} else "estimated"
    assert t.measurement.energy_kind == expected


def test_exception_propagates_unchanged_and_tracker_stops(attempts):
    error = ZeroDivisionError("inside the block")
    with pytest.raises(ZeroDivisionError) as info:
        with gl.track() as t:
            raise error
    assert info.value is error
    assert t._tracker._start_time is None  # codecarbon's "stopped"
    assert not [th for th in threading.enumerate() if isinstance(th, threading.Timer) and th.is_alive()]
    assert t.measurement is not None and "raised ZeroDivisionError" in t.measurement.warnings[0]


def test_no_files_anywhere_without_output_dir(attempts, empty_cwd):
    with gl.track() as t:
        workdir = t._workdir
        _busy(0.1)
    assert os.listdir(empty_cwd) == []
    assert workdir is not None and not os.path.exists(workdir)


def test_output_dir_gets_codecarbons_csv(attempts, empty_cwd):
    out = empty_cwd / "out"
    out.mkdir()
    with gl.track(output_dir=out, country="COL"):
        _busy(0.1)
    assert os.listdir(out) == ["emissions.csv"]
    assert "COL" in (out / "emissions.csv").read_text()
    assert sorted(os.listdir(empty_cwd)) == ["out"]


def test_output_dir_must_exist(tmp_path):
    with pytest.raises(ValueError, match=r"output_dir must be an existing folder.*os\.makedirs"):
        gl.track(output_dir=tmp_path / "missing")


def test_codecarbon_config_cannot_turn_network_or_files_back_on(attempts, empty_cwd, monkeypatch):
    (empty_cwd / ".codecarbon.config").write_text(
        "[codecarbon]\nsave_to_api = True\nsave_to_file = True\nemissions_endpoint = http://127.0.0.1:9\n"
        "electricitymaps_api_token = fake\nco2_signal_api_token = fake\nallow_multiple_runs = False\n"
    )
    monkeypatch.setenv("CODECARBON_SAVE_TO_PROMETHEUS", "true")
    monkeypatch.setenv("CODECARBON_OUTPUT_METHODS", "csv,api")
    handler = signal.getsignal(signal.SIGINT)
    with gl.track() as t:
        assert signal.getsignal(signal.SIGINT) is handler  # no lock, no replaced Ctrl+C
        _busy(0.1)
    assert attempts == []
    assert os.listdir(empty_cwd) == [".codecarbon.config"]
    assert t.measurement.energy_j > 0


def test_quiet_nothing_reaches_stderr_or_warnings(attempts, capfd):
    seen = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(record)

    logger = logging.getLogger("codecarbon")
    keep = Keep()
    logger.addHandler(keep)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with gl.track() as t:
                _busy(0.1)
    finally:
        logger.removeHandler(keep)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    assert seen == []  # no record reached any handler of codecarbon's logger
    assert [str(w.message) for w in caught] == []
    assert t.codecarbon_messages  # codecarbon did speak: the filter kept it
    assert keep not in logger.handlers and not logger.filters  # logger left as found


def test_logger_is_restored_after_the_region(attempts):
    import codecarbon  # noqa: F401

    logger = logging.getLogger("codecarbon")
    before = (logger.level, list(logger.filters))
    with gl.track():
        assert logger.filters  # silenced while running
    assert (logger.level, list(logger.filters)) == before


def test_a_region_runs_once(attempts):
    t = gl.track()
    with t:
        pass
    with pytest.raises(RuntimeError, match="runs once"):
        with t:
            pass


def test_short_region_warns_to_use_measure(attempts):
    with gl.track() as t:
        pass
    assert any("gl.measure" in w for w in t.measurement.warnings)


def test_unknown_country_fails_before_tracking():
    with pytest.raises(ValueError, match=r"COL \(Colombia\)"):
        gl.track(country="Colmbia")


@pytest.mark.parametrize("kwargs, message", [(dict(label=""), "label must be"),
                                             (dict(measure_power_s=0.1), "measure_power_s must be >= 1 s"),
                                             (dict(measure_power_s="fast"), "measure_power_s must be a number")])
def test_options_are_checked(kwargs, message):
    with pytest.raises(ValueError, match=message):
        gl.track(**kwargs)


def test_options_are_keyword_only():
    with pytest.raises(TypeError):
        gl.track("COL")  # type: ignore[misc]


def test_a_tracker_that_cannot_start_is_a_clear_error(attempts, monkeypatch):
    from codecarbon import OfflineEmissionsTracker

    monkeypatch.setattr(OfflineEmissionsTracker, "start", lambda self: None)  # as if it swallowed an error
    ran = []
    with pytest.raises(RuntimeError, match=r"codecarbon could not start tracking.*gl\.measure"):
        with gl.track():
            ran.append(True)
    assert ran == []
    assert not logging.getLogger("codecarbon").filters


def test_a_tracker_that_reports_nothing_is_a_clear_error(attempts, monkeypatch):
    from codecarbon import OfflineEmissionsTracker

    real_stop = OfflineEmissionsTracker.stop

    def stop_without_data(self):
        real_stop(self)
        del self.final_emissions_data

    monkeypatch.setattr(OfflineEmissionsTracker, "stop", stop_without_data)
    with pytest.raises(RuntimeError, match="did not report the region's energy"):
        with gl.track():
            pass


def test_tracking_repr_before_and_after(attempts):
    t = gl.track(label="cell 3")
    assert isinstance(t, Tracking) and "new" in repr(t) and t._repr_html_() is None
    with t:
        pass
    assert "cell 3" in repr(t) and "J" in repr(t) and "<table>" in t._repr_html_()


def test_importing_track_does_not_import_codecarbon():
    code = "import sys, greenlab.track; print('codecarbon' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _burn_for(seconds: float) -> int:
    end = time.process_time() + seconds
    n = 0
    while time.process_time() < end:
        n += 1
    return n


def test_work_in_a_pool_is_counted_like_work_in_this_process(attempts):
    # codecarbon samples children once a second and misses short-lived ones; gl.track adds what it
    # missed. One worker: the same CPU time and the same wall time (codecarbon's RAM term) both ways.
    import multiprocessing

    with gl.track(label="here") as here:
        _burn_for(1.5)
    with gl.track(label="pool") as there:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            pool.map(_burn_for, [1.5])
    ratio = there.cpu_energy_j / here.cpu_energy_j
    assert 0.7 <= ratio <= 1.5, (here.cpu_energy_j, there.cpu_energy_j, there.measurement.warnings)
    assert 0.7 <= there.measurement.energy_j / here.measurement.energy_j <= 1.5


def test_a_short_region_is_counted_at_its_cpu_time_not_codecarbons_samples(attempts):
    # codecarbon turns a power read over a few milliseconds into a whole interval's; for a
    # region of known CPU time, the CPU energy is that time at codecarbon's own rate
    with gl.track(label="here") as here:
        _burn_for(1.5)
    cpu = next(d for d in here._devices if d.is_cpu)
    rate_w = cpu.tdp_w / here._cpu_count
    if here.measurement.energy_kind == "estimated":
        assert 1.4 <= here.cpu_energy_j / rate_w <= 1.9, (here.cpu_energy_j, rate_w, here.measurement.warnings)
