"""Readable figures with SI prefixes: ``format_time(0.00123) == "1.23 ms"``.

One place decides how every renderer writes a number, so a table, a magic's line and a
report all read alike. Three significant figures: more would suggest a precision that
repeated runs on a shared machine do not have.
"""
from __future__ import annotations

import math

from greenlab.i18n import _, group

_PREFIXES = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1.0, ""), (1e-3, "m"), (1e-6, "µ"), (1e-9, "n"), (1e-12, "p")]


def si(value: float | None, unit: str, *, digits: int = 3) -> str:
    """``si(0.0042, "J") == "4.2 mJ"``; ``None`` and NaN give "n/a"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _("n/a")
    if math.isinf(value):
        return f"{'-' if value < 0 else ''}inf {unit}"
    if value == 0:
        return f"0 {unit}"
    magnitude = abs(value)
    for factor, prefix in _PREFIXES:
        if magnitude >= factor * 0.9995:
            return f"{value / factor:.{digits}g} {prefix}{unit}"
    factor, prefix = _PREFIXES[-1]
    return f"{value / factor:.{digits}g} {prefix}{unit}"


def format_time(time_s: float | None) -> str:
    """Seconds with a prefix below one second and minutes/hours above a minute."""
    if time_s is not None and time_s >= 60:
        minutes, seconds = divmod(time_s, 60)
        if minutes >= 60:
            hours, minutes = divmod(minutes, 60)
            return f"{int(hours)} h {int(minutes)} min"
        return f"{int(minutes)} min {seconds:.0f} s"
    return si(time_s, "s")


def format_energy(energy_j: float | None) -> str:
    return si(energy_j, "J")


def format_co2(co2_g: float | None) -> str:
    """Grams of CO2-equivalent: "12.3 mg CO2e", "4.56 kg CO2e" (kg, not kilograms of grams)."""
    return si(co2_g, "g") + " CO2e" if co2_g is not None else _("n/a")


def format_power(power_w: float | None) -> str:
    return si(power_w, "W")


def format_ratio(ratio: float | None) -> str:
    """A speedup or energy ratio: "12.3x"; below 1 it is a slowdown and reads "0.5x"."""
    if ratio is None or (isinstance(ratio, float) and (math.isnan(ratio))):
        return _("n/a")
    if math.isinf(ratio):
        return "inf"
    return f"{ratio:.3g}x"


def format_percent(fraction: float | None) -> str:
    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return _("n/a")
    return f"{fraction * 100:.1f}%"


def format_count(value: float) -> str:
    """Readable counts: "1,234,567", "12.3", "0.0123" (three significant figures below 1000)."""
    if value == 0:
        return "0"
    if abs(value) >= 1000:
        return group(value)
    return f"{value:.3g}"


def energy_caption(kind: str, meter: str = "") -> str:
    """How an energy figure was obtained, for a plot's axis or caption.

    "measured (RAPL counters)"; for greenlab's estimate "estimated = CPU time x W per core",
    because on such a machine an energy ratio *is* a time ratio, and a plot must not suggest
    more; other estimates say whose model ("estimated (codecarbon's model)").
    """
    if kind == "measured":
        return _("measured (RAPL counters)") if meter in ("rapl", "") else _("measured ({meter})", meter=meter)
    if kind == "estimated":
        if meter == "estimate":
            return _("estimated = CPU time x W per core")
        return _("estimated ({meter}'s model)", meter=meter) if meter else _("estimated")
    return _(kind)
