"""Word frequencies in a synthetic text: the algorithm matters more than the hardware.

What it teaches
    Counting how often each word occurs (and so which words are duplicated) is one line
    with the right data structure and a disaster with the wrong one. ``python_list`` keeps
    the distinct words in a list and finds each word by scanning it: O(n * k) for n words
    and k distinct ones. ``python`` keeps them in a dict: O(n), each lookup a hash. Same
    language, same machine, orders of magnitude apart, and the gap grows with the input.
    ``counter`` is ``collections.Counter``, the same dict algorithm with its loop in C.
    ``numpy`` sorts an array of strings (``np.unique``): O(n log n), and NumPy is not built
    for strings, so it is not the fastest here. No compiler rescues a quadratic algorithm.

Inputs and result
    ``make_input`` returns ``(words,)``: a list of n_words strings, the ``split()`` of a
    synthetic text drawn from ``numpy.random.default_rng(seed)``. The vocabulary is
    ``vocabulary`` made-up words built from Spanish-like syllables ("la", "de", "lala", ...,
    unique by construction), and word number r is drawn with probability proportional to
    1 / r (Zipf's law, exponent 1, as in natural language: a few words are very common,
    most are rare). No corpus is downloaded.

    Every variant returns the same frequency table: a list of ``(word, count)`` tuples of
    Python ``str`` and ``int``, most common first, ties in alphabetical order. A list (not a
    dict) makes the order part of the answer and is what a person wants to read; variants
    agree exactly.

Why the baseline is the dict
    As in every kernel, ``python`` is pure Python written well: here, the dict. The list scan
    is the anti-pattern (like ``numpy_in_loop`` in the pi kernel), so it shows as slower than
    the baseline; its slowdown is the lesson.

Sizes
    ========  =======  ==========  ====
    size      n_words  vocabulary  seed
    ========  =======  ==========  ====
    quick       5_000       1_000  2024
    workshop   30_000       3_000  2024
    full      200_000      10_000  2024
    ========  =======  ==========  ====

Variants: python (dict), python_list (list scan), counter (collections.Counter), numpy
(np.unique).
"""
from __future__ import annotations

from greenlab.i18n import N_

import numpy as np

from greenlab.kernels import Kernel

ZIPF_EXPONENT = 1.0  # word r has probability ~ 1 / r**s; s close to 1 for natural language
# Sixteen two-letter syllables: fixed length makes every syllable sequence a distinct word.
SYLLABLES = ("la", "de", "el", "en", "lo", "se", "no", "da", "ma", "te", "ri", "co", "pa", "su", "vi", "ca")

SIZES = {
    "quick": {"n_words": 5_000, "vocabulary": 1_000, "seed": 2024},
    "workshop": {"n_words": 30_000, "vocabulary": 3_000, "seed": 2024},
    "full": {"n_words": 200_000, "vocabulary": 10_000, "seed": 2024},
}


def vocabulary_words(size: int) -> list[str]:
    """The first ``size`` made-up words, shortest first: word r is r written in base 16
    with syllables as digits (bijective numeration, so no two words are equal)."""
    base = len(SYLLABLES)
    words = []
    for rank in range(1, size + 1):
        parts = []
        while rank:
            rank, digit = divmod(rank - 1, base)
            parts.append(SYLLABLES[digit])
        words.append("".join(reversed(parts)))
    return words


def make_input(n_words: int, vocabulary: int, seed: int) -> tuple[list[str]]:
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, vocabulary + 1, dtype=np.float64) ** ZIPF_EXPONENT
    ranks = rng.choice(vocabulary, size=n_words, p=weights / weights.sum())
    vocab = vocabulary_words(vocabulary)
    text = " ".join([vocab[r] for r in ranks.tolist()])
    return (text.split(),)  # separate string objects, as reading a real text gives


def estimate_bytes(n_words: int, vocabulary: int, seed: int) -> int:
    # per word: a str object (~60 bytes) and its list slot, the text it was split from,
    # and numpy's fixed-width copy (4 bytes a character, sorted copy and indices beside it)
    longest = 2 * _syllables(vocabulary)  # characters in the longest word
    return n_words * (80 + 3 * 4 * longest + 16) + vocabulary * 120


def _syllables(vocabulary: int) -> int:
    """How many syllables the longest of ``vocabulary`` words has."""
    count, reach = 1, len(SYLLABLES)
    while reach < vocabulary:
        count += 1
        reach += len(SYLLABLES) ** count
    return count


KERNEL = Kernel(
    name="words",
    title=N_("Word frequencies in a Zipf text"),
    teaches=N_(
        "Complexity beats hardware: a dict makes counting O(n) where a list scan is O(n * k), a gap "
        "no compiler closes; Counter moves the loop to C; NumPy is not built for strings."
    ),
    sizes=SIZES,
    rtol=0.0,
    atol=0.0,
    package=__name__,
    sources={
        "python": "python:word_counts",
        "python_list": "python_list:word_counts",
        "counter": "counter:word_counts",
        "numpy": "numpy_:word_counts",
    },
    minimums={"n_words": 1, "vocabulary": 1, "seed": 0},
    make=make_input,
    estimate_bytes=estimate_bytes,
)
