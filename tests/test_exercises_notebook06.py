"""greenlab.exercises.notebook06: numba-collatz's reference, and how the two measure exercises judge a reading."""
import math

import pytest

import greenlab as gl
from greenlab.compare import Comparison
from greenlab.exercises import notebook06
from practice import collatz_longest_reference
from greenlab.measure import Measurement


def measurement(name, time_s, energy_j, *, first_s=None, first_j=None, kind="estimated"):
    """A Measurement with these figures; the first call defaults to a warm one (no compile)."""
    first_s = time_s if first_s is None else first_s
    first_j = energy_j if first_j is None else first_j
    return Measurement(name=name, time_s=time_s, energy_j=energy_j, co2_g=0.0, loops=1, repeat=5,
                       times_s=(time_s,) * 5, energies_j=(energy_j,) * 5, first_call_time_s=first_s,
                       first_call_energy_j=first_j, second_call_time_s=time_s, second_call_energy_j=energy_j,
                       energy_kind=kind, meter="estimate" if kind == "estimated" else "rapl", meter_reason="test",
                       country=None, intensity_g_per_kwh=475.0)


def compile_comparison():
    """Python 1 J per call; compiled 0.01 J per call after a first call of 2 s and 10 J: 9.99 J extra."""
    return Comparison({"python": measurement("python", 0.1, 1.0),
                       "numba": measurement("numba", 0.001, 0.01, first_s=2.0, first_j=10.0)}, baseline="python")


def parallel_comparison(serial=(0.04, 0.32), parallel=(0.022, 0.40), kind="estimated"):
    return Comparison({"serial": measurement("serial", *serial, kind=kind),
                       "parallel": measurement("parallel", *parallel, kind=kind)}, baseline="serial")


# -- numba-collatz ----------------------------------------------------------------------------------
def test_the_memo_reference_agrees_with_the_plain_search():
    for limit in [2, 3, 10, 28, 1000, 5000]:
        assert notebook06.collatz_memo_reference(limit) == collatz_longest_reference(limit)
    assert [notebook06.collatz_memo_reference(*case) for case in notebook06.collatz_cases()] == [
        (1, 1), (2, 2), (9, 20), (27, 112)]


def test_njit_on_the_reference_as_it_is_names_the_line_numba_cannot_type():
    numba = pytest.importorskip("numba")
    feedback = gl.check("numba-collatz", numba.njit(notebook06.collatz_memo_reference))
    assert feedback.status == "error" and "TypingError" in feedback.message and "reversed" in feedback.message


def test_compiling_without_the_memo_is_right_but_slow():
    numba = pytest.importorskip("numba")
    feedback = gl.check("numba-collatz", numba.njit(collatz_longest_reference))
    assert feedback.status == "slow" and "array" in " ".join(feedback.hints)


def test_an_array_memo_passes():
    numba = pytest.importorskip("numba")
    import numpy as np

    @numba.njit
    def with_array(limit):
        lengths = np.zeros(max(limit, 2), dtype=np.int64)
        lengths[1] = 1
        best_start, best_length = 1, 1
        for start in range(2, limit):
            n, steps = start, 0
            while n >= limit or lengths[n] == 0:
                n = n // 2 if n % 2 == 0 else 3 * n + 1
                steps += 1
            lengths[start] = lengths[n] + steps
            if lengths[start] > best_length:
                best_start, best_length = start, lengths[start]
        return best_start, best_length

    feedback = gl.check("numba-collatz", with_array)
    assert feedback.passed, feedback


# -- numba-breakeven --------------------------------------------------------------------------------
def test_breakeven_worked_out_from_the_figures_passes():
    c = compile_comparison()
    exact = 9.99 / 0.99
    assert gl.check("numba-breakeven", (c, exact)).passed
    assert gl.check("numba-breakeven", (c, c.breakeven_calls("numba"))).passed  # the table's, rounded up
    assert gl.check("numba-breakeven", [c, round(exact)]).passed


def test_breakeven_mistakes_are_wrong_with_a_reason():
    c = compile_comparison()
    by_compiled = gl.check("numba-breakeven", (c, 9.99 / 0.01))
    assert by_compiled.status == "wrong" and "divided by the compiled version's energy" in by_compiled.message
    upside_down = gl.check("numba-breakeven", (c, 0.99 / 9.99))
    assert upside_down.status == "wrong" and "upside down" in upside_down.message
    assert gl.check("numba-breakeven", (c, 20)).status == "wrong"


def test_breakeven_not_yet_and_wrong_kinds_of_answer():
    c = compile_comparison()
    assert gl.check("numba-breakeven", (..., ...)).status == "not-yet"
    assert gl.check("numba-breakeven", (c, ...)).status == "not-yet"
    assert gl.check("numba-breakeven", ...).status == "not-yet"
    alone = gl.check("numba-breakeven", c)
    assert alone.status == "error" and "(c, calls)" in alone.message
    comma = gl.check("numba-breakeven", (c, 10, 1))
    assert comma.status == "error" and "use a point" in comma.message
    assert gl.check("numba-breakeven", (3.5, 10)).status == "error"
    assert gl.check("numba-breakeven", (c, "ten")).status == "error"


def test_breakeven_without_a_compile_says_to_pass_a_fresh_function():
    warm = Comparison({"python": measurement("python", 0.1, 1.0), "numba": measurement("numba", 0.001, 0.01)},
                      baseline="python")
    feedback = gl.check("numba-breakeven", (warm, 10))
    assert feedback.status == "error" and "fresh" in feedback.message


def test_a_compile_that_saves_nothing_never_pays_back():
    c = Comparison({"python": measurement("python", 0.1, 1.0),
                    "numba": measurement("numba", 0.2, 2.0, first_s=3.0, first_j=12.0)}, baseline="python")
    assert gl.check("numba-breakeven", (c, "never")).passed
    assert gl.check("numba-breakeven", (c, math.inf)).passed
    assert gl.check("numba-breakeven", (c, 5)).status == "wrong"


# -- numba-parallel ---------------------------------------------------------------------------------
def test_parallel_reading_matches_the_learners_own_figures():
    c = parallel_comparison()  # parallel faster, serial less energy
    feedback = gl.check("numba-parallel", (c, "parallel", "serial"))
    assert feedback.passed and "CPU time" in feedback.message
    assert gl.check("numba-parallel", (c, " Parallel", "SERIAL")).passed
    wrong = gl.check("numba-parallel", (c, "serial", "serial"))
    assert wrong.status == "wrong" and "time per call" in wrong.message
    wrong = gl.check("numba-parallel", (c, "parallel", "parallel"))
    assert wrong.status == "wrong" and "energy per call" in wrong.message


def test_the_reading_follows_the_figures_not_a_rule():
    busy = parallel_comparison(serial=(0.04, 0.32), parallel=(0.06, 0.5))  # parallel slower: threads took turns
    assert gl.check("numba-parallel", (busy, "serial", "serial")).passed
    assert gl.check("numba-parallel", (busy, "parallel", "serial")).status == "wrong"
    measured = parallel_comparison(parallel=(0.02, 0.25), kind="measured")  # a real meter can show both
    feedback = gl.check("numba-parallel", (measured, "parallel", "parallel"))
    assert feedback.passed and "measured" in feedback.message


def test_figures_within_ten_percent_are_a_tie_either_way():
    c = parallel_comparison(serial=(0.04, 0.32), parallel=(0.022, 0.33))
    for answer in ("serial", "parallel", "same", "about the same"):
        assert gl.check("numba-parallel", (c, "parallel", answer)).passed, answer
    assert gl.check("numba-parallel", (c, "same", "same")).status == "wrong"  # time differed by far more


def test_parallel_answers_must_name_a_version_and_compare_two():
    c = parallel_comparison()
    assert gl.check("numba-parallel", (c, "fast", "serial")).status == "error"
    assert gl.check("numba-parallel", (c, ..., ...)).status == "not-yet"
    assert gl.check("numba-parallel", (c, "parallel")).status == "error"
    three = Comparison({"a": measurement("a", 1, 1), "b": measurement("b", 1, 1), "c": measurement("c", 1, 1)},
                       baseline="a")
    feedback = gl.check("numba-parallel", (three, "a", "a"))
    assert feedback.status == "error" and "exactly two" in feedback.message
