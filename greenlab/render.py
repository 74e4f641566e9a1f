"""How results look: plain text for terminals and ``print``, HTML for notebooks, bar charts.

Renderers only read ``Measurement`` and ``Comparison`` objects; nothing here measures.
Every energy figure is shown with its kind ("measured" or "estimated"), and warnings
gathered while measuring are shown with the result they belong to.
"""
from __future__ import annotations

import html
import math

from greenlab.units import format_co2, format_energy, format_percent, format_power, format_ratio, format_time

METRIC_LABELS = {"time_s": "time per call (s)", "energy_j": "energy per call (J)", "co2_g": "CO2e per call (g)"}


def _where(country: str | None, intensity: float) -> str:
    return f"{country or 'world average'} grid, {intensity:.0f} g/kWh"


def measurement_text(m) -> str:
    runs = "one run" if m.repeat == 1 and m.loops == 1 else f"spread {format_percent(m.time_spread)}, {m.repeat} runs x {m.loops} loops"
    lines = [
        f"{m.name}: {format_time(m.time_s)} per call ({runs})",
        f"  energy: {format_energy(m.energy_j)} per call, {m.energy_kind} ({m.meter}); mean power {format_power(m.power_w)}",
        f"  CO2e:   {format_co2(m.co2_g)} per call ({_where(m.country, m.intensity_g_per_kwh)})",
    ]
    if m.first_call_is_slow:
        lines.append(
            f"  first call: {format_time(m.first_call_time_s)}, {format_energy(m.first_call_energy_j)} "
            "(one-off costs: JIT compilation, imports, cold caches)"
        )
    lines += [f"  warning: {w}" for w in m.warnings]
    return "\n".join(lines)


def measurement_html(m) -> str:
    esc = html.escape
    rows = [
        ("time per call", f"{format_time(m.time_s)} <small>(spread {format_percent(m.time_spread)}, {m.repeat} runs &times; {m.loops} loops)</small>"),
        ("energy per call", f"{format_energy(m.energy_j)} <b>{esc(m.energy_kind)}</b> <small>({esc(m.meter)})</small>"),
        ("CO2e per call", f"{format_co2(m.co2_g)} <small>({esc(_where(m.country, m.intensity_g_per_kwh))})</small>"),
        ("mean power", format_power(m.power_w)),
    ]
    if m.first_call_time_s is not None:
        rows.append(("first call", f"{format_time(m.first_call_time_s)}, {format_energy(m.first_call_energy_j)}"))
    body = "".join(f"<tr><th style='text-align:left'>{k}</th><td style='text-align:left'>{v}</td></tr>" for k, v in rows)
    notes = "".join(f"<li>{esc(w)}</li>" for w in m.warnings)
    warn = f"<ul style='color:#a15c00'>{notes}</ul>" if notes else ""
    return (
        f"<div class='greenlab-measurement'><b>{esc(m.name)}</b><table>{body}</table>"
        f"<small>{esc(m.meter_reason)}</small>{warn}</div>"
    )


def payback_text(c, name: str) -> str:
    """"pays back after" for one variant: "-" (nothing to pay back, or the baseline), "never", "12 calls"."""
    breakeven = c.breakeven_calls(name)
    if breakeven == 0 or name == c.baseline:
        return "-"
    if math.isinf(breakeven):
        return "never"
    return f"{breakeven:,.0f} call{'s' if breakeven != 1 else ''}"


def progress(items, *, enabled: bool, desc: str, unit: str, leave: bool = True):
    """Yield ``items`` under a tqdm bar (a widget in notebooks) naming the current one; plain when not enabled."""
    if not enabled:
        yield from items
        return
    from tqdm.auto import tqdm

    with tqdm(items, desc=desc, unit=unit, leave=leave) as bar:
        for item in bar:
            bar.set_postfix_str(str(item))
            yield item


def _comparison_cells(c, name):
    m = c[name]
    payback = payback_text(c, name)
    return [
        name + (" (baseline)" if name == c.baseline else ""),
        format_time(m.time_s),
        format_energy(m.energy_j),
        format_co2(m.co2_g),
        format_ratio(c.speedup(name)),
        format_percent(c.energy_saved(name)),
        format_energy(m.first_call_overhead_j) if m.first_call_overhead_j > 0 else "-",
        payback,
    ]


_HEADERS = ["variant", "time/call", "energy/call", "CO2e/call", "speedup", "energy saved", "first-call extra", "pays back after"]


def comparison_text(c) -> str:
    rows = [_HEADERS] + [_comparison_cells(c, name) for name in c.names]
    widths = [max(len(r[i]) for r in rows) for i in range(len(_HEADERS))]
    lines = [c.title] if c.title else []
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    first = next(iter(c.measurements.values()))
    lines.append(f"energy {c.energy_kind} ({first.meter}): {first.meter_reason}")
    lines.append(f"all variants agree with {c.baseline!r} (rtol={c.rtol:g}, atol={c.atol:g})")
    for m in c.measurements.values():
        lines += [f"warning ({m.name}): {w}" for w in m.warnings]
    return "\n".join(lines)


def comparison_html(c) -> str:
    esc = html.escape
    head = "".join(f"<th>{h}</th>" for h in _HEADERS)
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in _comparison_cells(c, name)) + "</tr>" for name in c.names
    )
    first = next(iter(c.measurements.values()))
    notes = "".join(f"<li>{esc(m.name)}: {esc(w)}</li>" for m in c.measurements.values() for w in m.warnings)
    title = f"<b>{esc(c.title)}</b>" if c.title else ""
    return (
        f"<div class='greenlab-comparison'>{title}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        f"<small>Energy <b>{esc(c.energy_kind)}</b> ({esc(first.meter)}): {esc(first.meter_reason)} "
        f"All variants agree with <code>{esc(c.baseline)}</code> (rtol={c.rtol:g}, atol={c.atol:g}).</small>"
        + (f"<ul style='color:#a15c00'>{notes}</ul>" if notes else "")
        + "</div>"
    )


def comparison_plot(c, *, metric: str = "energy_j", ax=None, log: bool | None = None):
    """Horizontal bars of ``metric`` per call, baseline first; log scale when values span > 30x."""
    if metric not in METRIC_LABELS:
        raise ValueError(f"metric must be one of {', '.join(METRIC_LABELS)}; got {metric!r}")
    import matplotlib.pyplot as plt

    names = c.names
    values = [getattr(c[n], metric) for n in names]
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 0.45 * len(names) + 1.2))
    base_value = getattr(c[c.baseline], metric)
    # grey: the baseline; green: better than it; orange: worse (a slower or costlier variant)
    colors = ["#7f7f7f" if n == c.baseline else ("#2ca02c" if v <= base_value else "#ff7f0e") for n, v in zip(names, values)]
    ax.barh(names, values, color=colors)
    ax.invert_yaxis()
    positive = [v for v in values if v > 0]
    if log is None:
        log = bool(positive) and max(positive) / min(positive) > 30
    if log:
        from matplotlib.ticker import NullFormatter

        ax.set_xscale("log")
        ax.xaxis.set_minor_formatter(NullFormatter())  # minor labels overlap when values span < 10x
    kind = f" ({c.energy_kind})" if metric != "time_s" else ""
    ax.set_xlabel(METRIC_LABELS[metric] + kind + (", log scale" if log else ""))
    if c.title:
        ax.set_title(c.title)
    return ax
