"""Exercises after notebook 06 (Numba)."""
from __future__ import annotations

from greenlab.exercises import references as ref
from greenlab.exercises.feedback import ERROR, SLOW
from greenlab.exercises.kinds import CodeExercise


def collatz_cases() -> list[tuple]:
    return [(2,), (3,), (10,), (28,)]


EXERCISES = (
    CodeExercise(
        "numba-collatz", "06-numba", "Compile the Collatz search", "@njit a loop-heavy function", 10,
        reference=ref.collatz_longest_reference, make_input=ref.collatz_input, more_inputs=collatz_cases,
        min_speedup=10, time_limit_s=60,
        hints={SLOW: ("decorate the function with @numba.njit; keep it to plain loops and integers",),
               ERROR: ("Numba compiles only what it can type: avoid lists of mixed types and Python objects",)}),
)
