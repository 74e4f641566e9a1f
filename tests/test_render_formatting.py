"""greenlab.render.formatting: SI prefixes, times, ratios, percentages and counts, three significant figures."""
import math

import pytest

from greenlab.render import formatting as units


@pytest.mark.parametrize(
    "value, unit, text",
    [
        (0.00123, "s", "1.23 ms"),
        (1.5e-7, "s", "150 ns"),
        (2.0, "J", "2 J"),
        (4200.0, "J", "4.2 kJ"),
        (3.6e9, "J", "3.6 GJ"),
        (0.0, "J", "0 J"),
        (-0.5, "J", "-500 mJ"),
        (0.9999, "s", "1 s"),
    ],
)
def test_si_prefixes(value, unit, text):
    assert units.si(value, unit) == text


def test_long_times_read_as_minutes_and_hours():
    assert units.format_time(90) == "1 min 30 s"
    assert units.format_time(3 * 3600 + 60) == "3 h 1 min"


def test_missing_and_infinite_values():
    assert units.si(None, "J") == "n/a"
    assert units.si(math.nan, "J") == "n/a"
    assert units.format_ratio(math.inf) == "inf"
    assert units.format_ratio(12.345) == "12.3x"
    assert units.format_percent(0.256) == "25.6%"
    assert units.format_co2(0.0123) == "12.3 mg CO2e"


def test_counts_read_with_separators_above_a_thousand():
    assert units.format_count(1_234_567) == "1,234,567"
    assert units.format_count(12.345) == "12.3"
    assert units.format_count(0) == "0"


def test_energy_captions_say_measured_or_how_it_was_estimated():
    assert units.energy_caption("measured", "rapl") == "measured (RAPL counters)"
    assert units.energy_caption("estimated", "estimate") == "estimated = CPU time x W per core"
    assert units.energy_caption("estimated", "codecarbon") == "estimated (codecarbon's model)"
