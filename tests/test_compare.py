import math

import numpy as np
import pytest

import greenlab as gl
from greenlab.meters.base import FakeMeter


def costs(clock, seconds_per_call, value, first_extra_s=0.0):
    """A variant that takes ``seconds_per_call`` on the fake clock (plus extra on the first call)."""
    state = {"first": True}

    def variant(n):
        clock.advance(seconds_per_call + (first_extra_s if state["first"] else 0.0))
        state["first"] = False
        return value(n)

    return variant


@pytest.fixture
def comparison(fake_clock):
    meter = FakeMeter(power_w=10.0, clock=fake_clock)
    variants = {
        "python": costs(fake_clock, 0.010, lambda n: np.arange(n) * 2),
        "numpy": costs(fake_clock, 0.001, lambda n: np.arange(n) * 2),
        "numba": costs(fake_clock, 0.0005, lambda n: np.arange(n) * 2, first_extra_s=0.3),
    }
    return gl.compare(variants, 10, baseline="python", meter=meter, min_time=0.05, repeat=3, progress=False)


def test_speedup_energy_saved_and_breakeven_are_exact(comparison):
    assert comparison.speedup("numpy") == pytest.approx(10.0)
    assert comparison.energy_ratio("numba") == pytest.approx(20.0)
    assert comparison.energy_saved("numpy") == pytest.approx(0.9)
    assert comparison.speedup("python") == pytest.approx(1.0)
    # numba's first call cost 0.3 s extra at 10 W = 3 J; each call saves (0.010 - 0.0005) s x 10 W = 0.095 J
    assert comparison.breakeven_calls("numba") == math.ceil(3.0 / 0.095)
    assert comparison.breakeven_calls("numpy") == 0
    assert comparison.best("energy_j") == "numba"


def test_table_has_one_row_per_variant_with_units_in_columns(comparison):
    table = comparison.table()
    assert list(table.index) == ["python", "numpy", "numba"]
    for column in ("time_s", "energy_j", "co2_g", "speedup", "energy_saved", "breakeven_calls", "energy_kind"):
        assert column in table.columns
    assert table.loc["numpy", "time_s"] == pytest.approx(0.001)
    assert (table["energy_kind"] == "estimated").all()


def test_text_html_and_plot(comparison):
    text = str(comparison)
    assert "python (baseline)" in text and "10x" in text and "estimated" in text
    html = comparison._repr_html_()
    assert "<table" in html and "numba" in html and "estimated" in html
    import matplotlib

    matplotlib.use("Agg")
    ax = comparison.plot("time_s")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["python", "numpy", "numba"]
    assert ax.get_xscale() == "linear"
    with pytest.raises(ValueError, match="metric must be one of"):
        comparison.plot("watts")


def test_energy_plots_say_how_energy_was_obtained_and_explain_their_colours(fake_clock):
    import matplotlib

    matplotlib.use("Agg")
    meter = FakeMeter(power_w=10.0, clock=fake_clock, name="estimate")  # named like greenlab's estimate
    variants = {"python": costs(fake_clock, 0.010, lambda n: n), "slow": costs(fake_clock, 0.020, lambda n: n),
                "fast": costs(fake_clock, 0.001, lambda n: n)}
    c = gl.compare(variants, 1, meter=meter, min_time=0.05, repeat=1, progress=False)
    ax = c.plot("energy_j")
    assert ax.get_xlabel().replace("\n", " ").startswith("energy per call (J), estimated = CPU time x W per core")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "baseline", "less than the baseline", "more than the baseline"]
    assert c.energy_caption == c["fast"].energy_caption == "estimated = CPU time x W per core"
    assert "CPU time" not in c.plot("time_s").get_xlabel()


def test_a_variant_with_a_wrong_answer_is_refused_by_name(fake_clock):
    meter = FakeMeter(clock=fake_clock)
    variants = {
        "python": costs(fake_clock, 0.01, lambda n: list(range(n))),
        "fast_but_wrong": costs(fake_clock, 0.001, lambda n: list(range(1, n + 1))),
    }
    with pytest.raises(gl.ResultMismatch, match="'fast_but_wrong'.*at \\[0\\] is 1, expected 0") as info:
        gl.compare(variants, 5, meter=meter, min_time=0.01, progress=False)
    assert info.value.variant == "fast_but_wrong"


def test_float_tolerance_is_stated_and_configurable(fake_clock):
    meter = FakeMeter(clock=fake_clock)
    variants = {
        "a": costs(fake_clock, 0.01, lambda n: 1.0),
        "b": costs(fake_clock, 0.01, lambda n: 1.0 + 1e-6),
    }
    with pytest.raises(gl.ResultMismatch, match="rtol=1e-09"):
        gl.compare(variants, 1, meter=meter, min_time=0.01, progress=False)
    c = gl.compare(variants, 1, meter=meter, min_time=0.01, rtol=1e-5, progress=False)
    assert c.rtol == 1e-5


def test_list_of_functions_and_default_baseline():
    def first(x):
        return x + 1

    def second(x):
        return 1 + x

    c = gl.compare([first, second], 1, meter=FakeMeter(), min_time=0.001, repeat=1, progress=False)
    assert c.baseline == "first" and c.names == ["first", "second"]


@pytest.mark.parametrize(
    "variants, kwargs, error, message",
    [
        ({}, {}, ValueError, "at least one variant"),
        ({"a": 3}, {}, TypeError, "variant 'a' is a int"),
        ("abc", {}, TypeError, "must be a dict"),
        ({"a": abs}, {"baseline": "b"}, ValueError, "baseline 'b' is not one of the variants: a"),
    ],
)
def test_bad_variants_are_refused(variants, kwargs, error, message):
    with pytest.raises(error, match=message):
        gl.compare(variants, 1, meter=FakeMeter(), progress=False, **kwargs)


def test_unknown_variant_lookup_names_the_variants(comparison):
    with pytest.raises(KeyError, match="variants are: python, numpy, numba"):
        comparison["cython"]


def test_comparison_is_frozen(comparison):
    with pytest.raises(AttributeError):
        comparison.baseline = "numpy"  # type: ignore[misc]
    with pytest.raises(TypeError):
        comparison.measurements["x"] = None  # type: ignore[index]
