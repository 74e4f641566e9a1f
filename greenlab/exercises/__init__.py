"""Exercises: the catalogue behind ``gl.check``, and exercises/ generated from solutions/.

- ``catalog`` defines each exercise (what is checked, the reference, the target).
- ``generate`` writes ``exercises/`` from ``solutions/`` (``greenlab exercises [--check]``).
- ``index()`` is the instructors' table: exercise, notebook, skill, minutes, target.

Titles, skills, targets, hints and every judge's message are in the learner's language
(``greenlab.i18n``): marked with ``N_`` where an exercise is defined, translated where shown.
"""
from __future__ import annotations

from greenlab.exercises.generate import generate


def index():
    """A pandas DataFrame of every exercise, in course order, its titles, skills and targets in the
    current language (the column names and the kinds stay keys: ``index()["title"]``)."""
    import pandas as pd

    from greenlab.exercises.catalog import EXERCISES
    from greenlab.i18n import _

    return pd.DataFrame(
        [
            {"exercise": e.id, "notebook": e.notebook, "title": _(e.title), "skill": _(e.skill), "kind": e.kind,
             "minutes": e.minutes, "target": e.target}
            for e in EXERCISES
        ]
    ).set_index("exercise")


__all__ = ["generate", "index"]
