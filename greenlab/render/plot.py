"""Horizontal bar charts: the one plot greenlab draws, for comparisons and reports.

``bars(labels, values, colors, xlabel=..., ax=...)`` draws on ``ax`` (or a new figure through
pyplot) and returns the Axes. matplotlib is imported when a chart is drawn, never before.

Judgement calls, made here:

- **Log scale when the values span more than ``LOG_SPAN``** (30x): variants of one kernel
  differ by up to 1000x, and on a linear axis every bar but the slowest would be invisible.
- **No minor tick labels on a log axis**: matplotlib labels minor ticks when the values span
  less than a decade, and they overlap the major ones.
- **First label on top**: the baseline comes first in a comparison and is read first.
- **Axis labels wrapped at ``LABEL_CHARS``**: an energy label says how energy was obtained, and
  in Spanish that runs to 80 characters, wider than a panel of a grid of plots.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from greenlab.i18n import _

LOG_SPAN = 30.0  # a log axis when max / min of the positive values exceeds this
BAR_HEIGHT_IN = 0.45  # inches per bar when a new figure is made
MARGIN_IN = 1.2  # inches for the axis label and title
LABEL_CHARS = 48  # an axis label longer than this is wrapped onto more lines


def wants_log(values: Sequence[float]) -> bool:
    """True when the positive values span more than ``LOG_SPAN``."""
    positive = [v for v in values if v > 0]
    return bool(positive) and max(positive) / min(positive) > LOG_SPAN


def bars(
    labels: Sequence[str],
    values: Sequence[float],
    colors: Sequence[str],
    *,
    xlabel: str,
    title: str = "",
    log: bool | None = None,
    ax: Any = None,
    legend: Sequence[tuple[str, str]] = (),
):
    """Horizontal bars, first label on top; ``legend`` is (colour, label) pairs to explain colours."""
    if not (len(labels) == len(values) == len(colors)):
        raise ValueError(f"labels, values and colors must be as long as each other; got {len(labels)}, "
                         f"{len(values)}, {len(colors)}")
    if ax is None:
        import matplotlib.pyplot as plt

        _figure, ax = plt.subplots(figsize=(6, BAR_HEIGHT_IN * len(labels) + MARGIN_IN))
    ax.barh(list(labels), list(values), color=list(colors))
    ax.invert_yaxis()
    if log is None:
        log = wants_log(values)
    if log:
        from matplotlib.ticker import NullFormatter

        ax.set_xscale("log")
        ax.xaxis.set_minor_formatter(NullFormatter())
    import textwrap

    ax.set_xlabel(textwrap.fill(xlabel + (_(", log scale") if log else ""), LABEL_CHARS))
    if title:
        ax.set_title(title)
    if legend:
        from matplotlib.patches import Patch

        ax.legend(handles=[Patch(color=colour, label=label) for colour, label in legend], loc="best", fontsize="small")
    return ax
