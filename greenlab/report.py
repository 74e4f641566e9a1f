"""The savings report: every kernel compared, written as files a person wants to open.

    from greenlab.report import write_report
    write_report("greenlab-report", size="workshop")     # on the command line: greenlab report --out DIR

``write_report`` runs ``kernel.compare(size)`` for every kernel (or the ones named) and writes
into ``out_dir``, which is created if missing (files of the same names are replaced):

=============  ===================================================================================
``report.html``  the summary to open in a browser: the machine, the meter (energy *measured* or
                 *estimated*, and why), one table per kernel (time, energy, CO2 per call, speedup,
                 energy saved, first-call cost, agreement) and both plots, embedded: one file
                 that can be mailed or uploaded alone
``report.md``    the same in Markdown; the plots are linked as ``time.png`` and ``energy.png``
``results.csv``  every row of every kernel's table with ``kernel`` and ``size`` columns, raw numbers
                 in the units their names carry (seconds, joules, grams of CO2e)
``time.png``     time per call, one panel per kernel, log scale (variants differ by 1000x)
``energy.png``   energy per call, the same layout
=============  ===================================================================================

Judgement calls, made here:

- **One meter for the whole report.** Every kernel is measured with the same meter, opened
  once, so the report states once how energy was obtained and every row means the same thing.
- **A missing Cython extension drops that variant, visibly.** The kernel runs without it and
  its section (and the summary at the top) says which variant is missing and how to build
  it. Nothing is substituted: there is simply no "cython" row.
- **A kernel whose variants disagree does not stop the others.** Its section shows the
  error, every file is still written, and then ``ReportIncomplete`` is raised naming the
  kernel: a report that quietly left a kernel out would read as if all was well.
- Bad arguments (an unknown kernel or size, ``repeat`` < 1, an ``out_dir`` that is a file or
  cannot be written) are refused before anything is measured.
- Plots are drawn on ``matplotlib.figure.Figure`` objects, not through pyplot, so writing a
  report from a notebook leaves the notebook's backend and open figures alone; PNGs are
  rendered by Agg. pandas, matplotlib and tqdm are imported only when a report is written.
"""
from __future__ import annotations

import base64
import datetime
import html
import math
import os
import platform
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from greenlab import render
from greenlab.measure import check_repeat_and_min_time
from greenlab.units import format_co2, format_energy, format_percent, format_ratio, format_time

FILES = ("report.md", "report.html", "results.csv", "time.png", "energy.png")
PLOT_DPI = 110  # sharp on a laptop screen, ~100 KB a plot
PANEL_COLUMNS = 3  # panels per row in time.png / energy.png
VERSIONS_OF = ("numpy", "numba", "Cython", "pandas", "matplotlib")


class ReportIncomplete(RuntimeError):
    """The report was written, but some kernels failed; ``.failures`` maps kernel -> error text."""

    def __init__(self, path: Path, failures: dict[str, str]):
        self.path, self.failures = path, dict(failures)
        listed = "; ".join(f"{name}: {error}" for name, error in failures.items())
        super().__init__(
            f"the report in {path} is incomplete: {len(failures)} kernel(s) failed ({listed}). "
            "Their sections in report.html say what went wrong; fix them and run the report again."
        )


@dataclass
class _KernelResult:
    name: str
    title: str
    params: dict[str, Any]
    comparison: Any = None  # greenlab.compare.Comparison, None when the kernel failed
    error: str | None = None
    missing: dict[str, str] = field(default_factory=dict)  # variant -> why it was left out


# -- the machine ---------------------------------------------------------------------------------
def machine_info() -> dict[str, str]:
    """What this run ran on: date, host, OS, CPU, CPUs usable, Python and library versions."""
    from importlib import metadata

    from greenlab.meters import hardware

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    model = hardware.cpu_model() or platform.processor() or "unknown"
    usable = hardware.available_cpus()
    info = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "host": platform.node() or "unknown",
        "os": platform.platform(),
        "cpu": model + (" (virtual machine)" if hardware.runs_in_vm() else ""),
        "cpus": f"{os.cpu_count()} logical, {hardware.physical_cores()} physical, {usable:g} usable by this process",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
    }
    info.update({package.lower(): version(package) for package in VERSIONS_OF})
    from greenlab import __version__

    info["greenlab"] = __version__
    return info


# -- arguments -------------------------------------------------------------------------------------
def _prepare_out_dir(out_dir: str | os.PathLike) -> Path:
    if isinstance(out_dir, bool) or not isinstance(out_dir, (str, os.PathLike)) or not str(out_dir).strip():
        raise TypeError(f"out_dir must be a folder path such as 'greenlab-report'; got {out_dir!r}")
    path = Path(out_dir).expanduser()
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(
            f"out_dir {str(path)!r} exists and is a file, not a folder; pass a folder path "
            "(it is created if missing), e.g. out_dir='greenlab-report'"
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".greenlab-write-check-"):
            pass
    except OSError as error:
        raise PermissionError(
            f"cannot write the report into {str(path)!r}: {error.strerror or error}; "
            "pass out_dir= a folder you can write to (for example one under your home folder)"
        ) from None
    return path


def _kernel_names(kernels: str | Iterable[str] | None) -> list[str]:
    from greenlab import kernels as registry

    if kernels is None:
        return registry.names()
    chosen = [kernels] if isinstance(kernels, str) else list(kernels)
    if not chosen:
        raise ValueError(f"kernels must name at least one of {', '.join(registry.names())}, or be None for all")
    names = []
    for name in chosen:
        key = registry.get(name).name  # unknown names: ValueError with a suggestion
        if key not in names:
            names.append(key)
    return names


def _size_name(size: str | None) -> str:
    from greenlab.config import SIZES, settings

    if size is None:
        return settings().size
    if not isinstance(size, str) or size.strip().lower() not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, or None for GREENLAB_SIZE; got {size!r}")
    return size.strip().lower()


# -- the report ------------------------------------------------------------------------------------
def write_report(
    out_dir: str | os.PathLike = "greenlab-report",
    *,
    size: str | None = None,
    kernels: str | Iterable[str] | None = None,
    repeat: int = 3,
    min_time: float = 0.1,
    meter: Any = None,
    progress: bool = True,
) -> Path:
    """Run every kernel's comparison and write the report files into ``out_dir``; returns its path.

    ``size``: "quick", "workshop" or "full" (None: ``GREENLAB_SIZE``, else workshop).
    ``kernels``: names to run (None: all). ``repeat``/``min_time`` go to ``gl.compare``.
    ``meter``: "auto", "rapl", "estimate", a meter object, or None for the ``meter`` setting;
    one meter serves the whole report. ``progress`` shows a tqdm bar over the kernels.
    Raises ``ReportIncomplete`` (after writing every file) when a kernel's variants disagree.
    """
    path = _prepare_out_dir(out_dir)
    size_name = _size_name(size)
    names = _kernel_names(kernels)
    check_repeat_and_min_time(repeat, min_time)  # before any kernel runs: the same rule measure() applies

    from greenlab import kernels as registry
    from greenlab import meters
    from greenlab.compare import ResultMismatch
    from greenlab.config import settings

    owns_meter = meter is None or isinstance(meter, str)
    shared_meter = meters.get(meter, settings=settings()) if owns_meter else meter
    results: list[_KernelResult] = []
    try:
        for name in render.progress(names, enabled=progress, desc="greenlab report", unit="kernel"):
            kernel = registry.get(name)
            result = _KernelResult(name=name, title=kernel.title, params=kernel.params(size_name))
            chosen = []
            for variant in kernel.variant_names:
                try:
                    kernel.variant(variant)
                except registry.CythonNotBuilt as error:
                    result.missing[variant] = str(error)
                else:
                    chosen.append(variant)
            try:
                result.comparison = kernel.compare(
                    size_name, variants=chosen, repeat=repeat, min_time=min_time, meter=shared_meter, progress=False
                )
            except ResultMismatch as error:
                result.error = str(error)
            results.append(result)
        meter_info = _meter_info(shared_meter)
    finally:
        if owns_meter:
            shared_meter.close()

    machine = machine_info()
    _write_csv(path / "results.csv", results, size_name)
    _write_plot(path / "time.png", results, "time_s", size_name)
    _write_plot(path / "energy.png", results, "energy_j", size_name)
    context = {"machine": machine, "meter": meter_info, "size": size_name, "repeat": repeat, "min_time": min_time}
    (path / "report.md").write_text(_markdown(results, context), encoding="utf-8")
    (path / "report.html").write_text(_html(results, context, path), encoding="utf-8")
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


# -- files -----------------------------------------------------------------------------------------
def _write_csv(file: Path, results: list[_KernelResult], size: str) -> None:
    import pandas as pd

    from greenlab.compare import TABLE_COLUMNS

    frames = []
    for r in results:
        if r.comparison is None:
            continue
        table = r.comparison.table().reset_index()
        table.insert(0, "size", size)
        table.insert(0, "kernel", r.name)
        frames.append(table)
    columns = ["kernel", "size", *TABLE_COLUMNS]
    combined = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    combined.to_csv(file, index=False)


def _write_plot(file: Path, results: list[_KernelResult], metric: str, size: str) -> None:
    from matplotlib.figure import Figure

    done = [r for r in results if r.comparison is not None]
    panels = max(1, len(done))
    ncols = min(PANEL_COLUMNS, panels)
    nrows = math.ceil(panels / ncols)
    tallest = max((len(r.comparison.names) for r in done), default=1)
    fig = Figure(figsize=(4.6 * ncols, (0.4 * tallest + 1.4) * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, r in zip(axes, done):
        r.comparison.plot(metric, ax=ax, log=True)
        ax.set_title(f"{r.name} ({size})", fontsize=11)
        # whole decades at both ends (the shortest bar still visible): labelled ticks, no crowded minor labels
        values = [getattr(m, metric) for m in r.comparison.measurements.values() if getattr(m, metric) > 0]
        if values:
            ax.set_xlim(10 ** math.floor(math.log10(min(values)) - 0.3), 10 ** math.ceil(math.log10(max(values)) + 1e-9))
    for ax in axes[len(done):]:
        ax.set_axis_off()
    if not done:
        axes[0].text(0.5, 0.5, "no kernel finished: see report.html", ha="center", va="center")
    what = "Time" if metric == "time_s" else "Energy"
    fig.suptitle(f"{what} per call, each variant (log scale; grey = baseline)")
    fig.savefig(file, dpi=PLOT_DPI)


# -- Markdown and HTML ---------------------------------------------------------------------------------
_HEADERS = ("variant", "time/call", "energy/call", "CO2e/call", "speedup", "energy saved",
            "first-call extra", "pays back after", "agrees")


def _rows(c) -> list[list[str]]:
    rows = []
    for name in c.names:
        m = c[name]
        extra = (
            f"{format_time(m.first_call_overhead_s)}, {format_energy(m.first_call_overhead_j)}"
            if m.first_call_overhead_j > 0 or m.first_call_overhead_s > 0 else "-"
        )
        rows.append([
            name + (" (baseline)" if name == c.baseline else ""),
            format_time(m.time_s),
            f"{format_energy(m.energy_j)} ({m.energy_kind})",
            format_co2(m.co2_g),
            format_ratio(c.speedup(name)),
            format_percent(c.energy_saved(name)),
            extra,
            render.payback_text(c, name),
            "reference" if name == c.baseline else "yes",
        ])
    return rows


def _params_text(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items())


def _findings(r: _KernelResult) -> list[str]:
    c = r.comparison
    fastest, thriftiest = c.best("time_s"), c.best("energy_j")
    lines = [
        f"fastest: {fastest}, {format_ratio(c.speedup(fastest))} the speed of {c.baseline}",
        f"least energy: {thriftiest}, saves {format_percent(c.energy_saved(thriftiest))} of {c.baseline}'s energy per call",
    ]
    if fastest != thriftiest and fastest.endswith("_parallel"):
        lines.append(
            f"{fastest} finishes first but {thriftiest} uses less energy: "
            "finishing sooner on more cores is not the same as using less energy"
        )
    for name in c.names:
        for warning in c[name].warnings:
            lines.append(f"warning ({name}): {warning}")
    return lines


def _meter_lines(context: dict[str, Any], results: list[_KernelResult]) -> list[str]:
    meter = context["meter"]
    lines = [f"Energy is **{meter['kind']}** by the `{meter['name']}` meter: {meter['reason']}"]
    described = meter["describe"]
    if "model" in described:
        lines.append(f"Model: `{described['model']}`.")
    if "watts_per_core" in described:
        source = described.get("watts_per_core_source") or f"{described['watts_per_core']:g} W per core"
        lines.append(f"Watts per core: {source}.")
    if "memory_source" in described:
        lines.append(f"Memory term: {described['memory_source']}.")
    first = next((next(iter(r.comparison.measurements.values())) for r in results if r.comparison), None)
    if first is not None:
        where = first.country or "world average"
        lines.append(
            f"CO2e uses the {where} grid intensity, {first.intensity_g_per_kwh:.1f} g/kWh; PUE {first.pue:g}."
        )
    return lines


def _markdown(results: list[_KernelResult], context: dict[str, Any]) -> str:
    out = ["# greenlab savings report", ""]
    out.append(
        f"Every kernel at size **{context['size']}**, each variant measured with repeat={context['repeat']}, "
        f"min_time={context['min_time']:g} s (the median per call is shown). Open `report.html` for the same "
        "report with the plots embedded; `results.csv` has every number."
    )
    out += ["", "## Machine", "", "| | |", "| --- | --- |"]
    out += [f"| {k} | {v} |" for k, v in context["machine"].items()]
    out += ["", "## How energy was obtained", ""]
    out += [f"- {line}" for line in _meter_lines(context, results)]
    problems = _problems(results)
    if problems:
        out += ["", "## Problems", ""] + [f"- {p}" for p in problems]
    for r in results:
        out += ["", f"## {r.name}: {r.title}", "", f"Parameters: {_params_text(r.params)}.", ""]
        for variant, why in r.missing.items():
            out.append(f"> **{variant} left out**: {why}")
            out.append("")
        if r.error:
            out += [f"**Failed**: {r.error}"]
            continue
        c = r.comparison
        out.append("| " + " | ".join(_HEADERS) + " |")
        out.append("|" + "|".join(" --- " for _ in _HEADERS) + "|")
        out += ["| " + " | ".join(row) + " |" for row in _rows(c)]
        out += ["", f"All variants agree with `{c.baseline}` (rtol={c.rtol:g}, atol={c.atol:g}).", ""]
        out += [f"- {line}" for line in _findings(r)]
    out += ["", "## Plots", "", "![time per call](time.png)", "", "![energy per call](energy.png)", ""]
    return "\n".join(out)


def _problems(results: list[_KernelResult]) -> list[str]:
    problems = [f"{r.name}: {r.error}" for r in results if r.error]
    problems += [f"{r.name}: variant {v!r} left out ({why})" for r in results for v, why in r.missing.items()]
    return problems


_CSS = """
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { color: #1b6e2e; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
table { border-collapse: collapse; margin: .5rem 0; } th, td { padding: .25rem .6rem; border-bottom: 1px solid #eee; }
th { text-align: left; background: #f4f8f4; } td { text-align: right; } td:first-child { text-align: left; }
.kind { font-weight: bold; } .problem { color: #9a1c1c; } .note { color: #555; font-size: .9rem; }
img { max-width: 100%; border: 1px solid #eee; }
"""


def _html(results: list[_KernelResult], context: dict[str, Any], folder: Path) -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>greenlab savings report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>greenlab savings report</h1>",
        f"<p>Every kernel at size <b>{esc(context['size'])}</b>, each variant measured with "
        f"repeat={context['repeat']}, min_time={context['min_time']:g} s (the median per call is shown). "
        "The numbers are also in <code>results.csv</code>.</p>",
        "<h2>Machine</h2><table>",
    ]
    parts += [f"<tr><th>{esc(k)}</th><td style='text-align:left'>{esc(str(v))}</td></tr>" for k, v in context["machine"].items()]
    parts.append("</table><h2>How energy was obtained</h2><ul>")
    parts += [f"<li>{_md_inline(line)}</li>" for line in _meter_lines(context, results)]
    parts.append("</ul>")
    problems = _problems(results)
    if problems:
        parts.append("<h2 class='problem'>Problems</h2><ul class='problem'>")
        parts += [f"<li>{esc(p)}</li>" for p in problems]
        parts.append("</ul>")
    for r in results:
        parts.append(f"<h2>{esc(r.name)}: {esc(r.title)}</h2><p class='note'>Parameters: {esc(_params_text(r.params))}.</p>")
        for variant, why in r.missing.items():
            parts.append(f"<p class='problem'><b>{esc(variant)} left out</b>: {esc(why)}</p>")
        if r.error:
            parts.append(f"<p class='problem'><b>Failed</b>: {esc(r.error)}</p>")
            continue
        c = r.comparison
        parts.append("<table><thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in _HEADERS) + "</tr></thead><tbody>")
        parts += ["<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>" for row in _rows(c)]
        parts.append("</tbody></table>")
        parts.append(
            f"<p class='note'>All variants agree with <code>{esc(c.baseline)}</code> "
            f"(rtol={c.rtol:g}, atol={c.atol:g}).</p><ul>"
        )
        parts += [f"<li>{esc(line)}</li>" for line in _findings(r)]
        parts.append("</ul>")
    parts.append("<h2>Plots</h2>")
    for name, alt in (("time.png", "time per call"), ("energy.png", "energy per call")):
        data = base64.b64encode((folder / name).read_bytes()).decode("ascii")
        parts.append(f"<p><img alt='{alt}' src='data:image/png;base64,{data}'></p>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _md_inline(text: str) -> str:
    """The little Markdown the meter lines use (**bold**, `code`), as HTML."""
    import re

    escaped = html.escape(text)
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", escaped)
