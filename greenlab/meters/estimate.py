"""The power-model meter: energy *estimated* from CPU time and memory, where RAPL cannot be read.

The model (Green Algorithms, Lannelongue, Grealey and Inouye, Adv. Sci. 2021)::

    energy_j = cpu_s x watts_per_core  +  wall_s x mean_rss_gb x MEMORY_W_PER_GB

- ``cpu_s`` is the CPU time of this process, all its threads (``time.process_time``), **and
  of its child processes**: those that finished and were waited for, and those still alive
  (``greenlab.meters.processes``). Work handed to a ``multiprocessing.Pool`` or a
  ``subprocess.run`` is work all the same; leaving it out would show a saving that does not
  exist. What cannot be counted (a child still running when the call returns) becomes a
  warning on the measurement (``uncounted``). CPU time, not wall time, is the judgement call that matters most for the course: a
  parallel Numba kernel that finishes 2x sooner on 2 cores burns about the same CPU
  seconds, so it saves time, not energy, and the estimate shows exactly that. Waiting
  (sleep, I/O) costs no CPU time, so it is estimated as free apart from memory, which
  hides the idle power of the machine; RAPL would show it.
- ``watts_per_core`` comes from ``hardware.watts_per_core``: the configured value, else
  the CPU's TDP over its cores, else a stated default. The sentence saying which is in
  ``describe()``.
- The memory term charges the resident memory (RSS) of this process and its live children,
  the mean of the two readings, for the wall time between them. Green Algorithms counts memory in the GB that
  DRAM is sold in, which are binary (2**30 bytes), so we divide by 2**30.
- **No PUE here.** ``measure()`` multiplies every meter's energy by the PUE setting, so
  measured and estimated joules get the same treatment.

Not counted: the GPU, disks and network, the memory of children that already finished, and
the rest of the machine sitting idle. The figure is an estimate of the energy this process's
work (its children's included) asks of the CPU and memory, no more.

Readings are cheap: two clock calls, one re-read of ``/proc/self/statm`` (kept open, like
RAPL's files) and, to learn whether there are children, ``/proc/self/task/*/children``; the
process tree is scanned (psutil, a few milliseconds) only when there are. Elsewhere psutil is
imported lazily.
"""
from __future__ import annotations

import os
import sys
import time
from typing import Any, Callable, NamedTuple

from greenlab.meters.base import ESTIMATED
from greenlab.i18n import N_, _
from greenlab.meters.processes import NO_CHILDREN, ChildProcesses, ChildrenReading

# Green Algorithms' memory power: 0.3725 W per GB of memory (Lannelongue et al. 2021;
# "memoryPower" in green-algorithms-tool data/v2.2/referenceValues.csv).
MEMORY_W_PER_GB = 0.3725
MEMORY_SOURCE = N_("Green Algorithms (Lannelongue et al. 2021): 0.3725 W per GB of memory")

# DRAM "GB" are binary: a "16 GB" module holds 16 x 2**30 bytes.
BYTES_PER_GB = 2**30

_STATM = "/proc/self/statm"  # "size resident shared text lib data dt", in pages


class EstimateReading(NamedTuple):
    """One snapshot: CPU seconds, wall-clock seconds, resident memory in bytes, and the children's part.

    ``cpu_s`` and ``rss_bytes`` are this process's plus its children's; ``children`` holds the
    children's own reading (for what could not be counted).
    """

    cpu_s: float
    wall_s: float
    rss_bytes: int
    children: ChildrenReading = NO_CHILDREN


class _StatmRss:
    """Resident memory from /proc/self/statm, file kept open and re-read with seek(0)."""

    def __init__(self) -> None:
        self._file = open(_STATM, "rb", buffering=0)
        self._page_bytes = os.sysconf("SC_PAGE_SIZE")

    def __call__(self) -> int:
        self._file.seek(0)
        return int(self._file.read().split()[1]) * self._page_bytes

    def close(self) -> None:
        self._file.close()


class _PsutilRss:
    """Resident memory through psutil (macOS, Windows), imported on first use."""

    def __init__(self) -> None:
        self._process: Any = None

    def __call__(self) -> int:
        if self._process is None:
            import psutil

            self._process = psutil.Process()
        return int(self._process.memory_info().rss)

    def close(self) -> None:
        self._process = None


def _default_rss() -> Callable[[], int]:
    if sys.platform.startswith("linux"):
        try:
            return _StatmRss()
        except (OSError, ValueError):
            pass
    return _PsutilRss()


class EstimateMeter:
    """Estimated energy: CPU time x watts per core + memory held x time x 0.3725 W/GB.

    ``watts_per_core`` (None: the TDP table, else a stated default) and the sentence saying where
    it came from; ``reason`` is the sentence saying why energy is estimated here
    (``meters.open`` passes the reason RAPL was not used).
    The clocks, the RSS reader and the children's reader can be replaced, which makes tests
    exact; ``children`` defaults to ``ChildProcesses()`` (this process's real children).
    """

    name = "estimate"
    kind = ESTIMATED

    def __init__(
        self,
        *,
        watts_per_core: float | None = None,
        watts_per_core_source: str | None = None,
        reason: str | None = None,
        memory_w_per_gb: float = MEMORY_W_PER_GB,
        cpu_clock: Callable[[], float] = time.process_time,
        wall_clock: Callable[[], float] = time.perf_counter,
        rss_bytes: Callable[[], int] | None = None,
        children: Callable[[], ChildrenReading] | None = None,
    ) -> None:
        if watts_per_core is None:
            from greenlab.meters.hardware import watts_per_core as lookup

            watts_per_core, source = lookup(None)
        else:
            watts_per_core = float(watts_per_core)
            source = watts_per_core_source or _("{watts} W per core, given to EstimateMeter",
                                                watts=format(watts_per_core, "g"))
        if not watts_per_core > 0:
            raise ValueError(_("watts_per_core must be > 0 W (a laptop core draws about 5-15 W); got {value}",
                               value=watts_per_core))
        if memory_w_per_gb < 0:
            raise ValueError(_("memory_w_per_gb must be >= 0 (0 switches the memory term off); got {value}",
                               value=memory_w_per_gb))
        self.watts_per_core: float = watts_per_core
        self.watts_per_core_source: str = source
        self.memory_w_per_gb: float = float(memory_w_per_gb)
        self.reason: str = reason or _("energy is estimated from CPU time and memory (meter='estimate' was chosen)")
        self._cpu_clock = cpu_clock
        self._wall_clock = wall_clock
        self._rss = rss_bytes if rss_bytes is not None else _default_rss()
        self._children = children if children is not None else ChildProcesses()
        self._closed = False
        # The smallest CPU-time step the clock reports, turned into joules.
        self.resolution_j: float = time.get_clock_info("process_time").resolution * watts_per_core

    def read(self) -> EstimateReading:
        if self._closed:
            raise RuntimeError(_("this meter is closed; make a new one with greenlab.meters.open()"))
        # the children first, this process's own clock last: a start reading's scan of the process
        # tree is not counted in the interval it opens
        children = self._children()
        return EstimateReading(children.cpu_s + self._cpu_clock(), self._wall_clock(),
                               self._rss() + children.live_rss_bytes, children)

    def cpu_energy_j(self, start: EstimateReading, end: EstimateReading) -> float:
        """The CPU term alone: CPU seconds x watts per core."""
        return max(0.0, end.cpu_s - start.cpu_s) * self.watts_per_core

    def memory_energy_j(self, start: EstimateReading, end: EstimateReading) -> float:
        """The memory term alone: wall seconds x mean resident GB x W per GB."""
        mean_rss_gb = (start.rss_bytes + end.rss_bytes) / 2 / BYTES_PER_GB
        return max(0.0, end.wall_s - start.wall_s) * mean_rss_gb * self.memory_w_per_gb

    def energy_j(self, start: EstimateReading, end: EstimateReading) -> float:
        return self.cpu_energy_j(start, end) + self.memory_energy_j(start, end)

    def children_cpu_s(self, start: EstimateReading, end: EstimateReading) -> float:
        """The part of the CPU seconds between two readings spent by child processes."""
        return max(0.0, end.children.cpu_s - start.children.cpu_s)

    def uncounted(self, start: EstimateReading, end: EstimateReading) -> list[str]:
        """What the energy between two readings could not include, as sentences (empty: nothing)."""
        explain = getattr(self._children, "uncounted", None)
        return list(explain(start.children, end.children)) if explain else []

    def describe(self) -> dict[str, Any]:
        return {
            "meter": self.name,
            "kind": self.kind,
            "reason": self.reason,
            "model": "cpu_s x watts_per_core + wall_s x mean_rss_gb x memory_w_per_gb",
            "watts_per_core": self.watts_per_core,
            "watts_per_core_source": self.watts_per_core_source,
            "memory_w_per_gb": self.memory_w_per_gb,
            "memory_source": _(MEMORY_SOURCE),
            "cpu_time": _("CPU time of this process, all threads (time.process_time), and of its child processes: "
                          "finished and waited for (getrusage RUSAGE_CHILDREN) and still running (psutil); a child "
                          "still running when a call returns is named in a warning"),
            "pue": _("not applied here: measure() multiplies every meter's energy by the PUE setting"),
            "resolution_j": self.resolution_j,
        }

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            close = getattr(self._rss, "close", None)
            if close is not None:
                close()

    def __repr__(self) -> str:
        return f"EstimateMeter(watts_per_core={self.watts_per_core:g}, memory_w_per_gb={self.memory_w_per_gb:g})"
