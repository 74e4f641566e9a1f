"""Which notebook cells ran, and which failed: so a check never grades a stale definition.

A learner fixes ``count_inside``, runs the cell, gets a ``SyntaxError`` (or a ``%%cython``
compile error, or a ``NameError``), and runs the check anyway. Python still holds the *old*
``count_inside``: the starter, or an earlier attempt. Grading it would say "the starter still
raises" or judge code the learner no longer sees. So, in IPython, greenlab listens to every
cell (``pre_run_cell`` and ``post_run_cell`` events) and remembers the last cells' source and
whether they ran; ``failed_definition(names)`` finds the latest cell that defines or assigns
one of ``names`` and says if it failed, with its error.

Outside IPython (a script, the tests) nothing is recorded and nothing is found. Watching is
switched on by ``import greenlab`` in a notebook, and again by ``gl.check``; it is registered
once per shell, whatever is re-run.
"""
from __future__ import annotations

import ast
import re
import sys
from collections import deque
from dataclasses import dataclass
from typing import Any

KEEP = 200  # cells remembered
_MARK = "_greenlab_cells_watched"


@dataclass(frozen=True)
class Cell:
    source: str
    succeeded: bool
    error: str  # "SyntaxError: invalid syntax", "" when it ran


_cells: deque[Cell] = deque(maxlen=KEEP)
_current: dict[str, str] = {"source": ""}


def _on_pre_run(info: Any) -> None:
    _current["source"] = getattr(info, "raw_cell", "") or ""


def _on_post_run(result: Any) -> None:
    error = getattr(result, "error_before_exec", None) or getattr(result, "error_in_exec", None)
    source = getattr(getattr(result, "info", None), "raw_cell", None) or _current["source"]
    text = f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''}" if error else ""
    _cells.append(Cell(source, error is None, text.rstrip(": ")))


def watch() -> bool:
    """Start listening to cells in the running IPython shell, once; False outside IPython."""
    ipython_module = sys.modules.get("IPython")
    if ipython_module is None:
        return False
    shell = ipython_module.get_ipython()
    if shell is None or not hasattr(shell, "events"):
        return False
    if not getattr(shell, _MARK, False):
        shell.events.register("pre_run_cell", _on_pre_run)
        shell.events.register("post_run_cell", _on_post_run)
        setattr(shell, _MARK, True)
    return True


def current_source() -> str:
    """The source of the cell running now ("" outside IPython)."""
    return _current["source"]


def _defines(source: str, name: str) -> bool:
    """Does the cell define or assign ``name``? (Python, or a %%cython cell's def/cpdef.)"""
    pattern = rf"^\s*(?:async\s+)?(?:c?p?def|def)\s+(?:[\w\[\], ]+\s+)?{re.escape(name)}\s*\("
    if re.search(pattern, source, re.MULTILINE):
        return True
    if re.search(rf"^\s*{re.escape(name)}\s*(?::[^=]*)?=(?!=)", source, re.MULTILINE):
        return True
    return False


def failed_definition(names: list[str]) -> Cell | None:
    """The latest earlier cell defining one of ``names``, if it failed; None if it ran (or none is known)."""
    for cell in reversed(_cells):
        if any(_defines(cell.source, name) for name in names if name):
            return None if cell.succeeded else cell
    return None


def argument_names(source: str, function: str = "check") -> list[str]:
    """The names passed as the second argument of ``gl.check(...)`` in ``source``: what it grades."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == function:
            if len(node.args) >= 2 and isinstance(node.args[1], ast.Name):
                names.append(node.args[1].id)
    return names
