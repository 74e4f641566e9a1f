"""``compare``: several versions of the same computation, side by side, proven equal.

``gl.compare({"python": f, "numpy": g}, *args, baseline="python")`` measures each variant
with ``gl.measure`` (same arguments, same meter, same grid, one after the other) and returns a
``Comparison``: a table of time, energy and CO2 per call, speedup and energy saved against
the baseline, the first call's extra cost (Numba's compile) and how many calls it takes to
pay that energy back.

The result gate: every variant's answer is compared with the baseline's
(``greenlab.agreement``: exact for integers and strings, ``rtol``/``atol`` for floats,
element-wise for arrays). A variant that disagrees stops the comparison with
``ResultMismatch`` naming it and where it differs: a faster wrong answer is not a saving.

One table for every view: ``Comparison.to_table()`` is the ``greenlab.render.table.Table``
that ``print``, the notebook's HTML, ``table()`` (pandas), the report and the benchmarks all
write from. Its rows carry every raw figure (``TABLE_COLUMNS``); its columns show the ones
a person reads (``COLUMNS``).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from greenlab.agreement import first_difference
from greenlab.context import Context, measuring
from greenlab.i18n import N_, _, group, n_
from greenlab.measure import Measurement, check_repeat_and_min_time, measure_with
from greenlab.render import palette, plot
from greenlab.render.progress import progress as with_progress
from greenlab.render.formatting import format_co2, format_energy, format_percent, format_ratio, format_time
from greenlab.render.table import Column, Table

# The raw figures of each row (``table()``, results.csv), units in their names.
TABLE_COLUMNS = (
    "variant", "time_s", "energy_j", "co2_g", "speedup", "energy_saved", "first_call_overhead_s",
    "first_call_overhead_j", "breakeven_calls", "energy_kind",
)
MIXED = N_("mixed")  # the energy kind of a comparison whose variants were obtained differently
METRIC_LABELS = {"time_s": N_("time per call (s)"), "energy_j": N_("energy per call (J)"), "co2_g": N_("CO2e per call (g)")}


class ResultMismatch(ValueError):
    """A variant's result differs from the baseline's; ``.variant`` names it."""

    def __init__(self, variant: str, baseline: str, difference: str):
        self.variant, self.baseline, self.difference = variant, baseline, difference
        super().__init__(_(
            "variant {variant} gives a different result from the baseline {baseline}: {difference}. A faster wrong "
            "answer is not a saving: fix the variant (or, for floats, pass a looser rtol/atol).",
            variant=repr(variant), baseline=repr(baseline), difference=difference))


def payback_text(calls: float) -> str:
    """Break-even calls for people: "-" (nothing to pay back), "never", "1 call", "1,234 calls"."""
    if calls == 0:
        return "-"
    if math.isinf(calls):
        return _("never")
    return n_("{count} call", "{count} calls", int(calls), count=group(calls))


# The columns a person reads, in order; each formats one raw figure of the row.
COLUMNS = (
    Column("label", N_("variant")),
    Column("time_s", N_("time/call"), format_time, numeric=True),
    Column("energy_j", N_("energy/call"), format_energy, numeric=True),
    Column("co2_g", N_("CO2e/call"), format_co2, numeric=True),
    Column("speedup", N_("speedup"), format_ratio, numeric=True),
    Column("energy_saved", N_("energy saved"), format_percent, numeric=True),
    Column("first_call_overhead_j", N_("first-call extra"), lambda j: format_energy(j) if j > 0 else "-", numeric=True),
    Column("payback", N_("pays back after"), numeric=True),
)


@dataclass(frozen=True)
class Comparison:
    """Measurements of several variants of one computation, against a baseline."""

    measurements: Mapping[str, Measurement]
    baseline: str
    rtol: float = 1e-9
    atol: float = 0.0
    title: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "measurements", MappingProxyType(dict(self.measurements)))
        if self.baseline not in self.measurements:
            raise ValueError(_("baseline {baseline} is not one of the variants: {variants}", baseline=repr(self.baseline),
                               variants=", ".join(self.measurements)))

    # -- figures against the baseline -------------------------------------------------
    @property
    def names(self) -> list[str]:
        return list(self.measurements)

    def __getitem__(self, name: str) -> Measurement:
        try:
            return self.measurements[name]
        except KeyError:
            raise KeyError(_("no variant {name}; variants are: {variants}", name=repr(name),
                             variants=", ".join(self.measurements))) from None

    def speedup(self, name: str) -> float:
        """Baseline time / this variant's time: 10.0 means ten times faster."""
        return _ratio(self[self.baseline].time_s, self[name].time_s)

    def energy_ratio(self, name: str) -> float:
        """Baseline energy / this variant's energy per call: 10.0 means a tenth of the energy."""
        return _ratio(self[self.baseline].energy_j, self[name].energy_j)

    def energy_saved(self, name: str) -> float:
        """Fraction of the baseline's energy per call this variant saves (negative: it costs more)."""
        base = self[self.baseline].energy_j
        return 1.0 - self[name].energy_j / base if base > 0 else math.nan

    def breakeven_calls(self, name: str) -> float:
        """Calls after which the first call's extra energy (compile) is paid back by the saving.

        0 when the first call costs nothing extra; ``inf`` when the variant saves nothing per call.
        """
        overhead_j = self[name].first_call_overhead_j
        if overhead_j <= 0:
            return 0.0
        saving_per_call_j = self[self.baseline].energy_j - self[name].energy_j
        return math.ceil(overhead_j / saving_per_call_j) if saving_per_call_j > 0 else math.inf

    def best(self, metric: str = "energy_j") -> str:
        """The variant with the lowest ``metric`` ("energy_j", "time_s" or "co2_g")."""
        if metric not in METRIC_LABELS:
            raise ValueError(_("metric must be 'energy_j', 'time_s' or 'co2_g'; got {value}", value=repr(metric)))
        return min(self.measurements, key=lambda n: getattr(self.measurements[n], metric))

    @property
    def energy_kind(self) -> str:
        kinds = {m.energy_kind for m in self.measurements.values()}
        return kinds.pop() if len(kinds) == 1 else MIXED

    @property
    def energy_caption(self) -> str:
        """How every energy figure here was obtained, for a plot (see ``Measurement.energy_caption``)."""
        captions = {m.energy_caption for m in self.measurements.values()}
        return captions.pop() if len(captions) == 1 else _("mixed: {captions}", captions="; ".join(sorted(captions)))

    # -- the table every view is written from ---------------------------------------------
    def rows(self) -> list[dict[str, Any]]:
        """One dict of raw figures per variant (``TABLE_COLUMNS``, plus the shown ``label`` and ``payback``)."""
        return [
            {
                "variant": name,
                "label": name + (_(" (baseline)") if name == self.baseline else ""),
                "time_s": m.time_s,
                "energy_j": m.energy_j,
                "co2_g": m.co2_g,
                "speedup": self.speedup(name),
                "energy_saved": self.energy_saved(name),
                "first_call_overhead_s": m.first_call_overhead_s,
                "first_call_overhead_j": m.first_call_overhead_j,
                "breakeven_calls": self.breakeven_calls(name),
                "energy_kind": m.energy_kind,
                "payback": "-" if name == self.baseline else payback_text(self.breakeven_calls(name)),
            }
            for name, m in self.measurements.items()
        ]

    def to_table(self) -> Table:
        """The comparison as a ``Table``: the columns people read, notes on the meter and the gate."""
        first = next(iter(self.measurements.values()))
        return Table(
            columns=COLUMNS,
            rows=tuple(self.rows()),
            title=self.title,
            notes=(
                _("energy {kind} ({meter}): {reason}", kind=_(self.energy_kind), meter=first.meter,
                  reason=first.meter_reason),
                _("all variants agree with {baseline} (rtol={rtol}, atol={atol})", baseline=repr(self.baseline),
                  rtol=format(self.rtol, "g"), atol=format(self.atol, "g")),
            ),
            warnings=tuple(f"({m.name}) {w}" for m in self.measurements.values() for w in m.warnings),
            css_class="greenlab-comparison",
        )

    def table(self):
        """A pandas DataFrame of the raw figures, one row per variant, indexed by variant name."""
        return self.to_table().to_frame(TABLE_COLUMNS, index="variant")

    def plot(self, metric: str = "energy_j", *, ax=None, log: bool | None = None):
        """A horizontal bar chart of ``metric`` per call, baseline first; returns the matplotlib Axes.

        Grey is the baseline, green a variant below it, orange one above it (slower or costlier),
        with a legend; an energy axis says how the energy was obtained (``energy_caption``).
        """
        if metric not in METRIC_LABELS:
            raise ValueError(_("metric must be one of {choices}; got {value}", choices=", ".join(METRIC_LABELS),
                               value=repr(metric)))
        values = [getattr(self[n], metric) for n in self.names]
        base_value = getattr(self[self.baseline], metric)
        colors = [
            palette.BASELINE if n == self.baseline else (palette.BETTER if v <= base_value else palette.WORSE)
            for n, v in zip(self.names, values)
        ]
        kind = f", {self.energy_caption}" if metric != "time_s" else ""
        meaning = {palette.BASELINE: _("baseline"), palette.BETTER: _("less than the baseline"),
                   palette.WORSE: _("more than the baseline")}
        legend = [(colour, meaning[colour]) for colour in meaning if colour in colors]
        return plot.bars(self.names, values, colors, xlabel=_(METRIC_LABELS[metric]) + kind, title=self.title,
                         log=log, ax=ax, legend=legend if len(legend) > 1 else ())

    def summary(self) -> str:
        return self.to_table().to_text()

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return self.to_table().to_html()

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(self.summary())


def compare(
    variants: Mapping[str, Callable[..., Any]] | Sequence[Callable[..., Any]],
    *args: Any,
    baseline: str | None = None,
    repeat: int = 5,
    min_time: float = 0.2,
    meter: Any = None,
    country: str | None = None,
    context: Context | None = None,
    rtol: float = 1e-9,
    atol: float = 0.0,
    progress: bool = True,
    title: str = "",
    **kwargs: Any,
) -> Comparison:
    """Measure every variant on the same arguments and compare them with ``baseline``.

    ``variants`` maps names to functions (or is a list of functions, named by ``__name__``);
    ``baseline`` defaults to the first. ``rtol``/``atol`` are the float tolerance of the result
    gate. ``progress`` shows a tqdm bar while it runs. ``repeat``, ``min_time``, ``meter`` and
    ``country`` are as in ``gl.measure``; ``context`` (from ``greenlab.context.measuring``)
    lets several comparisons share one meter and grid, as the report does, instead of
    ``meter``/``country``. Raises ``ResultMismatch`` naming the first variant whose result
    differs from the baseline.
    """
    named = _named(variants)
    baseline = next(iter(named)) if baseline is None else baseline
    if baseline not in named:
        raise ValueError(_("baseline {baseline} is not one of the variants: {variants}", baseline=repr(baseline),
                           variants=", ".join(named)))
    check_repeat_and_min_time(repeat, min_time)
    if context is not None:
        if meter is not None or country is not None:
            raise ValueError(_("pass either context or meter/country, not both: a context already holds its meter "
                               "and grid"))
        return _compare_with(context, named, baseline, args, kwargs, repeat=repeat, min_time=min_time, rtol=rtol,
                             atol=atol, progress=progress, title=title)
    with measuring(meter=meter, country=country) as opened:
        return _compare_with(opened, named, baseline, args, kwargs, repeat=repeat, min_time=min_time, rtol=rtol,
                             atol=atol, progress=progress, title=title)


def _compare_with(context: Context, named: dict[str, Callable[..., Any]], baseline: str, args: tuple,
                  kwargs: dict[str, Any], *, repeat: int, min_time: float, rtol: float, atol: float,
                  progress: bool, title: str) -> Comparison:
    order = [baseline] + [name for name in named if name != baseline]
    results: dict[str, Measurement] = {}
    for name in with_progress(order, enabled=progress, desc=title or _("measuring"), unit=_("variant"), leave=False):
        m = measure_with(context, named[name], args, kwargs, repeat=repeat, min_time=min_time, name=name)
        if name != baseline:
            difference = first_difference(results[baseline].result, m.result, rtol=rtol, atol=atol)
            if difference is not None:
                raise ResultMismatch(name, baseline, difference)
        results[name] = m
    return Comparison(measurements={name: results[name] for name in named}, baseline=baseline, rtol=rtol,
                      atol=atol, title=title)


def _named(variants: Any) -> dict[str, Callable[..., Any]]:
    if isinstance(variants, Mapping):
        named = dict(variants)
    elif isinstance(variants, Sequence) and not isinstance(variants, str):
        named = {}
        for func in variants:
            label = getattr(func, "__name__", None) or type(func).__name__
            if label in named:
                raise ValueError(_("two variants are both named {name}; pass a dict of names to functions",
                                   name=repr(label)))
            named[label] = func
    else:
        raise TypeError(_("variants must be a dict of names to functions, e.g. {example}; got {kind}",
                          example="{'python': f, 'numpy': g}", kind=type(variants).__name__))
    if not named:
        raise ValueError(_("compare needs at least one variant; pass a dict of names to functions"))
    for label, func in named.items():
        if not isinstance(label, str) or not label:
            raise TypeError(_("variant names must be non-empty strings; got {value}", value=repr(label)))
        if not callable(func):
            raise TypeError(_("variant {name} is a {kind}, not a function; pass the function itself", name=repr(label),
                              kind=type(func).__name__))
    return named


def _ratio(numerator: float, denominator: float) -> float:
    if denominator > 0:
        return numerator / denominator
    return math.inf if numerator > 0 else math.nan
