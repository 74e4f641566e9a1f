"""greenlab.exercises.notebook06: its exercises' references, edge cases and expected values."""
from greenlab.exercises import notebook06
from greenlab.exercises.references import collatz_longest_reference


def test_collatz_edge_cases():
    assert [collatz_longest_reference(*case) for case in notebook06.collatz_cases()] == [(1, 1), (2, 2), (9, 20), (27, 112)]
