"""greenlab.published: the shipped Energy-Languages table, its derivation, and the comparisons."""
from __future__ import annotations

import ast
import importlib.util
import inspect
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import greenlab as gl
from greenlab import published

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "energy_languages.py"
SHIPPED = ROOT / "greenlab" / "data" / "energy_languages.csv"


def _script():
    """tools/energy_languages.py as a module (tools/ is not a package)."""
    name = "energy_languages_script"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, SCRIPT)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is made
        spec.loader.exec_module(module)
    return sys.modules[name]


# -- the shipped table is what the script makes of the committed raw rows -----------------------
def test_shipped_table_regenerates_exactly_from_the_raw_rows():
    assert SHIPPED.read_bytes() == _script().build().encode("utf-8")


def test_script_check_mode_agrees():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_raw_files_are_the_upstream_files():
    # Lengths as published at the recorded commit; every RAPL energy is a whole number of
    # 2**-14 J units, which a mistyped digit would break.
    from fractions import Fraction

    upstream_chars = {"C": 24835, "C++": 23581, "Rust": 11775, "Go": 21438, "Java": 22677,
                      "JavaScript": 10823, "Python": 12233}
    script = _script()
    assert set(script.LANGUAGES) == set(upstream_chars)
    for language, chars in upstream_chars.items():
        path = script.RAW_DIR / language / f"{language}.csv"
        text = path.read_text(encoding="utf-8")
        assert len(text) == chars, language
        for line in text.splitlines():
            for field in line.split(";")[1:5]:
                assert (Fraction(field.strip()) * 2**14).denominator == 1, (language, line)
    assert (script.RAW_DIR / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert published.SOURCE_COMMIT in (script.RAW_DIR / "README.md").read_text(encoding="utf-8")


def test_script_drops_what_it_says_and_nothing_else():
    groups, dropped = _script().kept_runs()
    reasons = {}
    for run, reason in dropped:
        reasons.setdefault((run.language, run.benchmark, reason.split(":")[0]), 0)
        reasons[(run.language, run.benchmark, reason.split(":")[0])] += 1
    assert reasons == {
        ("C", "thread-ring", "thread-ring is not one of the paper's ten benchmarks"): 10,
        ("C++", "fannkuch-redux", "ran 1.585 ms, under 10 ms"): 1,
        **{("C++", "fannkuch-redux", f"ran {t} ms, under 10 ms"): 1
           for t in ("1.41", "1.506", "1.59", "1.549", "1.521", "1.327", "1.368", "1.247", "1.269")},
        ("Go", "fannkuch-redux", "negative energy"): 1,
        ("Java", "pidigits", "excluded"): 10,
        ("Python", "n-body", "negative energy"): 1,
        ("Python", "mandelbrot", "negative energy"): 1,
        ("Python", "fasta", "negative energy"): 1,
    }
    assert sum(len(runs) for runs in groups.values()) + len(dropped) == 1070


# -- columns and units ---------------------------------------------------------------------------
def test_columns_and_units_are_sane():
    table = published.energy_languages()
    assert list(table.columns) == ["language", "benchmark", "runs", "package_j", "dram_j", "energy_j", "time_s",
                                   "power_w"]
    assert published.languages() == ["C", "C++", "Rust", "Go", "Java", "JavaScript", "Python"]
    assert len(published.benchmarks()) == 10
    assert len(table) == 67  # 7 x 10, less JavaScript pidigits, Go regex-redux, Java pidigits
    assert not table.duplicated(["language", "benchmark"]).any()
    assert table["runs"].between(9, 20).all()
    assert (table["dram_j"] > 0).all() and (table["package_j"] > table["dram_j"]).all()
    assert table["energy_j"].equals(table["package_j"] + table["dram_j"])
    # A desktop CPU running one program: tens of watts, not milliwatts or kilowatts (units are J and s).
    assert table["power_w"].between(15, 70).all()
    assert table["time_s"].between(0.2, 600).all()
    # The file's own power column agrees with energy / time.
    shipped = pd.read_csv(SHIPPED)
    assert shipped["power_w"].to_numpy() == pytest.approx(table["power_w"].to_numpy(), rel=1e-4)


def test_c_fasta_medians_from_the_raw_rows():
    c_fasta = published.energy_languages(languages=["C"]).set_index("benchmark").loc["fasta"]
    assert c_fasta["runs"] == 20
    assert c_fasta["time_s"] == pytest.approx((932.503 + 933.286) / 2 / 1000)  # the 10th and 11th of 20
    assert c_fasta["power_w"] == pytest.approx(38.20, abs=0.01)


def test_source_citation_and_licence_ship_with_the_table():
    notice = (Path(published.__file__).parent / published.LICENSE_FILE).read_text(encoding="utf-8")
    assert "MIT License" in notice and "Permission is hereby granted" in notice
    assert published.SOURCE_COMMIT in notice and "10.1145/3136014.3136031" in notice
    assert "Pereira" in published.CITATION and "SLE 2017" in published.CITATION
    assert published.energy_languages().attrs["citation"] == published.CITATION


# -- the figures the course quotes ------------------------------------------------------------------
def test_power_range_matches_the_documented_figures():
    spread = published.power_range()
    assert (spread.lowest.language, spread.lowest.benchmark) == ("JavaScript", "spectral-norm")
    assert (spread.highest.language, spread.highest.benchmark) == ("Python", "mandelbrot")
    assert spread.lowest.power_w == pytest.approx(19.54, abs=0.01)
    assert spread.highest.power_w == pytest.approx(57.68, abs=0.01)
    assert spread.programs == 67
    assert "19.5 W" in str(spread) and "57.7 W" in str(spread) and "<table>" in spread._repr_html_()


def test_python_over_c_ratios_match_the_documented_figures():
    table = published.ratios("Python", reference="C")
    assert table.loc["fasta", "energy_ratio"] == pytest.approx(49.07, abs=0.01)
    assert table.loc["fasta", "time_ratio"] == pytest.approx(79.35, abs=0.01)
    assert table.loc["spectral-norm", "energy_ratio"] == pytest.approx(310.6, abs=0.1)
    assert table.loc["spectral-norm", "time_ratio"] == pytest.approx(204.9, abs=0.1)
    quotient = table["energy_over_time"]
    assert quotient.min() == pytest.approx(0.618, abs=0.001) and quotient.idxmin() == "fasta"
    assert quotient.max() == pytest.approx(1.516, abs=0.001) and quotient.idxmax() == "spectral-norm"
    assert max(quotient.max(), 1 / quotient.min()) == pytest.approx(1.62, abs=0.005)  # "up to 1.6x"
    total = published.total_ratio("Python", "C")
    assert total.energy_ratio == pytest.approx(75.62, abs=0.01)
    assert abs(total.energy_ratio / published.PAPER_PYTHON_OVER_C_ENERGY - 1) < 0.004
    assert table["energy_ratio"].mean() == pytest.approx(85.3, abs=0.1)


def test_energy_over_time_is_the_power_ratio():
    table = published.ratios("Rust", reference="Go")
    powers = published.energy_languages().set_index(["language", "benchmark"])["power_w"]
    for benchmark, row in table.iterrows():
        assert row["energy_over_time"] == pytest.approx(powers["Rust", benchmark] / powers["Go", benchmark])


# -- ratios on a hand-made table -------------------------------------------------------------------
def test_ratios_on_a_tiny_hand_made_table():
    table = pd.DataFrame({
        "language": ["Slow", "Slow", "Slow", "Fast", "Fast", "Fast"],
        "benchmark": ["a", "b", "only-slow", "a", "b", "only-fast"],
        "package_j": [90.0, 30.0, 1.0, 9.0, 5.0, 1.0],
        "dram_j": [10.0, 10.0, 1.0, 1.0, 5.0, 1.0],
        "time_s": [4.0, 2.0, 1.0, 1.0, 1.0, 1.0],
    })
    result = published.ratios("slow", reference="fast", table=table)
    assert list(result.index) == ["a", "b"]
    assert result.loc["a"].tolist() == pytest.approx([10.0, 4.0, 2.5])  # energy 100/10, time 4/1
    assert result.loc["b"].tolist() == pytest.approx([4.0, 2.0, 2.0])  # energy 40/10, time 2/1
    assert result.attrs["missing"] == ["only-fast", "only-slow"]
    assert (result.attrs["language"], result.attrs["reference"]) == ("Slow", "Fast")
    # An energy_j column is used as it is.
    with_energy = table.assign(energy_j=[1.0, 1.0, 1.0, 2.0, 2.0, 2.0])
    assert published.ratios("Slow", "Fast", table=with_energy)["energy_ratio"].tolist() == [0.5, 0.5]


def test_ratios_names_the_missing_columns():
    with pytest.raises(ValueError, match=r"needs the columns energy_j \(or package_j and dram_j\), time_s"):
        published.ratios("a", "b", table=pd.DataFrame({"language": ["a"], "benchmark": ["x"]}))


# -- errors that say what was wrong and how to fix it -------------------------------------------------
def test_unknown_language_names_the_known_ones_and_a_close_match():
    with pytest.raises(ValueError, match=r"'Pyton'; did you mean 'Python'\? known languages: C, C\+\+, Rust"):
        published.ratios("Pyton")
    with pytest.raises(ValueError, match=r"'COBOL'; known languages: C, C\+\+, Rust, Go, Java, JavaScript, Python"):
        published.energy_languages(languages=["COBOL"])
    with pytest.raises(ValueError, match="language must be a name"):
        published.power_range(languages=[""])


def test_language_names_are_forgiving():
    assert published.normalize_language(" python ") == "Python"
    assert published.normalize_language("cpp") == "C++"
    assert published.normalize_language("js") == "JavaScript"
    assert published.normalize_language("golang") == "Go"
    assert list(published.energy_languages(languages=["python", "c"])["language"].unique()) == ["Python", "C"]


# -- a low layer: light, and blind to settings ------------------------------------------------------
def test_import_does_not_load_pandas():
    code = "import sys, greenlab.published as p; p.programs(); print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_reads_no_settings():
    tree = ast.parse(inspect.getsource(published))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
            imported |= {f"{node.module}.{alias.name}" for alias in node.names}
    assert not any(name.startswith("greenlab.config") or name.endswith(".settings") for name in imported)
    assert "settings" not in {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def test_public_through_the_package():
    assert gl.published is published
    assert math.isclose(gl.published.total_ratio().time_ratio, published.total_ratio().time_ratio)
