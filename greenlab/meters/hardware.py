"""What this machine is: CPU model, usable CPUs, physical cores, and watts per core.

The estimate meter needs one number above all: how many watts one busy core draws.
``watts_per_core(configured)`` returns that number *and the sentence that says where it
came from*, in this order of preference:

1. ``gl.configure(watts_per_core=...)`` or ``GREENLAB_WATTS_PER_CORE``: the learner knows best.
2. The CPU's TDP from codecarbon's hardware table, shared over the physical cores of one
   package (``TDP x packages / physical cores``). TDP is the sustained power a package is
   designed to dissipate at full load, so this is a full-load figure per core.
3. ``DEFAULT_WATTS_PER_CORE`` (12 W, Green Algorithms' "Any CPU" figure).

Judgement calls, made here:

- **Virtual machines get the default, even when the model is in the table.** A VM (the
  ``hypervisor`` flag in ``/proc/cpuinfo``; Binder, cloud notebooks, CI) sees a few vCPUs
  of a chip with dozens of cores: sharing a 64-core EPYC's 280 W over the 2 cores visible
  here would claim 140 W per core. The chip's true core count is not visible from inside,
  so the stated default is the honest figure.
- **Physical cores, not threads.** TDP is shared over cores, as Green Algorithms does. CPU
  time is counted per thread, so with both hyper-threads of a core busy the estimate
  counts that core twice: an over-estimate of up to 2x for SMT-heavy parallel code.
- **Model matching copies codecarbon's rules** (``codecarbon/core/cpu.py``, ``TDP``) without
  importing codecarbon (slow) or rapidfuzz: (a) the name equals a table name, ignoring
  case; (b) the same after removing "(R)", " CPU", and the "@ 2.20GHz" clock; (c) after
  lower-casing and turning punctuation into spaces, the name's words and a table name's
  words share at least one word and one set contains the other (rapidfuzz's
  ``token_set_ratio == 100``), and exactly one table name does so. "AMD EPYC" with no
  model number matches hundreds of rows, so it matches none: better no TDP than a wrong one.
- The table is found with ``importlib.util.find_spec`` (no import of codecarbon), read
  once with the csv module and cached.

``available_cpus()`` answers a different question: how many CPUs *this process* may keep
busy (affinity mask and cgroup CPU quota, as in Docker, Kubernetes and Binder). It matters
for parallel variants: a 2x parallel speed-up needs 2 CPUs to run on.

Every function takes ``root`` (default ``/``) so tests can point it at a fake
``/proc`` and ``/sys`` tree.
"""
from __future__ import annotations

import csv
import functools
import importlib.util
import os
import platform
import re
from pathlib import Path
from typing import NamedTuple

from greenlab.i18n import N_, _

# Green Algorithms' per-core power for an unknown CPU ("Any" row of TDP_cpu.csv in
# github.com/GreenAlgorithms/green-algorithms-tool, data/latest/; Lannelongue, Grealey and
# Inouye, Adv. Sci. 2021). codecarbon's own fallback is lower (4 W per thread,
# DEFAULT_POWER_PER_CORE in codecarbon/core/cpu.py); we keep the published, per-core figure.
DEFAULT_WATTS_PER_CORE = 12.0
DEFAULT_SOURCE = N_("Green Algorithms' default for an unknown CPU (Lannelongue et al. 2021)")

# codecarbon ships this table (columns Name,TDP in watts); we read it without importing codecarbon.
TDP_TABLE = ("data", "hardware", "cpu_power.csv")

_CPU_V1_DIRS = ("cpu,cpuacct", "cpu", "cpuacct,cpu")  # where distributions mount the v1 cpu controller
_V2_DIRS = ("", "unified")  # pure v2 at /sys/fs/cgroup; hybrid systems add /sys/fs/cgroup/unified


# --------------------------------------------------------------------------- CPU model


def _cpuinfo(root: Path) -> str:
    try:
        return (Path(root) / "proc" / "cpuinfo").read_text(errors="replace")
    except OSError:
        return ""


def _cpuinfo_field(text: str, key: str) -> list[str]:
    values = []
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip().lower() == key:
            values.append(value.strip())
    return values


def cpu_model(*, root: Path | str = "/") -> str | None:
    """The CPU's marketing name ("Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz"), or None.

    From ``/proc/cpuinfo`` ("model name") on Linux, else ``platform.processor()``
    (which on some systems is only the architecture, such as "x86_64").
    """
    names = [n for n in _cpuinfo_field(_cpuinfo(Path(root)), "model name") if n]
    if names:
        return names[0]
    return platform.processor().strip() or None


def runs_in_vm(*, root: Path | str = "/") -> bool:
    """True when ``/proc/cpuinfo`` carries the ``hypervisor`` flag (a virtual machine)."""
    for flags in _cpuinfo_field(_cpuinfo(Path(root)), "flags"):
        if "hypervisor" in flags.split():
            return True
    return False


# --------------------------------------------------------------------------- cores


class _Topology(NamedTuple):
    packages: int
    cores: int  # physical cores over all packages


def _topology(root: Path) -> _Topology | None:
    pairs: set[tuple[str, str]] = set()
    # /proc/cpuinfo: one block per logical CPU, with "physical id" and "core id" on x86
    for block in _cpuinfo(root).split("\n\n"):
        package = _cpuinfo_field(block, "physical id")
        core = _cpuinfo_field(block, "core id")
        if package and core:
            pairs.add((package[0], core[0]))
    if not pairs:  # ARM and others: the same facts in sysfs
        for cpu in sorted((root / "sys" / "devices" / "system" / "cpu").glob("cpu[0-9]*")):
            try:
                package = (cpu / "topology" / "physical_package_id").read_text().strip()
                core = (cpu / "topology" / "core_id").read_text().strip()
            except OSError:
                continue
            pairs.add((package, core))
    if not pairs:
        return None
    return _Topology(packages=len({p for p, _core in pairs}), cores=len(pairs))


def physical_cores(*, root: Path | str = "/") -> int:
    """Physical cores of the machine as its operating system sees them (all packages).

    Hyper-threads are not counted. Inside a VM this is the VM's share, not the host chip.
    """
    topo = _topology(Path(root))
    if topo is not None:
        return topo.cores
    try:
        import psutil  # lazily: not needed on Linux

        cores = psutil.cpu_count(logical=False)
    except Exception:
        cores = None
    return int(cores or os.cpu_count() or 1)


def _affinity_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # macOS, Windows
        return os.cpu_count() or 1


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except (OSError, UnicodeDecodeError):
        return None


def _quota_v2(directory: Path) -> float | None:
    """CPUs allowed by ``cpu.max`` ("max 100000" = no limit, "200000 100000" = 2 CPUs)."""
    raw = _read(directory / "cpu.max")
    if not raw:
        return None
    parts = raw.split()
    if parts[0] == "max":
        return None
    try:
        quota_us = int(parts[0])
        period_us = int(parts[1]) if len(parts) > 1 else 100_000  # the kernel's default period
    except ValueError:
        return None
    return quota_us / period_us if quota_us > 0 and period_us > 0 else None


def _quota_v1(directory: Path) -> float | None:
    """CPUs allowed by ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us`` (quota -1 = no limit)."""
    quota, period = _read(directory / "cpu.cfs_quota_us"), _read(directory / "cpu.cfs_period_us")
    try:
        quota_us, period_us = int(quota or ""), int(period or "")
    except ValueError:
        return None
    return quota_us / period_us if quota_us > 0 and period_us > 0 else None


def _own_and_ancestors(base: Path, cgroup_path: str) -> list[Path]:
    """The process's cgroup directory under ``base`` and its parents up to ``base``.

    In a container the path in /proc/self/cgroup is often the host's path, while the
    mount shows only the container's own cgroup: then ``base`` itself is the cgroup.
    """
    if not base.is_dir():
        return []
    relative = cgroup_path.strip("/")
    directory = base / relative if relative else base
    if not directory.is_dir():
        return [base]
    found = [directory]
    while directory != base:
        directory = directory.parent
        found.append(directory)
    return found


def cgroup_cpu_limit(*, root: Path | str = "/") -> float | None:
    """The cgroup CPU quota of this process in CPUs (1.5 = one and a half), or None if unlimited.

    Reads ``/proc/self/cgroup`` to find the process's cgroup, then cgroup v2 ``cpu.max`` or
    cgroup v1 ``cpu.cfs_quota_us``/``cpu.cfs_period_us`` in it and its parents; the
    tightest limit wins (a parent's quota limits its children too).
    """
    root = Path(root)
    text = _read(root / "proc" / "self" / "cgroup") or ""
    sys_cgroup = root / "sys" / "fs" / "cgroup"
    limits: list[float] = []
    for line in text.splitlines():
        hierarchy, sep, rest = line.partition(":")
        controllers, sep2, path = rest.partition(":")
        if not (sep and sep2):
            continue
        if hierarchy == "0" and controllers == "":  # cgroup v2
            for sub in _V2_DIRS:
                for d in _own_and_ancestors(sys_cgroup / sub if sub else sys_cgroup, path):
                    limits.extend(q for q in [_quota_v2(d)] if q is not None)
        elif "cpu" in controllers.split(","):  # cgroup v1, the cpu controller's hierarchy
            for sub in _CPU_V1_DIRS:
                for d in _own_and_ancestors(sys_cgroup / sub, path):
                    limits.extend(q for q in [_quota_v1(d)] if q is not None)
    return min(limits) if limits else None


def available_cpus(*, root: Path | str = "/") -> float:
    """CPUs this process may keep busy: the affinity mask, capped by the cgroup CPU quota.

    A float, because a quota can allow 1.5 CPUs. On Binder this is typically 1 or 2, however
    many CPUs the host machine reports.
    """
    cpus = float(_affinity_cpus())
    limit = cgroup_cpu_limit(root=root)
    return min(cpus, limit) if limit is not None else cpus


# --------------------------------------------------------------------------- TDP table


def tdp_table_path() -> Path | None:
    """Where codecarbon's ``cpu_power.csv`` is, found without importing codecarbon."""
    try:
        spec = importlib.util.find_spec("codecarbon")
    except (ImportError, ValueError):
        return None
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = Path(location).joinpath(*TDP_TABLE)
        if path.is_file():
            return path
    return None


def _words(name: str) -> frozenset[str]:
    """rapidfuzz's default_process: lower case, every non-alphanumeric character a space."""
    return frozenset(re.sub(r"[^0-9a-z]+", " ", name.lower()).split())


class _Row(NamedTuple):
    name: str
    tdp_w: float | None  # None when the table's value is not a positive number
    words: frozenset[str]


@functools.lru_cache(maxsize=4)
def _table(path: Path) -> tuple[_Row, ...]:
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for record in csv.DictReader(f):
            # Rows with a broken TDP ("27.29.5", "0.0") still take part in matching, so that
            # ambiguity is judged over the same rows as codecarbon's; they just give no TDP.
            try:
                tdp: float | None = float(record.get("TDP") or "")
            except ValueError:
                tdp = None
            name = (record.get("Name") or "").strip()
            if name:
                rows.append(_Row(name, tdp if tdp and tdp > 0 else None, _words(name)))
    return tuple(rows)


def _clean(model: str) -> str:
    """codecarbon's clean-up: drop "(R)", everything from " CPU @ ", " CPU", and "@ 3.20GHz"."""
    model = model.replace("(R)", "")
    at = model.find(" CPU @ ")
    if at > 0:
        model = model[:at]
    model = model.replace(" CPU", "")
    return re.sub(r" @\s*\d+\.\d+GHz", "", model)


def _match_row(model: str, rows: tuple[_Row, ...]) -> _Row | None:
    for candidate in (model, _clean(model)):
        wanted = candidate.lower()
        for row in rows:
            if row.name.lower() == wanted:
                return row
    words = _words(_clean(model))
    if not words:
        return None
    found = [r for r in rows if words & r.words and (words <= r.words or r.words <= words)]
    return found[0] if len(found) == 1 else None  # none, or ambiguous: refuse to guess


def match_cpu(model: str, *, table: Path | None = None) -> tuple[str, float] | None:
    """The (table name, TDP in W) that ``model`` matches in codecarbon's table, or None."""
    path = table or tdp_table_path()
    if path is None or not model or not model.strip():
        return None
    row = _match_row(model, _table(Path(path)))
    if row is None or row.tdp_w is None:
        return None
    return row.name, row.tdp_w


def tdp_w(model: str | None, *, table: Path | None = None) -> float | None:
    """Thermal design power in watts of the CPU ``model``, from codecarbon's table; None if unknown."""
    if model is None:
        return None
    match = match_cpu(model, table=table)
    return match[1] if match else None


# --------------------------------------------------------------------------- watts per core


def watts_per_core(configured: float | None = None, *, root: Path | str = "/",
                   table: Path | None = None) -> tuple[float, str]:
    """``(watts, sentence)``: the power of one busy core, and where that figure comes from.

    ``configured`` is the ``watts_per_core`` setting (the caller passes it); it wins when set.
    Otherwise TDP / cores per package for a known CPU on bare metal, otherwise
    ``DEFAULT_WATTS_PER_CORE``.
    """
    if configured is not None:
        return float(configured), _("{watts} W per core, as configured (gl.configure(watts_per_core=...) or "
                                    "GREENLAB_WATTS_PER_CORE)", watts=format(float(configured), "g"))
    default = _("{watts} W per core, {source}; set gl.configure(watts_per_core=...) if you know better",
                watts=format(DEFAULT_WATTS_PER_CORE, "g"), source=_(DEFAULT_SOURCE))
    root = Path(root)
    model = cpu_model(root=root)
    match = match_cpu(model, table=table) if model else None
    if model is None:
        return DEFAULT_WATTS_PER_CORE, default + _(" (the CPU model could not be read)")
    if match is None:
        return DEFAULT_WATTS_PER_CORE, default + _(" ({model} is not in codecarbon's CPU table)", model=repr(model))
    name, tdp = match
    if runs_in_vm(root=root):
        return DEFAULT_WATTS_PER_CORE, default + _(
            " (this is a virtual machine: its {tdp} W {name} is shared with cores this VM cannot see, so TDP / "
            "visible cores would overstate the power)", tdp=format(tdp, "g"), name=name)
    topo = _topology(root)
    packages = topo.packages if topo else 1
    cores = topo.cores if topo else physical_cores(root=root)
    cores_per_package = max(1.0, cores / max(1, packages))
    watts = tdp / cores_per_package
    return watts, _("{watts} W per core: the {name}'s TDP of {tdp} W (codecarbon's CPU table) over its {cores} "
                    "physical cores", watts=format(watts, ".3g"), name=name, tdp=format(tdp, "g"),
                    cores=format(cores_per_package, "g"))
