import numpy as np
import pytest

from greenlab.agreement import first_difference


@pytest.mark.parametrize(
    "expected, actual",
    [
        (3, 3),
        ("abc", "abc"),
        (None, None),
        (1.0, 1.0 + 1e-12),
        ([1, 2, 3], (1, 2, 3)),
        ({"a": 1, "b": [1.0, 2.0]}, {"b": [1.0, 2.0], "a": 1}),
        (np.arange(6).reshape(2, 3), np.arange(6).reshape(2, 3)),
        (np.linspace(0, 1, 5), np.linspace(0, 1, 5) * (1 + 1e-12)),
        (float("nan"), float("nan")),
        (np.int64(7), 7),
        (1 + 2j, 1 + 2j),
        ({1, 2, 3}, [3, 1, 2]),  # an expected set: order does not matter
        ({1, 2}, (2, 1)),
    ],
)
def test_agreeing_results(expected, actual):
    assert first_difference(expected, actual) is None


@pytest.mark.parametrize(
    "expected, actual, words",
    [
        (3, 4, "value is 4, expected 3"),
        ("abc", "abd", "expected 'abc'"),
        (1.0, 1.001, "tolerance"),
        ([1, 2, 3], [1, 2], "length is 2, expected 3"),
        ([1, 2, 3], [1, 5, 3], "at [1]"),
        ({"a": 1}, {"b": 1}, "key 'a' is missing"),
        ({"a": 1}, {"a": 1, "b": 2}, "unexpected key 'b'"),
        (np.zeros((2, 3)), np.zeros((3, 2)), "a 3 x 2 array (3, 2), expected a 2 x 3 array (2, 3)"),
        (np.array([[1, 2], [3, 4]]), np.array([[1, 2], [3, 5]]), "element [1, 1] is 5, expected 4; 1 of 4"),
        (np.array([1.0, 2.0]), np.array([1.0, 2.1]), "element [1] is 2.1"),
        (1, None, "expected 1"),
        (float("nan"), 1.0, "expected nan"),
        (np.array([1, 2]), [1, 2, 3], "an array of 3 numbers (3,), expected an array of 2 numbers (2,)"),
        (3, np.zeros(200_000), "an array of 200,000 numbers (200000,), expected one number ()"),
        ([1, 2], {1, 2}, "a set, which has no order; return a list"),
        ({1, 2, 3}, [1, 2], "lacks 3"),
        ({1, 2}, [1, 2, 2], "repeats items"),
        ([1, 2], map(int, "12"), "a map, which can be read only once: return a list"),
        (7, [7], "result is a list, expected an int"),
        (np.float64(3.14), np.float64(3.15), "value is 3.15, expected 3.14"),
    ],
)
def test_differing_results_say_where(expected, actual, words):
    found = first_difference(expected, actual)
    assert found is not None and words in found, found


def test_tolerance_is_configurable():
    assert first_difference(1.0, 1.001, rtol=1e-2) is None
    assert first_difference(0.0, 1e-10, rtol=0, atol=1e-9) is None
    assert first_difference(0.0, 1e-8, rtol=0, atol=1e-9) is not None
    with pytest.raises(ValueError, match="rtol and atol must be >= 0"):
        first_difference(1.0, 1.0, rtol=-1)


def test_integer_arrays_are_exact_even_with_tolerance():
    assert first_difference(np.array([10**9]), np.array([10**9 + 1]), rtol=1e-3) is not None


def test_uncomparable_results_raise_a_clear_type_error():
    class Weird:
        def __eq__(self, other):
            raise RuntimeError("no")

    with pytest.raises(TypeError, match="cannot be compared"):
        first_difference(Weird(), Weird())


def test_object_arrays_are_refused_with_advice():
    found = first_difference(np.array([1, "a"], dtype=object), np.array([1, "a"], dtype=object))
    assert "not a numeric array" in found


def test_tolerance_is_relative_to_the_expected_value_not_the_actual():
    # |1.15 - 1.0| = 0.15: within 14% of the actual (0.161) but not of the expected (0.14)
    assert first_difference(1.0, 1.15, rtol=0.14) is not None
    assert first_difference(1.15, 1.0, rtol=0.14) is None  # 0.15 <= 0.14 x 1.15
    assert first_difference(np.array([1.0]), np.array([1.15]), rtol=0.14) is not None
