"""Numba: the cell loop, compiled on the first call.

The first and last columns wrap around, so they are written out on their own and the
columns between them form a plain loop the compiler can vectorize.
"""
from __future__ import annotations

import numpy as np
from numba import njit


@njit(fastmath=False)
def diffuse(grid, steps, coeff):
    """The grid after ``steps`` explicit diffusion steps with periodic boundaries."""
    rows, cols = grid.shape
    if rows < 3 or cols < 3:
        raise ValueError("the grid must be at least 3 x 3")
    if steps < 0:
        raise ValueError("steps must be >= 0")
    u = grid.astype(np.float64)  # a copy: the caller's grid is never changed
    new = np.empty_like(u)
    last = cols - 1
    for _ in range(steps):
        for i in range(rows):
            up = i - 1 if i > 0 else rows - 1
            down = i + 1 if i < rows - 1 else 0
            new[i, 0] = u[i, 0] + coeff * (u[up, 0] + u[down, 0] + u[i, last] + u[i, 1] - 4.0 * u[i, 0])
            for j in range(1, last):
                new[i, j] = u[i, j] + coeff * (u[up, j] + u[down, j] + u[i, j - 1] + u[i, j + 1] - 4.0 * u[i, j])
            new[i, last] = u[i, last] + coeff * (
                u[up, last] + u[down, last] + u[i, last - 1] + u[i, 0] - 4.0 * u[i, last]
            )
        u, new = new, u
    return u
