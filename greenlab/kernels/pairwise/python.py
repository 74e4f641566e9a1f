"""Pure Python: ``math.dist`` for every pair of points, over lists.

``math.dist`` (Python 3.8+) is how a Python programmer computes one distance: it is written
in C and more accurate than ``sqrt(sum((a - b) ** 2))``; the double loop over pairs is
still interpreted, one pair at a time.
"""
from __future__ import annotations

import math

import numpy as np


def pairwise(points):
    """Euclidean distances between the rows of an (n, d) array: an (n, n) array."""
    rows = points.tolist()  # lists of Python floats: NumPy scalars would be slower here
    distances = [[math.dist(p, q) for q in rows] for p in rows]
    return np.array(distances, dtype=np.float64).reshape(len(rows), len(rows))  # (0, 0) for no points
