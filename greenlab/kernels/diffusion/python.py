"""Pure Python: lists of lists, one cell at a time.

Python's negative indices wrap the left and top edges for free (``row[-1]`` is the last
cell); ``% n`` wraps the right and bottom ones.
"""
from __future__ import annotations

import numpy as np


def diffuse(grid, steps, coeff):
    """The grid after ``steps`` explicit diffusion steps with periodic boundaries."""
    u = np.asarray(grid, dtype=np.float64).tolist()
    rows, cols = len(u), len(u[0])
    if rows < 3 or cols < 3:
        raise ValueError(f"the grid must be at least 3 x 3; got {rows} x {cols}")
    if steps < 0:
        raise ValueError(f"steps must be >= 0; got {steps}")
    for _ in range(steps):
        new = []
        for i in range(rows):
            up, row, down = u[i - 1], u[i], u[(i + 1) % rows]
            new.append([
                row[j] + coeff * (up[j] + down[j] + row[j - 1] + row[(j + 1) % cols] - 4.0 * row[j])
                for j in range(cols)
            ])
        u = new
    return np.array(u, dtype=np.float64)
