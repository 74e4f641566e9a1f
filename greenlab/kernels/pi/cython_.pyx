# cython: boundscheck=False, wraparound=False, initializedcheck=False
"""Cython: the loop over typed memoryviews, without the GIL.

The comparison adds 0 or 1 with no branch, which lets the C compiler vectorize the loop.
"""


def estimate_pi(const double[::1] x, const double[::1] y):
    """4 x the fraction of points (x[i], y[i]) with x*x + y*y <= 1."""
    cdef Py_ssize_t n = x.shape[0], i, inside = 0
    if y.shape[0] != n:
        raise ValueError(f"x and y must have the same length; got {n} and {y.shape[0]}")
    with nogil:
        for i in range(n):
            inside += x[i] * x[i] + y[i] * y[i] <= 1.0
    return 4.0 * inside / n
