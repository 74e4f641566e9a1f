"""Exercises after notebook 04 (algorithms and data structures).

``station-stats``: group weather readings by station (min, mean, max per station), the task of
the One Billion Row Challenge (github.com/gunnarmorling/1brc) at a size a notebook can afford.
The reference keeps the stations in parallel lists and finds each one with a scan; a dict from
station to its running figures makes it one hash lookup per reading. It practises a different
choice from 03's ``count-duplicates`` (``Counter``): grouping several running figures under a
key, on an input the notebook does not show.
"""
from __future__ import annotations

from greenlab.exercises.feedback import SLOW, WRONG
from greenlab.exercises.kinds import CodeExercise
from greenlab.i18n import N_

# Twenty Colombian cities, 50 stations each: 1,000 stations, named like "Cali 07".
CITIES = ("Bogotá", "Medellín", "Cali", "Barranquilla", "Cartagena", "Cúcuta", "Bucaramanga", "Pereira",
          "Santa Marta", "Ibagué", "Pasto", "Manizales", "Neiva", "Villavicencio", "Armenia", "Valledupar",
          "Montería", "Sincelejo", "Popayán", "Tunja")
STATIONS_PER_CITY = 50
READINGS = 12_000  # the reference takes a few tenths of a second on them; a dict, a few milliseconds


def station_stats_reference(readings):
    """{station: (lowest, mean, highest)} of (station, temperature) readings, stations in the order first met."""
    names, lows, highs, sums, counts = [], [], [], [], []
    for station, temperature in readings:
        if station not in names:  # a list scan...
            names.append(station)
            lows.append(temperature)
            highs.append(temperature)
            sums.append(0.0)
            counts.append(0)
        i = names.index(station)  # ... and another one
        lows[i] = min(lows[i], temperature)
        highs[i] = max(highs[i], temperature)
        sums[i] += temperature
        counts[i] += 1
    return {name: (lows[i], sums[i] / counts[i], highs[i]) for i, name in enumerate(names)}


def station_readings_input() -> tuple[list[tuple[str, float]]]:
    """``READINGS`` (station, temperature in °C) pairs from 1,000 stations, fixed seed."""
    import numpy as np

    rng = np.random.default_rng(2024)
    names = [f"{city} {k:02d}" for city in CITIES for k in range(1, STATIONS_PER_CITY + 1)]
    usual = rng.normal(22.0, 6.0, size=len(names))  # each station's usual temperature
    which = rng.integers(0, len(names), size=READINGS)
    temperatures = np.round(usual[which] + rng.normal(0.0, 3.0, size=READINGS), 1)
    return ([(names[w], float(t)) for w, t in zip(which, temperatures)],)


def station_stats_cases() -> list[tuple]:
    return [
        ([],),  # no readings, no stations
        ([("Tunja 01", -2.5)],),  # one reading is its own lowest, mean and highest
        ([("Pasto 03", -1.0), ("Cali 01", 24.0), ("Pasto 03", -3.0), ("Cali 01", 30.5)],),  # below zero: not 0 as highest
        ([("Cali 01", 25.0), ("cali 01", 20.0), ("Cali 01", 27.0)],),  # names are exact: "cali 01" is another station
    ]


EXERCISES = (
    CodeExercise(
        "station-stats", "04-algorithms-and-data-structures", N_("Group readings by station"),
        N_("group with a dict instead of scanning a list"), 15,
        reference=station_stats_reference, make_input=station_readings_input, more_inputs=station_stats_cases,
        min_speedup=5,
        hints={SLOW: (N_("'station in names' and 'names.index(station)' scan the list of names on every reading: "
                         "a dict from station to its figures finds it with one hash lookup"),),
               WRONG: (N_("return {station: (lowest, mean, highest)}; start a new station's lowest and highest at its "
                          "first temperature, not at 0"),)}),
)
