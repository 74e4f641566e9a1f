"""Pure Python: the Julia loop exactly as High Performance Python writes it.

The inner ``while`` is the book's ``calculate_z_serial_purepython``; the outer loops walk
the grid row by row (y downwards, x across) instead of building the book's ``zs`` and
``cs`` lists first, which changes nothing in the arithmetic.
"""
from __future__ import annotations

import numpy as np


def julia(x, y, c, maxiter):
    """Escape counts of ``z -> z * z + c`` from each grid point; shape ``(len(y), len(x))``."""
    xs = x.tolist()  # Python floats: looping over a NumPy array would make slow NumPy scalars
    output = []
    for ycoord in y.tolist():
        for xcoord in xs:
            z = complex(xcoord, ycoord)
            n = 0
            while abs(z) < 2 and n < maxiter:
                z = z * z + c
                n += 1
            output.append(n)
    return np.array(output, dtype=np.int64).reshape(len(y), len(x))
