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
(``greenlab.context.resolve_grid``: the ``country`` setting, else the edition's grid: the world
average in English, Colombia's in the Spanish edition, ``lang="es"``). The
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
from greenlab.i18n import N_, _, group, n_
from greenlab.grids import SOURCES, WORLD, countries, normalize_country, world_average, world_average_source
from greenlab.render.formatting import format_co2, format_count, format_energy, si
from greenlab.render.table import Column, Table, key_value
from greenlab.units import DAYS_PER_YEAR, J_PER_KWH, J_PER_WH, KM_PER_MILE

__all__ = [
    "Equivalents", "Projection", "SOURCES", "WORLD", "co2_g", "countries", "country_name", "equivalents",
    "intensity", "normalize_country", "project", "world_average", "world_average_source",
]

# -- equivalents: constants and their sources -------------------------------------------------
# A car: US EPA, "Greenhouse Gas Emissions from a Typical Passenger Vehicle" (EPA-420-F-23-014,
# June 2023): 8,887 g CO2 per gallon of gasoline burned, 22.0 miles per gallon, 11,500 miles a
# year = about 4.6 t CO2 a year. In metric units (our conversion): 2.35 kg CO2 per litre,
# 10.7 L/100 km, 18,507 km a year, 251 g CO2 per km.
LITRES_PER_US_GALLON = 3.785411784  # exact
CAR_CO2_G_PER_GALLON = 8887.0
CAR_MILES_PER_GALLON = 22.0
CAR_MILES_PER_YEAR = 11_500
CAR_CO2_G_PER_LITRE = CAR_CO2_G_PER_GALLON / LITRES_PER_US_GALLON  # 2,348 g
CAR_LITRES_PER_100_KM = 100 * LITRES_PER_US_GALLON / (CAR_MILES_PER_GALLON * KM_PER_MILE)  # 10.69 L/100 km
CAR_CO2_G_PER_KM = CAR_CO2_G_PER_LITRE * CAR_LITRES_PER_100_KM / 100  # 251.0 g/km
CAR_KM_PER_YEAR = CAR_MILES_PER_YEAR * KM_PER_MILE  # 18,507 km
CAR_CO2_T_PER_YEAR = CAR_CO2_G_PER_KM * CAR_KM_PER_YEAR / 1e6  # 4.65 t

# A smartphone charge, as *energy*, so that its CO2 follows the grid: US EPA GHG Equivalencies
# Calculator, "Number of smartphones charged" (editions before 2024, from DOE data): a common
# battery takes 14.46 Wh over 24 hours, of which 0.13 W x 22 h keep it topped up once full,
# so one charge is 14.46 - 2.86 = 11.6 Wh. Luccioni, Jernite and Strubell (FAccT 2024) use
# 0.012 kWh. Charges = CO2 / (kWh per charge x the grid's g/kWh): EPA's own grams per charge
# assume the US grid, which would undercount charges on a cleaner grid such as Colombia's.
SMARTPHONE_BATTERY_WH_PER_DAY = 14.46
SMARTPHONE_MAINTENANCE_W = 0.13
SMARTPHONE_MAINTENANCE_H = 22
SMARTPHONE_CHARGE_KWH = (SMARTPHONE_BATTERY_WH_PER_DAY - SMARTPHONE_MAINTENANCE_W * SMARTPHONE_MAINTENANCE_H) / 1000

# Same EPA page, "Tree seedlings grown for 10 years": 0.060 metric ton CO2 per urban tree
# seedling planted and grown for ten years (36.4 lb of carbon x 44/12). Spread evenly over
# its 120 months: 500 g per tree-month.
TREE_SEEDLING_10_YEARS_CO2_G = 60_000.0
TREE_MONTH_CO2_G = TREE_SEEDLING_10_YEARS_CO2_G / 120

# Mike Berners-Lee, "How Bad Are Bananas? The carbon footprint of everything" (Profile Books),
# entry "An email". 2010 edition: 0.3 g CO2e for a spam, 4 g for a typical e-mail, 50 g with a
# long attachment. The revised 2020 edition gives less for most: 0.03 g for filtered spam,
# 0.2 g for a short phone-to-phone message, 17 g for a long one, 50 g with an attachment. We
# use the 2010 "typical" 4 g; a range is 0.03-50 g. Each is a one-off cost of writing, sending
# and reading a message (UK electricity and the devices' embodied carbon), not a yearly cost of
# keeping it, and it does not scale with the grid used here.
EMAIL_CO2_G = 4.0
EMAIL_RANGE_CO2_G = (0.03, 50.0)


# -- intensity -------------------------------------------------------------------------------
def country_name(country: str | None = None) -> str:
    """ "Colombia" for "COL" (or "colombia"); "world average" for "WORLD".

    None (the default) names the grid that ``intensity(None)`` uses: the ``country`` setting, else
    the edition's grid (the world average in English, Colombia's in the Spanish edition), so a
    name and a figure printed side by side always belong together.
    """
    return resolve_grid(country).name


def intensity(country: str | None = None) -> float:
    """Grid carbon intensity in g CO2e per kWh.

    ``country``: an ISO code or name; None (default) uses ``gl.configure(country=...)``
    (or ``GREENLAB_COUNTRY``), and if that is unset too, the edition's grid: in English the world
    average that codecarbon uses, 475 g CO2e/kWh (IEA, Global Energy & CO2 Status Report 2019,
    see ``world_average()``), in the Spanish edition Colombia's.
    Colombia's figure is 259.5 (Our World in Data, 2023).
    """
    return resolve_grid(country).intensity_g_per_kwh


def co2_g(energy_j: float, country: str | None = None) -> float:
    """Grams of CO2e for ``energy_j`` joules on ``country``'s grid (see ``intensity``)."""
    energy_j = _finite(energy_j, "energy_j")
    if energy_j < 0:
        raise ValueError(_("energy_j must be >= 0 J; got {value} (a saving is a positive energy difference)",
                           value=repr(energy_j)))
    return energy_j / J_PER_KWH * intensity(country)


# -- equivalents ----------------------------------------------------------------------------
def equivalent_sources() -> dict[str, str]:
    """Each equivalent's source and arithmetic, in the language greenlab speaks."""
    return {
        "car_km": _("US EPA, typical passenger vehicle (2023): {grams} g CO2 per gallon at {mpg} mpg = {kg} kg per "
                    "litre at {litres} L/100 km = {per_km} g per km", grams=group(CAR_CO2_G_PER_GALLON),
                    mpg=format(CAR_MILES_PER_GALLON, "g"), kg=format(CAR_CO2_G_PER_LITRE / 1000, ".2f"),
                    litres=format(CAR_LITRES_PER_100_KM, ".1f"), per_km=format(CAR_CO2_G_PER_KM, ".0f")),
        "smartphone_charges": _("US EPA GHG Equivalencies Calculator (DOE data): {wh} Wh per charge, times this grid's "
                                "intensity", wh=format(SMARTPHONE_CHARGE_KWH * 1000, ".1f")),
        "emails": _("Berners-Lee, How Bad Are Bananas? (2010 edition): {grams} g CO2e per typical e-mail (range "
                    "{low}-{high} g over the 2010 and 2020 editions); sending and reading once, not storing",
                    grams=format(EMAIL_CO2_G, "g"), low=format(EMAIL_RANGE_CO2_G[0], "g"),
                    high=format(EMAIL_RANGE_CO2_G[1], "g")),
        "tree_months": _("US EPA GHG Equivalencies Calculator: {kg} kg CO2 per urban tree seedling grown for 10 years "
                         "= {grams} g per tree-month", kg=format(TREE_SEEDLING_10_YEARS_CO2_G / 1000, "g"),
                         grams=format(TREE_MONTH_CO2_G, "g")),
    }


_EQUIVALENT_LABELS = {
    "car_km": N_("km by car"),
    "smartphone_charges": N_("smartphone charges"),
    "emails": N_("e-mails sent"),
    "tree_months": N_("months of a young tree's growth to absorb it"),
}


@dataclass(frozen=True)
class Equivalents:
    """A CO2 figure expressed as everyday things (see ``EQUIVALENT_SOURCES``)."""

    co2_g: float
    car_km: float  # km driven by an average gasoline car
    smartphone_charges: float  # full smartphone charges on the same grid
    emails: float  # typical e-mails sent
    tree_months: float  # months of one young urban tree's growth to absorb it
    intensity_g_per_kwh: float  # the grid the grams came from (it sets how many charges they make)

    def items(self) -> list[tuple[str, float]]:
        return [(key, getattr(self, key)) for key in _EQUIVALENT_LABELS]

    def __str__(self) -> str:
        parts = [f"{format_count(value)} {_(_EQUIVALENT_LABELS[key])}" for key, value in self.items()]
        return _("{co2} is about {parts}", co2=format_co2(self.co2_g), parts="; ".join(parts))

    def _repr_pretty_(self, p, cycle) -> None:  # IPython's plain-text display
        p.text(str(self))

    def to_table(self) -> Table:
        return Table(
            columns=(Column("count", N_("about"), format_count, numeric=True), Column("what", ""),
                     Column("source", N_("source"))),
            rows=tuple({"count": value, "what": _(_EQUIVALENT_LABELS[key]), "source": equivalent_sources()[key]}
                       for key, value in self.items()),
            title=_("{co2} is about", co2=format_co2(self.co2_g)),
            css_class="greenlab-equivalents",
        )

    def _repr_html_(self) -> str:
        return self.to_table().to_html()


def equivalents(co2_g: float, country: str | None = None) -> Equivalents:
    """``co2_g`` grams of CO2e as car km, smartphone charges, e-mails and tree-months.

    ``country`` is the grid the grams came from (None: the configured one, else the world
    average): a phone charge is an amount of *energy*, so the grams it costs follow the grid.
    """
    return _equivalents(_finite(co2_g, "co2_g"), resolve_grid(country).intensity_g_per_kwh)


def _equivalents(co2_g: float, intensity_g_per_kwh: float) -> Equivalents:
    if co2_g < 0:
        raise ValueError(_("co2_g must be >= 0 g; got {value} (for a saving, pass the grams saved)", value=repr(co2_g)))
    return Equivalents(
        co2_g=co2_g,
        car_km=co2_g / CAR_CO2_G_PER_KM,
        smartphone_charges=co2_g / (SMARTPHONE_CHARGE_KWH * intensity_g_per_kwh),
        emails=co2_g / EMAIL_CO2_G,
        tree_months=co2_g / TREE_MONTH_CO2_G,
        intensity_g_per_kwh=intensity_g_per_kwh,
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
        return _equivalents(self.co2_g, self.intensity_g_per_kwh)

    def scenario(self) -> str:
        """ "1,000,000 calls a day on each of 10 machines for a year" (calls_per_day is per machine)"""
        machines = (_("each of {count} machines", count=group(self.machines, ",")) if self.machines != 1
                    else _("1 machine"))
        if self.days == DAYS_PER_YEAR:
            period = _("a year")
        else:
            period = n_("{count} day", "{count} days", self.days if self.days == int(self.days) else 2,
                        count=format_count(self.days))
        return _("{calls} calls a day on {machines} for {period}", calls=format_count(self.calls_per_day),
                 machines=machines, period=period)

    @property
    def grid_text(self) -> str:
        return _("{name}, {intensity} g CO2e/kWh", name=country_name(self.country),
                 intensity=format(self.intensity_g_per_kwh, ".1f"))

    def __str__(self) -> str:
        return (
            _("{scenario}: {calls} calls x {energy} = {total} -> {co2} ({grid})", scenario=self.scenario(),
              calls=format_count(self.calls), energy=format_energy(self.energy_j_per_call),
              total=si(self.energy_kwh * J_PER_KWH / J_PER_WH, "Wh"), co2=format_co2(self.co2_g), grid=self.grid_text)
        )

    def _repr_pretty_(self, p, cycle) -> None:  # IPython's plain-text display
        p.text(str(self))

    def to_table(self) -> Table:
        return key_value(
            [
                (_("scenario"), self.scenario()),
                (_("calls"), format_count(self.calls)),
                (_("energy per call"), format_energy(self.energy_j_per_call)),
                (_("energy"), si(self.energy_kwh * J_PER_KWH / J_PER_WH, "Wh")),
                ("CO2e", format_co2(self.co2_g)),
                (_("grid"), self.grid_text),
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
    energy_j_per_call = _positive(energy_j_per_call, "energy_j_per_call", "J", _(" (pass m.energy_j from gl.measure)"))
    calls_per_day = _positive(calls_per_day, "calls_per_day", _("calls"))
    days = _positive(days, "days", _("days"), _(" (365 = a year)"))
    if isinstance(machines, bool) or not isinstance(machines, int):
        if isinstance(machines, float) and machines.is_integer():
            machines = int(machines)
        else:
            raise ValueError(_("machines must be a whole number >= 1; got {value}", value=repr(machines)))
    if machines < 1:
        raise ValueError(_("machines must be a whole number >= 1; got {value}", value=repr(machines)))
    grid = resolve_grid(country)
    calls = calls_per_day * machines * days
    energy_kwh = calls * energy_j_per_call / J_PER_KWH
    co2_kg = energy_kwh * grid.intensity_g_per_kwh / 1000.0
    if not math.isfinite(co2_kg):
        raise ValueError(_(
            "this projection overflows: {energy} J x {calls} calls a day x {machines} machine(s) x {days} days is too "
            "large to compute; check the inputs' units and powers of ten", energy=format(energy_j_per_call, "g"),
            calls=format(calls_per_day, "g"), machines=machines, days=format(days, "g")))
    return Projection(
        energy_j_per_call=energy_j_per_call,
        calls_per_day=calls_per_day,
        machines=machines,
        days=days,
        calls=calls,
        energy_kwh=energy_kwh,
        co2_kg=co2_kg,
        country=grid.code,
        intensity_g_per_kwh=grid.intensity_g_per_kwh,
    )


# -- helpers --------------------------------------------------------------------------------
def _finite(value: Any, name: str) -> float:
    if isinstance(value, bool):
        raise ValueError(_("{name} must be a number; got {value}", name=name, value=repr(value)))
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(_("{name} must be a number; got {value}", name=name, value=repr(value))) from None
    if not math.isfinite(number):
        raise ValueError(_("{name} must be a finite number; got {value}", name=name, value=repr(value)))
    return number


def _positive(value: Any, name: str, unit: str, hint: str = "") -> float:
    number = _finite(value, name)
    if number <= 0:
        raise ValueError(_("{name} must be > 0 {unit}{hint}; got {value}", name=name, unit=unit, hint=hint,
                           value=repr(value)))
    return number
