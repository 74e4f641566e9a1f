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


@dataclass(frozen=True)
class Feedback:
    """The result of ``gl.check``: a status, a message, and the figures when measured."""

    exercise: str
    status: str
    message: str
    hints: tuple[str, ...] = ()
    speedup: float | None = None
    energy_saved_j: float | None = None  # per call, vs the reference
    energy_kind: str | None = None
    details: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    def __str__(self) -> str:
        lines = [f"{_ICONS[self.status]} {self.exercise}: {_(self.status).upper()} - {self.message}"]
        lines += [_("   hint: {hint}", hint=_(h)) for h in self.hints]
        return "\n".join(lines)

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))

    def _repr_html_(self) -> str:
        hints = "".join(f"<li>{html.escape(_(h))}</li>" for h in self.hints)
        return (
            f"<div style='border-left:4px solid {_COLORS[self.status]};padding:4px 10px'>"
            f"<b>{_ICONS[self.status]} {html.escape(self.exercise)}: {html.escape(_(self.status))}</b><br>"
            f"{html.escape(self.message)}"
            + (f"<ul>{hints}</ul>" if hints else "")
            + "</div>"
        )
