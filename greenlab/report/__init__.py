"""The savings report: every kernel compared, written as files a person wants to open.

    from greenlab.report import write_report
    write_report("greenlab-report", size="workshop")     # on the command line: greenlab report --out DIR

``write_report`` runs ``kernel.compare(size)`` for every kernel (or the ones named) and writes
into ``out_dir``, which is created if missing (files of the same names are replaced):

=============  ===================================================================================
``report.html``  the summary to open in a browser: the machine, the meter (energy *measured* or
                 *estimated*, and why), one table per kernel (time, energy, CO2 per call, speedup,
                 energy saved, first-call cost) and both plots, embedded: one file
                 that can be mailed or uploaded alone
``report.md``    the same in Markdown; the plots are linked as ``time.png`` and ``energy.png``
``results.csv``  every row of every kernel's table with ``kernel`` and ``size`` columns, raw numbers
                 in the units their names carry (seconds, joules, grams of CO2e)
``time.png``     time per call, one panel per kernel, log scale (variants differ by 1000x)
``energy.png``   energy per call, the same layout
=============  ===================================================================================

The package, one job a module: ``run`` measures the kernels, ``files`` writes the CSV and the
plots, ``document`` writes the Markdown once and turns it into HTML; the machine is described
by ``greenlab.machine``. This module checks the arguments and puts them together.

Judgement calls, made here:

- **One meter and one grid for the whole report.** The context is resolved once, the meter
  opened once, so the report states once how energy was obtained and every row means the same.
- **A kernel that fails does not hide.** Every file is still written, its section shows the
  error, and then ``ReportIncomplete`` is raised naming the kernel: a report that quietly left
  a kernel out would read as if all was well.
- Bad arguments (an unknown kernel or size, ``repeat`` < 1, an ``out_dir`` that is a file or
  cannot be written) are refused before anything is measured.
- pandas, matplotlib, mistune and tqdm are imported only when a report is written.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from greenlab import machine
from greenlab.context import measuring, resolve_size
from greenlab.i18n import _
from greenlab.measure import check_repeat_and_min_time
from greenlab.report import document, files
from greenlab.report.run import run_kernels

FILES = ("report.md", "report.html", "results.csv", "time.png", "energy.png")


class ReportIncomplete(RuntimeError):
    """The report was written, but some kernels failed; ``.failures`` maps kernel -> error text."""

    def __init__(self, path: Path, failures: dict[str, str]):
        self.path, self.failures = path, dict(failures)
        listed = "; ".join(f"{name}: {error}" for name, error in failures.items())
        super().__init__(_("the report in {path} is incomplete: {count} kernel(s) failed ({listed}). Their sections in "
                           "report.html say what went wrong; fix them and run the report again.", path=path,
                           count=len(failures), listed=listed))


def write_report(
    out_dir: str | os.PathLike = "greenlab-report",
    *,
    size: str | None = None,
    kernels: str | Iterable[str] | None = None,
    repeat: int = 3,
    min_time: float = 0.1,
    meter: Any = None,
    country: str | None = None,
    progress: bool = True,
) -> Path:
    """Run every kernel's comparison and write the report files into ``out_dir``; returns its path.

    ``size``: "quick", "workshop" or "full" (None: ``GREENLAB_SIZE``, else workshop).
    ``kernels``: names to run (None: all). ``repeat``/``min_time`` go to ``gl.compare``.
    ``meter``: "auto", "rapl", "estimate", a meter object, or None for the ``meter`` setting;
    ``country``: the grid (None: the setting). One meter and one grid serve the whole report.
    ``progress`` shows a tqdm bar over the kernels.
    Raises ``ReportIncomplete`` (after writing every file) when a kernel's variants disagree.
    """
    path = _prepare_out_dir(out_dir)
    size_name = resolve_size(size)
    names = _kernel_names(kernels)
    check_repeat_and_min_time(repeat, min_time)  # before any kernel runs: the same rule measure() applies

    with measuring(meter=meter, country=country) as context:
        results = run_kernels(context, names, size=size_name, repeat=repeat, min_time=min_time, progress=progress)
        meter_info = _meter_info(context.meter)
    about = document.About(machine=machine.describe().as_dict(), meter=meter_info, grid_text=str(context.grid),
                           pue=context.pue, size=size_name, repeat=repeat, min_time=min_time)
    files.write_csv(path / "results.csv", results, size_name)
    files.write_plot(path / "time.png", results, "time_s", size_name)
    files.write_plot(path / "energy.png", results, "energy_j", size_name)
    text = document.markdown(results, about)
    (path / "report.md").write_text(text, encoding="utf-8")
    (path / "report.html").write_text(document.html(text, path), encoding="utf-8")
    failures = {r.name: r.error for r in results if r.error}
    if failures:
        raise ReportIncomplete(path, failures)
    return path


def _meter_info(meter: Any) -> dict[str, Any]:
    try:
        described = dict(meter.describe())
    except Exception:  # noqa: BLE001 - a user's meter may not describe itself; the report still works
        described = {}
    return {
        "name": getattr(meter, "name", type(meter).__name__),
        "kind": getattr(meter, "kind", "unknown"),
        "reason": getattr(meter, "reason", ""),
        "describe": described,
    }


def _prepare_out_dir(out_dir: str | os.PathLike) -> Path:
    if isinstance(out_dir, bool) or not isinstance(out_dir, (str, os.PathLike)) or not str(out_dir).strip():
        raise TypeError(_("out_dir must be a folder path such as 'greenlab-report'; got {value}", value=repr(out_dir)))
    path = Path(out_dir).expanduser()
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(_("out_dir {path} exists and is a file, not a folder; pass a folder path (it is "
                                   "created if missing), e.g. out_dir='greenlab-report'", path=repr(str(path))))
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".greenlab-write-check-"):
            pass
    except OSError as error:
        raise PermissionError(_("cannot write the report into {path}: {error}; pass out_dir= a folder you can write to "
                                "(for example one under your home folder)", path=repr(str(path)),
                                error=error.strerror or error)) from None
    return path


def _kernel_names(kernels: str | Iterable[str] | None) -> list[str]:
    from greenlab import kernels as registry

    if kernels is None:
        return registry.names()
    chosen = [kernels] if isinstance(kernels, str) else list(kernels)
    if not chosen:
        raise ValueError(_("kernels must name at least one of {names}, or be None for all",
                           names=", ".join(registry.names())))
    names = []
    for name in chosen:
        key = registry.get(name).name  # unknown names: ValueError with a suggestion
        if key not in names:
            names.append(key)
    return names
