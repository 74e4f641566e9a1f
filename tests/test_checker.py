"""gl.check: every kind of feedback, including exceptions, hangs and wrong shapes."""
import numpy as np
import pytest

import greenlab as gl
from greenlab import checker
from greenlab.exercises import catalog


def vectorized(x, y):
    return int(np.count_nonzero(x * x + y * y <= 1.0))


def test_not_yet_for_no_answer_ellipsis_and_the_starter():
    assert gl.check("vectorize-pi").status == "not-yet"
    assert gl.check("yearly-energy", ...).status == "not-yet"

    def starter(x, y):
        raise NotImplementedError("your code here")

    feedback = gl.check("vectorize-pi", starter)
    assert feedback.status == "not-yet" and "NotImplementedError" in feedback.message


def test_passed_reports_the_measured_saving():
    feedback = gl.check("vectorize-pi", vectorized)
    assert feedback.passed, feedback
    assert feedback.speedup >= 5 and feedback.energy_saved_j > 0
    assert feedback.energy_kind in ("measured", "estimated") and feedback.energy_kind in feedback.message
    assert "faster" in str(feedback)


def test_wrong_answer_says_where_and_hints():
    feedback = gl.check("vectorize-pi", lambda x, y: vectorized(x, y) + 1)
    assert feedback.status == "wrong" and "expected" in feedback.message
    assert feedback.hints


def test_wrong_shape_and_type_are_feedback_not_tracebacks():
    feedback = gl.check("quantize-int8", lambda w: (np.round(w / 0.01).astype(np.int8).T, 0.01))
    assert feedback.status == "wrong"
    feedback = gl.check("quantize-int8", lambda w: (np.round(w / (abs(w).max() / 127)), abs(w).max() / 127))
    assert feedback.status == "wrong" and "int8" in feedback.message
    feedback = gl.check("vectorize-pi", lambda x, y: [1, 2])
    assert feedback.status == "wrong"


def test_slow_right_answer_is_encouraged_not_failed():
    def still_loops(items):
        seen = []
        for item in items:
            if item not in seen:
                seen.append(item)
        return seen

    feedback = gl.check("dedupe", still_loops)
    assert feedback.status == "slow" and "target is 10x" in feedback.message
    assert feedback.hints


def test_exceptions_become_feedback_with_the_line():
    def broken(x, y):
        total = 0
        return total / 0

    feedback = gl.check("vectorize-pi", broken)
    assert feedback.status == "error"
    assert "ZeroDivisionError" in feedback.message and "return total / 0" in feedback.message


def test_a_hang_is_stopped_at_the_time_limit():
    def forever(x, y):
        while True:
            pass

    feedback = gl.check("vectorize-pi", forever, time_limit_s=0.5)
    assert feedback.status == "error" and "stopped after 0.5 s" in feedback.message


def test_a_hang_in_a_thread_without_signals_is_abandoned_and_reported():
    import threading
    import time

    box = {}

    def run():
        box["result"] = checker.run_limited(time.sleep, (5,), {}, 0.2)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(3)
    assert box["result"] == ("timeout", None)


def test_not_a_function_is_explained():
    feedback = gl.check("vectorize-pi", 3.14)
    assert feedback.status == "error" and "pass the function itself" in feedback.message


def test_answer_exercises_numbers_units_and_text():
    expected = 0.25 * 2_000_000 * 4 * 365 / 3.6e6
    assert gl.check("yearly-energy", expected * 1.01).passed
    wrong = gl.check("yearly-energy", expected * 3.6e6)
    assert wrong.status == "wrong" and "units" in wrong.message
    assert gl.check("yearly-energy", "lots").status == "error"
    assert gl.check("hot-line", "DUPES = [v for v in values if values.count( v ) > 1]").passed
    assert gl.check("hot-line", "total += v").status == "wrong"
    assert gl.check("breakeven-calls", 500).passed
    assert gl.check("model-size-int8", 7).passed


def test_co2_answers_use_the_bundled_intensity():
    kwh = 0.25 * 2_000_000 * 4 * 365 / 3.6e6
    assert gl.check("yearly-co2-colombia", kwh * gl.carbon.intensity("COL") / 1000).passed


def test_unknown_exercise_suggests_close_names():
    feedback = gl.check("vectorise-pi", vectorized)
    assert feedback.status == "error" and "did you mean 'vectorize-pi'" in feedback.message


def test_expectation_variable_turns_a_mismatch_into_an_assertion(monkeypatch):
    monkeypatch.setenv(checker.EXPECT_ENV, "passed")
    with pytest.raises(AssertionError, match="reported not-yet"):
        gl.check("yearly-energy", ...)
    monkeypatch.setenv(checker.EXPECT_ENV, "not-yet")
    assert gl.check("yearly-energy", ...).status == "not-yet"


def test_feedback_renders_html():
    html = gl.check("yearly-energy", ...)._repr_html_()
    assert "not-yet" in html and "<div" in html


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
    args = exercise.make_input()
    expected = exercise.reference(*args)
    validate = exercise.validate or catalog._default_validate(exercise.rtol, exercise.atol)
    assert validate(expected, exercise.reference(*exercise.make_input()), args) is None


def test_long_error_messages_are_cut_to_their_first_line():
    def noisy(x, y):
        message = "first line says it\n" + "more\n" * 20
        raise ValueError(message)

    feedback = gl.check("vectorize-pi", noisy)
    assert "first line says it" in feedback.message and "more" not in feedback.message


def test_a_slower_answer_reads_slower_not_a_fraction_faster():
    def slower(items):
        seen = []
        for item in items:
            if item not in seen and item not in seen[:]:
                seen.append(item)
        return seen

    feedback = gl.check("dedupe", slower)
    assert feedback.status == "slow" and "x slower" in feedback.message


def test_quantizing_without_the_scale_is_told_so():
    feedback = gl.check("quantize-int8", lambda w: (w.astype(np.int8), abs(w).max() / 127))
    assert feedback.status == "wrong" and "round(w / scale)" in feedback.message


def test_a_compiled_loop_that_never_ends_is_killed_in_its_worker():
    numba = pytest.importorskip("numba")

    @numba.njit
    def collatz_forgot_to_assign(limit):
        n = limit
        while n != 1:
            n // 2  # the learner forgot "n ="
        return n

    feedback = gl.check("numba-collatz", collatz_forgot_to_assign, time_limit_s=3)
    assert feedback.status == "error" and "stopped after 3 s" in feedback.message


def test_isolated_runs_report_results_errors_and_unfinished_code():
    assert checker.run_isolated(lambda a, b: a + b, (2, 3), {}, 10) == ("ok", 5)
    outcome, error = checker.run_isolated(lambda: 1 / 0, (), {}, 10)
    assert outcome == "raised" and "ZeroDivisionError" in checker.describe_exception(error)

    def starter():
        raise NotImplementedError("your code here")

    outcome, error = checker.run_isolated(starter, (), {}, 10)
    assert outcome == "raised" and checker.is_unfinished(error)


def test_the_learner_line_is_named_not_a_library_line():
    def typo(x, y):
        return np.count_nonzer(x)  # noqa: the typo is the point

    feedback = gl.check("vectorize-pi", typo)
    assert "AttributeError" in feedback.message and "np.count_nonzer(x)" in feedback.message


def test_sys_exit_in_a_learner_function_is_feedback():
    import sys

    feedback = gl.check("vectorize-pi", lambda x, y: sys.exit(1))
    assert feedback.status == "error" and "sys.exit()" in feedback.message


def test_try_it_says_what_happened_and_never_raises(capsys):
    assert gl.try_it(lambda x: x * 2, 21) == 42
    assert "returned 42" in capsys.readouterr().out

    def starter(x):
        raise NotImplementedError

    assert gl.try_it(starter, 1) is None
    assert "not written yet" in capsys.readouterr().out
    assert gl.try_it(lambda x: x / 0, 1) is None
    assert "ZeroDivisionError" in capsys.readouterr().out

    def forever():
        while True:
            pass

    assert gl.try_it(forever, time_limit_s=0.3) is None
    assert "stopped after 0.3 s" in capsys.readouterr().out
    assert gl.try_it(42) is None
    assert "your function itself" in capsys.readouterr().out


@pytest.mark.parametrize("exercise_id", [e.id for e in catalog.EXERCISES if e.kind == "answer" and e.accept is None])
def test_a_numeric_answer_five_percent_off_is_wrong(exercise_id):
    exercise = catalog.get(exercise_id)
    expected = exercise.expected_value()
    assert gl.check(exercise_id, expected).passed
    assert gl.check(exercise_id, expected * 1.05).status == "wrong"
    assert gl.check(exercise_id, expected * 0.95).status == "wrong"
