"""Exercises after notebook 05 (NumPy vectorization)."""
from __future__ import annotations

from greenlab.exercises import references as ref
from greenlab.exercises.feedback import SLOW, WRONG
from greenlab.exercises.kinds import CodeExercise


def count_inside_cases() -> list[tuple]:
    import numpy as np

    # on the circle counts as inside: 0.6^2 + 0.8^2 and 1^2 + 0^2 are exactly 1
    return [(np.array([1.0, 0.0, 0.6, 0.9]), np.array([0.0, 1.0, 0.8, 0.9])), (np.array([]), np.array([]))]


EXERCISES = (
    CodeExercise(
        "vectorize-pi", "05-numpy-vectorization", "Vectorize the circle count", "replace a loop with array operations", 10,
        reference=ref.count_inside_reference, make_input=ref.count_inside_input, more_inputs=count_inside_cases,
        min_speedup=5,
        hints={SLOW: ("no Python loop at all: compute x*x + y*y on the whole arrays at once",),
               WRONG: ("count points with x*x + y*y <= 1.0 (on the circle counts as inside); return an int",)}),
)
