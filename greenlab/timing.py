"""The timed loop under ``gl.measure``: the first call alone, calibration, runs, what a meter missed.

Each stretch of calls is read by the meter before and after and timed with
``time.perf_counter`` in between; the meter's reading is outside the timed window. A ``Run``
holds one stretch's seconds and joules for all its calls and the sentences the meter gave for
what it could not count (a child process still running, for the estimate).

- ``first_call``: the first call on its own, on a copy of the arguments (``greenlab.inputs``),
  then a check that the call left them unchanged;
- ``calibrate``: the loop count doubles (1, 2, 4, ...) while a run is too short to time well;
  once a run lasts ``PREDICT_FRACTION`` of ``min_time`` it says how long one call takes, and the
  count jumps to ``min_time`` plus ``OVERSHOOT`` (doubling all the way could overshoot by nearly
  2x, and every repeat would pay for it). Its first run is one call alone: the *second call*,
  which the first is held against to see a one-off cost;
- ``timed_run``: ``loops`` calls through ``itertools.repeat``, as timeit does, with no
  per-call bookkeeping in the loop.
"""
from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any, NamedTuple

from greenlab.inputs import changed_argument, copy_inputs

MAX_LOOPS = 2**31  # calibration stops here (a no-op still runs ~0.2 s by then), and so may a given loops
PREDICT_FRACTION = 0.1  # a run this share of min_time is long enough to predict the loop count
OVERSHOOT = 1.1  # aim 10% past min_time, so a slightly faster run still reaches it


def caller(func: Callable[..., Any], args: tuple, kwargs: dict) -> Callable[[], Any]:
    """A zero-argument callable; the common no-argument case adds no wrapper at all."""
    if not args and not kwargs:
        return func
    if not kwargs:
        return lambda: func(*args)
    return lambda: func(*args, **kwargs)


class Run(NamedTuple):
    """One timed stretch: wall seconds and joules for all its calls, and what the meter could not count."""

    elapsed_s: float
    energy_j: float
    uncounted: tuple[str, ...] = ()
    result: Any = None


def _interval(energy_meter, start, end) -> tuple[float, tuple[str, ...]]:
    explain = getattr(energy_meter, "uncounted", None)  # optional: what the meter could not include
    return energy_meter.energy_j(start, end), tuple(explain(start, end)) if explain else ()


def first_call(name: str, func, args: tuple, kwargs: dict, energy_meter) -> Run:
    """The first call, alone, on a copy of the arguments; then a check that it left the copy as it was."""
    copies = copy_inputs(args, kwargs)
    call_args, call_kwargs = copies if copies is not None else (args, kwargs)
    start = energy_meter.read()
    t0 = time.perf_counter()
    result = func(*call_args, **call_kwargs)
    t1 = time.perf_counter()
    end = energy_meter.read()
    if copies is not None:
        changed_argument(name, (*args, *kwargs.values()), (*call_args, *call_kwargs.values()))
    return Run(t1 - t0, *_interval(energy_meter, start, end), result=result)


def timed_run(call: Callable[[], Any], loops: int, energy_meter) -> Run:
    """One run of ``loops`` calls: seconds and joules, both for the whole run."""
    repeat_none = itertools.repeat(None, loops)
    start = energy_meter.read()
    t0 = time.perf_counter()
    for _call in repeat_none:
        call()
    t1 = time.perf_counter()
    end = energy_meter.read()
    return Run(t1 - t0, *_interval(energy_meter, start, end))


def calibrate(call, energy_meter, min_time: float) -> tuple[int, list[Run], Run]:
    """Find the loop count for runs of at least ``min_time``; return it, that first run, and the second call.

    The calibration's first run is one call on its own: the second call, warm, which the first
    call is held against to see a one-off cost (a compile), rather than against the median of a
    loop, which caches flatter.

    The count doubles (1, 2, 4, ...) while a run is too short to time well; once a run lasts
    ``PREDICT_FRACTION`` of ``min_time`` it says how long one call takes, and the count jumps
    straight to ``min_time`` plus ``OVERSHOOT``. Doubling all the way could overshoot by
    nearly 2x, and every repeat would pay for it.
    """
    loops = 1
    second = None
    while True:
        run = timed_run(call, loops, energy_meter)
        second = second or run
        elapsed = run.elapsed_s
        if elapsed >= min_time or loops >= MAX_LOOPS:
            return loops, [run], second
        if elapsed >= PREDICT_FRACTION * min_time:
            loops = min(MAX_LOOPS, max(loops + 1, int(loops * min_time * OVERSHOOT / elapsed) + 1))
        else:
            loops *= 2
