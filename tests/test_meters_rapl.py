"""greenlab.meters.rapl on a fake powercap tree: exact joules, wrap-around, permissions, the fixes named."""
from __future__ import annotations

import pytest

from fake_powercap import MAX_UJ, CountingOpener, deny, set_energy, zone
from greenlab import meters
from greenlab.meters import rapl as rapl_module
from greenlab.meters import Meter, RaplMeter, RaplUnavailable



def test_rapl_sums_packages_and_dram_only(tree):
    with RaplMeter(tree) as meter:
        assert [(d.zone, d.name) for d in meter.domains] == [
            ("intel-rapl:0", "package-0"),
            ("intel-rapl:0:2", "dram"),
            ("intel-rapl:1", "package-1"),
            ("intel-rapl:1:2", "dram"),
        ]
        assert set(meter.skipped) == {"intel-rapl:0:0", "intel-rapl:0:1", "intel-rapl:1:0", "intel-rapl:2"}
        assert "twice" in meter.skipped["intel-rapl:2"]  # psys would double count
        assert meter.kind == meters.MEASURED and meter.name == "rapl"
        assert isinstance(meter, Meter)


def test_rapl_energy_is_exact_sum_of_domain_deltas(tree):
    with RaplMeter(tree) as meter:
        start = meter.read()
        assert start == (1_000_000, 2_000_000, 3_000_000, 4_000_000)
        set_energy(tree, "intel-rapl:0", 1_000_000 + 2_500_000)  # +2.5 J
        set_energy(tree, "intel-rapl:0:2", 2_000_000 + 250_000)  # +0.25 J
        set_energy(tree, "intel-rapl:1", 3_000_000 + 1_000_000)  # +1 J
        set_energy(tree, "intel-rapl:0:0", 99_000_000)  # core: inside the package, ignored
        set_energy(tree, "intel-rapl:2", 99_000_000)  # psys: ignored
        end = meter.read()
        assert meter.energy_j(start, end) == 3.75


def test_rapl_keeps_files_open_and_rereads(tree):
    opener = CountingOpener()
    with RaplMeter(tree, opener=opener) as meter:
        energy_opens = lambda: sum(1 for p, _ in opener.opened if p.name == "energy_uj")  # noqa: E731
        assert energy_opens() == 4
        first = meter.read()
        set_energy(tree, "intel-rapl:1", 3_000_123)
        second = meter.read()
        assert energy_opens() == 4  # no reopening: seek(0) and read again
        assert second[2] - first[2] == 123
    assert all(f.closed for p, f in opener.opened if p.name == "energy_uj")


def test_rapl_corrects_wrap_around(tmp_path):
    root = tmp_path / "powercap"
    zone(root / "intel-rapl:0", "package-0", 999_000, max_uj=1_000_000)
    with RaplMeter(root) as meter:
        start = meter.read()
        set_energy(root, "intel-rapl:0", 500)  # passed 1_000_000 and started again
        assert meter.energy_j(start, meter.read()) == (1_000_000 - 999_000 + 500) / 1e6


def test_rapl_nested_device_layout_counts_each_zone_once(tmp_path):
    # /sys/devices/virtual/powercap/intel-rapl/intel-rapl:0/intel-rapl:0:0, plus the flat
    # class view whose symlinks lead to the same directories: zones must not be summed twice.
    devices = tmp_path / "devices"
    pkg = zone(devices / "intel-rapl" / "intel-rapl:0", "package-0", 10)
    zone(pkg / "intel-rapl:0:0", "dram", 20)
    classview = tmp_path / "class"
    classview.mkdir()
    (classview / "intel-rapl:0").symlink_to(pkg)
    (classview / "intel-rapl:0:0").symlink_to(pkg / "intel-rapl:0:0")
    for root in (devices, classview):
        with RaplMeter(root) as meter:
            assert [d.zone for d in meter.domains] == ["intel-rapl:0", "intel-rapl:0:0"]
            assert meter.read() == (10, 20)


def test_rapl_amd_package_with_core_subzone(tmp_path):
    root = tmp_path / "powercap"  # what a Zen CPU shows: package and core, no DRAM
    zone(root / "intel-rapl:0", "package-0", 5)
    zone(root / "intel-rapl:0:0", "core", 3)
    with RaplMeter(root) as meter:
        assert [d.name for d in meter.domains] == ["package-0"]


def test_rapl_default_roots_are_searched_in_order(tree, tmp_path, monkeypatch):
    monkeypatch.setattr(rapl_module, "POWERCAP_ROOTS", (tmp_path / "missing", tree))
    with RaplMeter() as meter:
        assert meter.root == tree


def test_rapl_no_default_tree(tmp_path, monkeypatch):
    monkeypatch.setattr(rapl_module, "POWERCAP_ROOTS", (tmp_path / "a", tmp_path / "b"))
    with pytest.raises(RaplUnavailable) as info:
        RaplMeter()
    assert "no RAPL counters" in info.value.reason and "Binder" in info.value.reason


def test_rapl_missing_tree(tmp_path):
    with pytest.raises(RaplUnavailable) as info:
        RaplMeter(tmp_path / "nope")
    assert "no powercap tree" in info.value.reason


def test_rapl_tree_without_zones(tmp_path, monkeypatch):
    (tmp_path / "a" / "intel-rapl").mkdir(parents=True)
    (tmp_path / "a" / "intel-rapl-mmio:0").mkdir()  # not a RAPL zone we read
    with pytest.raises(RaplUnavailable, match="no intel-rapl:N zones"):
        RaplMeter(tmp_path / "a")
    monkeypatch.setattr(rapl_module, "POWERCAP_ROOTS", (tmp_path / "a",))
    with pytest.raises(RaplUnavailable, match="modprobe intel_rapl_msr"):
        RaplMeter()


def test_rapl_only_psys_is_not_enough(tmp_path):
    root = tmp_path / "powercap"
    zone(root / "intel-rapl:0", "psys", 5)
    with pytest.raises(RaplUnavailable) as info:
        RaplMeter(root)
    assert "no RAPL package zone" in info.value.reason


@pytest.mark.parametrize("filename", ["energy_uj", "max_energy_range_uj"])
def test_rapl_root_only_files_give_the_fix(tree, filename):
    with pytest.raises(RaplUnavailable) as info:
        RaplMeter(tree, opener=deny(filename))
    reason = info.value.reason
    assert "only root can read" in reason
    assert "CVE-2020-8694" in reason
    assert f"sudo chmod o+r {tree}/intel-rapl:*/energy_uj" in reason
    assert "udev" in reason


def test_rapl_permission_fix_names_the_system_path(tree, monkeypatch):
    monkeypatch.setattr(rapl_module, "POWERCAP_ROOTS", (tree,))
    with pytest.raises(RaplUnavailable) as info:
        RaplMeter(opener=deny("energy_uj"))
    assert f"sudo chmod o+r {tree}/intel-rapl:*/energy_uj" in info.value.reason


def test_rapl_garbage_counter(tree):
    set_energy(tree, "intel-rapl:1", "not-a-number")  # type: ignore[arg-type]
    with pytest.raises(RaplUnavailable) as info:
        RaplMeter(tree)
    assert "intel-rapl:1/energy_uj" in info.value.reason
    assert "not a whole number" in info.value.reason


def test_rapl_garbage_range(tmp_path):
    root = tmp_path / "powercap"
    zone(root / "intel-rapl:0", "package-0", 5, max_uj="lots")
    with pytest.raises(RaplUnavailable, match="wrap-around"):
        RaplMeter(root)


def test_rapl_failed_init_closes_what_it_opened(tree):
    set_energy(tree, "intel-rapl:1:2", "garbage")  # type: ignore[arg-type]  # the last domain
    opener = CountingOpener()
    with pytest.raises(RaplUnavailable):
        RaplMeter(tree, opener=opener)
    energy_files = [f for p, f in opener.opened if p.name == "energy_uj"]
    assert len(energy_files) == 4 and all(f.closed for f in energy_files)


def test_rapl_close_then_read_is_an_error(tree):
    meter = RaplMeter(tree)
    meter.close()
    with pytest.raises(RuntimeError, match="closed"):
        meter.read()


def test_rapl_energy_rejects_foreign_readings(tree):
    with RaplMeter(tree) as meter:
        with pytest.raises(ValueError, match="one value per domain"):
            meter.energy_j((1, 2), meter.read())


def test_rapl_describe_lists_domains_and_scope(tree):
    with RaplMeter(tree) as meter:
        info = meter.describe()
    assert [d["name"] for d in info["domains"]] == ["package-0", "dram", "package-1", "dram"]
    assert info["domains"][0]["max_energy_range_j"] == MAX_UJ / 1e6
    assert "whole CPU package" in info["scope"] and "every process" in info["scope"]
    assert info["kind"] == "measured"
    assert meter.resolution_j == 2 * rapl_module.UPDATE_INTERVAL_S * rapl_module.ASSUMED_PACKAGE_POWER_W


