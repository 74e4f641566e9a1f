"""The Julia kernel is the book's: same grid, same loop, same counts.

``calc_pure_python`` and ``calculate_z_serial_purepython`` below are a plain transcription of
High Performance Python (Gorelick & Ozsvald), chapter 2, "julia1_nopil.py", kept apart
from greenlab so the kernel can be held to it.
"""
from __future__ import annotations

import numpy as np
import pytest

from greenlab import kernels

# --- the book's code -----------------------------------------------------------------------------
x1, x2, y1, y2 = -1.8, 1.8, -1.8, 1.8
c_real, c_imag = -0.62772, -.42193


def calculate_z_serial_purepython(maxiter, zs, cs):
    """Calculate output list using Julia update rule"""
    output = [0] * len(zs)
    for i in range(len(zs)):
        n = 0
        z = zs[i]
        c = cs[i]
        while abs(z) < 2 and n < maxiter:
            z = z * z + c
            n += 1
        output[i] = n
    return output


def calc_pure_python(desired_width, max_iterations):
    """Create a list of complex coordinates (zs) and complex parameters (cs), build Julia set"""
    x_step = (x2 - x1) / desired_width
    y_step = (y1 - y2) / desired_width
    x = []
    y = []
    ycoord = y2
    while ycoord > y1:
        y.append(ycoord)
        ycoord += y_step
    xcoord = x1
    while xcoord < x2:
        x.append(xcoord)
        xcoord += x_step
    zs = []
    cs = []
    for ycoord in y:
        for xcoord in x:
            zs.append(complex(xcoord, ycoord))
            cs.append(complex(c_real, c_imag))
    return x, y, calculate_z_serial_purepython(max_iterations, zs, cs)


# The transcription's checksum at the quick size (width 80, 300 iterations), computed once
# with the code above; the book's own is 33219980 at width 1000.
QUICK_CHECKSUM = 210062
BOOK_CHECKSUM = 33219980


@pytest.fixture(scope="module")
def quick():
    k = kernels.get("julia")
    assert k.params("quick") == {"width": 80, "maxiter": 300}, "quick size changed: recompute QUICK_CHECKSUM"
    x, y, output = calc_pure_python(80, 300)
    return k.make_input("quick"), x, y, output


def test_transcription_checksum_at_quick_size(quick):
    _, _, _, output = quick
    assert sum(output) == QUICK_CHECKSUM


def test_pure_python_kernel_matches_the_book_at_quick_size(quick):
    args, x, y, output = quick
    counts = kernels.get("julia").variant("python")(*args)
    assert int(counts.sum()) == QUICK_CHECKSUM
    assert counts.ravel().tolist() == output  # row-major: the book's zs order (y outer, x inner)


def test_inputs_are_the_books_grid_and_c(quick):
    (xs, ys, c, maxiter), x, y, _ = quick
    assert xs.tolist() == x and ys.tolist() == y and maxiter == 300
    assert c == complex(c_real, c_imag)


@pytest.mark.parametrize("variant", kernels.get("julia").variant_names)
def test_every_variant_equals_the_book_at_quick_size(quick, variant):
    args, _, _, output = quick
    assert kernels.get("julia").variant(variant)(*args).ravel().tolist() == output


def test_every_variant_equals_the_book_at_every_width_up_to_60():
    k = kernels.get("julia")
    for width in range(1, 61):
        x, y, output = calc_pure_python(width, 300)
        args = k.make_input("quick", width=width, maxiter=300)
        for name, function in k.variants.items():
            counts = function(*args)
            assert counts.shape == (len(y), len(x)), (width, name)
            assert counts.ravel().tolist() == output, (width, name)


# Start points within a rounding error of |z| = 2 where the book's abs(z) < 2 and the
# compiled variants' zr*zr + zi*zi < 4 disagree: the first two are inside by abs and out by
# the squares, the last two the other way round. (Found by sampling points at |z| ~ 2.)
EDGE_X = [1.2045557314349766, -1.6411692791521781, -0.2569417182919243, -1.9325182400813763]
EDGE_Y = [-1.5965730455782936, 1.143050041409876, -1.9834265686939845, -0.5151439136326663]


def test_squared_modulus_differs_from_abs_only_at_the_rounding_edge():
    """The documented difference: python keeps abs(z) < 2, the others test zr*zr + zi*zi < 4.

    With maxiter=1 the count is just the first test, on the start point itself."""
    k = kernels.get("julia")
    x, y = np.array(EDGE_X), np.array(EDGE_Y)
    by_abs = np.array([[int(abs(complex(a, b)) < 2) for a in EDGE_X] for b in EDGE_Y])
    by_squares = np.array([[int(a * a + b * b < 4.0) for a in EDGE_X] for b in EDGE_Y])
    assert np.diag(by_abs).tolist() == [1, 1, 0, 0] and np.diag(by_squares).tolist() == [0, 0, 1, 1]
    assert np.array_equal(k.variant("python")(x, y, 0j, 1), by_abs)
    for name in k.variant_names[1:]:
        assert np.array_equal(k.variant(name)(x, y, 0j, 1), by_squares), name
    # some fifty units in the last place further out, the two tests agree again
    x, y = x * (1 + 1e-14), y * (1 + 1e-14)
    assert np.diag(k.variant("python")(x, y, 0j, 1)).tolist() == [0, 0, 0, 0]
    assert np.array_equal(k.variant("python")(x, y, 0j, 1), k.variant("cython")(x, y, 0j, 1))


@pytest.mark.parametrize("variant", ["numba", "cython"])
def test_compiled_variants_give_the_books_checksum_at_full_size(variant):
    """The book asserts this sum at width 1000 and 300 iterations (pure Python takes ~4 s: skipped)."""
    counts = kernels.get("julia").variant(variant)(*kernels.get("julia").make_input("full"))
    assert counts.shape == (1000, 1000)
    assert int(counts.sum()) == BOOK_CHECKSUM
