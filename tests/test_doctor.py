import pytest

import greenlab as gl
from greenlab.doctor import FIX, DoctorReport


@pytest.fixture(scope="module")
def report():
    return gl.doctor()


def test_doctor_says_what_is_measured_and_why(report):
    meter = report["energy meter"]
    assert meter.detail.startswith(("measured (rapl meter)", "estimated (estimate meter)"))
    assert len(meter.detail) > 40  # a reason, not just a word


def test_doctor_reports_intensity_cpus_cython_and_numba(report):
    for name in ("carbon intensity", "CPUs", "Cython kernels", "Numba", "C compiler", "packages", "PUE"):
        assert report[name].detail
    assert "g CO2e/kWh" in report["carbon intensity"].detail


def test_doctor_is_ok_on_a_complete_install(report):
    # make test installs everything the course needs, so nothing should need a fix here
    assert report.ok, str(report)


def test_doctor_text_and_html(report):
    text = str(report)
    assert "[ok]   " in text and "energy meter" in text
    assert "<table" in report._repr_html_()


def test_a_fix_makes_the_report_not_ok():
    from greenlab.doctor import Check

    bad = DoctorReport((Check("python", "ok", "3.11"), Check("Numba", FIX, "not installed; run make venv")))
    assert not bad.ok
    assert "some checks need a fix" in str(bad)
    with pytest.raises(KeyError, match="checks: python, Numba"):
        bad["GPU"]


def test_missing_cython_module_is_reported_with_the_fix(monkeypatch):
    import importlib

    doctor_module = importlib.import_module("greenlab.doctor")  # gl.doctor is the function

    real = importlib.import_module

    def no_cython(name, *args, **kwargs):
        if name.endswith(".cython_"):
            raise ImportError("not built")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(importlib, "import_module", no_cython)
    check = doctor_module._cython_check()
    assert check.status == FIX and "pip install -e ." in check.detail
