"""Results: the frozen records that measuring produces and renderers show.

A ``Measurement`` holds per-call figures for one function: the median over repeats (the
median, not the mean, because a shared machine adds slow outliers, never fast ones), the
spread over repeats, the first call measured on its own (it holds Numba's JIT compile),
and how the energy was obtained (``energy_kind`` is "measured" or "estimated").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

J_PER_KWH = 3.6e6
FIRST_CALL_FACTOR = 2.0  # a first call this many times a steady call holds a one-off cost
FIRST_CALL_MIN_S = 1e-3  # ... and at least this much longer: below it, timer and cache noise


@dataclass(frozen=True)
class Measurement:
    """Per-call time, energy and CO2 of one function, and how they were obtained."""

    name: str
    time_s: float  # median time per call over the repeats
    energy_j: float  # median energy per call (x PUE)
    co2_g: float  # energy_j converted with intensity_g_per_kwh
    loops: int  # calls per timed run (calibrated to last min_time)
    repeat: int  # timed runs
    times_s: tuple[float, ...]  # per-call time of each run
    energies_j: tuple[float, ...]  # per-call energy of each run
    first_call_time_s: float | None  # the first call alone (includes JIT compile)
    first_call_energy_j: float | None
    energy_kind: str  # "measured" (RAPL) or "estimated" (power model)
    meter: str  # meter name: "rapl", "estimate", "codecarbon", ...
    meter_reason: str  # why that meter
    country: str | None  # ISO code, None = world average
    intensity_g_per_kwh: float
    pue: float = 1.0
    warnings: tuple[str, ...] = ()
    result: Any = field(default=None, repr=False, compare=False)  # what the function returned

    # -- derived figures -------------------------------------------------------------
    @property
    def power_w(self) -> float:
        """Mean power while running: energy per call / time per call."""
        return self.energy_j / self.time_s if self.time_s > 0 else 0.0

    @property
    def time_spread(self) -> float:
        """(max - min) / median of the per-call times: 0.05 means runs varied by 5%."""
        return _spread(self.times_s)

    @property
    def energy_spread(self) -> float:
        return _spread(self.energies_j)

    @property
    def first_call_is_slow(self) -> bool:
        """Did the first call clearly cost more than a steady one (JIT compile, imports)?

        "Clearly": at least ``FIRST_CALL_FACTOR`` times a steady call and ``FIRST_CALL_MIN_S``
        longer. Smaller differences are timer and cache noise, and counting them would make
        every variant look as if it had a compile cost to pay back.
        """
        if self.first_call_time_s is None:
            return False
        extra_s = self.first_call_time_s - self.time_s
        return self.first_call_time_s >= FIRST_CALL_FACTOR * self.time_s and extra_s >= FIRST_CALL_MIN_S

    @property
    def first_call_overhead_j(self) -> float:
        """Energy the first call cost beyond a steady call (JIT compile...); 0 unless clearly slower."""
        if not self.first_call_is_slow:
            return 0.0
        return max(0.0, self.first_call_energy_j - self.energy_j)

    @property
    def first_call_overhead_s(self) -> float:
        if not self.first_call_is_slow:
            return 0.0
        return max(0.0, self.first_call_time_s - self.time_s)

    # -- display -----------------------------------------------------------------------
    def summary(self) -> str:
        from greenlab import render

        return render.measurement_text(self)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        from greenlab import render

        return render.measurement_html(self)

    def _repr_pretty_(self, p, cycle) -> None:  # IPython's plain-text display
        p.text(self.summary())


def _spread(values: tuple[float, ...]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    mid = ordered[len(ordered) // 2] if len(ordered) % 2 else (ordered[len(ordered) // 2 - 1] + ordered[len(ordered) // 2]) / 2
    return (ordered[-1] - ordered[0]) / mid if mid > 0 else 0.0
