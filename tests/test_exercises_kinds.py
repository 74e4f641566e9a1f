"""greenlab.exercises.kinds: how code and answer exercises judge, including the commonest slips."""
import decimal
import fractions

import numpy as np
import pytest

import greenlab as gl
from greenlab.exercises.kinds import as_number, decimal_comma_hint

pytestmark = pytest.mark.usefixtures("practice_exercises")


@pytest.mark.parametrize("value", [np.int64(7), np.float32(7.0), decimal.Decimal("7"), fractions.Fraction(7, 1), 7, 7.0])
def test_numbers_of_every_kind_are_numbers(value):
    assert as_number(value) == 7.0
    assert gl.check("model-size-int8", value).passed


@pytest.mark.parametrize("value", ["7", [7], None, True, np.array([7.0, 8.0])])
def test_other_things_are_not_numbers(value):
    assert as_number(value) is None


def test_a_decimal_comma_gets_use_a_point():
    assert decimal_comma_hint((0, 25)) == "Python read a decimal comma as two numbers, (0, 25): use a point, 0.25"
    feedback = gl.check("yearly-energy", (0, 25))
    assert feedback.status == "error" and "use a point, 0.25" in feedback.message
    assert "use a point (0.5 * x" in decimal_comma_hint((0, np.arange(3) * 5))
    assert decimal_comma_hint((1.5, 2)) is None and decimal_comma_hint(0.25) is None


def test_an_off_by_one_that_agrees_on_the_main_input_is_caught_on_an_edge_case():
    def primes_off_by_one(limit):  # counts limit itself when it is prime
        count = 0
        for n in range(2, limit + 1):
            if all(n % d for d in range(2, int(n ** 0.5) + 1)):
                count += 1
        return count

    assert primes_off_by_one(30_000) == gl.exercises.references.count_primes_reference(30_000)  # the main input agrees
    feedback = gl.check("cython-primes", primes_off_by_one)
    assert feedback.status == "wrong" and "on a small case, your_function(2): value is 1, expected 0" in feedback.message


def test_a_function_that_prints_instead_of_returning_is_told_so():
    def prints(x, y):
        print(int(np.count_nonzero(x * x + y * y <= 1.0)))

    feedback = gl.check("practice-pi", prints)
    assert feedback.status == "wrong" and "use return, not print" in feedback.message


def test_a_generator_result_gets_return_a_list():
    feedback = gl.check("practice-dedupe", lambda items: (x for x in dict.fromkeys(items)))
    assert feedback.status == "wrong" and "return a list" in feedback.message


def test_a_set_where_order_matters_is_explained():
    feedback = gl.check("practice-dedupe", lambda items: set(items))
    assert feedback.status == "wrong" and "a set, which has no order" in feedback.message


def test_a_scalar_where_an_array_is_returned_is_said_in_words():
    feedback = gl.check("practice-pi", lambda x, y: x * x + y * y <= 1.0)
    assert feedback.status == "wrong" and "expected one number" in feedback.message


def test_a_result_exercise_judges_what_the_learner_measured():
    from greenlab.exercises.feedback import PASSED
    from greenlab.exercises.kinds import ResultExercise, comparison_of
    from greenlab.meters.base import FakeMeter

    def judge(answer):
        c = comparison_of(answer)
        return PASSED, f"you compared {len(c.names)} versions"

    exercise = ResultExercise("own", "02-measuring-energy", "t", "s", 5, judge=judge)
    assert exercise.evaluate(..., time_limit_s=1).status == "not-yet"
    wrong_kind = exercise.evaluate(3.5, time_limit_s=1)
    assert wrong_kind.status == "error" and "pass the Comparison that gl.compare returned" in wrong_kind.message
    assert "use a point" in exercise.evaluate((0, 5), time_limit_s=1).message
    c = gl.compare({"a": sorted, "b": lambda d: sorted(d)}, [3, 1, 2], meter=FakeMeter(), repeat=1, min_time=0.001,
                   progress=False)
    assert exercise.evaluate(c, time_limit_s=1).message == "you compared 2 versions"
    one = gl.compare({"a": sorted}, [1], meter=FakeMeter(), repeat=1, min_time=0.001, progress=False)
    assert "at least 2 versions" in exercise.evaluate(one, time_limit_s=1).message


def test_a_decimal_comma_typed_as_text_is_answered_like_one_typed_as_a_number():
    from greenlab import i18n

    feedback = gl.check("model-size-int8", "7,0")
    assert feedback.status == "error" and "7.0" in feedback.message and "point" in feedback.message
    i18n.set_language("es")
    try:
        feedback = gl.check("model-size-int8", " 7,5 ")
        assert "7.5" in feedback.message and "punto" in feedback.message
    finally:
        i18n.set_language("en")
    assert decimal_comma_hint("seven") is None and decimal_comma_hint("7.5") is None
