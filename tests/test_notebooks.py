"""Notebook conventions (docs/authoring.md): names, opening and closing cells, no stray outputs,
links that resolve. nbval (run by `make test`) executes them; this checks their shape."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER_URL = "https://mybinder.org/v2/gh/greenlab-course/greenlab/HEAD"
COURSE = [
    "00-setup-check",
    "01-green-computing",
    "02-measuring-energy",
    "03-profiling",
    "04-algorithms-and-data-structures",
    "05-numpy-vectorization",
    "06-numba",
    "07-cython",
    "08-measured-savings",
    "09-green-ai-and-edge-ai",
]
FOLDERS = ("notebooks", "solutions", "exercises")
ALL_NOTEBOOKS = sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("*.ipynb"))
COURSE_NOTEBOOKS = [ROOT / "notebooks" / f"{name}.ipynb" for name in COURSE]


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


def test_the_course_has_its_ten_notebooks_and_no_others():
    found = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert found == COURSE


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_ids(ALL_NOTEBOOKS))
def test_committed_without_outputs_except_checked_cells(path):
    nb = _read(path)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        checked = cell.source.lstrip().startswith("# NBVAL_CHECK_OUTPUT")
        if not checked:
            assert not cell.outputs, f"cell {index} has committed outputs; clear them (only # NBVAL_CHECK_OUTPUT cells keep theirs)"
            assert cell.execution_count is None, f"cell {index} has an execution count; clear outputs before committing"
        else:
            assert cell.outputs, f"cell {index} is marked # NBVAL_CHECK_OUTPUT but has no committed output to check"
            for output in cell.outputs:
                assert output.get("name") != "stderr", f"cell {index} commits stderr output"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_ids(ALL_NOTEBOOKS))
def test_valid_nbformat_with_a_python_kernel(path):
    nb = _read(path)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("language", "python") == "python"


@pytest.mark.parametrize("path", COURSE_NOTEBOOKS, ids=_ids(COURSE_NOTEBOOKS))
def test_opening_cell_has_title_goal_time_objectives_and_badge(path):
    first = _read(path).cells[0]
    assert first.cell_type == "markdown"
    number = path.stem[:2]
    assert re.match(rf"# {number} · \S", first.source), "first line must be '# NN · Title'"
    assert "**Goal:**" in first.source
    assert re.search(r"\*\*Time:\*\* *(about )?~?\d+", first.source), "a time estimate in minutes: '**Time:** 20 min'"
    assert "**You will learn**" in first.source
    badge = f"({BINDER_URL}?urlpath=lab/tree/notebooks/{path.name})"
    assert badge in first.source, f"Binder badge must link to {badge}"


@pytest.mark.parametrize("path", COURSE_NOTEBOOKS, ids=_ids(COURSE_NOTEBOOKS))
def test_closing_cell_has_key_points_and_next(path):
    last = _read(path).cells[-1]
    assert last.cell_type == "markdown"
    assert "## Key points" in last.source
    assert "**Next:**" in last.source


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_ids(ALL_NOTEBOOKS))
def test_relative_links_resolve(path):
    nb = _read(path)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for target in re.findall(r"\]\(([^)\s]+)\)", cell.source):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            file_part = target.split("#", 1)[0]
            assert (path.parent / file_part).exists(), f"link {target!r} does not resolve from {path.parent.name}/"


@pytest.mark.parametrize("path", COURSE_NOTEBOOKS, ids=_ids(COURSE_NOTEBOOKS))
def test_no_machine_specific_numbers_in_prose(path):
    """Prose never states a measured speedup as fact: '37x faster' belongs in printed output."""
    for cell in _read(path).cells:
        if cell.cell_type == "markdown":
            found = re.findall(r"\b\d+(?:\.\d+)?\s*[x×]\s+(?:faster|slower|less energy|more energy)", cell.source)
            assert not found, f"measured figure in prose: {found}; print it from code instead"
