"""greenlab.render.table: one table, the same rows in text, Markdown, HTML and pandas."""
import pytest

from greenlab.render import palette
from greenlab.render.formatting import format_time
from greenlab.render.table import Column, Table, key_value


@pytest.fixture
def table():
    return Table(
        columns=(Column("name", "variant"), Column("time_s", "time/call", format_time, numeric=True)),
        rows=({"name": "python", "time_s": 0.012, "extra": 1}, {"name": "numpy|fast", "time_s": 0.0004, "extra": 2}),
        title="pi",
        notes=("energy estimated",),
        warnings=("runs varied",),
    )


def test_text_is_aligned_with_a_rule_under_the_header(table):
    lines = table.to_text().splitlines()
    assert lines[0] == "pi"
    assert lines[1].startswith("variant     time/call") and set(lines[2].replace(" ", "")) == {"-"}
    assert lines[3] == "python      12 ms" and lines[4] == "numpy|fast  400 µs"
    assert lines[5:] == ["energy estimated", "warning: runs varied"]


def test_markdown_escapes_pipes_and_right_aligns_numbers(table):
    text = table.to_markdown()
    assert "| variant | time/call |" in text and "| --- | ---: |" in text
    assert "| numpy\\|fast | 400 µs |" in text
    assert "**warning**: runs varied" in text


def test_html_escapes_and_colours_warnings(table):
    html = table.to_html()
    assert "<th style='text-align:right'>time/call</th>" in html and "numpy|fast" in html
    assert palette.CAUTION in html and "<li>runs varied</li>" in html
    bad = Table(columns=(Column("x", "x"),), rows=({"x": "<script>"},))
    assert "&lt;script&gt;" in bad.to_html() and "<script>" not in bad.to_html()


def test_a_column_can_colour_its_cells():
    coloured = Table(columns=(Column("status", "", color={"fix": palette.PROBLEM}.get),), rows=({"status": "fix"},))
    assert f"color:{palette.PROBLEM}" in coloured.to_html()


def test_frame_holds_raw_values_and_may_select_keys_the_columns_do_not_show(table):
    frame = table.to_frame(["name", "time_s", "extra"], index="name")
    assert frame.loc["python", "time_s"] == 0.012 and frame.loc["numpy|fast", "extra"] == 2


def test_select_and_rows_are_read_only(table):
    assert [c.key for c in table.select(["time_s"]).columns] == ["time_s"]
    with pytest.raises(KeyError, match="no column 'speed'"):
        table.select(["speed"])
    with pytest.raises(TypeError):
        table.rows[0]["name"] = "changed"  # type: ignore[index]


def test_duplicate_keys_are_refused():
    with pytest.raises(ValueError, match="unique"):
        Table(columns=(Column("a", "a"), Column("a", "b")), rows=())


def test_key_value_tables_have_no_header():
    kv = key_value([("cpu", "EPYC"), ("cpus", "2")], title="machine")
    assert kv.to_text().splitlines() == ["machine", "cpu   EPYC", "cpus  2"]
    assert "<th style='text-align:left'>cpu</th>" in kv.to_html() and "<thead>" not in kv.to_html()
