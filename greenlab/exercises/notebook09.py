"""Exercises after notebook 09 (green AI and edge AI)."""
from __future__ import annotations

import math

from greenlab.exercises.feedback import WRONG
from greenlab.exercises.kinds import AnswerExercise, CodeExercise
from greenlab.exercises.references import quantize_input, quantize_reference

__all__ = ["EXERCISES", "quantize_cases", "quantize_input", "quantize_reference", "quantize_validate"]


def quantize_validate(expected, actual, args) -> str | None:
    import numpy as np

    (weights,) = args
    if not isinstance(actual, tuple) or len(actual) != 2:
        return "return a pair: (int8 array, scale)"
    q, scale = actual
    q = np.asarray(q)
    if q.dtype != np.int8:
        return f"the values must be int8 (got {q.dtype}): use .astype(np.int8) after rounding"
    if q.shape != np.shape(weights):
        return f"shape is {q.shape}, expected {np.shape(weights)}"
    if not math.isclose(float(scale), expected[1], rel_tol=1e-6):
        return f"scale is {float(scale):.6g}, expected max|w| / 127 = {expected[1]:.6g}"
    error = np.abs(q.astype(np.float64) * scale - weights).max()
    if error > scale:
        return f"q * scale is off by up to {error:.3g}, more than a whole step ({scale:.3g}): q should be round(w / scale)"
    if error > scale / 2 + 1e-12:
        return f"dequantized weights are off by up to {error:.3g}, more than half a step ({scale / 2:.3g}): round, don't truncate"
    return None


def quantize_cases() -> list[tuple]:
    import numpy as np

    return [(np.array([[0.5, -1.0], [0.25, 0.0]]),)]


EXERCISES = (
    CodeExercise(
        "quantize-int8", "09-green-ai-and-edge-ai", "Quantize weights to int8", "int8 quantization with NumPy", 15,
        reference=quantize_reference, make_input=quantize_input, more_inputs=quantize_cases,
        validate=quantize_validate,
        hints={WRONG: ("scale = np.abs(w).max() / 127; q = np.round(w / scale).astype(np.int8)",)}),
    AnswerExercise(
        "model-size-int8", "09-green-ai-and-edge-ai", "Size of a 7-billion-parameter model", "model size by precision", 5,
        expected=7e9 * 1 / 1e9, unit="GB",
        hints={WRONG: ("int8 is 1 byte per parameter; 1 GB = 10^9 bytes",)}),
)
