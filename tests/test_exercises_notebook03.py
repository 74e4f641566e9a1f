"""greenlab.exercises.notebook03: its exercises' references, edge cases and expected values."""
import greenlab as gl
from greenlab.exercises import notebook03


def test_the_reference_counts_every_occurrence_of_a_repeated_value():
    assert notebook03.count_duplicates_reference([2, 1, 2, 3, 3, 3]) == 5
    assert all(notebook03.count_duplicates_reference(*case) >= 0 for case in notebook03.count_duplicates_cases())


def test_counting_each_value_once_instead_is_wrong():
    feedback = gl.check("count-duplicates", lambda values: len({v for v in values if values.count(v) > 1}))
    assert feedback.status == "wrong"
