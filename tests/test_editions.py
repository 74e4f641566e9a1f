"""The Spanish edition is a twin of the English one (tools/editions.py): same cells, same code."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("greenlab_editions", ROOT / "tools" / "editions.py")
editions = importlib.util.module_from_spec(spec)
spec.loader.exec_module(editions)


def test_every_english_notebook_has_a_spanish_twin_with_the_same_program():
    found = editions.differences()
    assert found == [], "\n".join(found[:20])


@pytest.mark.parametrize("english, spanish, same", [
    ('print("time per call")', 'print("tiempo por llamada")', True),
    ('x = f"{t:.1f} s per call"  # time', 'x = f"{t:.1f} s por llamada"  # tiempo', True),
    ('gl.configure(lang="en")', 'gl.configure(lang="es")', True),
    ("%timeit sum(range(10))", "%timeit sum(range(10))  # rápido", True),
    ("%%cython\ncpdef long f(long n):  # typed\n    return n", "%%cython\ncpdef long f(long n):  # tipada\n    return n", True),
    ('print("a")', 'print("a", end="")', False),
    ("x = 1", "x = 2", False),
    ("%%cython\ncpdef long f(long n):\n    return n", "%%cython\ncpdef int f(long n):\n    return n", False),
    ('"""Docstring."""\ndef f():\n    return 1', '"""Cadena."""\ndef f():\n    return 1', True),
])
def test_code_is_compared_with_strings_and_comments_blanked(english, spanish, same):
    assert (editions.program(english) == editions.program(spanish)) is same


def _notebook(path: Path, cells) -> Path:
    nb = nbformat.v4.new_notebook(cells=cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def test_a_missing_cell_a_changed_line_or_a_missing_twin_is_found(tmp_path):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    _notebook(tmp_path / "notebooks" / "01-a.ipynb", [md("# 01 · A"), code('print("hi")')])
    _notebook(tmp_path / "notebooks" / "02-b.ipynb", [md("# 02 · B")])
    _notebook(tmp_path / "notebooks" / "es" / "01-a.ipynb", [md("# 01 · A (es)"), code('print("hola")')])
    assert editions.differences(tmp_path) == ["notebooks/02-b.ipynb has no Spanish twin in notebooks/es/ "
                                              "(one notebook named 02-...)"]
    _notebook(tmp_path / "notebooks" / "es" / "02-b.ipynb", [md("# 02 · B"), md("extra")])
    _notebook(tmp_path / "notebooks" / "es" / "01-a.ipynb", [md("# 01"), code('print("hola", 1)')])
    found = editions.differences(tmp_path)
    assert any("cell 1: the code differs" in f for f in found) and any("number or type" in f for f in found)
