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
  not other users of a shared machine.
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
from greenlab.measure import Measurement
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

# codecarbon CPU modes that read a hardware energy counter, and what to call them.
COUNTER_MODES = {
    "intel_rapl": "RAPL energy counters",
    "windows_emi": "the Windows Energy Meter Interface (RAPL)",
    "intel_power_gadget": "Intel Power Gadget",
    "apple_powermetrics": "powermetrics",
}
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
        self.codecarbon_messages: tuple[str, ...] = ()
        self._state = "new"  # new -> running -> done
        self._tracker: Any = None
        self._capture: _Capture | None = None
        self._saved_level: int | None = None
        self._workdir: str | None = None
        self._start_s = 0.0
        self._energy_kind = "estimated"
        self._meter_reason = ""

    # -- the context manager ----------------------------------------------------------------
    def __enter__(self) -> Tracking:
        if self._state != "new":
            raise RuntimeError("a gl.track() region runs once; start another with `with gl.track(...) as t:`")
        self._state = "running"
        self._silence()
        try:
            self._tracker = self._start_tracker()
            model = self._tracker.get_detected_hardware().get("cpu_model")
            self._energy_kind, self._meter_reason = describe_hardware(adapter.devices(self._tracker), model)
        except BaseException:
            self._stop_tracker()
            self._unsilence()
            self._state = "done"
            raise
        self._start_s = time.perf_counter()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        time_s = time.perf_counter() - self._start_s
        try:
            data = self._stop_tracker()
        finally:
            self._unsilence()
            self._state = "done"
        if data is not None:
            self.measurement = self._measurement(data, time_s, raised=exc_type)
        elif exc_type is None:
            raise RuntimeError(
                "codecarbon did not report the region's energy" + _last_messages(self.codecarbon_messages)
                + ". Measure a function with gl.measure(...) instead, or see gl.doctor()."
            )
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
            raise RuntimeError(
                "codecarbon could not start tracking" + _last_messages(self._capture.messages)
                + ". Measure a function with gl.measure(...) instead, or see gl.doctor()."
            )
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

    def _measurement(self, data: Any, time_s: float, *, raised: type | None) -> Measurement:
        energy_j = float(data.energy_consumed) * J_PER_KWH * self.pue  # codecarbon: kWh, PUE 1.0
        notes = []
        if raised is not None:
            notes.append(f"the region raised {raised.__name__}: these figures cover it until then")
        if time_s < SHORT_REGION_S:
            notes.append(
                f"the region lasted {time_s:.2g} s; codecarbon samples power once a second, so for "
                "code this short use gl.measure(...), which repeats it"
            )
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
        raise ValueError(f"label must be a non-empty string, such as 'training'; got {label!r}")
    try:
        measure_power_s = float(measure_power_s)
    except (TypeError, ValueError):
        raise ValueError(f"measure_power_s must be a number of seconds; got {measure_power_s!r}") from None
    if not measure_power_s >= 1.0:
        raise ValueError(
            f"measure_power_s must be >= 1 s (codecarbon samples power once a second; "
            f"default {MEASURE_POWER_S:g}); got {measure_power_s!r}"
        )
    if output_dir is not None:
        output_dir = os.fspath(output_dir)
        if not os.path.isdir(output_dir):
            raise ValueError(
                f"output_dir must be an existing folder for codecarbon's emissions.csv; {output_dir!r} is not. "
                "Create it first (os.makedirs(path, exist_ok=True)) or leave output_dir=None to write no file."
            )
    settings = resolve_settings()
    return Tracking(
        label=label,
        grid=resolve_grid(country, settings),
        pue=settings.pue,
        output_dir=output_dir,
        measure_power_s=measure_power_s,
    )


# -- helpers ------------------------------------------------------------------------------------
def describe_hardware(devices: list[adapter.Device], cpu_model: str | None) -> tuple[str, str]:
    """("measured" | "estimated", one sentence why), from the devices codecarbon chose.

    Whether codecarbon's CPU power came from its TDP table or from its default for an unknown
    model is judged with the same matching rules (``greenlab.meters.hardware.match_cpu``,
    a copy of codecarbon's), not from the wording of its log messages.
    """
    from greenlab.meters import hardware

    cpus = [d for d in devices if d.is_cpu]
    gpu_note = " GPU energy is read through NVML/AMD SMI." if any(d.is_gpu for d in devices) else ""
    for cpu in cpus:
        if cpu.mode in COUNTER_MODES:
            return "measured", (
                f"codecarbon read the CPU's {COUNTER_MODES[cpu.mode]}: the whole package, every process; "
                f"RAM is its model, not a measurement.{gpu_note}"
            )
    if not cpus:
        return "estimated", f"codecarbon found no CPU to track; its figure is RAM and GPU only.{gpu_note}"
    cpu = cpus[0]
    power = f"{cpu.tdp_w:g} W" if cpu.tdp_w is not None else "an assumed power"
    model = cpu_model or "unknown CPU"
    known = cpu_model is not None and hardware.match_cpu(cpu_model) is not None
    where = "its TDP table" if known else "codecarbon's default for a CPU model its table lacks"
    if cpu.mode == "cpu_load":
        how = f"this process's CPU load x {power} at full load ({model}, {where})"
    elif cpu.mode == "constant":
        how = f"a constant half of {power} ({model}, {where})"
    else:
        how = f"its {cpu.mode!r} model ({model})"
    return "estimated", (
        f"codecarbon found no energy counter it could read (no readable RAPL files here), so it "
        f"estimated CPU power from {how}, plus its RAM model.{gpu_note}"
    )


def _last_messages(messages: list[str] | tuple[str, ...], count: int = 3) -> str:
    relevant = [m for m in messages if not m.startswith(("INFO", "DEBUG"))][-count:]
    return (": " + " | ".join(m.replace("\n", " ").strip() for m in relevant)) if relevant else ""
