"""The RAPL meter: energy *measured* by the CPU's own counters, read through Linux powercap.

RAPL (Running Average Power Limit) counters count the energy a CPU package, and on many
Intel servers its DRAM, has used since boot, in microjoules. Linux exposes them as files::

    /sys/class/powercap/intel-rapl:0/name              "package-0"
    /sys/class/powercap/intel-rapl:0/energy_uj         "123456789"
    /sys/class/powercap/intel-rapl:0/max_energy_range_uj
    /sys/class/powercap/intel-rapl:0:0/name            "core"    (inside the package)
    /sys/class/powercap/intel-rapl:0:2/name            "dram"    (beside it)
    /sys/class/powercap/intel-rapl:1/name              "psys"    (the whole platform)

(``/sys/devices/virtual/powercap/intel-rapl/intel-rapl:0/intel-rapl:0:0`` is the same tree,
nested; both layouts are understood.) AMD Zen CPUs are read through the same
``intel_rapl_msr`` driver on recent kernels (about 5.8 for family 17h, later for 19h) and
show up as ``intel-rapl:N`` "package-N" zones, usually with a "core" subzone and no DRAM.

Which domains are summed, and why:

- every **package** zone (``intel-rapl:N`` named "package-N"): one per CPU socket;
- every **dram** zone: memory sits outside the package, so it adds without overlap;
- not **core**/**uncore**: they are parts of the package, already in its count;
- not **psys**: it covers the package and DRAM too, so adding it would count them twice;
- not ``intel-rapl-mmio:N``: the same package counter read another way.

Reading: the ``energy_uj`` files are opened once and re-read with ``seek(0)`` (a sysfs
file re-renders its value on each read from offset 0), so a reading costs two syscalls
per domain. A counter wraps to 0 after ``max_energy_range_uj`` (tens of kJ to a few
hundred kJ: minutes at full load on Zen 1-3); a negative difference is taken as one wrap
and corrected by adding the range. Two wraps inside one reading interval cannot be seen:
keep each measured run shorter than a few minutes, as ``measure`` does.

RAPL measures the **whole package**: every process on the machine, the notebook server and
the browser included, not only the code being measured. Close other programs, and compare
variants measured on the same machine in one session.

``RaplMeter()`` raises ``RaplUnavailable`` (with a ``.reason`` sentence for ``doctor()``)
when there is no powercap tree or no zones, when the files are root-only (the default
since the Platypus attack, CVE-2020-8694; the reason names the command that fixes it), or
when a counter does not hold a number. ``opener`` replaces ``open``, so tests running as
root can still simulate a permission error.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Callable, NamedTuple

from greenlab.i18n import N_, _
from greenlab.meters.base import MEASURED

# Where Linux puts the powercap tree: the class view (flat symlinks) first, the device view second.
POWERCAP_ROOTS = (Path("/sys/class/powercap"), Path("/sys/devices/virtual/powercap"))

# RAPL updates its counters about once a millisecond (Intel SDM vol. 3B, 14.10), so a reading
# can lag by one update. As the resolution we take 1 ms at an assumed 50 W per package
# (between a 15 W laptop chip and a 200 W server socket): 0.05 J per package domain.
UPDATE_INTERVAL_S = 1e-3
ASSUMED_PACKAGE_POWER_W = 50.0

UJ_PER_J = 1_000_000

_ZONE = re.compile(r"intel-rapl:(\d+)(?::(\d+))?")
_SEARCH = ("intel-rapl:*", "intel-rapl:*/intel-rapl:*", "intel-rapl/intel-rapl:*", "intel-rapl/intel-rapl:*/intel-rapl:*")

_SCOPE = N_("RAPL counts the whole CPU package (and DRAM where listed): every process on the machine, not only "
            "this one, so other load while measuring is included")


class RaplUnavailable(RuntimeError):
    """RAPL cannot be read here; ``reason`` is one sentence saying why, and the fix if there is one."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RaplDomain(NamedTuple):
    """One summed counter: its zone directory name, its RAPL name, file and wrap range."""

    zone: str  # "intel-rapl:0:2"
    name: str  # "dram"
    energy_file: Path
    max_energy_range_uj: int


def _zone_key(path: Path) -> tuple[int, int]:
    m = _ZONE.fullmatch(path.name)
    assert m is not None
    return int(m.group(1)), -1 if m.group(2) is None else int(m.group(2))


def _zone_dirs(base: Path) -> list[Path]:
    """Zone directories under ``base`` in either layout, each zone once, in numeric order."""
    found: dict[str, Path] = {}
    for pattern in _SEARCH:
        try:
            paths = sorted(base.glob(pattern))
        except OSError:
            continue
        for path in paths:
            if _ZONE.fullmatch(path.name) and path.name not in found and path.is_dir():
                found[path.name] = path
    return sorted(found.values(), key=_zone_key)


def _permission_reason(path: Path, base: Path) -> str:
    shown = POWERCAP_ROOTS[0] if base in POWERCAP_ROOTS else base
    files = f"{shown}/intel-rapl:*/energy_uj {shown}/intel-rapl:*/max_energy_range_uj"
    rule = 'SUBSYSTEM=="powercap", KERNEL=="intel-rapl:*", RUN+="/bin/chmod o+r /sys%p/energy_uj /sys%p/max_energy_range_uj"'
    return _("the RAPL files exist but only root can read them ({path}): Linux made them root-only in 2020 against "
             "the Platypus attack (CVE-2020-8694). To measure, run `sudo chmod o+r {files}` (lasts until reboot; to "
             "keep it, add a udev rule such as {rule}). This lets every local user read the counters again: fine on "
             "your own laptop, not on a shared server", path=path, files=files, rule=rule)


class RaplMeter:
    """Measured energy from the RAPL package and DRAM counters (Linux powercap).

    ``root`` is a directory laid out like ``/sys/class/powercap`` (flat) or
    ``/sys/devices/virtual/powercap`` (nested); by default both are tried in that order.
    ``opener`` is called like ``open(path, "rb", buffering=0)``.
    """

    name = "rapl"
    kind = MEASURED

    def __init__(self, root: Path | str | None = None, *, opener: Callable[..., Any] = open) -> None:
        self._opener = opener
        self._files: list[Any] = []
        self._closed = False
        self.domains: tuple[RaplDomain, ...] = ()
        self.skipped: dict[str, str] = {}  # zone -> why it is not summed
        self.root = self._find_root(root)
        try:
            self._open_domains()
            self.read()  # every counter must parse now, not halfway through a measurement
        except BaseException:
            self.close()
            raise
        packages = sum(1 for d in self.domains if d.name.startswith("package"))
        self.resolution_j: float = packages * UPDATE_INTERVAL_S * ASSUMED_PACKAGE_POWER_W
        listed = ", ".join(f"{d.name} ({d.zone})" for d in self.domains)
        self.reason: str = _("RAPL energy counters are readable here: {domains} under {root}", domains=listed,
                             root=self.root)

    # ------------------------------------------------------------------ discovery

    @staticmethod
    def _find_root(root: Path | str | None) -> Path:
        if root is not None:
            base = Path(root)
            if not base.is_dir():
                raise RaplUnavailable(_("there is no powercap tree at {root} (the directory does not exist)", root=base))
            if not _zone_dirs(base):
                raise RaplUnavailable(_("the powercap tree at {root} has no intel-rapl:N zones", root=base))
            return base
        if not sys.platform.startswith("linux"):
            raise RaplUnavailable(_("RAPL counters are read through Linux's powercap files, and this is {platform}; "
                                    "energy can only be estimated here", platform=sys.platform))
        existing = [b for b in POWERCAP_ROOTS if b.is_dir()]
        for base in existing:
            if _zone_dirs(base):
                return base
        if not existing:
            raise RaplUnavailable(_("this machine exposes no RAPL counters (no /sys/class/powercap): usual in virtual "
                                    "machines, containers and cloud notebooks such as Binder"))
        raise RaplUnavailable(_("the powercap tree at {root} has no intel-rapl zones: the CPU or virtual machine does "
                                "not expose RAPL, or the driver is not loaded (try `sudo modprobe intel_rapl_msr`)",
                                root=existing[0]))

    def _read_text(self, path: Path) -> str:
        with self._opener(path, "rb", buffering=0) as f:
            return f.read().decode("ascii", "replace").strip()

    def _open_domains(self) -> None:
        domains = []
        for zone_dir in _zone_dirs(self.root):
            zone = zone_dir.name
            try:
                name = self._read_text(zone_dir / "name")
                if not (name.startswith("package") or name == "dram"):
                    why = {
                        "psys": _("the whole platform, package and DRAM included: summing it would count them twice"),
                        "core": _("part of the package, already in its count"),
                        "uncore": _("part of the package, already in its count"),
                    }.get(name, _("not a package or DRAM domain"))
                    self.skipped[zone] = f"{name}: {why}"
                    continue
                if not (zone_dir / "energy_uj").exists():
                    self.skipped[zone] = _("{name}: has no energy_uj counter", name=name)
                    continue
                raw_range = self._read_text(zone_dir / "max_energy_range_uj")
                energy_file = zone_dir / "energy_uj"
                self._files.append(self._opener(energy_file, "rb", buffering=0))
            except PermissionError as e:
                raise RaplUnavailable(_permission_reason(Path(e.filename or zone_dir), self.root)) from e
            except OSError as e:
                raise RaplUnavailable(_("reading the RAPL zone {zone} failed ({error}); use meter='estimate'",
                                        zone=zone_dir, error=e.strerror or e)) from e
            try:
                max_range_uj = int(raw_range)
            except ValueError:
                raise RaplUnavailable(_("{file} holds {value}, not a whole number of microjoules, so counter "
                                        "wrap-around cannot be corrected; use meter='estimate'",
                                        file=zone_dir / "max_energy_range_uj", value=repr(raw_range))) from None
            if max_range_uj <= 0:
                raise RaplUnavailable(_("{file} holds {value}, but the counter range must be positive; use "
                                        "meter='estimate'", file=zone_dir / "max_energy_range_uj", value=max_range_uj))
            domains.append(RaplDomain(zone, name, energy_file, max_range_uj))
        if not any(d.name.startswith("package") for d in domains):
            raise RaplUnavailable(_("the powercap tree at {root} has no RAPL package zone (only: {zones}), so the "
                                    "CPU's energy cannot be measured", root=self.root,
                                    zones=", ".join(self.skipped) or _("none")))
        self.domains = tuple(domains)

    # ------------------------------------------------------------------ the Meter protocol

    def read(self) -> tuple[int, ...]:
        """Raw counter values in microjoules, one per domain (see ``domains``)."""
        if self._closed:
            raise RuntimeError(_("this meter is closed; make a new one with greenlab.meters.open()"))
        values = []
        for f, domain in zip(self._files, self.domains):
            try:
                f.seek(0)
                raw = f.read()
            except PermissionError as e:
                raise RaplUnavailable(_permission_reason(domain.energy_file, self.root)) from e
            except OSError as e:
                raise RaplUnavailable(_("reading {file} failed ({error}); use meter='estimate'",
                                        file=domain.energy_file, error=e.strerror or e)) from e
            try:
                values.append(int(raw))
            except ValueError:
                raise RaplUnavailable(_("{file} holds {value}, not a whole number of microjoules; the counter cannot "
                                        "be read, use meter='estimate'", file=domain.energy_file, value=repr(raw))) from None
        return tuple(values)

    def energy_j(self, start: tuple[int, ...], end: tuple[int, ...]) -> float:
        """Joules between two readings, summed over domains, each corrected for one wrap-around."""
        if len(start) != len(self.domains) or len(end) != len(self.domains):
            raise ValueError(_("readings must hold one value per domain ({count}); got {start} and {end}: pass two "
                               "results of this meter's read()", count=len(self.domains), start=len(start), end=len(end)))
        total_uj = 0
        for s, e, domain in zip(start, end, self.domains):
            delta = e - s
            if delta < 0:  # the counter passed max_energy_range_uj and started again at 0
                delta += domain.max_energy_range_uj
            total_uj += max(0, delta)
        return total_uj / UJ_PER_J

    def describe(self) -> dict[str, Any]:
        return {
            "meter": self.name,
            "kind": self.kind,
            "reason": self.reason,
            "source": str(self.root),
            "domains": [
                {
                    "zone": d.zone,
                    "name": d.name,
                    "energy_file": str(d.energy_file),
                    "max_energy_range_j": d.max_energy_range_uj / UJ_PER_J,
                }
                for d in self.domains
            ],
            "skipped": dict(self.skipped),
            "scope": _(_SCOPE),
            "wrap_around": _("corrected once per reading interval with max_energy_range_uj"),
            "resolution_j": self.resolution_j,
        }

    def close(self) -> None:
        self._closed = True
        for f in self._files:
            try:
                f.close()
            except OSError:
                pass
        self._files = []

    def __enter__(self) -> RaplMeter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RaplMeter(root={str(self.root)!r}, domains={[d.name for d in self.domains]})"
