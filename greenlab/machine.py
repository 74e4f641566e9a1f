"""What a figure was measured on: one description of this machine for every place that records one.

The report, ``doctor``, the benchmarks and the notebook timer all say where their figures come
from; they all use ``describe()``::

    from greenlab import machine
    m = machine.describe()
    m.line()          # "AMD EPYC 7B13 (virtual machine), 2 CPUs usable; 23.4 GiB RAM; Linux 6.1; Python 3.11.7, numpy 2.4.6, ..."
    m.as_dict()       # the same as name -> text, for a report's table
    m.to_table()      # a greenlab.render Table

It reads ``/proc`` and ``/sys`` through ``greenlab.meters.hardware`` and package versions
from their metadata; nothing is imported to learn a version. A part that cannot be read says
"unknown" rather than failing: describing the machine must never stop a report.
"""
from __future__ import annotations

import datetime
import os
import platform
from dataclasses import dataclass, field
from importlib import metadata

from greenlab.i18n import N_, _
from greenlab.meters import hardware
from greenlab.render.table import Table, key_value

NOT_INSTALLED = N_("not installed")  # a package's version when it is missing (translated when shown)
VERSIONS_OF = ("numpy", "numba", "Cython", "pandas", "matplotlib", "codecarbon")


@dataclass(frozen=True)
class Machine:
    """This machine, as the figures measured on it need it described."""

    date: str  # "2026-11-29 16:14 UTC"
    host: str
    os: str  # "Linux-6.1.0-...-x86_64-with-glibc2.36"
    cpu: str  # the model, with "(virtual machine)" inside a VM
    logical_cpus: int
    physical_cores: int
    usable_cpus: float  # affinity and cgroup quota: what this process may keep busy
    memory_gib: float | None
    python: str  # "CPython 3.11.7"
    versions: dict[str, str] = field(default_factory=dict)  # package -> version, or NOT_INSTALLED
    load_average: tuple[float, float, float] | None = None
    label: str | None = None  # where this ran, when a person says so ("mybinder.org")

    @property
    def cpus_text(self) -> str:
        return _("{logical} logical, {physical} physical, {usable} usable by this process", logical=self.logical_cpus,
                 physical=self.physical_cores, usable=format(self.usable_cpus, "g"))

    @property
    def load_text(self) -> str:
        if self.load_average is None:
            return _("unknown")
        return ", ".join(f"{x:.2f}" for x in self.load_average) + " (1, 5, 15 min)"

    def as_dict(self) -> dict[str, str]:
        """Name -> text, in reading order: what a report's "Machine" table shows."""
        # the keys are English names marked for the catalog: a report translates them when it writes them
        info = {
            N_("date"): self.date,
            N_("host"): self.host,
            N_("os"): self.os,
            N_("cpu"): self.cpu,
            N_("cpus"): self.cpus_text,
            N_("memory"): f"{self.memory_gib:.1f} GiB" if self.memory_gib is not None else _("unknown"),
            N_("python"): self.python,
        }
        info.update({package.lower(): _(version) if version == NOT_INSTALLED else version
                     for package, version in self.versions.items()})
        info[N_("load average")] = self.load_text
        return info

    def line(self) -> str:
        """One line: label, CPU and CPUs usable, memory, OS, Python and the versions that set the pace."""
        parts = [self.label] if self.label else []
        parts.append(_("{cpu}, {usable} CPU(s) usable", cpu=self.cpu, usable=format(self.usable_cpus, "g")))
        if self.memory_gib is not None:
            parts.append(_("{gib} GiB RAM", gib=format(self.memory_gib, ".1f")))
        parts.append(f"{platform.system()} {platform.release()}")
        versions = [self.python] + [f"{p} {v}" for p, v in self.versions.items() if v != NOT_INSTALLED]
        parts.append(", ".join(versions))
        return "; ".join(parts)

    def to_table(self) -> Table:
        return key_value(((_(k), v) for k, v in self.as_dict().items()), css_class="greenlab-machine")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return NOT_INSTALLED


def _memory_gib() -> float | None:
    try:
        pages, page_bytes = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        return pages * page_bytes / 2**30
    except (ValueError, OSError, AttributeError):  # not on every platform
        try:
            import psutil

            return psutil.virtual_memory().total / 2**30
        except Exception:  # noqa: BLE001 - describe what can be described
            return None


def _load_average() -> tuple[float, float, float] | None:
    try:
        return os.getloadavg()
    except (OSError, AttributeError):
        return None


def describe(*, label: str | None = None, versions_of: tuple[str, ...] = VERSIONS_OF) -> Machine:
    """Describe this machine now (the load average is read at this moment)."""
    model = hardware.cpu_model() or platform.processor() or "unknown CPU"
    return Machine(
        date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        host=platform.node() or "unknown",
        os=platform.platform(),
        cpu=model + (_(" (virtual machine)") if hardware.runs_in_vm() else ""),
        logical_cpus=os.cpu_count() or 1,
        physical_cores=hardware.physical_cores(),
        usable_cpus=hardware.available_cpus(),
        memory_gib=_memory_gib(),
        python=f"{platform.python_implementation()} {platform.python_version()}",
        versions={package: _version(package) for package in (*versions_of, "greenlab")},
        load_average=_load_average(),
        label=label,
    )
