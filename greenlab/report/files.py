"""The report's data files: every comparison's raw figures as CSV, and the time and energy plots.

Plots are drawn on ``matplotlib.figure.Figure`` objects, not through pyplot, so writing a
report from a notebook leaves the notebook's backend and open figures alone; PNGs are
rendered by Agg. Each panel is one kernel's ``Comparison.plot``: the same chart a notebook shows.
"""
from __future__ import annotations

import math
from pathlib import Path

from greenlab.report.run import KernelResult
from greenlab.i18n import _

PLOT_DPI = 110  # sharp on a laptop screen, ~100 KB a plot
PANEL_COLUMNS = 3  # panels per row in time.png / energy.png


def write_csv(file: Path, results: list[KernelResult], size: str) -> None:
    """Every row of every kernel's table, with ``kernel`` and ``size`` columns, raw numbers."""
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


def write_plot(file: Path, results: list[KernelResult], metric: str, size: str) -> None:
    """One panel per kernel that finished, log scale, whole decades at both ends."""
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
        axes[0].text(0.5, 0.5, _("no kernel finished: see report.html"), ha="center", va="center")
    fig.suptitle(_("Time per call, each variant (log scale; grey = baseline)") if metric == "time_s"
                 else _("Energy per call, each variant (log scale; grey = baseline)"))
    fig.savefig(file, dpi=PLOT_DPI)
