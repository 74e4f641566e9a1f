"""Settings: where the electricity comes from and how the power model is tuned.

``gl.configure(country="COL", watts_per_core=None, pue=1.0, meter="auto")`` replaces the
current settings; anything not passed keeps its value. Each setting also reads an
environment variable, so a classroom can set them once for every learner:

============================  ===========================  ==============================
setting                       environment variable         default
============================  ===========================  ==============================
country (ISO code or name)    ``GREENLAB_COUNTRY``         None: the edition's grid (English:
                                                           the world average; Spanish: COL)
watts_per_core                ``GREENLAB_WATTS_PER_CORE``  None: from the CPU's TDP
pue (power usage eff.)        ``GREENLAB_PUE``             1.0: the machine alone
meter                         ``GREENLAB_METER``           "auto": RAPL if readable
size (kernel problem size)    ``GREENLAB_SIZE``            "workshop"
lang (what greenlab prints)   ``GREENLAB_LANG``            "en" ("es": Spanish)
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

from greenlab.i18n import _

SIZES = ("quick", "workshop", "full")
METERS = ("auto", "rapl", "estimate")
LANGUAGES = ("en", "es")
# The grid each edition uses when no country is set: one setting, one place. The English edition
# keeps the world average; the Spanish one is taught in Colombia, so it uses Colombia's grid.
DEFAULT_COUNTRY = {"en": None, "es": "COL"}


@dataclass(frozen=True)
class Settings:
    """The current configuration (read it with ``gl.settings()``)."""

    country: str | None = None
    watts_per_core: float | None = None
    pue: float = 1.0
    meter: str = "auto"
    size: str = "workshop"
    lang: str = "en"

    @property
    def grid_country(self) -> str | None:
        """The country whose grid CO2 figures use: the ``country`` setting, else the edition's default."""
        return self.country if self.country is not None else DEFAULT_COUNTRY[self.lang]


ENVIRONMENT = {
    "country": "GREENLAB_COUNTRY",
    "watts_per_core": "GREENLAB_WATTS_PER_CORE",
    "pue": "GREENLAB_PUE",
    "meter": "GREENLAB_METER",
    "size": "GREENLAB_SIZE",
    "lang": "GREENLAB_LANG",
}


def _number(name: str, value: object) -> float:
    if isinstance(value, bool):
        raise ValueError(_("{name} must be a number; got {value}", name=name, value=repr(value)))
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        text = str(value).strip()
        hint = _(" (use a decimal point: {point}, not {comma})", point=text.replace(",", "."), comma=text) if "," in text else ""
        raise ValueError(_("{name} must be a number{hint}; got {value}", name=name, hint=hint, value=repr(value))) from None


def _check(name: str, value: object) -> object:
    """One setting, validated and normalized; the error names the setting and the rule."""
    if name == "country":
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise ValueError(_("country must be an ISO code such as 'COL' or a name such as 'Colombia', or None for "
                               "the edition's grid; got {value}", value=repr(value)))
        from greenlab import grids  # validates and suggests close matches

        return grids.normalize_country(value)
    if name == "watts_per_core":
        if value is None:
            return None
        w = _number("watts_per_core", value)
        if not 0 < w <= 1000:
            raise ValueError(_("watts_per_core must be between 0 and 1000 W (a laptop core draws about 5-15 W); got {value}",
                               value=format(w, "g")))
        return w
    if name == "pue":
        pue = _number("pue", value)
        if not 1.0 <= pue <= 5.0:
            raise ValueError(_("pue must be between 1.0 (the machine alone) and 5.0; typical data centres are 1.1-1.6; "
                               "got {value}", value=format(pue, "g")))
        return pue
    choices = {"meter": METERS, "size": SIZES, "lang": LANGUAGES}[name]
    text = value.strip().lower() if isinstance(value, str) else value
    if text not in choices:
        raise ValueError(_("{name} must be one of {choices}; got {value}", name=name, choices=", ".join(choices),
                           value=repr(value)))
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
            problems[name] = _("{variable}={raw} is not valid: {error}. Fix or unset {variable}, or set it for this "
                               "session with gl.configure({name}=...)", variable=variable, raw=repr(raw), error=error,
                               name=name)
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
        _speak(_current)
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
    lang: str | type[...] = ...,
) -> Settings:
    """Change settings; returns the new ``Settings``.

    ``country=None`` means the edition's grid: the world average, or Colombia's with ``lang="es"``;
    ``country="WORLD"`` is the world average in either.

    A setting given here replaces its environment variable, a wrong one included.
    """
    global _current
    changes = {
        k: v
        for k, v in dict(country=country, watts_per_core=watts_per_core, pue=pue, meter=meter, size=size, lang=lang).items()
        if v is not ...
    }
    current = settings(lenient=True)
    checked = {name: _check(name, value) for name, value in changes.items()}  # all or nothing
    _current = dataclasses.replace(current, **checked)
    _speak(_current)
    for name in changes:
        _problems.pop(name, None)
    return _current


def _speak(current: Settings) -> None:
    """Tell greenlab.i18n the language, so every message below follows it without reading settings."""
    from greenlab import i18n

    i18n.set_language(current.lang)


def reset() -> Settings:
    """Forget ``configure`` calls and read the environment again (used by tests)."""
    global _current, _problems
    _current, _problems = None, {}
    return settings()
