"""greenlab.exercises.notebook02: its exercises' references, edge cases and expected values."""
from greenlab.exercises import notebook02


def test_a_year_of_calls_and_its_co2_in_colombia():
    assert notebook02.yearly_energy_kwh() == 0.25 * 2_000_000 * 4 * 365 / 3.6e6
    assert notebook02.yearly_co2_colombia_kg() == notebook02.yearly_energy_kwh() * 259.511 / 1000
    assert [e.notebook for e in notebook02.EXERCISES] == ["02-measuring-energy"] * len(notebook02.EXERCISES)
