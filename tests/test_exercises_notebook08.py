"""greenlab.exercises.notebook08: its exercises' references, edge cases and expected values."""
import pytest

import greenlab as gl
from greenlab.compare import Comparison
from greenlab.exercises import notebook08
from greenlab.measure import Measurement


def _measured(name, energy_j, time_s):
    return Measurement(name=name, time_s=time_s, energy_j=energy_j, co2_g=0.0, loops=1, repeat=1, times_s=(time_s,),
                       energies_j=(energy_j,), first_call_time_s=None, first_call_energy_j=None,
                       energy_kind="estimated", meter="fake", meter_reason="a test", country=None,
                       intensity_g_per_kwh=475.0)


def _comparison():
    """python 2 J per call, numpy 0.1 J, numba 0.02 J: numba saves 1.98 J per call."""
    figures = {"python": (2.0, 0.1), "numpy": (0.1, 0.005), "numba": (0.02, 0.001)}
    return Comparison(measurements={n: _measured(n, e, t) for n, (e, t) in figures.items()}, baseline="python")


def _check(energy_j_per_call, **options):
    year = gl.carbon.project(energy_j_per_call, calls_per_day=1_000_000, machines=10, **options)
    return gl.check("my-year-of-saving", (_comparison(), year))


def test_the_best_variants_saving_for_a_year_passes_on_any_grid():
    for country in (None, "COL", "IND"):
        feedback = _check(2.0 - 0.02, country=country)
        assert feedback.passed, feedback.message
    assert "numba saves" in _check(1.98).message


@pytest.mark.parametrize("energy_j, words", [
    (0.02, "numba's own energy"),
    (2.0, "the baseline's own energy"),
    (2.0 - 0.1, "the saving of 'numpy'"),
    (1.98e3, "factor of a thousand"),
    (0.1 - 0.001, "a time saved"),
    (1.0, "is not the saving"),
])
def test_a_plausible_slip_is_wrong_and_named(energy_j, words):
    feedback = _check(energy_j)
    assert feedback.status == "wrong" and words in feedback.message, feedback.message


def test_not_a_year_is_wrong():
    feedback = _check(1.98, days=30)
    assert feedback.status == "wrong" and "a year" in feedback.message


def test_the_starter_is_not_yet_and_the_wrong_things_are_errors():
    assert gl.check("my-year-of-saving", (..., ...)).status == "not-yet"
    assert gl.check("my-year-of-saving", ...).status == "not-yet"
    year = gl.carbon.project(1.98, calls_per_day=1)
    assert "as a pair" in gl.check("my-year-of-saving", year).message
    assert "pass the Comparison" in gl.check("my-year-of-saving", (1.98, year)).message
    assert "gl.carbon.project" in gl.check("my-year-of-saving", (_comparison(), 1.98)).message


def test_energy_vs_time_main_input_is_fasta_where_the_naive_difference_says_spectral_norm():
    (ratios,) = notebook08.energy_vs_time_input()
    assert list(ratios.columns) == ["energy_ratio", "time_ratio"]
    assert notebook08.most_misleading_reference(ratios) == "fasta"
    quotient = ratios["energy_ratio"] / ratios["time_ratio"]
    assert (quotient - 1).abs().idxmax() == "spectral-norm"


def test_energy_vs_time_answers_of_each_small_case():
    answers = [notebook08.most_misleading_reference(*case) for case in notebook08.energy_vs_time_cases()]
    assert answers == ["b", "a", "b", "fannkuch-redux"]


@pytest.mark.parametrize("slip", [
    lambda r: ((r["energy_ratio"] / r["time_ratio"]) - 1).abs().idxmax(),  # a difference, not a factor
    lambda r: r["energy_ratio"].idxmax(),  # the largest energy ratio
    lambda r: (r["energy_ratio"] / r["time_ratio"]).idxmax(),  # only one direction
], ids=["difference", "largest energy", "one direction"])
def test_energy_vs_time_slips_are_wrong(slip):
    assert gl.check("energy-vs-time", slip).status == "wrong"


def test_energy_vs_time_a_vectorized_answer_passes():
    def most_misleading(ratios):
        quotient = ratios["energy_ratio"] / ratios["time_ratio"]
        return quotient.where(quotient >= 1, 1 / quotient).idxmax()

    assert gl.check("energy-vs-time", most_misleading).passed
