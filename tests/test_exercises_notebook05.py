"""greenlab.exercises.notebook05: its exercises' references, edge cases and expected values."""
import numpy as np

import greenlab as gl
from greenlab.exercises import notebook05


def test_points_on_the_circle_count_as_inside():
    from greenlab.exercises.references import count_inside_reference

    (x, y), (empty_x, empty_y) = notebook05.count_inside_cases()
    assert count_inside_reference(x, y) == 3 and count_inside_reference(empty_x, empty_y) == 0


def test_a_strict_inequality_is_caught_on_the_boundary():
    feedback = gl.check("vectorize-pi", lambda x, y: int(np.count_nonzero(x * x + y * y < 1.0)))
    assert feedback.status == "wrong" and "small case" in feedback.message
