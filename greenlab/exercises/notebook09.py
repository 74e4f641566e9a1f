"""Exercises after notebook 09 (green AI and edge AI)."""
from __future__ import annotations

import math

from greenlab.exercises.feedback import WRONG
from greenlab.exercises.kinds import AnswerExercise, CodeExercise
from greenlab.exercises.references import quantize_input, quantize_reference
from greenlab.i18n import N_, _

__all__ = ["EXERCISES", "quantize_cases", "quantize_input", "quantize_reference", "quantize_validate"]


def quantize_validate(expected, actual, args) -> str | None:
    import numpy as np

    (weights,) = args
    if not isinstance(actual, tuple) or len(actual) != 2:
        return _("return a pair: (int8 array, scale)")
    q, scale = actual
    q = np.asarray(q)
    if q.dtype != np.int8:
        return _("the values must be int8 (got {dtype}): use .astype(np.int8) after rounding", dtype=q.dtype)
    if q.shape != np.shape(weights):
        return _("shape is {shape}, expected {expected}", shape=q.shape, expected=np.shape(weights))
    if not math.isclose(float(scale), expected[1], rel_tol=1e-6):
        return _("scale is {scale}, expected max|w| / 127 = {expected}", scale=format(float(scale), ".6g"),
                 expected=format(expected[1], ".6g"))
    error = np.abs(q.astype(np.float64) * scale - weights).max()
    if error > scale:
        return _("q * scale is off by up to {error}, more than a whole step ({step}): q should be round(w / scale)",
                 error=format(error, ".3g"), step=format(scale, ".3g"))
    if error > scale / 2 + 1e-12:
        return _("dequantized weights are off by up to {error}, more than half a step ({half}): round, don't truncate",
                 error=format(error, ".3g"), half=format(scale / 2, ".3g"))
    return None


def quantize_cases() -> list[tuple]:
    import numpy as np

    return [(np.array([[0.5, -1.0], [0.25, 0.0]]),)]


EXERCISES = (
    CodeExercise(
        "quantize-int8", "09-green-ai-and-edge-ai", N_("Quantize weights to int8"), N_("int8 quantization with NumPy"),
        15, reference=quantize_reference, make_input=quantize_input, more_inputs=quantize_cases,
        validate=quantize_validate,
        hints={WRONG: (N_("scale = np.abs(w).max() / 127; q = np.round(w / scale).astype(np.int8)"),)}),
    AnswerExercise(
        "model-size-int8", "09-green-ai-and-edge-ai", N_("Size of a 7-billion-parameter model"),
        N_("model size by precision"), 5,
        expected=7e9 * 1 / 1e9, unit="GB",
        hints={WRONG: (N_("int8 is 1 byte per parameter; 1 GB = 10^9 bytes"),)}),
)
