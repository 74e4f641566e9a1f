"""Pairwise distances: N points in D dimensions -> the N x N matrix of Euclidean distances.

What it teaches
    Memory is part of the cost. The obvious NumPy version, broadcasting
    ``points[:, None, :] - points[None, :, :]``, is short and fast, but it builds an
    N x N x D temporary: 3,000 points in 3-D already need 216 MB before the N x N answer
    exists, and on a shared Binder machine that is the difference between running and being
    killed. ``numpy_lean`` does the same arithmetic one dimension at a time, so its largest
    temporary is N x N; the compiled loops (Numba, Cython) need no temporary at all. Memory
    traffic also costs energy: moving data is often dearer than computing on it.

    Not used here, on purpose: the ``|a|^2 + |b|^2 - 2 a.b`` trick (one matrix product, fast
    for large D) cancels catastrophically for nearby points, so its small distances are off by
    ~1e-8 and it would need a much looser tolerance than the variants below, which agree to
    1e-12.

Inputs and result
    ``make_input`` returns ``(points,)``: an (n, d) float64 array, uniform in [0, 1), from
    ``numpy.random.default_rng(seed)``. Every variant returns the (n, n) float64 array of
    distances, with an exact zero diagonal. Variants agree within rtol=1e-12, atol=1e-12
    (the pure-Python ``math.dist`` rounds its last bit differently from sqrt(sum of squares)).

Sizes
    ========  =====  ===  ====
    size      n      d    seed
    ========  =====  ===  ====
    quick       150    3  2024
    workshop   1000    3  2024
    full       3000    3  2024
    ========  =====  ===  ====

Variants: python (``math.dist`` over lists), numpy (broadcasting, the N x N x D
temporary), numpy_lean (one dimension at a time, N x N temporaries), numba,
numba_parallel (prange over rows), cython.
"""
from __future__ import annotations

from greenlab.i18n import N_

import numpy as np

from greenlab.kernels import Kernel

SIZES = {
    "quick": {"n": 150, "d": 3, "seed": 2024},
    "workshop": {"n": 1000, "d": 3, "seed": 2024},
    "full": {"n": 3000, "d": 3, "seed": 2024},
}


def make_input(n: int, d: int, seed: int) -> tuple[np.ndarray]:
    return (np.random.default_rng(seed).random((n, d)),)


def estimate_bytes(n: int, d: int, seed: int) -> int:
    # the input, the n x n answer, and the larger of: numpy's n x n x d difference plus its
    # n x n sum, or python's n x n list of float objects (about 40 bytes each, with the lists)
    return 8 * n * d + 8 * n * n + max(8 * n * n * d + 8 * n * n, 40 * n * n)


KERNEL = Kernel(
    name="pairwise",
    title=N_("Pairwise Euclidean distances"),
    teaches=N_(
        "Memory is part of the cost: NumPy broadcasting is short and fast but builds an N x N x D "
        "temporary; working one dimension at a time, or in a compiled loop, needs far less memory."
    ),
    sizes=SIZES,
    rtol=1e-12,
    atol=1e-12,
    package=__name__,
    sources={
        "python": "python:pairwise",
        "numpy": "numpy_:pairwise",
        "numpy_lean": "numpy_lean:pairwise",
        "numba": "numba_:pairwise",
        "numba_parallel": "numba_:pairwise_parallel",
        "cython": "cython_:pairwise",
    },
    minimums={"n": 1, "d": 1, "seed": 0},
    make=make_input,
    estimate_bytes=estimate_bytes,
)
