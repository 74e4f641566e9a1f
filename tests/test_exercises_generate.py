"""exercises/ is generated from solutions/ and kept in step."""
from pathlib import Path

import nbformat
import pytest

from greenlab.exercises.generate import SolutionMarkupError, exercise_from_solution, generate, strip_solution

ROOT = Path(__file__).resolve().parents[1]


def test_region_is_replaced_by_the_default_starter_at_its_indentation():
    source = "def f(x):\n    ### BEGIN SOLUTION\n    return x * 2\n    ### END SOLUTION\n"
    assert strip_solution(source) == 'def f(x):\n    raise NotImplementedError("your code here")\n'


def test_starter_lines_replace_the_region():
    source = "### BEGIN SOLUTION\n### STARTER: answer = ...\nanswer = 202.8\n### END SOLUTION"
    assert strip_solution(source) == "answer = ..."


@pytest.mark.parametrize(
    "source, message",
    [
        ("x = 1", "has no ### BEGIN SOLUTION"),
        ("### BEGIN SOLUTION\nx = 1", "without ### END SOLUTION"),
        ("x = 1\n### END SOLUTION", "without ### BEGIN SOLUTION"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "inside another"),
    ],
)
def test_bad_markup_is_a_clear_error(source, message):
    with pytest.raises(SolutionMarkupError, match=message):
        strip_solution(source)


def _notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Exercise"),
        nbformat.v4.new_code_cell("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION",
                                  metadata={"tags": ["solution"]}),
        nbformat.v4.new_markdown_cell("Why: because.", metadata={"tags": ["solution-only"]}),
        nbformat.v4.new_code_cell("gl.check('x', f)"),
    ]
    return nb


def test_exercise_notebook_drops_solution_only_cells_and_strips_solutions():
    exercise = exercise_from_solution(_notebook())
    sources = [c.source for c in exercise.cells]
    assert len(sources) == 3 and "Why" not in "".join(sources)
    assert "NotImplementedError" in sources[1] and "return 1" not in sources[1]


def test_generate_writes_then_check_finds_nothing_stale(tmp_path):
    (tmp_path / "solutions").mkdir()
    nbformat.write(_notebook(), tmp_path / "solutions" / "05-x-exercises.ipynb")
    assert generate(tmp_path, check=True) == ["05-x-exercises.ipynb"]
    assert generate(tmp_path) == ["05-x-exercises.ipynb"]
    assert generate(tmp_path, check=True) == []
    (tmp_path / "exercises" / "99-orphan.ipynb").write_text("{}")
    assert generate(tmp_path, check=True) == ["99-orphan.ipynb (no solution)"]


def test_missing_solutions_folder_is_explained(tmp_path):
    with pytest.raises(FileNotFoundError, match="no solutions/ folder"):
        generate(tmp_path)


def test_the_repository_exercises_are_up_to_date():
    assert generate(ROOT, check=True) == [], "run `greenlab exercises` to regenerate exercises/ from solutions/"


def test_every_course_notebook_from_02_has_its_exercises():
    names = {p.name for p in (ROOT / "solutions").glob("*.ipynb")}
    for stem in ("02-measuring-energy", "03-profiling", "04-algorithms-and-data-structures", "05-numpy-vectorization",
                 "06-numba", "07-cython", "08-measured-savings", "09-green-ai-and-edge-ai"):
        assert f"{stem}-exercises.ipynb" in names, stem


def test_each_check_in_the_solutions_names_a_known_exercise():
    import re

    from greenlab.exercises import catalog

    known = {e.id for e in catalog.EXERCISES}
    used = set()
    for path in (ROOT / "solutions").glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            used |= set(re.findall(r"gl\.check\(\s*['\"]([\w-]+)['\"]", cell.source))
    assert used == known, f"unused: {known - used}; unknown: {used - known}"


def test_the_spanish_edition_is_generated_beside_with_spanish_starters(tmp_path):
    import nbformat

    from greenlab.exercises.generate import generate

    cell = nbformat.v4.new_code_cell("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n",
                                     metadata={"tags": ["solution"]})
    for folder in ("solutions", "solutions/es"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        nbformat.write(nbformat.v4.new_notebook(cells=[cell]), tmp_path / folder / "02-x.ipynb")
    assert generate(tmp_path) == ["02-x.ipynb", "es/02-x.ipynb"]
    spanish = nbformat.read(tmp_path / "exercises" / "es" / "02-x.ipynb", as_version=4)
    assert 'raise NotImplementedError("tu código aquí")' in spanish.cells[0].source
    assert generate(tmp_path, check=True) == []
