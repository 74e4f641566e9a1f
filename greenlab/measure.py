"""``measure``: per-call time, energy and CO2 of one function, the way timeit and pyperf do it.

What happens, in order:

1. **First call, alone.** The function is called once and that call is measured by itself.
   It holds one-off costs (Numba's JIT compile, cold caches, lazy imports), which a learner
   must see, not average away. It also serves as the warm-up.
2. **Calibration.** Like ``timeit.Timer.autorange``, the loop count grows until one timed
   run lasts at least ``min_time`` (a shorter run would be mostly clock and meter noise): it
   doubles (1, 2, 4, ...) until a run lasts a tenth of ``min_time``, then jumps to the count
   that run predicts, plus 10%. The last calibration run counts as the first repeat.
3. **Repeats.** ``repeat`` runs of ``loops`` calls each, with the garbage collector off (as
   timeit does, so a collection triggered by earlier code does not land in one run).
4. **Per-call figures.** Each run's time and energy are divided by ``loops``. The result
   reports the **median** over runs, not the mean: a busy shared machine only ever makes a
   run slower, so the median is the better estimate of the function's own cost.
   Energy is multiplied by the configured PUE, and CO2 = energy x grid intensity.
5. **Warnings** (kept in ``Measurement.warnings`` and shown with the result, like pyperf's):
   runs whose range (slowest - fastest) exceeds ``SPREAD_WARNING`` of the median, runs cut
   short of ``min_time``, and energy per run within 10x of the meter's resolution. They are
   not printed to stderr: notebooks stay warning-free.

The settings, the meter and the grid are resolved once, on entry (``greenlab.context``), and
the same ``Context`` serves the whole call; ``compare`` passes one ``Context`` to every
variant's ``measure_with``. Exceptions raised by the function propagate unchanged; a meter
opened here is closed and the garbage collector restored whatever happens.

The record, ``Measurement``, is defined here too: per-call figures for one function, the
median over repeats, the spread, the first call on its own, and how the energy was obtained
(``energy_kind``: "measured" or "estimated").
"""
from __future__ import annotations

import gc
import inspect
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from greenlab import grids
from greenlab.context import Context, measuring
from greenlab.i18n import _, group
from greenlab.inputs import check_inputs
from greenlab.timing import MAX_LOOPS, Run, calibrate, caller, first_call, timed_run
from greenlab.render import table
from greenlab.render.formatting import (
    energy_caption, format_co2, format_energy, format_percent, format_power, format_time,
)
from greenlab.units import J_PER_KWH

# Warn when the runs' range, (slowest - fastest) / median, exceeds 10%. pyperf's rule is a
# standard deviation above 10% of the mean; with the handful of runs a notebook can afford,
# the range is the steadier measure, and it is never smaller than the standard deviation.
SPREAD_WARNING = 0.10
FIRST_CALL_FACTOR = 2.0  # a first call this many times a steady call holds a one-off cost
FIRST_CALL_MIN_S = 1e-3  # ... and at least this much longer: below it, timer and cache noise
MAX_REPEAT = 1000
MAX_MIN_TIME_S = 60.0


def measure(
    func: Callable[..., Any],
    *args: Any,
    repeat: int = 5,
    min_time: float = 0.2,
    meter: Any = None,
    loops: int | None = None,
    name: str | None = None,
    country: str | None = None,
    **kwargs: Any,
) -> Measurement:
    """Measure ``func(*args, **kwargs)``: per-call time, energy and CO2.

    Parameters
    ----------
    func: the function to measure; ``args`` and ``kwargs`` are passed to it on every call.
    repeat: timed runs (>= 1); the median over them is reported.
    min_time: seconds one timed run should last at least; the loop count is calibrated to it.
    meter: "auto" (RAPL if readable, else the estimate), "rapl", "estimate", a meter object, or
        None (default) for the ``meter`` setting (``gl.configure(meter=...)``, "auto" unless changed).
    loops: fix the calls per run instead of calibrating (like ``%timeit -n``).
    name: label for tables (default: the function's name).
    country: ISO code for the grid's carbon intensity (default: ``gl.configure``'s).

    Returns a ``Measurement``; its ``result`` field holds what the first call returned.
    """
    with measuring(meter=meter, country=country) as context:
        return measure_with(context, func, args, kwargs, repeat=repeat, min_time=min_time, loops=loops, name=name)


def measure_with(
    context: Context,
    func: Callable[..., Any],
    args: tuple = (),
    kwargs: dict[str, Any] | None = None,
    *,
    repeat: int = 5,
    min_time: float = 0.2,
    loops: int | None = None,
    name: str | None = None,
) -> Measurement:
    """``measure`` with a ``Context`` already resolved (its meter stays open for the caller)."""
    kwargs = kwargs or {}
    _check_options(func, repeat, min_time, loops)
    label = name or getattr(func, "__name__", None) or type(func).__name__
    check_inputs(label, args, kwargs)
    energy_meter = context.meter
    call = caller(func, args, kwargs)

    gc_was_enabled = gc.isenabled()
    try:
        gc.disable()
        first = first_call(label, func, args, kwargs, energy_meter)
        gc.collect()  # what the first call left is collected now, not inside a timed run
        if loops is None:
            loops, runs, second = calibrate(call, energy_meter, min_time)
        else:
            runs = [timed_run(call, loops, energy_meter)]
            second = None
        while len(runs) < repeat:
            runs.append(timed_run(call, loops, energy_meter))
    finally:
        if gc_was_enabled:
            gc.enable()

    runs = runs[:repeat]
    pue = context.pue
    times_s = tuple(run.elapsed_s / loops for run in runs)
    energies_j = tuple(run.energy_j * pue / loops for run in runs)
    energy_j = statistics.median(energies_j)
    return Measurement(
        name=label,
        time_s=statistics.median(times_s),
        energy_j=energy_j,
        co2_g=energy_j / J_PER_KWH * context.grid.intensity_g_per_kwh,
        loops=loops,
        repeat=repeat,
        times_s=times_s,
        energies_j=energies_j,
        first_call_time_s=first.elapsed_s,
        first_call_energy_j=first.energy_j * pue,
        second_call_time_s=second.elapsed_s if second else None,
        second_call_energy_j=second.energy_j * pue if second else None,
        energy_kind=energy_meter.kind,
        meter=energy_meter.name,
        meter_reason=energy_meter.reason,
        country=context.grid.code,
        intensity_g_per_kwh=context.grid.intensity_g_per_kwh,
        pue=pue,
        warnings=_warnings([first, *runs], times_s, energy_meter, min_time),
        result=first.result,
    )


def _check_options(func: Any, repeat: Any, min_time: Any, loops: Any) -> None:
    if not callable(func):
        hint = _(" (pass the function itself, without calling it: f, not f())") if not isinstance(func, type) else ""
        raise TypeError(_("measure needs a function to call; got {kind} {value}{hint}", kind=type(func).__name__,
                          value=repr(func)[:60], hint=hint))
    if inspect.isgeneratorfunction(func) or inspect.iscoroutinefunction(func) or inspect.isasyncgenfunction(func):
        raise TypeError(_(
            "{name} is a generator (or async) function: calling it returns at once, without running its body, so "
            "only that would be timed. Measure the work itself, e.g. gl.measure(lambda: sum(my_generator(n))) or "
            "gl.measure(lambda: list(my_generator(n)))", name=getattr(func, "__name__", "func")))
    check_repeat_and_min_time(repeat, min_time)
    if loops is not None and (isinstance(loops, bool) or not isinstance(loops, int) or not 1 <= loops <= MAX_LOOPS):
        raise ValueError(_("loops must be a whole number from 1 to {most}, or None to calibrate; got {value}",
                           most=group(MAX_LOOPS, ","), value=repr(loops)))


def check_repeat_and_min_time(repeat: Any, min_time: Any) -> None:
    """The rule for ``repeat`` and ``min_time``, for callers that check before measuring."""
    if isinstance(repeat, bool) or not isinstance(repeat, int) or not 1 <= repeat <= MAX_REPEAT:
        raise ValueError(_("repeat must be a whole number from 1 to {most}; got {value}", most=MAX_REPEAT,
                           value=repr(repeat)))
    if isinstance(min_time, bool) or not isinstance(min_time, (int, float)) or not 0 < min_time <= MAX_MIN_TIME_S:
        raise ValueError(_("min_time must be seconds, more than 0 and at most {most}; got {value}",
                           most=format(MAX_MIN_TIME_S, "g"), value=repr(min_time)))


def _warnings(runs: list[Run], times_s, energy_meter, min_time: float) -> tuple[str, ...]:
    """The first call's and the timed runs' warnings: ``runs[0]`` is the first call."""
    found = list(dict.fromkeys(note for run in runs for note in run.uncounted))  # each sentence once
    runs = runs[1:]
    if len(times_s) > 1:
        range_ = spread(times_s)
        if range_ > SPREAD_WARNING:
            found.append(_(
                "runs varied by {spread} of the median: the machine was busy or the function is noisy; use more "
                "repeats or a larger input, and trust the order of magnitude, not the digits",
                spread=format(range_, ".0%")))
    median_run_s = statistics.median(run.elapsed_s for run in runs)
    if median_run_s < min_time / 2:  # calibration aims at min_time; half of it means runs were cut short
        found.append(_("runs lasted {run} s (median), less than half of min_time={min_time} s: figures are noisier; "
                       "let the loop count calibrate (no -n / loops)", run=format(median_run_s, ".3g"),
                       min_time=format(min_time, "g")))
    resolution_j = getattr(energy_meter, "resolution_j", 0.0) or 0.0
    smallest_j = min(run.energy_j for run in runs)
    if resolution_j and smallest_j < 10 * resolution_j:
        found.append(_(
            "a run used {energy} J, within 10x of the meter's resolution ({resolution} J): raise min_time so each "
            "run lasts longer", energy=format(smallest_j, ".3g"), resolution=format(resolution_j, ".3g")))
    return tuple(found)


def spread(values: tuple[float, ...]) -> float:
    """(max - min) / median: 0.05 means the runs varied by 5% of the median (0 for no runs)."""
    if not values:
        return 0.0
    middle = statistics.median(values)
    return (max(values) - min(values)) / middle if middle > 0 else 0.0


# -- the record -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Measurement:
    """Per-call time, energy and CO2 of one function, and how they were obtained.

    The median over repeats, not the mean: a busy shared machine only ever makes a run slower,
    so the median is the better estimate of the function's own cost.
    """

    name: str
    time_s: float  # median time per call over the repeats
    energy_j: float  # median energy per call (x PUE)
    co2_g: float  # energy_j converted with intensity_g_per_kwh
    loops: int  # calls per timed run (calibrated to last min_time)
    repeat: int  # timed runs
    times_s: tuple[float, ...]  # per-call time of each run
    energies_j: tuple[float, ...]  # per-call energy of each run
    first_call_time_s: float | None  # the first call alone (includes JIT compile)
    first_call_energy_j: float | None  # ... its energy (x PUE)
    energy_kind: str  # "measured" (RAPL) or "estimated" (power model)
    meter: str  # meter name: "rapl", "estimate", "codecarbon", ...
    meter_reason: str  # why that meter
    country: str | None  # ISO code, None = world average
    intensity_g_per_kwh: float
    pue: float = 1.0
    warnings: tuple[str, ...] = ()
    result: Any = field(default=None, repr=False, compare=False)  # what the function returned
    second_call_time_s: float | None = None  # the second call alone, warm (None: loops was fixed)
    second_call_energy_j: float | None = None

    # -- derived figures -------------------------------------------------------------
    @property
    def power_w(self) -> float:
        """Mean power while running: energy per call / time per call."""
        return self.energy_j / self.time_s if self.time_s > 0 else 0.0

    @property
    def time_spread(self) -> float:
        """(max - min) / median of the per-call times: 0.05 means runs varied by 5%."""
        return spread(self.times_s)

    @property
    def warm_call(self) -> tuple[float, float]:
        """(seconds, joules) of a warm call on its own: the second call, else the median per call."""
        if self.second_call_time_s is not None and self.second_call_energy_j is not None:
            return self.second_call_time_s, self.second_call_energy_j
        return self.time_s, self.energy_j

    @property
    def first_call_is_slow(self) -> bool:
        """Did the first call clearly cost more than a warm one (JIT compile, imports)?

        Held against the *second* call, also on its own, not against the median of a loop (which
        caches flatter): both single calls meet the same cold caches, so only one-off work such
        as a compile separates them. "Clearly": at least ``FIRST_CALL_FACTOR`` times the warm call
        and ``FIRST_CALL_MIN_S`` longer; smaller differences are timer and cache noise, and
        counting them would make a variant that never compiles look as if it had a cost to pay back.
        """
        if self.first_call_time_s is None:
            return False
        warm_s = self.warm_call[0]
        return self.first_call_time_s >= FIRST_CALL_FACTOR * warm_s and self.first_call_time_s - warm_s >= FIRST_CALL_MIN_S

    @property
    def first_call_overhead_j(self) -> float:
        """Energy the first call cost beyond a warm call (JIT compile...); 0 unless clearly slower."""
        if not self.first_call_is_slow:
            return 0.0
        return max(0.0, self.first_call_energy_j - self.warm_call[1])

    @property
    def first_call_overhead_s(self) -> float:
        if not self.first_call_is_slow:
            return 0.0
        return max(0.0, self.first_call_time_s - self.warm_call[0])

    # -- display -----------------------------------------------------------------------
    @property
    def energy_caption(self) -> str:
        """How the energy was obtained, for a plot: "estimated = CPU time x W per core", "measured (RAPL counters)"."""
        return energy_caption(self.energy_kind, self.meter)

    @property
    def grid_text(self) -> str:
        named = self.country and self.country != grids.WORLD
        return _("{where} grid, {intensity} g/kWh", where=grids.local_name(self.country) if named else _("world average"),
                 intensity=format(self.intensity_g_per_kwh, ".0f"))

    def _runs_text(self) -> str:
        if self.repeat == 1 and self.loops == 1:
            return _("one run")
        return _("spread {spread}, {repeat} runs x {loops} loops", spread=format_percent(self.time_spread),
                 repeat=self.repeat, loops=self.loops)

    def summary(self) -> str:
        lines = [
            _("{name}: {time} per call ({runs})", name=self.name, time=format_time(self.time_s), runs=self._runs_text()),
            _("  energy: {energy} per call, {kind} ({meter}); mean power {power}", energy=format_energy(self.energy_j),
              kind=_(self.energy_kind), meter=self.meter, power=format_power(self.power_w)),
            _("  CO2e:   {co2} per call ({grid})", co2=format_co2(self.co2_g), grid=self.grid_text),
        ]
        if self.first_call_is_slow:
            lines.append(_("  first call: {time}, {energy} (one-off costs: JIT compilation, imports, cold caches)",
                           time=format_time(self.first_call_time_s), energy=format_energy(self.first_call_energy_j)))
        lines += [_("  warning: {text}", text=w) for w in self.warnings]
        return "\n".join(lines)

    def to_table(self) -> table.Table:
        """The figures as a name/value ``Table`` (what a notebook shows)."""
        rows = [
            (_("time per call"), f"{format_time(self.time_s)} ({self._runs_text()})"),
            (_("energy per call"), f"{format_energy(self.energy_j)} {_(self.energy_kind)} ({self.meter})"),
            (_("CO2e per call"), f"{format_co2(self.co2_g)} ({self.grid_text})"),
            (_("mean power"), format_power(self.power_w)),
        ]
        if self.first_call_time_s is not None:
            rows.append((_("first call"), f"{format_time(self.first_call_time_s)}, {format_energy(self.first_call_energy_j)}"))
        return table.key_value(rows, title=self.name, notes=(self.meter_reason,), warnings=self.warnings,
                               css_class="greenlab-measurement")

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return self.to_table().to_html()

    def _repr_pretty_(self, p, cycle) -> None:  # IPython's plain-text display
        p.text(self.summary())
