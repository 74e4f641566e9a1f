"""greenlab.meters: RAPL on a fake powercap tree, the estimate's arithmetic, and get().

RAPL counters are plain files under ``tmp_path``, so every energy is exact: the
difference of the microjoule values written, over the domains that should count.
"""
from __future__ import annotations

import functools
import subprocess
import sys
import time
from pathlib import Path

import pytest

from greenlab import meters
from greenlab.config import Settings
from greenlab.meters import estimate as estimate_module
from greenlab.meters import rapl as rapl_module
from greenlab.meters import EstimateMeter, FakeMeter, Meter, RaplMeter, RaplUnavailable

MAX_UJ = 262_143_328_850  # a real Intel package's max_energy_range_uj
GIB = 2**30


# --------------------------------------------------------------------------- fake powercap trees


def zone(directory: Path, name: str, energy_uj: int | str, max_uj: int | str = MAX_UJ) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "name").write_text(f"{name}\n")
    (directory / "energy_uj").write_text(f"{energy_uj}\n")
    (directory / "max_energy_range_uj").write_text(f"{max_uj}\n")
    return directory


def set_energy(root: Path, zone_name: str, energy_uj: int) -> None:
    # write_text truncates the same inode, so the meter's open file sees the new value
    (root / zone_name / "energy_uj").write_text(f"{energy_uj}\n")


@pytest.fixture
def tree(tmp_path) -> Path:
    """Two packages, each with core + uncore (inside it) and dram (beside it); and psys."""
    root = tmp_path / "powercap"
    zone(root / "intel-rapl:0", "package-0", 1_000_000)
    zone(root / "intel-rapl:0:0", "core", 500_000)
    zone(root / "intel-rapl:0:1", "uncore", 100_000)
    zone(root / "intel-rapl:0:2", "dram", 2_000_000)
    zone(root / "intel-rapl:1", "package-1", 3_000_000)
    zone(root / "intel-rapl:1:0", "core", 700_000)
    zone(root / "intel-rapl:1:2", "dram", 4_000_000)
    zone(root / "intel-rapl:2", "psys", 9_000_000)
    (root / "intel-rapl").mkdir()  # the control-type directory, which has no counter
    return root


class CountingOpener:
    """``open`` that remembers what it opened."""

    def __init__(self) -> None:
        self.opened: list[tuple[Path, object]] = []

    def __call__(self, path, *args, **kwargs):
        f = open(path, *args, **kwargs)
        self.opened.append((Path(path), f))
        return f


def deny(filename: str):
    """An opener that raises PermissionError for files called ``filename``, as for a non-root user."""

    def opener(path, *args, **kwargs):
        if Path(path).name == filename:
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, *args, **kwargs)

    return opener


# --------------------------------------------------------------------------- RAPL


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


# --------------------------------------------------------------------------- estimate


class Script:
    """A clock or RSS reader that returns the given values in turn."""

    def __init__(self, *values):
        self.values = list(values)

    def __call__(self):
        return self.values.pop(0)


def test_estimate_energy_is_exact():
    meter = EstimateMeter(
        watts_per_core=10.0,
        cpu_clock=Script(1.0, 3.5),  # 2.5 CPU seconds
        wall_clock=Script(100.0, 104.0),  # 4 wall seconds
        rss_bytes=Script(2 * GIB, 4 * GIB),  # mean 3 GiB
    )
    start, end = meter.read(), meter.read()
    assert meter.cpu_energy_j(start, end) == 25.0
    assert meter.memory_energy_j(start, end) == pytest.approx(4.0 * 3.0 * 0.3725, rel=1e-12)
    assert meter.energy_j(start, end) == pytest.approx(25.0 + 4.47, rel=1e-12)
    assert meter.kind == meters.ESTIMATED and meter.name == "estimate"
    assert isinstance(meter, Meter)


def test_estimate_never_negative():
    meter = EstimateMeter(watts_per_core=10.0, rss_bytes=lambda: 0)
    later, earlier = estimate_module.EstimateReading(5.0, 5.0, 0), estimate_module.EstimateReading(1.0, 1.0, 0)
    assert meter.energy_j(later, earlier) == 0.0


def test_estimate_uses_watts_from_settings_and_no_pue():
    plain = EstimateMeter(settings=Settings(watts_per_core=8.0), rss_bytes=lambda: 0)
    with_pue = EstimateMeter(settings=Settings(watts_per_core=8.0, pue=2.0), rss_bytes=lambda: 0)
    start, end = estimate_module.EstimateReading(0.0, 0.0, 0), estimate_module.EstimateReading(2.0, 3.0, 0)
    assert plain.watts_per_core == 8.0
    assert plain.energy_j(start, end) == with_pue.energy_j(start, end) == 16.0  # PUE is measure()'s job
    assert "configured" in plain.describe()["watts_per_core_source"]


def test_estimate_counts_cpu_time_not_waiting():
    meter = EstimateMeter(watts_per_core=10.0)
    start = meter.read()
    time.sleep(0.2)
    end = meter.read()
    meter.close()
    assert end.wall_s - start.wall_s >= 0.2
    assert meter.cpu_energy_j(start, end) < 0.05 * 10.0  # sleeping costs (almost) no CPU time


def test_estimate_reads_real_resident_memory():
    meter = EstimateMeter(watts_per_core=10.0)
    before = meter.read().rss_bytes
    block = bytearray(64 * 2**20)  # 64 MiB, zero-filled: touched, so resident
    after = meter.read().rss_bytes
    meter.close()
    assert before > 1 * 2**20
    assert after - before >= 48 * 2**20
    del block


def test_estimate_charges_resident_not_reserved_memory():
    import mmap

    meter = EstimateMeter(watts_per_core=10.0)
    before = meter.read().rss_bytes
    reserved = mmap.mmap(-1, 256 * 2**20)  # address space only: no page touched yet
    after = meter.read().rss_bytes
    reserved.close()
    meter.close()
    assert after - before < 16 * 2**20


def test_estimate_resolution_and_describe():
    meter = EstimateMeter(watts_per_core=12.0, reason="because tests say so", rss_bytes=lambda: 0)
    assert meter.resolution_j == time.get_clock_info("process_time").resolution * 12.0
    info = meter.describe()
    assert info["reason"] == meter.reason == "because tests say so"
    assert info["memory_w_per_gb"] == 0.3725 and "Green Algorithms" in info["memory_source"]
    assert "not applied" in info["pue"]


def test_estimate_rejects_nonsense_watts():
    with pytest.raises(ValueError, match="watts_per_core must be > 0"):
        EstimateMeter(watts_per_core=0)


def test_estimate_close_then_read_is_an_error():
    meter = EstimateMeter(watts_per_core=10.0)
    meter.close()
    with pytest.raises(RuntimeError, match="closed"):
        meter.read()


# --------------------------------------------------------------------------- get()


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(meters.POWERCAP_ROOT_ENV, raising=False)


def test_get_returns_a_meter_instance_as_is():
    fake = FakeMeter(power_w=3.0)
    assert meters.get(fake) is fake


def test_get_estimate(no_env):
    meter = meters.get("estimate", settings=Settings(watts_per_core=5.0))
    assert isinstance(meter, EstimateMeter) and meter.watts_per_core == 5.0
    assert "meter='estimate'" in meter.reason


def test_get_auto_uses_rapl_when_readable(tree, no_env):
    meter = meters.get("auto", settings=Settings(), powercap_root=tree)
    try:
        assert isinstance(meter, RaplMeter) and meter.kind == "measured"
    finally:
        meter.close()


def test_get_auto_falls_back_with_the_reason(tmp_path, no_env):
    meter = meters.get("auto", settings=Settings(watts_per_core=5.0), powercap_root=tmp_path / "nope")
    assert isinstance(meter, EstimateMeter) and meter.kind == "estimated"
    assert "RAPL cannot be used" in meter.reason and "no powercap tree" in meter.reason


def test_get_auto_falls_back_when_files_are_root_only(tree, no_env, monkeypatch):
    monkeypatch.setattr(meters, "RaplMeter", functools.partial(RaplMeter, opener=deny("energy_uj")))
    meter = meters.get("auto", settings=Settings(watts_per_core=5.0), powercap_root=tree)
    assert isinstance(meter, EstimateMeter)
    assert "sudo chmod o+r" in meter.reason


def test_get_reads_powercap_root_from_environment(tree, monkeypatch):
    monkeypatch.setenv(meters.POWERCAP_ROOT_ENV, str(tree))
    meter = meters.get("rapl", settings=Settings())
    try:
        assert isinstance(meter, RaplMeter) and meter.root == tree
    finally:
        meter.close()


def test_get_rapl_explains_why_not(tmp_path, no_env):
    with pytest.raises(RuntimeError) as info:
        meters.get("rapl", settings=Settings(), powercap_root=tmp_path / "nope")
    assert "meter='rapl' was asked for" in str(info.value)
    assert "no powercap tree" in str(info.value) and "meter='estimate'" in str(info.value)
    assert isinstance(info.value, RaplUnavailable) and "no powercap tree" in info.value.reason


def test_get_none_follows_the_setting(tree, tmp_path, no_env):
    meter = meters.get(None, settings=Settings(meter="estimate", watts_per_core=5.0), powercap_root=tree)
    assert isinstance(meter, EstimateMeter)  # though RAPL is readable, the setting says estimate
    with pytest.raises(RaplUnavailable):
        meters.get(None, settings=Settings(meter="rapl"), powercap_root=tmp_path / "nope")


def test_get_unknown_choice_lists_the_choices():
    with pytest.raises(ValueError) as info:
        meters.get("wattmeter", settings=Settings())
    assert "'auto', 'rapl', 'estimate'" in str(info.value) and "wattmeter" in str(info.value)


def test_get_rejects_objects_that_are_not_meters():
    with pytest.raises(TypeError, match="Meter object"):
        meters.get(42)  # type: ignore[arg-type]


def test_meters_import_stays_light():
    # Only what greenlab.meters itself adds is checked: the package's own imports are tested elsewhere.
    code = (
        "import sys, greenlab; heavy = ('numpy', 'pandas', 'codecarbon', 'psutil'); "
        "before = {m for m in heavy if m in sys.modules}; "
        "import greenlab.meters; greenlab.meters.get('auto').close(); "
        "print(sorted({m for m in heavy if m in sys.modules} - before))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
