"""Grid carbon intensity, and what a CO2 figure means: equivalents and scale-up projections.

Energy becomes CO2 through the carbon intensity of the grid that supplied it: grams of
CO2-equivalent emitted per kWh generated. The same joule is dirtier on a coal grid than on
a hydro grid, so every CO2 figure in greenlab names the country it assumed::

    import greenlab as gl
    gl.carbon.intensity("COL")          # 259.5 g CO2e/kWh: Colombia, OWID data for 2023
    gl.carbon.intensity()               # gl.configure(country=...), else the world average
    gl.carbon.co2_g(3.6e6, "COL")       # 1 kWh in Colombia -> 259.5 g
    gl.carbon.normalize_country("colombia")   # "COL"
    gl.carbon.countries()               # pandas DataFrame: every country, its mix by source
    gl.carbon.equivalents(120.0)        # 120 g as car km, phone charges, e-mails, tree-months
    gl.carbon.project(0.5, calls_per_day=1_000_000, machines=10)   # a year of it, in kg

Where the numbers come from (nothing here opens a network connection):

- **Countries**: codecarbon's bundled ``data/private_infra/global_energy_mix.json`` (213
  countries; Our World in Data's electricity data, mostly for 2022-2023, the year is in
  ``countries()``). It is read as a plain JSON file, found with
  ``importlib.util.find_spec`` so codecarbon itself is never imported (that takes seconds).
- **World average**: when no country is set, the figure codecarbon itself falls back to,
  ``world_average`` in its ``data/private_infra/carbon_intensity_per_source.json``: 475 g
  CO2e/kWh, citing the IEA's *Global Energy & CO2 Status Report 2019*. It is read from that
  file too, so greenlab and codecarbon's tracker always agree.
- **Equivalents**: the constants below, each with its source. They make a figure tangible;
  they are averages of averages (a US car, a US grid's phone charge), not precise physics.

Judgement calls, made here:

- A country's figure is its *annual average* intensity. The grid at the hour you run
  varies around it (a sunny noon, a dry season for Colombia's hydro).
- Intensities are of *generation*: transmission losses and the machine's share of a data
  centre's cooling (the PUE) belong to the energy figure, not here.
- ``equivalents`` spreads EPA's ten-year tree-seedling figure evenly over 120 months; a young
  tree absorbs less than that early on and more later.
"""
from __future__ import annotations

import html
import importlib.util
import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from greenlab.results import J_PER_KWH
from greenlab.units import format_co2, format_energy, si

if TYPE_CHECKING:
    import pandas

# -- data files (shipped with codecarbon) ---------------------------------------------------
ENERGY_MIX_FILE = ("data", "private_infra", "global_energy_mix.json")
INTENSITY_PER_SOURCE_FILE = ("data", "private_infra", "carbon_intensity_per_source.json")

# The electricity sources in global_energy_mix.json that do not overlap: they add up to
# total_TWh (fossil = coal + gas + oil; renewables = hydro + solar + wind + biofuel + other).
SOURCES = (
    "coal",
    "gas",
    "oil",
    "nuclear",
    "hydroelectricity",
    "solar",
    "wind",
    "biofuel",
    "other_renewable_exc_biofuel",
)

# -- equivalents: constants and their sources -------------------------------------------------
# US EPA, Greenhouse Gas Equivalencies Calculator - Calculations and References
# (https://www.epa.gov/energy/greenhouse-gas-equivalencies-calculator-calculations-and-references),
# 2024 edition, "Miles driven by the average gasoline-powered passenger vehicle":
# 8.89e-3 t CO2/gallon x 1/22.8 miles per gallon x 1/0.994 (CO2 share of CO2+CH4+N2O)
# = 3.93e-4 metric tons CO2e per mile.
CAR_CO2_G_PER_MILE = 393.0
KM_PER_MILE = 1.609344  # the international mile, exact
CAR_CO2_G_PER_KM = CAR_CO2_G_PER_MILE / KM_PER_MILE  # 244.2 g/km: our conversion, EPA gives miles

# Same EPA page, "Number of smartphones charged": 1.24e-5 metric tons CO2 per smartphone
# charged (2024 edition, on delivered electricity, i.e. with grid losses; editions before
# 2024 gave 8.22e-6 t).
SMARTPHONE_CHARGE_CO2_G = 12.4

# Same EPA page, "Tree seedlings grown for 10 years": 0.060 metric ton CO2 per urban tree
# seedling planted and grown for ten years (36.4 lb of carbon x 44/12). Spread evenly over
# its 120 months: 500 g per tree-month.
TREE_SEEDLING_10_YEARS_CO2_G = 60_000.0
TREE_MONTH_CO2_G = TREE_SEEDLING_10_YEARS_CO2_G / 120

# Mike Berners-Lee, "How Bad Are Bananas? The carbon footprint of everything" (Profile
# Books, 2010): about 4 g CO2e for a typical e-mail (0.3 g for a spam, 50 g with a big
# attachment; the course's notebook 01 discusses the range).
EMAIL_CO2_G = 4.0

HOURS_PER_DAY = 24
DAYS_PER_YEAR = 365

_LIST_HINT = "gl.carbon.countries() lists them all"


# -- data loading ---------------------------------------------------------------------------
def _codecarbon_file(parts: tuple[str, ...]) -> str:
    """The path of a file inside the installed codecarbon package, without importing it."""
    spec = importlib.util.find_spec("codecarbon")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in locations:
        path = os.path.join(folder, *parts)
        if os.path.isfile(path):
            return path
    raise RuntimeError(
        f"codecarbon's data file {'/'.join(parts)} was not found: greenlab reads grid carbon "
        "intensities from the data codecarbon ships. Install it with `pip install codecarbon` "
        "(it is in greenlab's requirements)."
    )


@lru_cache(maxsize=1)
def _energy_mix() -> dict[str, dict[str, Any]]:
    with open(_codecarbon_file(ENERGY_MIX_FILE), encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=1)
def _intensity_per_source() -> dict[str, Any]:
    with open(_codecarbon_file(INTENSITY_PER_SOURCE_FILE), encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Lower-case country name -> ISO code."""
    return {entry["country_name"].casefold(): iso for iso, entry in _energy_mix().items()}


WORLD = "WORLD"  # pseudo-code for the world average, accepted wherever a country is


def world_average() -> float:
    """The world-average intensity codecarbon falls back to (g CO2e/kWh), from its own data."""
    return float(_intensity_per_source()["world_average"])


def world_average_source() -> str:
    return str(_intensity_per_source().get("world_average_source", "codecarbon's carbon_intensity_per_source.json"))


# -- countries ------------------------------------------------------------------------------
def normalize_country(code_or_name: str) -> str:
    """The ISO 3166 alpha-3 code, upper-case: "col", "COL" and "Colombia" all give "COL".

    "WORLD" (any case) is the world average, for when a country is configured and a figure
    should still use the world's grid: ``gl.carbon.intensity("WORLD")``.

    An unknown code or name raises ``ValueError`` naming the closest matches.
    """
    if not isinstance(code_or_name, str) or not code_or_name.strip():
        raise ValueError(
            f"country must be a 3-letter ISO code such as 'COL' or a name such as 'Colombia'; "
            f"got {code_or_name!r} ({_LIST_HINT})"
        )
    text = " ".join(code_or_name.split())
    if text.upper() in (WORLD, "WORLD AVERAGE"):
        return WORLD
    mix = _energy_mix()
    if text.upper() in mix:
        return text.upper()
    by_name = _names()
    if text.casefold() in by_name:
        return by_name[text.casefold()]
    raise ValueError(_unknown_country_message(text))


def _unknown_country_message(text: str) -> str:
    import difflib

    mix = _energy_mix()
    by_name = _names()
    folded = text.casefold()
    codes = difflib.get_close_matches(text.upper(), list(mix), n=3, cutoff=0.6)
    starts = [code for name, code in sorted(by_name.items()) if len(folded) >= 3 and name.startswith(folded)]
    names = [by_name[name] for name in difflib.get_close_matches(folded, list(by_name), n=3, cutoff=0.6)]
    # a code-like text is most likely a mistyped code; a longer one a mistyped name
    ordered = codes + starts + names if len(text) <= 3 else starts + names + codes
    suggestions = [f"{code} ({mix[code]['country_name']})" for code in dict.fromkeys(ordered)][:4]
    hint = f"did you mean {', '.join(suggestions)}? " if suggestions else ""
    rule = "a 3-letter ISO 3166 code such as 'COL'"
    if len(text) == 2 and text.isalpha():
        rule += " (2-letter codes such as 'CO' are not accepted)"
    return f"unknown country {text!r}: use {rule} or an English name such as 'Colombia'; {hint}{_LIST_HINT}"


def country_name(country: str | None) -> str:
    """ "Colombia" for "COL"; "world average" for None."""
    if country is None or normalize_country(country) == WORLD:
        return "world average"
    return str(_energy_mix()[normalize_country(country)]["country_name"])


def intensity(country: str | None = None) -> float:
    """Grid carbon intensity in g CO2e per kWh.

    ``country``: an ISO code or name; None (default) uses ``gl.configure(country=...)``
    (or ``GREENLAB_COUNTRY``), and if that is unset too, the world average that codecarbon
    uses: 475 g CO2e/kWh (IEA, Global Energy & CO2 Status Report 2019), see ``world_average()``.
    Colombia's figure is 259.5 (Our World in Data, 2023).
    """
    if country is None:
        from greenlab.config import settings

        country = settings().country
        if country is None:
            return world_average()
    code = normalize_country(country)
    return world_average() if code == WORLD else float(_energy_mix()[code]["carbon_intensity"])


def co2_g(energy_j: float, country: str | None = None) -> float:
    """Grams of CO2e for ``energy_j`` joules on ``country``'s grid (see ``intensity``)."""
    energy_j = _finite(energy_j, "energy_j")
    if energy_j < 0:
        raise ValueError(f"energy_j must be >= 0 J; got {energy_j!r} (a saving is a positive energy difference)")
    return energy_j / J_PER_KWH * intensity(country)


def countries() -> pandas.DataFrame:
    """Every country in codecarbon's data as a pandas DataFrame, one row per country.

    Columns: ``iso``, ``name``, ``intensity_g_per_kwh``, ``year`` (of the data),
    ``total_twh`` (electricity generated that year) and, for each source in ``SOURCES``,
    ``<source>_pct``: its share of the generation in percent (the shares add up to 100).
    Sorted by ``iso``. For a plot of Colombia beside others::

        df = gl.carbon.countries().set_index("name")
        df.loc[["Colombia", "Brazil", "United States", "Poland"], "intensity_g_per_kwh"].plot.barh()
    """
    import pandas as pd

    rows = []
    for iso, entry in sorted(_energy_mix().items()):
        total_twh = float(entry.get("total_TWh") or 0.0)
        row = {
            "iso": iso,
            "name": entry["country_name"],
            "intensity_g_per_kwh": float(entry["carbon_intensity"]),
            "year": int(entry["year"]),
            "total_twh": total_twh,
        }
        for source in SOURCES:
            twh = float(entry.get(f"{source}_TWh") or 0.0)
            row[f"{source}_pct"] = 100.0 * twh / total_twh if total_twh > 0 else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)


# -- equivalents ----------------------------------------------------------------------------
EQUIVALENT_SOURCES = {
    "car_km": f"US EPA GHG Equivalencies Calculator: {CAR_CO2_G_PER_MILE:g} g CO2e per mile "
    f"by an average gasoline car = {CAR_CO2_G_PER_KM:.1f} g per km",
    "smartphone_charges": f"US EPA GHG Equivalencies Calculator: {SMARTPHONE_CHARGE_CO2_G:g} g CO2 per smartphone charge",
    "emails": f"Berners-Lee, How Bad Are Bananas? (2010): {EMAIL_CO2_G:g} g CO2e per typical e-mail",
    "tree_months": f"US EPA GHG Equivalencies Calculator: {TREE_SEEDLING_10_YEARS_CO2_G / 1000:g} kg CO2 "
    f"per urban tree seedling grown for 10 years = {TREE_MONTH_CO2_G:g} g per tree-month",
}
_EQUIVALENT_LABELS = {
    "car_km": "km by car",
    "smartphone_charges": "smartphone charges",
    "emails": "e-mails sent",
    "tree_months": "months of a young tree's growth to absorb it",
}


@dataclass(frozen=True)
class Equivalents:
    """A CO2 figure expressed as everyday things (see ``EQUIVALENT_SOURCES``)."""

    co2_g: float
    car_km: float  # km driven by an average gasoline car
    smartphone_charges: float  # full smartphone charges
    emails: float  # typical e-mails sent
    tree_months: float  # months of one young urban tree's growth to absorb it

    def items(self) -> list[tuple[str, float]]:
        return [(key, getattr(self, key)) for key in _EQUIVALENT_LABELS]

    def __str__(self) -> str:
        parts = [f"{_count(value)} {_EQUIVALENT_LABELS[key]}" for key, value in self.items()]
        return f"{format_co2(self.co2_g)} is about " + "; ".join(parts)

    def _repr_pretty_(self, p, cycle) -> None:  # IPython's plain-text display
        p.text(str(self))

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td style='text-align:right'>{_count(value)}</td><td style='text-align:left'>"
            f"{html.escape(_EQUIVALENT_LABELS[key])}</td><td style='text-align:left'><small>"
            f"{html.escape(EQUIVALENT_SOURCES[key])}</small></td></tr>"
            for key, value in self.items()
        )
        return (
            f"<div class='greenlab-equivalents'><b>{html.escape(format_co2(self.co2_g))}</b> is about "
            f"<table>{rows}</table></div>"
        )


def equivalents(co2_g: float) -> Equivalents:
    """``co2_g`` grams of CO2e as car km, smartphone charges, e-mails and tree-months."""
    co2_g = _finite(co2_g, "co2_g")
    if co2_g < 0:
        raise ValueError(f"co2_g must be >= 0 g; got {co2_g!r} (for a saving, pass the grams saved)")
    return Equivalents(
        co2_g=co2_g,
        car_km=co2_g / CAR_CO2_G_PER_KM,
        smartphone_charges=co2_g / SMARTPHONE_CHARGE_CO2_G,
        emails=co2_g / EMAIL_CO2_G,
        tree_months=co2_g / TREE_MONTH_CO2_G,
    )


# -- projections ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Projection:
    """Energy and CO2 of running one call ``calls_per_day`` times a day on ``machines`` for ``days``."""

    energy_j_per_call: float
    calls_per_day: float
    machines: int
    days: float
    calls: float  # calls_per_day x machines x days
    energy_kwh: float  # calls x energy_j_per_call / 3.6e6
    co2_kg: float  # energy_kwh x intensity_g_per_kwh / 1000
    country: str | None  # ISO code; None = world average
    intensity_g_per_kwh: float

    @property
    def co2_g(self) -> float:
        return self.co2_kg * 1000.0

    @property
    def equivalents(self) -> Equivalents:
        return equivalents(self.co2_g)

    def scenario(self) -> str:
        """ "1,000,000 calls a day on each of 10 machines for a year" (calls_per_day is per machine)"""
        machines = f"each of {self.machines:,} machines" if self.machines != 1 else "1 machine"
        if self.days == DAYS_PER_YEAR:
            period = "a year"
        else:
            period = f"{_count(self.days)} day{'s' if self.days != 1 else ''}"
        return f"{_count(self.calls_per_day)} calls a day on {machines} for {period}"

    def __str__(self) -> str:
        where = f"{country_name(self.country)}, {self.intensity_g_per_kwh:.1f} g CO2e/kWh"
        return (
            f"{self.scenario()}: {_count(self.calls)} calls x {format_energy(self.energy_j_per_call)} = "
            f"{si(self.energy_kwh * 1000.0, 'Wh')} -> {format_co2(self.co2_g)} ({where})"
        )

    def _repr_pretty_(self, p, cycle) -> None:  # IPython's plain-text display
        p.text(str(self))

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = [
            ("scenario", esc(self.scenario())),
            ("calls", _count(self.calls)),
            ("energy per call", format_energy(self.energy_j_per_call)),
            ("energy", si(self.energy_kwh * 1000.0, "Wh")),
            ("CO2e", format_co2(self.co2_g)),
            ("grid", esc(f"{country_name(self.country)}, {self.intensity_g_per_kwh:.1f} g CO2e/kWh")),
        ]
        body = "".join(f"<tr><th style='text-align:left'>{k}</th><td style='text-align:left'>{v}</td></tr>" for k, v in rows)
        return f"<div class='greenlab-projection'><table>{body}</table></div>"


def project(
    energy_j_per_call: float,
    *,
    calls_per_day: float,
    machines: int = 1,
    days: float = DAYS_PER_YEAR,
    country: str | None = None,
) -> Projection:
    """Scale one call's energy up: ``calls_per_day`` calls a day on ``machines`` for ``days``.

    ``energy_j_per_call`` is a measured figure (``m.energy_j``) or a saving (the difference of
    two). ``country`` as in ``intensity``. All inputs must be > 0; ``machines`` a whole number.
    """
    energy_j_per_call = _positive(energy_j_per_call, "energy_j_per_call", "J", " (pass m.energy_j from gl.measure)")
    calls_per_day = _positive(calls_per_day, "calls_per_day", "calls")
    days = _positive(days, "days", "days", " (365 = a year)")
    if isinstance(machines, bool) or not isinstance(machines, int):
        if isinstance(machines, float) and machines.is_integer():
            machines = int(machines)
        else:
            raise ValueError(f"machines must be a whole number >= 1; got {machines!r}")
    if machines < 1:
        raise ValueError(f"machines must be a whole number >= 1; got {machines!r}")
    if country is None:
        from greenlab.config import settings

        country = settings().country
    country = normalize_country(country) if country is not None else None
    intensity_g_per_kwh = intensity(country)
    calls = calls_per_day * machines * days
    energy_kwh = calls * energy_j_per_call / J_PER_KWH
    return Projection(
        energy_j_per_call=energy_j_per_call,
        calls_per_day=calls_per_day,
        machines=machines,
        days=days,
        calls=calls,
        energy_kwh=energy_kwh,
        co2_kg=energy_kwh * intensity_g_per_kwh / 1000.0,
        country=country,
        intensity_g_per_kwh=intensity_g_per_kwh,
    )


# -- helpers --------------------------------------------------------------------------------
def _finite(value: Any, name: str) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number; got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number; got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number; got {value!r}")
    return number


def _positive(value: Any, name: str, unit: str, hint: str = "") -> float:
    number = _finite(value, name)
    if number <= 0:
        raise ValueError(f"{name} must be > 0 {unit}{hint}; got {value!r}")
    return number


def _count(value: float) -> str:
    """Readable counts: 1,234,567 / 12.3 / 0.0123 (three significant figures below 1000)."""
    if value == 0:
        return "0"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"
