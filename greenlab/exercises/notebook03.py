"""Exercises after notebook 03 (profiling)."""
from __future__ import annotations

from greenlab.exercises import references as ref
from greenlab.exercises.feedback import SLOW, WRONG
from greenlab.exercises.kinds import AnswerExercise, CodeExercise, contains


def count_duplicates_reference(values):
    """How many items occur more than once, each occurrence counted (an O(n^2) scan)."""
    return sum(1 for v in values if values.count(v) > 1)


def count_duplicates_cases() -> list[tuple]:
    return [([],), ([1],), ([1, 1],), ([2, 1, 2, 3, 3, 3],)]


EXERCISES = (
    AnswerExercise(
        "hot-line", "03-profiling", "Find the hot line", "read a line_profiler report", 10,
        expected="dupes = [v for v in values if values.count(v) > 1]",
        accept=contains("values.count("),
        hints={WRONG: ("run %lprun -f slow_stats slow_stats(data) and look at the '% Time' column",
                       "copy the code of the line, not its number, as a string: hot_line = \"...\"")}),
    CodeExercise(
        "count-duplicates", "03-profiling", "Fix the hot line", "replace an O(n^2) scan", 10,
        reference=count_duplicates_reference, make_input=ref.dedupe_input, more_inputs=count_duplicates_cases,
        min_speedup=10,
        hints={SLOW: ("count every value once with collections.Counter, then add up the counts above 1",),
               WRONG: ("count values that occur more than once, each occurrence counted (the reference's rule)",)}),
)
