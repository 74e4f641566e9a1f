"""Exercises after notebook 05 (NumPy vectorization).

``plate-diffusion``: heat spreading over a metal plate whose edges are held at fixed
temperatures. Notebook 05 vectorizes a diffusion stencil on a grid that wraps around (every cell
has four neighbours); here the edge cells never change and only the interior is updated, so the
learner has to work out the slices of the interior and its four neighbours themselves, and may
update a preallocated array in place (``out=``, ``+=``). The reference is the cell-by-cell loop.
"""
from __future__ import annotations

from greenlab.exercises.feedback import SLOW, WRONG
from greenlab.exercises.kinds import CodeExercise
from greenlab.i18n import N_

COEFF = 0.2  # D * dt / dx**2; the explicit scheme is stable up to 0.25
ROWS, COLS, STEPS = 80, 120, 30  # the reference takes a few tenths of a second; slices, about a millisecond


def plate_reference(plate, steps, coeff):
    """The plate after ``steps`` explicit diffusion steps; its edge cells keep their temperatures.

    Every interior cell moves towards the mean of its four neighbours:
    ``new = u + coeff * (up + down + left + right - 4 * u)``, all from the previous step's values.
    """
    import numpy as np

    u = np.asarray(plate, dtype=np.float64).tolist()
    rows, cols = len(u), len(u[0])
    for _ in range(steps):
        new = [row[:] for row in u]  # the edges are copied as they are
        for i in range(1, rows - 1):
            for j in range(1, cols - 1):
                new[i][j] = u[i][j] + coeff * (u[i - 1][j] + u[i + 1][j] + u[i][j - 1] + u[i][j + 1] - 4.0 * u[i][j])
        u = new
    return np.array(u, dtype=np.float64)


def plate_input():
    """A plate at 20 °C whose top edge is held at 100 °C and the other three at 0 °C."""
    import numpy as np

    plate = np.full((ROWS, COLS), 20.0)
    plate[0, :] = 100.0
    plate[-1, :] = plate[:, 0] = plate[:, -1] = 0.0
    plate[0, 0] = plate[0, -1] = 100.0  # the top corners belong to the hot edge
    return plate, STEPS, COEFF


def plate_cases() -> list[tuple]:
    import numpy as np

    rng = np.random.default_rng(5)
    return [
        (np.array([[0.0, 0.0, 0.0], [0.0, 9.0, 0.0], [0.0, 0.0, 0.0]]), 1, COEFF),  # one interior cell
        (rng.random((5, 7)), 3, COEFF),  # not square, uneven: a swapped axis or a neighbour read too early shows
        (rng.random((2, 6)), 4, COEFF),  # no interior at all: nothing changes
        (rng.random((4, 4)), 0, COEFF),  # no steps: the plate as it was
    ]


EXERCISES = (
    CodeExercise(
        "plate-diffusion", "05-numpy-vectorization", N_("Cool a plate with fixed edges"),
        N_("slices and in-place updates"), 15,
        reference=plate_reference, make_input=plate_input, more_inputs=plate_cases, min_speedup=20,
        rtol=1e-9, atol=1e-12,
        hints={SLOW: (N_("no Python loop over cells or rows: one step is a handful of whole-array operations on "
                         "slices; only the loop over steps stays"),
                      N_("the interior is u[1:-1, 1:-1]; its upper neighbours are u[:-2, 1:-1], the lower u[2:, 1:-1]")),
               WRONG: (N_("only the interior changes: u[1:-1, 1:-1]; the edge rows and columns keep their values"),
                       N_("read every neighbour from the previous step: don't write into u while you still read it "
                          "(np.add(..., out=u[1:-1, 1:-1]) overwrites cells their neighbours still need)"))}),
)
