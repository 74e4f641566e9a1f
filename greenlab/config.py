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


ENVIRONMENT = {
    "country": "GREENLAB_COUNTRY",
    "watts_per_core": "GREENLAB_WATTS_PER_CORE",
    "pue": "GREENLAB_PUE",
    "meter": "GREENLAB_METER",
    "size": "GREENLAB_SIZE",
}


def _number(name: str, value: object) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number; got {value!r}")
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        text = str(value).strip()
        hint = f" (use a decimal point: {text.replace(',', '.')}, not {text})" if "," in text else ""
        raise ValueError(f"{name} must be a number{hint}; got {value!r}") from None


def _check(name: str, value: object) -> object:
    """One setting, validated and normalized; the error names the setting and the rule."""
    if name == "country":
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"country must be a 3-letter ISO code such as 'COL', or None for the world average; "
                             f"got {value!r}")
        from greenlab import grids  # validates and suggests close matches

        return grids.normalize_country(value)
    if name == "watts_per_core":
        if value is None:
            return None
        w = _number("watts_per_core", value)
        if not 0 < w <= 1000:
            raise ValueError(f"watts_per_core must be between 0 and 1000 W (a laptop core draws about 5-15 W); got {w:g}")
        return w
    if name == "pue":
        pue = _number("pue", value)
        if not 1.0 <= pue <= 5.0:
            raise ValueError(f"pue must be between 1.0 (the machine alone) and 5.0; typical data centres are "
                             f"1.1-1.6; got {pue:g}")
        return pue
    choices = METERS if name == "meter" else SIZES
    text = value.strip().lower() if isinstance(value, str) else value
    if text not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}; got {value!r}")
    return text


def _from_environment() -> tuple[Settings, dict[str, str]]:
    """The settings the environment variables give, and a message for each one that is wrong.

    A wrong variable does not stop the others: its setting keeps the default, and its message
    (naming the variable, the rule and the fix) is raised by ``settings()`` until the variable is
    fixed or the setting is given by ``configure``, so a learner is never locked out.
    """
    values: dict[str, object] = {}
    problems: dict[str, str] = {}
    for name, variable in ENVIRONMENT.items():
        raw = os.environ.get(variable, "").strip()
        if not raw:
            continue
        try:
            values[name] = _check(name, raw)
        except ValueError as error:
            problems[name] = (f"{variable}={raw!r} is not valid: {error}. Fix or unset {variable}, or set it for "
                              f"this session with gl.configure({name}=...)")
    return Settings(**values), problems


_current: Settings | None = None
_problems: dict[str, str] = {}


def settings(*, lenient: bool = False) -> Settings:
    """The settings in force: the last ``configure`` call over the environment variables.

    A wrong environment variable raises ``ValueError`` naming it (``lenient=True``: the default
    stands in for it, for ``gl.doctor()``, which reports it as a fix; see ``problems()``).
    """
    global _current, _problems
    if _current is None:
        _current, _problems = _from_environment()
    if _problems and not lenient:
        raise ValueError("; ".join(_problems.values()))
    return _current


def problems() -> list[str]:
    """What is wrong with the environment variables now (empty when nothing is)."""
    settings(lenient=True)
    return list(_problems.values())


def configure(
    *,
    country: str | None | type[...] = ...,
    watts_per_core: float | None | type[...] = ...,
    pue: float | type[...] = ...,
    meter: str | type[...] = ...,
    size: str | type[...] = ...,
) -> Settings:
    """Change settings; returns the new ``Settings``. ``country=None`` means the world average.

    A setting given here replaces its environment variable, a wrong one included.
    """
    global _current
    changes = {
        k: v
        for k, v in dict(country=country, watts_per_core=watts_per_core, pue=pue, meter=meter, size=size).items()
        if v is not ...
    }
    current = settings(lenient=True)
    checked = {name: _check(name, value) for name, value in changes.items()}  # all or nothing
    _current = dataclasses.replace(current, **checked)
    for name in changes:
        _problems.pop(name, None)
    return _current


def reset() -> Settings:
    """Forget ``configure`` calls and read the environment again (used by tests)."""
    global _current, _problems
    _current, _problems = None, {}
    return settings()
