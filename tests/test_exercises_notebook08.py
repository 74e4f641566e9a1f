"""greenlab.exercises.notebook08: its exercises' references, edge cases and expected values."""
from greenlab.exercises import notebook08


def test_a_year_of_savings_in_colombia():
    assert notebook08.co2_saved_colombia_kg() == (0.012 - 0.0004) * 500_000 * 365 / 3.6e6 * 259.511 / 1000
