"""The trap: NumPy called once per element, inside a Python loop.

Every ``x[i]`` makes a NumPy scalar and every ``np.square`` is a full NumPy call (argument
parsing, type resolution, a result object) for one number. The loop is still interpreted,
so this pays the interpreter *and* NumPy's per-call overhead: slower than plain Python.
The fix is not a faster library but handing the library whole arrays (``numpy_.py``).
"""
from __future__ import annotations

import numpy as np


def estimate_pi(x, y):
    """4 x the fraction of points (x[i], y[i]) with x*x + y*y <= 1."""
    inside = 0
    for i in range(len(x)):
        if np.square(x[i]) + np.square(y[i]) <= 1.0:
            inside += 1
    return 4.0 * inside / len(x)
