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

from greenlab.exercises.feedback import ERROR, NOT_YET, PASSED, SLOW, WRONG
from greenlab.exercises.kinds import CodeExercise, ResultExercise, as_number, comparison_of, normalize_text

SAME_WITHIN = 0.10  # two figures closer than 10% are a tie: timings on a shared machine vary that much
BREAKEVEN_RTOL = 0.05  # a worked-out break-even within 5% (or one call) of the comparison's
TIE_WORDS = ("same", "about the same", "neither", "equal", "tie")


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
        raise ValueError(f"pass {form} together, in parentheses: gl.check(..., {form}); got {type(answer).__name__}"
                         + (f" of {len(answer)}" if isinstance(answer, (tuple, list)) else "")
                         + ". (A decimal comma, 12,5, makes two numbers: use a point, 12.5)")
    if any(part is Ellipsis or part is None for part in answer):
        return None
    return tuple(answer)


def judge_breakeven(answer: Any) -> tuple[str, str]:
    from greenlab.render.formatting import format_energy

    parts = _parts(answer, 2, "(c, calls)")
    if parts is None:
        return NOT_YET, "compare, work out the calls, then run gl.check('numba-breakeven', (c, calls))"
    c = comparison_of(parts[0])
    calls = as_number(parts[1])
    if calls is None and normalize_text(str(parts[1])) == "never":
        calls = math.inf
    if calls is None or math.isnan(calls):
        raise ValueError(f"calls should be one number (how many calls pay the compile back); got {parts[1]!r:.60}")
    compiled = [name for name in c.names if name != c.baseline and c[name].first_call_overhead_j > 0]
    if not compiled:
        raise ValueError("no version in your comparison paid a compile on its first call. Pass gl.compare a fresh "
                         "njit(...) of your function, one that has not been called yet: a compiled function "
                         f"compiles only once (baseline: {c.baseline!r})")
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
            return PASSED, f"right: {name!r} saves no energy per call here, so its compile never pays back"
        return WRONG, (f"{name!r} used no less energy per call than {c.baseline!r} in your comparison, so its compile "
                       "never pays back: answer 'never' (or math.inf)")
    figures = (f"the compile cost {format_energy(extra_j)} beyond a warm call, and each call saves "
               f"{format_energy(saving_j)} ({c[c.baseline].energy_kind})")
    if math.isfinite(calls) and (abs(calls - exact) <= max(1.0, BREAKEVEN_RTOL * exact)
                                 or calls == c.breakeven_calls(name)):
        return PASSED, (f"right: {figures}, so {name!r} pays its compile back after {exact:,.1f} calls "
                        f"(the table's 'pays back after' rounds up: {c.breakeven_calls(name):,.0f})")
    hint = ""
    if math.isfinite(calls) and c[name].energy_j > 0 and math.isclose(calls, extra_j / c[name].energy_j, rel_tol=0.05):
        hint = ("; you divided by the compiled version's energy per call: divide by what each call saves, "
                f"{c.baseline!r}'s energy per call minus {name!r}'s")
    elif math.isfinite(calls) and calls > 0 and math.isclose(1 / calls, exact, rel_tol=0.05):
        hint = "; upside down: the compile's extra energy goes on top, the saving per call below"
    direction = "too high" if calls > exact else "too low"
    return WRONG, f"{calls:,.4g} calls is {direction} for {name!r}{hint or ': ' + figures}"


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
        return None, words + f" (within {SAME_WITHIN:.0%}: about the same)"
    return (a if va < vb else b), words


def _choice(text: Any, names: list[str], what: str) -> str:
    said = normalize_text(str(text))
    for name in names:
        if said == normalize_text(name):
            return name
    if said in TIE_WORDS:
        return "same"
    raise ValueError(f"{what}: answer with the name of a version in your comparison ({' or '.join(map(repr, names))}), "
                     f"or 'same' when they were within {SAME_WITHIN:.0%}; got {str(text)!r:.60}")


def judge_parallel(answer: Any) -> tuple[str, str]:
    parts = _parts(answer, 3, "(c, faster, less_energy)")
    if parts is None:
        return NOT_YET, "compare, answer both, then run gl.check('numba-parallel', (c, faster, less_energy))"
    c = comparison_of(parts[0])
    if len(c.names) != 2:
        raise ValueError(f"compare exactly two versions, the serial one and the parallel one; "
                         f"this comparison has {len(c.names)}: {', '.join(c.names)}")
    faster = _choice(parts[1], c.names, "faster")
    less_energy = _choice(parts[2], c.names, "less_energy")
    time_winner, time_words = _winner(c, "time_s")
    energy_winner, energy_words = _winner(c, "energy_j")
    for said, winner, words, what in ((faster, time_winner, time_words, "time"),
                                      (less_energy, energy_winner, energy_words, "energy")):
        if winner is not None and said != winner:
            return WRONG, f"look at your comparison's {what} per call again: {words}"
    kind = c.energy_kind
    if kind == "estimated":
        why = ("Your energy is estimated from CPU time x watts per core: the parallel version's threads add up to "
               "at least the serial version's CPU seconds, so it can finish sooner but cannot come out much "
               "cheaper. A real meter (RAPL) can differ: the chip's fixed power is paid for less time.")
    else:
        why = ("Your energy was measured for the whole processor package: parallel threads pay its fixed power for "
               "less time, but each busy core adds its own; which wins depends on how evenly the work spreads.")
    return PASSED, f"right, by your own figures. Time: {time_words}. Energy: {energy_words}. {why}"


EXERCISES = (
    CodeExercise(
        "numba-collatz", "06-numba", "Compile the Collatz search, memo and all", "rewrite a dict as an array for Numba",
        15, reference=collatz_memo_reference, make_input=collatz_memo_input, more_inputs=collatz_cases,
        min_speedup=40, time_limit_s=60,
        hints={SLOW: ("Numba compiles a dict, but every lookup still hashes the key: keep the lengths in a NumPy "
                      "array indexed by the number, lengths = np.zeros(limit, np.int64)",
                      "numbers at or above limit have no place in the array: step through them without remembering"),
               ERROR: ("Numba compiles only what it can type: reversed(), max(..., key=...) and lambdas are out; "
                       "write the loops yourself, over integers and arrays",),
               WRONG: ("ties: the smallest start with the longest chain wins, as max() picks the first",)}),
    ResultExercise(
        "numba-breakeven", "06-numba", "Break-even from your own comparison", "compile energy break-even", 10,
        judge=judge_breakeven, target="your comparison's break-even, within 5% or one call",
        hints={WRONG: ("calls = first-call extra energy / (baseline's energy per call - compiled energy per call)",
                       "c['numba'].first_call_overhead_j is the extra; c['python'].energy_j and c['numba'].energy_j "
                       "the energy per call")}),
    ResultExercise(
        "numba-parallel", "06-numba", "Serial vs parallel: time and energy", "prange: time is not energy", 15,
        judge=judge_parallel, target="which saved time and which saved energy, by your own figures",
        hints={WRONG: ("compare time_s for time and energy_j for energy: c['serial'].time_s, c['parallel'].energy_j",
                       f"figures within {SAME_WITHIN:.0%} of each other count as 'same'")}),
)
