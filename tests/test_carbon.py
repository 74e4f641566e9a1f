"""greenlab.carbon: intensities from codecarbon's data, country names, equivalents, projections."""
from __future__ import annotations

import dataclasses
import importlib.util
import json
import math
import os
import subprocess
import sys

import pytest

import greenlab as gl
from greenlab import carbon
from greenlab.units import J_PER_KWH


def _codecarbon_json(*parts: str):
    folder = importlib.util.find_spec("codecarbon").submodule_search_locations[0]
    with open(os.path.join(folder, *parts), encoding="utf-8") as f:
        return json.load(f)


# -- intensity -------------------------------------------------------------------------------
def test_colombia_is_259_5_from_codecarbons_data():
    mix = _codecarbon_json("data", "private_infra", "global_energy_mix.json")
    assert carbon.intensity("COL") == mix["COL"]["carbon_intensity"]
    assert round(carbon.intensity("COL"), 1) == 259.5
    assert mix["COL"]["year"] == 2023


def test_world_average_is_codecarbons_fallback():
    per_source = _codecarbon_json("data", "private_infra", "carbon_intensity_per_source.json")
    assert carbon.intensity() == per_source["world_average"] == 475
    assert carbon.world_average() == 475.0
    assert "iea.org" in carbon.world_average_source()


def test_intensity_none_follows_configure():
    gl.configure(country="Colombia")
    assert gl.settings().country == "COL"  # config validates through normalize_country
    assert carbon.intensity() == carbon.intensity("COL")
    gl.configure(country=None)
    assert carbon.intensity() == carbon.world_average()


def test_intensity_accepts_any_spelling():
    assert carbon.intensity("col") == carbon.intensity("Colombia") == carbon.intensity(" COL ")
    assert carbon.intensity("FRA") < carbon.intensity("COL") < carbon.intensity("POL")


# -- country names ---------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["col", "COL", "Col", "Colombia", "colombia", "  Colombia "])
def test_normalize_country(text):
    assert carbon.normalize_country(text) == "COL"


def test_normalize_country_by_name_with_spaces():
    assert carbon.normalize_country("united states") == "USA"
    assert carbon.normalize_country("United  Kingdom") == "GBR"


@pytest.mark.parametrize("text, expected", [("Colmbia", "COL (Colombia)"), ("Columbia", "COL (Colombia)"),
                                            ("colom", "COL (Colombia)"), ("Brasiil", "BRA (Brazil)"),
                                            ("USX", "USA (United States)")])
def test_unknown_country_suggests_close_matches(text, expected):
    with pytest.raises(ValueError) as info:
        carbon.normalize_country(text)
    message = str(info.value)
    assert expected in message
    assert "an ISO code such as 'COL' or 'CO'" in message  # the rule
    assert "gl.carbon.countries()" in message  # how to list them


def test_two_letter_codes_and_spanish_names_are_accepted():
    assert carbon.normalize_country("CO") == carbon.normalize_country("co") == "COL"
    assert carbon.normalize_country("US") == carbon.normalize_country("Estados Unidos") == "USA"
    assert carbon.normalize_country("Brasil") == "BRA"


@pytest.mark.parametrize("bad", ["", "   ", None, 170])
def test_country_must_be_text(bad):
    with pytest.raises(ValueError, match="country must be an ISO code"):
        carbon.normalize_country(bad)


def test_configure_rejects_unknown_country_with_suggestion():
    with pytest.raises(ValueError, match=r"COL \(Colombia\)"):
        gl.configure(country="Colmbia")


def test_country_name():
    assert carbon.country_name("col") == "Colombia"
    assert carbon.country_name(None) == carbon.country_name() == "world average"
    gl.configure(lang="es")  # the Spanish edition's grid: the name follows the figure
    try:
        assert carbon.country_name(None) == "Colombia" and carbon.intensity(None) == carbon.intensity("COL")
        assert carbon.country_name("WORLD") == "promedio mundial"
    finally:
        gl.configure(lang="en")


# -- co2 ---------------------------------------------------------------------------------------
def test_co2_of_one_kwh_is_the_intensity():
    assert carbon.co2_g(J_PER_KWH, "COL") == pytest.approx(carbon.intensity("COL"), rel=1e-15)
    assert carbon.co2_g(1800.0, "COL") == pytest.approx(1800.0 / 3.6e6 * 259.511, rel=1e-15)
    assert carbon.co2_g(0.0) == 0.0


def test_co2_uses_the_configured_country():
    gl.configure(country="COL")
    assert carbon.co2_g(J_PER_KWH) == pytest.approx(259.511, rel=1e-15)


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf"), "ten", None])
def test_co2_rejects_bad_energy(bad):
    with pytest.raises(ValueError, match="energy_j must be"):
        carbon.co2_g(bad)


# -- countries table ----------------------------------------------------------------------------
def test_countries_table():
    df = carbon.countries()
    expected = {"iso", "name", "intensity_g_per_kwh", "year", "total_twh"} | {f"{s}_pct" for s in carbon.SOURCES}
    assert expected <= set(df.columns)
    assert len(df) > 150 and df["iso"].is_unique
    assert (df["intensity_g_per_kwh"] >= 0).all()  # 0 for an all-hydro grid (Central African Republic)
    col = df.set_index("iso").loc["COL"]
    assert col["name"] == "Colombia" and col["intensity_g_per_kwh"] == 259.511 and col["year"] == 2023
    assert col["hydroelectricity_pct"] == pytest.approx(100 * 54.24 / 86.74)
    shares = df[[f"{s}_pct" for s in carbon.SOURCES]].sum(axis=1)
    assert shares.sub(100).abs().max() < 1e-6  # the sources do not overlap


def test_importing_carbon_is_light_and_reads_data_without_codecarbon():
    code = (
        "import sys, greenlab.carbon as c; c.intensity('COL'); c.intensity(); c.equivalents(1.0); "
        "c.project(1.0, calls_per_day=1); print([m for m in ('pandas', 'codecarbon') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert out.stderr == ""


# -- equivalents ----------------------------------------------------------------------------------
def test_equivalence_constants_match_their_sources():
    # EPA-420-F-23-014: 8,887 g CO2/gallon, 22.0 mpg, 11,500 miles a year, about 4.6 t a year
    assert (carbon.CAR_CO2_G_PER_GALLON, carbon.CAR_MILES_PER_GALLON, carbon.CAR_MILES_PER_YEAR) == (8887.0, 22.0, 11_500)
    assert carbon.CAR_CO2_G_PER_KM == pytest.approx(8887.0 / 22.0 / 1.609344)  # the same per km
    assert round(carbon.CAR_CO2_G_PER_KM) == 251 and round(carbon.CAR_LITRES_PER_100_KM, 2) == 10.69
    assert round(carbon.CAR_CO2_T_PER_YEAR, 1) == 4.6 and round(carbon.CAR_KM_PER_YEAR) == 18_507
    assert carbon.SMARTPHONE_CHARGE_KWH == pytest.approx(0.0116)  # EPA/DOE: 14.46 Wh - 0.13 W x 22 h
    assert carbon.TREE_SEEDLING_10_YEARS_CO2_G == 60_000.0  # EPA: 0.060 t per seedling, 10 years
    assert carbon.TREE_MONTH_CO2_G == 500.0
    assert carbon.EMAIL_CO2_G == 4.0 and carbon.EMAIL_RANGE_CO2_G == (0.03, 50.0)  # Berners-Lee 2010 and 2020


def test_equivalents_arithmetic_is_exact():
    e = carbon.equivalents(1000.0)
    assert e.co2_g == 1000.0
    assert e.car_km == 1000.0 / carbon.CAR_CO2_G_PER_KM
    assert e.smartphone_charges == 1000.0 / (carbon.SMARTPHONE_CHARGE_KWH * 475.0)  # world average grid
    assert e.intensity_g_per_kwh == 475.0
    assert e.emails == 250.0
    assert e.tree_months == 2.0


def test_phone_charges_follow_the_grid_the_grams_came_from():
    # the same grams are more charges on a cleaner grid: Colombia's 259.5 g/kWh against the world's 475
    world, col = carbon.equivalents(100.0), carbon.equivalents(100.0, "COL")
    assert col.smartphone_charges == pytest.approx(world.smartphone_charges * 475.0 / 259.511, rel=1e-6)
    assert col.car_km == world.car_km  # a car's grams do not depend on the grid
    gl.configure(country="COL")
    assert carbon.equivalents(100.0).smartphone_charges == col.smartphone_charges
    p = carbon.project(1.0, calls_per_day=1000, country="COL")
    assert p.equivalents.smartphone_charges == pytest.approx(p.co2_g / (carbon.SMARTPHONE_CHARGE_KWH * 259.511))


def test_a_projection_that_overflows_says_so():
    with pytest.raises(ValueError, match="overflows"):
        carbon.project(1e300, calls_per_day=1e300)


def test_equivalents_of_zero_are_zero():
    e = carbon.equivalents(0)
    assert (e.car_km, e.smartphone_charges, e.emails, e.tree_months) == (0, 0, 0, 0)


@pytest.mark.parametrize("bad", [-0.1, float("nan"), "a lot", True])
def test_equivalents_reject_bad_input(bad):
    with pytest.raises(ValueError, match="co2_g must be"):
        carbon.equivalents(bad)


def test_equivalents_display():
    e = carbon.equivalents(1000.0)
    text = str(e)
    assert text.startswith("1 kg CO2e is about")
    assert "250 e-mails" in text and "2 months" in text and "181 smartphone charges" in text
    page = e._repr_html_()
    assert "<table>" in page and "EPA" in page and "Berners-Lee" in page
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.emails = 1.0


# -- projections -------------------------------------------------------------------------------------
def test_projection_arithmetic_is_exact():
    p = carbon.project(0.5, calls_per_day=1_000_000, machines=10, country="col")
    assert p.calls == 1_000_000 * 10 * 365
    assert p.energy_kwh == 3_650_000_000 * 0.5 / 3.6e6
    assert p.co2_kg == p.energy_kwh * 259.511 / 1000
    assert p.co2_g == p.co2_kg * 1000
    assert p.country == "COL" and p.intensity_g_per_kwh == 259.511
    assert (p.energy_j_per_call, p.calls_per_day, p.machines, p.days) == (0.5, 1_000_000, 10, 365)
    assert p.equivalents.co2_g == p.co2_g


def test_projection_uses_configured_country_and_world_average():
    assert carbon.project(1.0, calls_per_day=1).country is None
    assert carbon.project(1.0, calls_per_day=1).intensity_g_per_kwh == 475.0
    gl.configure(country="COL")
    assert carbon.project(1.0, calls_per_day=1).country == "COL"


def test_projection_display():
    p = carbon.project(0.5, calls_per_day=1_000_000, machines=10, country="COL")
    assert str(p).startswith("1,000,000 calls a day on each of 10 machines for a year: 3,650,000,000 calls")
    assert "507 kWh" in str(p) and "132 kg CO2e" in str(p) and "Colombia" in str(p)
    assert "1 machine for 30 days" in carbon.project(2.0, calls_per_day=50, days=30).scenario()
    assert "<table>" in p._repr_html_() and "for a year" in p._repr_html_()


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        ((0.0,), dict(calls_per_day=10), "energy_j_per_call must be > 0 J"),
        ((-1.0,), dict(calls_per_day=10), "energy_j_per_call must be > 0 J"),
        ((1.0,), dict(calls_per_day=0), "calls_per_day must be > 0"),
        ((1.0,), dict(calls_per_day=-5), "calls_per_day must be > 0"),
        ((1.0,), dict(calls_per_day=10, machines=0), "machines must be a whole number >= 1"),
        ((1.0,), dict(calls_per_day=10, machines=2.5), "machines must be a whole number >= 1"),
        ((1.0,), dict(calls_per_day=10, days=0), "days must be > 0"),
        ((1.0,), dict(calls_per_day=float("inf")), "calls_per_day must be a finite number"),
        ((1.0,), dict(calls_per_day=10, country="Narnia"), "unknown country"),
    ],
)
def test_projection_rejects_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        carbon.project(*args, **kwargs)


def test_projection_options_are_keyword_only():
    with pytest.raises(TypeError):
        carbon.project(1.0, 100)  # type: ignore[misc]


def test_projection_is_frozen():
    p = carbon.project(1.0, calls_per_day=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.co2_kg = 0.0
    assert math.isfinite(p.co2_kg)


def test_world_pseudo_country_gives_the_world_average_even_when_a_country_is_set():
    import greenlab as gl

    gl.configure(country="COL")
    assert carbon.intensity("WORLD") == carbon.world_average()
    assert carbon.intensity("world") == carbon.world_average()
    assert carbon.intensity() == pytest.approx(259.5, abs=0.1)
    assert carbon.country_name("WORLD") == "world average"
    assert gl.configure(country="world").country == "WORLD"
