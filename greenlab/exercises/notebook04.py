"""Exercises after notebook 04 (algorithms and data structures)."""
from __future__ import annotations

from greenlab.exercises import references as ref
from greenlab.exercises.feedback import SLOW, WRONG
from greenlab.exercises.kinds import CodeExercise


def dedupe_cases() -> list[tuple]:
    return [([],), ([1, 1, 1],), ([3, 1, 3, 2, 1],)]


EXERCISES = (
    CodeExercise(
        "dedupe", "04-algorithms-and-data-structures", "Remove duplicates, keep order", "choose the data structure", 10,
        reference=ref.dedupe_reference, make_input=ref.dedupe_input, more_inputs=dedupe_cases, min_speedup=10,
        hints={SLOW: ("'x in a_list' scans the whole list; 'x in a_set' is one hash lookup",),
               WRONG: ("keep the first occurrence of each item, in the original order",)}),
)
