"""Julia set: the CPU-bound loop from High Performance Python's profiling chapter.

What it teaches
    Every point of a grid runs ``z = z * z + c`` until ``abs(z) >= 2`` or ``maxiter`` steps; the
    answer is the number of steps per point. Almost all the time goes into that tiny inner loop
    of complex arithmetic, which the interpreter executes one bytecode at a time. Compiling the
    same loop (Numba, Cython) removes the interpreter and gives the largest speedup of the
    course; NumPy helps, but less, because the work per point differs (some points escape
    after one step, others never) and vectorizing it means updating a shrinking array of
    survivors, pass after pass over memory.
    ``numba_parallel`` spreads the rows over the cores: faster, but not less energy.

The computation, exactly as in the book (Gorelick & Ozsvald, High Performance Python, ch. 2)
    region x, y in [-1.8, 1.8]; c = -0.62772 - 0.42193j.
    x starts at -1.8 and adds (x2 - x1) / width while x < 1.8; y starts at 1.8 and adds
    (y1 - y2) / width while y > -1.8 (so y runs downwards, and floating-point steps can give
    width + 1 points: width 10 gives 11). z starts at complex(x, y);
    ``while abs(z) < 2 and n < maxiter: z = z * z + c; n += 1``. At width 1000 and 300
    iterations the counts sum to 33219980, the check the book asserts.

Inputs and result
    ``make_input`` returns ``(x, y, c, maxiter)``: the two coordinate axes as float64 arrays, c
    as a complex number, maxiter as an int. Every variant returns an int64 array of shape
    ``(len(y), len(x))``: row i is y[i], column j is x[j]. Variants agree exactly.

    ``python`` is the book's loop, ``abs(z) < 2`` included. The other variants test
    ``zr*zr + zi*zi < 4`` instead, as the book's own Cython chapter does: it skips the square
    root inside ``abs`` (C's ``hypot``), which would take more than half of a compiled loop's
    time. Mathematically the same test; in floating point the two differ only for a point
    whose ``|z|`` is within a rounding error of 2. On the kernel's grids that never happens
    (the tests compare every point at every width from 1 to 60 and at the quick size, and the
    full-size sum is still the book's), so the variants agree exactly; a test shows
    hand-made points where the two tests disagree. The update ``z * z + c`` is Python's complex arithmetic,
    ``(zr*zr - zi*zi) + cr`` and ``(zr*zi + zi*zr) + ci``, in that order everywhere (NumPy's
    own complex multiply may fuse operations, so the NumPy variant spells it out on real
    arrays), and nothing uses fastmath.

Sizes
    ========  =====  =======
    size      width  maxiter
    ========  =====  =======
    quick        80      300
    workshop    200      300
    full       1000      300
    ========  =====  =======

Variants: python (the book's loop), numpy (vectorized over surviving points), numba,
numba_parallel (prange over rows), cython (typed memoryviews, C doubles).
"""
from __future__ import annotations

from greenlab.i18n import N_

import numpy as np

from greenlab.kernels import Kernel

X1, X2, Y1, Y2 = -1.8, 1.8, -1.8, 1.8  # the book's region
C = complex(-0.62772, -0.42193)  # the book's c_real, c_imag

SIZES = {
    "quick": {"width": 80, "maxiter": 300},
    "workshop": {"width": 200, "maxiter": 300},
    "full": {"width": 1000, "maxiter": 300},
}


def axes(width: int) -> tuple[list[float], list[float]]:
    """The x and y coordinates, built by the book's while loops (floating-point steps included)."""
    x_step = (X2 - X1) / width
    y_step = (Y1 - Y2) / width
    x, y = [], []
    ycoord = Y2
    while ycoord > Y1:
        y.append(ycoord)
        ycoord += y_step
    xcoord = X1
    while xcoord < X2:
        x.append(xcoord)
        xcoord += x_step
    return x, y


def make_input(width: int, maxiter: int) -> tuple[np.ndarray, np.ndarray, complex, int]:
    x, y = axes(width)
    return np.array(x, dtype=np.float64), np.array(y, dtype=np.float64), C, maxiter


def estimate_bytes(width: int, maxiter: int) -> int:
    # About (width + 1)^2 points; the numpy variant holds ~11 float64/int64 arrays of the
    # survivors at once (z, its squares, indices, counts, masks), the python one a list of ints.
    return 128 * (width + 1) ** 2


KERNEL = Kernel(
    name="julia",
    title=N_("Julia set (High Performance Python, ch. 2)"),
    teaches=N_(
        "A CPU-bound inner loop: compiling it (Numba, Cython) removes the interpreter and gives "
        "the course's biggest speedup; NumPy helps less because each point needs a different number "
        "of steps; the parallel version saves time, not energy."
    ),
    sizes=SIZES,
    rtol=0.0,
    atol=0.0,
    package=__name__,
    sources={
        "python": "python:julia",
        "numpy": "numpy_:julia",
        "numba": "numba_:julia",
        "numba_parallel": "numba_:julia_parallel",
        "cython": "cython_:julia",
    },
    minimums={"width": 1, "maxiter": 1},
    make=make_input,
    estimate_bytes=estimate_bytes,
)
