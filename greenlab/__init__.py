"""greenlab: measure the time, energy and CO2 of Python code, honestly.

The public API that notebooks, exercises and tests use::

    import greenlab as gl
    m = gl.measure(func, *args, repeat=5, min_time=0.2, meter="auto", **kwargs)  # -> gl.Measurement
    c = gl.compare({"python": f, "numpy": g}, *args, baseline="python")        # -> gl.Comparison
    c.table(); c.plot(); display(c)
    with gl.track() as t: ...          # long regions, through codecarbon (offline, quiet)
    gl.configure(country="COL", watts_per_core=None, pue=1.0)
    gl.doctor()                        # what is measured here, what is estimated, and why
    gl.carbon.intensity("COL"); gl.carbon.equivalents(grams)
    gl.published.ratios("Python", reference="C")   # Pereira et al.'s RAPL data: energy vs time
    k = gl.kernels.get("julia"); k.compare("quick")
    gl.check("plate-diffusion", my_function)   # exercise feedback
    gl.try_it(my_function, small_input)     # run it once, say what happened, never raise
    gl.expect(c.speedup("numba") >= 5, "Numba at least 5x faster")   # explained, not a traceback

Energy is *measured* where RAPL counters can be read and *estimated* from a power model
elsewhere; every result says which.

The package, by layer (data flows down the line meter -> measure -> compare -> render):

- entry points: ``measure``, ``compare``, ``track``, ``carbon``, ``doctor``, ``checker``,
  ``report/``, ``magics``, ``cli``; each resolves settings, meter and grid once
  (``context``) and passes them down;
- the line: ``meters/`` read joules, ``measure`` times and repeats (``Measurement``),
  ``compare`` puts variants side by side (``Comparison``), ``render/`` writes tables and plots;
- beside it: ``kernels/`` (the workloads), ``exercises/`` (catalogue, feedback, sandbox),
  ``grids`` (country data), ``machine`` (what a figure ran on), ``agreement`` (the result gate),
  ``units`` (conversion constants), ``codecarbon_adapter`` (what only codecarbon's privates tell);
- ``config`` holds the settings; only ``context`` reads them. ``import greenlab`` stays light: numba, pandas,
matplotlib, IPython and codecarbon load only when a feature that needs them is used,
so submodules and functions here are resolved lazily on first access.
"""
from __future__ import annotations

import importlib
import os

# Numba's parallel functions on a fork-safe threading layer (workqueue, or TBB where installed):
# gl.check runs a learner's function in a forked worker, and a fork of a process whose GNU
# OpenMP threads have started is terminated by OpenMP. Numba reads this when it is imported,
# so it applies when greenlab is imported first, as every notebook does; a choice made
# before (NUMBA_THREADING_LAYER set) is kept.
os.environ.setdefault("NUMBA_THREADING_LAYER", "forksafe")

# Functions whose module has the same name (greenlab.measure.measure, ...) are imported
# eagerly: importing a submodule later rebinds the package attribute to the module unless
# the function was bound first. These modules are light: heavy imports happen inside.
from greenlab.compare import Comparison, ResultMismatch, compare
from greenlab.config import configure, settings
from greenlab.doctor import doctor
from greenlab.measure import Measurement, measure
from greenlab.track import track

__version__ = "0.1.0"

# Lazily resolved public names: name -> (module, attribute or None for the module itself).
_LAZY = {
    "check": ("greenlab.checker", "check"),
    "expect": ("greenlab.expectations", "expect"),
    "try_it": ("greenlab.checker", "try_it"),
    "carbon": ("greenlab.carbon", None),
    "kernels": ("greenlab.kernels", None),
    "meters": ("greenlab.meters", None),
    "published": ("greenlab.published", None),
}

__all__ = sorted(
    ["measure", "Measurement", "compare", "Comparison", "ResultMismatch", "configure", "settings", "doctor", "track"]
    + list(_LAZY)
) + ["__version__", "load_ipython_extension"]


def __getattr__(name: str):
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'greenlab' has no attribute {name!r}") from None
    module = importlib.import_module(module_name)
    value = module if attr is None else getattr(module, attr)
    globals()[name] = value  # cache: later lookups skip __getattr__
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


def _speak_the_configured_language() -> None:
    """Read the settings once at import (leniently), so GREENLAB_LANG applies to the first word printed."""
    from greenlab import config

    config.settings(lenient=True)


_speak_the_configured_language()


def _watch_cells() -> None:
    """In a notebook, start remembering which cells ran (gl.check never grades a stale definition)."""
    import sys

    if "IPython" in sys.modules:  # never imports IPython itself: outside a notebook this costs nothing
        from greenlab.exercises import cells

        cells.watch()


_watch_cells()


def load_ipython_extension(ipython) -> None:
    """``%load_ext greenlab``: registers ``%energy`` and ``%%energy``."""
    from greenlab.magics import register

    register(ipython)
