"""The meter interface every energy source implements, and a fake meter for exact tests.

A meter turns two snapshots into joules::

    start = meter.read()
    ...                       # the code being measured
    energy_j = meter.energy_j(start, meter.read())

``read`` must be cheap (it is called twice per timed run) and must not allocate much.
The snapshot is opaque to callers: RAPL keeps raw counter values, the estimate keeps the
process CPU time, wall time and resident memory.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from greenlab.i18n import N_

MEASURED = N_("measured")  # shown translated: _(kind)
ESTIMATED = N_("estimated")


@runtime_checkable
class Meter(Protocol):
    """What ``measure`` needs of an energy source."""

    name: str  # "rapl", "estimate", "fake"
    kind: str  # MEASURED or ESTIMATED: printed beside every figure
    reason: str  # one sentence: why this meter is the one used here
    resolution_j: float  # the smallest energy step a reading can show

    def read(self) -> Any:
        """A snapshot of the counters, now."""

    def energy_j(self, start: Any, end: Any) -> float:
        """Joules used between two snapshots (never negative)."""

    def describe(self) -> dict[str, Any]:
        """The meter's constants and sources, for ``gl.doctor()`` and notebooks."""

    def close(self) -> None:
        """Release open files; reading after close is an error."""


@dataclass
class FakeMeter:
    """A meter driven by a fake clock: ``power_w`` x elapsed seconds of ``clock``.

    Tests give it a clock they advance by hand, so every figure is exact; with the
    default clock (``time.perf_counter``) it is a constant-power model.
    """

    power_w: float = 10.0
    clock: Any = time.perf_counter
    kind: str = ESTIMATED
    name: str = "fake"
    reason: str = "a fake meter for tests"
    resolution_j: float = 0.0
    closed: bool = field(default=False, repr=False)

    def read(self) -> float:
        if self.closed:
            raise RuntimeError("this meter is closed; make a new one")
        return self.clock()

    def energy_j(self, start: float, end: float) -> float:
        return max(0.0, (end - start) * self.power_w)

    def describe(self) -> dict[str, Any]:
        return {"power_w": self.power_w}

    def close(self) -> None:
        self.closed = True
