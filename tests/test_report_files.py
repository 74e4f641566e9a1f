"""greenlab.report.files: the CSV holds the comparisons' raw figures; the plots are PNGs, one panel a kernel."""
import pandas as pd

from greenlab.compare import TABLE_COLUMNS
from greenlab.context import measuring
from greenlab.meters.base import FakeMeter
from greenlab.report import files
from greenlab.report.run import KernelResult, run_kernels


def _results():
    with measuring(meter=FakeMeter(power_w=10.0)) as context:
        results = run_kernels(context, ["pi"], size="quick", repeat=1, min_time=0.002, progress=False)
    return results + [KernelResult(name="broken", title="t", params={}, error="it failed")]


def test_csv_rows_are_the_comparison_table_with_kernel_and_size(tmp_path):
    results = _results()
    files.write_csv(tmp_path / "r.csv", results, "quick")
    table = pd.read_csv(tmp_path / "r.csv")
    assert list(table.columns) == ["kernel", "size", *TABLE_COLUMNS]
    expected = results[0].comparison.table().reset_index()
    assert list(table.variant) == list(expected.variant)  # the failed kernel has no rows
    assert table.time_s.tolist() == expected.time_s.tolist()


def test_an_empty_report_still_writes_a_csv_header_and_a_plot(tmp_path):
    failed = [KernelResult(name="broken", title="t", params={}, error="it failed")]
    files.write_csv(tmp_path / "r.csv", failed, "quick")
    assert (tmp_path / "r.csv").read_text().startswith("kernel,size,variant,")
    files.write_plot(tmp_path / "e.png", failed, "energy_j", "quick")
    assert (tmp_path / "e.png").read_bytes()[:4] == b"\x89PNG"


def test_plots_are_pngs(tmp_path):
    files.write_plot(tmp_path / "t.png", _results(), "time_s", "quick")
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
