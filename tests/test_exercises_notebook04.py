"""greenlab.exercises.notebook04: its exercises' references, edge cases and expected values."""
import greenlab as gl
from greenlab.exercises import notebook04


def test_edge_cases_keep_first_occurrences_in_order():
    from greenlab.exercises.references import dedupe_reference

    assert [dedupe_reference(*case) for case in notebook04.dedupe_cases()] == [[], [1], [3, 1, 2]]


def test_sorting_the_unique_items_loses_the_order():
    assert gl.check("dedupe", lambda items: sorted(set(items))).status == "wrong"
