"""Resolve once, pass down: what a public entry point settles before any work starts.

A public entry point (``measure``, ``compare``, ``track``, ``gl.carbon``'s functions, a
kernel's size, the report, ``doctor``, the checker, the magics) turns its arguments and the
current settings into one frozen ``Context`` and hands it down; nothing below reads the
settings again, so one call cannot mix two PUEs, two grids or two meters::

    with measuring(meter="estimate", country="COL") as ctx:    # opens the meter ...
        ctx.meter.read(); ctx.grid.intensity_g_per_kwh; ctx.pue
    # ... and closes it here, if it opened it

What a ``Context`` holds:

- ``settings``: the ``Settings`` in force when it was made (``gl.configure`` over the
  environment variables);
- ``meter``: the energy meter, opened from the ``meter`` argument or, when that is None, the
  ``meter`` setting. A meter *object* passed in is used as it is and left open for its owner;
  a meter opened here is closed when the ``with`` block ends, whatever happens in it;
- ``grid``: the ``greenlab.grids.Grid`` whose intensity turns energy into CO2: the ``country``
  argument, else the ``country`` setting, else the world average;
- ``pue``: from the settings; ``measure`` multiplies every joule by it.

This module and ``greenlab.config`` are the only ones that read the settings (a test checks).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from greenlab import grids
from greenlab.config import SIZES, Settings, settings as current_settings
from greenlab.i18n import _

if TYPE_CHECKING:
    from greenlab.meters import Meter


@dataclass(frozen=True)
class Context:
    """Settings, the open meter and the grid, resolved once for one public call."""

    settings: Settings
    meter: Meter
    grid: grids.Grid

    @property
    def pue(self) -> float:
        return self.settings.pue


def resolve_settings(settings: Settings | None = None, *, lenient: bool = False) -> Settings:
    """``settings`` if given, else the current ones (``gl.configure`` over the environment).

    A wrong environment variable raises ``ValueError`` naming it; ``lenient=True`` (the doctor,
    which reports it) takes the default in its place.
    """
    return current_settings(lenient=lenient) if settings is None else settings


def resolve_grid(country: str | None = None, settings: Settings | None = None) -> grids.Grid:
    """The grid for ``country``; None means the ``country`` setting, and if unset the edition's
    grid (``Settings.grid_country``: the world average in English, Colombia's in Spanish)."""
    if country is None:
        country = resolve_settings(settings).grid_country
    return grids.grid(country)


def resolve_size(size: str | None = None, settings: Settings | None = None) -> str:
    """A problem size name; None means the ``size`` setting (``GREENLAB_SIZE``, else "workshop")."""
    if size is None:
        return resolve_settings(settings).size
    if isinstance(size, str) and size.strip().lower() in SIZES:
        return size.strip().lower()
    raise ValueError(_("size must be one of {choices}, or None for GREENLAB_SIZE; got {value}", choices=", ".join(SIZES),
                       value=repr(size)))


@contextmanager
def measuring(*, meter: Any = None, country: str | None = None, settings: Settings | None = None) -> Iterator[Context]:
    """A ``Context`` for one public call; closes the meter afterwards if it opened it.

    ``meter``: "auto", "rapl", "estimate", a meter object (used as it is, left open), or None
    for the ``meter`` setting. ``country``: an ISO code or name, or None for the setting.
    ``settings``: the settings to use instead of the current ones (tests, the CLI).
    The grid is resolved before the meter is opened, so an unknown country opens nothing.
    """
    from greenlab import meters  # loaded with the first measurement, not with greenlab

    chosen = resolve_settings(settings)
    grid = resolve_grid(country, chosen)
    owned = meter is None or isinstance(meter, str)
    opened = meters.open(chosen.meter if meter is None else meter, watts_per_core=chosen.watts_per_core)
    try:
        yield Context(settings=chosen, meter=opened, grid=grid)
    finally:
        if owned:
            opened.close()
