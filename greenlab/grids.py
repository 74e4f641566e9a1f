"""Electricity grids by country: names, codes and carbon intensities, from codecarbon's offline data.

A grid's carbon intensity is the CO2-equivalent emitted per kWh generated. This module knows
the countries and their figures and nothing of greenlab's settings: callers pass the country
they mean (``greenlab.context`` turns "the configured country" into a ``Grid`` once, at a
public entry point)::

    from greenlab import grids
    grids.normalize_country("colombia")   # "COL"
    grids.grid("COL")                     # Grid(code='COL', name='Colombia', intensity_g_per_kwh=259.5, ...)
    grids.grid(None)                      # the world average
    grids.countries()                     # pandas DataFrame: every country and its mix by source

Where the numbers come from (nothing here opens a network connection):

- **Countries**: codecarbon's bundled ``data/private_infra/global_energy_mix.json`` (213
  countries; Our World in Data's electricity data, mostly for 2022-2023, the year is in
  ``countries()`` and in each ``Grid``). It is read as a plain JSON file, found with
  ``importlib.util.find_spec`` so codecarbon itself is never imported (that takes seconds).
- **World average**: the figure codecarbon itself falls back to, ``world_average`` in its
  ``data/private_infra/carbon_intensity_per_source.json``: 475 g CO2e/kWh, citing the IEA's
  *Global Energy & CO2 Status Report 2019*. Read from that file too, so greenlab and
  codecarbon's tracker always agree.

Judgement calls, made here:

- A country's figure is its *annual average* intensity. The grid at the hour you run varies
  around it (a sunny noon, a dry season for Colombia's hydro).
- Intensities are of *generation*: transmission losses and a data centre's cooling (the PUE)
  belong to the energy figure, not here.
- Codes are ISO 3166 alpha-3 ("COL"), the keys of codecarbon's data. A country is also found
  by its alpha-2 code ("CO"), its English name (codecarbon's) or its Spanish name ("Brasil",
  "España", "Estados Unidos", "México"), accents and case aside. Names in other languages, and
  alpha-2 codes, come from pycountry (the ISO 3166 tables and their translations), loaded
  only when such a name is asked for. "WORLD" (any case) means the world average.
- A grid's ``name`` is in the language greenlab speaks now (``greenlab.i18n``).
"""
from __future__ import annotations

import importlib.util
import json
import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from greenlab import i18n
from greenlab.i18n import _

if TYPE_CHECKING:
    import pandas

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

WORLD = "WORLD"  # pseudo-code for the world average, accepted wherever a country is
WORLD_NAMES = ("world average", "world", "promedio mundial", "mundo")


@dataclass(frozen=True)
class Grid:
    """The grid a CO2 figure assumes: ``code`` is None for the world average."""

    code: str | None
    name: str
    intensity_g_per_kwh: float
    year: int | None  # the year of the data; None for the world average
    source: str

    def __str__(self) -> str:
        return _("{name} grid, {intensity} g CO2e/kWh", name=self.name, intensity=format(self.intensity_g_per_kwh, ".1f"))


# -- data files (shipped with codecarbon) ---------------------------------------------------
def _codecarbon_file(parts: tuple[str, ...]) -> str:
    """The path of a file inside the installed codecarbon package, without importing it."""
    spec = importlib.util.find_spec("codecarbon")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in locations:
        path = os.path.join(folder, *parts)
        if os.path.isfile(path):
            return path
    raise RuntimeError(_(
        "codecarbon's data file {file} was not found: greenlab reads grid carbon intensities from the data "
        "codecarbon ships. Install it with `pip install codecarbon` (it is in greenlab's requirements).",
        file="/".join(parts)))


@lru_cache(maxsize=1)
def _energy_mix() -> dict[str, dict[str, Any]]:
    with open(_codecarbon_file(ENERGY_MIX_FILE), encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=1)
def _intensity_per_source() -> dict[str, Any]:
    with open(_codecarbon_file(INTENSITY_PER_SOURCE_FILE), encoding="utf-8") as f:
        return json.load(f)


def _fold(text: str) -> str:
    """Case and accents aside: "México" and "mexico" are the same name."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Folded English country name -> ISO code (codecarbon's names)."""
    return {_fold(entry["country_name"]): iso for iso, entry in _energy_mix().items()}


@lru_cache(maxsize=1)
def _spanish() -> Any:
    import gettext

    import pycountry

    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"], fallback=True)


@lru_cache(maxsize=1)
def _other_names() -> dict[str, str]:
    """Folded alpha-2 code or Spanish name -> ISO alpha-3, for the countries in codecarbon's data."""
    import pycountry

    found: dict[str, str] = {}
    for iso in _energy_mix():
        country = pycountry.countries.get(alpha_3=iso)
        if country is None:
            continue
        found[_fold(country.alpha_2)] = iso
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            if name:
                found.setdefault(_fold(_spanish().gettext(name)), iso)
    return found


def local_name(code: str) -> str:
    """The country's name in the language greenlab speaks ("Brasil" in Spanish for "BRA")."""
    english = str(_energy_mix()[code]["country_name"])
    if i18n.language() == "es":
        import pycountry

        country = pycountry.countries.get(alpha_3=code)
        return _spanish().gettext(country.name) if country is not None else english
    return english


# -- the world average ----------------------------------------------------------------------
def world_average() -> float:
    """The world-average intensity codecarbon falls back to (g CO2e/kWh), from its own data."""
    return float(_intensity_per_source()["world_average"])


def world_average_source() -> str:
    return str(_intensity_per_source().get("world_average_source", "codecarbon's carbon_intensity_per_source.json"))


# -- countries ------------------------------------------------------------------------------
def normalize_country(code_or_name: str) -> str:
    """The ISO 3166 alpha-3 code, upper-case: "col", "COL" and "Colombia" all give "COL".

    "WORLD" (any case) is the world average. An unknown code or name raises ``ValueError``
    naming the closest matches.
    """
    if not isinstance(code_or_name, str) or not code_or_name.strip():
        raise ValueError(_("country must be an ISO code such as 'COL' or 'CO', or a name such as 'Colombia'; "
                           "got {value} (gl.carbon.countries() lists them all)", value=repr(code_or_name)))
    text = " ".join(code_or_name.split())
    if text.upper() == WORLD or _fold(text) in WORLD_NAMES:
        return WORLD
    if text.upper() in _energy_mix():
        return text.upper()
    folded = _fold(text)
    if folded in _names():
        return _names()[folded]
    if folded in _other_names():  # an alpha-2 code, or a Spanish name
        return _other_names()[folded]
    raise ValueError(_unknown_country_message(text))


def _unknown_country_message(text: str) -> str:
    import difflib

    mix = _energy_mix()
    by_name = {**_names(), **_other_names()}
    folded = _fold(text)
    codes = difflib.get_close_matches(text.upper(), list(mix), n=3, cutoff=0.6)
    starts = [code for name, code in sorted(by_name.items()) if len(folded) >= 3 and name.startswith(folded)]
    names = [by_name[name] for name in difflib.get_close_matches(folded, list(by_name), n=3, cutoff=0.6)]
    # a code-like text is most likely a mistyped code; a longer one a mistyped name
    ordered = codes + starts + names if len(text) <= 3 else starts + names + codes
    suggestions = [f"{code} ({local_name(code)})" for code in dict.fromkeys(ordered)][:4]
    hint = _("did you mean {suggestions}? ", suggestions=", ".join(suggestions)) if suggestions else ""
    return _("unknown country {value}: use an ISO code such as 'COL' or 'CO', or a name such as 'Colombia'; "
             "{hint}gl.carbon.countries() lists them all", value=repr(text), hint=hint)


def grid(country: str | None) -> Grid:
    """The ``Grid`` of ``country`` (an ISO code or a name); None or "WORLD" is the world average."""
    code = None if country is None else normalize_country(country)
    if code is None or code == WORLD:
        return Grid(None, _("world average"), world_average(), None, world_average_source())
    entry = _energy_mix()[code]
    return Grid(
        code=code,
        name=local_name(code),
        intensity_g_per_kwh=float(entry["carbon_intensity"]),
        year=int(entry["year"]) if entry.get("year") else None,
        source=_("Our World in Data electricity data for {year}, as shipped with codecarbon (global_energy_mix.json)",
                 year=entry.get("year", "?")),
    )


def countries() -> pandas.DataFrame:
    """Every country in codecarbon's data as a pandas DataFrame, one row per country.

    Columns: ``iso``, ``name`` (in the language greenlab speaks), ``intensity_g_per_kwh``, ``year`` (of the data),
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
            "name": local_name(iso),
            "intensity_g_per_kwh": float(entry["carbon_intensity"]),
            "year": int(entry["year"]),
            "total_twh": total_twh,
        }
        for source in SOURCES:
            twh = float(entry.get(f"{source}_TWh") or 0.0)
            row[f"{source}_pct"] = 100.0 * twh / total_twh if total_twh > 0 else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)
