"""greenlab.report (the savings report files) and the C benchmark's helpers (benchmarks/kernels.py)."""
from __future__ import annotations

import base64
import importlib.util
import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from greenlab import kernels
from greenlab.meters.base import FakeMeter
from greenlab.report import FILES, ReportIncomplete, write_report

ROOT = Path(__file__).resolve().parents[1]
REPORT_KERNELS = ["pi", "diffusion"]  # quick and cheap to compile; two kernels: two panels, two sections


def fake_meter() -> FakeMeter:
    return FakeMeter(power_w=10.0, reason="a fake meter for this test")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """One report for the module's file checks, written offline from default settings.

    Module-scoped fixtures run before the function-scoped autouse ones of conftest.py, so the
    network block and the fresh settings are applied here by hand.
    """
    import socket

    from greenlab import config

    def refuse(*args, **kwargs):
        raise AssertionError(f"write_report tried to open a network connection: {args!r:.120}")

    out = tmp_path_factory.mktemp("reports") / "nested" / "greenlab-report"  # missing parents are created
    with pytest.MonkeyPatch.context() as mp:
        for name in ("connect", "connect_ex"):
            mp.setattr(socket.socket, name, refuse)
        mp.setattr(socket, "create_connection", refuse)
        mp.setattr(socket, "getaddrinfo", refuse)
        for name in ("GREENLAB_COUNTRY", "GREENLAB_WATTS_PER_CORE", "GREENLAB_PUE", "GREENLAB_METER"):
            mp.delenv(name, raising=False)
        config.reset()
        try:
            path = write_report(out, size="quick", kernels=REPORT_KERNELS, repeat=1, min_time=0.002,
                                meter=fake_meter(), progress=False)
        finally:
            config.reset()
    return out, path


# -- the files ---------------------------------------------------------------------------------------------
def test_write_report_returns_the_folder_and_writes_every_file(report):
    out, path = report
    assert path == out and path.is_dir()
    for name in FILES:
        assert (path / name).is_file() and (path / name).stat().st_size > 0, name
    for name in ("time.png", "energy.png"):
        assert (path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_csv_has_a_row_per_variant_and_the_table_columns(report):
    import pandas as pd

    from greenlab.compare import TABLE_COLUMNS

    table = pd.read_csv(report[1] / "results.csv")
    assert list(table.columns) == ["kernel", "size", *TABLE_COLUMNS]
    for name in REPORT_KERNELS:
        rows = table[table.kernel == name]
        assert list(rows.variant) == list(kernels.get(name).variant_names)
        baseline = rows[rows.variant == kernels.get(name).baseline].iloc[0]
        assert baseline.speedup == pytest.approx(1.0)
    assert set(table["size"]) == {"quick"}
    assert (table.time_s > 0).all() and (table.energy_j > 0).all()
    assert set(table.energy_kind) == {"estimated"}  # the fake meter's kind, carried to every row
    assert table.agrees.all()


def test_html_embeds_both_plots_and_says_how_energy_was_obtained(report):
    path = report[1]
    page = (path / "report.html").read_text(encoding="utf-8")
    embedded = re.findall(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'", page)
    assert [base64.b64decode(data) for data in embedded] == [
        (path / "time.png").read_bytes(), (path / "energy.png").read_bytes()]
    assert "<b>estimated</b>" in page and "a fake meter for this test" in page
    for name in REPORT_KERNELS:
        assert f"<h2>{name}: " in page
        for variant in kernels.get(name).variant_names:
            assert f"<td>{variant}" in page
    assert "Problems" not in page  # nothing went wrong, so no problems section


def test_markdown_has_machine_tables_and_plot_links(report):
    text = (report[1] / "report.md").read_text(encoding="utf-8")
    assert "## Machine" in text and "| python |" in text  # machine table names the Python version
    assert "![time per call](time.png)" in text and "![energy per call](energy.png)" in text
    for name in REPORT_KERNELS:
        assert f"## {name}: " in text
        for variant in kernels.get(name).variant_names:
            assert re.search(rf"^\| {re.escape(variant)}( \(baseline\))? \|", text, re.MULTILINE), variant


# -- errors ------------------------------------------------------------------------------------------------------
def test_an_out_dir_that_is_a_file_is_refused_before_measuring(tmp_path):
    target = tmp_path / "taken"
    target.write_text("not a folder")
    with pytest.raises(NotADirectoryError, match="is a file, not a folder"):
        write_report(target, size="quick", kernels=["pi"], meter=fake_meter(), progress=False)
    assert target.read_text() == "not a folder"


@pytest.mark.parametrize(
    "options, message",
    [
        ({"kernels": ["julai"]}, "unknown kernel 'julai'"),
        ({"kernels": []}, "at least one"),
        ({"size": "huge"}, "size must be one of"),
        ({"repeat": 0}, "repeat must be"),
        ({"min_time": 0}, "min_time must be"),
    ],
)
def test_bad_arguments_are_refused_with_the_rule(tmp_path, options, message):
    with pytest.raises(ValueError, match=message):
        write_report(tmp_path / "out", **{"size": "quick", "meter": fake_meter(), "progress": False, **options})
    assert not any((tmp_path / "out").glob("*.csv"))  # nothing was written


def test_a_kernel_whose_variants_disagree_is_reported_then_raised(tmp_path, monkeypatch):
    import greenlab.kernels.pi.numpy_ as pi_numpy

    monkeypatch.setattr(pi_numpy, "estimate_pi", lambda x, y: 3.0)  # a fast, wrong answer
    with pytest.raises(ReportIncomplete, match="pi") as caught:
        write_report(tmp_path, size="quick", kernels=["pi"], repeat=1, min_time=0.002, meter=fake_meter(),
                     progress=False)
    assert caught.value.path == tmp_path and "numpy" in caught.value.failures["pi"]
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<b>Failed</b>" in page and "numpy" in page
    for name in FILES:
        assert (tmp_path / name).is_file(), name


def test_a_missing_cython_extension_drops_that_variant_visibly(tmp_path, monkeypatch):
    original = kernels.Kernel.variant

    def variant(self, name):
        if name == "cython":
            raise kernels.CythonNotBuilt("pretend the extension is not built; run `make venv`")
        return original(self, name)

    monkeypatch.setattr(kernels.Kernel, "variant", variant)
    write_report(tmp_path, size="quick", kernels=["pi"], repeat=1, min_time=0.002, meter=fake_meter(), progress=False)
    rows = (tmp_path / "results.csv").read_text().splitlines()
    assert not any(",cython," in row for row in rows) and any(",numba," in row for row in rows)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "cython left out" in page and "make venv" in page


# -- the C benchmark's helpers ---------------------------------------------------------------------------------
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
    assert "shape" in bench.check_answer(counts, counts.ravel(), rtol=0, atol=0)


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
    from greenlab.results import Measurement

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
