"""NumPy: all points at once, keeping only the survivors.

Each step updates every point that has not escaped yet, as whole arrays; the points that
escape are dropped (their count is recorded) so later steps do less work. That compaction
is what a good NumPy version needs, and it is also why NumPy gains less here than on the
other kernels: every step still makes several passes over memory and builds new arrays,
while a compiled loop keeps one point's z in registers until it is done.

As in the compiled variants, ``abs(z) < 2`` becomes ``zr*zr + zi*zi < 4`` (no square
root, and the squares are needed for the update anyway), and the update is Python's
complex arithmetic spelled out on real arrays in the same order, so the counts equal the
other variants' exactly (NumPy's own complex multiply may fuse operations and round
differently in the last bit).
"""
from __future__ import annotations

import numpy as np


def julia(x, y, c, maxiter):
    """Escape counts of ``z -> z * z + c`` from each grid point; shape ``(len(y), len(x))``."""
    ny, nx = len(y), len(x)
    zr = np.tile(np.asarray(x, dtype=np.float64), ny)  # row by row: x varies fastest
    zi = np.repeat(np.asarray(y, dtype=np.float64), nx)
    cr, ci = c.real, c.imag
    counts = np.full(ny * nx, maxiter, dtype=np.int64)  # points that never escape keep maxiter
    alive = np.arange(ny * nx)  # flat index of each point still iterating
    for n in range(maxiter):
        zr2, zi2 = zr * zr, zi * zi
        inside = zr2 + zi2 < 4.0  # abs(z) < 2
        if not inside.all():
            counts[alive[~inside]] = n  # escaped before step n + 1
            alive, zr, zi, zr2, zi2 = alive[inside], zr[inside], zi[inside], zr2[inside], zi2[inside]
            if alive.size == 0:
                break
        # z = z * z + c, as Python computes it: (zr*zr - zi*zi) + cr, (zr*zi + zi*zr) + ci
        cross = zr * zi
        np.add(cross, cross, out=zi)
        zi += ci
        np.subtract(zr2, zi2, out=zr)
        zr += cr
    return counts.reshape(ny, nx)
