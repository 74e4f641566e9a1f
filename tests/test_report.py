"""greenlab.report: the savings report files, written offline; bad arguments refused before measuring."""
from __future__ import annotations

import base64
import re
from pathlib import Path

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
    assert "agrees" not in table.columns  # a mismatch raises before any row is written: always-true, so gone


def test_html_embeds_both_plots_and_says_how_energy_was_obtained(report):
    path = report[1]
    page = (path / "report.html").read_text(encoding="utf-8")
    embedded = re.findall(r"src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"", page)
    assert [base64.b64decode(data) for data in embedded] == [
        (path / "time.png").read_bytes(), (path / "energy.png").read_bytes()]
    assert "<strong>estimated</strong>" in page and "a fake meter for this test" in page
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
    assert "<strong>Failed</strong>" in page and "numpy" in page
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
