"""``gl.check`` and ``gl.try_it``: instant, friendly feedback on an exercise.

In an exercise notebook the learner writes a function (or an answer) and runs::

    gl.check("vectorize-pi", count_inside)       # a code exercise: pass the function
    gl.check("hot-line", "values.count(v)")      # a judgement exercise: pass the answer
    gl.check("two-versions", c)                  # a measuring exercise: pass what you measured
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

from greenlab.exercises import cells
from greenlab.exercises.feedback import ERROR, Feedback
from greenlab.exercises.sandbox import check_time_limit, describe_exception, is_unfinished, run_safely
from greenlab.i18n import _
from greenlab.inputs import copy_inputs

EXPECT_ENV = "GREENLAB_EXPECT_CHECKS"


def check(exercise: str, answer: Any = None, *, time_limit_s: float | None = None, quiet: bool = False) -> Feedback:
    """Check ``answer`` (a function or a value) for ``exercise``; returns and shows ``Feedback``.

    ``time_limit_s`` overrides the exercise's own limit. The feedback is returned (a notebook
    displays it); nothing here raises on the learner's mistakes. If the cell that defines the
    answer failed the last time it ran, the check says so instead of grading what Python still
    holds from before.
    """
    from greenlab.exercises import catalog  # the exercises, their references and inputs: loaded when checked

    cells.watch()
    try:
        spec = catalog.get(exercise)
        limit = check_time_limit(spec.time_limit_s if time_limit_s is None else time_limit_s)
    except (KeyError, ValueError) as error:
        feedback = Feedback(str(exercise), ERROR, str(error.args[0]))
    else:
        stale = _stale_cell(answer)
        feedback = Feedback(spec.id, ERROR, stale) if stale else spec.evaluate(answer, time_limit_s=limit)
    _enforce_expectation(feedback)
    return feedback


def _stale_cell(answer: Any) -> str | None:
    """The sentence to say when the cell defining ``answer`` failed last time it ran; None if it ran."""
    names = cells.argument_names(cells.current_source())
    if callable(answer) and getattr(answer, "__name__", None):
        names.append(answer.__name__)
    failed = cells.failed_definition(names)
    if failed is None:
        return None
    return _("your cell that defines {names} did not run ({error}): fix the error shown under it, run it again, then "
             "run this check", names=" / ".join(dict.fromkeys(names)), error=failed.error)


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
    It runs on copies of the inputs (in a worker process where that is safe), so a function
    that changes them, hangs, or ends the process leaves the notebook as it was.
    Returns the value (None when there is none), so a notebook can go on to the check.
    """
    cells.watch()
    if not callable(func):
        print(_("try_it needs your function itself (try_it(my_function, ...)), not a {kind}", kind=type(func).__name__))
        return None
    try:
        limit = check_time_limit(time_limit_s)
    except ValueError as error:
        print(error)
        return None
    stale = _stale_cell(func)
    if stale is not None:
        print(stale)
        return None
    copies = copy_inputs(args, kwargs)
    call_args, call_kwargs = copies if copies is not None else (args, kwargs)
    outcome = run_safely(func, call_args, call_kwargs, limit)
    if outcome.printed:
        print(outcome.printed.rstrip())
    if outcome.kind == "timeout":
        print(_("stopped after {seconds} s: is there a loop that never ends?", seconds=format(limit, "g")))
        return None
    if outcome.kind == "crashed":
        print(_("your function crashed: {how}", how=outcome.value))
        return None
    if outcome.kind == "raised":
        if is_unfinished(outcome.value):
            print(_("not written yet: replace the NotImplementedError with your code"))
        else:
            print(_("your function raised {error}", error=describe_exception(outcome.value)))
        return None
    text = repr(outcome.value)
    shown = text if len(text) <= 200 else text[:197] + "..."
    if outcome.value is None and outcome.printed.strip():
        print(_("returned None (nothing): it printed instead; end your function with `return result`"))
    else:
        print(_("returned {value}", value=shown))
    return outcome.value
