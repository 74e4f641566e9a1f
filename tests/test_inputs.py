"""greenlab.inputs: iterators refused, arguments a call changes named, the caller's data left alone."""
import threading

import numpy as np
import pytest

import greenlab as gl
from greenlab.inputs import ArgumentChanged, changed_argument, check_inputs, copy_inputs
from greenlab.meters.base import FakeMeter


@pytest.mark.parametrize("value", [iter([1, 2]), (x for x in [1]), map(abs, [1]), zip([1], [2])])
def test_iterators_are_refused_with_what_to_pass(value):
    with pytest.raises(TypeError, match="is an iterator .* Pass a list"):
        check_inputs("f", (value,), {})
    with pytest.raises(TypeError, match="argument data="):
        check_inputs("f", (), {"data": value})


def test_lists_arrays_and_ranges_are_fine():
    check_inputs("f", ([1], np.arange(3), range(5), "text", {"a": 1}), {})


def test_a_changed_argument_is_named_with_what_changed():
    with pytest.raises(ArgumentChanged, match=r"'f' changed its argument #2 \(list\) in place \(value at \[0\] is 1, "
                                              r"before the call 3\)"):
        changed_argument("f", (0, [3, 1]), (0, [1, 3]))
    changed_argument("f", ([3, 1],), ([3, 1],))  # unchanged: nothing to say


def test_uncopyable_arguments_are_not_checked():
    assert copy_inputs((threading.Lock(),), {}) is None
    assert copy_inputs(([1],), {"k": [2]}) == (([1],), {"k": [2]})


def test_measure_never_changes_the_callers_data_and_names_the_function_that_would():
    data = np.array([3.0, 1.0, 2.0])

    def sorts_in_place(a):
        a.sort()
        return a[0]

    with pytest.raises(ArgumentChanged, match="'sorts_in_place' changed its argument #1 \\(ndarray\\)"):
        gl.measure(sorts_in_place, data, meter=FakeMeter(), repeat=1, min_time=0.001)
    assert data.tolist() == [3.0, 1.0, 2.0]  # the first call ran on a copy


def test_compare_blames_the_variant_that_changed_the_input_not_the_next_one():
    d = [3, 1, 2]
    variants = {"sorted": sorted, "in_place": lambda x: x.sort() or x, "after": sorted}
    with pytest.raises(ArgumentChanged) as info:
        gl.compare(variants, d, meter=FakeMeter(), repeat=1, min_time=0.001, progress=False)
    assert info.value.name == "in_place" and d == [3, 1, 2]
