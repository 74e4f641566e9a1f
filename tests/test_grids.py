"""greenlab.grids: countries, codes and intensities from codecarbon's data; no settings involved."""
import pytest

from greenlab import grids


def test_a_country_grid_names_its_year_and_source():
    col = grids.grid("colombia")
    assert (col.code, col.name, round(col.intensity_g_per_kwh, 1), col.year) == ("COL", "Colombia", 259.5, 2023)
    assert "Our World in Data" in col.source and "2023" in col.source
    assert str(col) == "Colombia grid, 259.5 g CO2e/kWh"


def test_none_and_world_are_the_world_average():
    for country in (None, "WORLD", "world average"):
        world = grids.grid(country)
        assert world.code is None and world.name == "world average"
        assert world.intensity_g_per_kwh == grids.world_average() == 475.0 and world.year is None


def test_codes_and_names_normalize_and_unknown_ones_suggest():
    assert grids.normalize_country(" col ") == grids.normalize_country("Colombia") == "COL"
    with pytest.raises(ValueError, match="did you mean COL"):
        grids.normalize_country("Colmbia")
    # ISO alpha-2 codes and Spanish names are accepted too, accents and case aside
    assert grids.normalize_country("co") == grids.normalize_country("CO") == "COL"
    for name, code in (("Brasil", "BRA"), ("España", "ESP"), ("Estados Unidos", "USA"), ("México", "MEX"),
                       ("mexico", "MEX"), ("  espana ", "ESP")):
        assert grids.normalize_country(name) == code, name
    with pytest.raises(ValueError, match="country must be"):
        grids.normalize_country("")


def test_grids_knows_nothing_of_settings():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(grids.__file__).read_text())
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert {m for m in imported if m and m.startswith("greenlab")} == {"greenlab", "greenlab.i18n"}  # its words only


def test_names_follow_the_language():
    from greenlab import i18n

    try:
        i18n.set_language("es")
        assert grids.grid("BRA").name == "Brasil" and grids.grid("USA").name == "Estados Unidos"
        assert grids.countries().set_index("iso").loc["MEX", "name"] == "México"
    finally:
        i18n.set_language("en")
    assert grids.grid("BRA").name == "Brazil"
