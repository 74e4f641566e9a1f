"""greenlab.meters.hardware: CPU model, cgroup quotas, cores, TDP table and watts per core.

Everything reads a fake ``/proc`` and ``/sys`` under ``tmp_path`` (the ``root`` parameter),
so the results do not depend on the machine running the tests.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from greenlab.meters import hardware as hw

I7_8700 = "Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz"
GOLD_6148 = "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def cpuinfo(root: Path, model: str | None, *, packages: int = 1, cores: int = 2, threads: int = 2, vm: bool = False) -> Path:
    """A /proc/cpuinfo with ``packages`` x ``cores`` x ``threads`` logical CPUs, x86 style."""
    flags = "fpu sse2 avx2" + (" hypervisor" if vm else "")
    blocks, n = [], 0
    for package in range(packages):
        for core in range(cores):
            for _ in range(threads):
                lines = [f"processor\t: {n}"]
                if model is not None:
                    lines.append(f"model name\t: {model}")
                lines += [f"physical id\t: {package}", f"core id\t\t: {core}", f"flags\t\t: {flags}"]
                blocks.append("\n".join(lines))
                n += 1
    return write(root / "proc" / "cpuinfo", "\n\n".join(blocks) + "\n")


# --------------------------------------------------------------------------- CPU model, VM, cores


def test_cpu_model_reads_model_name(tmp_path):
    cpuinfo(tmp_path, I7_8700)
    assert hw.cpu_model(root=tmp_path) == I7_8700


def test_cpu_model_falls_back_to_platform(tmp_path, monkeypatch):
    monkeypatch.setattr(hw.platform, "processor", lambda: "arm")
    assert hw.cpu_model(root=tmp_path) == "arm"  # no /proc/cpuinfo at all
    monkeypatch.setattr(hw.platform, "processor", lambda: "")
    assert hw.cpu_model(root=tmp_path) is None


def test_runs_in_vm_reads_hypervisor_flag(tmp_path):
    cpuinfo(tmp_path, I7_8700, vm=True)
    assert hw.runs_in_vm(root=tmp_path)
    cpuinfo(tmp_path, I7_8700, vm=False)
    assert not hw.runs_in_vm(root=tmp_path)


def test_physical_cores_counts_cores_not_threads_over_packages(tmp_path):
    cpuinfo(tmp_path, GOLD_6148, packages=2, cores=4, threads=2)  # 16 logical CPUs
    assert hw.physical_cores(root=tmp_path) == 8


def test_physical_cores_from_sysfs_when_cpuinfo_has_no_topology(tmp_path):
    write(tmp_path / "proc" / "cpuinfo", "processor\t: 0\nBogoMIPS\t: 48.00\n\nprocessor\t: 1\n")
    for cpu, core in [(0, 0), (1, 0), (2, 1)]:  # cpu0 and cpu1 are threads of core 0
        topo = tmp_path / "sys" / "devices" / "system" / "cpu" / f"cpu{cpu}" / "topology"
        write(topo / "physical_package_id", "0\n")
        write(topo / "core_id", f"{core}\n")
    assert hw.physical_cores(root=tmp_path) == 2


# --------------------------------------------------------------------------- cgroup quotas


def cgroup_file(root: Path, text: str) -> None:
    write(root / "proc" / "self" / "cgroup", textwrap.dedent(text).lstrip())


def test_cgroup_v2_quota(tmp_path):
    cgroup_file(tmp_path, "0::/user.slice/job\n")
    base = tmp_path / "sys" / "fs" / "cgroup"
    write(base / "cgroup.controllers", "cpu memory\n")
    write(base / "user.slice" / "job" / "cpu.max", "200000 100000\n")
    assert hw.cgroup_cpu_limit(root=tmp_path) == 2.0


def test_cgroup_v2_max_means_unlimited(tmp_path):
    cgroup_file(tmp_path, "0::/job\n")
    write(tmp_path / "sys" / "fs" / "cgroup" / "job" / "cpu.max", "max 100000\n")
    assert hw.cgroup_cpu_limit(root=tmp_path) is None


def test_cgroup_v2_parent_quota_is_tighter(tmp_path):
    cgroup_file(tmp_path, "0::/parent/child\n")
    base = tmp_path / "sys" / "fs" / "cgroup"
    write(base / "parent" / "cpu.max", "50000 100000\n")
    write(base / "parent" / "child" / "cpu.max", "300000 100000\n")
    assert hw.cgroup_cpu_limit(root=tmp_path) == 0.5


def test_cgroup_v2_namespaced_container_reads_mount_root(tmp_path):
    # In a container the host path in /proc/self/cgroup does not exist under the mount,
    # which is the container's own cgroup.
    cgroup_file(tmp_path, "0::/kubepods/burstable/pod123/abc\n")
    write(tmp_path / "sys" / "fs" / "cgroup" / "cpu.max", "150000 100000\n")
    assert hw.cgroup_cpu_limit(root=tmp_path) == 1.5


def test_cgroup_v1_quota(tmp_path):
    cgroup_file(
        tmp_path,
        """
        12:memory:/docker/abc
        4:cpu,cpuacct:/docker/abc
        0::/
        """,
    )
    group = tmp_path / "sys" / "fs" / "cgroup" / "cpu,cpuacct" / "docker" / "abc"
    write(group / "cpu.cfs_quota_us", "150000\n")
    write(group / "cpu.cfs_period_us", "100000\n")
    assert hw.cgroup_cpu_limit(root=tmp_path) == 1.5


def test_cgroup_v1_unlimited_quota(tmp_path):
    cgroup_file(tmp_path, "3:cpu:/\n")
    group = tmp_path / "sys" / "fs" / "cgroup" / "cpu"
    write(group / "cpu.cfs_quota_us", "-1\n")
    write(group / "cpu.cfs_period_us", "100000\n")
    assert hw.cgroup_cpu_limit(root=tmp_path) is None


def test_cgroup_garbage_is_ignored(tmp_path):
    cgroup_file(tmp_path, "0::/job\n")
    write(tmp_path / "sys" / "fs" / "cgroup" / "job" / "cpu.max", "lots please\n")
    assert hw.cgroup_cpu_limit(root=tmp_path) is None


def test_available_cpus_is_affinity_capped_by_quota(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert hw.available_cpus(root=tmp_path) == 4.0  # no cgroup files: affinity alone
    cgroup_file(tmp_path, "0::/job\n")
    write(tmp_path / "sys" / "fs" / "cgroup" / "job" / "cpu.max", "150000 100000\n")
    assert hw.available_cpus(root=tmp_path) == 1.5
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3}, raising=False)
    assert hw.available_cpus(root=tmp_path) == 1.0  # one CPU allowed, though the quota is 1.5


def test_available_cpus_on_this_machine_is_sane():
    cpus = hw.available_cpus()
    assert 0 < cpus <= (os.cpu_count() or 1)


# --------------------------------------------------------------------------- TDP table


def test_tdp_of_a_model_in_codecarbons_table():
    assert hw.tdp_table_path() is not None, "codecarbon's cpu_power.csv should be installed"
    assert hw.tdp_w(I7_8700) == 65.0  # "Intel Core i7-8700" after dropping (R), (TM), CPU @ ...
    assert hw.tdp_w("AMD EPYC 7763 64-Core Processor") == 280.0  # word-set match, as codecarbon
    assert hw.match_cpu(GOLD_6148) == ("Intel Xeon Gold 6148", 150.0)


def test_tdp_of_unknown_or_ambiguous_models_is_none():
    assert hw.tdp_w("Banana Cruncher 9000") is None
    assert hw.tdp_w("AMD EPYC") is None  # matches hundreds of rows: no guess
    assert hw.tdp_w("") is None
    assert hw.tdp_w(None) is None


def test_match_rules_on_a_small_table(tmp_path):
    table = write(
        tmp_path / "cpu_power.csv",
        'Name,TDP\nIntel Core i7-8700,65\nIntel Core i7-8700K,95\nAMD Ryzen 5 3600,65\nAMD Ryzen 5 3600X,95\n'
        '"Broken, Inc. X1",27.29.5\nIntel Core i7,77\n',
    )
    assert hw.match_cpu("intel core i7-8700k", table=table) == ("Intel Core i7-8700K", 95.0)  # case only
    assert hw.match_cpu("AMD Ryzen 5 3600X 6-Core Processor", table=table) == ("AMD Ryzen 5 3600X", 95.0)
    assert hw.match_cpu("AMD Ryzen 5", table=table) is None  # two rows contain these words
    assert hw.match_cpu("Broken, Inc. X1", table=table) is None  # matched, but its TDP is not a number
    # Exact after codecarbon's clean-up, though its words would also fit "Intel Core i7":
    assert hw.match_cpu("Intel(R) Core i7-8700 CPU", table=table) == ("Intel Core i7-8700", 65.0)
    assert hw.match_cpu("Intel(R) Core i7-8700 @ 3.20GHz", table=table) == ("Intel Core i7-8700", 65.0)


def test_tdp_lookup_does_not_import_codecarbon():
    code = (
        "import sys; from greenlab.meters import hardware as hw; before = 'codecarbon' in sys.modules; "
        "assert hw.tdp_w('Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz') == 65.0; "
        "print(before, 'codecarbon' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# --------------------------------------------------------------------------- watts per core


def test_watts_per_core_setting_wins(tmp_path):
    cpuinfo(tmp_path, I7_8700)
    watts, source = hw.watts_per_core(7.5, root=tmp_path)
    assert watts == 7.5
    assert "configured" in source


def test_watts_per_core_from_tdp_on_bare_metal(tmp_path):
    cpuinfo(tmp_path, I7_8700, cores=6, threads=2)
    watts, source = hw.watts_per_core(None, root=tmp_path)
    assert watts == 65.0 / 6
    assert "Intel Core i7-8700" in source and "65 W" in source


def test_watts_per_core_shares_tdp_per_package(tmp_path):
    cpuinfo(tmp_path, GOLD_6148, packages=2, cores=20, threads=1)
    watts, _ = hw.watts_per_core(None, root=tmp_path)
    assert watts == 150.0 / 20  # each socket has its own 150 W over its 20 cores


def test_watts_per_core_default_in_a_vm_even_for_known_model(tmp_path):
    cpuinfo(tmp_path, GOLD_6148, cores=2, vm=True)
    watts, source = hw.watts_per_core(None, root=tmp_path)
    assert watts == hw.DEFAULT_WATTS_PER_CORE == 12.0
    assert "virtual machine" in source


def test_watts_per_core_default_for_unknown_model(tmp_path):
    cpuinfo(tmp_path, "Banana Cruncher 9000")
    watts, source = hw.watts_per_core(None, root=tmp_path)
    assert watts == hw.DEFAULT_WATTS_PER_CORE
    assert "Green Algorithms" in source and "Banana Cruncher 9000" in source
