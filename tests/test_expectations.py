"""greenlab.expectations: gl.expect explains a direction that did not hold; only CI turns it into a failure."""
import pytest

import greenlab as gl
from greenlab import expectations
from greenlab.render import palette


def test_a_held_expectation_is_a_tick_with_what_was_measured(monkeypatch):
    monkeypatch.delenv(expectations.STRICT_ENV, raising=False)
    result = gl.expect(21.3 >= 5, "Numba at least 5x faster", shown="21.3x")
    assert result and str(result) == "✔ Numba at least 5x faster (this run: 21.3x)"
    assert palette.BETTER in result._repr_html_()


def test_a_missed_expectation_explains_and_does_not_raise_for_a_learner(monkeypatch):
    monkeypatch.delenv(expectations.STRICT_ENV, raising=False)
    result = gl.expect(3.2 >= 5, "Numba at least 5x faster", shown="3.2x")
    assert not result
    text = str(result)
    assert text.startswith("⚠ expected: Numba at least 5x faster; this run did not show it (this run: 3.2x)")
    assert "run the cell again" in text and palette.CAUTION in result._repr_html_()


def test_under_ci_a_missed_expectation_fails_the_cell(monkeypatch):
    monkeypatch.setenv(expectations.STRICT_ENV, "1")
    with pytest.raises(expectations.ExpectationFailed, match="Numba at least 5x faster"):
        gl.expect(False, "Numba at least 5x faster")
    assert gl.expect(True, "holds")  # a held one is fine under CI too
    monkeypatch.setenv(expectations.STRICT_ENV, "0")
    assert not gl.expect(False, "x")


def test_a_claim_is_required():
    with pytest.raises(ValueError, match="needs a claim in words"):
        gl.expect(True, "")
