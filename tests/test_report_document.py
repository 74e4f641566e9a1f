"""greenlab.report.document: Markdown written once; the HTML page converts it and embeds the plots."""
import base64

from greenlab.context import measuring
from greenlab.meters.base import FakeMeter
from greenlab.report import document
from greenlab.report.run import KernelResult, run_kernels

PNG = b"\x89PNG\r\n\x1a\nfake"


def _about():
    return document.About(machine={"cpu": "a <fast> CPU", "python": "CPython 3.11"},
                          meter={"name": "fake", "kind": "estimated", "reason": "a fake meter", "describe": {}},
                          grid_text="Colombia grid, 259.5 g CO2e/kWh", pue=1.0, size="quick", repeat=1,
                          min_time=0.002)


def _results():
    with measuring(meter=FakeMeter()) as context:
        ok = run_kernels(context, ["pi"], size="quick", repeat=1, min_time=0.002, progress=False)
    failed = KernelResult(name="diffusion", title="Heat", params={"n": 3}, error="variant 'numpy' | <differs>",
                          missing={"cython": "not built"})
    return ok + [failed]


def test_markdown_holds_the_comparison_table_as_a_notebook_shows_it():
    results = _results()
    text = document.markdown(results, _about())
    assert results[0].comparison.to_table().to_markdown() in text  # the same table, not a copy
    assert "CO2e uses the Colombia grid, 259.5 g CO2e/kWh; PUE 1." in text
    assert "## Problems" in text and "**cython left out**: not built" in text
    assert "variant 'numpy' \\| &lt;differs&gt;" in text  # escaped for Markdown tables and HTML


def test_html_is_the_markdown_converted_with_the_plots_embedded(tmp_path):
    for name, _ in document.PLOTS:
        (tmp_path / name).write_bytes(PNG)
    page = document.html(document.markdown(_results(), _about()), tmp_path)
    assert page.startswith("<!DOCTYPE html>") and "<h1>greenlab savings report</h1>" in page
    assert page.count(f'src="data:image/png;base64,{base64.b64encode(PNG).decode()}"') == 2
    assert "a &lt;fast&gt; CPU" in page and "<fast>" not in page
    assert "<strong>estimated</strong>" in page and "<table>" in page
