"""Exercises after notebook 02 (measuring energy): the learner measures, then works from their own figures.

- ``two-versions``: write two versions of a function of your own, ``gl.compare`` them, hand over
  the ``Comparison``. ``compare`` has already refused versions that disagree; the judge checks
  it is a comparison of the learner's own functions (not one of the course's kernels) and reads
  their figures back to them: time and energy per call, the ratio, whether the runs overlap
  (a difference inside the noise), and what "estimated" means for the energy ratio.
- ``yearly-energy``: one version's ``Measurement`` and the kWh a year of calls of it would use,
  worked out by hand, handed over together, ``(m, energy_kwh)``: the judge redoes the arithmetic
  from the learner's own ``m.energy_j``.
- ``yearly-co2-colombia``: ``(m, co2_kg)``, that year's CO2 on Colombia's grid; using the
  measurement's own grid (the world average, unless the learner chose one) is named as the slip.

The service the year is about is fixed here (``CALLS_PER_DAY``, ``SERVERS``, ``DAYS``), so the
notebook and the judge agree on it.
"""
from __future__ import annotations

import math
from typing import Any

from greenlab.exercises.feedback import ERROR, NOT_YET, PASSED, WRONG
from greenlab.exercises.kinds import AnswerExercise, ResultExercise, as_number, comparison_of
from greenlab.units import J_PER_KWH

CALLS_PER_DAY = 2_000_000
SERVERS = 4
DAYS = 365
COUNTRY = "COL"
# A factor the answer is off by that names a slip: the servers, the days, or both left out.
SLIPS = {SERVERS: f"did you count the {SERVERS} servers?", DAYS: f"did you count the {DAYS} days?",
         SERVERS * DAYS: f"did you count the {SERVERS} servers and the {DAYS} days?"}


# -- two-versions ------------------------------------------------------------------------------------
def _course_kernel(comparison) -> str | None:
    """The name of the course kernel this comparison came from (``k.compare(...)``), or None."""
    from greenlab import kernels

    for name in kernels.names():
        if comparison.title.startswith(kernels.get(name).title + " ("):
            return name
    return None


def _runs_overlap(a, b) -> bool:
    """True when the per-call times of two measurements' runs overlap: the difference is inside the noise."""
    return min(a.times_s) <= max(b.times_s) and min(b.times_s) <= max(a.times_s)


def _times(ratio: float) -> str:
    """A ratio for people: "1.04x", "12.3x", "63,620x"."""
    if ratio >= 100:
        return f"{ratio:,.0f}x"
    return f"{ratio:.1f}x" if ratio >= 10 else f"{ratio:.2f}x"


def judge_two_versions(answer: Any) -> tuple[str, str]:
    from greenlab.render.formatting import format_energy, format_time

    comparison = comparison_of(answer)
    kernel = _course_kernel(comparison)
    if kernel is not None:
        return WRONG, (f"this is the course's {kernel!r} kernel ({comparison.title}). Compare two versions of a "
                       "function of your own: c = gl.compare({'first': first_version, 'second': second_version}, your_input)")
    base = comparison[comparison.baseline]
    said = [f"{comparison.baseline!r} (the baseline) took {format_time(base.time_s)} and "
            f"{format_energy(base.energy_j)} per call."]
    for name in comparison.names:
        if name == comparison.baseline:
            continue
        m, speedup, saved = comparison[name], comparison.speedup(name), comparison.energy_saved(name)
        pace = f"{_times(speedup)} faster" if speedup >= 1 else f"{_times(1 / speedup)} slower"
        energy = ("less than 1% of the energy" if saved > 0.99
                  else f"{abs(saved):.0%} {'less' if saved >= 0 else 'more'} energy")
        noise = ("their runs overlap, so this measurement cannot tell the two apart: try a larger input, or a "
                 "bigger change" if _runs_overlap(base, m) else "their runs do not overlap: the difference is "
                 "larger than the noise")
        said.append(f"{name!r} took {format_time(m.time_s)} and {format_energy(m.energy_j)}: {pace}, {energy}; {noise}.")
    best = comparison.best("energy_j")
    said.append(f"The version that used the least energy: {best!r}.")
    if comparison.energy_kind == "estimated":
        said.append("The energy here is estimated from CPU time, so each energy ratio follows the time ratio; "
                    "a hardware meter (RAPL) could show them apart.")
    warned = sum(1 for m in comparison.measurements.values() if m.warnings)
    if warned:
        said.append(f"greenlab warned about {warned} of the versions: read the warnings under the table.")
    return PASSED, "you measured your own two versions. " + " ".join(said)


# -- a year of calls, from one measurement ---------------------------------------------------------------
def _measurement_and_number(answer: Any, what: str, exercise_id: str):
    """``(m, number)`` from the learner's pair, in either order; None while either is still ``...``."""
    from greenlab.compare import Comparison
    from greenlab.measure import Measurement

    how = f"gl.check({exercise_id!r}, (m, {what})), where m = c['the version you keep'] from your comparison"
    if not isinstance(answer, (tuple, list)):
        raise ValueError(f"hand over your measurement and your {what} together, so the check can redo the "
                         f"arithmetic from your own figure: {how}")
    if len(answer) != 2:
        raise ValueError(f"hand over a pair, the measurement and one number: {how}")
    first, second = answer
    if first is Ellipsis or second is Ellipsis or first is None or second is None:
        return None
    m, number = (first, second) if isinstance(first, (Measurement, Comparison)) else (second, first)
    if isinstance(m, Comparison):
        raise ValueError(f"pass one version's Measurement, c['its name'], not the whole comparison: {how}")
    if not isinstance(m, Measurement):
        raise ValueError(f"one of the pair should be a Measurement (from gl.measure, or c['name']); "
                         f"got {type(first).__name__} and {type(second).__name__}: {how}")
    return m, number


def _judge_number(number: Any, expected: float, unit: str) -> tuple[str, str]:
    """The number judged as an ``AnswerExercise`` would (units, decimal commas), plus the slips in ``SLIPS``."""
    judged = AnswerExercise("", "", "", "", 1, expected=expected, unit=unit).evaluate(number, time_limit_s=1.0)
    value = as_number(number)
    if judged.status == WRONG and value:
        for factor, slip in SLIPS.items():
            if math.isclose(expected / value, factor, rel_tol=0.02):
                return WRONG, f"{judged.message}: {slip}"
    return judged.status, judged.message


def year_kwh(energy_j_per_call: float) -> float:
    return energy_j_per_call * CALLS_PER_DAY * SERVERS * DAYS / J_PER_KWH


def judge_yearly_energy(answer: Any) -> tuple[str, str]:
    from greenlab.render.formatting import format_energy

    pair = _measurement_and_number(answer, "energy_kwh", "yearly-energy")
    if pair is None:
        return NOT_YET, "measure, work out energy_kwh, then run gl.check('yearly-energy', (m, energy_kwh))"
    m, number = pair
    expected = year_kwh(m.energy_j)
    status, message = _judge_number(number, expected, "kWh")
    if status != PASSED:
        return status, f"from your {m.name!r} at {format_energy(m.energy_j)} per call: {message}"
    return PASSED, (f"{message}. Your {m.name!r}: {format_energy(m.energy_j)} per call x {CALLS_PER_DAY:,} calls a day "
                    f"x {SERVERS} servers x {DAYS} days = {expected:,.4g} kWh a year ({m.energy_kind})")


def year_co2_kg(energy_j_per_call: float) -> float:
    from greenlab import carbon

    return year_kwh(energy_j_per_call) * carbon.intensity(COUNTRY) / 1000


def judge_yearly_co2(answer: Any) -> tuple[str, str]:
    from greenlab import carbon

    pair = _measurement_and_number(answer, "co2_kg", "yearly-co2-colombia")
    if pair is None:
        return NOT_YET, "measure, work out co2_kg, then run gl.check('yearly-co2-colombia', (m, co2_kg))"
    m, number = pair
    expected = year_co2_kg(m.energy_j)
    status, message = _judge_number(number, expected, "kg CO2e")
    if status == WRONG and m.country != COUNTRY and m.intensity_g_per_kwh > 0:
        on_its_grid = year_kwh(m.energy_j) * m.intensity_g_per_kwh / 1000
        value = as_number(number)
        if value and math.isclose(value, on_its_grid, rel_tol=0.02):
            return WRONG, (f"{value:,.4g} kg CO2e is that year on the measurement's own grid ({m.grid_text}), "
                           f"not Colombia's: use gl.carbon.intensity('COL'), "
                           f"{carbon.intensity(COUNTRY):.1f} g/kWh")
    if status != PASSED:
        return status, message
    world = year_kwh(m.energy_j) * carbon.world_average() / 1000
    return PASSED, (f"{message}. The same {year_kwh(m.energy_j):,.4g} kWh on the world average grid "
                    f"({carbon.world_average():.0f} g/kWh) would emit {world:,.4g} kg CO2e")


EXERCISES = (
    ResultExercise(
        "two-versions", "02-measuring-energy", "Measure two versions of your own function",
        "measure and compare your own code", 15, judge=judge_two_versions,
        target="two versions of your own function, results equal, measured side by side",
        hints={ERROR: ("c = gl.compare({'first': first_version, 'second': second_version}, your_input), "
                       "then gl.check('two-versions', c)",),
               WRONG: ("write both versions yourself: the same job done two ways",)}),
    ResultExercise(
        "yearly-energy", "02-measuring-energy", "A year of your calls", "scale your per-call energy to a year", 5,
        judge=judge_yearly_energy, target="your measurement x calls a day x servers x days, in kWh, within 2%",
        hints={WRONG: (f"energy per year = m.energy_j x {CALLS_PER_DAY:,} calls a day x {SERVERS} servers x {DAYS} days",
                       "that is joules: 1 kWh = 3,600,000 J")}),
    ResultExercise(
        "yearly-co2-colombia", "02-measuring-energy", "That year's CO2 in Colombia", "convert your energy to CO2", 5,
        judge=judge_yearly_co2, target="your year's kWh x Colombia's intensity, in kg, within 2%",
        hints={WRONG: ("CO2 in g = kWh x grid intensity in g/kWh; gl.carbon.intensity('COL') gives Colombia's",
                       "divide grams by 1000 for kg")}),
)
