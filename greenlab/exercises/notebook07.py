"""Exercises after notebook 07 (Cython)."""
from __future__ import annotations

from greenlab.exercises import references as ref
from greenlab.exercises.feedback import SLOW
from greenlab.exercises.kinds import CodeExercise


def primes_cases() -> list[tuple]:
    # 11 and 12: a prime limit itself must not be counted (range(2, limit)), the next one must
    return [(2,), (3,), (11,), (12,), (100,)]


EXERCISES = (
    CodeExercise(
        "cython-primes", "07-cython", "Type the prime counter", "give Cython C types", 15,
        reference=ref.count_primes_reference, make_input=ref.primes_input, more_inputs=primes_cases,
        min_speedup=5, time_limit_s=60,
        hints={SLOW: ("declare the loop variables with cdef long (n, d, count) and the flag with cdef bint",
                      "%%cython -a shows yellow lines where Python objects remain")}),
)
