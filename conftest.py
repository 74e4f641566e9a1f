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
