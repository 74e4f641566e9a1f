"""greenlab.exercises.sandbox: time limits, killable workers for compiled code, and errors that name the learner's line."""
import numpy as np
import pytest
import greenlab as gl
from greenlab.exercises import sandbox


def test_a_hang_in_a_thread_without_signals_is_abandoned_and_reported():
    import threading
    import time

    box = {}

    def run():
        box["result"] = sandbox.run_limited(time.sleep, (5,), {}, 0.2)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(3)
    assert box["result"] == ("timeout", None)


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
    assert sandbox.run_isolated(lambda a, b: a + b, (2, 3), {}, 10) == ("ok", 5)
    outcome, error = sandbox.run_isolated(lambda: 1 / 0, (), {}, 10)
    assert outcome == "raised" and "ZeroDivisionError" in sandbox.describe_exception(error)

    def starter():
        raise NotImplementedError("your code here")

    outcome, error = sandbox.run_isolated(starter, (), {}, 10)
    assert outcome == "raised" and sandbox.is_unfinished(error)


def test_the_learner_line_is_named_not_a_library_line():
    def typo(x, y):
        return np.count_nonzer(x)  # noqa: the typo is the point

    feedback = gl.check("vectorize-pi", typo)
    assert "AttributeError" in feedback.message and "np.count_nonzer(x)" in feedback.message


def test_long_error_messages_are_cut_to_their_first_line():
    def noisy(x, y):
        message = "first line says it\n" + "more\n" * 20
        raise ValueError(message)

    feedback = gl.check("vectorize-pi", noisy)
    assert "first line says it" in feedback.message and "more" not in feedback.message
