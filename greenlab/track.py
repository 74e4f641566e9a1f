"""Track a long region (a whole cell, minutes of work) through codecarbon, offline and quietly.

::

    import greenlab as gl
    with gl.track(label="train the model") as t:
        train()                          # anything: runs once, exactly as without the block
    t.measurement                        # a gl.Measurement (loops=1, repeat=1)
    print(t.measurement)

``gl.measure`` is for a call: it repeats it, calibrates, and reports per-call figures with a
spread. ``gl.track`` is for a region too long or too stateful to repeat: it runs once and
reports the region's total time, energy and CO2, as codecarbon's ``OfflineEmissionsTracker``
saw them. Options (all keyword-only):

- ``country``: ISO code or name for the grid (default: ``gl.configure(country=...)``, else
  the world average). The CO2 figure is computed by ``greenlab.carbon`` with the same
  intensity ``gl.measure`` uses, and codecarbon is given that intensity too, so its own
  figures (and its CSV) agree with greenlab's.
- ``label``: the ``Measurement``'s name.
- ``output_dir``: an existing folder for codecarbon's ``emissions.csv``. None (default)
  writes no file anywhere: codecarbon works in a private temporary folder, removed on exit.
- ``measure_power_s``: codecarbon's energy-integration interval (``MEASURE_POWER_S``).

What codecarbon measures, and how greenlab reports it:

- ``energy_kind`` is "measured" only if codecarbon read a hardware energy counter for the
  CPU (RAPL on Linux, the Windows Energy Meter Interface, Intel Power Gadget, powermetrics).
  Then the figure is the whole CPU package (every process), plus codecarbon's RAM model.
  Otherwise (Binder, containers, most VMs) it is "estimated": codecarbon's model of this
  process's CPU time x the CPU's power (from its TDP table, or 4 W per thread if the model
  is unknown) plus its RAM model, which counts at least 10 W on x86 (two DIMMs x 5 W) even
  for a small process. So ``track`` and ``gl.measure`` estimate with different models;
  ``meter_reason`` says which one was used.
- ``tracking_mode="process"``: the CPU estimate follows this process and its children,
  not other users of a shared machine. codecarbon samples CPU time once a second, so it
  misses short-lived children (a pool started inside the region) and, for a short region, can
  apply a power read over a few milliseconds to a whole interval (a 1.5 s loop came out at
  1.6x its CPU time). When its estimate and the region's CPU time disagree, greenlab counts the
  CPU time itself, children included, at codecarbon's own rate (TDP / CPUs per CPU-second), and
  says so in a warning. A child still running when the region ends is named in a warning too.
- Energy is multiplied by ``gl.configure(pue=...)`` here (codecarbon's own PUE stays 1.0).

How it stays offline, quiet and tidy (checked against codecarbon 3.3):

- ``OfflineEmissionsTracker`` never looks up the location (only the online tracker calls an
  IP-geolocation API and cloud metadata endpoints) and, with no output method, never posts.
  Every setting that could reach the network or write a file is passed explicitly, so a
  ``.codecarbon.config`` file or ``CODECARBON_*`` variable cannot switch it back on: no
  API, HTTP, Prometheus or Logfire output, no cloud provider, and no Electricity Maps call
  (codecarbon would make one for a token found in a config file, even the legacy
  ``co2_signal_api_token``; greenlab's intensity is passed as
  ``force_carbon_intensity_g_co2e_kwh``, which codecarbon uses before any token). No
  environment variable needs setting. Tests run it with connections blocked and recorded.
- The first region in a process costs a second or two more while codecarbon detects the
  hardware (it caches that for later regions); that time is outside the measured region.
- codecarbon logs warnings to stderr (unknown CPU model, no RAPL files, "Multiple
  instances ... allowed", some before its ``log_level`` applies). A logging filter on the
  "codecarbon" logger keeps those messages out of the notebook for the region's life; they
  are kept in ``t.codecarbon_messages`` and explain a failure if the tracker cannot start.
  Python warnings raised by codecarbon's own calls are ignored.
- ``allow_multiple_runs=True``: otherwise codecarbon takes a lock file in the temp folder
  and replaces the SIGINT handler (Ctrl+C, Jupyter's interrupt) while it runs.
- Exceptions inside the block propagate unchanged; the tracker is always stopped and its
  sampling threads are waited for, so none logs after the block.

codecarbon is used through its public API; the three things only its private attributes
tell (did start() work, which sampling threads to join, counter or model) are asked of
``greenlab.codecarbon_adapter`` and nowhere else.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
import warnings
from typing import Any

from greenlab import codecarbon_adapter as adapter
from greenlab.context import resolve_grid, resolve_settings
from greenlab.grids import Grid
from greenlab.i18n import _
from greenlab.measure import Measurement
from greenlab.meters.processes import NO_CHILDREN, ChildProcesses, ChildrenReading
from greenlab.units import J_PER_KWH

# codecarbon integrates energy every MEASURE_POWER_S seconds; its power samples come from a
# separate 1-second monitor thread either way, so a long interval loses no accuracy. A short
# one does harm: with a busy Python main thread, codecarbon 3.3's sampling threads are
# starved of the GIL, integrations overlap and each counts the same seconds (measured here:
# a 1 s interval doubled the RAM energy of a 6 s region; 30 s matched the model exactly).
# 30 s is also well inside the wrap-around time of RAPL counters at realistic power.
MEASURE_POWER_S = 30.0
# codecarbon samples power once a second: a shorter region is mostly start/stop samples.
SHORT_REGION_S = 2.0
# How long to wait for codecarbon's sampling threads to finish after stop.
THREAD_JOIN_S = 5.0
# codecarbon's CPU estimate is replaced by the region's CPU time when they differ by more than
# this (seconds) and this share of the region's CPU time.
CPU_MISMATCH_MIN_S = 0.05
CPU_MISMATCH_SHARE = 0.02

CODECARBON_LOGGER = "codecarbon"


class _Capture(logging.Filter):
    """Keeps codecarbon's log messages and stops every one of them reaching a handler."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record must not break the region
            text = str(record.msg)
        self.messages.append(f"{record.levelname}: {text}")
        return False


class Tracking:
    """A ``with gl.track(...) as t:`` region; after the block, ``t.measurement`` holds the result.

    Not a result itself (it runs, then holds one): ``measurement`` is None until the block
    ends, and a region runs once.
    """

    def __init__(
        self,
        *,
        label: str,
        grid: Grid,
        pue: float,
        output_dir: str | None,
        measure_power_s: float,
    ) -> None:
        self.label = label
        self.grid = grid
        self.pue = pue
        self.output_dir = output_dir
        self.measure_power_s = measure_power_s
        self.measurement: Measurement | None = None
        self.cpu_energy_j: float | None = None  # the CPU part (codecarbon's, corrected to the CPU time), before PUE
        self.codecarbon_messages: tuple[str, ...] = ()
        self._state = "new"  # new -> running -> done
        self._tracker: Any = None
        self._capture: _Capture | None = None
        self._saved_level: int | None = None
        self._workdir: str | None = None
        self._start_s = 0.0
        self._energy_kind = "estimated"
        self._meter_reason = ""
        self._devices: list[adapter.Device] = []
        self._cpu_count = 1
        self._children = ChildProcesses()
        self._cpu_start = self._cpu_end = (0.0, NO_CHILDREN)

    # -- the context manager ----------------------------------------------------------------
    def __enter__(self) -> Tracking:
        if self._state != "new":
            raise RuntimeError(_("a gl.track() region runs once; start another with `with gl.track(...) as t:`"))
        self._state = "running"
        self._silence()
        try:
            self._tracker = self._start_tracker()
            detected = self._tracker.get_detected_hardware()  # public: cpu_model, cpu_count...
            self._devices = adapter.devices(self._tracker)
            self._cpu_count = int(detected.get("cpu_count") or os.cpu_count() or 1)
            self._energy_kind, self._meter_reason = adapter.describe_hardware(self._devices, detected.get("cpu_model"))
        except BaseException:
            self._stop_tracker()
            self._unsilence()
            self._state = "done"
            raise
        self._cpu_start = _cpu_reading(self._children)
        self._start_s = time.perf_counter()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        time_s = time.perf_counter() - self._start_s
        self._cpu_end = _cpu_reading(self._children)
        try:
            data = self._stop_tracker()
        finally:
            self._unsilence()
            self._state = "done"
        if data is not None:
            self.measurement = self._measurement(data, time_s, raised=exc_type)
        elif exc_type is None:
            raise RuntimeError(_("codecarbon did not report the region's energy{messages}. Measure a function with "
                                 "gl.measure(...) instead, or see gl.doctor().",
                                 messages=_last_messages(self.codecarbon_messages)))
        return False  # an exception from the block propagates unchanged

    # -- codecarbon -------------------------------------------------------------------------
    def _silence(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import codecarbon  # noqa: F401 - its import installs its logger's handler and level
        logger = logging.getLogger(CODECARBON_LOGGER)
        self._capture = _Capture()
        logger.addFilter(self._capture)
        self._saved_level = logger.level

    def _unsilence(self) -> None:
        logger = logging.getLogger(CODECARBON_LOGGER)
        if self._capture is not None:
            logger.removeFilter(self._capture)
            self.codecarbon_messages = tuple(self._capture.messages)
        if self._saved_level is not None:
            logger.setLevel(self._saved_level)
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def _start_tracker(self) -> Any:
        from codecarbon import OfflineEmissionsTracker
        from codecarbon.output_methods.base_output import OutputMethod

        if self.output_dir is None:
            # codecarbon writes nothing without an output method, but some hardware modes
            # (Intel Power Gadget) log into output_dir: give it a folder we remove on exit.
            self._workdir = tempfile.mkdtemp(prefix="greenlab-track-")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tracker = OfflineEmissionsTracker(
                country_iso_code=self.grid.code,
                region=None,
                cloud_provider=None,
                cloud_region=None,
                country_2letter_iso_code=None,
                project_name="greenlab",
                experiment_name=self.label,
                measure_power_secs=self.measure_power_s,
                tracking_mode="process",
                log_level="warning",  # into the capture filter, never to stderr
                output_methods=[OutputMethod.CSV] if self.output_dir is not None else [],
                output_dir=self.output_dir if self.output_dir is not None else self._workdir,
                emissions_endpoint=None,
                electricitymaps_api_token=None,
                force_carbon_intensity_g_co2e_kwh=self.grid.intensity_g_per_kwh,
                pue=1.0,
                allow_multiple_runs=True,
            )
            tracker.start()
        if not adapter.started(tracker):  # codecarbon swallows its own errors
            raise RuntimeError(_("codecarbon could not start tracking{messages}. Measure a function with gl.measure(...) "
                                 "instead, or see gl.doctor().", messages=_last_messages(self._capture.messages)))
        return tracker

    def _stop_tracker(self) -> Any:
        """Stop codecarbon, wait for its sampling threads; its final data, or None."""
        tracker = self._tracker
        if tracker is None:
            return None
        timers = adapter.sampling_timers(tracker)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tracker.stop()
        finally:
            adapter.join_timers(timers, timeout_s=THREAD_JOIN_S)
        return getattr(tracker, "final_emissions_data", None)  # public; None when stop() failed

    def _cpu_correction_j(self, data: Any) -> tuple[float, list[str]]:
        """Joules to add to codecarbon's CPU estimate (negative: to take away), and the sentences saying why.

        In process mode codecarbon's CPU energy is its samples of CPU time x TDP / CPUs. It samples
        once a second, counting each process from its first sample on: a child that starts, or
        ends, between samples goes partly or wholly uncounted (a multiprocessing pool inside the
        region read about a third less than the same work in one process), and a sample taken a
        few milliseconds after the previous one gives a noisy power that stands for a whole
        interval. greenlab counts the region's CPU time itself (this process, finished and live
        children) and, where codecarbon's figure is off by more than ``CPU_MISMATCH_MIN_S`` and
        ``CPU_MISMATCH_SHARE``, uses that CPU time at codecarbon's own rate.
        """
        (own_start, kids_start), (own_end, kids_end) = self._cpu_start, self._cpu_end
        notes = self._children.uncounted(kids_start, kids_end)
        cpu = next((d for d in self._devices if d.is_cpu), None)
        if self._energy_kind != "estimated" or cpu is None or cpu.mode != "cpu_load" or not cpu.tdp_w:
            return 0.0, notes  # a counter (RAPL) sees the whole package, children included
        rate_w = cpu.tdp_w / self._cpu_count  # codecarbon's watts per busy CPU in process mode
        used_s = (own_end - own_start) + (kids_end.cpu_s - kids_start.cpu_s)
        seen_s = float(getattr(data, "cpu_energy", 0.0) or 0.0) * J_PER_KWH / rate_w
        if abs(used_s - seen_s) <= max(CPU_MISMATCH_MIN_S, CPU_MISMATCH_SHARE * used_s):
            return 0.0, notes
        notes.append(_("codecarbon's samples came to {seen} CPU-seconds, but this region used {used} (codecarbon samples "
                       "once a second: it misses short-lived child processes, and a power read over a few milliseconds "
                       "can stand for a whole second); greenlab counted the CPU time itself, at codecarbon's own rate, "
                       "{rate} W per CPU", seen=format(seen_s, ".2g"), used=format(used_s, ".2g"),
                       rate=format(rate_w, ".3g")))
        return (used_s - seen_s) * rate_w, notes

    def _measurement(self, data: Any, time_s: float, *, raised: type | None) -> Measurement:
        correction_j, notes = self._cpu_correction_j(data)
        self.cpu_energy_j = float(getattr(data, "cpu_energy", 0.0) or 0.0) * J_PER_KWH + correction_j
        energy_j = (float(data.energy_consumed) * J_PER_KWH + correction_j) * self.pue  # codecarbon: kWh, PUE 1.0
        if raised is not None:
            notes.append(_("the region raised {error}: these figures cover it until then", error=raised.__name__))
        if time_s < SHORT_REGION_S:
            notes.append(_("the region lasted {seconds} s; codecarbon samples power once a second, so for code this "
                           "short use gl.measure(...), which repeats it", seconds=format(time_s, ".2g")))
        return Measurement(
            name=self.label,
            time_s=time_s,
            energy_j=energy_j,
            co2_g=energy_j / J_PER_KWH * self.grid.intensity_g_per_kwh,
            loops=1,
            repeat=1,
            times_s=(time_s,),
            energies_j=(energy_j,),
            first_call_time_s=None,
            first_call_energy_j=None,
            energy_kind=self._energy_kind,
            meter="codecarbon",
            meter_reason=self._meter_reason,
            country=self.grid.code,
            intensity_g_per_kwh=self.grid.intensity_g_per_kwh,
            pue=self.pue,
            warnings=tuple(notes),
        )

    # -- display ----------------------------------------------------------------------------
    def __repr__(self) -> str:
        if self.measurement is not None:
            return f"<gl.track {self.label!r}: {self.measurement.energy_j:.3g} J {self.measurement.energy_kind}>"
        return f"<gl.track {self.label!r}: {self._state}>"

    def _repr_html_(self) -> str | None:
        return self.measurement._repr_html_() if self.measurement is not None else None


def track(
    *,
    country: str | None = None,
    label: str = "tracked region",
    output_dir: str | os.PathLike | None = None,
    measure_power_s: float = MEASURE_POWER_S,
) -> Tracking:
    """Time, energy and CO2 of a ``with`` block, through codecarbon (offline, quiet).

    ``with gl.track(country="COL", label="training") as t: ...`` then ``t.measurement``.
    See the module's docstring for what is measured and how it stays offline and quiet.
    """
    if not isinstance(label, str) or not label.strip():
        raise ValueError(_("label must be a non-empty string, such as 'training'; got {value}", value=repr(label)))
    try:
        measure_power_s = float(measure_power_s)
    except (TypeError, ValueError):
        raise ValueError(_("measure_power_s must be a number of seconds; got {value}", value=repr(measure_power_s))) from None
    if not measure_power_s >= 1.0:
        raise ValueError(_("measure_power_s must be >= 1 s (codecarbon samples power once a second; default {default}); "
                           "got {value}", default=format(MEASURE_POWER_S, "g"), value=repr(measure_power_s)))
    if output_dir is not None:
        output_dir = os.fspath(output_dir)
        if not os.path.isdir(output_dir):
            raise ValueError(_("output_dir must be an existing folder for codecarbon's emissions.csv; {path} is not. "
                               "Create it first (os.makedirs(path, exist_ok=True)) or leave output_dir=None to write "
                               "no file.", path=repr(output_dir)))
    settings = resolve_settings()
    return Tracking(
        label=label,
        grid=resolve_grid(country, settings),
        pue=settings.pue,
        output_dir=output_dir,
        measure_power_s=measure_power_s,
    )


# -- helpers ------------------------------------------------------------------------------------
def _cpu_reading(children: ChildProcesses) -> tuple[float, ChildrenReading]:
    """This process's CPU seconds and its children's reading, now (the children first, as the meter does)."""
    kids = children()
    return time.process_time(), kids


def _last_messages(messages: list[str] | tuple[str, ...], count: int = 3) -> str:
    relevant = [m for m in messages if not m.startswith(("INFO", "DEBUG"))][-count:]
    return (": " + " | ".join(m.replace("\n", " ").strip() for m in relevant)) if relevant else ""
