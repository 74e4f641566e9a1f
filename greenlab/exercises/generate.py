"""Generate ``exercises/`` from ``solutions/``: one source, so the two never drift apart.

A solutions notebook is the exercise notebook with its answers. Cells are copied as they are,
except:

- a cell tagged ``solution`` has each region between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION`` replaced by its starter: the region's lines that begin with
  ``### STARTER:`` (without that prefix), or else ``raise NotImplementedError("your code here")``
  at the region's indentation;
- a cell tagged ``solution-only`` (a worked explanation) is left out.

Usage: ``greenlab exercises`` rewrites exercises/ (and exercises/es/ from solutions/es/);
``greenlab exercises --check`` changes nothing and lists the notebooks that are out of date (CI
runs it through the tests).
"""
from __future__ import annotations

from pathlib import Path

BEGIN, END, STARTER = "### BEGIN SOLUTION", "### END SOLUTION", "### STARTER:"
SOLUTION_TAG, SOLUTION_ONLY_TAG = "solution", "solution-only"
DEFAULT_STARTER = 'raise NotImplementedError("your code here")'
# The starter each edition's exercises get (the same program: only the string differs).
STARTERS = {"": DEFAULT_STARTER, "es": 'raise NotImplementedError("tu código aquí")'}


class SolutionMarkupError(ValueError):
    """A solution cell's markers are missing or unbalanced."""


def strip_solution(source: str, *, where: str = "cell", starter: str = DEFAULT_STARTER) -> str:
    """The starter version of one solution cell's source."""
    lines = source.split("\n")
    out: list[str] = []
    region: list[str] | None = None
    indent = ""
    found = False
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped == BEGIN:
            if region is not None:
                raise SolutionMarkupError(f"{where}, line {number}: {BEGIN} inside another solution region")
            region, indent, found = [], line[: len(line) - len(line.lstrip())], True
        elif stripped == END:
            if region is None:
                raise SolutionMarkupError(f"{where}, line {number}: {END} without {BEGIN}")
            starters = [r for r in region if r.strip().startswith(STARTER)]
            if starters:
                out += [r.split(STARTER, 1)[0] + r.split(STARTER, 1)[1].lstrip() for r in starters]
            else:
                out.append(indent + starter)
            region = None
        elif region is not None:
            region.append(line)
        else:
            out.append(line)
    if region is not None:
        raise SolutionMarkupError(f"{where}: {BEGIN} without {END}")
    if not found:
        raise SolutionMarkupError(f"{where} is tagged '{SOLUTION_TAG}' but has no {BEGIN} ... {END} region")
    return "\n".join(out)


def exercise_from_solution(nb, *, starter: str = DEFAULT_STARTER):
    """A new notebook: the exercise version of solutions notebook ``nb``."""
    import copy

    result = copy.deepcopy(nb)
    cells = []
    for index, cell in enumerate(nb.cells):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if SOLUTION_ONLY_TAG in tags:
            continue
        cell = copy.deepcopy(cell)
        if SOLUTION_TAG in tags:
            cell.source = strip_solution(cell.source, where=f"cell {index}", starter=starter)
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs] if cell.source.lstrip().startswith("# NBVAL_CHECK_OUTPUT") else []
            if not cell.outputs:
                cell.execution_count = None
        cells.append(cell)
    result.cells = cells
    return result


def _render(nb) -> str:
    import nbformat

    return nbformat.writes(nb) + "\n"


def generate(root: str | Path = ".", *, check: bool = False) -> list[str]:
    """Write (or with ``check``, compare) exercises/ from solutions/, and exercises/es/ from
    solutions/es/ (the Spanish edition, whose starters say so in Spanish); returns the stale names."""
    root = Path(root)
    if not (root / "solutions").is_dir():
        raise FileNotFoundError(f"no solutions/ folder under {root.resolve()}: run this from the repository root or pass --root")
    stale: list[str] = []
    for edition, starter in STARTERS.items():
        solutions, exercises = root / "solutions" / edition, root / "exercises" / edition
        if solutions.is_dir():
            prefix = f"{edition}/" if edition else ""
            stale += [prefix + name for name in _generate_folder(solutions, exercises, starter, check)]
    return stale


def _generate_folder(solutions: Path, exercises: Path, starter: str, check: bool) -> list[str]:
    import nbformat

    stale: list[str] = []
    wanted = set()
    for source in sorted(solutions.glob("*.ipynb")):
        wanted.add(source.name)
        text = _render(exercise_from_solution(nbformat.read(source, as_version=4), starter=starter))
        target = exercises / source.name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            stale.append(source.name)
            if not check:
                exercises.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    for orphan in sorted(exercises.glob("*.ipynb")) if exercises.is_dir() else []:
        if orphan.name not in wanted:
            stale.append(f"{orphan.name} (no solution)")
    return stale
