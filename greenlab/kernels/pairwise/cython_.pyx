# cython: boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""Cython: the three nested loops with C doubles and typed memoryviews.

No temporary arrays and no Python objects inside the loops, which run without the GIL.
The points must be a C-contiguous float64 array (``const``: read-only arrays work too).
"""
import numpy as np

from libc.math cimport sqrt


def pairwise(const double[:, ::1] points):
    """Euclidean distances between the rows of an (n, d) array: an (n, n) array."""
    cdef Py_ssize_t n = points.shape[0], d = points.shape[1], i, j, k
    cdef double total, delta
    result = np.empty((n, n), dtype=np.float64)
    cdef double[:, ::1] out = result
    with nogil:
        for i in range(n):
            for j in range(n):
                total = 0.0
                for k in range(d):
                    delta = points[i, k] - points[j, k]
                    total = total + delta * delta
                out[i, j] = sqrt(total)
    return result
