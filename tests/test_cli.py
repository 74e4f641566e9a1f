import subprocess
import sys

import pytest

from greenlab.cli import main


def test_doctor_prints_the_meter_and_exits_zero(capsys):
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "energy meter" in out and ("estimated" in out or "measured" in out)


def test_compare_prints_the_table(capsys):
    assert main(["compare", "pi", "--size", "quick", "--variants", "numpy", "--repeat", "1", "--min-time", "0.01"]) == 0
    out = capsys.readouterr().out
    assert "python (baseline)" in out and "numpy" in out and "speedup" in out
    assert "all variants agree" in out


def test_compare_writes_csv(tmp_path, capsys):
    target = tmp_path / "pi.csv"
    assert main(["compare", "pi", "--size", "quick", "--variants", "numpy", "--repeat", "1", "--min-time", "0.01",
                 "--csv", str(target)]) == 0
    assert target.read_text().splitlines()[0].startswith("variant,time_s,energy_j")


def test_unknown_kernel_is_one_readable_line(capsys):
    assert main(["compare", "juila"]) == 2
    err = capsys.readouterr().err
    assert "greenlab compare:" in err and "julia" in err and "Traceback" not in err


def test_bad_size_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["compare", "pi", "--size", "huge"])
    assert info.value.code == 2


def test_console_script_is_installed():
    out = subprocess.run([sys.executable, "-m", "greenlab.cli", "--help"], capture_output=True, text=True, check=True)
    assert "doctor" in out.stdout and "report" in out.stdout


def test_a_rapl_request_without_counters_is_one_line_and_exit_2(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("GREENLAB_METER", "rapl")
    monkeypatch.setenv("GREENLAB_POWERCAP_ROOT", str(tmp_path / "no-powercap"))
    from greenlab import config

    config.reset()
    assert main(["compare", "pi", "--size", "quick", "--repeat", "1", "--min-time", "0.01"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "meter='rapl' was asked for" in err and "Traceback" not in err
    assert main(["doctor"]) == 1  # the doctor reports it as a fix rather than failing
    assert "[fix]  energy meter" in capsys.readouterr().out


def test_a_wrong_environment_variable_is_named_and_does_not_lock_the_doctor_out(capsys, monkeypatch):
    monkeypatch.setenv("GREENLAB_SIZE", "huge")
    from greenlab import config

    with pytest.raises(ValueError, match="GREENLAB_SIZE"):
        config.reset()  # read the environment again
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "[fix]  settings" in out and "GREENLAB_SIZE='huge'" in out and "[ok]   PUE" in out
    assert main(["compare", "pi"]) == 2
    assert "GREENLAB_SIZE" in capsys.readouterr().err
