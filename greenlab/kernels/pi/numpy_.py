"""NumPy: whole arrays, no Python loop."""
from __future__ import annotations

import numpy as np


def estimate_pi(x, y):
    """4 x the fraction of points (x[i], y[i]) with x*x + y*y <= 1."""
    r2 = x * x
    r2 += y * y
    inside = int(np.count_nonzero(r2 <= 1.0))
    return 4.0 * inside / len(x)
