"""The kernels: the course's workloads, each written several ways and proven equal.

Five small computations, one folder each, one file per variant, so a learner can open
``python.py`` next to ``numba_.py`` and see exactly what changed::

    julia      Julia set escape counts (High Performance Python's profiling chapter)
    pairwise   Euclidean distances between N points in D dimensions (N x N)
    pi         Monte Carlo estimate of pi from given coordinate arrays
    diffusion  2-D heat diffusion, explicit stencil, periodic boundaries
    words      word frequencies in a synthetic Zipf text: algorithms, not hardware

Using one::

    import greenlab as gl
    k = gl.kernels.get("julia")
    k.params("quick")                 # {'width': 80, 'maxiter': 300}
    args = k.make_input("quick")      # positional arguments for every variant (seeded)
    k.variant("numba")(*args)         # one variant (imports Numba only now)
    k.variants                        # all of them, by name
    k.compare("quick")                # gl.compare over every variant, with the kernel's tolerance

Sizes: every kernel has ``quick`` (CI, seconds), ``workshop`` (the default: each variant's
call stays well under a second on one shared Binder CPU, even in pure Python) and ``full``
(benchmarks). ``size=None`` means ``gl.settings().size``, which the environment variable
``GREENLAB_SIZE`` sets. ``make_input(size, **overrides)`` changes single parameters, for
example ``make_input("quick", seed=7)``; each kernel's docstring lists its parameters.

Judgement calls, made here once for every kernel:

- **Bad sizes fail before anything is allocated.** Parameters are whole numbers (``1e6`` is
  accepted as 1000000, ``2.5``, ``True`` and ``"100"`` are not) at or above a stated minimum, and
  the peak memory of the hungriest variant is estimated first: above ``MAX_BYTES`` (2 GiB, what
  a Binder session has) the call is refused with the estimate in the message.
- **Variants never change their inputs**: ``compare`` hands the same arrays to every variant
  and every repeat, so a variant that worked in place would corrupt the next one's input.
- **No silent fallback.** A Cython variant whose extension is not built raises
  ``CythonNotBuilt`` saying how to build it; a "cython" row must come from Cython.
- **Numba compiles on the first call** (no ``cache=True``): that cost is a lesson of the
  course, and ``compare`` measures it apart from the steady per-call figures. ``fastmath`` stays
  off, so Numba does the same floating-point operations as the other variants.
- ``import greenlab.kernels`` imports neither NumPy-heavy kernels nor Numba: a kernel's folder
  is imported by ``get``, and a variant's module by ``variant``.
"""
from __future__ import annotations

import difflib
import importlib
import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from greenlab.config import SIZES
from greenlab.i18n import _

__all__ = ["MAX_BYTES", "SIZE_NAMES", "CythonNotBuilt", "Kernel", "get", "names"]

NAMES = ("julia", "pairwise", "pi", "diffusion", "words")
SIZE_NAMES = SIZES
# Refuse inputs whose estimated peak memory is above this: mybinder.org gives a session
# 1-2 GB, and a learner who types one zero too many should get a message, not a dead kernel.
MAX_BYTES = 2 * 1024**3
# Parameters must fit a 64-bit integer: that is what Numba and Cython receive.
_MAX_INT = 2**63 - 1


class CythonNotBuilt(ImportError):
    """A Cython variant was asked for, but its compiled extension is not importable."""


def names() -> list[str]:
    """The kernels, in the order the course meets them."""
    return list(NAMES)


def get(name: str) -> Kernel:
    """The kernel called ``name`` (see ``names()``); imports its folder on first use."""
    if not isinstance(name, str):
        raise TypeError(_("kernel name must be a string such as 'julia'; got {value}", value=repr(name)))
    key = name.strip().lower()
    if key not in NAMES:
        raise ValueError(_("unknown kernel {name}{hint}; kernels: {names}", name=repr(name), hint=_did_you_mean(key, NAMES),
                           names=", ".join(NAMES)))
    return importlib.import_module(f"{__name__}.{key}").KERNEL


@dataclass(frozen=True, eq=False)
class Kernel:
    """One workload and its variants. Build inputs with ``make_input``, run with ``variant``.

    ``sizes`` maps "quick", "workshop" and "full" to the kernel's parameters; ``rtol``/``atol``
    are the float tolerance within which all variants agree (0 and 0: exactly). The fields
    after ``atol`` say how to build inputs; they are the kernel folder's business.
    """

    name: str
    title: str
    teaches: str = field(repr=False)
    variant_names: tuple[str, ...] = ()  # default: the keys of ``sources``, in their order
    baseline: str = "python"
    sizes: Mapping[str, Mapping[str, int | float]] = field(default_factory=dict)
    rtol: float = 0.0
    atol: float = 0.0
    # -- how inputs are made (set by each kernel's __init__) ----------------------------------
    package: str = field(default="", repr=False)  # "greenlab.kernels.julia"
    sources: Mapping[str, str] = field(default_factory=dict, repr=False)  # variant -> "module:function"
    minimums: Mapping[str, int] = field(default_factory=dict, repr=False)  # smallest allowed value per parameter
    make: Callable[..., tuple] | None = field(default=None, repr=False)  # make(**params) -> args
    estimate_bytes: Callable[..., int] | None = field(default=None, repr=False)  # peak memory, **params

    def __post_init__(self) -> None:
        object.__setattr__(self, "variant_names", tuple(self.variant_names or self.sources))
        frozen_sizes = {size: MappingProxyType(dict(p)) for size, p in self.sizes.items()}
        object.__setattr__(self, "sizes", MappingProxyType(frozen_sizes))
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))
        object.__setattr__(self, "minimums", MappingProxyType(dict(self.minimums)))
        if set(self.sizes) != set(SIZE_NAMES):
            raise ValueError(f"kernel {self.name}: sizes must be exactly {', '.join(SIZE_NAMES)}")
        if set(self.sources) != set(self.variant_names) or self.baseline not in self.variant_names:
            raise ValueError(f"kernel {self.name}: sources must name every variant, baseline included")

    # -- sizes and inputs -------------------------------------------------------------------
    def params(self, size: str | None = None) -> dict[str, int | float]:
        """The parameters of a named size; ``None`` means ``gl.settings().size`` (GREENLAB_SIZE)."""
        return dict(self.sizes[self._size_name(size)])

    def make_input(self, size: str | None = None, **overrides: Any) -> tuple:
        """The positional arguments every variant takes, for a size, with parameters overridden.

        Deterministic: the same size and overrides give the same inputs. Raises ``ValueError``
        before allocating anything when a parameter is not a whole number, is below its
        minimum, or would need more than ``MAX_BYTES`` of memory.
        """
        params = self.check_params(size, **overrides)
        return self.make(**params)

    def check_params(self, size: str | None = None, **overrides: Any) -> dict[str, int]:
        """The validated parameters ``make_input`` would use (nothing is allocated)."""
        params = self.params(size)
        unknown = [key for key in overrides if key not in params]
        if unknown:
            key = unknown[0]
            raise ValueError(_("{kernel} has no parameter {key}{hint}; its parameters are {params}", kernel=self.name,
                               key=repr(key), hint=_did_you_mean(key, params), params=", ".join(params)))
        params.update(overrides)
        checked = {key: self._whole_number(key, value) for key, value in params.items()}
        if self.estimate_bytes is not None:
            needed = self.estimate_bytes(**checked)
            if needed > MAX_BYTES:
                shown = ", ".join(f"{k}={v}" for k, v in checked.items())
                raise ValueError(_("{kernel} with {params} would need about {needed} of memory (an estimate of the "
                                   "hungriest variant's peak), above the limit of {limit}; choose smaller parameters "
                                   "or a smaller size", kernel=self.name, params=shown, needed=_human_bytes(needed),
                                   limit=_human_bytes(MAX_BYTES)))
        return checked

    def _whole_number(self, key: str, value: Any) -> int:
        minimum = self.minimums.get(key, 1)
        rule = _("{kernel}: {key} must be a whole number >= {minimum}", kernel=self.name, key=key, minimum=minimum)
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ValueError(_("{rule}; got {value}", rule=rule, value=repr(value)))
        if not isinstance(value, numbers.Integral):
            if not (math.isfinite(value) and float(value).is_integer()):
                raise ValueError(_("{rule}; got {value}", rule=rule, value=repr(value)))
        number = int(value)
        if number < minimum:
            raise ValueError(_("{rule}; got {value}", rule=rule, value=number))
        if number > _MAX_INT:
            raise ValueError(_("{rule} that fits in 64 bits; got {value}", rule=rule, value=number))
        return number

    def _size_name(self, size: str | None) -> str:
        if size is None:
            from greenlab.context import resolve_size  # the size setting, resolved at this public method

            size = resolve_size(None)
        if isinstance(size, str) and size.strip().lower() in self.sizes:
            return size.strip().lower()
        hint = _did_you_mean(size, SIZE_NAMES) if isinstance(size, str) else ""
        raise ValueError(_("size must be one of {choices}{hint} (GREENLAB_SIZE sets the default); got {value}. To change "
                           "one parameter, pass it by name: make_input('quick', {param}=...)",
                           choices=", ".join(SIZE_NAMES), hint=hint, value=repr(size),
                           param=next(iter(self.sizes["quick"]))))

    # -- variants --------------------------------------------------------------------------
    def variant(self, name: str) -> Callable[..., Any]:
        """The function for one variant; imports its module now (Numba only for numba variants)."""
        if name not in self.sources:
            raise ValueError(_("{kernel} has no variant {name}{hint}; its variants are {names}", kernel=self.name,
                               name=repr(name), hint=_did_you_mean(name, self.variant_names),
                               names=", ".join(self.variant_names)))
        module_name, _colon, function_name = self.sources[name].partition(":")
        full_name = f"{self.package}.{module_name}"
        try:
            module = importlib.import_module(full_name)
        except ImportError as error:
            if module_name.startswith("cython") and error.name == full_name:
                raise CythonNotBuilt(_(
                    "the {variant} variant of {kernel} needs the compiled extension {module}, which is not built "
                    "({error}). Build it from the repository root with `make venv`, or `pip install -e .` (either "
                    "needs a C compiler; `gl.doctor()` checks for one). Nothing falls back to another variant.",
                    variant=repr(name), kernel=self.name, module=full_name, error=error)) from error
            raise
        return getattr(module, function_name)

    @property
    def variants(self) -> dict[str, Callable[..., Any]]:
        """Every variant by name (raises ``CythonNotBuilt`` if the Cython extension is missing)."""
        return {name: self.variant(name) for name in self.variant_names}

    def reference(self, *args: Any) -> Any:
        """The baseline's (pure Python) answer for these arguments."""
        return self.variant(self.baseline)(*args)

    def compare(self, size: str | None = None, *, variants: Iterable[str] | str | None = None, **options: Any):
        """Measure the variants on this size's input with ``gl.compare``; returns a ``Comparison``.

        ``variants`` picks some (default: all); the baseline is the kernel's when it is among
        them, else the first. The result gate uses the kernel's ``rtol``/``atol``. Other options
        (``repeat``, ``min_time``, ``meter``, ``country``, ``context``, ``progress``, even
        ``baseline`` or ``rtol``) go to ``gl.compare``.
        """
        chosen = self._chosen(variants)
        functions = {name: self.variant(name) for name in chosen}  # fails before measuring anything
        size_name = self._size_name(size)
        args = self.make_input(size_name)
        shown = ", ".join(f"{k}={v}" for k, v in self.sizes[size_name].items())
        defaults = {
            "baseline": self.baseline if self.baseline in functions else chosen[0],
            "rtol": self.rtol,
            "atol": self.atol,
            "title": f"{_(self.title)} ({size_name}: {shown})",
        }
        from greenlab.compare import compare

        return compare(functions, *args, **{**defaults, **options})

    def _chosen(self, variants: Iterable[str] | str | None) -> list[str]:
        if variants is None:
            return list(self.variant_names)
        chosen = [variants] if isinstance(variants, str) else list(dict.fromkeys(variants))
        if not chosen:
            raise ValueError(_("variants must name at least one of {names}", names=", ".join(self.variant_names)))
        for name in chosen:
            if name not in self.sources:
                self.variant(name)  # raises the helpful ValueError
        return chosen

    # -- display ---------------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"<Kernel {self.name}: {', '.join(self.variant_names)}; sizes {'/'.join(self.sizes)}>"

    def __str__(self) -> str:
        lines = [_(self.title), "", _(self.teaches), "",
                 _("variants: {names} (baseline {baseline})", names=", ".join(self.variant_names), baseline=self.baseline)]
        for size, params in self.sizes.items():
            lines.append(f"{size:>9}: " + ", ".join(f"{k}={v}" for k, v in params.items()))
        lines.append(_("results agree exactly") if self.rtol == 0 and self.atol == 0 else
                     _("results agree within rtol={rtol}, atol={atol}", rtol=format(self.rtol, "g"), atol=format(self.atol, "g")))
        return "\n".join(lines)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=2, cutoff=0.6)
    return _(" (did you mean {names}?)", names=_(" or ").join(repr(c) for c in close)) if close else ""


def _human_bytes(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")
