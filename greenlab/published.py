"""Published measurements: what others measured on real RAPL counters, to hold ours against.

The course measures its own kernels; this module ships one reference others measured:
Pereira et al.'s energy, time and power for the same ten benchmark programs written in
different languages (SLE 2017), on an Intel desktop CPU with RAPL counters::

    from greenlab import published               # or gl.published
    published.energy_languages()                 # pandas DataFrame, one row per (language, benchmark)
    published.ratios("Python", reference="C")    # per benchmark: energy_ratio, time_ratio, energy_over_time
    published.power_range()                      # the lowest and highest mean power of a program
    published.total_ratio("Python", reference="C")  # all ten benchmarks together
    published.languages(); published.benchmarks()
    published.CITATION; published.SOURCE; published.SOURCE_COMMIT

What it shows, and why the course needs it:

- **Power is not constant.** Averaged over a run, package + DRAM power ranges from 19.5 W
  (JavaScript spectral-norm) to 57.7 W (Python mandelbrot) on one machine. Energy is power x
  time, so energy is not simply proportional to time.
- **An estimate from CPU time gets ratios wrong.** greenlab's ``EstimateMeter`` (used where RAPL
  cannot be read) assumes a fixed power per busy core, so it always gives energy ratio = time
  ratio. In the measured data Python/C is 49x the energy but 79x the time on fasta, and 311x the
  energy but 205x the time on spectral-norm: ``ratios()["energy_over_time"]`` runs from 0.62 to
  1.52, so an estimate is off by up to 1.6x in one direction or the other. Its quotient,
  energy ratio / time ratio, is exactly the ratio of the two programs' mean powers.
- **The paper's headline.** Pereira et al.'s normalized table puts Python at 75.88x the energy
  of C. From this table the ratio of total energies over the ten benchmarks is 75.6x
  (``total_ratio()``); the mean of the per-benchmark ratios is 85x and their geometric mean 33x.
  Which average you take changes the headline: say which.

Columns of ``energy_languages()`` (units in the names):

- ``runs``: runs the medians are over (10 or 20; fewer where a run was dropped).
- ``package_j``: median RAPL package energy (the CPU socket), joules.
- ``dram_j``: median RAPL DRAM energy (memory), joules.
- ``energy_j``: ``package_j + dram_j``, the energy this module compares.
- ``time_s``: median wall time, seconds.
- ``power_w``: ``energy_j / time_s``, the mean power over a run, watts.

Judgement calls (made in tools/energy_languages.py, which derives the table from the raw rows
under tools/data/energy-languages/ and lists what it drops):

- Medians per (language, benchmark), not means: a batch's first run is often slow (cold caches).
- Package + DRAM, the whole of what RAPL measures for a program (the raw rows also hold the
  cores-only figure, which this table leaves out).
- Dropped: C's thread-ring (not in the paper), runs with a negative energy (an uncorrected
  counter wrap-around), C++ fannkuch-redux runs of under 10 ms (they did not run the benchmark),
  and Java's pidigits (39-64 ms, faster than a JVM start-up: it cannot have done the work).
- JavaScript has no pidigits and Go no regex-redux upstream; ``ratios`` compares the
  benchmarks both languages have and names the others in ``DataFrame.attrs["missing"]``.

One Intel desktop machine under Linux (2017), one implementation per language, one input size
per benchmark: a reference point, not a law.

This module is a low layer: it reads only its data file, never greenlab's settings; pandas is
imported inside the functions that return a DataFrame.
"""
from __future__ import annotations

import csv
import difflib
import io
import statistics
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from greenlab.i18n import N_, _
from greenlab.render.formatting import format_energy, format_power, format_time
from greenlab.render.table import Column, Table

if TYPE_CHECKING:
    import pandas

SOURCE = "https://github.com/greensoftwarelab/Energy-Languages"
SOURCE_COMMIT = "321358b642174c2a77a8966d21f7ff4a83fdabd4"
LICENSE = "MIT"
LICENSE_FILE = "data/energy_languages.LICENSE.txt"  # inside the greenlab package, shipped with it
CITATION = (
    "Rui Pereira, Marco Couto, Francisco Ribeiro, Rui Rua, Jácome Cunha, João Paulo Fernandes, "
    "and João Saraiva. 2017. Energy Efficiency across Programming Languages: How Do Energy, Time, "
    "and Memory Relate? In Proceedings of the 10th ACM SIGPLAN International Conference on Software "
    "Language Engineering (SLE 2017), pp. 256-267. https://doi.org/10.1145/3136014.3136031"
)
DATA_FILE = "data/energy_languages.csv"  # inside the greenlab package
PAPER_PYTHON_OVER_C_ENERGY = 75.88  # Pereira et al., normalized global results (energy, C = 1)

_COLUMNS = ("language", "benchmark", "runs", "package_j", "dram_j", "energy_j", "time_s", "power_w")
# Other spellings learners type, to the table's names.
_ALIASES = {"cpp": "C++", "cxx": "C++", "c plus plus": "C++", "js": "JavaScript", "node": "JavaScript",
            "golang": "Go", "py": "Python", "python3": "Python", "cpython": "Python"}


@dataclass(frozen=True)
class Program:
    """One published program: a benchmark in one language, its medians and mean power."""

    language: str
    benchmark: str
    runs: int
    package_j: float
    dram_j: float
    time_s: float

    @property
    def energy_j(self) -> float:
        """Package + DRAM energy of one run, joules."""
        return self.package_j + self.dram_j

    @property
    def power_w(self) -> float:
        """Mean power over a run, watts: energy / time."""
        return self.energy_j / self.time_s

    def __str__(self) -> str:
        return _("{language} {benchmark}: {power} ({energy} in {time})", language=self.language, benchmark=self.benchmark,
                 power=format_power(self.power_w), energy=format_energy(self.energy_j), time=format_time(self.time_s))


@dataclass(frozen=True)
class PowerRange:
    """The lowest and highest mean power among published programs, and the median between."""

    lowest: Program
    highest: Program
    median_w: float
    programs: int

    @property
    def ratio(self) -> float:
        """Highest over lowest power: how far 'one fixed power per core' is from the truth."""
        return self.highest.power_w / self.lowest.power_w

    def __str__(self) -> str:
        return _("Mean power of {count} programs ranges from {low} ({low_program}) to {high} ({high_program}), {ratio}x; "
                 "median {median}. Source: Pereira et al., SLE 2017.", count=self.programs,
                 low=format_power(self.lowest.power_w), low_program=" ".join((self.lowest.language, self.lowest.benchmark)),
                 high=format_power(self.highest.power_w), high_program=" ".join((self.highest.language, self.highest.benchmark)),
                 ratio=format(self.ratio, ".1f"), median=format_power(self.median_w))

    def _repr_pretty_(self, p, cycle) -> None:  # IPython's plain-text display
        p.text(str(self))

    def to_table(self) -> Table:
        return Table(
            columns=(Column("which", "", format=_), Column("language", N_("language")),
                     Column("benchmark", N_("benchmark")), Column("power_w", N_("power"), format_power, numeric=True),
                     Column("energy_j", N_("energy"), format_energy, numeric=True),
                     Column("time_s", N_("time"), format_time, numeric=True)),
            rows=tuple({"which": label, "language": p.language, "benchmark": p.benchmark, "power_w": p.power_w,
                        "energy_j": p.energy_j, "time_s": p.time_s}
                       for label, p in ((N_("lowest"), self.lowest), (N_("highest"), self.highest))),
            notes=(_("{count} programs, median {median}, highest / lowest {ratio}x. Source: Pereira et al., SLE 2017 (MIT).",
                     count=self.programs, median=format_power(self.median_w), ratio=format(self.ratio, ".1f")),),
            css_class="greenlab-power-range",
        )

    def _repr_html_(self) -> str:
        return self.to_table().to_html()


@dataclass(frozen=True)
class TotalRatio:
    """One language against a reference over all the benchmarks both have, as totals."""

    language: str
    reference: str
    benchmarks: tuple[str, ...]
    energy_ratio: float  # sum of energy_j over the benchmarks, language / reference
    time_ratio: float  # sum of time_s over the benchmarks, language / reference

    def __str__(self) -> str:
        return _("Over {count} benchmarks {language} used {energy}x the energy and {time}x the time of {reference} "
                 "(ratio of totals; Pereira et al., SLE 2017).", count=len(self.benchmarks), language=self.language,
                 energy=format(self.energy_ratio, ".1f"), time=format(self.time_ratio, ".1f"), reference=self.reference)

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))


# -- the data ----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def programs() -> tuple[Program, ...]:
    """Every published program as a ``Program`` record (stdlib only: no pandas needed)."""
    text = resources.files("greenlab").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return tuple(
        Program(row["language"], row["benchmark"], int(row["runs"]), float(row["package_j"]),
                float(row["dram_j"]), float(row["time_s"]))
        for row in csv.DictReader(io.StringIO(text))
    )


def languages() -> list[str]:
    """The languages in the table, in its order (C first: the paper's reference)."""
    return list(dict.fromkeys(program.language for program in programs()))


def benchmarks() -> list[str]:
    """The benchmark programs in the table, in its order."""
    return list(dict.fromkeys(program.benchmark for program in programs()))


def energy_languages(*, languages: list[str] | tuple[str, ...] | None = None) -> pandas.DataFrame:
    """The published table as a pandas DataFrame, one row per (language, benchmark).

    Columns: ``language, benchmark, runs, package_j, dram_j, energy_j, time_s, power_w``
    (see the module docstring). ``languages=["Python", "C"]`` keeps those languages, in that
    order; names are matched without regard to case ("python", "c++", "js" work), and an
    unknown name raises ``ValueError`` naming the known ones.
    """
    import pandas as pd

    chosen = [normalize_language(name) for name in languages] if languages is not None else None
    records = [
        (p.language, p.benchmark, p.runs, p.package_j, p.dram_j, p.energy_j, p.time_s, p.power_w)
        for p in programs()
        if chosen is None or p.language in chosen
    ]
    frame = pd.DataFrame.from_records(records, columns=list(_COLUMNS))
    if chosen is not None:
        order = {name: i for i, name in enumerate(chosen)}
        frame = frame.sort_values("language", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    frame.attrs["source"] = f"{SOURCE} @ {SOURCE_COMMIT[:12]}"
    frame.attrs["citation"] = CITATION
    return frame


def normalize_language(name: str) -> str:
    """The table's spelling of a language: "python" -> "Python", "cpp" -> "C++", "js" -> "JavaScript".

    An unknown name raises ``ValueError`` that names the closest known language and lists all.
    """
    return _normalize(name, languages())


def _normalize(name: Any, known: list[str]) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ValueError(_("language must be a name such as 'Python' or 'C'; got {value}. Known languages: {known}",
                           value=repr(name), known=", ".join(known)))
    text = " ".join(name.split())
    by_fold = {language.casefold(): language for language in known}
    if text.casefold() in by_fold:
        return by_fold[text.casefold()]
    alias = _ALIASES.get(text.casefold())
    if alias in known:
        return alias
    close = difflib.get_close_matches(text.casefold(), list(by_fold), n=1, cutoff=0.6)
    hint = _("did you mean {name}? ", name=repr(by_fold[close[0]])) if close else ""
    raise ValueError(_("no published measurements for language {name}; {hint}known languages: {known}",
                       name=repr(name), hint=hint, known=", ".join(known)))


# -- comparisons -------------------------------------------------------------------------------
def ratios(
    language: str = "Python", reference: str = "C", *, table: pandas.DataFrame | None = None
) -> pandas.DataFrame:
    """Per benchmark, how many times the energy and the time of ``reference`` ``language`` took.

    Returns a DataFrame indexed by benchmark with columns:

    - ``energy_ratio``: energy_j of ``language`` / energy_j of ``reference``;
    - ``time_ratio``: time_s of ``language`` / time_s of ``reference``;
    - ``energy_over_time``: energy_ratio / time_ratio, which is also the ratio of the two
      programs' mean powers. An estimate from CPU time at a fixed power per core always gives
      1.0 here; where the measured value is not 1.0, such an estimate is wrong by that factor
      (0.62 means the estimate overstates the energy ratio 1.6x; 1.52, understates it 1.5x).

    Only benchmarks both languages have are compared; the others are listed in
    ``result.attrs["missing"]``. ``table`` defaults to ``energy_languages()``; pass any frame with
    columns ``language, benchmark, time_s`` and ``energy_j`` (or ``package_j`` and ``dram_j``) to
    compare your own measurements the same way.
    """
    import pandas as pd

    frame = energy_languages() if table is None else table
    missing_columns = {"language", "benchmark", "time_s"} - set(frame.columns)
    if "energy_j" not in frame.columns and not {"package_j", "dram_j"} <= set(frame.columns):
        missing_columns.add("energy_j (or package_j and dram_j)")
    if missing_columns:
        raise ValueError(f"table needs the columns {', '.join(sorted(missing_columns))}; "
                         f"it has {', '.join(map(str, frame.columns))}")
    known = list(dict.fromkeys(frame["language"]))
    language, reference = _normalize(language, known), _normalize(reference, known)
    energy = frame["energy_j"] if "energy_j" in frame.columns else frame["package_j"] + frame["dram_j"]
    data = pd.DataFrame({"language": frame["language"], "benchmark": frame["benchmark"],
                         "energy_j": energy, "time_s": frame["time_s"]})
    mine = data[data["language"] == language].set_index("benchmark")
    ref = data[data["language"] == reference].set_index("benchmark")
    shared = [benchmark for benchmark in mine.index if benchmark in ref.index]
    result = pd.DataFrame(
        {"energy_ratio": mine.loc[shared, "energy_j"] / ref.loc[shared, "energy_j"],
         "time_ratio": mine.loc[shared, "time_s"] / ref.loc[shared, "time_s"]},
        index=pd.Index(shared, name="benchmark"),
    )
    result["energy_over_time"] = result["energy_ratio"] / result["time_ratio"]
    result.attrs["language"], result.attrs["reference"] = language, reference
    result.attrs["missing"] = sorted(set(mine.index) ^ set(ref.index))
    return result


def power_range(*, languages: list[str] | tuple[str, ...] | None = None) -> PowerRange:
    """The published programs with the lowest and the highest mean power (package + DRAM).

    ``languages=["Python", "C"]`` looks only at those. The answer is a ``PowerRange``:
    ``.lowest`` and ``.highest`` are ``Program`` records, ``.ratio`` is highest / lowest.
    """
    chosen = [normalize_language(name) for name in languages] if languages is not None else None
    pool = [p for p in programs() if chosen is None or p.language in chosen]
    by_power = sorted(pool, key=lambda p: p.power_w)
    return PowerRange(lowest=by_power[0], highest=by_power[-1],
                      median_w=statistics.median(p.power_w for p in pool), programs=len(pool))


def total_ratio(language: str = "Python", reference: str = "C") -> TotalRatio:
    """Energy and time of ``language`` over ``reference``, summed over the benchmarks both have.

    A ratio of totals weighs each benchmark by how long it runs; the mean of the
    per-benchmark ratios (``ratios().energy_ratio.mean()``) weighs them equally and gives a
    different headline (85x instead of 75.6x for Python over C). Pereira et al. report 75.88x
    (``PAPER_PYTHON_OVER_C_ENERGY``); the ratio of totals from this table comes within 0.4% of it.
    """
    known = languages()
    language, reference = _normalize(language, known), _normalize(reference, known)
    mine = {p.benchmark: p for p in programs() if p.language == language}
    ref = {p.benchmark: p for p in programs() if p.language == reference}
    shared = tuple(benchmark for benchmark in mine if benchmark in ref)
    return TotalRatio(
        language=language,
        reference=reference,
        benchmarks=shared,
        energy_ratio=sum(mine[b].energy_j for b in shared) / sum(ref[b].energy_j for b in shared),
        time_ratio=sum(mine[b].time_s for b in shared) / sum(ref[b].time_s for b in shared),
    )
