"""Exercises after notebook 07 (Cython): read what ``%%cython -a`` shows, then type a loop.

- ``cython-annotate`` (read): a ``%%cython -a`` cell of ``ANNOTATED_SOURCE`` is given; the
  learner names the lines inside its loop that still work with Python objects. The answer is
  fixed by the source (``YELLOW_IN_LOOP``), and ``tests/test_exercises_notebook07.py`` compiles
  the source with Cython's annotation to check that it still is, so a Cython upgrade that infers
  more cannot leave the exercise judging against a stale answer.
- ``cython-primes`` (code): the trial-division prime counter with C types, judged on small
  limits that catch the usual slips (see ``primes_cases``) and then on the main input.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from greenlab.exercises.feedback import ERROR, NOT_YET, PASSED, SLOW, WRONG, Feedback
from greenlab.exercises.kinds import CodeExercise, ResultExercise
from greenlab.exercises.references import count_primes_reference, primes_input
from greenlab.i18n import N_, _, n_

__all__ = ["ANNOTATED_SOURCE", "EXERCISES", "LOOP_LINES", "YELLOW_IN_LOOP", "annotate_input", "count_primes_reference",
           "judge_yellow_lines", "mean_radius_inside_reference", "primes_cases", "primes_input"]


# -- cython-annotate ------------------------------------------------------------------------------------
# The cell the learner compiles with %%cython -a (without that first line). Line numbers below are
# the annotation's: line 1 is "import math".
ANNOTATED_SOURCE = '''import math


def mean_radius_inside(int n):
    cdef int i, j
    cdef double h = 2.0 / n
    total = 0.0
    inside = 0
    for i in range(n):
        for j in range(n):
            x = -1.0 + (i + 0.5) * h
            y = -1.0 + (j + 0.5) * h
            r2 = x * x + y * y
            if r2 <= 1.0:
                total += math.sqrt(r2)
                inside += 1
    return total / inside
'''
LOOP_LINES = range(9, 17)  # the two for lines and the loop body
YELLOW_IN_LOOP = frozenset({15, 16})
_LAST_LINE = len(ANNOTATED_SOURCE.rstrip("\n").split("\n"))
_WHY_WHITE = {  # shown with _()
    9: N_("a for loop over range(n) with a C int i is a plain C loop"),
    10: N_("a for loop over range(n) with a C int j is a plain C loop"),
    11: N_("x is given only C doubles, so Cython inferred it as a C double: plain C arithmetic"),
    12: N_("y is given only C doubles, so Cython inferred it as a C double: plain C arithmetic"),
    13: N_("r2 is inferred as a C double: multiplying and adding C doubles is plain C"),
    14: N_("comparing a C double with 1.0 is plain C"),
}


def mean_radius_inside_reference(n):
    """Mean distance from the centre of the points of an n x n grid over [-1, 1]^2 that lie in the unit disc."""
    import math

    h = 2.0 / n
    total = 0.0
    inside = 0
    for i in range(n):
        for j in range(n):
            x = -1.0 + (i + 0.5) * h
            y = -1.0 + (j + 0.5) * h
            r2 = x * x + y * y
            if r2 <= 1.0:
                total += math.sqrt(r2)
                inside += 1
    return total / inside


def annotate_input():
    """The grid size for measuring the annotated function against a typed one: 300 x 300 points."""
    return (300,)


def _line_numbers(answer: Any) -> set[int]:
    """A learner's line numbers as a set: 15, [15, 16], {15, 16}, (15, 16), "15 and 16"."""
    def whole(value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError(_("give line numbers, e.g. [3, 4]; True and False are not line numbers"))
        if isinstance(value, int) or (type(value).__module__ == "numpy" and getattr(value, "shape", None) == ()
                                      and float(value).is_integer()):
            return int(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise ValueError(_("line numbers are whole numbers; got {value}. Give them as a list, e.g. [3, 4]",
                           value=repr(value)))

    if isinstance(answer, str):
        found = re.findall(r"\d+", answer)
        if not found:
            raise ValueError(_("no line numbers in {answer}: give them as a list, e.g. [3, 4]", answer=repr(answer)))
        return {int(number) for number in found}
    if isinstance(answer, (list, tuple, set, frozenset, range)):
        return {whole(value) for value in answer}
    return {whole(answer)}


def _listed(lines) -> str:
    """ "line 7", "lines 7 and 8", "lines 7, 8 and 9"."""
    words = [str(line) for line in sorted(lines)]
    if len(words) == 1:
        return _("line {number}", number=words[0])
    return _("lines {numbers} and {last}", numbers=", ".join(words[:-1]), last=words[-1])


def judge_yellow_lines(answer: Any) -> tuple[str, str]:
    """(status, message) for the lines a learner says are yellow inside the loop."""
    lines = _line_numbers(answer)
    if not lines:
        return ERROR, _("the list is empty: put in the numbers of the yellow lines inside the loop, e.g. [3, 4]")
    missing_from_cell = sorted(line for line in lines if not 1 <= line <= _LAST_LINE)
    if missing_from_cell:
        # TRANSLATORS: {lines} is "line 20" or "lines 20 and 21"
        return WRONG, n_("the cell has lines 1 to {last}; {lines} is not one of them. Use the numbers the annotation "
                         "prints at the start of each line",
                         "the cell has lines 1 to {last}; {lines} are not among them. Use the numbers the annotation "
                         "prints at the start of each line", len(missing_from_cell),
                         last=_LAST_LINE, lines=_listed(missing_from_cell))
    outside = sorted(line for line in lines if line not in LOOP_LINES)
    if outside:
        # TRANSLATORS: {lines} is "line 7" or "lines 7 and 8"; {first}-{last} the loop's lines
        return WRONG, n_("{lines} is outside the loop (lines {first}-{last}). Yellow there runs once per call, where "
                         "Python meets C (the import, the start of the function, the set-up, the return); the "
                         "question is about the lines that run at every step",
                         "{lines} are outside the loop (lines {first}-{last}). Yellow there runs once per call, where "
                         "Python meets C (the import, the start of the function, the set-up, the return); the "
                         "question is about the lines that run at every step", len(outside),
                         lines=_listed(outside), first=LOOP_LINES.start, last=LOOP_LINES.stop - 1)
    white = sorted(lines - YELLOW_IN_LOOP)
    if white:
        if len(white) == 1:
            return WRONG, _("line {number} is white: {why}", number=white[0], why=_(_WHY_WHITE[white[0]]))
        reasons = "; ".join(f"{_('line {number}', number=line)}: {_(_WHY_WHITE[line])}" for line in white)
        # TRANSLATORS: {lines} is "lines 11 and 13"; {reasons} is "Line 11: why; line 13: why"
        return WRONG, _("{lines} are white. {reasons}", lines=_listed(white), reasons=reasons[0].upper() + reasons[1:])
    missing = YELLOW_IN_LOOP - lines
    if missing == {16}:
        return WRONG, _("right so far, but one more line inside the loop is yellow, a paler one. "
                        "Pale yellow is still a Python object: click its + to see")
    if missing == {15}:
        return WRONG, _("right so far, but the loop has a darker yellow line too: look for the most yellow one")
    return PASSED, _("right: lines 15 and 16. math.sqrt is a Python function, so line 15 turns r2 into a Python "
                     "float, calls it, and adds the result to total, which is a Python object too; line 16 adds 1 "
                     "to inside, a Python int (Cython never infers an integer type by itself)")


@dataclass(frozen=True)
class LinesExercise(ResultExercise):
    """A ResultExercise whose answer is a few line numbers: (15, 16) is a tuple of lines, not a decimal comma."""

    def evaluate(self, answer: Any, *, time_limit_s: float) -> Feedback:
        if answer is None or answer is Ellipsis:
            return Feedback(self.id, NOT_YET, _("replace the ... with the line numbers, e.g. [3, 4], then run "
                                                "gl.check({id}, yellow_lines)", id=repr(self.id)))
        if isinstance(answer, tuple):
            answer = list(answer)
        return super().evaluate(answer, time_limit_s=time_limit_s)


# -- cython-primes --------------------------------------------------------------------------------------
def primes_cases() -> list[tuple]:
    """Small limits, each catching a slip that the main input alone might not:

    0 and 1 (an empty range: no primes, no error); 2 (1 is not a prime: range(1, limit) counts it);
    3 and 12 (the limit itself is not counted, the numbers below it are: range(2, limit + 1)
    counts 11 in 12's place); 5 (4 = 2 x 2: a test d * d < n instead of <= counts 4 as prime);
    26 (9 and 25, the squares of primes, again); 100 (25 primes).
    """
    return [(0,), (1,), (2,), (3,), (5,), (12,), (26,), (100,)]


EXERCISES = (
    LinesExercise(
        "cython-annotate", "07-cython", N_("Read the annotation"), N_("find where Python remains with %%cython -a"), 10,
        judge=judge_yellow_lines, goal=N_("the yellow lines inside the loop, and only those"),
        hints={WRONG: (N_("yellow at the start, in the set-up and at the return runs once per call; look at the lines "
                          "between the for lines and the return"),
                       N_("click a line's + to see its C: PyObject, PyFloat_FromDouble, __Pyx_PyObject_FastCall and "
                          "reference counting (__Pyx_DECREF) mean Python objects"))},
        kind="read"),
    CodeExercise(
        "cython-primes", "07-cython", N_("Type the prime counter"), N_("give Cython C types"), 15,
        reference=count_primes_reference, make_input=primes_input, more_inputs=primes_cases,
        min_speedup=5, time_limit_s=60,
        hints={SLOW: (N_("declare the loop variables with cdef long (n, d, count) and the flag with cdef bint"),
                      N_("%%cython -a shows yellow lines where Python objects remain")),
               WRONG: (N_("paste the reference's loop unchanged first: range(2, limit), while d * d <= n"),)}),
)
