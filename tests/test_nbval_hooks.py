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
                           "--nbval-current-env", "-q", "-rA", "--rootdir", str(rootdir or paths[0].parent), *map(str, paths)],
                          capture_output=True, text=True, env=environment, cwd=rootdir or paths[0].parent, timeout=300)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One nbval run of small notebooks with the site cache and run-twice patterns on, as make test does:
    course/ holds notebooks that warn, run cleanly and fail; notebooks/ and notebooks/es/ a counter."""
    folder = tmp_path_factory.mktemp("repo")
    size = f"test-{uuid.uuid4().hex[:8]}"  # a problem size of its own: its cache folder is its own
    for sub in ("course", "notebooks/es"):
        (folder / sub).mkdir(parents=True)
    paths = {
        "warns": _notebook(folder / "course", "warns.ipynb", "import warnings\nwarnings.warn('careful')", "print('fine')"),
        "clean": _notebook(folder / "course", "clean.ipynb", "print('hello from nbval')", "6 * 7"),
        "broken": _notebook(folder / "course", "broken.ipynb", "print('half')", "1 / 0"),
        "english": _notebook(folder / "notebooks", "count.ipynb", "n = globals().get('n', 0) + 1", "print(n)"),
        "spanish": _notebook(folder / "notebooks" / "es", "contar.ipynb", "n = globals().get('n', 0) + 1", "print(n)"),
    }
    done = _nbval(*paths.values(), rootdir=folder, GREENLAB_SITE_CACHE="1", GREENLAB_SIZE=size,
                  GREENLAB_RUN_TWICE="notebooks/*.ipynb")
    from jupyter_cache import get_cache

    yield done, paths, get_cache(str(executed.cache_path(size)))
    shutil.rmtree(executed.cache_path(size), ignore_errors=True)


def _outcomes(stdout: str) -> dict[str, str]:
    """'course/warns.ipynb::Cell 0' -> 'FAILED', from pytest's -rA summary."""
    found = {}
    for line in stdout.splitlines():
        parts = line.split(" ", 1)
        if len(parts) == 2 and parts[0] in ("PASSED", "FAILED", "ERROR", "SKIPPED"):
            found[parts[1].split(" - ")[0]] = parts[0]
    return found


def test_a_cell_that_writes_a_warning_fails_and_says_why(run):
    done, _, _ = run
    outcomes = _outcomes(done.stdout)
    assert outcomes["course/warns.ipynb::Cell 0"] == "FAILED" and outcomes["course/warns.ipynb::Cell 1"] == "PASSED"
    assert "wrote to stderr (notebooks must print no warnings)" in done.stdout and "careful" in done.stdout


def test_run_twice_runs_the_notebooks_its_pattern_names_again_in_the_same_kernel(run):
    outcomes = _outcomes(run[0].stdout)
    assert outcomes["notebooks/count.ipynb::Cell 1 (run again)"] == "PASSED"
    assert not [name for name in outcomes if "(run again)" in name and not name.startswith("notebooks/count")]
    assert "notebooks/es/contar.ipynb::Cell 1" in outcomes  # "*" stops at "/": the Spanish one ran once


def test_a_notebook_run_cleanly_is_kept_for_the_site_with_its_outputs(run):
    _, paths, cache = run
    _, merged = cache.merge_match_into_notebook(nbformat.read(paths["clean"], as_version=4))
    code = [cell for cell in merged.cells if cell.cell_type == "code"]
    assert code[0].outputs[0]["text"] == "hello from nbval\n"
    assert code[1].outputs[0]["data"]["text/plain"] == "42"
    assert [cell.execution_count for cell in code] == [1, 2]
    # run twice: the first run's outputs are the notebook's
    _, counted = cache.merge_match_into_notebook(nbformat.read(paths["english"], as_version=4))
    assert counted.cells[-1].outputs[0]["text"] == "1\n"


def test_a_notebook_that_failed_or_warned_is_left_for_the_site_to_run(run):
    _, paths, cache = run
    for name in ("broken", "warns"):
        with pytest.raises(KeyError):
            cache.match_cache_notebook(nbformat.read(paths[name], as_version=4))


def test_without_the_setting_nothing_is_kept_and_1_runs_every_notebook_twice(tmp_path):
    size = f"test-{uuid.uuid4().hex[:8]}"
    path = _notebook(tmp_path, "plain.ipynb", "print('hi')")
    assert "2 passed" in _nbval(path, GREENLAB_SIZE=size, GREENLAB_RUN_TWICE="1").stdout
    assert not executed.cache_path(size).exists()


def test_a_notebook_run_in_part_is_refused():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1"), nbformat.v4.new_code_cell("2")])
    with pytest.raises(ValueError, match="outputs for cells \\[0\\], but it has 2 code cells"):
        executed.store(Path("x.ipynb"), nb, {0: []}, 0.0, Path("unused"))


def test_the_cache_is_prepared_once_when_both_editions_ask_at_once(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    folder = tmp_path / "cache"
    with ProcessPoolExecutor(4) as pool:
        assert list(pool.map(executed.prepared, [folder] * 8)) == [folder] * 8
    from jupyter_cache import get_cache

    assert get_cache(str(folder)).list_cache_records() == []
