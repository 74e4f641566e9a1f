"""Run every course notebook, time it, and write the times into the instructor guide.

    .venv/bin/python tools/notebook_times.py                      # workshop size, rewrites docs/instructor-guide.md
    .venv/bin/python tools/notebook_times.py --size quick         # CI's size
    .venv/bin/python tools/notebook_times.py --label "mybinder.org" --no-write
    .venv/bin/python tools/notebook_times.py --lang es               # the Spanish edition, into its guide

Each notebook in notebooks/ (NN-title.ipynb) runs top to bottom in a fresh kernel, the way
"Run All" does for a learner, with GREENLAB_SIZE set; the time is the wall time of that run,
kernel start-up included. Where solutions/NN-title-exercises.ipynb exists, its run time is
measured too: the time the exercise code itself takes, thinking time not included. A row sums
the core path of the 3-hour agenda (``CORE_PATH``: what a room runs; 07 and 09 are homework).
With ``--lang es`` it times the Spanish edition (notebooks/es/, solutions/es/) and writes the table,
in Spanish, into docs/es/guia-del-instructor.md.

The table goes between the markers ``<!-- notebook-times:start -->`` and
``<!-- notebook-times:end -->`` in the guide, with a line describing the machine; the rest of
the guide is left as it is. Run it where the learners will run (for example in a terminal on
mybinder.org, with --label "mybinder.org"): times on a laptop are not times on Binder's one CPU.

Exit status: 0 when every notebook ran, 1 when one failed (the table is still written, the
failure named in its row), 2 when there is nothing to run or the guide has no markers.
"""
from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARK_START = "<!-- notebook-times:start -->"
MARK_END = "<!-- notebook-times:end -->"
SIZES = ("quick", "workshop", "full")
# The notebook convention (docs/authoring.md): under 3 minutes each at workshop size.
BUDGET_S = {"quick": 60.0, "workshop": 180.0}
# The notebooks a room runs in the 3-hour agenda (the instructor guide, section 2); 07 and 09 are homework.
CORE_PATH = ("00", "01", "02", "03", "04", "05", "06", "08")

# The few words the table needs, so a translated guide gets a translated table (--lang).
WORDS = {
    "en": {
        "measured": "Measured on {date} at `GREENLAB_SIZE={size}`",
        "notebook": "Notebook", "run": "Run time", "exercises": "Exercises (solutions) run time",
        "total": "All notebooks", "failed": "failed", "over": "over the {budget} budget",
        "core": "Core path of the 3-hour agenda ({numbers})",
    },
    "es": {
        "measured": "Medido el {date} con `GREENLAB_SIZE={size}`",
        "notebook": "Cuaderno", "run": "Tiempo de ejecución", "exercises": "Ejercicios (soluciones)",
        "total": "Todos los cuadernos", "failed": "falló", "over": "supera el límite de {budget}",
        "core": "Recorrido básico de la agenda de 3 horas ({numbers})",
    },
}


@dataclass(frozen=True)
class Timing:
    """One notebook's run: the wall time in seconds, or why it failed."""

    path: Path
    time_s: float | None
    error: str | None = None


def course_notebooks(notebooks: Path, solutions: Path) -> list[tuple[Path, Path | None]]:
    """(notebook, its solutions notebook or None), in reading order; paired by their ``NN-`` number."""
    pairs = []
    for path in sorted(notebooks.glob("[0-9][0-9]-*.ipynb")):
        found = sorted(solutions.glob(f"{path.name[:3]}*.ipynb"))
        pairs.append((path, found[0] if found else None))
    return pairs


def run_notebook(path: Path, *, timeout_s: float) -> Timing:
    """Execute the notebook in a fresh kernel, in its own folder; nothing is written back."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout_s, resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    try:
        client.execute()
    except Exception as error:  # noqa: BLE001 - any failure is reported in the table
        name = getattr(error, "ename", None) or type(error).__name__
        return Timing(path, None, name)
    return Timing(path, time.perf_counter() - start)


def format_seconds(seconds: float) -> str:
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


def describe_machine(label: str | None = None, lang: str = "en") -> str:
    """CPU, CPUs usable, memory, OS, Python and the versions that set the pace (``greenlab.machine``),
    in the table's language."""
    from greenlab import i18n, machine

    with i18n.speaking(lang):
        return machine.describe(label=label, versions_of=("numpy", "numba", "Cython")).line()


def render_table(rows: list[tuple[Timing, Timing | None]], *, size: str, machine: str, lang: str = "en",
                 today: datetime.date | None = None) -> str:
    w = WORDS[lang]
    budget = BUDGET_S.get(size)

    def cell(timing: Timing | None) -> str:
        if timing is None:
            return "–"
        if timing.time_s is None:
            return f"{w['failed']} ({timing.error})"
        text = format_seconds(timing.time_s)
        if budget is not None and timing.time_s > budget:
            text += f" ({w['over'].format(budget=format_seconds(budget))})"
        return text

    date = (today or datetime.date.today()).isoformat()
    lines = [
        f"{w['measured'].format(date=date, size=size)}: {machine}.",
        "",
        f"| {w['notebook']} | {w['run']} | {w['exercises']} |",
        "| --- | ---: | ---: |",
    ]
    for notebook, solution in rows:
        lines.append(f"| {notebook.path.stem} | {cell(notebook)} | {cell(solution)} |")
    def total(timings: list[Timing]) -> str:
        ran = [t.time_s for t in timings if t.time_s is not None]
        return f"**{format_seconds(sum(ran))}**" if ran else "–"

    core = [(n, s) for n, s in rows if n.path.name[:2] in CORE_PATH]
    if core and len(core) < len(rows):
        numbers = ", ".join(n.path.name[:2] for n, _ in core)
        lines.append(f"| **{w['core'].format(numbers=numbers)}** | {total([n for n, _ in core])} | "
                     f"{total([s for _, s in core if s is not None])} |")
    notebooks_total = total([n for n, _ in rows])
    solutions_total = total([s for _, s in rows if s is not None])
    lines.append(f"| **{w['total']}** | {notebooks_total} | {solutions_total} |")
    return "\n".join(lines)


def replace_table(guide_text: str, table: str) -> str:
    """The guide with everything between the markers replaced by the table."""
    start, end = guide_text.find(MARK_START), guide_text.find(MARK_END)
    if start < 0 or end < start or guide_text.count(MARK_START) != 1 or guide_text.count(MARK_END) != 1:
        raise ValueError(f"the guide must hold {MARK_START} and then {MARK_END}, once each")
    return guide_text[: start + len(MARK_START)] + "\n" + table + "\n" + guide_text[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=SIZES, default="workshop", help="GREENLAB_SIZE for the runs (default workshop)")
    parser.add_argument("--notebooks", type=Path, help="default notebooks/ (notebooks/es/ with --lang es)")
    parser.add_argument("--solutions", type=Path, help="default solutions/ (solutions/es/ with --lang es)")
    parser.add_argument("--guide", type=Path, help="default docs/instructor-guide.md (docs/es/guia-del-instructor.md with --lang es)")
    parser.add_argument("--label", help='where this ran, put first in the machine line (e.g. "mybinder.org")')
    parser.add_argument("--lang", choices=sorted(WORDS), default="en", help="language of the table (default en)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed per cell (default 900)")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave the guide alone")
    args = parser.parse_args(argv)
    edition = "es" if args.lang == "es" else ""
    args.notebooks = args.notebooks or ROOT / "notebooks" / edition
    args.solutions = args.solutions or ROOT / "solutions" / edition
    args.guide = args.guide or (ROOT / "docs" / ("es/guia-del-instructor.md" if edition else "instructor-guide.md"))

    pairs = course_notebooks(args.notebooks, args.solutions)
    if not pairs:
        print(f"no notebooks named NN-title.ipynb in {args.notebooks}", file=sys.stderr)
        return 2
    if not args.no_write:
        guide_text = args.guide.read_text(encoding="utf-8")
        try:
            replace_table(guide_text, "")
        except ValueError as error:
            print(f"{args.guide}: {error}", file=sys.stderr)
            return 2

    os.environ["GREENLAB_SIZE"] = args.size  # the kernels inherit it
    rows = []
    for notebook, solution in pairs:
        timings = []
        for path in filter(None, (notebook, solution)):
            print(f"running {path.relative_to(path.parents[1])} at {args.size} size ...", end=" ", flush=True)
            timing = run_notebook(path, timeout_s=args.timeout)
            print(format_seconds(timing.time_s) if timing.time_s is not None else f"FAILED ({timing.error})", flush=True)
            timings.append(timing)
        rows.append((timings[0], timings[1] if solution is not None else None))

    table = render_table(rows, size=args.size, machine=describe_machine(args.label, args.lang), lang=args.lang)
    if args.no_write:
        print(table)
    else:
        args.guide.write_text(replace_table(guide_text, table), encoding="utf-8")
        print(f"table written to {args.guide}")
    failed = [t for row in rows for t in row if t is not None and t.time_s is None]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
