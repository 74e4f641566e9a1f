# cython: boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""Cython: the cell loop over typed memoryviews, without the GIL.

The first and last columns wrap around, so they are written out on their own and the
columns between them form a plain loop the C compiler can vectorize. Two buffers swap
roles each step; nothing is allocated inside the loop.
"""
import numpy as np


cdef void _step(const double[:, ::1] u, double[:, ::1] new, double coeff) noexcept nogil:
    cdef Py_ssize_t rows = u.shape[0], cols = u.shape[1], last = cols - 1, i, j, up, down
    for i in range(rows):
        up = i - 1 if i > 0 else rows - 1
        down = i + 1 if i < rows - 1 else 0
        new[i, 0] = u[i, 0] + coeff * (u[up, 0] + u[down, 0] + u[i, last] + u[i, 1] - 4.0 * u[i, 0])
        for j in range(1, last):
            new[i, j] = u[i, j] + coeff * (u[up, j] + u[down, j] + u[i, j - 1] + u[i, j + 1] - 4.0 * u[i, j])
        new[i, last] = u[i, last] + coeff * (
            u[up, last] + u[down, last] + u[i, last - 1] + u[i, 0] - 4.0 * u[i, last]
        )


def diffuse(grid, Py_ssize_t steps, double coeff):
    """The grid after ``steps`` explicit diffusion steps with periodic boundaries."""
    current = np.array(grid, dtype=np.float64, order="C")  # a copy: the caller's grid is never changed
    if current.ndim != 2 or min(current.shape) < 3:
        raise ValueError(f"the grid must be 2-D and at least 3 x 3; got shape {current.shape}")
    if steps < 0:
        raise ValueError(f"steps must be >= 0; got {steps}")
    following = np.empty_like(current)
    cdef double[:, ::1] u = current, new = following
    cdef Py_ssize_t step
    with nogil:
        for step in range(steps):
            _step(u, new, coeff)
            u, new = new, u
    return current if steps % 2 == 0 else following
