"""Practice exercises that exist only for the tests: the checker's behaviour is tested on these.

The course's own exercises change as the notebooks change; these stay put, so a test of "a slow
right answer is encouraged" or "a hang is stopped" does not break when an exercise is reworked.
The ``practice_exercises`` fixture (tests/conftest.py) adds them to the catalog for one test.
"""
from __future__ import annotations

from greenlab.exercises.feedback import SLOW, WRONG
from greenlab.exercises.kinds import CodeExercise


def dedupe_reference(items):
    """Keep the first occurrence of each item, in order, by scanning a list: O(n^2)."""
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def dedupe_input():
    import numpy as np

    rng = np.random.default_rng(2024)
    return ([int(v) for v in rng.integers(0, 3000, size=6000)],)


def dedupe_cases() -> list[tuple]:
    return [([],), ([1, 1, 1],), ([3, 1, 3, 2, 1],)]


def count_inside_reference(x, y):
    """How many points (x[i], y[i]) fall inside the unit circle, one point at a time."""
    inside = 0
    for i in range(len(x)):
        if x[i] * x[i] + y[i] * y[i] <= 1.0:
            inside += 1
    return inside


def count_inside_input():
    import numpy as np

    rng = np.random.default_rng(2024)
    return rng.random(200_000), rng.random(200_000)


def count_inside_cases() -> list[tuple]:
    import numpy as np

    # on the circle counts as inside: 0.6^2 + 0.8^2 and 1^2 + 0^2 are exactly 1
    return [(np.array([1.0, 0.0, 0.6, 0.9]), np.array([0.0, 1.0, 0.8, 0.9])), (np.array([]), np.array([]))]


def collatz_longest_reference(limit):
    """The start below ``limit`` with the longest Collatz chain, and that chain's length."""
    best_start, best_length = 1, 1
    for start in range(1, limit):
        n, length = start, 1
        while n != 1:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            length += 1
        if length > best_length:
            best_start, best_length = start, length
    return best_start, best_length


PI = CodeExercise(
    "practice-pi", "05-numpy-vectorization", "Vectorize the circle count", "replace a loop with array operations", 10,
    reference=count_inside_reference, make_input=count_inside_input, more_inputs=count_inside_cases, min_speedup=5,
    hints={SLOW: ("no Python loop at all: compute x*x + y*y on the whole arrays at once",),
           WRONG: ("count points with x*x + y*y <= 1.0 (on the circle counts as inside); return an int",)})
DEDUPE = CodeExercise(
    "practice-dedupe", "04-algorithms-and-data-structures", "Remove duplicates, keep order", "choose the data structure",
    10, reference=dedupe_reference, make_input=dedupe_input, more_inputs=dedupe_cases, min_speedup=10,
    hints={SLOW: ("'x in a_list' scans the whole list; 'x in a_set' is one hash lookup",),
           WRONG: ("keep the first occurrence of each item, in the original order",)})
PRACTICE = (PI, DEDUPE)
