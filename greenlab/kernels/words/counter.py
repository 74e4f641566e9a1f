"""``collections.Counter``: the dict algorithm, with its counting loop written in C."""
from __future__ import annotations

from collections import Counter


def word_counts(words):
    """(word, count) pairs, most common first, ties alphabetical."""
    # most_common() breaks ties by first occurrence; sort so every variant gives one answer
    return sorted(Counter(words).items(), key=lambda item: (-item[1], item[0]))
