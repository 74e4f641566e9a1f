"""NumPy, broadcasting: every difference at once, in an N x N x D temporary.

Short, readable and fast, until N grows: the temporary holds N * N * D float64s (3,000
points in 3-D: 216 MB), most of the time goes into writing and reading it back, and a
big enough N runs out of memory. Compare ``numpy_lean``.
"""
from __future__ import annotations

import numpy as np


def pairwise(points):
    """Euclidean distances between the rows of an (n, d) array: an (n, n) array."""
    diff = points[:, None, :] - points[None, :, :]  # (n, n, d): the memory lesson
    diff *= diff  # in place: no second temporary
    distances = diff.sum(axis=-1)
    return np.sqrt(distances, out=distances)
