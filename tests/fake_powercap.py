"""A fake Linux powercap tree for the RAPL meter's tests: counters are plain files under tmp_path.

``make_tree(tmp_path)`` lays out two packages (core, uncore inside; dram beside) and psys, so
every energy is exact: the difference of the microjoule values written, over the domains that
should count. The ``powercap_tree`` fixture in conftest.py uses it.
"""
from __future__ import annotations

from pathlib import Path

MAX_UJ = 262_143_328_850  # a real Intel package's max_energy_range_uj


def zone(directory: Path, name: str, energy_uj: int | str, max_uj: int | str = MAX_UJ) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "name").write_text(f"{name}\n")
    (directory / "energy_uj").write_text(f"{energy_uj}\n")
    (directory / "max_energy_range_uj").write_text(f"{max_uj}\n")
    return directory


def set_energy(root: Path, zone_name: str, energy_uj: int) -> None:
    # write_text truncates the same inode, so the meter's open file sees the new value
    (root / zone_name / "energy_uj").write_text(f"{energy_uj}\n")


def make_tree(tmp_path: Path) -> Path:
    """Two packages, each with core + uncore (inside it) and dram (beside it); and psys."""
    root = tmp_path / "powercap"
    zone(root / "intel-rapl:0", "package-0", 1_000_000)
    zone(root / "intel-rapl:0:0", "core", 500_000)
    zone(root / "intel-rapl:0:1", "uncore", 100_000)
    zone(root / "intel-rapl:0:2", "dram", 2_000_000)
    zone(root / "intel-rapl:1", "package-1", 3_000_000)
    zone(root / "intel-rapl:1:0", "core", 700_000)
    zone(root / "intel-rapl:1:2", "dram", 4_000_000)
    zone(root / "intel-rapl:2", "psys", 9_000_000)
    (root / "intel-rapl").mkdir()  # the control-type directory, which has no counter
    return root


class CountingOpener:
    """``open`` that remembers what it opened."""

    def __init__(self) -> None:
        self.opened: list[tuple[Path, object]] = []

    def __call__(self, path, *args, **kwargs):
        f = open(path, *args, **kwargs)
        self.opened.append((Path(path), f))
        return f


def deny(filename: str):
    """An opener that raises PermissionError for files called ``filename``, as for a non-root user."""

    def opener(path, *args, **kwargs):
        if Path(path).name == filename:
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, *args, **kwargs)

    return opener

