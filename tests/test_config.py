import pytest

import greenlab as gl
from greenlab import config


def test_defaults():
    s = gl.settings()
    assert s.country is None and s.watts_per_core is None and s.pue == 1.0 and s.meter == "auto"


def test_configure_replaces_only_what_is_given_and_rerunning_is_harmless():
    gl.configure(pue=1.2)
    gl.configure(watts_per_core=8)
    gl.configure(watts_per_core=8)
    s = gl.settings()
    assert s.pue == 1.2 and s.watts_per_core == 8.0


def test_environment_variables(monkeypatch):
    monkeypatch.setenv("GREENLAB_PUE", "1.4")
    monkeypatch.setenv("GREENLAB_WATTS_PER_CORE", "7.5")
    monkeypatch.setenv("GREENLAB_METER", "estimate")
    monkeypatch.setenv("GREENLAB_SIZE", "quick")
    s = config.reset()
    assert (s.pue, s.watts_per_core, s.meter, s.size) == (1.4, 7.5, "estimate", "quick")


def test_bad_environment_variable_says_which(monkeypatch):
    monkeypatch.setenv("GREENLAB_PUE", "high")
    with pytest.raises(ValueError, match="GREENLAB_PUE must be a number"):
        config.reset()
    monkeypatch.delenv("GREENLAB_PUE")


@pytest.mark.parametrize(
    "options, message",
    [
        ({"pue": 0.5}, "pue must be between 1.0"),
        ({"watts_per_core": -3}, "watts_per_core must be between"),
        ({"meter": "wattmeter"}, "meter must be one of"),
        ({"size": "huge"}, "size must be one of"),
        ({"country": ""}, "country must be"),
    ],
)
def test_bad_settings_are_refused_and_leave_settings_unchanged(options, message):
    before = gl.settings()
    with pytest.raises(ValueError, match=message):
        gl.configure(**options)
    assert gl.settings() == before


def test_country_is_normalized():
    assert gl.configure(country="col").country == "COL"
    assert gl.configure(country=None).country is None
