"""greenlab.units: the conversion constants every figure is built from."""
from greenlab import units


def test_conversions():
    assert units.J_PER_KWH == 1000 * 3600 == 1000 * units.J_PER_WH
    assert units.KM_PER_MILE == 1.609344  # the international mile, exact
    assert units.DAYS_PER_YEAR == 365
