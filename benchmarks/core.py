"""Benchmark of greenlab's measuring core, with figures measured side by side in one run.

Targets (issue 2):
- ``import greenlab`` loads no numba, pandas, matplotlib, IPython or codecarbon, in < 0.2 s;
- ``gl.measure`` on a ~1 ms function finishes in about 1.5 s at defaults, and its per-call
  time agrees with ``timeit``'s within 3%;
- the overhead per loop (a no-op measured by ``gl.measure`` vs by ``timeit``) is reported.

Run: ``python benchmarks/core.py [--record]``; ``--record`` appends the output, with the
machine it ran on, to benchmarks/results/core.md. Figures are wall-clock on a shared machine:
read the ratios, and rerun before trusting a surprise.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time
import timeit
from pathlib import Path

HEAVY = ("numba", "pandas", "matplotlib", "IPython", "codecarbon")
RESULTS = Path(__file__).parent / "results" / "core.md"
ROUNDS = 5  # interleaved timeit / greenlab rounds


def import_time_s(runs: int = 5) -> tuple[float, list[str]]:
    """Median wall time of ``import greenlab`` in a fresh interpreter, and heavy modules it loaded."""
    code = (
        "import time, sys; t = time.perf_counter(); import greenlab; t = time.perf_counter() - t;"
        f"print(t); print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    times, loaded = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
        times.append(float(out[0]))
        loaded = [m for m in out[1].split(",") if m]
    return statistics.median(times), loaded


def busy_1ms() -> int:
    """Pure-Python work of about 1 ms on a current CPU."""
    total = 0
    for i in range(20_000):
        total += i * i
    return total


def noop() -> None:
    return None


def timeit_per_call_s(func, repeat: int = 5) -> float:
    """timeit's own calibration (autorange), then the median per-call time over ``repeat`` runs."""
    timer = timeit.Timer(func)
    loops, _ = timer.autorange()
    return statistics.median(t / loops for t in timer.repeat(repeat=repeat, number=loops))


def main() -> str:
    import greenlab as gl

    lines = []
    say = lines.append
    t_import, heavy = import_time_s()
    say(f"import greenlab: {t_import * 1000:.0f} ms (target < 200 ms): {'PASS' if t_import < 0.2 else 'MISS'}")
    say(f"heavy modules loaded by import: {', '.join(heavy) or 'none'}: {'PASS' if not heavy else 'MISS'}")

    # side by side, interleaved: timeit, greenlab, timeit, greenlab, ... so that drift in the
    # machine's load hits both alike; the ratio of each pair is what is compared.
    # timeit against itself (before / after each round) is the machine's own noise: where it is
    # larger than the target, the comparison cannot resolve 3% and says so instead of PASS or MISS.
    ratios, noise, totals_s, m = [], [], [], None
    for _ in range(ROUNDS):
        before = timeit_per_call_s(busy_1ms)
        t0 = time.perf_counter()
        m = gl.measure(busy_1ms)
        totals_s.append(time.perf_counter() - t0)
        after = timeit_per_call_s(busy_1ms)
        ratios.append(m.time_s / ((before + after) / 2))
        noise.append(abs(after / before - 1))
    agreement, floor = statistics.median(ratios) - 1, statistics.median(noise)
    verdict = "PASS" if abs(agreement) <= 0.03 else ("MISS" if floor <= 0.03 else "UNRESOLVED")
    say(f"busy_1ms per call: greenlab / timeit over {ROUNDS} interleaved rounds: median {agreement:+.1%} "
        f"(rounds {', '.join(f'{r - 1:+.1%}' for r in ratios)}); timeit against itself: median {floor:.1%} "
        f"apart; target within 3%: {verdict}"
        + (" (this machine's noise is larger than the target: rerun when it is quiet)" if verdict == "UNRESOLVED" else ""))
    say(f"gl.measure(busy_1ms) at defaults took {statistics.median(totals_s):.2f} s (median of {ROUNDS}; target about 1.5 s), "
        f"{m.repeat} runs x {m.loops} loops of {m.time_s * 1e3:.2f} ms; energy {m.energy_j * 1e3:.3f} mJ per call, {m.energy_kind}")

    noop_timeit = timeit_per_call_s(noop)
    noop_m = gl.measure(noop)
    say(f"no-op per call: timeit {noop_timeit * 1e9:.1f} ns, greenlab {noop_m.time_s * 1e9:.1f} ns: "
        f"measurement overhead {(noop_m.time_s - noop_timeit) * 1e9:+.1f} ns per loop")

    header = (
        f"## {datetime.datetime.now().isoformat(timespec='minutes')} on {platform.node() or 'unknown host'}\n"
        f"{_machine()}\n"
    )
    return header + "\n".join(f"- {line}" for line in lines) + "\n"


def _machine() -> str:
    from greenlab import machine

    described = machine.describe()
    return f"{described.line()}; load average before the run {described.load_text}"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="append the figures to benchmarks/results/core.md")
    args = parser.parse_args()
    report = main()
    print(report)
    if args.record:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        with RESULTS.open("a") as out:
            out.write(report + "\n")
        print(f"recorded in {RESULTS}")
