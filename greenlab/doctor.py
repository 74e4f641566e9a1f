"""``gl.doctor()`` / ``greenlab doctor``: what is measured here, what is estimated, and why.

Run it first on any new machine (notebook 00 does). Each check has a status:

- ``ok``    works as the course needs;
- ``note``  works, with a limit worth knowing (energy estimated rather than measured);
- ``fix``   something the course needs is missing, and the line says how to fix it.

The report is a frozen ``DoctorReport``: printing it gives text, a notebook shows a table,
and ``report.ok`` is False when any check needs a fix.
"""
from __future__ import annotations

import html
import importlib
import importlib.metadata
import platform
import shutil
import sys
import time
from dataclasses import dataclass

OK, NOTE, FIX = "ok", "note", "fix"


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    detail: str


@dataclass(frozen=True)
class DoctorReport:
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(c.status != FIX for c in self.checks)

    def __getitem__(self, name: str) -> Check:
        for check in self.checks:
            if check.name == name:
                return check
        raise KeyError(f"no check named {name!r}; checks: {', '.join(c.name for c in self.checks)}")

    def __str__(self) -> str:
        width = max(len(c.name) for c in self.checks)
        lines = [f"[{c.status:>4}] {c.name.ljust(width)}  {c.detail}" for c in self.checks]
        lines.append("all good: the course runs here" if self.ok else "some checks need a fix (see [ fix] lines)")
        return "\n".join(lines)

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))

    def _repr_html_(self) -> str:
        colors = {OK: "#2ca02c", NOTE: "#a15c00", FIX: "#d62728"}
        rows = "".join(
            f"<tr><td style='color:{colors[c.status]};text-align:left'><b>{c.status}</b></td>"
            f"<td style='text-align:left'>{html.escape(c.name)}</td><td style='text-align:left'>{html.escape(c.detail)}</td></tr>"
            for c in self.checks
        )
        return f"<table class='greenlab-doctor'>{rows}</table>"


def doctor() -> DoctorReport:
    """Check this machine for the course and explain how energy is obtained here."""
    checks = [
        Check("python", OK if sys.version_info >= (3, 10) else FIX,
              f"Python {platform.python_version()} on {platform.system()} {platform.machine()}"
              + ("" if sys.version_info >= (3, 10) else "; the course needs Python 3.10 or newer")),
        *_meter_checks(),
        _carbon_check(),
        _compiler_check(),
        _cython_check(),
        _numba_check(),
        *_package_checks(),
    ]
    return DoctorReport(tuple(checks))


def _meter_checks() -> list[Check]:
    from greenlab import meters
    from greenlab.config import settings

    config = settings()
    checks = []
    try:
        meter = meters.get(config.meter, settings=config)
    except Exception as error:  # noqa: BLE001 - the doctor reports, never raises
        return [Check("energy meter", FIX, f"{error}")]
    try:
        status = OK if meter.kind == "measured" else NOTE
        checks.append(Check("energy meter", status, f"{meter.kind} ({meter.name} meter): {meter.reason}"))
        checks.append(Check("meter model", OK, _constants(meter.describe())))
    finally:
        meter.close()
    try:
        from greenlab.meters import hardware

        cpus = hardware.available_cpus()
        checks.append(Check("CPUs", OK, f"{cpus:g} CPU(s) available to this process (affinity and cgroup quota); "
                                         f"model: {hardware.cpu_model() or 'unknown'}"))
    except Exception as error:  # noqa: BLE001
        checks.append(Check("CPUs", NOTE, f"could not read the CPU quota: {error}"))
    checks.append(Check("PUE", OK, f"{config.pue:g} (energy figures are multiplied by it; 1.0 = the machine alone)"))
    return checks


_ALREADY_SHOWN = {"meter", "kind", "reason", "pue", "resolution_j"}


def _constants(details: dict) -> str:
    """The meter's constants, each with its source when the meter gives one (``x_source``)."""
    parts = []
    for key, value in details.items():
        if key in _ALREADY_SHOWN or key.endswith("_source") or isinstance(value, (dict, list, tuple)):
            continue
        source = details.get(f"{key}_source")
        parts.append(f"{key}: {value}" + (f" ({source})" if source and source != value else ""))
    return "; ".join(parts) or "none"


def _carbon_check() -> Check:
    from greenlab import carbon
    from greenlab.config import settings

    country = settings().country
    try:
        intensity = carbon.intensity(country)
    except Exception as error:  # noqa: BLE001
        return Check("carbon intensity", FIX, str(error))
    where = country or "world average (set gl.configure(country='COL') or GREENLAB_COUNTRY)"
    return Check("carbon intensity", OK, f"{intensity:.1f} g CO2e/kWh for {where}, from codecarbon's offline data")


def _compiler_check() -> Check:
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if compiler:
        return Check("C compiler", OK, f"{compiler} (needed for %%cython in notebook 07)")
    fixes = {"Windows": "install Microsoft C++ Build Tools", "Darwin": "run `xcode-select --install`"}
    return Check("C compiler", FIX, "no C compiler found; " + fixes.get(platform.system(), "install gcc (e.g. `apt install build-essential`)"))


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
        return Check("Cython kernels", FIX, f"not built: {', '.join(missing)}; run `make venv` or `pip install -e .` "
                                            "in the repository (needs a C compiler)")
    return Check("Cython kernels", OK, f"built: {', '.join(built)}")


def _numba_check() -> Check:
    try:
        import numba
    except ImportError:
        return Check("Numba", FIX, "numba is not installed; run `make venv` or `pip install numba`")
    try:
        t0 = time.perf_counter()
        add = numba.njit(lambda a, b: a + b)
        assert add(1, 2) == 3
        compile_s = time.perf_counter() - t0
    except Exception as error:  # noqa: BLE001
        return Check("Numba", FIX, f"numba {numba.__version__} failed to compile a function: {error}")
    return Check("Numba", OK, f"numba {numba.__version__} compiles (a tiny function took {compile_s:.2f} s, first time)")


def _package_checks() -> list[Check]:
    found, missing = [], []
    for package in ("numpy", "cython", "numba", "pandas", "matplotlib", "codecarbon", "line_profiler",
                    "memory_profiler", "jupyterlab"):
        try:
            found.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            missing.append(package)
    checks = [Check("packages", OK, ", ".join(found))]
    if missing:
        checks.append(Check("missing packages", FIX, f"{', '.join(missing)}; run `make venv` or `pip install -e .`"))
    return checks
