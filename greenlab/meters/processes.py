"""CPU time of this process *and its child processes*: what the estimate must count to be honest.

``time.process_time()`` counts this process's threads only. Work handed to a
``multiprocessing.Pool`` or a ``subprocess.run`` is done by other processes, and an estimate
from this process alone would show it as a saving that does not exist. ``ChildProcesses()``
reads, in one snapshot (a ``ChildrenReading``):

- this process, all its threads (``time.process_time``, read by the meter itself);
- ``finished_cpu_s``: the children that finished and were waited for, with *their* waited-for
  children (``resource.getrusage(RUSAGE_CHILDREN)``: user + system), Linux and macOS;
- ``live_cpu_s``: the descendants still alive (psutil's process tree, recursive), each one's
  user + system time plus the time of the children *it* waited for.

The children's CPU seconds between two readings are ``end.cpu_s - start.cpu_s``. This counts
every case once: a child alive at both readings adds the difference of its times; one born and
waited for in between adds its whole time (through ``finished``); one alive at the first reading
and waited for before the second adds its whole time minus what the first reading had already
seen of it (through ``live``). A finished child not yet waited for (a zombie) is still in the
tree, with its final times.

What cannot be counted is said, never left as a silent zero (``uncounted``):

- a descendant born during the interval and still running at its end: work it does afterwards
  is not in the figure (a ``Popen`` not waited for, a pool left running);
- on a platform without ``resource.getrusage`` (Windows), children that finished and were waited
  for in the interval;
- a descendant whose parent ended without waiting for it (an orphan re-parented to init) leaves
  the tree: its time from then on is lost. This is rare and not detected.

The estimate meter reads the children *before* this process's own clock, so a start reading's
scan is not counted; an end reading's is (a few milliseconds, and only when there are children:
/proc says whether there are any in microseconds, and without children nothing is scanned).
"""
from __future__ import annotations

import os
from typing import Any, NamedTuple

from greenlab.i18n import _

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

ChildKey = tuple[int, float]  # (pid, create time): a pid can be reused, the pair cannot


class ChildrenReading(NamedTuple):
    """CPU seconds of this process's finished children and of its live descendants, at one moment."""

    finished_cpu_s: float  # children that finished and were waited for (with what they waited for)
    live_cpu_s: float  # descendants alive now: user + system + what they waited for
    live_rss_bytes: int  # resident memory of the live descendants
    running: frozenset[ChildKey] = frozenset()  # live descendants that are not zombies

    @property
    def cpu_s(self) -> float:
        return self.finished_cpu_s + self.live_cpu_s


NO_CHILDREN = ChildrenReading(0.0, 0.0, 0)


def finished_children_cpu_s() -> float | None:
    """User + system seconds of the children that finished and were waited for; None if unknowable."""
    if resource is None:
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _has_children() -> bool | None:
    """Whether this process has any child now, from /proc (microseconds); None where /proc cannot say."""
    try:
        for tid in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{tid}/children", "rb") as f:
                if f.read().strip():
                    return True
        return False
    except OSError:  # not Linux, or a kernel without CONFIG_PROC_CHILDREN
        return None


class ChildProcesses:
    """Reads this process's children: ``ChildProcesses()()`` is a ``ChildrenReading``.

    The process tree (psutil) is scanned only when the process has children, which /proc tells
    in microseconds on Linux; elsewhere it is scanned every time (a few milliseconds).
    """

    def __init__(self) -> None:
        self._process: Any = None
        self.counts_finished = resource is not None

    def _me(self) -> Any:
        if self._process is None:
            import psutil  # lazily: the first reading with children loads it

            self._process = psutil.Process(os.getpid())
        return self._process

    def _scan(self) -> tuple[float, int, frozenset[ChildKey]]:
        import psutil

        cpu_s, rss, running = 0.0, 0, set()
        for child in self._me().children(recursive=True):
            try:
                with child.oneshot():
                    times = child.cpu_times()
                    status = child.status()
                    created = child.create_time()
                    rss_bytes = child.memory_info().rss if status != psutil.STATUS_ZOMBIE else 0
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue  # it ended between the listing and the reading: once waited for, it is in finished
            cpu_s += times.user + times.system + getattr(times, "children_user", 0.0) + getattr(
                times, "children_system", 0.0)
            rss += rss_bytes
            if status != psutil.STATUS_ZOMBIE:
                running.add((child.pid, created))
        return cpu_s, rss, frozenset(running)

    def __call__(self) -> ChildrenReading:
        finished = finished_children_cpu_s() or 0.0
        if _has_children() is False:
            return ChildrenReading(finished, 0.0, 0)
        live, rss, running = self._scan()
        return ChildrenReading(finished, live, rss, running)

    def uncounted(self, start: ChildrenReading, end: ChildrenReading) -> list[str]:
        """Sentences naming what the CPU time between the two readings could not include."""
        notes = []
        still_running = end.running - start.running
        if still_running:
            pids = ", ".join(str(pid) for pid, _created in sorted(still_running)[:3])
            more = _(" and {count} more", count=len(still_running) - 3) if len(still_running) > 3 else ""
            notes.append(_(
                "child process(es) {pids}{more} started during the call were still running when it returned: work "
                "they do afterwards is not counted; wait for them (p.wait(), pool.join()) inside the measured "
                "function", pids=pids, more=more))
        if not self.counts_finished:
            notes.append(_("child processes that finished during the call are not counted on this platform (no "
                           "resource.getrusage): only live ones are"))
        return notes
