"""``compare``: several versions of the same computation, side by side, proven equal.

``gl.compare({"python": f, "numpy": g}, *args, baseline="python")`` measures each variant
with ``gl.measure`` (same arguments, same meter, one after the other) and returns a
``Comparison``: a table of time, energy and CO2 per call, speedup and energy saved against
the baseline, the first call's extra cost (Numba's compile) and how many calls it takes to
pay that energy back.

The result gate: every variant's answer is compared with the baseline's
(``greenlab.agreement``: exact for integers and strings, ``rtol``/``atol`` for floats,
element-wise for arrays). A variant that disagrees stops the comparison with
``ResultMismatch`` naming it and where it differs: a faster wrong answer is not a saving.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from greenlab import render
from greenlab.agreement import first_difference
from greenlab.results import Measurement

TABLE_COLUMNS = (
    "variant", "time_s", "energy_j", "co2_g", "speedup", "energy_saved", "first_call_overhead_s",
    "first_call_overhead_j", "breakeven_calls", "energy_kind", "agrees",
)


class ResultMismatch(ValueError):
    """A variant's result differs from the baseline's; ``.variant`` names it."""

    def __init__(self, variant: str, baseline: str, difference: str):
        self.variant, self.baseline, self.difference = variant, baseline, difference
        super().__init__(
            f"variant {variant!r} gives a different result from the baseline {baseline!r}: {difference}. "
            "A faster wrong answer is not a saving: fix the variant (or, for floats, pass a looser rtol/atol)."
        )


@dataclass(frozen=True)
class Comparison:
    """Measurements of several variants of one computation, against a baseline."""

    measurements: Mapping[str, Measurement]
    baseline: str
    rtol: float = 1e-9
    atol: float = 0.0
    title: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "measurements", MappingProxyType(dict(self.measurements)))
        if self.baseline not in self.measurements:
            raise ValueError(f"baseline {self.baseline!r} is not one of the variants: {', '.join(self.measurements)}")

    # -- figures against the baseline -------------------------------------------------
    @property
    def names(self) -> list[str]:
        return list(self.measurements)

    def __getitem__(self, name: str) -> Measurement:
        try:
            return self.measurements[name]
        except KeyError:
            raise KeyError(f"no variant {name!r}; variants are: {', '.join(self.measurements)}") from None

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
        if metric not in ("energy_j", "time_s", "co2_g"):
            raise ValueError(f"metric must be 'energy_j', 'time_s' or 'co2_g'; got {metric!r}")
        return min(self.measurements, key=lambda n: getattr(self.measurements[n], metric))

    @property
    def energy_kind(self) -> str:
        kinds = {m.energy_kind for m in self.measurements.values()}
        return kinds.pop() if len(kinds) == 1 else "mixed"

    # -- display ------------------------------------------------------------------------
    def rows(self) -> list[dict[str, Any]]:
        """One dict per variant with the ``TABLE_COLUMNS``, in the order variants ran."""
        return [
            {
                "variant": name,
                "time_s": m.time_s,
                "energy_j": m.energy_j,
                "co2_g": m.co2_g,
                "speedup": self.speedup(name),
                "energy_saved": self.energy_saved(name),
                "first_call_overhead_s": m.first_call_overhead_s,
                "first_call_overhead_j": m.first_call_overhead_j,
                "breakeven_calls": self.breakeven_calls(name),
                "energy_kind": m.energy_kind,
                "agrees": True,
            }
            for name, m in self.measurements.items()
        ]

    def table(self):
        """A pandas DataFrame, one row per variant, indexed by variant name."""
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=list(TABLE_COLUMNS)).set_index("variant")

    def plot(self, metric: str = "energy_j", *, ax=None, log: bool | None = None):
        """A horizontal bar chart of ``metric`` per call; returns the matplotlib Axes."""
        from greenlab import render

        return render.comparison_plot(self, metric=metric, ax=ax, log=log)

    def summary(self) -> str:
        from greenlab import render

        return render.comparison_text(self)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        from greenlab import render

        return render.comparison_html(self)

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(self.summary())


def compare(
    variants: Mapping[str, Callable[..., Any]] | Sequence[Callable[..., Any]],
    *args: Any,
    baseline: str | None = None,
    repeat: int = 5,
    min_time: float = 0.2,
    meter: Any = None,
    rtol: float = 1e-9,
    atol: float = 0.0,
    progress: bool = True,
    title: str = "",
    **kwargs: Any,
) -> Comparison:
    """Measure every variant on the same arguments and compare them with ``baseline``.

    ``variants`` maps names to functions (or is a list of functions, named by ``__name__``);
    ``baseline`` defaults to the first. ``rtol``/``atol`` are the float tolerance of the result
    gate. ``progress`` shows a tqdm bar while it runs. Other options go to ``gl.measure``.
    Raises ``ResultMismatch`` naming the first variant whose result differs from the baseline.
    """
    named = _named(variants)
    baseline = next(iter(named)) if baseline is None else baseline
    if baseline not in named:
        raise ValueError(f"baseline {baseline!r} is not one of the variants: {', '.join(named)}")
    order = [baseline] + [name for name in named if name != baseline]

    from greenlab import meters
    from greenlab.config import settings
    from greenlab.measure import measure

    owns_meter = meter is None or isinstance(meter, str)
    shared_meter = meters.get(meter, settings=settings()) if owns_meter else meter
    results: dict[str, Measurement] = {}
    try:
        for name in render.progress(order, enabled=progress, desc=title or "measuring", unit="variant", leave=False):
            m = measure(named[name], *args, repeat=repeat, min_time=min_time, meter=shared_meter, name=name, **kwargs)
            if name != baseline:
                difference = first_difference(results[baseline].result, m.result, rtol=rtol, atol=atol)
                if difference is not None:
                    raise ResultMismatch(name, baseline, difference)
            results[name] = m
    finally:
        if owns_meter:
            shared_meter.close()
    ordered = {name: results[name] for name in named}
    return Comparison(measurements=ordered, baseline=baseline, rtol=rtol, atol=atol, title=title)


def _named(variants: Any) -> dict[str, Callable[..., Any]]:
    if isinstance(variants, Mapping):
        named = dict(variants)
    elif isinstance(variants, Sequence) and not isinstance(variants, str):
        named = {}
        for func in variants:
            label = getattr(func, "__name__", None) or type(func).__name__
            if label in named:
                raise ValueError(f"two variants are both named {label!r}; pass a dict of names to functions")
            named[label] = func
    else:
        raise TypeError(
            f"variants must be a dict of names to functions, e.g. {{'python': f, 'numpy': g}}; got {type(variants).__name__}"
        )
    if not named:
        raise ValueError("compare needs at least one variant; pass a dict of names to functions")
    for label, func in named.items():
        if not isinstance(label, str) or not label:
            raise TypeError(f"variant names must be non-empty strings; got {label!r}")
        if not callable(func):
            raise TypeError(f"variant {label!r} is a {type(func).__name__}, not a function; pass the function itself")
    return named


def _ratio(numerator: float, denominator: float) -> float:
    if denominator > 0:
        return numerator / denominator
    return math.inf if numerator > 0 else math.nan
