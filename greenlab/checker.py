"""``gl.check`` and ``gl.try_it``: instant, friendly feedback on an exercise.

In an exercise notebook the learner writes a function (or an answer) and runs::

    gl.check("vectorize-pi", count_inside)       # a code exercise: pass the function
    gl.check("yearly-energy", 202.8)             # a judgement exercise: pass the answer
    gl.try_it(count_inside, x[:10], y[:10])      # run it once on small inputs, see what it does

and gets one of five answers (``greenlab.exercises.feedback``), in plain words, never a
traceback. A function that runs longer than the exercise's time limit is stopped
(``greenlab.exercises.sandbox``) and reported as ``error`` with a hint about loops that never
end. Speed targets are ratios against the reference, measured side by side in the same call,
so they hold on a laptop and on Binder's shared CPU alike.

For CI: when ``GREENLAB_EXPECT_CHECKS`` is set (``passed`` for solutions/, ``not-yet`` for
exercises/), a check whose status differs raises ``AssertionError``, so nbval fails the cell.
Learners never set it.
"""
from __future__ import annotations

import os
from typing import Any

from greenlab.exercises.feedback import ERROR, Feedback
from greenlab.exercises.sandbox import describe_exception, is_unfinished, run_limited

EXPECT_ENV = "GREENLAB_EXPECT_CHECKS"


def check(exercise: str, answer: Any = None, *, time_limit_s: float | None = None, quiet: bool = False) -> Feedback:
    """Check ``answer`` (a function or a value) for ``exercise``; returns and shows ``Feedback``.

    ``time_limit_s`` overrides the exercise's own limit. The feedback is returned (a notebook
    displays it); nothing here raises on the learner's mistakes.
    """
    from greenlab.exercises import catalog  # the exercises, their references and inputs: loaded when checked

    try:
        spec = catalog.get(exercise)
    except KeyError as error:
        feedback = Feedback(str(exercise), ERROR, str(error.args[0]))
    else:
        feedback = spec.evaluate(answer, time_limit_s=time_limit_s or spec.time_limit_s)
    _enforce_expectation(feedback)
    return feedback


def _enforce_expectation(feedback: Feedback) -> None:
    expected = os.environ.get(EXPECT_ENV, "").strip()
    if expected and feedback.status != expected:
        raise AssertionError(
            f"{EXPECT_ENV}={expected} but check {feedback.exercise!r} reported {feedback.status}: {feedback.message}"
        )


def try_it(func, *args: Any, time_limit_s: float = 10.0, **kwargs: Any) -> Any:
    """Run a learner's function once on small inputs and say what happened, never raising.

    ``gl.try_it(count_inside, x[:10], y[:10])`` prints what the function returned, or "not
    written yet", or the error and its line, or that it was stopped after ``time_limit_s``.
    Returns the value (None when there is none), so a notebook can go on to the check.
    """
    if not callable(func):
        print(f"try_it needs your function itself (try_it(my_function, ...)), not a {type(func).__name__}")
        return None
    outcome, value = run_limited(func, args, kwargs, time_limit_s)
    if outcome == "timeout":
        print(f"stopped after {time_limit_s:g} s: is there a loop that never ends?")
        return None
    if outcome == "raised":
        if is_unfinished(value):
            print("not written yet: replace the NotImplementedError with your code")
        else:
            print(f"your function raised {describe_exception(value)}")
        return None
    text = repr(value)
    print(f"returned {text if len(text) <= 200 else text[:197] + '...'}")
    return value
