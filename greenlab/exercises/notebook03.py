"""Exercises after notebook 03 (profiling): profile, find where the time goes, fix it.

- ``hot-function``: a small program (clean the readings of a sensor, express each as a percentage
  of the peak, count the alerts) spends almost all its time in one place. cProfile shows it:
  ``peak`` is called once per reading, by ``percent_of_peak``, and each call scans the whole list.
  The learner writes ``fixed(readings)``, a drop-in for ``percent_of_peak``, judged on small cases
  and the main input, at least ``HOT_FUNCTION_SPEEDUP`` times faster.
- ``hot-line``: read a line_profiler report and name the costly line of ``slow_stats``.
- ``count-duplicates``: fix that line (an O(n^2) ``list.count`` scan).

Inputs come from a fixed seed, so every learner, and CI, checks against the same numbers.
"""
from __future__ import annotations

from greenlab.exercises.feedback import ERROR, SLOW, WRONG
from greenlab.exercises.kinds import AnswerExercise, CodeExercise, contains
from greenlab.i18n import N_

HOT_FUNCTION_SPEEDUP = 20  # the fix is O(n), the reference O(n^2): hundreds of times faster at 3,000 readings
READINGS = 3_000
FAILED_READING = -1  # what the sensor reports when a reading failed; the program drops them


# -- hot-function ----------------------------------------------------------------------------------------
def sensor_readings() -> list[int]:
    """The program's input: a day of sensor readings, about 1% of them failed (-1)."""
    import numpy as np

    rng = np.random.default_rng(2024)
    readings = rng.integers(200, 1000, size=READINGS)
    readings[rng.random(READINGS) < 0.01] = FAILED_READING
    return [int(v) for v in readings]


def clean(readings):
    return [r for r in readings if r != FAILED_READING]


def peak(readings):
    return max(readings)


def percent_of_peak_reference(readings):
    """Each reading as a percentage of the highest: ``peak`` is called once per reading (O(n^2))."""
    return [100 * r / peak(readings) for r in readings]


def percent_of_peak_input() -> tuple:
    """What ``percent_of_peak`` receives in the program: the cleaned readings."""
    return (clean(sensor_readings()),)


def percent_of_peak_cases() -> list[tuple]:
    return [([7],), ([3, 9, 9, 1],), ([1, 2, 3, 4, 10],), ([10, 1, 2],)]


# -- hot-line and count-duplicates -------------------------------------------------------------------------
def count_duplicates_input() -> tuple:
    """6,000 integers below 3,000 (so many repeat), from a fixed seed."""
    import numpy as np

    rng = np.random.default_rng(2024)
    return ([int(v) for v in rng.integers(0, 3000, size=6000)],)


def count_duplicates_reference(values):
    """How many items occur more than once, each occurrence counted (an O(n^2) scan)."""
    return sum(1 for v in values if values.count(v) > 1)


def count_duplicates_cases() -> list[tuple]:
    return [([],), ([1],), ([1, 1],), ([2, 1, 2, 3, 3, 3],)]


EXERCISES = (
    CodeExercise(
        "hot-function", "03-profiling", N_("Find the hot function with cProfile and fix it"),
        N_("profile a program with cProfile, fix what it points to"), 15,
        reference=percent_of_peak_reference, make_input=percent_of_peak_input, more_inputs=percent_of_peak_cases,
        min_speedup=HOT_FUNCTION_SPEEDUP,
        hints={WRONG: (N_("fixed must return what the function that makes all those calls returns: "
                          "stats.print_callers('the hot function') names it"),
                       N_("each reading as a percentage of the highest reading, in the same order")),
               SLOW: (N_("the highest reading does not change inside the loop: find it once, before the loop"),),
               ERROR: (N_("fixed takes one argument, the cleaned list of readings, and returns a list"),)}),
    AnswerExercise(
        "hot-line", "03-profiling", N_("Find the hot line"), N_("read a line_profiler report"), 10,
        expected="dupes = [v for v in values if values.count(v) > 1]",
        accept=contains("values.count("),
        # TRANSLATORS: '% Time' is line_profiler's column header, which stays in English
        hints={WRONG: (N_("run %lprun -f slow_stats slow_stats(data) and look at the '% Time' column"),
                       N_("copy the code of the line, not its number, as a string: hot_line = \"...\""))}),
    CodeExercise(
        "count-duplicates", "03-profiling", N_("Fix the hot line"), N_("replace an O(n^2) scan"), 10,
        reference=count_duplicates_reference, make_input=count_duplicates_input, more_inputs=count_duplicates_cases,
        min_speedup=10,
        hints={SLOW: (N_("count every value once with collections.Counter, then add up the counts above 1"),),
               WRONG: (N_("count values that occur more than once, each occurrence counted (the reference's rule)"),)}),
)
