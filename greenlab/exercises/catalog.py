"""The exercises: every one, in course order, and how to find one by its id.

Each notebook's exercises live in their own module (``notebook02`` ... ``notebook09``): what each
asks, its reference answer and inputs, its target. The two kinds, and how they judge an answer,
are in ``greenlab.exercises.kinds``. ``EXERCISES`` lists them all, in course order
(``greenlab.exercises.index()`` gives instructors a table); ``get(id)`` finds one.
"""
from __future__ import annotations

import difflib

from greenlab.exercises import notebook02, notebook03, notebook04, notebook05, notebook06, notebook07, notebook08, notebook09
from greenlab.exercises.kinds import AnswerExercise, CodeExercise, ResultExercise
from greenlab.i18n import _

EXERCISES: tuple[CodeExercise | AnswerExercise | ResultExercise, ...] = (
    *notebook02.EXERCISES, *notebook03.EXERCISES, *notebook04.EXERCISES, *notebook05.EXERCISES,
    *notebook06.EXERCISES, *notebook07.EXERCISES, *notebook08.EXERCISES, *notebook09.EXERCISES,
)

_BY_ID = {exercise.id: exercise for exercise in EXERCISES}
if len(_BY_ID) != len(EXERCISES):
    raise RuntimeError("two exercises share an id")


def get(exercise_id: str) -> CodeExercise | AnswerExercise | ResultExercise:
    """The exercise called ``exercise_id``; an unknown id lists the close matches."""
    try:
        return _BY_ID[exercise_id]
    except (KeyError, TypeError):
        close = difflib.get_close_matches(str(exercise_id), _BY_ID, n=3)
        suggestion = _("did you mean {names}? ", names=", ".join(map(repr, close))) if close else ""
        raise KeyError(_("there is no exercise {id}; {suggestion}exercises are: {ids}", id=repr(exercise_id),
                         suggestion=suggestion, ids=", ".join(_BY_ID))) from None
