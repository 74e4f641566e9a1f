"""greenlab.meters.open: which meter, the fall-back and its reason; the package stays light."""
from __future__ import annotations

import functools
import subprocess
import sys

import pytest

from fake_powercap import deny
from greenlab import meters
from greenlab.meters import EstimateMeter, FakeMeter, RaplMeter, RaplUnavailable



@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(meters.POWERCAP_ROOT_ENV, raising=False)


def test_open_returns_a_meter_instance_as_is():
    fake = FakeMeter(power_w=3.0)
    assert meters.open(fake) is fake


def test_open_estimate(no_env):
    meter = meters.open("estimate", watts_per_core=5.0)
    assert isinstance(meter, EstimateMeter) and meter.watts_per_core == 5.0
    assert "meter='estimate'" in meter.reason


def test_open_auto_uses_rapl_when_readable(tree, no_env):
    meter = meters.open("auto", powercap_root=tree)
    try:
        assert isinstance(meter, RaplMeter) and meter.kind == "measured"
    finally:
        meter.close()


def test_open_auto_falls_back_with_the_reason(tmp_path, no_env):
    meter = meters.open("auto", watts_per_core=5.0, powercap_root=tmp_path / "nope")
    assert isinstance(meter, EstimateMeter) and meter.kind == "estimated"
    assert "RAPL cannot be used" in meter.reason and "no powercap tree" in meter.reason


def test_open_auto_falls_back_when_files_are_root_only(tree, no_env, monkeypatch):
    monkeypatch.setattr(meters, "RaplMeter", functools.partial(RaplMeter, opener=deny("energy_uj")))
    meter = meters.open("auto", watts_per_core=5.0, powercap_root=tree)
    assert isinstance(meter, EstimateMeter)
    assert "sudo chmod o+r" in meter.reason


def test_open_reads_powercap_root_from_environment(tree, monkeypatch):
    monkeypatch.setenv(meters.POWERCAP_ROOT_ENV, str(tree))
    meter = meters.open("rapl")
    try:
        assert isinstance(meter, RaplMeter) and meter.root == tree
    finally:
        meter.close()


def test_open_rapl_explains_why_not(tmp_path, no_env):
    with pytest.raises(RuntimeError) as info:
        meters.open("rapl", powercap_root=tmp_path / "nope")
    assert "meter='rapl' was asked for" in str(info.value)
    assert "no powercap tree" in str(info.value) and "meter='estimate'" in str(info.value)
    assert isinstance(info.value, RaplUnavailable) and "no powercap tree" in info.value.reason


def test_open_unknown_choice_lists_the_choices():
    with pytest.raises(ValueError) as info:
        meters.open("wattmeter")
    assert "'auto', 'rapl', 'estimate'" in str(info.value) and "wattmeter" in str(info.value)


def test_open_rejects_objects_that_are_not_meters():
    with pytest.raises(TypeError, match="Meter object"):
        meters.open(42)  # type: ignore[arg-type]


def test_meters_import_stays_light():
    # Only what greenlab.meters itself adds is checked: the package's own imports are tested elsewhere.
    code = (
        "import sys, greenlab; heavy = ('numpy', 'pandas', 'codecarbon', 'psutil'); "
        "before = {m for m in heavy if m in sys.modules}; "
        "import greenlab.meters; greenlab.meters.open('auto').close(); "
        "print(sorted({m for m in heavy if m in sys.modules} - before))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
