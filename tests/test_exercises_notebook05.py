"""greenlab.exercises.notebook05: plate-diffusion, its reference, inputs and the answers it refuses."""
import numpy as np

import greenlab as gl
from greenlab.exercises import notebook05


def one_line(plate, steps, coeff):
    u = plate.copy()
    for _ in range(steps):
        u[1:-1, 1:-1] += coeff * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4 * u[1:-1, 1:-1])
    return u


def test_only_the_interior_changes():
    single, uneven, flat, still = notebook05.plate_cases()
    after = notebook05.plate_reference(*single)
    assert after[1, 1] == 9.0 + notebook05.COEFF * (0.0 - 4 * 9.0)
    assert (np.delete(after.ravel(), 4) == 0.0).all()
    plate = uneven[0]
    result = notebook05.plate_reference(*uneven)
    assert (result[0] == plate[0]).all() and (result[-1] == plate[-1]).all()
    assert (result[:, 0] == plate[:, 0]).all() and (result[:, -1] == plate[:, -1]).all()
    assert not np.allclose(result[1:-1, 1:-1], plate[1:-1, 1:-1])
    assert (notebook05.plate_reference(*flat) == flat[0]).all()
    assert (notebook05.plate_reference(*still) == still[0]).all()


def test_the_plate_has_a_hot_top_edge_and_leaves_its_input_alone():
    plate, steps, coeff = notebook05.plate_input()
    before = plate.copy()
    result = notebook05.plate_reference(plate, 2, coeff)
    assert (plate == before).all() and (plate[0] == 100.0).all() and plate[1, 1] == 20.0
    assert 20.0 < result[1, plate.shape[1] // 2] < 100.0  # heat has come in from the top
    assert coeff <= 0.25 and steps > 0  # a stable explicit scheme


def test_whole_array_slices_pass():
    feedback = gl.check("plate-diffusion", one_line)
    assert feedback.passed, feedback
    assert feedback.speedup >= 10


def test_a_wrapping_grid_is_wrong():
    def periodic(plate, steps, coeff):
        u = plate.copy()
        for _ in range(steps):
            u = u + coeff * (np.roll(u, 1, 0) + np.roll(u, -1, 0) + np.roll(u, 1, 1) + np.roll(u, -1, 1) - 4 * u)
        return u

    feedback = gl.check("plate-diffusion", periodic)
    assert feedback.status == "wrong" and "small case" in feedback.message


def test_writing_into_the_plate_while_reading_it_is_caught_on_the_uneven_plate():
    def overwrites(plate, steps, coeff):
        u = plate.copy()
        for _ in range(steps):
            centre = u[1:-1, 1:-1].copy()
            np.add(u[:-2, 1:-1], u[2:, 1:-1], out=u[1:-1, 1:-1])  # the cells below still need the old values
            u[1:-1, 1:-1] += u[1:-1, :-2] + u[1:-1, 2:] - 4 * centre
            u[1:-1, 1:-1] *= coeff
            u[1:-1, 1:-1] += centre
        return u

    assert overwrites(*notebook05.plate_cases()[0]).tolist() == notebook05.plate_reference(*notebook05.plate_cases()[0]).tolist()
    feedback = gl.check("plate-diffusion", overwrites)
    assert feedback.status == "wrong" and "small case, your_function(ndarray of 5, 3," in feedback.message
    assert any("previous step" in hint for hint in feedback.hints)


def test_a_loop_over_rows_is_right_but_slow():
    def rows(plate, steps, coeff):
        u = np.array(plate, dtype=float)
        for _ in range(steps):
            new = u.copy()
            for i in range(1, u.shape[0] - 1):
                new[i, 1:-1] = u[i, 1:-1] + coeff * (u[i - 1, 1:-1] + u[i + 1, 1:-1] + u[i, :-2] + u[i, 2:] - 4 * u[i, 1:-1])
            u = new
        return u

    assert gl.check("plate-diffusion", rows).status == "slow"
