"""Exercises after notebook 08 (measured savings): the learner's own saving, and published ones.

- ``my-year-of-saving`` (measure): the learner measures a kernel (or their own functions) with
  ``gl.compare``, takes the best variant's saving per call, projects it to a year with
  ``gl.carbon.project`` at a scale and on a grid they choose, and hands over both:
  ``gl.check("my-year-of-saving", (c, year))``. The judge holds the projection against the
  comparison: the energy per call must be the best variant's *saving* (not its own energy, not
  the baseline's, not a time), for a year.
- ``energy-vs-time`` (code): from Pereira et al.'s RAPL measurements (``gl.published``), find the
  benchmark whose Python/C energy ratio differs from its time ratio by the largest factor, either
  way. An estimate from CPU time cannot show that difference: its energy ratio *is* a time ratio.
  "Largest factor" is max(q, 1/q) of q = energy ratio / time ratio, not |q - 1|: 0.62 is further
  from 1 than 1.52 (1.61x against 1.52x), and the main input is one where the two disagree.
"""
from __future__ import annotations

import math
from typing import Any

from greenlab.exercises.feedback import NOT_YET, PASSED, WRONG
from greenlab.exercises.kinds import CodeExercise, ResultExercise, comparison_of
from greenlab.i18n import N_, _, group

__all__ = ["EXERCISES", "energy_vs_time_cases", "energy_vs_time_input", "judge_year_of_saving",
           "most_misleading_reference"]


# -- my-year-of-saving ----------------------------------------------------------------------------------
def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=0.0)


def judge_year_of_saving(answer: Any) -> tuple[str, str]:
    """(status, message) for ``(comparison, projection)``: is the projection the best variant's saving, for a year?"""
    from greenlab.carbon import Projection
    from greenlab.render.formatting import format_co2, format_count, format_energy

    if not isinstance(answer, tuple) or len(answer) != 2:
        raise ValueError(_("pass your comparison and your projection together, as a pair: "
                           "gl.check('my-year-of-saving', (c, year))"))
    c, year = answer
    if c is Ellipsis or year is Ellipsis:
        return NOT_YET, _("measure a comparison (c = ...) and project its saving (year = ...), then run the check")
    c = comparison_of(c)
    if not isinstance(year, Projection):
        raise ValueError(_("the second item should be what gl.carbon.project(...) returned; got {kind}. Pass the "
                           "projection itself, not one of its numbers", kind=type(year).__name__))
    best = c.best("energy_j")
    baseline_j = c[c.baseline].energy_j
    if best == c.baseline:
        return WRONG, _("in this comparison no variant uses less energy than the baseline {baseline}, so there is no "
                        "saving to project: measure a kernel whose variants save energy (julia, pi, diffusion...)",
                        baseline=repr(c.baseline))
    saving_j = baseline_j - c[best].energy_j
    per_call_j = year.energy_j_per_call
    if not _same(per_call_j, saving_j):
        if _same(per_call_j, c[best].energy_j):
            # TRANSLATORS: {best} is a variant's name, e.g. numpy
            return WRONG, _("you projected {best}'s own energy per call: a year of running it, not what it saves. "
                            "The saving per call is the baseline's energy minus {best}'s", best=best)
        if _same(per_call_j, baseline_j):
            return WRONG, _("you projected the baseline's own energy per call, {energy}: a year of running it. The "
                            "saving per call is the baseline's energy minus {best}'s", energy=format_energy(baseline_j),
                            best=best)
        for name in c.names:
            if name not in (best, c.baseline) and _same(per_call_j, baseline_j - c[name].energy_j):
                return WRONG, _("that is the saving of {name}; the variant that saves the most here is {best} "
                                "(c.best('energy_j') names it)", name=repr(name), best=repr(best))
        if any(_same(per_call_j, saving_j * factor) for factor in (1e3, 1e-3, 1e6, 1e-6)):
            return WRONG, _("that is the saving off by a factor of a thousand or a million: energy_j is in joules, "
                            "pass it as it is")
        if _same(per_call_j, c[c.baseline].time_s - c[best].time_s):
            return WRONG, _("you projected a time saved (seconds per call), not energy: use .energy_j, not .time_s")
        # TRANSLATORS: {baseline} and {best} are variant names, after their energies
        return WRONG, _("your projection's energy per call, {energy}, is not the saving of your comparison's best "
                        "variant: {baseline_energy} ({baseline}) minus {best_energy} ({best}) = {saving}",
                        energy=format_energy(per_call_j), baseline_energy=format_energy(baseline_j),
                        baseline=c.baseline, best_energy=format_energy(c[best].energy_j), best=best,
                        saving=format_energy(saving_j))
    if not _same(year.days, 365):
        return WRONG, _("this projection covers {days} days: project a year (leave days at its default, 365)",
                        days=format(year.days, "g"))
    same = year.equivalents
    scenario = year.scenario()
    # TRANSLATORS: {kind} is "measured" or "estimated" (the energy); {scenario} is
    # "1,000,000 calls a day on each of 10 machines for a year"; {grid} is "Colombia, 136.2 g CO2e/kWh"
    return PASSED, _("right: {best} saves {saving} per call against {baseline} ({kind}). {scenario}: {kwh} kWh, {co2} "
                     "on {grid}; about {km} km by car, or {charges} smartphone charges on that grid", best=best,
                     saving=format_energy(saving_j), baseline=c.baseline, kind=_(c.energy_kind),
                     scenario=scenario[0].upper() + scenario[1:], kwh=group(year.energy_kwh, ",.1f"),
                     co2=format_co2(year.co2_g), grid=year.grid_text, km=format_count(same.car_km),
                     charges=format_count(same.smartphone_charges))


# -- energy-vs-time -------------------------------------------------------------------------------------
def most_misleading_reference(ratios):
    """The benchmark whose energy ratio differs from its time ratio by the largest factor, either way."""
    best_name, best_factor = None, 0.0
    for name, row in ratios.iterrows():
        quotient = row["energy_ratio"] / row["time_ratio"]
        factor = max(quotient, 1 / quotient)
        if factor > best_factor:
            best_name, best_factor = name, factor
    return best_name


def _ratios(language: str, reference: str = "C"):
    from greenlab import published

    return published.ratios(language, reference)[["energy_ratio", "time_ratio"]]


def energy_vs_time_input():
    """Python against C, benchmark by benchmark: energy_ratio and time_ratio (Pereira et al., SLE 2017)."""
    return (_ratios("Python"),)


def energy_vs_time_cases() -> list[tuple]:
    """Small tables, each catching a slip the main input might let through:

    - the largest energy ratio is not the answer (the table's first column is not the question);
    - a quotient below 1 wins over one above 1 that is further from 1 in difference, closer in factor
      (|q - 1| picks "b": 0.55 against 0.45; the factors are 1.55 and 1.82);
    - the largest time ratio is not the answer either;
    - another pair of languages from the same data (JavaScript against C).
    """
    import pandas as pd

    def table(rows):
        return pd.DataFrame(rows, columns=["benchmark", "energy_ratio", "time_ratio"]).set_index("benchmark")

    return [
        (table([("a", 90.0, 60.0), ("b", 10.0, 20.0), ("c", 30.0, 31.0)]),),
        (table([("a", 11.0, 20.0), ("b", 31.0, 20.0), ("c", 5.0, 5.0)]),),
        (table([("a", 100.0, 120.0), ("b", 3.0, 2.0), ("c", 2.0, 2.1)]),),
        (_ratios("JavaScript"),),
    ]


EXERCISES = (
    ResultExercise(
        "my-year-of-saving", "08-measured-savings", N_("A year of your own saving"),
        N_("project a measured saving to a year"),
        10, judge=judge_year_of_saving, goal=N_("your best variant's saving per call, projected to a year"),
        hints={WRONG: (N_("saving per call = c[c.baseline].energy_j - c[c.best('energy_j')].energy_j"),
                       N_("year = gl.carbon.project(saving_j, calls_per_day=..., machines=..., country=...)"))}),
    CodeExercise(
        "energy-vs-time", "08-measured-savings", N_("Where energy does not follow time"),
        N_("measured vs estimated energy"), 10,
        reference=most_misleading_reference, make_input=energy_vs_time_input, more_inputs=energy_vs_time_cases,
        hints={WRONG: (N_("for each benchmark, q = energy_ratio / time_ratio; how far q is from 1 is max(q, 1 / q), "
                          "so 0.5 (2x) is further than 1.8"), N_("return the benchmark's name, the table's index"))}),
)
