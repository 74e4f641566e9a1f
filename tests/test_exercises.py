"""greenlab.exercises: the instructors' index of every exercise, in course order."""
from greenlab import exercises
from greenlab.exercises import catalog


def test_index_lists_every_exercise_in_course_order():
    index = exercises.index()
    assert list(index.index) == [e.id for e in catalog.EXERCISES]
    assert list(index.columns) == ["notebook", "title", "skill", "kind", "minutes", "target"]
    assert list(index.notebook) == sorted(index.notebook)  # course order
    assert (index.minutes > 0).all()
