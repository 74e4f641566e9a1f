"""Repository-wide pytest hooks.

Notebooks must print no warnings: when nbval runs a notebook cell (``make test`` runs every
notebook folder), any output the cell wrote to stderr fails that cell, showing the text, so
a library warning that creeps into the course is caught by CI rather than by a learner.
"""
from __future__ import annotations

import pytest


def _stderr_text(item) -> str:
    outputs = getattr(item, "test_outputs", None) or []
    return "".join(
        out.get("text", "") for out in outputs if out.get("output_type") == "stream" and out.get("name") == "stderr"
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.when != "call" or not report.passed or type(item).__name__ != "NbCellItem":
        return
    text = _stderr_text(item)
    if text.strip():
        report.outcome = "failed"
        report.longrepr = (
            f"cell {getattr(item, 'cell_num', '?')} wrote to stderr (notebooks must print no warnings):\n{text[:2000]}"
        )


RUN_TWICE_ENV = "GREENLAB_RUN_TWICE"


def pytest_collection_modifyitems(session, config, items):
    """With GREENLAB_RUN_TWICE=1, nbval runs every notebook's cells twice in the same kernel.

    A learner re-runs sections and presses Run All twice; a notebook must survive it (no state
    that a second run trips over: files it expects not to exist, names deleted, a configure
    call that changes what the next run measures). The second run's cells are named
    "Cell N (run again)" and run right after the first run's, before the kernel stops.
    """
    import os

    if os.environ.get(RUN_TWICE_ENV, "").strip() in ("", "0"):
        return
    ordered, pending, current = [], [], None
    for item in items:
        parent = item.parent if type(item).__name__ == "IPyNbCell" else None
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
