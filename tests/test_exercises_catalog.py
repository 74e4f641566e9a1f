"""greenlab.exercises.catalog: every exercise is well formed, references pass their own checks, answers are judged within their tolerance."""
import numpy as np
import pytest
import greenlab as gl
from greenlab.exercises import catalog


def test_every_exercise_has_a_notebook_skill_and_target():
    table = __import__("greenlab.exercises", fromlist=["index"]).index()
    assert table.index.is_unique
    assert (table["minutes"] > 0).all()
    notebooks = set(table["notebook"])
    for number in range(2, 10):
        assert any(n.startswith(f"{number:02d}-") for n in notebooks), number
    for exercise in catalog.EXERCISES:
        assert exercise.target and exercise.skill


@pytest.mark.parametrize("exercise", [e for e in catalog.EXERCISES if e.kind == "code"], ids=lambda e: e.id)
def test_every_code_reference_passes_its_own_check_for_correctness(exercise):
    from greenlab.exercises.kinds import _default_validate

    validate = exercise.validate or _default_validate(exercise.rtol, exercise.atol)
    assert len(exercise.inputs()) >= 2  # judged on edge cases and the main input
    for args in exercise.inputs():
        assert validate(exercise.reference(*args), exercise.reference(*args), args) is None


def test_quantizing_without_the_scale_is_told_so():
    feedback = gl.check("quantize-int8", lambda w: (w.astype(np.int8), abs(w).max() / 127))
    assert feedback.status == "wrong" and "round(w / scale)" in feedback.message


@pytest.mark.parametrize("exercise_id", [e.id for e in catalog.EXERCISES if e.kind == "answer" and e.accept is None])
def test_a_numeric_answer_five_percent_off_is_wrong(exercise_id):
    exercise = catalog.get(exercise_id)
    expected = exercise.expected_value()
    assert gl.check(exercise_id, expected).passed
    assert gl.check(exercise_id, expected * 1.05).status == "wrong"
    assert gl.check(exercise_id, expected * 0.95).status == "wrong"


def _a_measurement():
    from greenlab.meters.base import FakeMeter

    return gl.measure(sum, range(1000), meter=FakeMeter(power_w=10.0), repeat=1, min_time=0.001)


def test_answer_exercises_numbers_units_and_text():
    from greenlab.exercises import notebook02

    m = _a_measurement()  # the learner works from their own measurement
    expected = notebook02.year_kwh(m.energy_j)
    assert gl.check("yearly-energy", (m, expected * 1.01)).passed
    wrong = gl.check("yearly-energy", (m, expected * 3.6e6))
    assert wrong.status == "wrong" and "units" in wrong.message
    assert gl.check("yearly-energy", (m, "lots")).status == "error"
    assert gl.check("hot-line", "DUPES = [v for v in values if values.count( v ) > 1]").passed
    assert gl.check("hot-line", "total += v").status == "wrong"
    assert gl.check("model-size-int8", 7).passed


def test_co2_answers_use_the_bundled_intensity():
    from greenlab.exercises import notebook02

    m = _a_measurement()
    kwh = notebook02.year_kwh(m.energy_j)
    assert gl.check("yearly-co2-colombia", (m, kwh * gl.carbon.intensity("COL") / 1000)).passed


def test_ids_are_unique_and_found_with_suggestions():
    assert len({e.id for e in catalog.EXERCISES}) == len(catalog.EXERCISES)
    with pytest.raises(KeyError, match="did you mean 'plate-diffusion'"):
        catalog.get("plate-difusion")


def test_at_least_fourteen_exercises_and_every_notebook_has_one_the_learner_runs():
    assert len(catalog.EXERCISES) >= 14
    for number in range(2, 10):
        runs = [e for e in catalog.EXERCISES if e.notebook.startswith(f"{number:02d}-") and e.kind in ("code", "measure")]
        assert runs, f"notebook {number:02d} needs an exercise the learner runs and measures"
