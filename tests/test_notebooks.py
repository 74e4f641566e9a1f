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
# The Spanish edition (issue 12): the same numbers, Spanish titles in the file names
CURSO = [
    "00-verificacion-del-entorno",
    "01-computacion-verde",
    "02-midiendo-la-energia",
    "03-perfilado",
    "04-algoritmos-y-estructuras-de-datos",
    "05-vectorizacion-con-numpy",
    "06-numba",
    "07-cython",
    "08-ahorros-medidos",
    "09-ia-verde-e-ia-en-el-borde",
]
# The words the conventions look for, in each edition (docs/es/glosario.md)
WORDS = {
    "en": {"goal": "**Goal:**", "time": r"\*\*Time:\*\* *(about )?~?\d+", "learn": "**You will learn**",
           "key_points": "## Key points", "next": "**Next:**", "marks": ("· core", "· optional"), "try_it": "**Try it"},
    "es": {"goal": "**Objetivo:**", "time": r"\*\*Tiempo:\*\* *(unos )?~?\d+", "learn": "**Aprenderás**",
           "key_points": "## Puntos clave", "next": "**Siguiente:**", "marks": ("· básico", "· opcional"),
           "try_it": "**Pruébalo"},
}
FOLDERS = ("notebooks", "solutions", "exercises")
EDITIONS = {"en": "", "es": "es/"}
ALL_NOTEBOOKS = sorted(p for folder in FOLDERS for edition in EDITIONS.values()
                       for p in (ROOT / folder / edition).glob("*.ipynb"))
COURSE_NOTEBOOKS = ([ROOT / "notebooks" / f"{name}.ipynb" for name in COURSE]
                    + [ROOT / "notebooks" / "es" / f"{name}.ipynb" for name in CURSO])


def _words(path: Path) -> dict:
    return WORDS["es" if path.parent.name == "es" else "en"]


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


@pytest.mark.parametrize("folder, names", [("notebooks", COURSE), ("notebooks/es", CURSO)])
def test_the_course_has_its_ten_notebooks_and_no_others(folder, names):
    found = sorted(p.stem for p in (ROOT / folder).glob("*.ipynb"))
    assert found == names


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
    first, words = _read(path).cells[0], _words(path)
    assert first.cell_type == "markdown"
    number = path.stem[:2]
    assert re.match(rf"# {number} · \S", first.source), "first line must be '# NN · Title'"
    assert words["goal"] in first.source
    assert re.search(words["time"], first.source), "a time estimate in minutes: '**Time:** 20 min'"
    assert words["learn"] in first.source
    badge = f"({BINDER_URL}?urlpath=lab/tree/{path.relative_to(ROOT).as_posix()})"
    assert badge in first.source, f"Binder badge must link to {badge}"


@pytest.mark.parametrize("path", COURSE_NOTEBOOKS, ids=_ids(COURSE_NOTEBOOKS))
def test_closing_cell_has_key_points_and_next(path):
    last, words = _read(path).cells[-1], _words(path)
    assert last.cell_type == "markdown"
    assert words["key_points"] in last.source
    assert words["next"] in last.source


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


# -- a course a room does (issue 11) -----------------------------------------------------------------------
LEARNER_FACING = sorted(p for folder in ("notebooks", "exercises") for edition in EDITIONS.values()
                        for p in (ROOT / folder / edition).glob("*.ipynb"))
STANDARD_TOOLS = ("timeit.repeat", "%timeit", "time.perf_counter", "time.process_time", "cProfile", "pstats",
                  "%prun", "snakeviz", "%lprun", "%memit", "%mprun", "tracemalloc", "OfflineEmissionsTracker(",
                  "country_iso_code", "@track_emissions", "energy_uj")


@pytest.mark.parametrize("path", LEARNER_FACING, ids=_ids(LEARNER_FACING))
def test_no_bare_assert_faces_a_learner(path):
    """A direction that may not hold on a learner's run is a gl.expect(...), which explains, not a traceback."""
    for index, cell in enumerate(_read(path).cells):
        if cell.cell_type == "code":
            bare = [line for line in cell.source.splitlines() if line.lstrip().startswith("assert ")]
            assert not bare, f"cell {index}: {bare[0].strip()!r}: use gl.expect(condition, 'what it means')"


MARKED = [p for p in COURSE_NOTEBOOKS if not p.name.startswith("00")]


@pytest.mark.parametrize("path", MARKED, ids=_ids(MARKED))
def test_every_section_is_marked_core_or_optional(path):
    """Instructors pick a path through a notebook by these marks: '## 3. Title · core'."""
    headings = [line for cell in _read(path).cells if cell.cell_type == "markdown"
                for line in cell.source.splitlines() if re.match(r"## \d", line)]
    assert headings, "a course notebook has numbered sections: '## 1. Title · core'"
    marks = _words(path)["marks"]
    unmarked = [h for h in headings if not h.rstrip().endswith(marks)]
    assert not unmarked, f"mark each numbered section {' or '.join(marks)}: {unmarked}"


@pytest.mark.parametrize("path", LEARNER_FACING, ids=_ids(LEARNER_FACING))
def test_every_try_it_has_an_answer_to_open(path):
    for index, cell in enumerate(_read(path).cells):
        if cell.cell_type == "markdown" and _words(path)["try_it"] in cell.source:
            assert "<details>" in cell.source and "</details>" in cell.source, (
                f"cell {index}: a 'Try it' needs its answer, or what to look for, in <details><summary>...</summary>...</details>")


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_standard_tools_appear_unwrapped_in_code(edition):
    """Learners leave with the ordinary tools: each is shown in its plain form in some code cell."""
    paths = [p for p in COURSE_NOTEBOOKS if (p.parent.name == "es") == (edition == "es")]
    code = "\n".join(cell.source for path in paths for cell in _read(path).cells if cell.cell_type == "code")
    missing = [tool for tool in STANDARD_TOOLS if tool not in code]
    assert not missing, f"show these in their plain form: {missing}"


@pytest.mark.parametrize("number, tools", [("02", ("timeit", "codecarbon")),
                                           ("03", ("cProfile", "line_profiler", "memory_profiler", "tracemalloc"))])
def test_key_points_name_the_standalone_tools(number, tools):
    for path in [p for p in COURSE_NOTEBOOKS if p.stem.startswith(number)]:
        last = _read(path).cells[-1].source
        assert all(tool in last for tool in tools), f"{path.name}'s key points should name {tools}"


# -- the Spanish edition's numbers (issue 12) ------------------------------------------------------------
SPANISH = sorted(p for folder in FOLDERS for p in (ROOT / folder / "es").glob("*.ipynb"))


def _prose(cell_source: str) -> str:
    """Markdown without code blocks, inline code and link targets: the words a learner reads."""
    text = re.sub(r"```.*?```", "", cell_source, flags=re.DOTALL)
    text = re.sub(r"`[^`]*`", "", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def test_the_spanish_edition_says_early_that_python_writes_a_decimal_point():
    early = [ROOT / "notebooks" / "es" / f"{name}.ipynb" for name in CURSO[:3]]
    text = "\n".join(cell.source for path in early for cell in _read(path).cells if cell.cell_type == "markdown")
    assert "el separador decimal es el punto" in text and "0.25" in text


@pytest.mark.parametrize("path", SPANISH, ids=_ids(SPANISH))
def test_spanish_prose_never_groups_thousands_with_a_comma(path):
    for index, cell in enumerate(_read(path).cells):
        if cell.cell_type == "markdown":
            found = re.findall(r"\b\d{1,3}(?:,\d{3})+\b", _prose(cell.source))
            assert not found, f"cell {index}: {found}: write 1287 or 1 287 (a comma is a decimal separator in Spanish)"
            assert not re.search(r"\bbillion", cell.source), f"cell {index}: 'billion' is 'mil millones'"
