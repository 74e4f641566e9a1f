"""The few colours greenlab draws with, named by what they mean, used by every HTML view and plot.

matplotlib's default cycle ("tab10") supplies the three bar colours, so a comparison plot
and a learner's own plots look alike; the text colours are darker, for reading on white.
"""
from __future__ import annotations

BASELINE = "#7f7f7f"  # the variant the others are compared with (tab:gray)
BETTER = "#2ca02c"  # less time or energy than the baseline; a check that passed (tab:green)
WORSE = "#ff7f0e"  # more than the baseline (tab:orange)
CAUTION = "#a15c00"  # warnings and notes: worth reading, nothing broken
PROBLEM = "#d62728"  # something to fix: a wrong answer, a failed check (tab:red)
QUIET = "#555555"  # secondary text, "not yet"
TEXT = "#222222"  # body text of the report
HEADING = "#1b6e2e"  # the report's title
RULE = "#dddddd"  # table borders
HEADER_BACKGROUND = "#f4f8f4"  # table header cells
