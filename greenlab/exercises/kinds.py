"""The two kinds of exercise, and how each judges a learner's answer.

- ``CodeExercise``: the learner writes a function. It runs in a worker process
  (``sandbox.run_safely``) on the exercise's inputs, **several of them** (the main input and
  small edge cases, so an off-by-one that happens to agree on one input does not pass), each
  compared with the reference (``greenlab.agreement``, or the exercise's own ``validate``).
  When right, both are measured side by side with ``gl.measure`` in one worker, and the
  speedup is held to ``min_speedup``: a ratio, so it holds on any machine.
- ``AnswerExercise``: the learner reads a profile or does the arithmetic and gives a value.
  Numbers of any kind (``int``, ``float``, NumPy scalars, ``Decimal``, ``Fraction``) are judged
  within ``rtol``; text is normalized (case, spaces) first.

What a learner gets instead of a traceback, whatever they did: "not-yet" for the starter;
"error" with their own line for an exception, a time-out or a crash; "wrong" with where it
differs and a hint, including for the commonest slips (a decimal comma makes a tuple: "use a
point: 0.25"; a function that prints instead of returning; a generator where a list is
wanted); "slow" or "passed" with the figures measured in this call. Inputs are made afresh for
every run, so a function that changes its input cannot spoil the next run.
"""
from __future__ import annotations

import decimal
import fractions
import math
import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from greenlab.exercises.feedback import ERROR, NOT_YET, PASSED, SLOW, WRONG, Feedback, Hint, shown
from greenlab.i18n import N_, _, group
from greenlab.exercises.sandbox import Outcome, describe_exception, is_unfinished, run_safely

MEASURE_OPTIONS = {"repeat": 3, "min_time": 0.05}  # enough to rank two versions, quick to run
MEASURE_TIME_FACTOR = 4  # measuring both sides may take this many times the exercise's time limit
# An exercise's title, skill, target and hints are marked with N_ where it is defined (at import
# time) and translated where they are shown: index() and the feedback of a check.
Hints = dict[str, tuple["str | Hint", ...]]


def hints_for(hints: Hints, status: str) -> tuple[str, ...]:
    """The hints for ``status``, in the current language."""
    return tuple(shown(hint) for hint in hints.get(status, ()))


@dataclass(frozen=True)
class CodeExercise:
    id: str
    notebook: str  # the course notebook it follows, e.g. "05-numpy-vectorization"
    title: str
    skill: str
    minutes: int
    reference: Callable[..., Any]
    make_input: Callable[[], tuple]
    more_inputs: Callable[[], list[tuple]] | None = None  # small edge cases, judged before the main input
    min_speedup: float = 0.0  # 0: correctness only (the saving is still measured and shown)
    rtol: float = 1e-9
    atol: float = 0.0
    validate: Callable[[Any, Any, tuple], str | None] | None = None
    time_limit_s: float = 20.0
    hints: Hints = field(default_factory=dict)
    kind: str = "code"

    @property
    def target(self) -> str:
        if self.min_speedup:
            return _("same result, at least {speedup}x faster than the reference", speedup=format(self.min_speedup, "g"))
        return _("same result (the saving is measured and shown)")

    def inputs(self) -> list[tuple]:
        """Every input the answer is judged on: the edge cases first, then the main input."""
        return [*(self.more_inputs() if self.more_inputs else []), self.make_input()]

    def _feedback(self, status: str, message: str, **figures: Any) -> Feedback:
        return Feedback(self.id, status, message, hints=hints_for(self.hints, status), **figures)

    def evaluate(self, answer: Any, *, time_limit_s: float) -> Feedback:
        if answer is None or answer is Ellipsis:
            return self._feedback(NOT_YET, _("write your function, then run gl.check({id}, your_function)", id=repr(self.id)))
        if not callable(answer):
            return self._feedback(ERROR, _("expected a function, got {kind}: pass the function itself, without calling "
                                           "it (gl.check({id}, my_function), not my_function())",
                                           kind=type(answer).__name__, id=repr(self.id)))
        judged = run_safely(self._judge, (answer,), {}, time_limit_s)
        problem = self._problem(judged, time_limit_s)
        if problem is not None:
            return problem
        if judged.value is not None:  # (status, message): wrong on some input
            return self._feedback(*judged.value)
        measured = run_safely(self._measure_both, (answer,), {}, time_limit_s * MEASURE_TIME_FACTOR)
        if measured.kind != "ok":
            what = self._problem(measured, time_limit_s * MEASURE_TIME_FACTOR)
            return self._feedback(ERROR, _("right answer, but measuring your function failed: {problem}",
                                           problem=what.message))
        return self._verdict(*measured.value)

    def _problem(self, outcome: Outcome, limit_s: float) -> Feedback | None:
        if outcome.kind == "timeout":
            return self._feedback(ERROR, _("your function was stopped after {seconds} s. Is there a loop that never ends, "
                                           "or an algorithm much slower than the reference?", seconds=format(limit_s, "g")))
        if outcome.kind == "crashed":
            return self._feedback(ERROR, _("your function crashed: {how}", how=outcome.value))
        if outcome.kind == "raised":
            if is_unfinished(outcome.value):
                return self._feedback(NOT_YET, _("the starter still raises NotImplementedError: replace it with your code"))
            return self._feedback(ERROR, _("your function raised {error}", error=describe_exception(outcome.value)))
        return None

    def _judge(self, answer: Callable[..., Any]) -> tuple[str, str] | None:
        """In the worker: the answer on every input; (WRONG, where) at the first that differs, else None."""
        import contextlib
        import copy
        import io

        validate = self.validate or _default_validate(self.rtol, self.atol)
        for number, args in enumerate(self.inputs(), 1):
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                value = answer(*copy.deepcopy(args))
            expected = self.reference(*copy.deepcopy(args))
            if value is None and expected is not None:
                said = _(" It printed something instead: use return, not print.") if printed.getvalue().strip() else ""
                return WRONG, _("your function returned None (nothing).{said} End it with: return your_result", said=said)
            try:
                difference = validate(expected, value, args)
            except TypeError as error:
                difference = str(error)
            if difference:
                which = "" if number == len(self.inputs()) else _(" on a small case, {call}", call=_describe_args(args))
                return WRONG, _("not the expected result{which}: {difference}", which=which, difference=difference)
        return None

    def _measure_both(self, answer: Callable[..., Any]):
        """In the worker: the answer and the reference, measured side by side with one meter."""
        import copy

        from greenlab.context import measuring
        from greenlab.measure import measure_with

        args = self.make_input()
        with measuring() as context:  # one meter and grid for both sides
            mine = measure_with(context, answer, copy.deepcopy(args), **MEASURE_OPTIONS)
            base = measure_with(context, self.reference, copy.deepcopy(args), **MEASURE_OPTIONS)
        return _without_results(mine), _without_results(base)

    def _verdict(self, mine, base) -> Feedback:
        from greenlab.render.formatting import format_energy, format_time

        speedup = base.time_s / mine.time_s if mine.time_s > 0 else math.inf
        saved_j = base.energy_j - mine.energy_j
        pace = (_("{ratio}x faster", ratio=format(speedup, ".1f")) if speedup >= 1
                else _("{ratio}x slower", ratio=format(1 / speedup, ".1f")))
        energy = (_("{energy} less energy per call", energy=format_energy(abs(saved_j))) if saved_j >= 0
                  else _("{energy} more energy per call", energy=format_energy(abs(saved_j))))
        figures = _("{mine} per call vs the reference's {base}: {pace}, {energy} ({kind})",
                    mine=format_time(mine.time_s), base=format_time(base.time_s), pace=pace, energy=energy,
                    kind=_(mine.energy_kind))
        details = {"mine": mine, "reference": base}
        status = SLOW if self.min_speedup and speedup < self.min_speedup else PASSED
        message = (_("right answer! {figures}. The target is {speedup}x: keep going.", figures=figures,
                     speedup=format(self.min_speedup, "g")) if status == SLOW
                   else _("right answer, {figures}.", figures=figures))
        return self._feedback(status, message, speedup=speedup, energy_saved_j=saved_j,
                              energy_kind=mine.energy_kind, details=details)


def _without_results(m):
    """A Measurement without its result (it may be large, and is already checked) for the trip back."""
    import dataclasses

    return dataclasses.replace(m, result=None)


def _describe_args(args: tuple) -> str:
    shown = ", ".join(repr(a) if len(repr(a)) <= 40 else
                      _("{kind} of {size}", kind=type(a).__name__, size=len(a) if hasattr(a, "__len__") else "?")
                      for a in args)
    return f"your_function({shown})"


def _default_validate(rtol: float, atol: float):
    from greenlab.agreement import first_difference

    def validate(expected, actual, args):
        return first_difference(expected, actual, rtol=rtol, atol=atol)

    return validate


# -- answers ------------------------------------------------------------------------------------------
def as_number(answer: Any) -> float | None:
    """A learner's number of any kind as a float (int, float, NumPy scalar, Decimal, Fraction); None if not one."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, (numbers.Real, decimal.Decimal, fractions.Fraction)):
        return float(answer)
    if type(answer).__module__ == "numpy" and getattr(answer, "shape", None) == () and hasattr(answer, "item"):
        item = answer.item()
        return float(item) if isinstance(item, (int, float)) and not isinstance(item, bool) else None
    return None


def decimal_comma_hint(answer: Any) -> str | None:
    """ "0,25" in Python is the tuple (0, 25): say so, with the number that was meant.

    A text with a decimal comma ("7,5", typed between quotes) gets the same answer.
    """
    if isinstance(answer, str):
        found = re.fullmatch(r"\s*([-+]?\d+),(\d+)\s*", answer)
        if found is None:
            return None
        meant = found.group(1) + "." + found.group(2)
        return _("{text} has a decimal comma: Python writes numbers with a point and without quotes, {meant}",
                 text=repr(answer), meant=meant)
    if not isinstance(answer, tuple) or len(answer) < 2:
        return None
    whole, *rest = answer
    if not isinstance(whole, int) or isinstance(whole, bool):
        return None
    if all(isinstance(part, int) and not isinstance(part, bool) for part in rest):
        meant = f"{whole}." + "".join(str(part) for part in rest[:1])
        return _("Python read a decimal comma as two numbers, {pair}: use a point, {meant}", pair=repr(answer),
                 meant=meant)
    return _("Python read a decimal comma as a tuple of numbers: use a point (0.5 * x, not 0,5 * x)")


@dataclass(frozen=True)
class AnswerExercise:
    id: str
    notebook: str
    title: str
    skill: str
    minutes: int
    expected: Any  # a value, or a function computing it (from greenlab's data)
    rtol: float = 0.02
    unit: str = ""
    accept: Callable[[str], bool] | None = None  # text answers: a test on the normalized text
    hints: Hints = field(default_factory=dict)
    time_limit_s: float = 1.0
    kind: str = "answer"

    @property
    def target(self) -> str:
        return _("within {tolerance}", tolerance=format(self.rtol, ".0%")) if self.accept is None else _("the right line or name")

    def expected_value(self) -> Any:
        return self.expected() if callable(self.expected) else self.expected

    def _feedback(self, status: str, message: str) -> Feedback:
        return Feedback(self.id, status, message, hints=hints_for(self.hints, status))

    def evaluate(self, answer: Any, *, time_limit_s: float) -> Feedback:
        if answer is None or answer is Ellipsis:
            return self._feedback(NOT_YET, _("replace the ... with your answer, then run gl.check({id}, answer)",
                                             id=repr(self.id)))
        if self.accept is not None:
            text = normalize_text(str(answer))
            if self.accept(text):
                return self._feedback(PASSED, _("right: {answer}", answer=str(answer).strip()))
            return self._feedback(WRONG, _("not this one: {answer}", answer=repr(str(answer).strip())))
        comma = decimal_comma_hint(answer)
        if comma is not None:
            return self._feedback(ERROR, comma)
        number = as_number(answer)
        unit = f" {self.unit}" if self.unit else ""
        if number is None or math.isnan(number):
            shown = f"{type(answer).__name__} {answer!r}"[:80]
            return self._feedback(ERROR, _("the answer should be one number{unit}; got {shown}",
                                           unit=_(" in{unit}", unit=unit) if unit else "", shown=shown))
        expected = self.expected_value()
        if math.isclose(number, expected, rel_tol=self.rtol):
            return self._feedback(PASSED, _("right: {expected}{unit} (you said {answer})", expected=group(expected, ",.4g"),
                                            unit=unit, answer=group(number, ",.4g")))
        ratio = number / expected if expected else math.inf
        direction = _("too high") if number > expected else _("too low")
        scale = ""
        if expected and number and any(math.isclose(ratio, f, rel_tol=0.02) for f in (1e3, 1e-3, 1e6, 1e-6, 3.6e6, 1 / 3.6e6)):
            scale = _(" by a power of 1000 or the 3.6 million J in a kWh: check your units")
        return self._feedback(WRONG, _("{answer}{unit} is {direction}{scale}", answer=group(number, ",.4g"), unit=unit,
                                       direction=direction, scale=scale))


def normalize_text(text: str) -> str:
    """Lower case, no surrounding spaces, runs of white space as one, no trailing colon."""
    return re.sub(r"\s+", " ", text.strip().lower()).rstrip(":").strip()


def contains(*needles: str) -> Callable[[str], bool]:
    """A text test: any of ``needles`` appears, spaces ignored."""
    squashed = [n.replace(" ", "") for n in needles]
    return lambda text: any(n in text.replace(" ", "") for n in squashed)


@dataclass(frozen=True)
class ResultExercise:
    """The learner measures something and hands over what they measured.

    ``judge(answer)`` looks at it (a ``Comparison`` of their own two versions, a ``Measurement``,
    a pair of their comparison and a number they worked out from it...) and returns
    ``(status, message)``; it raises ``ValueError`` with a sentence when the answer is not the
    kind of thing asked for. Judges inspect greenlab's records, they do not run learner code,
    so they run here, not in a worker.
    """

    id: str
    notebook: str
    title: str
    skill: str
    minutes: int
    judge: Callable[[Any], tuple[str, str]]
    goal: str = N_("your own measurement, read correctly")  # marked with N_; ``target`` is it translated
    hints: Hints = field(default_factory=dict)
    time_limit_s: float = 1.0
    kind: str = "measure"

    @property
    def target(self) -> str:
        return _(self.goal)

    def evaluate(self, answer: Any, *, time_limit_s: float) -> Feedback:
        if answer is None or answer is Ellipsis:
            return Feedback(self.id, NOT_YET, _("measure, then run gl.check({id}, what_you_measured)", id=repr(self.id)),
                            hints=hints_for(self.hints, NOT_YET))
        comma = decimal_comma_hint(answer)
        if comma is not None:
            return Feedback(self.id, ERROR, comma)
        try:
            status, message = self.judge(answer)
        except (ValueError, TypeError, KeyError) as error:
            status, message = ERROR, str(error.args[0]) if error.args else str(error)
        return Feedback(self.id, status, message, hints=hints_for(self.hints, status))


def comparison_of(answer: Any, *, at_least: int = 2):
    """``answer`` as a ``gl.Comparison`` of at least ``at_least`` variants, or a ValueError saying what to pass."""
    from greenlab.compare import Comparison

    if not isinstance(answer, Comparison):
        raise ValueError(_("pass the Comparison that gl.compare returned (c = gl.compare(...); gl.check(..., c)); "
                           "got {kind}", kind=type(answer).__name__))
    if len(answer.names) < at_least:
        raise ValueError(_("compare at least {count} versions; this comparison has {found}", count=at_least,
                           found=len(answer.names)))
    return answer
