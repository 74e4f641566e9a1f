"""Derive greenlab/data/energy_languages.csv from Pereira et al.'s raw RAPL rows.

    python tools/energy_languages.py            # rewrite greenlab/data/energy_languages.csv
    python tools/energy_languages.py --check    # exit 1 if the shipped table is not what the rows give
    python tools/energy_languages.py --report   # what was dropped, the power range, Python/C ratios

The raw rows are tools/data/energy-languages/<Language>/<Language>.csv, copied verbatim from
github.com/greensoftwarelab/Energy-Languages (MIT; the commit is in that folder's README). Each
line is one run of one benchmark program::

    benchmark ; package J ; core J ; GPU J ; DRAM J ;  time ms

(energies from Intel RAPL: package = the whole CPU socket, core = its cores, GPU = its
integrated graphics, DRAM = the memory; time is wall time in milliseconds.)

The shipped table has one row per (language, benchmark): the number of runs kept and the
medians of package J, DRAM J and time, with the mean power over a run derived from them:
power W = (median package J + median DRAM J) / (median time s). Judgement calls, made here:

- **Median, not mean.** The first run of a batch is often slow (cold caches: C's
  reverse-complement took 2.06 s on its first run and about 0.23 s after); the median ignores
  such runs without a rule for spotting them.
- **The paper's ten benchmarks only** (BENCHMARKS): C's file also has thread-ring, which the
  paper does not report.
- **Rows with a negative energy are dropped.** A negative reading is impossible: the harness
  read a 32-bit RAPL counter across a wrap-around and did not correct it (the readings are about
  262,144 J = 2**32 x 2**-14 J too low). Dropping beats guessing the correction.
- **Runs shorter than MIN_TIME_MS are dropped**: the program did not do the work. C++'s
  fannkuch-redux has a second batch of ten runs of 1.2-1.6 ms against 6.1 s for the first.
- **EXCLUDED groups are dropped whole**, each with its reason (Java's pidigits: 39-64 ms,
  14 times faster than C with GMP, so those runs cannot have computed the digits).

The output is plain text written with fixed formats, so the same rows give the same bytes on
every machine; tests/test_published.py checks that the shipped file is this script's output.
Only the standard library is used.
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "tools" / "data" / "energy-languages"
OUT_FILE = ROOT / "greenlab" / "data" / "energy_languages.csv"

# The languages shipped: C (the paper's reference), Python (the course's language), and the
# ones learners ask about. Pereira et al. measured 27; the rest stay upstream.
LANGUAGES = ("C", "C++", "Rust", "Go", "Java", "JavaScript", "Python")
# The ten Computer Language Benchmarks Game programs the paper reports, in its order.
BENCHMARKS = (
    "binary-trees",
    "fannkuch-redux",
    "fasta",
    "k-nucleotide",
    "mandelbrot",
    "n-body",
    "pidigits",
    "regex-redux",
    "reverse-complement",
    "spectral-norm",
)
# A run shorter than this did not do the work: the shortest plausible run in these files is
# C++'s reverse-complement at about 217 ms; the failed C++ fannkuch-redux runs took under 2 ms.
MIN_TIME_MS = 10.0
# Whole (language, benchmark) groups left out, with the reason the README and --report give.
EXCLUDED = {
    ("Java", "pidigits"): (
        "every run took 39-64 ms, 14 times faster than C with GMP (about 546 ms) and about the "
        "time a JVM takes to start: the program cannot have computed the 10,000 digits"
    ),
}
HEADER = ("language", "benchmark", "runs", "package_j", "dram_j", "time_s", "power_w")


@dataclass(frozen=True)
class Run:
    """One line of a raw file: one run of one benchmark."""

    language: str
    benchmark: str
    package_j: float
    core_j: float
    gpu_j: float
    dram_j: float
    time_ms: float
    line: int


def read_runs(language: str, raw_dir: Path = RAW_DIR) -> list[Run]:
    """Every line of ``<raw_dir>/<language>/<language>.csv``, parsed; a malformed line raises."""
    path = raw_dir / language / f"{language}.csv"
    runs = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        fields = [field.strip() for field in text.split(";")]
        if len(fields) != 6:
            raise ValueError(f"{path}:{number}: expected 6 fields separated by ';', got {len(fields)}: {text!r}")
        name, *numbers = fields
        package_j, core_j, gpu_j, dram_j, time_ms = (float(value) for value in numbers)
        runs.append(Run(language, name, package_j, core_j, gpu_j, dram_j, time_ms, number))
    return runs


def drop_reason(run: Run) -> str | None:
    """Why a run is left out of the medians, or None when it is kept."""
    if run.benchmark not in BENCHMARKS:
        return f"{run.benchmark} is not one of the paper's ten benchmarks"
    if (run.language, run.benchmark) in EXCLUDED:
        return "excluded: " + EXCLUDED[(run.language, run.benchmark)]
    if min(run.package_j, run.core_j, run.gpu_j, run.dram_j) < 0:
        return "negative energy: a RAPL counter wrapped around and was not corrected"
    if run.time_ms < MIN_TIME_MS:
        return f"ran {run.time_ms:g} ms, under {MIN_TIME_MS:g} ms: the program did not do the work"
    return None


def kept_runs(raw_dir: Path = RAW_DIR) -> tuple[dict[tuple[str, str], list[Run]], list[tuple[Run, str]]]:
    """Runs kept, grouped by (language, benchmark) in LANGUAGES x BENCHMARKS order, and runs dropped."""
    groups: dict[tuple[str, str], list[Run]] = {}
    dropped: list[tuple[Run, str]] = []
    for language in LANGUAGES:
        runs = read_runs(language, raw_dir)
        for benchmark in BENCHMARKS:
            group = [run for run in runs if run.benchmark == benchmark and drop_reason(run) is None]
            if group:
                groups[(language, benchmark)] = group
        dropped += [(run, reason) for run in runs if (reason := drop_reason(run)) is not None]
    return groups, dropped


def table_rows(raw_dir: Path = RAW_DIR) -> list[tuple]:
    """(language, benchmark, runs, package_j, dram_j, time_s, power_w) per group, unrounded."""
    groups, _ = kept_runs(raw_dir)
    rows = []
    for (language, benchmark), runs in groups.items():
        package_j = statistics.median(run.package_j for run in runs)
        dram_j = statistics.median(run.dram_j for run in runs)
        time_s = statistics.median(run.time_ms for run in runs) / 1000.0
        rows.append((language, benchmark, len(runs), package_j, dram_j, time_s, (package_j + dram_j) / time_s))
    return rows


def render(rows: list[tuple]) -> str:
    """The CSV text: fixed formats (energies to 0.1 mJ, time to 1 us, power to 1 mW), '\\n' lines."""
    lines = [",".join(HEADER)]
    for language, benchmark, runs, package_j, dram_j, time_s, power_w in rows:
        lines.append(f"{language},{benchmark},{runs},{package_j:.4f},{dram_j:.4f},{time_s:.6f},{power_w:.3f}")
    return "\n".join(lines) + "\n"


def build(raw_dir: Path = RAW_DIR) -> str:
    """The text greenlab/data/energy_languages.csv must hold."""
    return render(table_rows(raw_dir))


def report(raw_dir: Path = RAW_DIR) -> str:
    """A plain-text account of the derivation and the figures the course quotes."""
    groups, dropped = kept_runs(raw_dir)
    rows = table_rows(raw_dir)
    out = [f"{len(rows)} (language, benchmark) groups from {sum(len(g) for g in groups.values())} runs; "
           f"{len(dropped)} runs dropped:"]
    for run, reason in dropped:
        out.append(f"  {run.language}/{run.language}.csv:{run.line} {run.benchmark}: {reason}")

    out.append("\nMean power over a run, (package + DRAM) / time:")
    by_power = sorted(rows, key=lambda row: row[6])
    for label, row in (("lowest", by_power[0]), ("highest", by_power[-1])):
        out.append(f"  {label}: {row[6]:.2f} W  {row[0]} {row[1]}  "
                   f"({row[3]:.2f} J + {row[4]:.2f} J) / {row[5]:.4f} s")

    def ratio_lines(language: str, reference: str, energy_of) -> list[str]:
        mine = {row[1]: row for row in rows if row[0] == language}
        ref = {row[1]: row for row in rows if row[0] == reference}
        lines, energy_ratios, time_ratios = [], [], []
        for benchmark in BENCHMARKS:
            if benchmark not in mine or benchmark not in ref:
                continue
            e = energy_of(mine[benchmark]) / energy_of(ref[benchmark])
            t = mine[benchmark][5] / ref[benchmark][5]
            energy_ratios.append(e)
            time_ratios.append(t)
            lines.append(f"  {benchmark:20s} energy {e:8.2f}x  time {t:8.2f}x  energy/time {e / t:5.2f}")
        quotients = [e / t for e, t in zip(energy_ratios, time_ratios)]
        spread = max(max(quotients), 1 / min(quotients))
        lines.append(f"  energy/time from {min(quotients):.2f} to {max(quotients):.2f}; "
                     f"largest divergence factor {spread:.2f}; max/min {max(quotients) / min(quotients):.2f}")
        geo = math.exp(statistics.fmean(math.log(e) for e in energy_ratios))
        shared = [b for b in mine if b in ref]
        totals = sum(energy_of(mine[b]) for b in shared) / sum(energy_of(ref[b]) for b in shared)
        lines.append(f"  over {len(energy_ratios)} benchmarks: arithmetic mean of energy ratios "
                     f"{statistics.fmean(energy_ratios):.2f}, geometric mean {geo:.2f}, "
                     f"ratio of total energies {totals:.2f}")
        return lines

    out.append("\nPython / C, energy = package + DRAM (what the shipped table holds):")
    out += ratio_lines("Python", "C", lambda row: row[3] + row[4])
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped table is stale")
    parser.add_argument("--report", action="store_true", help="print what was dropped and the headline figures")
    args = parser.parse_args(argv)
    text = build()
    if args.report:
        print(report(), end="")
        return 0
    if args.check:
        current = OUT_FILE.read_text(encoding="utf-8") if OUT_FILE.exists() else ""
        if current != text:
            print(f"{OUT_FILE.relative_to(ROOT)} is stale: run python tools/energy_languages.py", file=sys.stderr)
            return 1
        print(f"{OUT_FILE.relative_to(ROOT)} is up to date")
        return 0
    OUT_FILE.parent.mkdir(parents=True, exist_ok=True)
    OUT_FILE.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {OUT_FILE.relative_to(ROOT)}: {text.count(chr(10)) - 1} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
