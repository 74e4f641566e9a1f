"""greenlab.exercises.notebook03: its exercises' references, edge cases and expected values."""
import greenlab as gl
from greenlab.exercises import notebook03


def test_the_reference_counts_every_occurrence_of_a_repeated_value():
    assert notebook03.count_duplicates_reference([2, 1, 2, 3, 3, 3]) == 5
    assert all(notebook03.count_duplicates_reference(*case) >= 0 for case in notebook03.count_duplicates_cases())


def test_counting_each_value_once_instead_is_wrong():
    feedback = gl.check("count-duplicates", lambda values: len({v for v in values if values.count(v) > 1}))
    assert feedback.status == "wrong"


def test_the_sensor_readings_are_fixed_and_hold_failed_readings_that_clean_drops():
    readings = notebook03.sensor_readings()
    assert readings == notebook03.sensor_readings() and len(readings) == notebook03.READINGS
    assert readings.count(-1) > 0
    (cleaned,) = notebook03.percent_of_peak_input()
    assert -1 not in cleaned and len(cleaned) == len(readings) - readings.count(-1)


def test_percent_of_peak_is_each_reading_as_a_share_of_the_highest():
    assert notebook03.percent_of_peak_reference([3, 9, 9, 1]) == [100 * 3 / 9, 100.0, 100.0, 100 * 1 / 9]
    assert all(max(notebook03.percent_of_peak_reference(*case)) == 100.0 for case in notebook03.percent_of_peak_cases())


def test_the_hot_function_found_once_before_the_loop_passes_and_the_unfixed_one_is_slow():
    def fixed(readings):
        highest = max(readings)
        return [r / highest * 100 for r in readings]  # a different order of operations: equal within rtol

    assert gl.check("hot-function", fixed).passed
    assert gl.check("hot-function", notebook03.percent_of_peak_reference).status == "slow"


def test_a_fix_that_takes_the_wrong_peak_or_fixes_the_wrong_function_is_wrong():
    first_as_peak = gl.check("hot-function", lambda readings: [100 * r / readings[0] for r in readings])
    assert first_as_peak.status == "wrong" and "small case" in first_as_peak.message
    assert gl.check("hot-function", notebook03.clean).status == "wrong"
    assert gl.check("hot-function", lambda readings: None).status == "wrong"


def test_the_starter_is_not_yet():
    def fixed(readings):
        raise NotImplementedError("your code here")

    assert gl.check("hot-function", fixed).status == "not-yet"
