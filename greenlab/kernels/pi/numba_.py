"""Numba: the pure-Python loop over the arrays, compiled on the first call."""
from __future__ import annotations

from numba import njit


@njit(fastmath=False)
def estimate_pi(x, y):
    """4 x the fraction of points (x[i], y[i]) with x*x + y*y <= 1."""
    inside = 0
    for i in range(x.size):
        if x[i] * x[i] + y[i] * y[i] <= 1.0:
            inside += 1
    return 4.0 * inside / x.size
