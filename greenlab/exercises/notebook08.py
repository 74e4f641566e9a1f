"""Exercises after notebook 08 (measured savings)."""
from __future__ import annotations

from greenlab.exercises.feedback import WRONG
from greenlab.exercises.kinds import AnswerExercise
from greenlab.units import J_PER_KWH


def co2_saved_colombia_kg() -> float:
    from greenlab import carbon

    saved_j_per_day = (0.012 - 0.0004) * 500_000
    return saved_j_per_day * 365 / J_PER_KWH * carbon.intensity("COL") / 1000


EXERCISES = (
    AnswerExercise(
        "breakeven-calls", "08-measured-savings", "When does compiling pay?", "compile energy break-even", 5,
        expected=1.5 / (0.004 - 0.001), unit="calls",
        hints={WRONG: ("calls = compile energy / energy saved per call",)}),
    AnswerExercise(
        "co2-saved-colombia", "08-measured-savings", "A year of savings in Colombia", "project a saving to a year", 10,
        expected=co2_saved_colombia_kg, unit="kg CO2e",
        hints={WRONG: ("saved J per day = (old J/call - new J/call) x calls per day; then x 365, / 3.6e6 for kWh, "
                       "x gl.carbon.intensity('COL') g/kWh, / 1000 for kg",)}),
)
