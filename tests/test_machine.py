"""greenlab.machine: one description of this machine for reports, doctor, benchmarks and tools."""
import os

from greenlab import machine


def test_describe_reads_this_machine():
    m = machine.describe(label="here")
    assert m.logical_cpus == os.cpu_count() and m.physical_cores >= 1 and 0 < m.usable_cpus <= m.logical_cpus
    assert m.python.startswith(("CPython", "PyPy")) and m.versions["numpy"] != "not installed"
    assert m.date.endswith("UTC") and m.label == "here"


def test_the_views_agree():
    m = machine.describe(label="mybinder.org")
    info = m.as_dict()
    assert list(info)[:7] == ["date", "host", "os", "cpu", "cpus", "memory", "python"]
    assert info["cpus"] == m.cpus_text and f"{m.usable_cpus:g} usable" in info["cpus"]
    line = m.line()
    assert line.startswith("mybinder.org; ") and f"{m.usable_cpus:g} CPU(s) usable" in line
    assert "numpy" in line and m.cpu in m.to_table().to_text()


def test_a_missing_package_is_named_not_fatal():
    m = machine.describe(versions_of=("surely-not-installed-pkg",))
    assert m.versions["surely-not-installed-pkg"] == "not installed"
    assert "surely-not-installed-pkg" not in m.line()


def test_load_average_text():
    m = machine.Machine(date="d", host="h", os="o", cpu="c", logical_cpus=2, physical_cores=1, usable_cpus=1.5,
                        memory_gib=None, python="CPython 3.11", load_average=(1.0, 0.5, 0.25))
    assert m.load_text == "1.00, 0.50, 0.25 (1, 5, 15 min)" and m.as_dict()["memory"] == "unknown"
    assert machine.Machine(**{**m.__dict__, "load_average": None}).load_text == "unknown"
