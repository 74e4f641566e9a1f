"""greenlab.exercises.notebook07: its exercises' references, edge cases and expected values."""
from greenlab.exercises import notebook07
from greenlab.exercises.references import count_primes_reference


def test_prime_limits_are_not_counted_themselves():
    assert [count_primes_reference(*case) for case in notebook07.primes_cases()] == [0, 1, 4, 5, 25]
