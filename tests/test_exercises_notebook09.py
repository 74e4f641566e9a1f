"""greenlab.exercises.notebook09: its exercises' references, edge cases and expected values."""
import numpy as np

import greenlab as gl
from greenlab.exercises import notebook09
from greenlab.exercises.references import quantize_reference


def test_the_validator_accepts_the_reference_and_names_truncation():
    (weights,) = notebook09.quantize_cases()[0]
    assert notebook09.quantize_validate(quantize_reference(weights), quantize_reference(weights), (weights,)) is None
    truncated = (np.trunc(weights / (1.0 / 127)).astype(np.int8), 1.0 / 127)
    assert "round, don't truncate" in notebook09.quantize_validate(quantize_reference(weights), truncated, (weights,))


def test_returning_only_the_array_asks_for_the_pair():
    assert "return a pair" in gl.check("quantize-int8", lambda w: np.round(w / (abs(w).max() / 127)).astype(np.int8)).message
