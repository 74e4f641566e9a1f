"""Energy meters: what reads the joules around a call, and which one is used here.

``open(meter)`` returns a ``Meter`` (see ``base.py`` for the protocol):

=============  ===========  ==========================================================
``meter``      kind         what it does
=============  ===========  ==========================================================
``"auto"``     either       RAPL when its counters can be read, else the estimate, whose
                            ``reason`` says why RAPL was not used
``"rapl"``     measured     the CPU's RAPL counters via Linux powercap; an error saying
                            why and how to fix it when they cannot be read
``"estimate"`` estimated    CPU time x watts per core + memory term (Green Algorithms)
a ``Meter``    its own      returned as it is (``FakeMeter`` in tests, your own meter)
=============  ===========  ==========================================================

The ``meter`` *setting* (``gl.configure(meter=...)``, ``GREENLAB_METER``) is resolved by
``greenlab.context.measuring``, which public entry points use; this package never reads it.

``GREENLAB_POWERCAP_ROOT`` points RAPL at another powercap tree (a directory laid out like
``/sys/class/powercap``), for example a copy made to try the meter on a machine without
RAPL; ``open(..., powercap_root=...)`` does the same for one call and wins over the variable.

``auto`` never hides a choice: the returned meter's ``kind`` ("measured" or "estimated")
is printed beside every figure, and its ``reason`` is what ``gl.doctor()`` shows.
Importing this package is light: the RAPL and estimate modules use the standard library
only; psutil is imported lazily off Linux; codecarbon is never imported (its CPU table is
read as a plain CSV file).
"""
from __future__ import annotations

import os
from pathlib import Path

from greenlab.meters import hardware
from greenlab.meters.base import ESTIMATED, MEASURED, FakeMeter, Meter
from greenlab.i18n import _
from greenlab.meters.estimate import EstimateMeter
from greenlab.meters.rapl import RaplMeter, RaplUnavailable

__all__ = [
    "CHOICES",
    "ESTIMATED",
    "EstimateMeter",
    "FakeMeter",
    "MEASURED",
    "Meter",
    "POWERCAP_ROOT_ENV",
    "RaplMeter",
    "RaplUnavailable",
    "hardware",
    "open",
]

CHOICES = ("auto", "rapl", "estimate")
POWERCAP_ROOT_ENV = "GREENLAB_POWERCAP_ROOT"


def _powercap_root(powercap_root: Path | str | None) -> Path | None:
    if powercap_root is not None:
        return Path(powercap_root)
    from_env = os.environ.get(POWERCAP_ROOT_ENV, "").strip()
    return Path(from_env) if from_env else None


def open(meter: str | Meter = "auto", *, watts_per_core: float | None = None,
         powercap_root: Path | str | None = None) -> Meter:
    """The meter for ``meter`` ("auto", "rapl", "estimate", or a Meter, returned as it is).

    ``watts_per_core`` is the configured power of one busy core for the estimate (None: from
    the CPU's TDP, else a stated default; see ``hardware.watts_per_core``). Nothing here reads
    greenlab's settings: ``greenlab.context.measuring`` passes them. A meter made here holds
    open files: close it (``measuring`` does).
    """
    if not isinstance(meter, str):
        if isinstance(meter, Meter):
            return meter
        raise TypeError(_("meter must be one of {choices} or a Meter object (with name, kind, reason, resolution_j, "
                          "read, energy_j, describe, close); got {value}", choices=", ".join(map(repr, CHOICES)),
                          value=repr(meter)))
    choice = meter.strip().lower()
    if choice not in CHOICES:
        raise ValueError(_("meter must be one of {choices} or a Meter object; got {value}",
                           choices=", ".join(map(repr, CHOICES)), value=repr(meter)))
    root = _powercap_root(powercap_root)

    def estimate(reason: str) -> EstimateMeter:
        watts, source = hardware.watts_per_core(watts_per_core)
        return EstimateMeter(watts_per_core=watts, watts_per_core_source=source, reason=reason)

    if choice == "estimate":
        return estimate(_("energy is estimated from CPU time and memory because meter='estimate' was chosen"))
    try:
        return RaplMeter(root)
    except RaplUnavailable as e:
        if choice == "rapl":
            # still a RaplUnavailable (a RuntimeError), with the same .reason, for callers that catch it
            error = RaplUnavailable(_("meter='rapl' was asked for, but {reason}. Use meter='auto' or "
                                      "meter='estimate' to fall back to the power-model estimate.", reason=e.reason))
            error.reason = e.reason
            raise error from e
        return estimate(_("energy is estimated because RAPL cannot be used: {reason}", reason=e.reason))
