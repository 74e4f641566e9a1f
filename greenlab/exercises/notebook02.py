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

from greenlab.exercises.feedback import ERROR, NOT_YET, PASSED, WRONG, Hint
from greenlab.exercises.kinds import AnswerExercise, ResultExercise, as_number, comparison_of
from greenlab.i18n import N_, _, group
from greenlab.units import J_PER_KWH

CALLS_PER_DAY = 2_000_000
SERVERS = 4
DAYS = 365
COUNTRY = "COL"
# A factor the answer is off by that names a slip: the servers, the days, or both left out
# (messages filled with servers=SERVERS, days=DAYS).
SLIPS = {SERVERS: N_("did you count the {servers} servers?"), DAYS: N_("did you count the {days} days?"),
         SERVERS * DAYS: N_("did you count the {servers} servers and the {days} days?")}


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
    """A ratio for people: "1.04x", "12.3x", "63,620x" (Spanish "63\u00a0620x")."""
    if ratio >= 100:
        return group(ratio) + "x"
    return f"{ratio:.1f}x" if ratio >= 10 else f"{ratio:.2f}x"


def judge_two_versions(answer: Any) -> tuple[str, str]:
    from greenlab.render.formatting import format_energy, format_time

    comparison = comparison_of(answer)
    kernel = _course_kernel(comparison)
    if kernel is not None:
        # TRANSLATORS: {kernel} is the kernel's name ('pi'), {title} its title; {example} is code
        return WRONG, _("this is the course's {kernel} kernel ({title}). Compare two versions of a function of your "
                        "own: {example}", kernel=repr(kernel), title=comparison.title,
                        example="c = gl.compare({'first': first_version, 'second': second_version}, your_input)")
    base = comparison[comparison.baseline]
    said = [_("{name} (the baseline) took {time} and {energy} per call.", name=repr(comparison.baseline),
              time=format_time(base.time_s), energy=format_energy(base.energy_j))]
    for name in comparison.names:
        if name == comparison.baseline:
            continue
        m, speedup, saved = comparison[name], comparison.speedup(name), comparison.energy_saved(name)
        # TRANSLATORS: {ratio} is a ratio with its x: "12.3x"
        pace = (_("{ratio} faster", ratio=_times(speedup)) if speedup >= 1
                else _("{ratio} slower", ratio=_times(1 / speedup)))
        if saved > 0.99:
            energy = _("less than 1% of the energy")
        else:
            percent = format(abs(saved), ".0%")
            energy = (_("{percent} less energy", percent=percent) if saved >= 0
                      else _("{percent} more energy", percent=percent))
        noise = (_("their runs overlap, so this measurement cannot tell the two apart: try a larger input, or a "
                   "bigger change") if _runs_overlap(base, m)
                 else _("their runs do not overlap: the difference is larger than the noise"))
        # TRANSLATORS: {pace} is "12.3x faster", {change} "45% less energy", {noise} a clause on the runs' overlap
        said.append(_("{name} took {time} and {energy}: {pace}, {change}; {noise}.", name=repr(name),
                      time=format_time(m.time_s), energy=format_energy(m.energy_j), pace=pace, change=energy,
                      noise=noise))
    best = comparison.best("energy_j")
    said.append(_("The version that used the least energy: {name}.", name=repr(best)))
    if comparison.energy_kind == "estimated":
        said.append(_("The energy here is estimated from CPU time, so each energy ratio follows the time ratio; "
                      "a hardware meter (RAPL) could show them apart."))
    warned = sum(1 for m in comparison.measurements.values() if m.warnings)
    if warned:
        said.append(_("greenlab warned about {count} of the versions: read the warnings under the table.",
                      count=warned))
    return PASSED, _("you measured your own two versions. {figures}", figures=" ".join(said))


# -- a year of calls, from one measurement ---------------------------------------------------------------
def _measurement_and_number(answer: Any, what: str, exercise_id: str):
    """``(m, number)`` from the learner's pair, in either order; None while either is still ``...``."""
    from greenlab.compare import Comparison
    from greenlab.measure import Measurement

    how = _("gl.check({id}, (m, {what})), where m = c['the version you keep'] from your comparison",
            id=repr(exercise_id), what=what)
    if not isinstance(answer, (tuple, list)):
        # TRANSLATORS: {what} is a variable name, energy_kwh or co2_kg; {how} is the line above
        raise ValueError(_("hand over your measurement and your {what} together, so the check can redo the "
                           "arithmetic from your own figure: {how}", what=what, how=how))
    if len(answer) != 2:
        raise ValueError(_("hand over a pair, the measurement and one number: {how}", how=how))
    first, second = answer
    if first is Ellipsis or second is Ellipsis or first is None or second is None:
        return None
    m, number = (first, second) if isinstance(first, (Measurement, Comparison)) else (second, first)
    if isinstance(m, Comparison):
        raise ValueError(_("pass one version's Measurement, c['its name'], not the whole comparison: {how}", how=how))
    if not isinstance(m, Measurement):
        # TRANSLATORS: {first} and {second} are Python type names (int, str...)
        raise ValueError(_("one of the pair should be a Measurement (from gl.measure, or c['name']); got {first} and "
                           "{second}: {how}", first=type(first).__name__, second=type(second).__name__, how=how))
    return m, number


def _judge_number(number: Any, expected: float, unit: str) -> tuple[str, str]:
    """The number judged as an ``AnswerExercise`` would (units, decimal commas), plus the slips in ``SLIPS``."""
    judged = AnswerExercise("", "", "", "", 1, expected=expected, unit=unit).evaluate(number, time_limit_s=1.0)
    value = as_number(number)
    if judged.status == WRONG and value:
        for factor, slip in SLIPS.items():
            if math.isclose(expected / value, factor, rel_tol=0.02):
                return WRONG, f"{judged.message}: {_(slip, servers=SERVERS, days=DAYS)}"
    return judged.status, judged.message


def year_kwh(energy_j_per_call: float) -> float:
    return energy_j_per_call * CALLS_PER_DAY * SERVERS * DAYS / J_PER_KWH


def judge_yearly_energy(answer: Any) -> tuple[str, str]:
    from greenlab.render.formatting import format_energy

    pair = _measurement_and_number(answer, "energy_kwh", "yearly-energy")
    if pair is None:
        return NOT_YET, _("measure, work out energy_kwh, then run gl.check('yearly-energy', (m, energy_kwh))")
    m, number = pair
    expected = year_kwh(m.energy_j)
    status, message = _judge_number(number, expected, "kWh")
    if status != PASSED:
        # TRANSLATORS: {name} is the measured version's name; {message} says what is wrong with the number
        return status, _("from your {name} at {energy} per call: {message}", name=repr(m.name),
                         energy=format_energy(m.energy_j), message=message)
    # TRANSLATORS: {message} is "right: 12.3 kWh (you said 12.3)"; {kind} is "measured" or "estimated" (the energy)
    return PASSED, _("{message}. Your {name}: {energy} per call x {calls} calls a day x {servers} servers x {days} "
                     "days = {kwh} kWh a year ({kind})", message=message, name=repr(m.name),
                     energy=format_energy(m.energy_j), calls=group(CALLS_PER_DAY), servers=SERVERS, days=DAYS,
                     kwh=group(expected, ",.4g"), kind=_(m.energy_kind))


def year_co2_kg(energy_j_per_call: float) -> float:
    from greenlab import carbon

    return year_kwh(energy_j_per_call) * carbon.intensity(COUNTRY) / 1000


def judge_yearly_co2(answer: Any) -> tuple[str, str]:
    from greenlab import carbon

    pair = _measurement_and_number(answer, "co2_kg", "yearly-co2-colombia")
    if pair is None:
        return NOT_YET, _("measure, work out co2_kg, then run gl.check('yearly-co2-colombia', (m, co2_kg))")
    m, number = pair
    expected = year_co2_kg(m.energy_j)
    status, message = _judge_number(number, expected, "kg CO2e")
    if status == WRONG and m.country != COUNTRY and m.intensity_g_per_kwh > 0:
        on_its_grid = year_kwh(m.energy_j) * m.intensity_g_per_kwh / 1000
        value = as_number(number)
        if value and math.isclose(value, on_its_grid, rel_tol=0.02):
            # TRANSLATORS: {grid} is "world average grid, 475 g/kWh"
            return WRONG, _("{value} kg CO2e is that year on the measurement's own grid ({grid}), not Colombia's: "
                            "use gl.carbon.intensity('COL'), {intensity} g/kWh", value=group(value, ",.4g"),
                            grid=m.grid_text, intensity=format(carbon.intensity(COUNTRY), ".1f"))
    if status != PASSED:
        return status, message
    world = year_kwh(m.energy_j) * carbon.world_average() / 1000
    return PASSED, _("{message}. The same {kwh} kWh on the world average grid ({intensity} g/kWh) would emit {co2} kg "
                     "CO2e", message=message, kwh=group(year_kwh(m.energy_j), ",.4g"),
                     intensity=format(carbon.world_average(), ".0f"), co2=group(world, ",.4g"))


EXERCISES = (
    ResultExercise(
        "two-versions", "02-measuring-energy", N_("Measure two versions of your own function"),
        N_("measure and compare your own code"), 15, judge=judge_two_versions,
        goal=N_("two versions of your own function, results equal, measured side by side"),
        hints={ERROR: (N_("c = gl.compare({'first': first_version, 'second': second_version}, your_input), "
                          "then gl.check('two-versions', c)"),),
               WRONG: (N_("write both versions yourself: the same job done two ways"),)}),
    ResultExercise(
        "yearly-energy", "02-measuring-energy", N_("A year of your calls"), N_("scale your per-call energy to a year"), 5,
        judge=judge_yearly_energy, goal=N_("your measurement x calls a day x servers x days, in kWh, within 2%"),
        hints={WRONG: (Hint(N_("energy per year = m.energy_j x {calls} calls a day x {servers} servers x {days} days"),
                            calls=lambda: group(CALLS_PER_DAY), servers=SERVERS, days=DAYS),
                       N_("that is joules: 1 kWh = 3,600,000 J"))}),
    ResultExercise(
        "yearly-co2-colombia", "02-measuring-energy", N_("That year's CO2 in Colombia"), N_("convert your energy to CO2"),
        5, judge=judge_yearly_co2, goal=N_("your year's kWh x Colombia's intensity, in kg, within 2%"),
        hints={WRONG: (N_("CO2 in g = kWh x grid intensity in g/kWh; gl.carbon.intensity('COL') gives Colombia's"),
                       N_("divide grams by 1000 for kg"))}),
)
