"""Where the website keeps executed notebooks, and how nbval's run fills it: one execution per notebook.

MyST-NB executes each notebook page and keeps the result in a jupyter-cache folder (``cache_path``),
keyed by the notebook's code cells. ``make test`` runs every notebook under nbval first; with
``GREENLAB_SITE_CACHE=1`` the repository's conftest.py hands each notebook that nbval ran cleanly
from start to end to ``store``, so the website built right after shows those outputs (computed on
this machine, at this size, a minute earlier) instead of running the whole course a second time.
A notebook nbval did not run whole (a failure, a skipped cell, a changed notebook) is simply not in
the cache, and MyST-NB executes it as usual.
"""
from __future__ import annotations

import fcntl
import hashlib
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# tqdm's progress bars are widgets; the website loads no widget JavaScript (site/conf.py), so a
# stored notebook leaves them out, as the site's own execution does (TQDM_DISABLE there).
WIDGET = "application/vnd.jupyter.widget-view+json"


def code_version(root: Path = ROOT) -> str:
    """A hash of greenlab's code: the cache keys only on a notebook's own cells, so outputs
    cached before a kernel changed would otherwise be shown as if the new code printed them."""
    digest = hashlib.sha256()
    for path in sorted((root / "greenlab").rglob("*")):
        if path.suffix in (".py", ".pyx", ".csv", ".mo") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def cache_path(size: str, root: Path = ROOT) -> Path:
    """The cache folder for one problem size and version of greenlab (a quick build never shows as workshop)."""
    return root / "_build" / ".jupyter_cache" / f"{size}-{code_version(root)}"


@contextmanager
def _locked(folder: Path):
    """One writer at a time: nbval may run notebooks in several processes (pytest-xdist)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def prepared(folder: Path) -> Path:
    """``folder`` with its cache database created, once, whoever asks first: the two editions build
    at the same time (``make site``), and jupyter-cache creates its folder and tables unguarded."""
    from jupyter_cache import get_cache

    with _locked(folder):
        get_cache(str(folder)).db  # noqa: B018 (creating the database is the point)
    return folder


def store(notebook: Path, nb, outputs: dict[int, list], seconds: float, folder: Path) -> None:
    """Cache ``nb`` (as read from ``notebook``) with the outputs each code cell gave, by cell number.

    Every code cell must have its outputs: a notebook run in part is not a notebook's outputs.
    """
    import copy

    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    if sorted(outputs) != list(range(len(cells))):
        raise ValueError(f"{notebook}: outputs for cells {sorted(outputs)}, but it has {len(cells)} code cells")
    executed = copy.deepcopy(nb)
    code = [cell for cell in executed.cells if cell.cell_type == "code"]
    for number, cell in enumerate(code):
        cell.execution_count = number + 1
        cell.outputs = [nbformat.from_dict(dict(out)) for out in outputs[number]
                        if WIDGET not in out.get("data", {})]
    with _locked(folder):
        cache = get_cache(str(folder))
        cache.cache_notebook_bundle(CacheBundleIn(executed, str(notebook), data={"execution_seconds": seconds}),
                                    check_validity=False, overwrite=True)


class NotebookRun:
    """What nbval produced for one notebook so far: outputs by cell number, and whether all went well."""

    def __init__(self, path: Path, nb):
        self.path, self.nb = path, nb
        self.outputs: dict[int, list] = {}
        self.failed = False
        self.stored = False
        self.started = time.perf_counter()

    @property
    def complete(self) -> bool:
        return len(self.outputs) == sum(cell.cell_type == "code" for cell in self.nb.cells)
