"""What ``gl.check`` answers: a status in plain words, a message, hints, and the figures measured.

=============  ==================================================================
status         meaning
=============  ==================================================================
``not-yet``    the starter still raises ``NotImplementedError`` (or the answer is ``...``)
``error``      the code raised an exception: its type, message and line are shown
``wrong``      the answer differs: where it first differs, and a hint
``slow``       right, but not yet as fast as the target (ratios measured in this call)
``passed``     right (and fast enough), with the time and energy saved vs the reference
=============  ==================================================================

A ``Feedback`` is a frozen record; a notebook shows it as a coloured box, ``print`` as one line
and its hints. It knows nothing of exercises or of how learner code is run.

Its message and hints are in the language of the check (``greenlab.i18n``): an exercise defines
its hints at import time, marked with ``N_`` (or as a ``Hint`` when a hint takes values), and
``shown(hint)`` translates each one when the feedback is made. The status stays the English key
(``feedback.status == "passed"``) and is translated where it is shown.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from greenlab.render import palette
from greenlab.i18n import N_, _

NOT_YET, ERROR, WRONG, SLOW, PASSED = N_("not-yet"), N_("error"), N_("wrong"), N_("slow"), N_("passed")  # shown with _()
_ICONS = {NOT_YET: "✏️", ERROR: "⚠️", WRONG: "❌", SLOW: "🐢", PASSED: "✅"}
_COLORS = {NOT_YET: palette.QUIET, ERROR: palette.CAUTION, WRONG: palette.PROBLEM, SLOW: palette.CAUTION,
           PASSED: palette.BETTER}


class Hint:
    """A hint whose message takes values, marked at import time and filled when it is shown.

    ``Hint(N_("... x {calls} calls a day"), calls=lambda: group(CALLS_PER_DAY))``: a callable value
    is called then, so a number is grouped for the language the learner reads.
    """

    __slots__ = ("message", "values")

    def __init__(self, message: str, /, **values: Any):
        self.message, self.values = message, values

    def __str__(self) -> str:
        return _(self.message, **{name: value() if callable(value) else value for name, value in self.values.items()})

    def __repr__(self) -> str:
        return f"Hint({self.message!r})"


def shown(hint: "str | Hint") -> str:
    """A hint in the current language: a marked constant through ``_``, a ``Hint`` with its values."""
    return str(hint) if isinstance(hint, Hint) else _(hint)


@dataclass(frozen=True)
class Feedback:
    """The result of ``gl.check``: a status, a message, and the figures when measured."""

    exercise: str
    status: str
    message: str
    hints: tuple[str, ...] = ()  # as shown: in the language of the check, like the message
    speedup: float | None = None
    energy_saved_j: float | None = None  # per call, vs the reference
    energy_kind: str | None = None
    details: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    def __str__(self) -> str:
        lines = [f"{_ICONS[self.status]} {self.exercise}: {_(self.status).upper()} - {self.message}"]
        lines += [_("   hint: {hint}", hint=h) for h in self.hints]
        return "\n".join(lines)

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))

    def _repr_html_(self) -> str:
        hints = "".join(f"<li>{html.escape(h)}</li>" for h in self.hints)
        return (
            f"<div style='border-left:4px solid {_COLORS[self.status]};padding:4px 10px'>"
            f"<b>{_ICONS[self.status]} {html.escape(self.exercise)}: {html.escape(_(self.status))}</b><br>"
            f"{html.escape(self.message)}"
            + (f"<ul>{hints}</ul>" if hints else "")
            + "</div>"
        )
