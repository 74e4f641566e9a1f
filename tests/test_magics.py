import pytest

IPython = pytest.importorskip("IPython")


@pytest.fixture(scope="module")
def ip():
    from IPython.testing.globalipapp import get_ipython

    shell = get_ipython()
    shell.run_line_magic("load_ext", "greenlab")
    return shell


def test_line_magic_prints_time_energy_and_co2_labelled(ip, capsys):
    ip.run_line_magic("energy", "-r 2 -t 0.01 sum(range(10**4))")
    out = capsys.readouterr().out
    assert "per call" in out and "CO2e" in out
    assert "estimated" in out or "measured" in out


def test_o_returns_the_measurement_and_q_silences(ip, capsys):
    m = ip.run_line_magic("energy", "-o -q -n 3 -r 2 sorted([3, 1, 2])")
    assert capsys.readouterr().out == ""
    assert m.loops == 3 and m.repeat == 2 and m.time_s > 0


def test_names_come_from_the_notebook_and_assignments_do_not_leak(ip):
    ip.user_ns["data"] = list(range(100))
    m = ip.run_line_magic("energy", "-o -q -n 1 -r 1 leaked = sum(data)")
    assert m.time_s > 0
    assert "leaked" not in ip.user_ns


def test_cell_magic_runs_setup_once_and_the_body_each_call(ip):
    ip.user_ns["counter"] = []
    m = ip.run_cell_magic("energy", "-o -q -n 4 -r 2 counter.append('setup')", "counter.append('body')")
    assert ip.user_ns["counter"].count("setup") == 1
    assert ip.user_ns["counter"].count("body") == 1 + 4 * 2  # first call + runs
    assert m.repeat == 2


def test_country_option(ip):
    m = ip.run_line_magic("energy", "-o -q -n 1 -r 1 -c COL abs(-1)")
    assert m.country == "COL"


def test_exceptions_propagate_unchanged(ip):
    with pytest.raises(ZeroDivisionError):
        ip.run_line_magic("energy", "-n 1 -r 1 1/0")


def test_bad_options_are_a_usage_error_not_a_traceback(ip):
    # IPython shows a UsageError as one line (as %timeit's), never a traceback
    from IPython.core.error import UsageError

    with pytest.raises(UsageError, match="-n and -r take whole numbers"):
        ip.run_line_magic("energy", "-n many sum([1])")
    with pytest.raises(UsageError, match="needs a statement"):
        ip.run_line_magic("energy", "")


def test_the_setup_line_runs_in_a_private_namespace(ip):
    ip.user_ns["data"] = ["the notebook's"]
    m = ip.run_cell_magic("energy", "-o -q -n 2 -r 1 data = [0]; total = 0", "total += len(data)")
    assert ip.user_ns["data"] == ["the notebook's"]  # %%energy data = [0] does not overwrite it
    assert "total" not in ip.user_ns and m.loops == 2


def test_n_zero_is_a_usage_error_naming_n(ip):
    from IPython.core.error import UsageError

    with pytest.raises(UsageError, match="-n is the calls per run"):
        ip.run_line_magic("energy", "-n 0 sum([1])")
    with pytest.raises(UsageError, match="-n is the calls per run"):
        ip.run_line_magic("energy", "-n 1000000000000 sum([1])")


def test_a_quoted_country_name_is_accepted(ip):
    m = ip.run_line_magic("energy", '-o -q -n 1 -r 1 -c "United States" abs(-1)')
    assert m.country == "USA"


def test_a_syntax_error_points_at_the_learners_line(ip):
    with pytest.raises(SyntaxError) as info:
        ip.run_cell_magic("energy", "-n 1 -r 1", "x = 1\ny = (2 +\n")
    assert info.value.filename == "<energy>" and info.value.lineno in (2, 3)
    with pytest.raises(SyntaxError) as info:
        ip.run_cell_magic("energy", "-n 1 -r 1 a = = 1", "pass")
    assert info.value.filename == "<energy setup>" and info.value.lineno == 1


def test_a_cell_is_labelled_as_a_cell_not_by_its_first_line(ip):
    m = ip.run_cell_magic("energy", "-o -q -n 1 -r 1", "# a comment first\nx = sum(range(10))")
    assert m.name == "%%energy cell"
