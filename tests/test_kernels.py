"""greenlab.kernels: the registry, sizes and inputs, Cython's error, and every variant's answer.

Agreement over many generated inputs is in test_kernels_agree.py; the Julia kernel against
the book's loop in test_kernels_julia.py.
"""
from __future__ import annotations

import copy
import importlib
import math
import re
import subprocess
import sys
import tracemalloc

import numpy as np
import pytest

from greenlab import config, kernels
from greenlab.agreement import first_difference

ALL = [(name, variant) for name in kernels.NAMES for variant in kernels.get(name).variant_names]


def _run(code: str, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *flags, "-c", code], capture_output=True, text=True, timeout=300)


# -- the registry -----------------------------------------------------------------------------
def test_names_are_the_five_kernels_in_course_order():
    assert kernels.names() == ["julia", "pairwise", "pi", "diffusion", "words"]


def test_get_returns_the_kernel_with_that_name():
    for name in kernels.names():
        k = kernels.get(name)
        assert isinstance(k, kernels.Kernel)
        assert k.name == name
        assert k.baseline == "python" == k.variant_names[0]
        assert k.title and len(k.teaches) > 40
        assert kernels.get(name.upper()) is k


def test_unknown_kernel_lists_names_and_suggests_a_close_one():
    with pytest.raises(ValueError) as error:
        kernels.get("juila")
    message = str(error.value)
    assert "'julia'" in message and "did you mean" in message
    for name in kernels.names():
        assert name in message
    with pytest.raises(TypeError):
        kernels.get(3)


def test_kernel_is_frozen_and_its_sizes_read_only():
    k = kernels.get("pi")
    with pytest.raises(AttributeError):
        k.rtol = 1.0
    with pytest.raises(TypeError):
        k.sizes["quick"]["n"] = 10**12
    params = k.params("quick")
    params["n"] = 1  # params() is the caller's copy
    assert k.params("quick")["n"] == k.sizes["quick"]["n"] != 1


def test_expected_variants():
    assert kernels.get("julia").variant_names == ("python", "numpy", "numba", "numba_parallel", "cython")
    assert set(kernels.get("pairwise").variant_names) == {"python", "numpy", "numpy_lean", "numba", "numba_parallel", "cython"}
    assert set(kernels.get("pi").variant_names) == {"python", "numpy_in_loop", "numpy", "numba", "cython"}
    assert set(kernels.get("diffusion").variant_names) == {"python", "numpy", "numba", "cython"}
    assert set(kernels.get("words").variant_names) == {"python", "python_list", "counter", "numpy"}


def test_unknown_variant_lists_variants_and_suggests():
    with pytest.raises(ValueError, match=r"no variant 'numbaa'.*did you mean 'numba'.*python, numpy"):
        kernels.get("julia").variant("numbaa")


def test_repr_and_str_are_readable():
    k = kernels.get("julia")
    assert repr(k) == "<Kernel julia: python, numpy, numba, numba_parallel, cython; sizes quick/workshop/full>"
    text = str(k)
    assert "width=1000, maxiter=300" in text and "agree exactly" in text and k.teaches in text


# -- sizes ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", kernels.NAMES)
def test_every_kernel_has_the_three_sizes_growing(name):
    k = kernels.get(name)
    assert tuple(k.sizes) == ("quick", "workshop", "full")
    quick, workshop, full = (k.check_params(size) for size in ("quick", "workshop", "full"))
    assert kernels.MAX_BYTES > k.estimate_bytes(**full) > k.estimate_bytes(**workshop) > k.estimate_bytes(**quick)


def test_julia_full_size_is_the_books():
    assert kernels.get("julia").params("full") == {"width": 1000, "maxiter": 300}


@pytest.mark.parametrize("name", kernels.NAMES)
def test_docstring_table_lists_the_sizes(name):
    """Each kernel's folder docstring states its per-size parameters; they must be the real ones."""
    module = importlib.import_module(f"greenlab.kernels.{name}")
    k = kernels.get(name)
    table = module.__doc__.split("\nSizes\n", 1)[1]
    header = re.search(r"^\s+size\s+(.+)$", table, re.M).group(1).split()
    assert header == list(k.sizes["quick"])
    for size, params in k.sizes.items():
        row = re.search(rf"^\s+{size}\s+(.+)$", table, re.M).group(1).split()
        assert [int(v.replace("_", "")) for v in row] == list(params.values()), size


def test_size_defaults_to_greenlab_size(monkeypatch):
    k = kernels.get("pairwise")
    monkeypatch.delenv("GREENLAB_SIZE", raising=False)
    config.reset()
    assert k.params() == k.params("workshop")
    monkeypatch.setenv("GREENLAB_SIZE", "full")
    config.reset()
    assert k.params() == k.params("full") != k.params("workshop")
    monkeypatch.setenv("GREENLAB_SIZE", "quick")
    config.reset()
    assert k.params() == k.params("quick")
    (points,) = k.make_input()
    assert points.shape == (k.sizes["quick"]["n"], k.sizes["quick"]["d"])
    config.configure(size="full")  # configure wins over the environment
    assert k.params() == k.params("full")


def test_unknown_size_lists_sizes():
    with pytest.raises(ValueError, match=r"size must be one of quick, workshop, full \(did you mean 'quick'\?\)"):
        kernels.get("pi").params("quik")
    with pytest.raises(ValueError, match="size must be one of"):
        kernels.get("pi").make_input(1000)  # a number is not a size name: say how to pass it


# -- inputs -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", kernels.NAMES)
def test_make_input_is_deterministic(name):
    k = kernels.get(name)
    first, second = k.make_input("quick"), k.make_input("quick")
    assert first_difference(list(first), list(second), rtol=0, atol=0) is None


@pytest.mark.parametrize("name", ["pairwise", "pi", "words"])
def test_seed_changes_the_input(name):
    k = kernels.get(name)
    assert first_difference(list(k.make_input("quick")), list(k.make_input("quick", seed=1)), rtol=0, atol=0)


def test_overrides_change_single_parameters():
    x, y, c, maxiter = kernels.get("julia").make_input("quick", width=10, maxiter=7)
    assert (len(x), len(y), maxiter) == (11, 11, 7)  # the book's floating-point steps give 11 points
    assert c == complex(-0.62772, -0.42193)
    grid, steps, coeff = kernels.get("diffusion").make_input("quick", n=10, steps=3)
    assert grid.shape == (10, 10) and steps == 3 and coeff == 0.1
    assert grid[4, 4] == 1.0 and grid[0, 0] == 0.0 and grid.sum() == 1.0  # the hot square: cell 4 only
    (words,) = kernels.get("words").make_input("quick", n_words=1000, vocabulary=20)
    assert len(words) == 1000 and len(set(words)) <= 20
    assert kernels.get("pi").make_input("quick", n=1e3)[0].shape == (1000,)  # 1e3 is a whole number


def test_unknown_override_is_refused_with_a_suggestion():
    with pytest.raises(ValueError, match=r"no parameter 'widht' \(did you mean 'width'\?\).*width, maxiter"):
        kernels.get("julia").make_input("quick", widht=10)


BAD = [0, -1, -10**9, 2.5, float("nan"), float("inf"), True, "100", None, 1 + 0j]


@pytest.mark.parametrize("value", BAD, ids=repr)
@pytest.mark.parametrize("name, key", [("julia", "width"), ("julia", "maxiter"), ("pairwise", "n"), ("pairwise", "d"),
                                       ("pi", "n"), ("diffusion", "n"), ("diffusion", "steps"), ("words", "n_words"),
                                       ("words", "vocabulary")])
def test_bad_sizes_get_a_clear_error(name, key, value):
    with pytest.raises(ValueError, match=rf"{name}: {key} must be a whole number >= \d+; got"):
        kernels.get(name).make_input("quick", **{key: value})


def test_seeds_may_be_zero_but_not_negative():
    assert kernels.get("pi").make_input("quick", seed=0)[0].size == kernels.get("pi").sizes["quick"]["n"]
    with pytest.raises(ValueError, match="seed must be a whole number >= 0; got -1"):
        kernels.get("pi").make_input("quick", seed=-1)


def test_diffusion_grid_must_be_at_least_3():
    with pytest.raises(ValueError, match="n must be a whole number >= 3; got 2"):
        kernels.get("diffusion").make_input("quick", n=2)


def test_parameters_beyond_64_bits_are_refused():
    with pytest.raises(ValueError, match="fits in 64 bits"):
        kernels.get("julia").make_input("quick", maxiter=2**64)


@pytest.mark.parametrize("name, key, value", [("julia", "width", 10**6), ("pairwise", "n", 10**6), ("pi", "n", 10**11),
                                              ("diffusion", "n", 10**6), ("words", "n_words", 10**10),
                                              ("pairwise", "d", 10**5)])
def test_absurd_sizes_are_refused_before_allocating(name, key, value):
    tracemalloc.start()
    try:
        with pytest.raises(ValueError) as error:
            kernels.get(name).make_input("quick", **{key: value})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(error.value)
    assert f"{key}={value}" in message and "limit of 2.0 GiB" in message
    number, unit = re.search(r"about ([\d.]+) (GiB|TiB|PiB)", message).groups()
    assert float(number) * 1024 ** {"GiB": 3, "TiB": 4, "PiB": 5}[unit] > kernels.MAX_BYTES
    assert peak < 1_000_000  # refused before any big array (or list) was made


def test_the_memory_limit_is_applied_to_the_estimate(monkeypatch):
    k = kernels.get("pi")
    needed = k.estimate_bytes(**k.params("quick"))
    monkeypatch.setattr(kernels, "MAX_BYTES", needed - 1)
    with pytest.raises(ValueError, match="would need about"):
        k.make_input("quick")
    monkeypatch.setattr(kernels, "MAX_BYTES", needed)
    k.make_input("quick")


@pytest.mark.parametrize("name", kernels.NAMES)
def test_memory_estimate_covers_the_inputs(name):
    k = kernels.get(name)
    params = k.check_params("quick")
    made = sum(a.nbytes if isinstance(a, np.ndarray) else sys.getsizeof(a) for a in k.make_input("quick"))
    assert k.estimate_bytes(**params) >= made


@pytest.mark.parametrize("name", kernels.NAMES)
def test_memory_estimate_covers_every_variants_peak(quick_results, name):
    """The estimate is an upper bound of what each variant really allocates (traced by tracemalloc)."""
    k = kernels.get(name)
    args = k.make_input("quick")
    estimate = k.estimate_bytes(**k.check_params("quick"))
    tracemalloc.start()
    try:
        for variant in k.variant_names:  # already called once (quick_results): Numba has compiled
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            k.variant(variant)(*args)
            peak = tracemalloc.get_traced_memory()[1] - before
            assert peak <= estimate, f"{variant} allocated {peak} bytes, estimate {estimate}"
    finally:
        tracemalloc.stop()


# -- every variant at the quick size -------------------------------------------------------------
@pytest.fixture(scope="module")
def quick_results():
    """Each variant's answer at the quick size (each Numba function compiles here, once)."""
    results = {}
    for name, variant in ALL:
        k = kernels.get(name)
        args = k.make_input("quick")
        kept = copy.deepcopy(args)
        results[name, variant] = k.variant(variant)(*args)
        assert first_difference(list(kept), list(args), rtol=0, atol=0) is None, f"{name}/{variant} changed its input"
    return results


@pytest.mark.parametrize("name, variant", ALL)
def test_variant_agrees_with_the_reference_at_quick_size(quick_results, name, variant):
    k = kernels.get(name)
    expected, actual = quick_results[name, "python"], quick_results[name, variant]
    assert type(actual) is type(expected)
    assert first_difference(expected, actual, rtol=k.rtol, atol=k.atol) is None


def test_result_types(quick_results):
    julia = quick_results["julia", "python"]
    assert julia.dtype == np.int64 and julia.shape == (81, 81) and julia.min() == 0 and julia.max() == 300
    distances = quick_results["pairwise", "python"]
    assert distances.dtype == np.float64 and distances.shape == (150, 150)
    assert np.all(np.diag(distances) == 0) and np.allclose(distances, distances.T, rtol=0, atol=0)
    estimate = quick_results["pi", "python"]
    assert type(estimate) is float and abs(estimate - math.pi) < 0.05
    grid = quick_results["diffusion", "python"]
    assert grid.dtype == np.float64 and grid.shape == (48, 48)
    hot = kernels.get("diffusion").make_input("quick")[0]
    assert math.isclose(grid.sum(), hot.sum(), rel_tol=1e-12)  # heat is conserved on a torus
    assert grid.max() < hot.max()  # and spreads out
    for name, variant in ALL:
        if name == "words":
            table = quick_results[name, variant]
            assert type(table) is list
            assert all(type(w) is str and type(c) is int for w, c in table), variant


def test_words_table_is_a_zipf_frequency_table(quick_results):
    table = quick_results["words", "python"]
    params = kernels.get("words").params("quick")
    assert sum(count for _, count in table) == params["n_words"]
    assert len({word for word, _ in table}) == len(table) <= params["vocabulary"]
    assert table == sorted(table, key=lambda item: (-item[1], item[0]))
    assert table[0][0] == "la"  # rank 1 of the made-up vocabulary is the most common word
    assert table[0][1] > 5 * table[9][1]  # Zipf: the 10th word is about 10x rarer
    (words,) = kernels.get("words").make_input("quick")
    assert len({id(w) for w in words if w == "la"}) > 1  # split from a text: separate objects, as in real use


def test_vocabulary_words_are_unique_and_short_first():
    from greenlab.kernels.words import vocabulary_words

    words = vocabulary_words(5000)
    assert len(set(words)) == 5000
    assert words[:3] == ["la", "de", "el"] and words[16] == "lala"
    assert [len(w) for w in words] == sorted(len(w) for w in words)


def test_reference_is_the_pure_python_answer():
    k = kernels.get("words")
    args = k.make_input("quick", n_words=50, vocabulary=5)
    assert k.reference(*args) == k.variant("python")(*args)


def test_variants_property_gives_every_variant():
    k = kernels.get("pi")
    assert list(k.variants) == list(k.variant_names)
    assert all(callable(f) for f in k.variants.values())


# -- Cython: built, or a clear error -------------------------------------------------------------
@pytest.mark.parametrize("name", [n for n in kernels.NAMES if "cython" in kernels.get(n).variant_names])
def test_missing_cython_extension_raises_cython_not_built(monkeypatch, name):
    k = kernels.get(name)
    monkeypatch.setitem(sys.modules, f"greenlab.kernels.{name}.cython_", None)  # as if never compiled
    with pytest.raises(kernels.CythonNotBuilt) as error:
        k.variant("cython")
    message = str(error.value)
    assert "make venv" in message and "pip install -e ." in message and "C compiler" in message
    assert isinstance(error.value, ImportError)
    with pytest.raises(kernels.CythonNotBuilt):
        k.variants  # no silent fallback: the whole set fails
    assert callable(k.variant("python"))  # other variants still work


def test_missing_cython_stops_compare_before_measuring(monkeypatch):
    calls = []
    compare_module = importlib.import_module("greenlab.compare")  # greenlab.compare is the function
    monkeypatch.setattr(compare_module, "compare", lambda *a, **k: calls.append(a))
    monkeypatch.setitem(sys.modules, "greenlab.kernels.pi.cython_", None)
    with pytest.raises(kernels.CythonNotBuilt):
        kernels.get("pi").compare("quick")
    assert calls == []


def test_numba_missing_is_not_called_a_cython_problem(monkeypatch):
    monkeypatch.setitem(sys.modules, "numba", None)
    monkeypatch.delitem(sys.modules, "greenlab.kernels.pi.numba_", raising=False)
    with pytest.raises(ImportError) as error:
        kernels.get("pi").variant("numba")
    assert not isinstance(error.value, kernels.CythonNotBuilt) and error.value.name == "numba"


def test_a_built_extension_failing_on_something_else_is_not_disguised(monkeypatch):
    """Only the extension's own absence means "not built"; a missing dependency says so itself."""
    from types import SimpleNamespace

    def fail(module_name):
        raise ImportError("No module named 'numpy'", name="numpy")

    k = kernels.get("pi")
    monkeypatch.setattr(kernels, "importlib", SimpleNamespace(import_module=fail))
    with pytest.raises(ImportError) as error:
        k.variant("cython")
    assert not isinstance(error.value, kernels.CythonNotBuilt) and error.value.name == "numpy"


# -- compare --------------------------------------------------------------------------------------
@pytest.fixture
def fake_compare(monkeypatch):
    calls = []

    def fake(variants, *args, **options):
        calls.append((variants, args, options))
        return "comparison"

    monkeypatch.setattr(importlib.import_module("greenlab.compare"), "compare", fake)
    return calls


def test_compare_passes_every_variant_the_inputs_and_tolerance(fake_compare):
    k = kernels.get("diffusion")
    assert k.compare("quick") == "comparison"
    (variants, args, options), = fake_compare
    assert list(variants) == list(k.variant_names)
    assert variants["numpy"] is k.variant("numpy")
    assert first_difference(list(args), list(k.make_input("quick")), rtol=0, atol=0) is None
    assert options["baseline"] == "python" and options["rtol"] == k.rtol == 1e-10 and options["atol"] == k.atol
    assert options["title"] == "2-D heat diffusion (periodic stencil) (quick: n=48, steps=20)"


def test_compare_subset_options_and_default_size(fake_compare, monkeypatch):
    k = kernels.get("words")
    monkeypatch.setenv("GREENLAB_SIZE", "quick")
    config.reset()
    k.compare(variants=["counter", "numpy"], repeat=2, rtol=0.5, progress=False)
    (variants, args, options), = fake_compare
    assert list(variants) == ["counter", "numpy"]
    assert options["baseline"] == "counter"  # the kernel's baseline is not among them: the first is
    assert options["repeat"] == 2 and options["rtol"] == 0.5 and options["progress"] is False
    assert len(args[0]) == k.sizes["quick"]["n_words"]
    with pytest.raises(ValueError, match="no variant 'cyton'"):
        k.compare("quick", variants=["python", "cyton"])


def test_compare_really_measures():
    """The one test that runs greenlab.compare for real (small and quick)."""
    from greenlab.compare import Comparison

    comparison = kernels.get("words").compare("quick", variants=["python", "counter"], repeat=1, min_time=0.001,
                                              meter="estimate", progress=False)
    assert isinstance(comparison, Comparison)
    assert comparison.baseline == "python" and comparison.names == ["python", "counter"]


# -- imports stay light, and Numba stays quiet ------------------------------------------------------
def test_importing_kernels_does_not_import_numba_or_pandas():
    code = (
        "import sys\n"
        "import greenlab.kernels as K\n"
        "assert 'numba' not in sys.modules and 'pandas' not in sys.modules, 'on import'\n"
        "for name in K.names():\n"
        "    k = K.get(name)\n"
        "    args = k.make_input('quick')\n"
        "    for v in k.variant_names:\n"
        "        if 'numba' not in v and v != 'cython':\n"
        "            k.variant(v)\n"
        "assert 'numba' not in sys.modules and 'pandas' not in sys.modules, 'before a numba variant'\n"
        "K.get('pi').variant('numba')\n"
        "assert 'numba' in sys.modules\n"
        "print('ok')\n"
    )
    result = _run(code)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_numba_compiles_without_warnings():
    """-W error turns any warning (NumbaPerformanceWarning, deprecations) into a failure."""
    code = (
        "import greenlab.kernels as K\n"
        "for name in K.names():\n"
        "    k = K.get(name)\n"
        "    for v in k.variant_names:\n"
        "        if 'numba' in v:\n"
        "            k.variant(v)(*k.make_input('quick', **({'n': 20} if name in ('pi', 'pairwise') else {})))\n"
        "print('ok')\n"
    )
    result = _run(code, "-W", "error")
    assert result.returncode == 0 and result.stdout.strip() == "ok" and result.stderr == "", result.stderr
