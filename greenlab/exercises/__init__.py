"""Exercises: the catalogue behind ``gl.check``, and exercises/ generated from solutions/.

- ``catalog`` defines each exercise (what is checked, the reference, the target).
- ``generate`` writes ``exercises/`` from ``solutions/`` (``greenlab exercises [--check]``).
- ``index()`` is the instructors' table: exercise, notebook, skill, minutes, target.
"""
from __future__ import annotations

from greenlab.exercises.generate import generate


def index():
    """A pandas DataFrame of every exercise, in course order."""
    import pandas as pd

    from greenlab.exercises.catalog import EXERCISES

    return pd.DataFrame(
        [
            {"exercise": e.id, "notebook": e.notebook, "title": e.title, "skill": e.skill, "kind": e.kind,
             "minutes": e.minutes, "target": e.target}
            for e in EXERCISES
        ]
    ).set_index("exercise")


__all__ = ["generate", "index"]
