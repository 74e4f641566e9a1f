"""greenlab.render.plot: horizontal bars, first label on top, log scale when values span > 30x."""
import matplotlib
import pytest

from greenlab.render import palette, plot

matplotlib.use("Agg")


def test_bars_in_order_with_their_colours_and_a_legend():
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    plot.bars(["a", "b"], [1.0, 2.0], [palette.BASELINE, palette.BETTER], xlabel="time (s)", ax=ax, title="t",
              legend=[(palette.BETTER, "less than the baseline")])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["a", "b"] and ax.yaxis_inverted()
    assert ax.get_xscale() == "linear" and ax.get_xlabel() == "time (s)" and ax.get_title() == "t"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["less than the baseline"]


def test_log_scale_when_values_span_more_than_30x():
    from matplotlib.figure import Figure

    assert plot.wants_log([1.0, 31.0]) and not plot.wants_log([1.0, 30.0]) and not plot.wants_log([0.0, 0.0])
    ax = Figure().subplots()
    plot.bars(["a", "b"], [1.0, 100.0], ["r", "g"], xlabel="energy", ax=ax)
    assert ax.get_xscale() == "log" and ax.get_xlabel() == "energy, log scale"


def test_lengths_must_match():
    with pytest.raises(ValueError, match="as long as each other"):
        plot.bars(["a"], [1.0, 2.0], ["r"], xlabel="x")


def test_a_long_axis_label_is_wrapped_to_fit_a_panel():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    label = "energía por llamada (J), estimada = tiempo de CPU x W por núcleo"
    plot.bars(["a", "b"], [1.0, 100.0], ["r", "g"], xlabel=label, ax=ax)
    lines = ax.get_xlabel().split("\n")
    assert len(lines) >= 2 and max(map(len, lines)) <= plot.LABEL_CHARS
    assert " ".join(lines).startswith(label)
    plt.close(fig)
