"""Kernel benchmark: every numeric kernel's Python variants against a plain C reference, in one run.

Run (from the repository root)::

    .venv/bin/python benchmarks/kernels.py                    # full size; records the results file
    .venv/bin/python benchmarks/kernels.py --size quick --no-record
    .venv/bin/python benchmarks/kernels.py --kernels julia pi --repeat 3 --min-time 0.1

For each of julia, pairwise, pi and diffusion, in one process and one after the other:

1. **C reference.** ``benchmarks/c/<kernel>.c`` is compiled into ``benchmarks/c/bin/`` (again
   only when the source, ``bench.h``, the compiler or the flags change). The kernel's input is
   made once (``KERNEL.make_input(size)``) and its arrays are written to raw ``.bin`` files
   (NumPy ``tofile``: native order, no header); the C program reads them, times its first call
   alone, calibrates a loop count to ``--min-time`` and times ``--repeat`` runs with
   ``clock_gettime(CLOCK_MONOTONIC)`` (and the process CPU clock), exactly as ``gl.measure``
   does, and writes its answer to a ``.bin`` that is read back and checked against the Python
   baseline's answer with the kernel's own tolerance. Two informational rows follow: the same
   source built with ``-march=native``, and for julia pure Python's ``hypot`` escape test instead
   of the reference's ``zr*zr + zi*zi < 4`` (what ``hypot`` costs; its counts are checked but need not agree).
2. **Python variants** are measured with ``gl.measure`` on the same arguments with one shared
   meter (the slow ones, pure Python and ``numpy_in_loop``, with ``repeat=1``: one pure-Python
   Julia call at full size takes several seconds, and a second run would only cost time), and
   gathered into a ``gl.Comparison`` for the usual table. Each answer is checked against the
   baseline's. The meter is wrapped so the CPU time of every run is recorded beside it.
3. **Ratios** of each variant's time per call to the C reference's, and the issue's targets as
   PASS / MISS lines; a MISS is printed with what the run shows about why, never dropped.

CPU time, not only wall time: ratios and targets are judged on CPU time per call, with the
wall-clock ratio printed beside it. For single-thread code the two are the same on an idle
machine, but a shared machine (a CI runner, a classroom server, this project's 2-core VM with
other jobs running) stretches wall time by whatever else runs, by 4x in one run here, while
CPU time stays the time the call spent computing. The load average before and after the run is
recorded. (For ``numba_parallel`` CPU time adds up the threads: its wall time is its speed.)

Compiler flags, and why: ``-O3`` and nothing that changes arithmetic (no ``-ffast-math``), the
flags ``setup.py`` gives the Cython extensions, so C and Cython meet on equal terms. ``-std=c11``
is ISO C, whose default is ``-ffp-contract=off``: no multiply-add is fused, so C does the
same floating-point operations as the Python variants and its answers compare exactly.
``-march=native`` is **off** for the reference, because a program built with it runs only on
CPUs like this one, and the Cython build does not use it either. Numba is the odd one out: it
compiles for the CPU it runs on (LLVM with the host's features, AVX-512 where present), so the
``-march=native`` row is shown next to the reference to make that difference visible.
Override with ``--cc`` / ``$CC``; ``--cflags`` replaces the default flags.

The targets (issue 3), as ratios measured side by side in this run:

- Numba and Cython single-thread variants within 1.3x of C on julia, pairwise, pi, diffusion;
- the NumPy variants within 3x of C where the kernel vectorizes (pairwise, pi, diffusion); on
  julia NumPy is reported with the reason it cannot get close;
- pure Python at least 50x slower than the best single-thread variant on julia, at full size;
- Numba's compile time and energy, from its first call, reported apart from per-call figures.

Results are printed and (unless ``--no-record``) written as Markdown, with the machine, the
compiler and its flags, to ``benchmarks/results/kernels-<date>-<host>.md`` (or ``--out``).
Figures are wall-clock on a shared machine: read the ratios, and rerun before trusting a surprise.
"""
from __future__ import annotations

import argparse
import datetime
import math
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

from greenlab import machine  # noqa: E402 - after the path is set
from greenlab.compare import payback_text  # noqa: E402
from greenlab.render.formatting import format_energy, format_ratio, format_time  # noqa: E402
from greenlab.render.table import Column, Table  # noqa: E402

C_DIR = HERE / "c"
BIN_DIR = C_DIR / "bin"
RESULTS_DIR = HERE / "results"

KERNELS = ("julia", "pairwise", "pi", "diffusion")  # words has no numeric C twin: it is about algorithms
CFLAGS = ("-O3", "-ffp-contract=off", "-std=c11", "-Wall", "-Wextra")
NATIVE_FLAGS = ("-march=native",)
LDLIBS = ("-lm",)

# The targets.
COMPILED_TARGET = 1.3  # Numba / Cython time per call <= 1.3 x C
NUMPY_TARGET = 3.0  # NumPy <= 3 x C where the kernel vectorizes
PYTHON_TARGET = 50.0  # pure Python >= 50 x the best single-thread variant on julia (full size)
SINGLE_THREAD_COMPILED = ("numba", "cython")
NUMPY_KERNELS = ("pairwise", "pi", "diffusion")  # where NumPy can vectorize the whole computation
TRAPS = ("numpy_in_loop",)  # variants written to be slow on purpose: reported, never held to a target

# Measuring. Defaults: 5 runs of >= 0.2 s (gl.measure's defaults), so a ratio of two medians is
# good to a few percent here. Slow variants get one run: their spread is tiny next to the 50x at stake.
DEFAULT_REPEAT = 5
DEFAULT_MIN_TIME = 0.2
SLOW_VARIANTS = ("python", "numpy_in_loop")
SLOW_REPEAT = 1
SLOW_MIN_TIME = 1e-3  # any one call is longer: calibration stops at one loop


class BuildError(RuntimeError):
    """The C compiler is missing or a reference does not compile."""


class CParseError(ValueError):
    """A C program's report is not in the format bench.h prints."""


# -- building --------------------------------------------------------------------------------------
def c_compiler(cc: str | None = None) -> str:
    """The compiler to use: ``cc``, else ``$CC``, else ``cc`` or ``gcc`` on the PATH."""
    chosen = cc or os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not chosen or not shutil.which(shlex.split(chosen)[0]):
        raise BuildError(
            f"no C compiler found ({chosen or 'cc/gcc not on PATH'}); install one "
            "(Debian/Ubuntu: apt-get install gcc; macOS: xcode-select --install) or set CC"
        )
    return chosen


def compiler_version(cc: str) -> str:
    try:
        out = subprocess.run([*shlex.split(cc), "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.splitlines()[0].strip() if out else "unknown"


def build_command(kernel: str, *, cc: str, flags: Sequence[str], output: Path) -> list[str]:
    return [*shlex.split(cc), *flags, "-o", str(output), str(C_DIR / f"{kernel}.c"), *LDLIBS]


def build(kernel: str, *, cc: str | None = None, flags: Sequence[str] = CFLAGS, suffix: str = "",
          bin_dir: Path = BIN_DIR) -> Path:
    """Compile ``benchmarks/c/<kernel>.c`` into ``bin_dir/<kernel><suffix>``; returns the program.

    Rebuilt only when the source or bench.h is newer than the program, or the command changed
    (the command is kept beside the program in ``<program>.cmd``).
    """
    source = C_DIR / f"{kernel}.c"
    if not source.is_file():
        raise BuildError(f"no C reference for {kernel!r}: {source} is missing")
    bin_dir.mkdir(parents=True, exist_ok=True)
    program = bin_dir / f"{kernel}{suffix}"
    command = build_command(kernel, cc=c_compiler(cc), flags=flags, output=program)
    stamp = program.with_name(program.name + ".cmd")
    wanted = shlex.join(command)
    newest_source = max(source.stat().st_mtime, (C_DIR / "bench.h").stat().st_mtime)
    if (program.is_file() and stamp.is_file() and stamp.read_text() == wanted
            and program.stat().st_mtime >= newest_source):
        return program
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"compiling {source.name} failed:\n$ {wanted}\n{done.stderr.strip()}")
    stamp.write_text(wanted)
    return program


# -- running and parsing -----------------------------------------------------------------------------
@dataclass(frozen=True)
class CRun:
    """What a C reference printed: its first call and per-call times of each timed run."""

    kernel: str
    first_call_s: float
    loops: int
    times_s: tuple[float, ...]  # per-call wall time of each run (CLOCK_MONOTONIC)
    cpu_times_s: tuple[float, ...]  # per-call CPU time of each run (CLOCK_PROCESS_CPUTIME_ID)
    result: Any = field(default=None, repr=False, compare=False)

    @property
    def time_s(self) -> float:
        """Median per-call time over the runs (the median, as gl.measure reports)."""
        return statistics.median(self.times_s)

    @property
    def cpu_time_s(self) -> float:
        return statistics.median(self.cpu_times_s)


def parse_c_output(text: str) -> CRun:
    """Parse the report bench.h prints (see benchmarks/c/bench.h); ``CParseError`` if malformed."""
    lines = [line.split() for line in text.splitlines() if line.strip()]
    if not lines or lines[0] != ["greenlab-c", "1"]:
        raise CParseError("not a greenlab C benchmark report: the first line must be 'greenlab-c 1'")
    if lines[-1] != ["end"]:
        raise CParseError("the report is cut short: its last line must be 'end' (did the program crash?)")
    fields: dict[str, str] = {}
    runs: list[tuple[float, float]] = []
    for number, words in enumerate(lines[1:-1], start=2):
        key, values = words[0], words[1:]
        try:
            if key == "run" and len(values) == 2:
                wall, cpu = float(values[0]), float(values[1])
                if not (math.isfinite(wall) and math.isfinite(cpu)) or wall < 0 or cpu < 0:
                    raise ValueError("times must be finite and >= 0")
                runs.append((wall, cpu))
                continue
        except ValueError as error:
            raise CParseError(f"line {number}: bad run line {' '.join(words)!r} ({error})") from None
        if key in ("kernel", "first_call_s", "loops") and len(values) == 1 and key not in fields:
            fields[key] = values[0]
        else:
            raise CParseError(f"line {number}: unexpected {' '.join(words)!r}")
    missing = [key for key in ("kernel", "first_call_s", "loops") if key not in fields]
    if missing:
        raise CParseError(f"the report has no {', '.join(missing)} line")
    if not runs:
        raise CParseError("the report has no 'run' lines")
    try:
        first_call_s, loops = float(fields["first_call_s"]), int(fields["loops"])
    except ValueError:
        raise CParseError(f"bad first_call_s {fields['first_call_s']!r} or loops {fields['loops']!r}") from None
    if loops < 1 or not first_call_s >= 0:
        raise CParseError(f"loops must be >= 1 and first_call_s >= 0; got {loops} and {first_call_s}")
    return CRun(
        kernel=fields["kernel"], first_call_s=first_call_s, loops=loops,
        times_s=tuple(w for w, _ in runs), cpu_times_s=tuple(c for _, c in runs),
    )


def check_answer(expected: Any, actual: Any, *, rtol: float, atol: float) -> str | None:
    """``None`` when ``actual`` agrees with ``expected`` (greenlab's result gate), else where it differs."""
    from greenlab.agreement import first_difference

    return first_difference(expected, actual, rtol=rtol, atol=atol)


@dataclass(frozen=True)
class CAdapter:
    """How one kernel's arguments reach its C program and how its answer comes back."""

    write: Callable[[tuple, Path], list[str]]  # (args, folder) -> the program's kernel arguments
    read: Callable[[Path, tuple], Any]  # (OUT.bin, args) -> an answer shaped like the Python one


def _tofile(array: Any, path: Path, dtype: str = "float64") -> str:
    import numpy as np

    np.ascontiguousarray(array, dtype=dtype).tofile(path)
    return str(path)


def _fromfile(path: Path, dtype: str, shape: tuple[int, ...]) -> Any:
    import numpy as np

    data = np.fromfile(path, dtype=dtype)
    expected = math.prod(shape)
    if data.size != expected:
        raise CParseError(f"{path.name} holds {data.size} values, expected {expected} for shape {shape}")
    return data.reshape(shape)


ADAPTERS: dict[str, CAdapter] = {
    # (x, y, c, maxiter) -> int64 counts (len(y), len(x)); repr() of a float reads back exactly
    "julia": CAdapter(
        write=lambda a, d: [_tofile(a[0], d / "x.bin"), _tofile(a[1], d / "y.bin"), str(int(a[3])),
                            repr(float(a[2].real)), repr(float(a[2].imag))],
        read=lambda p, a: _fromfile(p, "int64", (len(a[1]), len(a[0]))),
    ),
    # (points,) -> float64 (n, n)
    "pairwise": CAdapter(
        write=lambda a, d: [_tofile(a[0], d / "points.bin"), str(a[0].shape[0]), str(a[0].shape[1])],
        read=lambda p, a: _fromfile(p, "float64", (a[0].shape[0], a[0].shape[0])),
    ),
    # (x, y) -> a Python float, as the variants return
    "pi": CAdapter(
        write=lambda a, d: [_tofile(a[0], d / "x.bin"), _tofile(a[1], d / "y.bin")],
        read=lambda p, a: float(_fromfile(p, "float64", (1,))[0]),
    ),
    # (grid, steps, coeff) -> float64 (n, n)
    "diffusion": CAdapter(
        write=lambda a, d: [_tofile(a[0], d / "grid.bin"), str(a[0].shape[0]), str(int(a[1])), repr(float(a[2]))],
        read=lambda p, a: _fromfile(p, "float64", a[0].shape),
    ),
}


def run_c(kernel: str, program: Path, args: tuple, *, min_time: float, repeat: int, workdir: Path) -> CRun:
    """Run a built C reference on ``args`` (a kernel's ``make_input``); its answer is in ``.result``."""
    adapter = ADAPTERS[kernel]
    workdir.mkdir(parents=True, exist_ok=True)
    out = workdir / f"{program.name}-out.bin"
    command = [str(program), str(out), repr(float(min_time)), str(int(repeat)), *adapter.write(args, workdir)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{program.name} failed (exit {done.returncode}): {done.stderr.strip()}")
    parsed = parse_c_output(done.stdout)
    if parsed.kernel != kernel:
        raise CParseError(f"{program.name} reports kernel {parsed.kernel!r}, expected {kernel!r}")
    return CRun(parsed.kernel, parsed.first_call_s, parsed.loops, parsed.times_s, parsed.cpu_times_s,
                result=adapter.read(out, args))


# -- measuring Python variants: wall time from gl.measure, CPU time beside it ---------------------------
class CpuTimeMeter:
    """Wraps the real meter: the same joules, and the process CPU time of every reading pair.

    ``gl.measure`` reads the meter around the first call and around each timed run, in that
    order, so after a measurement ``cpu_s[0]`` is the first call's CPU time and the last
    ``repeat`` entries are the timed runs (each of ``loops`` calls). CPU time counts every
    thread of this process, like the estimate meter, and, unlike wall time, it does not grow
    when other processes share the CPUs.
    """

    def __init__(self, inner: Any):
        self.inner = inner
        self.name, self.kind, self.reason = inner.name, inner.kind, inner.reason
        self.resolution_j = inner.resolution_j
        self.cpu_s: list[float] = []

    def read(self) -> tuple[float, Any]:
        import time

        return time.process_time(), self.inner.read()

    def energy_j(self, start: tuple[float, Any], end: tuple[float, Any]) -> float:
        self.cpu_s.append(end[0] - start[0])
        return self.inner.energy_j(start[1], end[1])

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()

    def close(self) -> None:  # the inner meter belongs to the caller
        pass


def measure_with_cpu(func: Callable[..., Any], args: tuple, *, name: str, meter: CpuTimeMeter, repeat: int,
                     min_time: float) -> tuple[Any, tuple[float, ...], float]:
    """``gl.measure`` one variant; returns (Measurement, CPU s per call of each run, first call's CPU s)."""
    from greenlab.measure import measure

    meter.cpu_s.clear()
    m = measure(func, *args, name=name, meter=meter, repeat=repeat, min_time=min_time)
    if len(meter.cpu_s) < 1 + m.repeat:
        raise RuntimeError(f"expected {1 + m.repeat} meter readings from gl.measure, got {len(meter.cpu_s)}")
    runs = tuple(cpu / m.loops for cpu in meter.cpu_s[-m.repeat:])
    return m, runs, meter.cpu_s[0]


# -- one kernel ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CBuild:
    """One build of a C reference: the reference itself, or an informational variation of it."""

    label: str
    suffix: str
    extra_flags: tuple[str, ...]
    kernels: tuple[str, ...] = KERNELS
    must_agree: bool = True  # False: a different algorithm, shown for what it teaches


REFERENCE = "C"
NATIVE = "C -march=native"
PLAIN_MALLOC = "C, plain malloc"  # output pages without NumPy's huge-page hint (outputs of 4 MiB or more)
HYPOT = "C, abs(z) < 2 via hypot"
C_BUILDS = (
    CBuild(REFERENCE, "", ()),
    CBuild(NATIVE, "-native", NATIVE_FLAGS),
    CBuild(PLAIN_MALLOC, "-malloc", ("-DHUGEPAGE_THRESHOLD=SIZE_MAX",), kernels=("julia", "pairwise")),
    CBuild(HYPOT, "-hypot", ("-DHYPOT_TEST",), kernels=("julia",), must_agree=False),
)


@dataclass
class KernelRun:
    kernel: str
    params: dict[str, Any]
    rtol: float
    atol: float
    baseline: str
    c_runs: dict[str, CRun]  # label -> run; REFERENCE is the reference
    comparison: Any  # greenlab.compare.Comparison over the Python variants
    cpu_runs: dict[str, tuple[float, ...]]  # variant -> CPU s per call of each timed run
    agreement: dict[str, str | None]  # row -> None (agrees with the baseline) or where it differs
    informational: tuple[str, ...] = ()  # C rows that need not agree

    @property
    def c(self) -> CRun:
        return self.c_runs[REFERENCE]

    def rows(self) -> list[str]:
        return [*self.c_runs, *self.comparison.names]

    def wall_s(self, row: str) -> float:
        return self.c_runs[row].time_s if row in self.c_runs else self.comparison[row].time_s

    def cpu_time_s(self, row: str) -> float:
        """Median CPU time per call."""
        return self.c_runs[row].cpu_time_s if row in self.c_runs else statistics.median(self.cpu_runs[row])

    def cpu_spread(self, row: str) -> float:
        """(max - min) / median of the per-call CPU time over the runs."""
        runs = self.c_runs[row].cpu_times_s if row in self.c_runs else self.cpu_runs[row]
        return (max(runs) - min(runs)) / statistics.median(runs)

    def ratio_to_c(self, row: str, clock: str = "cpu") -> float:
        """Row time / the C reference's: by CPU time (default) or by wall-clock time."""
        if clock == "cpu":
            return self.cpu_time_s(row) / self.c.cpu_time_s
        return self.wall_s(row) / self.c.time_s


def run_kernel(name: str, *, size: str, repeat: int, min_time: float, meter: Any, cc: str | None,
               flags: Sequence[str], builds: Sequence[CBuild], workdir: Path, progress: bool = True) -> KernelRun:
    from greenlab import kernels
    from greenlab.compare import Comparison

    kernel = kernels.get(name)
    args = kernel.make_input(size)
    say = (lambda text: print(f"  {text}", file=sys.stderr, flush=True)) if progress else (lambda text: None)
    c_runs: dict[str, CRun] = {}
    for b in builds:
        if name not in b.kernels:
            continue
        say(f"{name}: {b.label}")
        program = build(name, cc=cc, flags=[*flags, *b.extra_flags], suffix=b.suffix)
        c_runs[b.label] = run_c(name, program, args, min_time=min_time, repeat=repeat, workdir=workdir)
    if REFERENCE not in c_runs:
        raise ValueError(f"the builds must include the reference {REFERENCE!r}")

    recorder = CpuTimeMeter(meter)
    measurements, cpu_runs = {}, {}
    for variant in kernel.variant_names:
        say(f"{name}: {variant}")
        slow = variant in SLOW_VARIANTS
        measurements[variant], cpu_runs[variant], _ = measure_with_cpu(
            kernel.variant(variant), args, name=variant, meter=recorder,
            repeat=SLOW_REPEAT if slow else repeat, min_time=SLOW_MIN_TIME if slow else min_time)
    comparison = Comparison(measurements=measurements, baseline=kernel.baseline, rtol=kernel.rtol, atol=kernel.atol,
                            title=f"{kernel.title} ({size})")
    expected = measurements[kernel.baseline].result
    agreement = {row: check_answer(expected, run.result, rtol=kernel.rtol, atol=kernel.atol)
                 for row, run in c_runs.items()}
    agreement.update({variant: check_answer(expected, m.result, rtol=kernel.rtol, atol=kernel.atol)
                      for variant, m in measurements.items()})
    informational = tuple(b.label for b in builds if not b.must_agree and b.label in c_runs)
    return KernelRun(kernel=name, params=kernel.params(size), rtol=kernel.rtol, atol=kernel.atol,
                     baseline=kernel.baseline, c_runs=c_runs, comparison=comparison, cpu_runs=cpu_runs,
                     agreement=agreement, informational=informational)


# -- targets ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    status: str  # "PASS", "MISS" or "INFO" (no target applies; the figure is shown anyway)
    rule: str
    detail: str

    def line(self) -> str:
        return f"{self.status:<4}  {self.rule}: {self.detail}"


def _best_single_thread(run: KernelRun) -> str:
    candidates = [v for v in run.comparison.names
                  if v != run.baseline and not v.endswith("_parallel") and v not in TRAPS]
    return min(candidates, key=run.cpu_time_s)


def _ratio_detail(run: KernelRun, variant: str) -> str:
    native = NATIVE
    text = (f"{run.ratio_to_c(variant):.2f}x C by CPU time ({format_time(run.cpu_time_s(variant))} vs "
            f"{format_time(run.c.cpu_time_s)}), {run.ratio_to_c(variant, 'wall'):.2f}x by wall time")
    if native in run.c_runs:
        text += f"; {run.cpu_time_s(variant) / run.c_runs[native].cpu_time_s:.2f}x {native}"
    return text


def _compiled_miss_reason(run: KernelRun, variant: str) -> str:
    """What this run shows about a compiled variant's gap to C (facts measured here, not guesses)."""
    reasons = []
    if run.cpu_spread(variant) > 0.10:
        reasons.append(f"its runs varied by {run.cpu_spread(variant):.0%} in CPU time: rerun before trusting the ratio")
    plain = run.c_runs.get(PLAIN_MALLOC)
    if (plain is not None and plain.cpu_time_s > 1.1 * run.c.cpu_time_s
            and run.cpu_time_s(variant) <= COMPILED_TARGET * plain.cpu_time_s):
        reasons.append(
            f"C allocating its output with plain malloc (no huge-page hint, as Numba's allocator does) takes "
            f"{format_time(plain.cpu_time_s)} instead of {format_time(run.c.cpu_time_s)}, and {variant} is "
            f"{run.cpu_time_s(variant) / plain.cpu_time_s:.2f}x that: the gap is the page faults of a fresh "
            "output array, not the loop")
    native = run.c_runs.get(NATIVE)
    if native is not None and native.cpu_time_s < 0.8 * run.c.cpu_time_s:
        reasons.append(f"C itself is {run.c.cpu_time_s / native.cpu_time_s:.2g}x faster with -march=native, "
                       "so this loop gains from newer SIMD instructions")
    for v in SINGLE_THREAD_COMPILED:
        if v != variant and v in run.comparison.names and run.ratio_to_c(v) <= COMPILED_TARGET:
            if any("page faults" in reason for reason in reasons):
                reasons.append(f"{v} reaches {run.ratio_to_c(v):.2f}x with the same loop: its output comes "
                               "from NumPy's allocator, which asks for huge pages")
            else:
                reasons.append(f"{v} reaches {run.ratio_to_c(v):.2f}x on the same loop, so the gap is in how "
                               f"{variant} compiles it, not in the algorithm")
    return "; ".join(reasons) or "no cause visible in this run's figures; see the notes in the results file"


def _python_miss_reason(run: KernelRun, best: str) -> str:
    reasons = [f"C itself is only {run.cpu_time_s(run.baseline) / run.c.cpu_time_s:.0f}x faster than pure Python "
               "with the same loop, so no compiled variant can reach the target with it"]
    try:
        iterations = int(sum(int(count) for count in run.c.result.ravel()))
    except (AttributeError, TypeError, ValueError):
        iterations = 0
    if iterations > 0:
        reasons.append(
            f"the {iterations:,} iterations of z = z*z + c cost pure Python {run.cpu_time_s(run.baseline) / iterations * 1e9:.0f} ns "
            f"each and C {run.c.cpu_time_s / iterations * 1e9:.1f} ns: each iteration waits for the one before "
            "(a chain of dependent multiplies), so a compiled scalar loop cannot go much faster")
    hypot_run = run.c_runs.get(HYPOT)
    if hypot_run is not None:
        reasons.append(
            f"pure Python tests abs(z) < 2 (a hypot call per step, as the book does); the same C loop with hypot "
            f"takes {format_time(hypot_run.cpu_time_s)} instead of {format_time(run.c.cpu_time_s)}, so part of the gap is that "
            f"square root, not the interpreter")
    return "; ".join(reasons)


def evaluate_targets(runs: dict[str, KernelRun], *, size: str) -> list[Target]:
    """The issue's targets as PASS / MISS lines (INFO where no target applies), judged on CPU time."""
    targets: list[Target] = []
    for name, run in runs.items():
        for variant in SINGLE_THREAD_COMPILED:
            if variant not in run.comparison.names:
                continue
            ok = run.ratio_to_c(variant) <= COMPILED_TARGET
            detail = _ratio_detail(run, variant)
            if not ok:
                detail += f". Why: {_compiled_miss_reason(run, variant)}"
            targets.append(Target("PASS" if ok else "MISS", f"{name} {variant} within {COMPILED_TARGET}x of C", detail))
    for name, run in runs.items():
        for variant in run.comparison.names:
            if not variant.startswith("numpy"):
                continue
            detail = _ratio_detail(run, variant)
            if variant in TRAPS:
                targets.append(Target("INFO", f"{name} {variant} (the trap, no target)",
                                      f"{detail}; {run.comparison.speedup(variant):.2g}x the speed of pure Python"))
            elif name in NUMPY_KERNELS:
                ok = run.ratio_to_c(variant) <= NUMPY_TARGET
                if not ok:
                    detail += f". Why: {_numpy_miss_reason(run, variant)}"
                targets.append(Target("PASS" if ok else "MISS", f"{name} {variant} within {NUMPY_TARGET:g}x of C", detail))
            else:
                targets.append(Target("INFO", f"{name} {variant} (does not vectorize, no target)",
                                      f"{detail}. {NUMPY_NO_TARGET.get(name, '')}".strip()))
    if "julia" in runs:
        run = runs["julia"]
        best = _best_single_thread(run)
        ratio = run.cpu_time_s(run.baseline) / run.cpu_time_s(best)
        detail = (f"{ratio:.0f}x by CPU time ({run.baseline} {format_time(run.cpu_time_s(run.baseline))} vs {best} "
                  f"{format_time(run.cpu_time_s(best))}), {run.wall_s(run.baseline) / run.wall_s(best):.0f}x by wall time")
        rule = f"julia {run.baseline} >= {PYTHON_TARGET:g}x slower than the best single-thread variant"
        if size != "full":
            targets.append(Target("INFO", rule, detail + f"; the target is set at full size, this run is {size}"))
        elif ratio >= PYTHON_TARGET:
            targets.append(Target("PASS", rule, detail))
        else:
            targets.append(Target("MISS", rule, f"{detail}. Why: {_python_miss_reason(run, best)}"))
    return targets


NUMPY_NO_TARGET = {
    "julia": (
        "Each point needs a different number of steps (1 to maxiter), so NumPy must update a shrinking "
        "array of survivors step by step: several passes over memory and new arrays every step, where a "
        "compiled loop keeps one point's z in registers until it escapes."
    ),
}


def _numpy_miss_reason(run: KernelRun, variant: str) -> str:
    reasons = []
    if run.kernel == "pairwise" and variant == "numpy":
        n, d = run.params.get("n"), run.params.get("d")
        if n and d:
            reasons.append(
                f"broadcasting builds an n x n x d temporary ({8 * n * n * d / 1e6:.0f} MB) and streams it "
                "through memory twice more (square, sum): memory-bound, which is the lesson of this variant")
    others = [v for v in run.comparison.names if v.startswith("numpy") and v != variant and v not in TRAPS]
    for v in others:
        reasons.append(f"{v} does the same arithmetic at {run.ratio_to_c(v):.2f}x C")
    return "; ".join(reasons) or NUMPY_MISS_NOTES.get(run.kernel, "see the notes in the results file")


NUMPY_MISS_NOTES = {
    "pi": (
        "x*x and y*y each allocate a fresh n-element array and the comparison an n-element mask: about "
        "five passes over memory (and fresh pages for every temporary) where the compiled loop reads x and y "
        "once; the same NumPy calls on blocks that fit in cache close most of the gap"
    ),
    "diffusion": (
        "each step is about ten whole-grid array operations (four neighbour adds, the edge slices, "
        "the scale and the update), each a separate pass over memory, where the compiled loop reads "
        "each cell's neighbours once and writes the new value once"
    ),
}


# -- rendering: the comparison's own table, with the C rows and CPU-time columns added ---------------
def _two(ratio: float) -> str:
    return f"{ratio:.2f}"


KERNEL_COLUMNS = (
    Column("label", "variant"),
    Column("time_s", "time/call", format_time, numeric=True),
    Column("cpu_s", "CPU/call", format_time, numeric=True),
    Column("x_c_cpu", "x C (CPU)", _two, numeric=True),
    Column("x_c_wall", "x C (wall)", _two, numeric=True),
    Column("energy_text", "energy/call", numeric=True),
    Column("speedup", "speedup vs python", format_ratio, numeric=True),
    Column("agrees", "agrees"),
)


def kernel_table(run: KernelRun, *, watts_per_core: float | None) -> Table:
    """The C builds, then the comparison's rows (``Comparison.rows``), with CPU time and ratios to C."""

    def agrees(row: str) -> str:
        if row == run.baseline:
            return "reference"
        difference = run.agreement.get(row)
        if difference is None:
            return "yes"
        return ("no (not the kernels' test): " if row in run.informational else "NO: ") + difference

    python_wall = run.wall_s(run.baseline)
    rows = []
    for label, c in run.c_runs.items():
        energy = "n/a" if watts_per_core is None else format_energy(c.cpu_time_s * watts_per_core) + " (est.)"
        rows.append({"label": label + (" (reference)" if label == REFERENCE else ""), "time_s": c.time_s,
                     "energy_text": energy, "speedup": python_wall / c.time_s, **_c_columns(run, label, agrees)})
    for row in run.comparison.rows():
        variant = row["variant"]
        rows.append({**row, "label": variant, "energy_text": f"{format_energy(row['energy_j'])} ({row['energy_kind']})",
                     **_c_columns(run, variant, agrees)})
    return Table(columns=KERNEL_COLUMNS, rows=tuple(rows))


def _c_columns(run: KernelRun, row: str, agrees: Callable[[str], str]) -> dict[str, Any]:
    return {"cpu_s": run.cpu_time_s(row), "x_c_cpu": run.ratio_to_c(row), "x_c_wall": run.ratio_to_c(row, "wall"),
            "agrees": agrees(row)}


COMPILE_COLUMNS = (
    Column("kernel", "kernel"),
    Column("variant", "variant"),
    Column("first_call_time_s", "first call", format_time, numeric=True),
    Column("time_s", "steady call", format_time, numeric=True),
    Column("first_call_overhead_s", "compile (first - steady)", format_time, numeric=True),
    Column("compile_energy", "compile energy", numeric=True),
    Column("breakeven_calls", "pays back after (vs python)", payback_text, numeric=True),
)


def compile_table(runs: dict[str, KernelRun]) -> Table:
    """Numba's first call (compile) apart from its steady per-call figures."""
    rows = []
    for name, run in runs.items():
        c = run.comparison
        for row in c.rows():
            if not row["variant"].startswith("numba"):
                continue
            m = c[row["variant"]]
            rows.append({**row, "kernel": name, "first_call_time_s": m.first_call_time_s,
                         "compile_energy": f"{format_energy(m.first_call_overhead_j)} ({m.energy_kind})"})
    return Table(columns=COMPILE_COLUMNS, rows=tuple(rows))


def _params(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items())


def render(runs: dict[str, KernelRun], targets: list[Target], context: dict[str, Any], *, markdown: bool) -> str:
    def table(t: Table) -> str:
        return t.to_markdown() if markdown else t.to_text()

    out: list[str] = []
    flags = " ".join(context["cflags"])
    if markdown:
        out += [f"# Kernel benchmark: Python variants vs C ({context['size']} size)", "",
                f"Recorded by `{context['command']}`.", "", "## Machine and build", "",
                "| | |", "| --- | --- |"]
        out += [f"| {k} | {v} |" for k, v in context["machine"].items()]
        out += [f"| load average | {context['load']} |",
                f"| C compiler | {context['compiler']} |",
                f"| C flags (reference) | `{flags} {' '.join(LDLIBS)}` |",
                f"| C flags (native row) | `{flags} {' '.join(NATIVE_FLAGS)} {' '.join(LDLIBS)}` |",
                "| Cython flags | `-O3 -ffp-contract=off` (setup.py), no -march |",
                "| Numba | `njit(fastmath=False)`, compiled for this CPU (LLVM with the host's features) |",
                f"| measuring | repeat={context['repeat']}, min_time={context['min_time']:g} s (pure Python and "
                f"numpy_in_loop: repeat={SLOW_REPEAT}); median per call; ratios and targets by CPU time |",
                f"| meter | {context['meter']} |", ""]
    else:
        out += [f"Kernel benchmark at {context['size']} size; C flags: {flags}; load average {context['load']}",
                f"meter: {context['meter']}", "ratios to C and targets use CPU time per call (immune to other "
                "processes on the machine); wall time is shown beside it", ""]
    for name, run in runs.items():
        heading = f"{name} ({_params(run.params)}; answers agree within rtol={run.rtol:g}, atol={run.atol:g})"
        out += ([f"## {heading}", ""] if markdown else [heading])
        out += [table(kernel_table(run, watts_per_core=context.get("watts_per_core"))), ""]
    out += (["## Numba compile, apart from the per-call figures", ""] if markdown else ["Numba compile (first call)"])
    out += [table(compile_table(runs)), ""]
    out += (["## Targets (issue 3)", ""] if markdown else ["Targets (issue 3)"])
    out += [(f"- **{t.status}** {t.rule}: {t.detail}" if markdown else t.line()) for t in targets]
    out.append("")
    if markdown:
        out.append(NOTES)
    return "\n".join(out)


NOTES = """\
## How to read this

- **Ratios and targets use CPU time per call**, the median over the runs; wall time is shown beside it.
  For single-thread code the two agree on an idle machine; on a shared one, wall time also counts
  the time spent waiting for a CPU (see the load average above). For `numba_parallel` CPU time adds
  up its threads, so its wall time is its speed, and its CPU time is what its energy follows.
- **The C reference allocates its output in every call**, as every Python variant must return a new
  array, and the way NumPy allocates an array's data: `malloc`, plus `madvise(MADV_HUGEPAGE)` for
  4 MiB or more. The previous call's output is freed inside the next call, as Python drops it.
- **Informational C rows**, not references: `C -march=native` (the same source for this CPU's full
  instruction set, as Numba compiles); `C, plain malloc` (no huge-page hint: what a fresh output
  costs an allocator that does not ask for huge pages, as Numba's does not); and for julia
  `C, abs(z) < 2 via hypot` (pure Python's escape test; the reference and the compiled variants
  use the book's Cython-chapter rewrite `zr*zr + zi*zi < 4`, which skips the square root).
- Energy is estimated for every row by the same model where the estimate meter is used; for the C
  rows it is the CPU term only (CPU time x watts per core), the memory term of a small C process
  being negligible. Numba's compile is its first call minus a steady call, reported on its own.
- Every answer (C rows included) is checked against the pure-Python baseline with the kernel's own
  tolerance before any figure is shown; a row that differs says so in its `agrees` column.
"""


def default_record_path(machine: dict[str, str]) -> Path:
    day = datetime.date.today().isoformat()
    host = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in machine.get("host", "host")) or "host"
    return RESULTS_DIR / f"kernels-{day}-{host}.md"


# -- main ------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Python kernel variants against plain C references, side by side.")
    parser.add_argument("--size", default="full", choices=("quick", "workshop", "full"))
    parser.add_argument("--kernels", nargs="+", default=list(KERNELS), choices=KERNELS, metavar="NAME")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT)
    parser.add_argument("--min-time", type=float, default=DEFAULT_MIN_TIME)
    parser.add_argument("--cc", help="C compiler (default: $CC, else cc or gcc)")
    parser.add_argument("--cflags", help=f"replace the reference flags (default: {' '.join(CFLAGS)})")
    parser.add_argument("--no-extra", action="store_true",
                        help="only the reference build (skip the -march=native, plain-malloc and |z|^2 rows)")
    parser.add_argument("--out", type=Path, help="results file (default: benchmarks/results/kernels-<date>-<host>.md)")
    parser.add_argument("--no-record", action="store_true", help="print only; write no results file")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    options = parser.parse_args(argv)
    if options.repeat < 1 or not options.min_time > 0:
        parser.error("--repeat must be >= 1 and --min-time > 0")

    from greenlab import meters

    flags = tuple(shlex.split(options.cflags)) if options.cflags else CFLAGS
    try:
        cc = c_compiler(options.cc)
    except BuildError as error:
        print(f"benchmarks/kernels.py: {error}", file=sys.stderr)
        return 2
    builds = C_BUILDS[:1] if options.no_extra else C_BUILDS
    load_before = machine.describe().load_text
    meter = meters.open("auto")
    meter_text = f"{meter.kind} ({meter.name}): {meter.reason}"
    runs: dict[str, KernelRun] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="greenlab-bench-") as tmp:
            for name in options.kernels:
                runs[name] = run_kernel(name, size=options.size, repeat=options.repeat, min_time=options.min_time,
                                        meter=meter, cc=cc, flags=flags, builds=builds,
                                        workdir=Path(tmp) / name, progress=not options.quiet)
    except BuildError as error:
        print(f"benchmarks/kernels.py: {error}", file=sys.stderr)
        return 2
    finally:
        meter.close()

    described = machine.describe()
    context = {
        "size": options.size, "repeat": options.repeat, "min_time": options.min_time, "cflags": flags,
        "compiler": f"{cc}: {compiler_version(cc)}", "machine": {k: v for k, v in described.as_dict().items() if k != "load average"}, "meter": meter_text,
        "watts_per_core": getattr(meter, "watts_per_core", None),
        "load": f"{load_before} before, {described.load_text} after",
        "command": "python benchmarks/kernels.py " + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    targets = evaluate_targets(runs, size=options.size)
    print(render(runs, targets, context, markdown=False))
    disagreements = [f"{name}/{row}: {diff}" for name, run in runs.items() for row, diff in run.agreement.items()
                     if diff and row not in run.informational]
    if not options.no_record:
        path = options.out or default_record_path(described.as_dict())
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(runs, targets, context, markdown=True), encoding="utf-8")
        print(f"recorded in {path}")
    if disagreements:
        print("ANSWERS DIFFER: " + "; ".join(disagreements), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
