"""Numba: the pure-Python loop, compiled; and the same loop spread over the cores.

The source is the book's loop with one change a compiled version should make (the book's
own Cython chapter makes it too): ``abs(z) < 2`` becomes ``z.real**2 + z.imag**2 < 4``,
which skips a square root (C's ``hypot``) that would otherwise take more than half of
the compiled loop's time. It is the same test except for a point whose ``|z|`` is within
a rounding error of 2 (see the kernel's docstring); the counts on the kernel's grid are
identical.

``julia`` and ``julia_parallel`` are the same Python source compiled twice: ``prange``
runs like ``range`` unless ``parallel=True``. Compilation happens on the first call (no
``cache=True``: its time and energy are part of the lesson). ``fastmath`` stays off, so the
compiled arithmetic is exactly Python's. The parallel version splits the rows between
threads (the set is symmetric about the centre, so two threads get equal work): it
finishes sooner, but uses about the same CPU time, and so about the same energy.
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange


def _julia(x, y, c, maxiter):
    out = np.empty((y.size, x.size), dtype=np.int64)
    for i in prange(y.size):
        for j in range(x.size):
            z = complex(x[j], y[i])
            n = 0
            while z.real * z.real + z.imag * z.imag < 4.0 and n < maxiter:  # abs(z) < 2
                z = z * z + c
                n += 1
            out[i, j] = n
    return out


julia = njit(fastmath=False)(_julia)
julia_parallel = njit(parallel=True, fastmath=False)(_julia)
