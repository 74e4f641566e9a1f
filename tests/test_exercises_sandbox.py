"""greenlab.exercises.sandbox: time limits, killable workers for compiled code, and errors that name the learner's line."""
import os
import numpy as np
import pytest
import greenlab as gl
from greenlab.exercises import sandbox

pytestmark = pytest.mark.usefixtures("practice_exercises")


def test_a_hang_in_a_thread_without_signals_is_abandoned_and_reported():
    import threading
    import time

    box = {}

    def run():
        box["result"] = sandbox.run_limited(time.sleep, (5,), {}, 0.2)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(3)
    assert box["result"].kind == "timeout"


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
    assert sandbox.run_isolated(lambda a, b: a + b, (2, 3), {}, 10)[:2] == ("ok", 5)
    outcome, error, _ = sandbox.run_isolated(lambda: 1 / 0, (), {}, 10)
    assert outcome == "raised" and "ZeroDivisionError" in sandbox.describe_exception(error)

    def starter():
        raise NotImplementedError("your code here")

    outcome, error, _ = sandbox.run_isolated(starter, (), {}, 10)
    assert outcome == "raised" and sandbox.is_unfinished(error)


def test_the_learner_line_is_named_not_a_library_line():
    def typo(x, y):
        return np.count_nonzer(x)  # noqa: the typo is the point

    feedback = gl.check("practice-pi", typo)
    assert "AttributeError" in feedback.message and "np.count_nonzer(x)" in feedback.message


def test_long_error_messages_are_cut_to_their_first_line():
    def noisy(x, y):
        message = "first line says it\n" + "more\n" * 20
        raise ValueError(message)

    feedback = gl.check("practice-pi", noisy)
    assert "first line says it" in feedback.message and "more" not in feedback.message


def test_a_loop_that_swallows_exceptions_is_still_stopped_in_this_process():
    import time

    def stubborn():
        while True:
            try:
                time.sleep(0.01)
            except Exception:  # noqa: BLE001 - what a learner writes
                pass

    started = time.perf_counter()
    assert sandbox.run_limited(stubborn, (), {}, 0.3).kind == "timeout"  # CheckTimeout is a BaseException
    assert time.perf_counter() - started < 5


def test_a_bare_except_loop_is_stopped_by_killing_its_worker():
    import time

    def very_stubborn():
        while True:
            try:
                time.sleep(0.01)
            except:  # noqa: E722 - swallows even the time-out: only the worker's end stops it
                pass

    assert sandbox.run_safely(very_stubborn, (), {}, 0.5).kind == "timeout"


@pytest.mark.parametrize("limit", [0, -1, float("nan"), "10", None, 1e9])
def test_a_bad_time_limit_is_a_clear_error_and_leaves_no_handler_behind(limit):
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(ValueError, match="time_limit_s must be seconds"):
        sandbox.run_limited(lambda: 1, (), {}, limit)
    assert signal.getsignal(signal.SIGALRM) is before
    if limit is not None:  # None means the exercise's own limit in gl.check
        assert gl.check("practice-dedupe", sorted, time_limit_s=limit).status == "error"
    assert signal.getsignal(signal.SIGALRM) is before


def test_a_tiny_limit_never_lets_a_time_out_escape():
    for _ in range(300):
        outcome = sandbox.run_limited(sum, ([1, 2, 3],), {}, 1e-6)
        assert outcome.kind in ("ok", "timeout")


def test_ending_the_process_is_a_crash_of_the_worker_not_of_the_kernel():
    import os

    outcome = sandbox.run_safely(lambda: os._exit(3), (), {}, 10)
    assert outcome.kind == "crashed" and "called os._exit()" in outcome.value
    feedback = gl.check("practice-dedupe", lambda items: os._exit(0))
    assert feedback.status == "error" and feedback.message.startswith("your function crashed:")
    assert "raised" not in feedback.message


def test_a_segmentation_fault_is_named():
    assert "segmentation fault" in sandbox.crash_description(-11)


def test_what_the_function_printed_comes_back():
    outcome = sandbox.run_isolated(lambda: print("hello") or 7, (), {}, 10)
    assert outcome == ("ok", 7, "hello\n")


def test_a_numba_typing_error_names_what_failed_and_the_line():
    numba = pytest.importorskip("numba")

    @numba.njit
    def attribute_typo(x):
        total = 0
        for i in range(len(x)):
            total += x[i].real_part
        return total

    with pytest.raises(Exception) as info:
        attribute_typo(np.arange(3))
    text = sandbox.describe_exception(info.value)
    assert text.startswith("TypingError: Unknown attribute 'real_part'") and "Failed in" not in text
    assert "total += x[i].real_part" in text


PARALLEL_SCRIPT = """
import numba
from numba import njit, prange
from greenlab.exercises.sandbox import run_safely

@njit(parallel=True)
def total(n):
    t = 0.0
    for i in prange(n):
        t += i
    return t

total(10)  # the kernel has run a parallel function: its threads have started
print(numba.threading_layer(), run_safely(total, (1000,), {}, 30).kind)
"""


@pytest.mark.parametrize("layer", [None, "omp"])
def test_a_parallel_numba_function_is_checked_after_the_kernel_started_its_threads(layer, tmp_path):
    # GNU OpenMP terminates a forked child: greenlab asks for a fork-safe layer, and where the
    # layer is OpenMP after all (chosen before greenlab), the function runs in this process
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "NUMBA_THREADING_LAYER"}
    if layer:
        env["NUMBA_THREADING_LAYER"] = layer
    script = ("import greenlab\n" if layer is None else "") + PARALLEL_SCRIPT
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    used, kind = run.stdout.split()[-2:]
    assert kind == "ok", run.stdout + run.stderr[-1000:]
    assert used == (layer or "workqueue") or (layer is None and used == "tbb")
