"""Reference implementations and inputs for the code exercises.

Each reference is the plain, correct way a beginner would write it: the baseline the
learner's version is measured against. Inputs are made from a fixed seed so every learner,
and CI, checks against the same numbers.
"""
from __future__ import annotations


# 07 · cython-primes: loop-heavy integer work
def count_primes_reference(limit):
    """How many primes are below ``limit``, by trial division (deliberately simple)."""
    count = 0
    for n in range(2, limit):
        d = 2
        prime = True
        while d * d <= n:
            if n % d == 0:
                prime = False
                break
            d += 1
        if prime:
            count += 1
    return count


def primes_input():
    return (30_000,)


# 09 · quantize-int8: symmetric per-tensor quantization
def quantize_reference(weights):
    """(int8 values, scale) with scale = max|w| / 127 and q = round(w / scale), element by element."""
    import numpy as np

    flat = [float(v) for v in np.asarray(weights).ravel()]
    largest = max(abs(v) for v in flat) or 1.0
    scale = largest / 127.0
    q = [max(-127, min(127, round(v / scale))) for v in flat]
    return np.array(q, dtype=np.int8).reshape(np.shape(weights)), scale


def quantize_input():
    import numpy as np

    rng = np.random.default_rng(2024)
    return (rng.normal(0.0, 0.2, size=(64, 10)),)
