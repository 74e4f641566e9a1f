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
    with pytest.raises(ValueError, match="GREENLAB_PUE='high' is not valid: pue must be a number"):
        config.reset()
    monkeypatch.delenv("GREENLAB_PUE")


@pytest.mark.parametrize("variable, value", [("GREENLAB_SIZE", "huge"), ("GREENLAB_PUE", "1,2"),
                                             ("GREENLAB_COUNTRY", "Atlantis"), ("GREENLAB_METER", "wattmeter"),
                                             ("GREENLAB_WATTS_PER_CORE", "-5")])
def test_a_bad_variable_is_named_and_configure_gets_the_learner_out(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValueError, match=f"{variable}={value!r} is not valid"):
        config.reset()  # read the environment again
    with pytest.raises(ValueError, match=f"{variable}={value!r} is not valid"):
        gl.settings()
    name = {v: k for k, v in config.ENVIRONMENT.items()}[variable]
    assert config.problems() and variable in config.problems()[0]
    good = {"size": "quick", "pue": 1.2, "country": "COL", "meter": "estimate", "watts_per_core": 10.0}[name]
    assert getattr(gl.configure(**{name: good}), name) == good  # configure replaces the wrong variable
    assert getattr(gl.settings(), name) == good and config.problems() == []


def test_other_variables_still_apply_beside_a_wrong_one(monkeypatch):
    monkeypatch.setenv("GREENLAB_SIZE", "huge")
    monkeypatch.setenv("GREENLAB_PUE", "1.3")
    with pytest.raises(ValueError, match="GREENLAB_SIZE"):
        config.reset()
    assert config.settings(lenient=True).pue == 1.3 and config.settings(lenient=True).size == "workshop"


def test_a_decimal_comma_is_named_with_the_fix():
    with pytest.raises(ValueError, match=r"pue must be a number \(use a decimal point: 1.2, not 1,2\)"):
        gl.configure(pue="1,2")


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
