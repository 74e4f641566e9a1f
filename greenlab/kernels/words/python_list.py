"""Pure Python with a list: each word is found by scanning the distinct words so far.

``seen.index(word)`` compares the word with the distinct words one by one, so a text of n
words with k distinct ones costs O(n * k). Common words are met early and sit near the
front of the list, which is why this is not even slower; every new or rare word still
scans most of it. Correct, idiomatic-looking, and the wrong data structure.
"""
from __future__ import annotations


def word_counts(words):
    """(word, count) pairs, most common first, ties alphabetical."""
    seen = []  # distinct words, in the order first met
    counts = []  # counts[i] is how often seen[i] occurred
    for word in words:
        try:
            position = seen.index(word)  # a linear scan: O(len(seen))
        except ValueError:
            seen.append(word)
            counts.append(1)
        else:
            counts[position] += 1
    return sorted(zip(seen, counts), key=lambda item: (-item[1], item[0]))
