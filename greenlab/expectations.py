"""``gl.expect``: say what a run should show, and explain it when this run did not show it.

A notebook claims a direction ("Numba is at least 5x faster than pure Python here"), and the
claim should be checked by code, not promised by prose. But a learner's run on a busy Binder
CPU, or a section re-run after a change, may not show it; a bare ``assert`` would greet them with
a traceback. So::

    gl.expect(c.speedup("numba") >= 5, "Numba at least 5x faster than pure Python on julia",
              shown=f"{c.speedup('numba'):.1f}x")

prints "✔ Numba at least 5x faster ... (this run: 21.3x)" when it holds, and when it does not,
one plain paragraph: what was expected, what this run showed, and why that can happen (a busy
machine, a re-run with other inputs) with what to try. Only under CI (``GREENLAB_STRICT=1``, set
by ``make test`` for nbval) does a failed expectation raise, so a regression in the course is
still caught. The result is an ``Expectation`` record; a notebook shows it as a coloured line.
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass

from greenlab.render import palette
from greenlab.i18n import N_, _

STRICT_ENV = "GREENLAB_STRICT"
DEFAULT_ADVICE = N_("on a busy or shared machine (Binder, a classroom server) timings vary: run the cell again, or "
                    "use a larger size (gl.configure(size='workshop')); if it still does not hold, ask your "
                    "instructor: it may be worth a look")


class ExpectationFailed(AssertionError):
    """Raised by ``expect`` only under CI (``GREENLAB_STRICT=1``)."""


@dataclass(frozen=True)
class Expectation:
    claim: str
    held: bool
    shown: str = ""
    advice: str = DEFAULT_ADVICE

    def __str__(self) -> str:
        seen = _(" (this run: {shown})", shown=self.shown) if self.shown else ""
        if self.held:
            return f"✔ {self.claim}{seen}"
        return _("⚠ expected: {claim}; this run did not show it{seen}. Why that can happen: {advice}",
                 claim=self.claim, seen=seen, advice=_(self.advice))

    def __bool__(self) -> bool:
        return self.held

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))

    def _repr_html_(self) -> str:
        colour = palette.BETTER if self.held else palette.CAUTION
        return f"<div style='color:{colour}'>{html.escape(str(self))}</div>"


def strict() -> bool:
    """True under CI: ``GREENLAB_STRICT`` is set to something other than "" or "0"."""
    return os.environ.get(STRICT_ENV, "").strip() not in ("", "0")


def expect(holds: bool, claim: str, *, shown: str = "", advice: str = DEFAULT_ADVICE) -> Expectation:
    """Check a direction a notebook relies on; explain rather than fail, except under CI.

    ``holds``: the condition (``c.speedup("numba") >= 5``); ``claim``: what it means, in words;
    ``shown``: what this run measured, to print beside it; ``advice``: why it may not hold and
    what to try (a default for timing claims). Returns an ``Expectation`` (truthy when it held).
    """
    if not isinstance(claim, str) or not claim.strip():
        raise ValueError(_("expect needs a claim in words, e.g. expect(x >= 5, 'Numba at least 5x faster')"))
    result = Expectation(claim.strip(), bool(holds), shown, advice)
    if not result.held and strict():
        raise ExpectationFailed(str(result))
    return result
