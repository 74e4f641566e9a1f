"""NumPy: ``np.unique`` sorts an array of strings and counts the runs, O(n log n).

Converting the list to a fixed-width string array copies every word (4 bytes a character,
padded to the longest word), and sorting strings is slow next to hashing them: NumPy shines
on numbers, not here. The answer is converted back to Python ``str`` and ``int``.
(NumPy's fixed-width strings drop trailing NUL characters, which words never have.)
"""
from __future__ import annotations

import numpy as np


def word_counts(words):
    """(word, count) pairs, most common first, ties alphabetical."""
    unique, counts = np.unique(np.array(words, dtype=str), return_counts=True)  # sorted alphabetically
    order = np.argsort(-counts, kind="stable")  # most common first; stable keeps ties alphabetical
    return list(zip(unique[order].tolist(), counts[order].tolist()))
