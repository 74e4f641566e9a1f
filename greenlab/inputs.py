"""What a measured call may be given: inputs that every call can use alike, and left as they were.

``gl.measure`` calls a function many times on the same arguments, and ``gl.compare`` hands the
same arguments to every variant. Two kinds of input break that silently, so they are refused:

- **Iterators and generators** (``iter(data)``, ``map(...)``, a generator object): the first call
  uses them up, every later call sees nothing, and is timed doing nothing. ``check_inputs``
  refuses them before anything runs, saying what to pass instead (a list).
- **Arguments a call changes in place** (``d.sort()``, ``a += 1`` on an array): the second call
  gets different input (a sorted list sorts faster), and in a comparison the *next* variant would
  be blamed for the corruption. ``measure`` makes the first call on a deep copy of the arguments
  (``copy_inputs``) and compares the copy with the originals afterwards (``changed_argument``); a
  change raises ``ArgumentChanged`` naming the function and the argument. The caller's own data
  is never touched by a function that changes its input.

Judgement calls: the comparison is exact (``greenlab.agreement`` with no tolerance); arguments
that cannot be copied (a lock, a socket) or compared are not checked rather than refused: the
first call then runs on them as given.
"""
from __future__ import annotations

import collections.abc
import copy
from typing import Any

from greenlab.i18n import _


class ArgumentChanged(ValueError):
    """A call changed one of its arguments in place, so later calls would get different input."""

    def __init__(self, name: str, argument: str, difference: str):
        self.name, self.argument = name, argument
        super().__init__(_(
            "{name} changed its argument {argument} in place ({difference}): every call after the first would get "
            "different input, and a comparison would time different work. Work on a copy inside the function "
            "(sorted(d) rather than d.sort(), np.sort(a) or a.copy() rather than a.sort()).",
            name=repr(name), argument=argument, difference=difference))


def check_inputs(name: str, args: tuple, kwargs: dict[str, Any]) -> None:
    """Refuse inputs that a first call uses up: iterators and generators give every later call nothing."""
    for where, value in [*((f"#{i + 1}", a) for i, a in enumerate(args)), *((f"{k}=", v) for k, v in kwargs.items())]:
        if isinstance(value, collections.abc.Iterator):
            raise TypeError(_(
                "argument {where} of {name} is an iterator ({kind}): the first call would use it up and every later "
                "call would see it empty, and be timed doing nothing. Pass a list or an array instead, e.g. list(...)",
                where=where, name=repr(name), kind=type(value).__name__))


def copy_inputs(args: tuple, kwargs: dict[str, Any]) -> tuple[tuple, dict[str, Any]] | None:
    """Deep copies of the arguments, for a first call that must not touch the caller's; None if impossible."""
    try:
        return copy.deepcopy(args), copy.deepcopy(kwargs)
    except Exception:  # noqa: BLE001 - an uncopyable argument (a lock, a socket) cannot be checked
        return None


def changed_argument(name: str, before: tuple, after: tuple) -> None:
    """Raise ``ArgumentChanged`` for the first argument that differs between ``before`` and ``after``."""
    from greenlab.agreement import first_difference

    for index, (old, new) in enumerate(zip(before, after)):
        try:
            difference = first_difference(old, new, rtol=0.0, atol=0.0)
        except TypeError:  # a value that cannot be compared: nothing to say
            continue
        if difference is not None:
            raise ArgumentChanged(name, f"#{index + 1} ({type(new).__name__})",
                                  difference.replace(_(", expected "), _(", before the call ")))
