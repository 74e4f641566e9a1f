"""Every variant of every kernel gives the same answer, on many generated inputs (hypothesis).

Each test also holds the variants to an independent transcription of the computation
written here, so "all agree" cannot mean "all share one bug". Inputs keep the types
``make_input`` gives (C-contiguous float64 arrays, Python int and complex), so each Numba
function compiles once per session.
"""
from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from greenlab import kernels
from greenlab.agreement import first_difference

SETTINGS = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])


def variants(name):
    return kernels.get(name).variants.items()


def assert_all_agree(name, args, expected):
    k = kernels.get(name)
    for variant, function in variants(name):
        difference = first_difference(expected, function(*args), rtol=k.rtol, atol=k.atol)
        assert difference is None, f"{name}/{variant}: {difference}"


def floats(low, high):
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


# -- julia ----------------------------------------------------------------------------------------
def escape_counts(x, y, c, maxiter):
    out = np.zeros((len(y), len(x)), dtype=np.int64)
    for i, yc in enumerate(y.tolist()):
        for j, xc in enumerate(x.tolist()):
            z, n = complex(xc, yc), 0
            while abs(z) < 2 and n < maxiter:
                z = z * z + c
                n += 1
            out[i, j] = n
    return out


@SETTINGS
@given(
    x=hnp.arrays(np.float64, st.integers(1, 7), elements=floats(-2.1, 2.1)),
    y=hnp.arrays(np.float64, st.integers(1, 7), elements=floats(-2.1, 2.1)),
    c=st.builds(complex, floats(-1.0, 1.0), floats(-1.0, 1.0)),
    maxiter=st.integers(1, 80),
)
@example(x=np.array([2.0, -2.0, 0.0]), y=np.array([0.0, 1e-300]), c=0j, maxiter=5)  # |z| exactly 2; tiny values
def test_julia_variants_agree_on_any_grid_and_c(x, y, c, maxiter):
    assert_all_agree("julia", (x, y, c, maxiter), escape_counts(x, y, c, maxiter))


@SETTINGS
@given(width=st.integers(1, 40), maxiter=st.integers(1, 120))
def test_julia_variants_agree_on_the_books_grid(width, maxiter):
    args = kernels.get("julia").make_input("quick", width=width, maxiter=maxiter)
    assert_all_agree("julia", args, escape_counts(*args))


# -- pairwise -------------------------------------------------------------------------------------
def distances(points):
    rows = points.tolist()
    return np.array([[math.sqrt(sum((a - b) ** 2 for a, b in zip(p, q))) for q in rows] for p in rows])


@SETTINGS
@given(points=hnp.arrays(np.float64, st.tuples(st.integers(1, 12), st.integers(1, 6)), elements=floats(-1e3, 1e3)))
def test_pairwise_variants_agree(points):
    assert_all_agree("pairwise", (points,), distances(points).reshape(len(points), len(points)))


@SETTINGS
@given(n=st.integers(1, 40), d=st.integers(1, 8), seed=st.integers(0, 2**32))
def test_pairwise_variants_agree_on_made_inputs(n, d, seed):
    (points,) = kernels.get("pairwise").make_input("quick", n=n, d=d, seed=seed)
    assert_all_agree("pairwise", (points,), distances(points))


# -- pi -------------------------------------------------------------------------------------------
EDGE = st.sampled_from([0.0, 1.0, 0.6, 0.8, 0.5**0.5, math.nextafter(1.0, 0.0), 1e-200])


@SETTINGS
@given(data=st.data(), n=st.integers(1, 60))
def test_pi_variants_count_the_same_points(data, n):
    coordinate = st.one_of(floats(0.0, 1.0), EDGE)  # values on and next to the circle included
    x = data.draw(hnp.arrays(np.float64, n, elements=coordinate))
    y = data.draw(hnp.arrays(np.float64, n, elements=coordinate))
    inside = sum(1 for a, b in zip(x.tolist(), y.tolist()) if a * a + b * b <= 1.0)
    assert_all_agree("pi", (x, y), 4.0 * inside / n)


@SETTINGS
@given(n=st.integers(1, 3000), seed=st.integers(0, 2**32))
def test_pi_variants_agree_on_made_inputs(n, seed):
    x, y = kernels.get("pi").make_input("quick", n=n, seed=seed)
    assert_all_agree("pi", (x, y), kernels.get("pi").reference(x, y))


# -- diffusion ------------------------------------------------------------------------------------
def diffused(grid, steps, coeff):
    u = grid.tolist()
    rows, cols = len(u), len(u[0])
    for _ in range(steps):
        u = [[u[i][j] + coeff * (u[(i - 1) % rows][j] + u[(i + 1) % rows][j] + u[i][(j - 1) % cols]
                                 + u[i][(j + 1) % cols] - 4.0 * u[i][j])
              for j in range(cols)] for i in range(rows)]
    return np.array(u)


@SETTINGS
@given(
    grid=hnp.arrays(np.float64, st.tuples(st.integers(3, 9), st.integers(3, 9)), elements=floats(-10.0, 10.0)),
    steps=st.integers(0, 8),
    coeff=floats(0.0, 0.25),
)
def test_diffusion_variants_agree(grid, steps, coeff):
    assert_all_agree("diffusion", (grid, steps, coeff), diffused(grid, steps, coeff))


@SETTINGS
@given(n=st.integers(3, 24), steps=st.integers(1, 12))
def test_diffusion_variants_agree_on_made_inputs(n, steps):
    args = kernels.get("diffusion").make_input("quick", n=n, steps=steps)
    assert_all_agree("diffusion", args, diffused(*args))


def test_diffusion_tolerance_catches_a_wrong_boundary():
    """The stated tolerance is tight enough to see a real mistake (here: edges that do not wrap)."""
    k = kernels.get("diffusion")
    grid, steps, coeff = k.make_input("quick", n=12, steps=5)
    grid = np.roll(grid, 4, axis=0)  # heat near the top edge
    u = grid.copy()
    for _ in range(steps):  # zero-flux-ish boundaries instead of periodic ones
        padded = np.pad(u, 1, mode="edge")
        u = u + coeff * (padded[:-2, 1:-1] + padded[2:, 1:-1] + padded[1:-1, :-2] + padded[1:-1, 2:] - 4.0 * u)
    assert first_difference(k.reference(grid, steps, coeff), u, rtol=k.rtol, atol=k.atol) is not None


@pytest.mark.parametrize("variant", ["python", "numpy", "numba", "cython"])
def test_diffusion_refuses_grids_too_small_or_negative_steps(variant):
    function = kernels.get("diffusion").variant(variant)
    with pytest.raises(ValueError, match="at least 3 x 3"):
        function(np.zeros((2, 5)), 1, 0.1)
    with pytest.raises(ValueError, match="steps must be >= 0"):
        function(np.zeros((4, 4)), -1, 0.1)


# -- words ----------------------------------------------------------------------------------------
WORD = st.text(alphabet="abcñé", min_size=1, max_size=4)  # few letters: many duplicates


def frequency_table(words):
    return sorted(Counter(words).items(), key=lambda item: (-item[1], item[0]))


@SETTINGS
@given(words=st.lists(WORD, max_size=80))
@example(words=[])
@example(words=["b", "a", "b", "a", "c"])  # ties are alphabetical
def test_words_variants_agree_exactly(words):
    expected = frequency_table(words)
    for variant, function in variants("words"):
        result = function(list(words))
        assert result == expected, variant
        assert all(type(w) is str and type(c) is int for w, c in result), variant


@SETTINGS
@given(n_words=st.integers(1, 2000), vocabulary=st.integers(1, 300), seed=st.integers(0, 2**32))
def test_words_variants_agree_on_made_inputs(n_words, vocabulary, seed):
    (words,) = kernels.get("words").make_input("quick", n_words=n_words, vocabulary=vocabulary, seed=seed)
    expected = frequency_table(words)
    assert sum(c for _, c in expected) == n_words
    for variant, function in variants("words"):
        assert function(words) == expected, variant
