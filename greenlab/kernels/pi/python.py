"""Pure Python: one loop over the points, as lists of Python floats."""
from __future__ import annotations


def estimate_pi(x, y):
    """4 x the fraction of points (x[i], y[i]) with x*x + y*y <= 1."""
    inside = 0
    for a, b in zip(x.tolist(), y.tolist()):  # lists: iterating the arrays would make NumPy scalars
        if a * a + b * b <= 1.0:
            inside += 1
    return 4.0 * inside / len(x)
