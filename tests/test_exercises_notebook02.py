"""greenlab.exercises.notebook02: the learner hands over what they measured; each judge reads it back, and can fail."""
import pytest

import greenlab as gl
from greenlab.compare import Comparison
from greenlab.exercises import notebook02
from greenlab.measure import Measurement


def measurement(name, time_s, energy_j, *, spread=0.02, kind="estimated", country=None, intensity=475.0):
    times = (time_s * (1 - spread), time_s, time_s * (1 + spread))
    return Measurement(
        name=name, time_s=time_s, energy_j=energy_j, co2_g=energy_j / 3.6e6 * intensity, loops=10, repeat=3,
        times_s=times, energies_j=(energy_j,) * 3, first_call_time_s=time_s, first_call_energy_j=energy_j,
        energy_kind=kind, meter="estimate" if kind == "estimated" else "rapl", meter_reason="a test",
        country=country, intensity_g_per_kwh=intensity)


def comparison(*measurements, title=""):
    return Comparison(measurements={m.name: m for m in measurements}, baseline=measurements[0].name, title=title)


LOOP = measurement("loop", 0.020, 0.24)
BUILTIN = measurement("builtin", 0.002, 0.024)


# -- two-versions ------------------------------------------------------------------------------------------
def test_two_versions_of_your_own_pass_and_the_figures_are_read_back():
    feedback = gl.check("two-versions", comparison(LOOP, BUILTIN))
    assert feedback.passed
    for said in ("'loop' (the baseline)", "'builtin'", "10.0x faster", "90% less energy", "do not overlap",
                 "least energy: 'builtin'", "estimated from CPU time"):
        assert said in feedback.message, said


def test_runs_that_overlap_are_called_inside_the_noise_and_a_slower_second_version_is_named_so():
    close = measurement("same", 0.0201, 0.241, spread=0.1)
    feedback = gl.check("two-versions", comparison(LOOP, close))
    assert feedback.passed and "cannot tell the two apart" in feedback.message and "slower" in feedback.message


def test_a_measured_comparison_does_not_say_the_energy_is_estimated():
    measured = comparison(measurement("a", 0.02, 0.3, kind="measured"), measurement("b", 0.01, 0.2, kind="measured"))
    assert "estimated" not in gl.check("two-versions", measured).message


def test_the_course_kernel_instead_of_your_own_function_is_wrong():
    pi = gl.kernels.get("pi")
    feedback = gl.check("two-versions", comparison(LOOP, BUILTIN, title=f"{pi.title} (quick: n=20000)"))
    assert feedback.status == "wrong" and "'pi' kernel" in feedback.message


@pytest.mark.parametrize("answer, said", [(LOOP, "pass the Comparison"), (comparison(LOOP), "at least 2 versions"),
                                          ([LOOP, BUILTIN], "pass the Comparison")])
def test_anything_but_a_comparison_of_two_says_what_to_pass(answer, said):
    feedback = gl.check("two-versions", answer)
    assert feedback.status == "error" and said in feedback.message


def test_a_real_comparison_of_two_small_functions_passes():
    c = gl.compare({"loop": lambda n: sum([i for i in range(n)]), "formula": lambda n: n * (n - 1) // 2}, 20_000,
                   repeat=1, min_time=0.01, progress=False)
    assert gl.check("two-versions", c).passed


# -- yearly-energy -----------------------------------------------------------------------------------------
def test_a_year_of_calls_is_redone_from_the_learners_own_measurement():
    kwh = 0.24 * 2_000_000 * 4 * 365 / 3.6e6
    assert notebook02.year_kwh(0.24) == pytest.approx(kwh)
    for answer in [(LOOP, kwh), (kwh, LOOP), (LOOP, kwh * 1.01)]:
        feedback = gl.check("yearly-energy", answer)
        assert feedback.passed and "'loop'" in feedback.message
    assert not gl.check("yearly-energy", (BUILTIN, kwh)).passed  # the other version's figure


@pytest.mark.parametrize("factor, slip", [(1 / 4, "4 servers"), (1 / 365, "365 days"), (1 / (4 * 365), "servers and"),
                                          (3.6e6, "units"), (1.05, "too high")])
def test_the_commonest_slips_are_wrong_and_named(factor, slip):
    feedback = gl.check("yearly-energy", (LOOP, notebook02.year_kwh(LOOP.energy_j) * factor))
    assert feedback.status == "wrong" and slip in feedback.message


@pytest.mark.parametrize("answer, said", [(12.3, "together"), ((comparison(LOOP, BUILTIN), 12.3), "not the whole comparison"),
                                          (("loop", 2.0), "should be a Measurement"), ((LOOP, 1, 2), "a pair"),
                                          ((LOOP, (0, 25)), "use a point")])
def test_the_wrong_kind_of_answer_says_what_to_pass(answer, said):
    feedback = gl.check("yearly-energy", answer)
    assert feedback.status == "error" and said in feedback.message


def test_the_starters_are_not_yet():
    assert gl.check("yearly-energy", (..., ...)).status == "not-yet"
    assert gl.check("yearly-co2-colombia", (..., ...)).status == "not-yet"
    assert gl.check("two-versions", ...).status == "not-yet"


# -- yearly-co2-colombia -------------------------------------------------------------------------------------
def test_co2_in_colombia_uses_the_bundled_intensity_and_names_the_world_grid_slip():
    kg = notebook02.year_kwh(LOOP.energy_j) * gl.carbon.intensity("COL") / 1000
    assert notebook02.year_co2_kg(LOOP.energy_j) == pytest.approx(kg)
    feedback = gl.check("yearly-co2-colombia", (LOOP, kg))
    assert feedback.passed and "world average" in feedback.message
    on_world_grid = gl.check("yearly-co2-colombia", (LOOP, notebook02.year_kwh(LOOP.energy_j) * 475.0 / 1000))
    assert on_world_grid.status == "wrong" and "gl.carbon.intensity('COL')" in on_world_grid.message
    assert gl.check("yearly-co2-colombia", (LOOP, kg * 1000)).status == "wrong"


def test_every_exercise_follows_notebook_02_and_the_learner_measures_in_each():
    assert [e.notebook for e in notebook02.EXERCISES] == ["02-measuring-energy"] * len(notebook02.EXERCISES)
    assert {e.kind for e in notebook02.EXERCISES} == {"measure"}
