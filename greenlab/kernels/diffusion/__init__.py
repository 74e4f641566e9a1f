"""Heat diffusion: a 2-D explicit stencil on an N x N grid with periodic boundaries.

What it teaches
    The workhorse of scientific computing: every step, each cell moves towards the average
    of its four neighbours, ``new = u + coeff * (up + down + left + right - 4 * u)``. The
    pure-Python version does this one cell at a time; NumPy does it with whole-array slices,
    updated *in place* into preallocated buffers so no step allocates memory (High
    Performance Python's chapter 6 shows how much the allocations cost); Numba and Cython run
    the cell loop compiled. The grid wraps around (a torus), like the book's example.

Inputs and result
    ``make_input`` returns ``(grid, steps, coeff)``: an n x n float64 grid, cold (0.0)
    with a hot square (1.0) from 40% to 50% of each side, as in the book (it uses 0.005);
    ``steps`` time steps; ``coeff = D * dt / dx**2 = 0.1`` (the book's D = 1, dt = 0.1;
    the explicit scheme is stable for coeff <= 0.25). Every variant returns the grid after
    ``steps`` steps as a new float64 array; none changes its input.

    Tolerance: rtol=1e-10, atol=1e-12. Every variant adds in the same order
    (``((up + down) + left) + right - 4 * u``), so on this machine they agree to the last bit;
    the tolerance leaves room for compilers that fuse a multiply and an add (FMA) where the
    hardware has it, while still catching a wrong boundary or a missed step, which are off
    by 1e-3 or more.

Sizes
    ========  ===  =====
    size      n    steps
    ========  ===  =====
    quick      48     20
    workshop  128     50
    full      400    100
    ========  ===  =====

Variants: python (lists, one cell at a time), numpy (slices, in place), numba, cython.
"""
from __future__ import annotations

from greenlab.i18n import N_

import numpy as np

from greenlab.kernels import Kernel

COEFF = 0.1  # D * dt / dx**2 with the book's D = 1.0, dt = 0.1, dx = 1; stable up to 0.25
HOT = 1.0  # temperature of the initial hot square (the book uses 0.005)

SIZES = {
    "quick": {"n": 48, "steps": 20},
    "workshop": {"n": 128, "steps": 50},
    "full": {"n": 400, "steps": 100},
}


def make_input(n: int, steps: int) -> tuple[np.ndarray, int, float]:
    grid = np.zeros((n, n))
    low, high = int(n * 0.4), int(n * 0.5)
    grid[low:high, low:high] = HOT
    return grid, steps, COEFF


def estimate_bytes(n: int, steps: int) -> int:
    # numpy holds three n x n float64 buffers beside the input; python two lists of lists
    # of float objects (about 32 bytes a cell each, 40 with the lists' slots and headroom)
    return 8 * n * n + max(3 * 8 * n * n, 2 * 40 * n * n)


KERNEL = Kernel(
    name="diffusion",
    title=N_("2-D heat diffusion (periodic stencil)"),
    teaches=N_(
        "A stencil over a grid: whole-array slices with in-place updates turn a cell-by-cell "
        "Python loop into a few passes over memory, and a compiled loop needs none of the temporaries."
    ),
    sizes=SIZES,
    rtol=1e-10,
    atol=1e-12,
    package=__name__,
    sources={
        "python": "python:diffuse",
        "numpy": "numpy_:diffuse",
        "numba": "numba_:diffuse",
        "cython": "cython_:diffuse",
    },
    minimums={"n": 3, "steps": 1},
    make=make_input,
    estimate_bytes=estimate_bytes,
)
