"""greenlab.exercises.cells: the cells that ran, the ones that failed, and what a check grades."""
from types import SimpleNamespace

import pytest

from greenlab.exercises import cells


@pytest.fixture(autouse=True)
def no_history():
    cells._cells.clear()
    yield
    cells._cells.clear()


def run(source, error=None):
    cells._on_pre_run(SimpleNamespace(raw_cell=source))
    cells._on_post_run(SimpleNamespace(error_before_exec=error, error_in_exec=None, info=SimpleNamespace(raw_cell=source)))


def test_the_latest_cell_defining_a_name_decides():
    run("def count_inside(x, y):\n    raise NotImplementedError")
    assert cells.failed_definition(["count_inside"]) is None
    run("def count_inside(x, y)\n    return 1", SyntaxError("expected ':'"))
    failed = cells.failed_definition(["count_inside"])
    assert failed is not None and failed.error == "SyntaxError: expected ':'"
    run("def count_inside(x, y):\n    return 1")
    assert cells.failed_definition(["count_inside"]) is None


def test_cython_and_assignments_count_as_definitions():
    run("%%cython\ncpdef long count_primes(long limit):\n    return 0", RuntimeError("Cython compile error"))
    assert cells.failed_definition(["count_primes"]).error.startswith("RuntimeError")
    run("yearly_kwh = 0,25 * 3", NameError("name 'x' is not defined"))
    assert cells.failed_definition(["yearly_kwh"]) is not None
    assert cells.failed_definition(["unknown"]) is None


def test_the_checked_names_come_from_the_check_call():
    assert cells.argument_names('gl.check("yearly-energy", yearly_kwh)') == ["yearly_kwh"]
    assert cells.argument_names("check('x', f)\nprint(1)") == ["f"]
    assert cells.argument_names("gl.check('x', 3.5)") == [] and cells.argument_names("def (") == []


def test_watch_registers_once_in_a_shell():
    from IPython.testing.globalipapp import get_ipython

    shell = get_ipython()
    assert cells.watch() and cells.watch()
    assert shell.events.callbacks["post_run_cell"].count(cells._on_post_run) == 1
