"""What a CO2 figure means: grid intensity, equivalents and scale-up projections, for learners.

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

This module is a public entry point: where a country is not given, it is resolved once
(``greenlab.context.resolve_grid``: the ``country`` setting, else the world average). The
country data itself, and where it comes from, is ``greenlab.grids``.

- **Equivalents**: the constants below, each with its source. They make a figure tangible;
  they are averages of averages (a US car, a US grid's phone charge), not precise physics.
- ``equivalents`` spreads EPA's ten-year tree-seedling figure evenly over 120 months; a young
  tree absorbs less than that early on and more later.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from greenlab.context import resolve_grid
from greenlab.grids import SOURCES, WORLD, countries, normalize_country, world_average, world_average_source
from greenlab.render.formatting import format_co2, format_count, format_energy, si
from greenlab.render.table import Column, Table, key_value
from greenlab.units import DAYS_PER_YEAR, J_PER_KWH, J_PER_WH, KM_PER_MILE

__all__ = [
    "Equivalents", "Projection", "SOURCES", "WORLD", "co2_g", "countries", "country_name", "equivalents",
    "intensity", "normalize_country", "project", "world_average", "world_average_source",
]

# -- equivalents: constants and their sources -------------------------------------------------
# US EPA, Greenhouse Gas Equivalencies Calculator - Calculations and References
# (https://www.epa.gov/energy/greenhouse-gas-equivalencies-calculator-calculations-and-references),
# 2024 edition, "Miles driven by the average gasoline-powered passenger vehicle":
# 8.89e-3 t CO2/gallon x 1/22.8 miles per gallon x 1/0.994 (CO2 share of CO2+CH4+N2O)
# = 3.93e-4 metric tons CO2e per mile.
CAR_CO2_G_PER_MILE = 393.0
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



# -- intensity -------------------------------------------------------------------------------
def country_name(country: str | None) -> str:
    """ "Colombia" for "COL" (or "colombia"); "world average" for None or "WORLD"."""
    return resolve_grid(country if country is not None else WORLD).name


def intensity(country: str | None = None) -> float:
    """Grid carbon intensity in g CO2e per kWh.

    ``country``: an ISO code or name; None (default) uses ``gl.configure(country=...)``
    (or ``GREENLAB_COUNTRY``), and if that is unset too, the world average that codecarbon
    uses: 475 g CO2e/kWh (IEA, Global Energy & CO2 Status Report 2019), see ``world_average()``.
    Colombia's figure is 259.5 (Our World in Data, 2023).
    """
    return resolve_grid(country).intensity_g_per_kwh


def co2_g(energy_j: float, country: str | None = None) -> float:
    """Grams of CO2e for ``energy_j`` joules on ``country``'s grid (see ``intensity``)."""
    energy_j = _finite(energy_j, "energy_j")
    if energy_j < 0:
        raise ValueError(f"energy_j must be >= 0 J; got {energy_j!r} (a saving is a positive energy difference)")
    return energy_j / J_PER_KWH * intensity(country)


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
        parts = [f"{format_count(value)} {_EQUIVALENT_LABELS[key]}" for key, value in self.items()]
        return f"{format_co2(self.co2_g)} is about " + "; ".join(parts)

    def _repr_pretty_(self, p, cycle) -> None:  # IPython's plain-text display
        p.text(str(self))

    def to_table(self) -> Table:
        return Table(
            columns=(Column("count", "about", format_count, numeric=True), Column("what", ""), Column("source", "source")),
            rows=tuple({"count": value, "what": _EQUIVALENT_LABELS[key], "source": EQUIVALENT_SOURCES[key]}
                       for key, value in self.items()),
            title=f"{format_co2(self.co2_g)} is about",
            css_class="greenlab-equivalents",
        )

    def _repr_html_(self) -> str:
        return self.to_table().to_html()


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
            period = f"{format_count(self.days)} day{'s' if self.days != 1 else ''}"
        return f"{format_count(self.calls_per_day)} calls a day on {machines} for {period}"

    @property
    def grid_text(self) -> str:
        return f"{country_name(self.country)}, {self.intensity_g_per_kwh:.1f} g CO2e/kWh"

    def __str__(self) -> str:
        return (
            f"{self.scenario()}: {format_count(self.calls)} calls x {format_energy(self.energy_j_per_call)} = "
            f"{si(self.energy_kwh * J_PER_KWH / J_PER_WH, 'Wh')} -> {format_co2(self.co2_g)} ({self.grid_text})"
        )

    def _repr_pretty_(self, p, cycle) -> None:  # IPython's plain-text display
        p.text(str(self))

    def to_table(self) -> Table:
        return key_value(
            [
                ("scenario", self.scenario()),
                ("calls", format_count(self.calls)),
                ("energy per call", format_energy(self.energy_j_per_call)),
                ("energy", si(self.energy_kwh * J_PER_KWH / J_PER_WH, "Wh")),
                ("CO2e", format_co2(self.co2_g)),
                ("grid", self.grid_text),
            ],
            css_class="greenlab-projection",
        )

    def _repr_html_(self) -> str:
        return self.to_table().to_html()


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
    grid = resolve_grid(country)
    calls = calls_per_day * machines * days
    energy_kwh = calls * energy_j_per_call / J_PER_KWH
    return Projection(
        energy_j_per_call=energy_j_per_call,
        calls_per_day=calls_per_day,
        machines=machines,
        days=days,
        calls=calls,
        energy_kwh=energy_kwh,
        co2_kg=energy_kwh * grid.intensity_g_per_kwh / 1000.0,
        country=grid.code,
        intensity_g_per_kwh=grid.intensity_g_per_kwh,
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
