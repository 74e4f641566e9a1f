"""benchmarks/kernels.py: the C references' build and report format, the adapters, targets and tables."""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from greenlab import kernels
from greenlab.meters.base import FakeMeter

ROOT = Path(__file__).resolve().parents[1]


def fake_meter() -> FakeMeter:
    return FakeMeter(power_w=10.0, reason="a fake meter for this test")


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("greenlab_bench_kernels", ROOT / "benchmarks" / "kernels.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


GOOD_REPORT = """greenlab-c 1
kernel pi
first_call_s 0.0021
loops 64
run 0.00300 0.00290
run 0.00100 0.00110
run 0.00200 0.00190
end
"""


def test_parse_c_output_reads_the_report(bench):
    run = bench.parse_c_output(GOOD_REPORT)
    assert (run.kernel, run.first_call_s, run.loops) == ("pi", 0.0021, 64)
    assert run.times_s == (0.003, 0.001, 0.002) and run.cpu_times_s == (0.0029, 0.0011, 0.0019)
    assert run.time_s == 0.002 and run.cpu_time_s == 0.0019  # medians, not means or minima


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "first line must be 'greenlab-c 1'"),
        (GOOD_REPORT.replace("greenlab-c 1", "greenlab-c 2"), "first line"),
        (GOOD_REPORT.replace("end\n", ""), "cut short"),
        (GOOD_REPORT.replace("run 0.00100 0.00110", "run 0.001"), "line 6"),
        (GOOD_REPORT.replace("run 0.00100 0.00110", "run nan 0.1"), "finite"),
        (GOOD_REPORT.replace("loops 64\n", ""), "no loops line"),
        (GOOD_REPORT.replace("loops 64", "loops 0"), "loops must be >= 1"),
        ("greenlab-c 1\nkernel pi\nfirst_call_s 1\nloops 1\nend\n", "no 'run' lines"),
        (GOOD_REPORT.replace("kernel pi", "kernel pi\nkernel julia"), "unexpected"),
    ],
)
def test_parse_c_output_refuses_a_malformed_report(bench, text, message):
    with pytest.raises(bench.CParseError, match=message):
        bench.parse_c_output(text)


def test_check_answer_is_exact_for_counts_and_uses_the_tolerance_for_floats(bench):
    counts = np.arange(12, dtype=np.int64).reshape(3, 4)
    assert bench.check_answer(counts, counts.copy(), rtol=0, atol=0) is None
    wrong = counts.copy()
    wrong[2, 1] += 1
    assert "element [2, 1] is 10, expected 9" in bench.check_answer(counts, wrong, rtol=0, atol=0)
    assert bench.check_answer(1.0, 1.0 + 1e-13, rtol=1e-12, atol=0) is None
    assert bench.check_answer(1.0, 1.0 + 1e-9, rtol=1e-12, atol=0) is not None
    assert "an array of 12 numbers (12,), expected a 3 x 4 array" in bench.check_answer(counts, counts.ravel(), rtol=0, atol=0)


@pytest.mark.parametrize("name", ["julia", "pairwise", "pi", "diffusion"])
def test_adapters_write_the_inputs_and_read_answers_in_the_python_shape(bench, tmp_path, name):
    kernel = kernels.get(name)
    args = kernel.make_input("quick")
    argv = bench.ADAPTERS[name].write(args, tmp_path)
    first = np.fromfile(argv[0], dtype=np.float64)
    assert np.array_equal(first, np.ravel(args[0]))  # the exact doubles, in C order
    expected = kernel.variant("numpy")(*args)
    out = tmp_path / "answer.bin"
    np.asarray(expected).tofile(out)  # what a correct C program writes
    answer = bench.ADAPTERS[name].read(out, args)
    assert type(answer) is type(expected) and bench.check_answer(expected, answer, rtol=0, atol=0) is None
    with out.open("ab") as f:
        f.write(b"\0" * 8)  # one value too many: refused, never reshaped silently
    with pytest.raises(bench.CParseError, match="expected"):
        bench.ADAPTERS[name].read(out, args)


def test_julia_adapter_passes_c_and_maxiter_exactly(bench, tmp_path):
    x, y, c, maxiter = kernels.get("julia").make_input("quick")
    argv = bench.ADAPTERS["julia"].write((x, y, c, maxiter), tmp_path)
    assert argv[2:] == [str(maxiter), repr(c.real), repr(c.imag)]
    assert float(argv[3]) == c.real and float(argv[4]) == c.imag


@pytest.mark.skipif(not (shutil.which("cc") or shutil.which("gcc")), reason="needs a C compiler")
def test_a_built_c_reference_gives_the_python_answer(bench, tmp_path):
    kernel = kernels.get("pi")
    args = kernel.make_input("quick")
    program = bench.build("pi", bin_dir=tmp_path / "bin")
    built_at = program.stat().st_mtime_ns
    assert bench.build("pi", bin_dir=tmp_path / "bin").stat().st_mtime_ns == built_at  # up to date: not rebuilt
    run = bench.run_c("pi", program, args, min_time=0.001, repeat=2, workdir=tmp_path / "work")
    assert len(run.times_s) == 2 and run.loops >= 1 and run.time_s > 0
    assert run.result == kernel.reference(*args)  # the same float, exactly


def _measurement(name, time_s):
    from greenlab.measure import Measurement

    return Measurement(name=name, time_s=time_s, energy_j=time_s * 10, co2_g=0.0, loops=1, repeat=1,
                       times_s=(time_s,), energies_j=(time_s * 10,), first_call_time_s=time_s,
                       first_call_energy_j=time_s * 10, energy_kind="estimated", meter="fake", meter_reason="test",
                       country=None, intensity_g_per_kwh=0.0)


def _kernel_run(bench, name, cpu_times, c_time_s, params=None, extra_c=None):
    """A KernelRun with made-up figures: wall time = CPU time = the given seconds, unless extra_c says."""
    from greenlab.compare import Comparison

    def c_run(seconds):
        return bench.CRun(kernel=name, first_call_s=seconds, loops=1, times_s=(seconds,), cpu_times_s=(seconds,))

    comparison = Comparison({v: _measurement(v, t) for v, t in cpu_times.items()}, baseline="python")
    c_runs = {"C": c_run(c_time_s), **{label: c_run(t) for label, t in (extra_c or {}).items()}}
    return bench.KernelRun(kernel=name, params=params or {}, rtol=0, atol=0, baseline="python", c_runs=c_runs,
                           comparison=comparison, cpu_runs={v: (t,) for v, t in cpu_times.items()}, agreement={})


def test_targets_report_a_miss_with_its_reason_and_never_drop_it(bench):
    runs = {
        "julia": _kernel_run(bench, "julia", {"python": 10.0, "numpy": 1.0, "numba": 0.11, "cython": 0.15}, 0.1),
        "pairwise": _kernel_run(bench, "pairwise", {"python": 5.0, "numpy": 0.5, "numba": 0.1, "cython": 0.1}, 0.1,
                                {"n": 3000, "d": 3}),
    }
    lines = {t.rule: t for t in bench.evaluate_targets(runs, size="full")}
    assert lines["julia numba within 1.3x of C"].status == "PASS"
    miss = lines["julia cython within 1.3x of C"]
    assert miss.status == "MISS" and miss.detail.startswith("1.50x C by CPU time (150 ms vs 100 ms)")
    assert "numba reaches 1.10x on the same loop" in miss.detail  # the reason comes from this run's figures
    numpy_miss = lines["pairwise numpy within 3x of C"]
    assert numpy_miss.status == "MISS" and "216 MB" in numpy_miss.detail
    assert lines["julia numpy (does not vectorize, no target)"].status == "INFO"
    rule = "julia python >= 50x slower than the best single-thread variant"
    assert lines[rule].status == "PASS" and lines[rule].detail.startswith("91x by CPU time (python 10 s vs numba 110 ms)")
    quick = {t.rule: t for t in bench.evaluate_targets(runs, size="quick")}
    assert quick[rule].status == "INFO"  # the 50x target is set at full size


def test_the_python_target_is_judged_on_single_thread_variants_and_explained(bench):
    times = {"python": 3.0, "numpy": 1.0, "numba": 0.11, "numba_parallel": 0.01, "cython": 0.15}
    run = _kernel_run(bench, "julia", times, 0.1, extra_c={bench.HYPOT: 0.25})
    (target,) = [t for t in bench.evaluate_targets({"julia": run}, size="full") if t.rule.startswith("julia python")]
    assert target.status == "MISS" and target.detail.startswith("27x")  # numba_parallel is not single-thread
    assert "C itself is only 30x faster" in target.detail
    assert "the same C loop with hypot takes 250 ms instead of 100 ms" in target.detail
    counts = np.full((100, 100), 3, dtype=np.int64)  # 30,000 iterations of z = z*z + c in all
    run.c_runs["C"] = bench.CRun(kernel="julia", first_call_s=0.1, loops=1, times_s=(0.1,), cpu_times_s=(0.1,),
                                 result=counts)
    (target,) = [t for t in bench.evaluate_targets({"julia": run}, size="full") if t.rule.startswith("julia python")]
    assert "the 30,000 iterations of z = z*z + c cost pure Python 100000 ns each and C 3333.3 ns" in target.detail


def test_cpu_time_meter_records_each_run_beside_the_real_energy(bench):
    inner = fake_meter()
    recorder = bench.CpuTimeMeter(inner)
    m, cpu_runs, first_cpu = bench.measure_with_cpu(lambda: sum(range(20_000)), (), name="busy", meter=recorder,
                                                    repeat=3, min_time=0.01)
    assert len(recorder.cpu_s) >= 1 + 3 and m.energy_kind == inner.kind and m.energy_j > 0
    assert len(cpu_runs) == 3 and min(cpu_runs) > 0 and first_cpu > 0
    # a single-thread loop cannot use more CPU time than wall time (other processes only add wall time)
    for cpu_per_call, wall_per_call in zip(cpu_runs, m.times_s):
        assert cpu_per_call <= wall_per_call * 1.05 + 1e-4


def test_a_compiled_miss_caused_by_page_faults_says_so(bench):
    times = {"python": 5.0, "numpy": 0.5, "numba": 0.05, "cython": 0.03}
    run = _kernel_run(bench, "pairwise", times, 0.022, {"n": 3000, "d": 3}, extra_c={bench.PLAIN_MALLOC: 0.055})
    (numba,) = [t for t in bench.evaluate_targets({"pairwise": run}, size="full") if t.rule.startswith("pairwise numba")]
    assert numba.status == "MISS"
    assert "takes 55 ms instead of 22 ms, and numba is 0.91x that: the gap is the page faults" in numba.detail
    run = _kernel_run(bench, "pairwise", times, 0.022, {"n": 3000, "d": 3}, extra_c={bench.PLAIN_MALLOC: 0.023})
    (numba,) = [t for t in bench.evaluate_targets({"pairwise": run}, size="full") if t.rule.startswith("pairwise numba")]
    assert numba.status == "MISS" and "page faults" not in numba.detail  # plain malloc costs C nothing here


def _table_run(bench):
    run = _kernel_run(bench, "pi", {"python": 1.0, "numpy": 0.01}, c_time_s=0.004)
    run.agreement.update({"C": None, "python": None, "numpy": None})
    return run


def test_the_kernel_table_is_the_comparisons_table_with_c_rows_added(bench):
    run = _table_run(bench)
    table = bench.kernel_table(run, watts_per_core=10.0)
    rows = table.cells()
    assert [r[0] for r in rows] == ["C (reference)", "python", "numpy"]  # C first, then Comparison.rows()
    numpy_row = table.rows[2]
    assert numpy_row["speedup"] == run.comparison.speedup("numpy")  # the comparison's own figure, not a copy
    assert numpy_row["x_c_cpu"] == pytest.approx(0.01 / 0.004)
    text, markdown = table.to_text(), table.to_markdown()
    assert "x C (CPU)" in text and "| C (reference) |" in markdown


def test_the_compile_table_reuses_the_comparisons_payback(bench):
    from greenlab.compare import payback_text

    run = _table_run(bench)
    table = bench.compile_table({"pi": run})
    assert table.rows == ()  # no numba variant in this run: nothing to pay back
    assert payback_text(float("inf")) == "never" and payback_text(3) == "3 calls" and payback_text(0) == "-"
