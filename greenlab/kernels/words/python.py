"""Pure Python with a dict: one hash lookup per word, O(n)."""
from __future__ import annotations


def word_counts(words):
    """(word, count) pairs, most common first, ties alphabetical."""
    counts = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
