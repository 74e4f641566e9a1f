"""The repository's conftest.py hooks, on small notebooks run by nbval in a pytest of their own:
a warning fails its cell, GREENLAB_RUN_TWICE runs the cells twice, and GREENLAB_SITE_CACHE keeps a
cleanly run notebook, outputs and all, where the website's build looks for it."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site" / "_ext"))
import executed  # noqa: E402


def _notebook(folder: Path, name: str, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# a page")] + [nbformat.v4.new_code_cell(s) for s in sources]
    path = folder / name
    nbformat.write(nb, path)
    return path


def _nbval(*paths: Path, rootdir: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "conftest", "-p", "no:cacheprovider", "--nbval-lax",
                           "--nbval-current-env", "-q", "--rootdir", str(rootdir or paths[0].parent), *map(str, paths)],
                          capture_output=True, text=True, env=environment, cwd=paths[0].parent, timeout=300)


@pytest.fixture
def size():
    """A problem size of this test's own, so its cache folder is its own, removed afterwards."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    yield name
    shutil.rmtree(executed.cache_path(name), ignore_errors=True)


def test_a_cell_that_writes_a_warning_fails_and_says_why(tmp_path):
    path = _notebook(tmp_path, "warns.ipynb", "import warnings\nwarnings.warn('careful')", "print('fine')")
    run = _nbval(path)
    assert run.returncode == 1, run.stdout
    assert "wrote to stderr (notebooks must print no warnings)" in run.stdout and "careful" in run.stdout
    assert "1 failed, 1 passed" in run.stdout


def test_run_twice_runs_every_cell_again_in_the_same_kernel(tmp_path):
    path = _notebook(tmp_path, "twice.ipynb", "n = globals().get('n', 0) + 1", "print(n)")
    run = _nbval(path, GREENLAB_RUN_TWICE="1")
    assert "4 passed" in run.stdout, run.stdout


def test_run_twice_can_name_the_notebooks_by_pattern(tmp_path):
    (tmp_path / "notebooks" / "es").mkdir(parents=True)
    english = _notebook(tmp_path / "notebooks", "course.ipynb", "n = globals().get('n', 0) + 1")
    spanish = _notebook(tmp_path / "notebooks" / "es", "curso.ipynb", "n = globals().get('n', 0) + 1")
    run = _nbval(english, spanish, rootdir=tmp_path, GREENLAB_RUN_TWICE="notebooks/*.ipynb")
    assert "3 passed" in run.stdout, run.stdout  # the English one twice, notebooks/es/ once
    run = _nbval(english, spanish, rootdir=tmp_path, GREENLAB_RUN_TWICE="nothing.ipynb es/*.ipynb")
    assert "3 passed" in run.stdout, run.stdout  # now the Spanish one twice


def test_a_notebook_run_cleanly_is_kept_for_the_site_with_its_outputs(tmp_path, size):
    path = _notebook(tmp_path, "clean.ipynb", "print('hello from nbval')", "6 * 7")
    broken = _notebook(tmp_path, "broken.ipynb", "print('half')", "1 / 0")
    run = _nbval(path, broken, GREENLAB_SITE_CACHE="1", GREENLAB_SIZE=size)
    assert "1 failed, 3 passed" in run.stdout, run.stdout

    from jupyter_cache import get_cache

    cache = get_cache(str(executed.cache_path(size)))
    _, merged = cache.merge_match_into_notebook(nbformat.read(path, as_version=4))
    code = [cell for cell in merged.cells if cell.cell_type == "code"]
    assert code[0].outputs[0]["text"] == "hello from nbval\n"
    assert code[1].outputs[0]["data"]["text/plain"] == "42"
    assert [cell.execution_count for cell in code] == [1, 2]
    with pytest.raises(KeyError):  # the failing notebook is left for the site to run itself
        cache.match_cache_notebook(nbformat.read(broken, as_version=4))


def test_without_the_setting_nothing_is_kept(tmp_path, size):
    path = _notebook(tmp_path, "plain.ipynb", "print('hi')")
    assert "1 passed" in _nbval(path, GREENLAB_SIZE=size).stdout
    assert not executed.cache_path(size).exists()


def test_a_notebook_run_in_part_is_refused():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1"), nbformat.v4.new_code_cell("2")])
    with pytest.raises(ValueError, match="outputs for cells \\[0\\], but it has 2 code cells"):
        executed.store(Path("x.ipynb"), nb, {0: []}, 0.0, Path("unused"))
