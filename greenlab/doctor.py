"""``gl.doctor()`` / ``greenlab doctor``: what is measured here, what is estimated, and why.

Run it first on any new machine (notebook 00 does). Each check has a status:

- ``ok``    works as the course needs;
- ``note``  works, with a limit worth knowing (energy estimated rather than measured);
- ``fix``   something the course needs is missing, and the line says how to fix it.

The report is a frozen ``DoctorReport``: printing it gives text, a notebook shows a table,
``report.ok`` is False when any check needs a fix, and ``report.meter`` holds the meter's
constants and their sources (``describe()``), for a notebook to print.

The settings, the meter and the grid are resolved once (``greenlab.context.measuring``), as
``gl.measure`` resolves them: what the doctor reports is what a measurement would use.
"""
from __future__ import annotations

import importlib
import importlib.metadata
import platform
import shutil
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from greenlab.i18n import N_, _
from greenlab.render import palette
from greenlab.render.table import Column, Table

OK, NOTE, FIX = N_("ok"), N_("note"), N_("fix")  # statuses: shown translated
STATUS_COLORS = {OK: palette.BETTER, NOTE: palette.CAUTION, FIX: palette.PROBLEM}


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    detail: str


@dataclass(frozen=True)
class DoctorReport:
    checks: tuple[Check, ...]
    meter: Mapping[str, Any] = field(default_factory=dict)  # the meter's describe(): constants and sources

    def __post_init__(self) -> None:
        object.__setattr__(self, "meter", MappingProxyType(dict(self.meter)))

    @property
    def ok(self) -> bool:
        return all(c.status != FIX for c in self.checks)

    def __getitem__(self, name: str) -> Check:
        """The check called ``name``: its English name ("energy meter"), or its name in the language shown."""
        for check in self.checks:
            if name in (check.name, _(check.name)):
                return check
        raise KeyError(_("no check named {name}; checks: {names}", name=repr(name),
                         names=", ".join(c.name for c in self.checks)))

    def __str__(self) -> str:
        width = max(len(_(c.name)) for c in self.checks)
        status_width = 2 + max(len(_(status)) for status in (OK, NOTE, FIX))  # the same columns on every machine
        lines = [f"{'[' + _(c.status) + ']':<{status_width}} {_(c.name).ljust(width)}  {c.detail}" for c in self.checks]
        lines.append(_("all good: the course runs here") if self.ok
                     else _("some checks need a fix (see [{fix}] lines)", fix=_(FIX)))
        return "\n".join(lines)

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))

    def to_table(self) -> Table:
        return Table(
            columns=(Column("status", "", format=_, color=lambda status: STATUS_COLORS.get(status)),
                     Column("name", N_("check"), format=_), Column("detail", "")),
            rows=tuple({"status": c.status, "name": c.name, "detail": c.detail} for c in self.checks),
            css_class="greenlab-doctor",
            header=False,
        )

    def _repr_html_(self) -> str:
        return self.to_table().to_html()


def doctor() -> DoctorReport:
    """Check this machine for the course and explain how energy is obtained here."""
    from greenlab import config
    from greenlab.context import measuring, resolve_settings

    described: dict[str, Any] = {}
    settings_checks = [Check(N_("settings"), FIX, problem) for problem in config.problems()]
    try:
        with measuring(settings=resolve_settings(lenient=True)) as context:
            described = dict(context.meter.describe())
            measuring_checks = _measuring_checks(context, described)
    except Exception as error:  # noqa: BLE001 - the doctor reports, never raises
        measuring_checks = [Check(N_("energy meter"), FIX, f"{error}")]
    checks = [
        Check(N_("python"), OK if sys.version_info >= (3, 11) else FIX,
              _("Python {version} on {system} {machine}", version=platform.python_version(), system=platform.system(),
                machine=platform.machine())
              + ("" if sys.version_info >= (3, 11) else _("; the course needs Python 3.11 or newer"))),
        *settings_checks,
        *measuring_checks,
        _cpus_check(),
        _compiler_check(),
        _cython_check(),
        _numba_check(),
        *_package_checks(),
    ]
    return DoctorReport(tuple(checks), meter=described)


def _measuring_checks(context, described: dict) -> list[Check]:
    meter, grid = context.meter, context.grid
    where = grid.name if grid.code is not None else _("{name} (set gl.configure(country='COL') or GREENLAB_COUNTRY)",
                                                      name=grid.name)
    return [
        Check(N_("energy meter"), OK if meter.kind == "measured" else NOTE,
              _("{kind} ({meter} meter): {reason}", kind=_(meter.kind), meter=meter.name, reason=meter.reason)),
        Check(N_("meter model"), OK, _constants(described)),
        Check(N_("PUE"), OK, _("{pue} (energy figures are multiplied by it; 1.0 = the machine alone)",
                              pue=format(context.pue, "g"))),
        Check(N_("carbon intensity"), OK, _("{intensity} g CO2e/kWh for {where}, from codecarbon's offline data",
                                           intensity=format(grid.intensity_g_per_kwh, ".1f"), where=where)),
    ]


def _cpus_check() -> Check:
    try:
        from greenlab import machine

        m = machine.describe()
    except Exception as error:  # noqa: BLE001
        return Check(N_("CPUs"), NOTE, _("could not read the CPU quota: {error}", error=error))
    return Check(N_("CPUs"), OK, _("{cpus} CPU(s) available to this process (affinity and cgroup quota); model: {model}",
                                   cpus=format(m.usable_cpus, "g"), model=m.cpu))


_ALREADY_SHOWN = {"meter", "kind", "reason", "pue", "resolution_j"}


def _constants(details: dict) -> str:
    """The meter's constants, each with its source when the meter gives one (``x_source``)."""
    parts = []
    for key, value in details.items():
        if key in _ALREADY_SHOWN or key.endswith("_source") or isinstance(value, (dict, list, tuple)):
            continue
        source = details.get(f"{key}_source")
        parts.append(f"{key}: {value}" + (f" ({source})" if source and source != value else ""))
    return "; ".join(parts) or _("none")


def _compiler_check() -> Check:
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if compiler:
        return Check(N_("C compiler"), OK, _("{compiler} (needed for %%cython in notebook 07)", compiler=compiler))
    fixes = {"Windows": _("install Microsoft C++ Build Tools"), "Darwin": _("run `xcode-select --install`"),
             "Linux": _("install gcc (e.g. `apt install build-essential`)")}
    return Check(N_("C compiler"), FIX, _("no C compiler found; {fix}", fix=fixes.get(platform.system(), fixes["Linux"])))


def _cython_check() -> Check:
    from greenlab import kernels

    built, missing = [], []
    for name in kernels.names():
        kernel = kernels.get(name)
        if "cython" not in kernel.variant_names:
            continue
        try:
            importlib.import_module(f"greenlab.kernels.{name}.cython_")
            built.append(name)
        except ImportError:
            missing.append(name)
    if missing:
        return Check(N_("Cython kernels"), FIX, _("not built: {kernels}; run `make venv` or `pip install -e .` in the "
                                                  "repository (needs a C compiler)", kernels=", ".join(missing)))
    return Check(N_("Cython kernels"), OK, _("built: {kernels}", kernels=", ".join(built)))


def _numba_check() -> Check:
    try:
        import numba
    except ImportError:
        return Check(N_("Numba"), FIX, _("numba is not installed; run `make venv` or `pip install numba`"))
    try:
        t0 = time.perf_counter()
        add = numba.njit(lambda a, b: a + b)
        assert add(1, 2) == 3
        compile_s = time.perf_counter() - t0
    except Exception as error:  # noqa: BLE001
        return Check(N_("Numba"), FIX, _("numba {version} failed to compile a function: {error}",
                                         version=numba.__version__, error=error))
    return Check(N_("Numba"), OK, _("numba {version} compiles (a tiny function took {seconds} s, first time)",
                                    version=numba.__version__, seconds=format(compile_s, ".2f")))


def _package_checks() -> list[Check]:
    found, missing = [], []
    for package in ("numpy", "cython", "numba", "pandas", "matplotlib", "codecarbon", "line_profiler",
                    "memory_profiler", "jupyterlab"):
        try:
            found.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            missing.append(package)
    checks = [Check(N_("packages"), OK, ", ".join(found))]
    if missing:
        checks.append(Check(N_("missing packages"), FIX, _("{packages}; run `make venv` or `pip install -e .`",
                                                          packages=", ".join(missing))))
    return checks
