"""The exercises: what each asks, how it is checked, and its target.

Two kinds:

- ``CodeExercise``: the learner writes a function. It is run on the reference inputs (with a
  time limit), its result compared with the reference's (``greenlab.agreement``, or the
  exercise's own ``validate``), then both are measured side by side with ``gl.measure`` and
  the speedup compared with ``min_speedup``. Targets are ratios, so they hold on any machine;
  they are set well below what a good answer reaches, so a busy machine does not fail one.
- ``AnswerExercise``: the learner reads a profile or does the arithmetic and gives a value.
  Numbers are accepted within ``rtol``; text answers are normalized (case, spaces) first.

``EXERCISES`` lists them all, in course order (``greenlab.exercises.index()`` gives instructors a table).
"""
from __future__ import annotations

import copy
import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from greenlab.exercises import references as ref
from greenlab.exercises.feedback import ERROR, NOT_YET, PASSED, SLOW, WRONG, Feedback
from greenlab.exercises.sandbox import describe_exception, is_unfinished, run_isolated, run_limited
from greenlab.units import J_PER_KWH

MEASURE_OPTIONS = {"repeat": 3, "min_time": 0.05}  # enough to rank two versions, quick to run


@dataclass(frozen=True)
class CodeExercise:
    id: str
    notebook: str  # the course notebook it follows, e.g. "05-numpy-vectorization"
    title: str
    skill: str
    minutes: int
    reference: Callable[..., Any]
    make_input: Callable[[], tuple]
    min_speedup: float = 0.0  # 0: correctness only (the saving is still measured and shown)
    rtol: float = 1e-9
    atol: float = 0.0
    validate: Callable[[Any, Any, tuple], str | None] | None = None
    time_limit_s: float = 20.0
    hints: dict[str, tuple[str, ...]] = field(default_factory=dict)
    isolate: bool = False  # run the first call in a worker process: compiled loops ignore signals
    kind: str = "code"

    @property
    def target(self) -> str:
        if self.min_speedup:
            return f"same result, at least {self.min_speedup:g}x faster than the reference"
        return "same result (the saving is measured and shown)"

    def _feedback(self, status: str, message: str, **figures: Any) -> Feedback:
        return Feedback(self.id, status, message, hints=self.hints.get(status, ()), **figures)

    def evaluate(self, answer: Any, *, time_limit_s: float) -> Feedback:
        if answer is None or answer is Ellipsis:
            return self._feedback(NOT_YET, f"write your function, then run gl.check({self.id!r}, your_function)")
        if not callable(answer):
            return self._feedback(ERROR, f"expected a function, got {type(answer).__name__}: pass the function itself, "
                                         f"without calling it (gl.check({self.id!r}, my_function), not my_function())")
        args = self.make_input()
        run = run_isolated if self.isolate else run_limited
        outcome, value = run(answer, copy.deepcopy(args), {}, time_limit_s)
        if outcome == "timeout":
            return self._feedback(ERROR, f"your function was stopped after {time_limit_s:g} s. Is there a loop that "
                                         "never ends, or an algorithm much slower than the reference?")
        if outcome == "raised":
            if is_unfinished(value):
                return self._feedback(NOT_YET, "the starter still raises NotImplementedError: replace it with your code")
            return self._feedback(ERROR, f"your function raised {describe_exception(value)}")
        expected = self.reference(*copy.deepcopy(args))
        try:
            difference = (self.validate or _default_validate(self.rtol, self.atol))(expected, value, args)
        except TypeError as error:
            difference = str(error)
        if difference:
            return self._feedback(WRONG, f"not the expected result: {difference}")
        return self._measure_against_reference(answer, args, time_limit_s)

    def _measure_against_reference(self, answer, args, time_limit_s) -> Feedback:
        from greenlab.context import measuring
        from greenlab.measure import measure_with

        with measuring() as context:  # one meter and grid for both sides
            outcome, mine = run_limited(measure_with, (context, answer, copy.deepcopy(args)), MEASURE_OPTIONS,
                                        time_limit_s * 3)
            if outcome != "ok":
                return self._feedback(ERROR, "right answer, but measuring your function failed or took too long: "
                                             + (describe_exception(mine) if outcome == "raised" else "stopped"))
            base = measure_with(context, self.reference, copy.deepcopy(args), **MEASURE_OPTIONS)
        speedup = base.time_s / mine.time_s if mine.time_s > 0 else math.inf
        saved_j = base.energy_j - mine.energy_j
        from greenlab.render.formatting import format_energy, format_time

        pace = f"{speedup:.1f}x faster" if speedup >= 1 else f"{1 / speedup:.1f}x slower"
        figures = (f"{format_time(mine.time_s)} per call vs the reference's {format_time(base.time_s)}: "
                   f"{pace}, {format_energy(abs(saved_j))} {'less' if saved_j >= 0 else 'more'} "
                   f"energy per call ({mine.energy_kind})")
        details = {"mine": mine, "reference": base}
        if self.min_speedup and speedup < self.min_speedup:
            return self._feedback(SLOW, f"right answer! {figures}. The target is {self.min_speedup:g}x: keep going.",
                                  speedup=speedup, energy_saved_j=saved_j, energy_kind=mine.energy_kind, details=details)
        return self._feedback(PASSED, f"right answer, {figures}.", speedup=speedup, energy_saved_j=saved_j,
                              energy_kind=mine.energy_kind, details=details)


def _default_validate(rtol: float, atol: float):
    from greenlab.agreement import first_difference

    def validate(expected, actual, args):
        return first_difference(expected, actual, rtol=rtol, atol=atol)

    return validate


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
    hints: dict[str, tuple[str, ...]] = field(default_factory=dict)
    time_limit_s: float = 1.0
    kind: str = "answer"

    @property
    def target(self) -> str:
        return f"within {self.rtol:.0%}" if self.accept is None else "the right line or name"

    def expected_value(self) -> Any:
        return self.expected() if callable(self.expected) else self.expected

    def _feedback(self, status: str, message: str) -> Feedback:
        return Feedback(self.id, status, message, hints=self.hints.get(status, ()))

    def evaluate(self, answer: Any, *, time_limit_s: float) -> Feedback:
        if answer is None or answer is Ellipsis:
            return self._feedback(NOT_YET, f"replace the ... with your answer, then run gl.check({self.id!r}, answer)")
        if self.accept is not None:
            text = normalize_text(str(answer))
            if self.accept(text):
                return self._feedback(PASSED, f"right: {str(answer).strip()}")
            return self._feedback(WRONG, f"not this one: {str(answer).strip()!r}")
        if isinstance(answer, bool) or not isinstance(answer, (int, float)) or math.isnan(answer):
            return self._feedback(ERROR, f"the answer should be a number{' in ' + self.unit if self.unit else ''}; "
                                         f"got {type(answer).__name__} {answer!r}")
        expected = self.expected_value()
        unit = f" {self.unit}" if self.unit else ""
        if math.isclose(answer, expected, rel_tol=self.rtol):
            return self._feedback(PASSED, f"right: {expected:,.4g}{unit} (you said {answer:,.4g})")
        ratio = answer / expected if expected else math.inf
        direction = "too high" if answer > expected else "too low"
        scale = ""
        if expected and answer and any(math.isclose(ratio, f, rel_tol=0.02) for f in (1e3, 1e-3, 1e6, 1e-6, 3.6e6, 1 / 3.6e6)):
            scale = " by a power of 1000 or the 3.6 million J in a kWh: check your units"
        return self._feedback(WRONG, f"{answer:,.4g}{unit} is {direction}{scale}")


def normalize_text(text: str) -> str:
    """Lower case, no surrounding spaces, runs of white space as one, no trailing colon."""
    return re.sub(r"\s+", " ", text.strip().lower()).rstrip(":").strip()


def _contains(*needles: str) -> Callable[[str], bool]:
    squashed = [n.replace(" ", "") for n in needles]
    return lambda text: any(n in text.replace(" ", "") for n in squashed)


# -- expected values computed from greenlab's data, with the arithmetic visible --------------


def _yearly_energy_kwh() -> float:
    return 0.25 * 2_000_000 * 4 * 365 / J_PER_KWH  # J/call x calls/day x servers x days / J per kWh


def _yearly_co2_colombia_kg() -> float:
    from greenlab import carbon

    return _yearly_energy_kwh() * carbon.intensity("COL") / 1000


def _co2_saved_colombia_kg() -> float:
    from greenlab import carbon

    saved_j_per_day = (0.012 - 0.0004) * 500_000
    return saved_j_per_day * 365 / J_PER_KWH * carbon.intensity("COL") / 1000


def _quantize_validate(expected, actual, args) -> str | None:
    import numpy as np

    (weights,) = args
    if not isinstance(actual, tuple) or len(actual) != 2:
        return "return a pair: (int8 array, scale)"
    q, scale = actual
    q = np.asarray(q)
    if q.dtype != np.int8:
        return f"the values must be int8 (got {q.dtype}): use .astype(np.int8) after rounding"
    if q.shape != np.shape(weights):
        return f"shape is {q.shape}, expected {np.shape(weights)}"
    if not math.isclose(float(scale), expected[1], rel_tol=1e-6):
        return f"scale is {float(scale):.6g}, expected max|w| / 127 = {expected[1]:.6g}"
    error = np.abs(q.astype(np.float64) * scale - weights).max()
    if error > scale:
        return f"q * scale is off by up to {error:.3g}, more than a whole step ({scale:.3g}): q should be round(w / scale)"
    if error > scale / 2 + 1e-12:
        return f"dequantized weights are off by up to {error:.3g}, more than half a step ({scale / 2:.3g}): round, don't truncate"
    return None


EXERCISES: tuple[CodeExercise | AnswerExercise, ...] = (
    AnswerExercise(
        "yearly-energy", "02-measuring-energy", "A year of calls", "scale per-call energy to a year", 8,
        expected=_yearly_energy_kwh, unit="kWh",
        hints={WRONG: ("energy per year = J per call x calls per day x servers x 365",
                       "1 kWh = 3,600,000 J")}),
    AnswerExercise(
        "yearly-co2-colombia", "02-measuring-energy", "That year's CO2 in Colombia", "convert energy to CO2", 5,
        expected=_yearly_co2_colombia_kg, unit="kg CO2e",
        hints={WRONG: ("CO2 in g = kWh x grid intensity in g/kWh; gl.carbon.intensity('COL') gives the intensity",
                       "divide grams by 1000 for kg")}),
    AnswerExercise(
        "hot-line", "03-profiling", "Find the hot line", "read a line_profiler report", 10,
        expected="dupes = [v for v in values if values.count(v) > 1]",
        accept=_contains("values.count("),
        hints={WRONG: ("run %lprun -f slow_stats slow_stats(data) and look at the '% Time' column",
                       "copy the code of the line, not its number, as a string: hot_line = \"...\"")}),
    CodeExercise(
        "count-duplicates", "03-profiling", "Fix the hot line", "replace an O(n^2) scan", 10,
        reference=lambda values: sum(1 for v in values if values.count(v) > 1),
        make_input=ref.dedupe_input, min_speedup=10,
        hints={SLOW: ("count every value once with collections.Counter, then add up the counts above 1",),
               WRONG: ("count values that occur more than once, each occurrence counted (the reference's rule)",)}),
    CodeExercise(
        "dedupe", "04-algorithms-and-data-structures", "Remove duplicates, keep order", "choose the data structure", 10,
        reference=ref.dedupe_reference, make_input=ref.dedupe_input, min_speedup=10,
        hints={SLOW: ("'x in a_list' scans the whole list; 'x in a_set' is one hash lookup",),
               WRONG: ("keep the first occurrence of each item, in the original order",)}),
    CodeExercise(
        "vectorize-pi", "05-numpy-vectorization", "Vectorize the circle count", "replace a loop with array operations", 10,
        reference=ref.count_inside_reference, make_input=ref.count_inside_input, min_speedup=5,
        hints={SLOW: ("no Python loop at all: compute x*x + y*y on the whole arrays at once",),
               WRONG: ("count points with x*x + y*y <= 1.0 (on the circle counts as inside); return an int",)}),
    CodeExercise(
        "numba-collatz", "06-numba", "Compile the Collatz search", "@njit a loop-heavy function", 10,
        reference=ref.collatz_longest_reference, make_input=ref.collatz_input, min_speedup=10, time_limit_s=60,
        isolate=True,
        hints={SLOW: ("decorate the function with @numba.njit; keep it to plain loops and integers",),
               ERROR: ("Numba compiles only what it can type: avoid lists of mixed types and Python objects",)}),
    CodeExercise(
        "cython-primes", "07-cython", "Type the prime counter", "give Cython C types", 15,
        reference=ref.count_primes_reference, make_input=ref.primes_input, min_speedup=5, time_limit_s=60,
        isolate=True,
        hints={SLOW: ("declare the loop variables with cdef long (n, d, count) and the flag with cdef bint",
                      "%%cython -a shows yellow lines where Python objects remain"),}),
    AnswerExercise(
        "breakeven-calls", "08-measured-savings", "When does compiling pay?", "compile energy break-even", 5,
        expected=1.5 / (0.004 - 0.001), unit="calls",
        hints={WRONG: ("calls = compile energy / energy saved per call",)}),
    AnswerExercise(
        "co2-saved-colombia", "08-measured-savings", "A year of savings in Colombia", "project a saving to a year", 10,
        expected=_co2_saved_colombia_kg, unit="kg CO2e",
        hints={WRONG: ("saved J per day = (old J/call - new J/call) x calls per day; then x 365, / 3.6e6 for kWh, "
                       "x gl.carbon.intensity('COL') g/kWh, / 1000 for kg",)}),
    CodeExercise(
        "quantize-int8", "09-green-ai-and-edge-ai", "Quantize weights to int8", "int8 quantization with NumPy", 15,
        reference=ref.quantize_reference, make_input=ref.quantize_input, validate=_quantize_validate,
        hints={WRONG: ("scale = np.abs(w).max() / 127; q = np.round(w / scale).astype(np.int8)",)}),
    AnswerExercise(
        "model-size-int8", "09-green-ai-and-edge-ai", "Size of a 7-billion-parameter model", "model size by precision", 5,
        expected=7e9 * 1 / 1e9, unit="GB",
        hints={WRONG: ("int8 is 1 byte per parameter; 1 GB = 10^9 bytes",)}),
)

_BY_ID = {exercise.id: exercise for exercise in EXERCISES}


def get(exercise_id: str) -> CodeExercise | AnswerExercise:
    """The exercise called ``exercise_id``; an unknown id lists the close matches."""
    try:
        return _BY_ID[exercise_id]
    except (KeyError, TypeError):
        close = difflib.get_close_matches(str(exercise_id), _BY_ID, n=3)
        suggestion = f"did you mean {', '.join(map(repr, close))}? " if close else ""
        raise KeyError(f"there is no exercise {exercise_id!r}; {suggestion}exercises are: {', '.join(_BY_ID)}") from None
