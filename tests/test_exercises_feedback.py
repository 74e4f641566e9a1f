"""greenlab.exercises.feedback: a status, a message and hints, as text and as a coloured box."""
import pytest

import greenlab as gl
from greenlab.exercises.feedback import ERROR, NOT_YET, PASSED, SLOW, WRONG, Feedback
from greenlab.render import palette


def test_feedback_renders_html():
    html = gl.check("yearly-energy", ...)._repr_html_()
    assert "not-yet" in html and "<div" in html


def test_text_has_the_status_the_message_and_each_hint():
    feedback = Feedback("dedupe", WRONG, "not the expected result", hints=("use a set", "keep the order"))
    text = str(feedback)
    assert "dedupe: WRONG - not the expected result" in text
    assert text.count("hint:") == 2 and not feedback.passed


@pytest.mark.parametrize("status, colour", [(PASSED, palette.BETTER), (WRONG, palette.PROBLEM),
                                            (ERROR, palette.CAUTION), (SLOW, palette.CAUTION), (NOT_YET, palette.QUIET)])
def test_each_status_has_its_palette_colour(status, colour):
    assert colour in Feedback("x", status, "m")._repr_html_()


def test_feedback_is_frozen_and_escapes_html():
    feedback = Feedback("x", PASSED, "<b>right</b>")
    assert feedback.passed and "&lt;b&gt;right" in feedback._repr_html_()
    with pytest.raises(AttributeError):
        feedback.status = WRONG  # type: ignore[misc]
