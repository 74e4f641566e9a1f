"""Exercises after notebook 02 (measuring energy)."""
from __future__ import annotations

from greenlab.exercises.feedback import WRONG
from greenlab.exercises.kinds import AnswerExercise
from greenlab.units import J_PER_KWH


def yearly_energy_kwh() -> float:
    return 0.25 * 2_000_000 * 4 * 365 / J_PER_KWH  # J/call x calls/day x servers x days / J per kWh


def yearly_co2_colombia_kg() -> float:
    from greenlab import carbon

    return yearly_energy_kwh() * carbon.intensity("COL") / 1000


EXERCISES = (
    AnswerExercise(
        "yearly-energy", "02-measuring-energy", "A year of calls", "scale per-call energy to a year", 8,
        expected=yearly_energy_kwh, unit="kWh",
        hints={WRONG: ("energy per year = J per call x calls per day x servers x 365",
                       "1 kWh = 3,600,000 J")}),
    AnswerExercise(
        "yearly-co2-colombia", "02-measuring-energy", "That year's CO2 in Colombia", "convert energy to CO2", 5,
        expected=yearly_co2_colombia_kg, unit="kg CO2e",
        hints={WRONG: ("CO2 in g = kWh x grid intensity in g/kWh; gl.carbon.intensity('COL') gives the intensity",
                       "divide grams by 1000 for kg")}),
)
