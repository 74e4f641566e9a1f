"""greenlab.context: settings, meter and grid resolved once; the meter closed if it was opened here."""
from __future__ import annotations

from pathlib import Path

import pytest

import greenlab as gl
from greenlab import meters
from greenlab.config import Settings
from greenlab.context import Context, measuring, resolve_grid, resolve_size
from greenlab.meters import EstimateMeter, FakeMeter, RaplMeter, RaplUnavailable


@pytest.fixture
def powercap(tmp_path, monkeypatch) -> Path:
    """A one-package powercap tree that GREENLAB_POWERCAP_ROOT points at: RAPL is readable."""
    zone = tmp_path / "powercap" / "intel-rapl:0"
    zone.mkdir(parents=True)
    (zone / "name").write_text("package-0\n")
    (zone / "energy_uj").write_text("1000\n")
    (zone / "max_energy_range_uj").write_text("262143328850\n")
    monkeypatch.setenv(meters.POWERCAP_ROOT_ENV, str(tmp_path / "powercap"))
    return tmp_path / "powercap"


def test_the_meter_setting_chooses_the_meter(powercap, tmp_path, monkeypatch):
    with measuring(settings=Settings(meter="estimate", watts_per_core=5.0)) as ctx:
        assert isinstance(ctx.meter, EstimateMeter)  # though RAPL is readable, the setting says estimate
        assert ctx.meter.watts_per_core == 5.0 and "configured" in ctx.meter.describe()["watts_per_core_source"]
    with measuring(settings=Settings(meter="auto")) as ctx:
        assert isinstance(ctx.meter, RaplMeter)
    monkeypatch.setenv(meters.POWERCAP_ROOT_ENV, str(tmp_path / "nope"))
    with pytest.raises(RaplUnavailable):
        with measuring(settings=Settings(meter="rapl")):
            pass


def test_an_argument_wins_over_the_setting(powercap):
    with measuring(meter="estimate", country="COL", settings=Settings(meter="rapl", country="BRA")) as ctx:
        assert isinstance(ctx.meter, EstimateMeter) and ctx.grid.code == "COL"


def test_a_meter_opened_here_is_closed_and_one_passed_in_is_left_open():
    with measuring(meter="estimate") as ctx:
        opened = ctx.meter
    with pytest.raises(RuntimeError, match="closed"):
        opened.read()
    mine = FakeMeter()
    with measuring(meter=mine) as ctx:
        assert ctx.meter is mine
    assert not mine.closed


def test_the_meter_is_closed_when_the_block_raises():
    with pytest.raises(ZeroDivisionError):
        with measuring(meter="estimate") as ctx:
            opened = ctx.meter
            1 / 0  # noqa: B018
    with pytest.raises(RuntimeError, match="closed"):
        opened.read()


def test_an_unknown_country_opens_no_meter(monkeypatch):
    opened = []
    monkeypatch.setattr("greenlab.meters.open", lambda *a, **k: opened.append(1) or FakeMeter())
    with pytest.raises(ValueError, match="unknown country"):
        with measuring(country="Atlantis"):
            pass
    assert opened == []


def test_context_is_frozen_and_carries_the_pue():
    with measuring(meter=FakeMeter(), settings=Settings(pue=1.4)) as ctx:
        assert isinstance(ctx, Context) and ctx.pue == 1.4
        with pytest.raises(AttributeError):
            ctx.grid = None  # type: ignore[misc]


def test_the_grid_follows_configure_and_the_world_is_the_default():
    assert resolve_grid().code is None and resolve_grid().name == "world average"
    gl.configure(country="col")
    assert resolve_grid().code == "COL"
    assert resolve_grid("WORLD").code is None  # a figure can still ask for the world grid
    assert resolve_grid(settings=Settings()).code is None  # explicit settings win over configure


def test_size_follows_the_setting_and_a_bad_size_is_refused(monkeypatch):
    from greenlab import config

    monkeypatch.delenv("GREENLAB_SIZE", raising=False)  # make test sets it to quick
    config.reset()
    assert resolve_size() == "workshop"
    assert resolve_size(" Quick ") == "quick"
    assert resolve_size(settings=Settings(size="full")) == "full"
    with pytest.raises(ValueError, match="size must be one of quick, workshop, full"):
        resolve_size("huge")


def test_one_measure_resolves_the_settings_once(monkeypatch):
    from greenlab import config

    calls = []
    real = config.settings
    monkeypatch.setattr("greenlab.context.current_settings", lambda **kw: calls.append(1) or real(**kw))
    gl.compare({"a": lambda: 1, "b": lambda: 1}, repeat=1, min_time=0.001, progress=False)
    assert calls == [1]  # one compare, two variants: the settings are read once
