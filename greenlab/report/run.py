"""Run the kernels for a report: one comparison per kernel, all with one meter and one grid.

``run_kernels(context, names, size=..., repeat=..., min_time=...)`` returns one ``KernelResult``
per kernel, in order. Judgement calls, made here:

- **A missing Cython extension drops that variant, visibly.** The kernel runs without it and
  its result says which variant is missing and how to build it. Nothing is substituted.
- **A kernel whose variants disagree does not stop the others.** Its result holds the error
  instead of a comparison; the caller writes every file, then says which kernels failed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from greenlab.context import Context
from greenlab.render.progress import progress as with_progress


@dataclass
class KernelResult:
    """One kernel's comparison, or why it has none, and the variants left out."""

    name: str
    title: str
    params: dict[str, Any]
    comparison: Any = None  # greenlab.compare.Comparison; None when the kernel failed
    error: str | None = None
    missing: dict[str, str] = field(default_factory=dict)  # variant -> why it was left out

    @property
    def params_text(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.params.items())


def run_kernels(context: Context, names: list[str], *, size: str, repeat: int, min_time: float,
                progress: bool) -> list[KernelResult]:
    """Compare every variant of each kernel in ``names`` at ``size``, sharing ``context``."""
    from greenlab import kernels as registry
    from greenlab.compare import ResultMismatch

    results: list[KernelResult] = []
    for name in with_progress(names, enabled=progress, desc="greenlab report", unit="kernel"):
        kernel = registry.get(name)
        result = KernelResult(name=name, title=kernel.title, params=kernel.params(size))
        chosen = []
        for variant in kernel.variant_names:
            try:
                kernel.variant(variant)
            except registry.CythonNotBuilt as error:
                result.missing[variant] = str(error)
            else:
                chosen.append(variant)
        try:
            result.comparison = kernel.compare(size, variants=chosen, repeat=repeat, min_time=min_time,
                                               context=context, progress=False)
        except ResultMismatch as error:
            result.error = str(error)
        results.append(result)
    return results
