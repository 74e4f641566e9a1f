"""Settings: where the electricity comes from and how the power model is tuned.

``gl.configure(country="COL", watts_per_core=None, pue=1.0, meter="auto")`` replaces the
current settings; anything not passed keeps its value. Each setting also reads an
environment variable, so a classroom can set them once for every learner:

============================  ===========================  ==============================
setting                       environment variable         default
============================  ===========================  ==============================
country (ISO 3166 alpha-3)    ``GREENLAB_COUNTRY``         None: the world average
watts_per_core                ``GREENLAB_WATTS_PER_CORE``  None: from the CPU's TDP
pue (power usage eff.)        ``GREENLAB_PUE``             1.0: the machine alone
meter                         ``GREENLAB_METER``           "auto": RAPL if readable
size (kernel problem size)    ``GREENLAB_SIZE``            "workshop"
============================  ===========================  ==============================

Calling ``configure`` again (for example when a notebook cell is re-run) simply sets the
values again: there is one current ``Settings`` value, replaced whole, never mutated.

Who reads the settings: only ``greenlab.context``, which the public entry points (``measure``,
``compare``, ``track``, ``gl.carbon``'s functions, a kernel's sizes, the report, ``doctor``,
the checker) call once per call, passing what it resolved down. Lower layers (meters, grids,
rendering, kernels' variants) take every value as an argument.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

SIZES = ("quick", "workshop", "full")
METERS = ("auto", "rapl", "estimate")


@dataclass(frozen=True)
class Settings:
    """The current configuration (read it with ``gl.settings()``)."""

    country: str | None = None
    watts_per_core: float | None = None
    pue: float = 1.0
    meter: str = "auto"
    size: str = "workshop"


def _validated(s: Settings) -> Settings:
    if s.country is not None:
        if not isinstance(s.country, str) or not s.country.strip():
            raise ValueError(
                f"country must be a 3-letter ISO code such as 'COL', or None for the world average; "
                f"got {s.country!r}"
            )
        from greenlab import grids  # validates and suggests close matches

        s = dataclasses.replace(s, country=grids.normalize_country(s.country))
    if s.watts_per_core is not None:
        w = float(s.watts_per_core)
        if not 0 < w <= 1000:
            raise ValueError(
                f"watts_per_core must be between 0 and 1000 W (a laptop core draws about 5-15 W); got {w}"
            )
        s = dataclasses.replace(s, watts_per_core=w)
    pue = float(s.pue)
    if not 1.0 <= pue <= 5.0:
        raise ValueError(
            f"pue must be between 1.0 (the machine alone) and 5.0; typical data centres are 1.1-1.6; got {pue}"
        )
    if s.meter not in METERS:
        raise ValueError(f"meter must be one of {', '.join(METERS)}; got {s.meter!r}")
    if s.size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}; got {s.size!r}")
    return dataclasses.replace(s, pue=pue)


def _from_environment() -> Settings:
    env = os.environ

    def number(name: str) -> float | None:
        raw = env.get(name, "").strip()
        if not raw:
            return None
        try:
            return float(raw)
        except ValueError:
            raise ValueError(f"{name} must be a number, got {raw!r}; unset it or fix it") from None

    pue = number("GREENLAB_PUE")
    return Settings(
        country=env.get("GREENLAB_COUNTRY", "").strip() or None,
        watts_per_core=number("GREENLAB_WATTS_PER_CORE"),
        pue=1.0 if pue is None else pue,
        meter=env.get("GREENLAB_METER", "").strip() or "auto",
        size=env.get("GREENLAB_SIZE", "").strip() or "workshop",
    )


_current: Settings | None = None


def settings() -> Settings:
    """The settings in force: the last ``configure`` call over the environment variables."""
    global _current
    if _current is None:
        _current = _validated(_from_environment())
    return _current


def configure(
    *,
    country: str | None | type[...] = ...,
    watts_per_core: float | None | type[...] = ...,
    pue: float | type[...] = ...,
    meter: str | type[...] = ...,
    size: str | type[...] = ...,
) -> Settings:
    """Change settings; returns the new ``Settings``. ``country=None`` means the world average."""
    global _current
    changes = {
        k: v
        for k, v in dict(country=country, watts_per_core=watts_per_core, pue=pue, meter=meter, size=size).items()
        if v is not ...
    }
    _current = _validated(dataclasses.replace(settings(), **changes))
    return _current


def reset() -> Settings:
    """Forget ``configure`` calls and read the environment again (used by tests)."""
    global _current
    _current = None
    return settings()
