"""Monte Carlo pi: the fraction of random points in the unit square that fall in the quarter circle.

What it teaches
    The simplest loop there is, which makes the cost of the interpreter plain: pure Python
    spends tens of nanoseconds per point on bookkeeping around one multiply-add and a
    compare. ``numpy`` does the whole array in a few passes; Numba and Cython compile the
    loop. ``numpy_in_loop`` is the classic trap: "I used NumPy" while still calling it once
    per element, so each point pays a NumPy call's overhead on top of the interpreter's and
    the result is *slower* than plain Python. Using a fast library is not enough; you must
    hand it whole arrays.

Inputs and result
    The random coordinates are drawn once, outside the timed call, from
    ``numpy.random.default_rng(seed)``: ``make_input`` returns ``(x, y)``, two float64 arrays
    of n numbers in [0, 1). So every variant sees the same points, counts the same points
    ``x*x + y*y <= 1.0`` (the same floating-point operations everywhere) and returns the same
    Python float ``4.0 * inside / n``: variants agree exactly. (Drawing inside each variant
    would time the random generator instead, and give different answers per variant.)

Sizes
    ========  =========  ====
    size      n          seed
    ========  =========  ====
    quick        20_000  2024
    workshop    300_000  2024
    full      5_000_000  2024
    ========  =========  ====

Variants: python (a loop over lists), numpy_in_loop (the trap), numpy (whole arrays),
numba, cython.
"""
from __future__ import annotations

from greenlab.i18n import N_

import numpy as np

from greenlab.kernels import Kernel

SIZES = {
    "quick": {"n": 20_000, "seed": 2024},
    "workshop": {"n": 300_000, "seed": 2024},
    "full": {"n": 5_000_000, "seed": 2024},
}


def make_input(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.random(n), rng.random(n)


def estimate_bytes(n: int, seed: int) -> int:
    # x and y (16 bytes a point) plus the larger of: python's two lists of float objects
    # (2 x 32 bytes a point, plus headroom) or numpy's temporaries (three float64 arrays and a mask)
    return 16 * n + max(72 * n, 25 * n)


KERNEL = Kernel(
    name="pi",
    title=N_("Monte Carlo estimate of pi"),
    teaches=N_(
        "The cost of the interpreter on the simplest loop, and the trap of calling NumPy once per "
        "element: a fast library only helps when it gets whole arrays."
    ),
    sizes=SIZES,
    rtol=0.0,
    atol=0.0,
    package=__name__,
    sources={
        "python": "python:estimate_pi",
        "numpy_in_loop": "numpy_in_loop:estimate_pi",
        "numpy": "numpy_:estimate_pi",
        "numba": "numba_:estimate_pi",
        "cython": "cython_:estimate_pi",
    },
    minimums={"n": 1, "seed": 0},
    make=make_input,
    estimate_bytes=estimate_bytes,
)
