"""Exercises after notebook 06 (Numba).

- ``numba-collatz`` (code): the reference remembers chain lengths in a dict, and ends with
  ``reversed`` and ``max(..., key=...)``, which Numba cannot compile. Adding ``@njit`` is not
  enough: the learner changes the code, and the target asks for more than a typed dict gives
  (Numba compiles one, but every lookup still hashes): the lengths belong in an array.
- ``numba-breakeven`` (measure): after how many calls does the compile pay back, worked out
  from the learner's own comparison; judged against ``Comparison.breakeven_calls``.
- ``numba-parallel`` (measure): the learner makes a loop parallel with ``prange``, compares it
  with the serial version, and says which saved time and which saved energy; judged against
  their comparison's own figures, with differences under ``SAME_WITHIN`` counted as a tie.
"""
from __future__ import annotations

import math
from typing import Any

from greenlab.exercises.feedback import ERROR, NOT_YET, PASSED, SLOW, WRONG, Hint
from greenlab.exercises.kinds import CodeExercise, ResultExercise, as_number, comparison_of, normalize_text
from greenlab.i18n import N_, _, group

SAME_WITHIN = 0.10  # two figures closer than 10% are a tie: timings on a shared machine vary that much
BREAKEVEN_RTOL = 0.05  # a worked-out break-even within 5% (or one call) of the comparison's
NEVER_WORDS = ("never", "nunca")  # a compile that never pays back (math.inf works in either edition)
TIE_WORDS = ("same", "about the same", "neither", "equal", "tie",
             "igual", "iguales", "lo mismo", "casi igual", "ninguna", "ninguno", "empate")  # the Spanish edition


# -- numba-collatz ----------------------------------------------------------------------------------
def collatz_memo_reference(limit):
    """The start below ``limit`` with the longest Collatz chain, and that chain's length.

    Remembers every chain length it has worked out in a dict, so a chain stops as soon as it
    meets a number seen before.
    """
    lengths = {1: 1}
    for start in range(2, limit):
        path = []
        n = start
        while n not in lengths:
            path.append(n)
            n = n // 2 if n % 2 == 0 else 3 * n + 1
        length = lengths[n]
        for m in reversed(path):
            length += 1
            lengths[m] = length
    best = max(range(1, limit), key=lengths.get)
    return best, lengths[best]


def collatz_memo_input() -> tuple[int]:
    return (100_000,)


def collatz_cases() -> list[tuple]:
    return [(2,), (3,), (10,), (28,)]


# -- numba-breakeven ----------------------------------------------------------------------------------
def _parts(answer: Any, count: int, form: str) -> tuple | None:
    """``answer`` as a tuple of ``count`` parts; None when a part is still ``...`` (not yet)."""
    if not isinstance(answer, (tuple, list)) or len(answer) != count:
        got = (_("{kind} of {size}", kind=type(answer).__name__, size=len(answer)) if isinstance(answer, (tuple, list))
               else type(answer).__name__)
        # TRANSLATORS: {form} is code, "(c, calls)"; {got} is "tuple of 2" or a type name
        raise ValueError(_("pass {form} together, in parentheses: gl.check(..., {form}); got {got}. (A decimal comma, "
                           "12,5, makes two numbers: use a point, 12.5)", form=form, got=got))
    if any(part is Ellipsis or part is None for part in answer):
        return None
    return tuple(answer)


def judge_breakeven(answer: Any) -> tuple[str, str]:
    from greenlab.render.formatting import format_energy

    parts = _parts(answer, 2, "(c, calls)")
    if parts is None:
        return NOT_YET, _("compare, work out the calls, then run gl.check('numba-breakeven', (c, calls))")
    c = comparison_of(parts[0])
    calls = as_number(parts[1])
    if calls is None and normalize_text(str(parts[1])) in NEVER_WORDS:
        calls = math.inf
    if calls is None or math.isnan(calls):
        raise ValueError(_("calls should be one number (how many calls pay the compile back); got {value}",
                           value=format(repr(parts[1]), ".60")))
    compiled = [name for name in c.names if name != c.baseline and c[name].first_call_overhead_j > 0]
    if not compiled:
        raise ValueError(_("no version in your comparison paid a compile on its first call. Pass gl.compare a fresh "
                           "njit(...) of your function, one that has not been called yet: a compiled function "
                           "compiles only once (baseline: {baseline})", baseline=repr(c.baseline)))
    base = c[c.baseline]
    worked_out = {}
    for name in compiled:
        saving_j = base.energy_j - c[name].energy_j
        worked_out[name] = c[name].first_call_overhead_j / saving_j if saving_j > 0 else math.inf
    name = min(worked_out, key=lambda n: abs(worked_out[n] - calls) if math.isfinite(worked_out[n]) else math.inf)
    exact, extra_j = worked_out[name], c[name].first_call_overhead_j
    saving_j = base.energy_j - c[name].energy_j
    if math.isinf(exact):
        if math.isinf(calls):
            return PASSED, _("right: {name} saves no energy per call here, so its compile never pays back",
                             name=repr(name))
        # TRANSLATORS: 'never' is what the learner may answer (the Spanish edition accepts 'nunca' too)
        return WRONG, _("{name} used no less energy per call than {baseline} in your comparison, so its compile never "
                        "pays back: answer 'never' (or math.inf)", name=repr(name), baseline=repr(c.baseline))
    # TRANSLATORS: {kind} is "measured" or "estimated" (the energy)
    figures = _("the compile cost {extra} beyond a warm call, and each call saves {saving} ({kind})",
                extra=format_energy(extra_j), saving=format_energy(saving_j), kind=_(c[c.baseline].energy_kind))
    if math.isfinite(calls) and (abs(calls - exact) <= max(1.0, BREAKEVEN_RTOL * exact)
                                 or calls == c.breakeven_calls(name)):
        # TRANSLATORS: 'pays back after' is the comparison table's column; use its translation
        return PASSED, _("right: {figures}, so {name} pays its compile back after {calls} calls (the table's "
                         "'pays back after' rounds up: {rounded})", figures=figures, name=repr(name),
                         calls=group(exact, ",.1f"), rounded=group(c.breakeven_calls(name)))
    hint = ""
    if math.isfinite(calls) and c[name].energy_j > 0 and math.isclose(calls, extra_j / c[name].energy_j, rel_tol=0.05):
        hint = _("; you divided by the compiled version's energy per call: divide by what each call saves, "
                 "{baseline}'s energy per call minus {name}'s", baseline=repr(c.baseline), name=repr(name))
    elif math.isfinite(calls) and calls > 0 and math.isclose(1 / calls, exact, rel_tol=0.05):
        hint = _("; upside down: the compile's extra energy goes on top, the saving per call below")
    direction = _("too high") if calls > exact else _("too low")
    # TRANSLATORS: {direction} is "too high" or "too low"; {why} starts with "; " or ": "
    return WRONG, _("{calls} calls is {direction} for {name}{why}", calls=group(calls, ",.4g"), direction=direction,
                    name=repr(name), why=hint or ": " + figures)


# -- numba-parallel ------------------------------------------------------------------------------------
def _winner(c, metric: str) -> tuple[str | None, str]:
    """The variant with the lower ``metric`` (None when within ``SAME_WITHIN``), and the figures in words."""
    from greenlab.render.formatting import format_energy, format_time

    show = format_time if metric == "time_s" else format_energy
    (a, b) = c.names
    va, vb = getattr(c[a], metric), getattr(c[b], metric)
    words = f"{a} {show(va)}, {b} {show(vb)}"
    low, high = sorted((va, vb))
    if low <= 0 or high / low - 1 < SAME_WITHIN:
        return None, words + _(" (within {percent}: about the same)", percent=format(SAME_WITHIN, ".0%"))
    return (a if va < vb else b), words


def _choice(text: Any, names: list[str], what: str) -> str:
    said = normalize_text(str(text))
    for name in names:
        if said == normalize_text(name):
            return name
    if said in TIE_WORDS:
        return "same"
    # TRANSLATORS: {what} is the variable name, faster or less_energy; {names} is "'serial' or 'parallel'";
    # 'same' is what the learner may answer (the Spanish edition accepts 'igual' too)
    raise ValueError(_("{what}: answer with the name of a version in your comparison ({names}), or 'same' when they "
                       "were within {percent}; got {value}", what=what,
                       names=_(" or ").join(map(repr, names)), percent=format(SAME_WITHIN, ".0%"),
                       value=format(repr(str(text)), ".60")))


def judge_parallel(answer: Any) -> tuple[str, str]:
    parts = _parts(answer, 3, "(c, faster, less_energy)")
    if parts is None:
        return NOT_YET, _("compare, answer both, then run gl.check('numba-parallel', (c, faster, less_energy))")
    c = comparison_of(parts[0])
    if len(c.names) != 2:
        raise ValueError(_("compare exactly two versions, the serial one and the parallel one; this comparison has "
                           "{count}: {names}", count=len(c.names), names=", ".join(c.names)))
    faster = _choice(parts[1], c.names, "faster")
    less_energy = _choice(parts[2], c.names, "less_energy")
    time_winner, time_words = _winner(c, "time_s")
    energy_winner, energy_words = _winner(c, "energy_j")
    again = {"time": N_("look at your comparison's time per call again: {figures}"),
             "energy": N_("look at your comparison's energy per call again: {figures}")}
    for said, winner, words, what in ((faster, time_winner, time_words, "time"),
                                      (less_energy, energy_winner, energy_words, "energy")):
        if winner is not None and said != winner:
            return WRONG, _(again[what], figures=words)
    kind = c.energy_kind
    if kind == "estimated":
        why = _("Your energy is estimated from CPU time x watts per core: the parallel version's threads add up to "
                "at least the serial version's CPU seconds, so it can finish sooner but cannot come out much "
                "cheaper. A real meter (RAPL) can differ: the chip's fixed power is paid for less time.")
    else:
        why = _("Your energy was measured for the whole processor package: parallel threads pay its fixed power for "
                "less time, but each busy core adds its own; which wins depends on how evenly the work spreads.")
    return PASSED, _("right, by your own figures. Time: {time}. Energy: {energy}. {why}", time=time_words,
                     energy=energy_words, why=why)


EXERCISES = (
    CodeExercise(
        "numba-collatz", "06-numba", N_("Compile the Collatz search, memo and all"),
        N_("rewrite a dict as an array for Numba"),
        15, reference=collatz_memo_reference, make_input=collatz_memo_input, more_inputs=collatz_cases,
        min_speedup=40, time_limit_s=60,
        hints={SLOW: (N_("Numba compiles a dict, but every lookup still hashes the key: keep the lengths in a NumPy "
                         "array indexed by the number, lengths = np.zeros(limit, np.int64)"),
                      N_("numbers at or above limit have no place in the array: step through them without remembering")),
               ERROR: (N_("Numba compiles only what it can type: reversed(), max(..., key=...) and lambdas are out; "
                          "write the loops yourself, over integers and arrays"),),
               WRONG: (N_("ties: the smallest start with the longest chain wins, as max() picks the first"),)}),
    ResultExercise(
        "numba-breakeven", "06-numba", N_("Break-even from your own comparison"), N_("compile energy break-even"), 10,
        judge=judge_breakeven, goal=N_("your comparison's break-even, within 5% or one call"),
        hints={WRONG: (N_("calls = first-call extra energy / (baseline's energy per call - compiled energy per call)"),
                       N_("c['numba'].first_call_overhead_j is the extra; c['python'].energy_j and c['numba'].energy_j "
                          "the energy per call"))}),
    ResultExercise(
        "numba-parallel", "06-numba", N_("Serial vs parallel: time and energy"), N_("prange: time is not energy"), 15,
        judge=judge_parallel, goal=N_("which saved time and which saved energy, by your own figures"),
        hints={WRONG: (N_("compare time_s for time and energy_j for energy: c['serial'].time_s, c['parallel'].energy_j"),
                       Hint(N_("figures within {percent} of each other count as 'same'"),
                            percent=format(SAME_WITHIN, ".0%")))}),
)
