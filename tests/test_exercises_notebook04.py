"""greenlab.exercises.notebook04: station-stats, its reference, inputs and the answers it refuses."""
from collections import defaultdict

import greenlab as gl
from greenlab.exercises import notebook04


def dict_of_running_figures(readings):
    figures = {}
    for station, temperature in readings:
        found = figures.setdefault(station, [temperature, 0.0, temperature, 0])
        found[0], found[2] = min(found[0], temperature), max(found[2], temperature)
        found[1] += temperature
        found[3] += 1
    return {station: (low, total / count, high) for station, (low, total, high, count) in figures.items()}


def test_edge_cases_give_lowest_mean_highest_per_station():
    results = [notebook04.station_stats_reference(*case) for case in notebook04.station_stats_cases()]
    assert results == [
        {},
        {"Tunja 01": (-2.5, -2.5, -2.5)},
        {"Pasto 03": (-3.0, -2.0, -1.0), "Cali 01": (24.0, 27.25, 30.5)},
        {"Cali 01": (25.0, 26.0, 27.0), "cali 01": (20.0, 20.0, 20.0)},
    ]


def test_the_main_input_is_fixed_and_has_many_stations():
    (first,), (again,) = notebook04.station_readings_input(), notebook04.station_readings_input()
    assert first == again and len(first) == notebook04.READINGS
    assert len({station for station, _ in first}) == len(notebook04.CITIES) * notebook04.STATIONS_PER_CITY
    assert all(isinstance(t, float) for _, t in first[:100])


def test_a_dict_passes_and_the_saving_is_measured():
    feedback = gl.check("station-stats", dict_of_running_figures)
    assert feedback.passed, feedback
    assert feedback.speedup >= 5


def test_defaultdict_of_lists_is_right_too():
    def grouped(readings):
        groups = defaultdict(list)
        for station, temperature in readings:
            groups[station].append(temperature)
        return {s: (min(t), sum(t) / len(t), max(t)) for s, t in groups.items()}

    assert gl.check("station-stats", grouped).status in ("passed", "slow")


def test_starting_the_highest_at_zero_is_caught_on_a_small_case():
    def zero_start(readings):
        figures = {}
        for station, temperature in readings:
            found = figures.setdefault(station, [temperature, 0.0, 0.0, 0])
            found[0], found[2] = min(found[0], temperature), max(found[2], temperature)
            found[1] += temperature
            found[3] += 1
        return {station: (low, total / count, high) for station, (low, total, high, count) in figures.items()}

    feedback = gl.check("station-stats", zero_start)
    assert feedback.status == "wrong" and "small case" in feedback.message and "not at 0" in " ".join(feedback.hints)


def test_names_that_differ_in_case_are_different_stations():
    def case_blind(readings):
        return dict_of_running_figures([(station.lower(), t) for station, t in readings])

    assert gl.check("station-stats", case_blind).status == "wrong"


def test_the_reference_itself_is_slow():
    feedback = gl.check("station-stats", notebook04.station_stats_reference)
    assert feedback.status == "slow" and "dict" in " ".join(feedback.hints)
