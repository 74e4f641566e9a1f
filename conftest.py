"""Repository-wide pytest hooks for nbval's runs of the notebooks.

- Notebooks must print no warnings: when nbval runs a notebook cell (``make test`` runs every
  notebook folder), any output the cell wrote to stderr fails that cell, showing the text, so
  a library warning that creeps into the course is caught by CI rather than by a learner.
- ``GREENLAB_RUN_TWICE`` (``1``, or path patterns) runs notebooks' cells twice in one kernel.
- ``GREENLAB_SITE_CACHE=1`` keeps each notebook nbval ran cleanly, outputs and all, in the
  website's execution cache (site/_ext/executed.py), so ``make test`` runs the course once.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

NBVAL_CELL = "IPyNbCell"  # nbval's pytest item for one code cell
SITE_CACHE_ENV = "GREENLAB_SITE_CACHE"


def _stderr_text(item) -> str:
    outputs = getattr(item, "test_outputs", None) or []
    return "".join(
        out.get("text", "") for out in outputs if out.get("output_type") == "stream" and out.get("name") == "stderr"
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if type(item).__name__ != NBVAL_CELL:
        return
    if call.when == "call" and report.passed:
        text = _stderr_text(item)
        if text.strip():
            report.outcome = "failed"
            report.longrepr = (
                f"cell {getattr(item, 'cell_num', '?')} wrote to stderr (notebooks must print no warnings):\n{text[:2000]}"
            )
    if os.environ.get(SITE_CACHE_ENV, "").strip() not in ("", "0"):
        _keep_for_the_site(item, report)


def _keep_for_the_site(item, report) -> None:
    """Collect a notebook's outputs cell by cell; once every cell ran and passed, cache the notebook."""
    if item.name.endswith("(run again)"):
        return  # GREENLAB_RUN_TWICE: the first run's outputs are the notebook's
    executed = _site_module()
    notebook = item.parent
    run = getattr(notebook, "_greenlab_run", None)
    if run is None:
        run = notebook._greenlab_run = executed.NotebookRun(Path(str(notebook.fspath)), notebook.nb)
    if not report.passed or report.skipped:
        run.failed = True
    elif report.when == "call":
        run.outputs[item.cell_num] = list(item.test_outputs or [])
    if run.complete and not run.failed and not run.stored and report.when == "teardown":
        import time

        size = os.environ.get("GREENLAB_SIZE", "workshop")
        executed.store(run.path, run.nb, run.outputs, time.perf_counter() - run.started, executed.cache_path(size))
        run.stored = True


def _site_module():
    """site/_ext/executed.py, which knows where the website keeps executed notebooks."""
    folder = str(Path(__file__).resolve().parent / "site" / "_ext")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    import executed

    return executed


RUN_TWICE_ENV = "GREENLAB_RUN_TWICE"


def pytest_collection_modifyitems(session, config, items):
    """With GREENLAB_RUN_TWICE set, nbval runs notebooks' cells twice in the same kernel.

    A learner re-runs sections and presses Run All twice; a notebook must survive it (no state
    that a second run trips over: files it expects not to exist, names deleted, a configure
    call that changes what the next run measures). The second run's cells are named
    "Cell N (run again)" and run right after the first run's, before the kernel stops.

    ``GREENLAB_RUN_TWICE=1`` runs every notebook twice; otherwise the value is one or more
    patterns, separated by spaces, matched from the right against the notebook's path relative
    to the rootdir (``PurePosixPath.match``: ``notebooks/*.ipynb`` is the English course, not
    ``notebooks/es/``).
    """
    from pathlib import PurePosixPath

    setting = os.environ.get(RUN_TWICE_ENV, "").strip()
    if setting in ("", "0"):
        return
    patterns = None if setting == "1" else setting.split()

    def twice(notebook) -> bool:
        if patterns is None:
            return True
        path = PurePosixPath(Path(str(notebook.fspath)).resolve().relative_to(Path(str(config.rootpath)).resolve()).as_posix())
        return any(path.match(pattern) for pattern in patterns)

    ordered, pending, current = [], [], None
    for item in items:
        parent = item.parent if type(item).__name__ == NBVAL_CELL and twice(item.parent) else None
        if parent is not current:
            ordered += _again(pending)
            pending, current = [], parent
        ordered.append(item)
        if parent is not None:
            pending.append(item)
    ordered += _again(pending)
    items[:] = ordered


def _again(cells):
    return [type(cell).from_parent(cell.parent, name=f"{cell.name} (run again)", cell_num=cell.cell_num,
                                   cell=cell.cell, options=cell.options) for cell in cells]
