"""NumPy, memory-lean: one dimension at a time, so the largest temporary is N x N.

The same arithmetic as the broadcasting version (squares summed in the same order, then a
square root), but it loops over the D dimensions in Python and accumulates into the
answer: peak memory is two N x N arrays whatever D is, and each pass streams through
memory once. With D = 3 the Python loop runs three times, so it costs nothing.
"""
from __future__ import annotations

import numpy as np


def pairwise(points):
    """Euclidean distances between the rows of an (n, d) array: an (n, n) array."""
    n, d = points.shape
    squared = np.zeros((n, n))
    diff = np.empty((n, n))
    for k in range(d):
        column = points[:, k]
        np.subtract.outer(column, column, out=diff)
        diff *= diff
        squared += diff
    return np.sqrt(squared, out=squared)
