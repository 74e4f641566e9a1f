"""Do two results agree? The gate that keeps a faster wrong answer from counting as a saving.

``first_difference(expected, actual, rtol=..., atol=...)`` returns ``None`` when the results
agree and otherwise one sentence that says where they first differ, for example
``"element [3, 7] is 12, expected 11"``. The rules:

- integers, strings, booleans and None must be equal exactly;
- floats (and complex numbers) agree within ``abs(a - b) <= atol + rtol * abs(b)``, the rule
  ``numpy.isclose`` uses, with ``b`` the expected value; NaN agrees only with NaN;
- NumPy arrays must have the same shape, integer and boolean arrays the same values, float
  arrays the same values within the tolerance, element by element;
- lists, tuples and dicts agree when their items do (a list and a tuple with the same items
  agree: variants may return either);
- the *expected* value decides whether order matters: an expected set agrees with any
  collection of the same elements (a list or tuple with no repeats); an expected list or
  tuple does not agree with a set, which has no order, and the message says so;
- an iterator (a generator, a ``map``) is never a result: return a list;
- anything else is compared with ``==``, and a value that cannot be compared raises
  ``TypeError`` with a message saying what to return instead.
"""
from __future__ import annotations

import collections.abc
import math
import numbers
from typing import Any

from greenlab.i18n import _, group, n_


def first_difference(expected: Any, actual: Any, *, rtol: float = 1e-9, atol: float = 0.0) -> str | None:
    """``None`` if ``actual`` agrees with ``expected``, else where they first differ."""
    if rtol < 0 or atol < 0:
        raise ValueError(_("rtol and atol must be >= 0; got rtol={rtol}, atol={atol}", rtol=rtol, atol=atol))
    return _diff(expected, actual, rtol, atol, where="")


def _a(word: str) -> str:
    """ "a list", "an int", "an ndarray": the article English wants before a type name."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def _shape_words(shape: tuple[int, ...]) -> str:
    """(): "one number"; (200000,): "an array of 200,000 numbers"; (3, 4): "a 3 x 4 array"."""
    if shape == ():
        return _("one number")
    if len(shape) == 1:
        return n_("an array of {count} number", "an array of {count} numbers", shape[0], count=group(shape[0], ","))
    return _("a {dims} array", dims=" x ".join(group(n, ",") for n in shape))


def _kinds(actual: Any, expected: Any, at: str) -> dict[str, str]:
    """Type names for a message: ``kind``/``expected`` bare, ``a_kind``/``a_expected`` with English's article."""
    kind, wanted = type(actual).__name__, type(expected).__name__
    return {"at": at, "kind": kind, "expected": wanted, "a_kind": _a(kind), "a_expected": _a(wanted)}


def _differs(at: str, actual: Any, expected: Any) -> str:
    return _("value{at} is {actual}, expected {expected}", at=at, actual=actual, expected=expected)


def _tolerance(rtol: float, atol: float) -> str:
    return _(" (tolerance rtol={rtol}, atol={atol})", rtol=format(rtol, "g"), atol=format(atol, "g"))


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_array(value: Any) -> bool:
    return type(value).__module__ == "numpy" and hasattr(value, "shape") and hasattr(value, "dtype")


def _diff(expected: Any, actual: Any, rtol: float, atol: float, where: str) -> str | None:
    at = _(" at {where}", where=where) if where else ""
    if isinstance(actual, collections.abc.Iterator) and not isinstance(expected, collections.abc.Iterator):
        # TRANSLATORS: also available: {kind} and {expected}, the type names without an article
        return _("result{at} is {a_kind}, which can be read only once: return {a_expected} (e.g. list(...))",
                 **_kinds(actual, expected, at))
    if isinstance(expected, (set, frozenset)) and isinstance(actual, (set, frozenset, list, tuple)):
        return _diff_sets(expected, actual, at)
    if isinstance(expected, (list, tuple)) and isinstance(actual, (set, frozenset)):
        # TRANSLATORS: also available: {kind} and {expected}, the type names without an article
        return _("result{at} is a set, which has no order; return {a_expected} with the items in the expected order",
                 **_kinds(actual, expected, at))
    if _is_array(expected) or _is_array(actual):
        return _diff_arrays(expected, actual, rtol, atol, where)
    if isinstance(expected, bool) or isinstance(actual, bool) or expected is None or actual is None:
        return None if expected is actual or expected == actual else _differs(at, _describe(actual), _describe(expected))
    if isinstance(expected, numbers.Integral) and isinstance(actual, numbers.Integral):
        return None if int(expected) == int(actual) else _differs(at, actual, expected)
    if isinstance(expected, numbers.Number) and isinstance(actual, numbers.Number):
        return None if _close(expected, actual, rtol, atol) else (
            _differs(at, repr(actual), repr(expected)) + _tolerance(rtol, atol))
    if isinstance(expected, str) or isinstance(actual, str):
        return None if expected == actual else _differs(at, _describe(actual), _describe(expected))
    if isinstance(expected, dict) and isinstance(actual, dict):
        missing = [k for k in expected if k not in actual]
        if missing:
            return _("key {key} is missing{at} ({count} missing in all)", key=repr(missing[0]), at=at, count=len(missing))
        extra = [k for k in actual if k not in expected]
        if extra:
            return _("unexpected key {key}{at} ({count} extra in all)", key=repr(extra[0]), at=at, count=len(extra))
        for key in expected:
            found = _diff(expected[key], actual[key], rtol, atol, f"{where}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(expected, (list, tuple)) and isinstance(actual, (list, tuple)):
        if len(expected) != len(actual):
            return _("length{at} is {actual}, expected {expected}", at=at, actual=len(actual), expected=len(expected))
        for i, (e, a) in enumerate(zip(expected, actual)):
            found = _diff(e, a, rtol, atol, f"{where}[{i}]")
            if found:
                return found
        return None
    if type(expected) is not type(actual):
        # TRANSLATORS: also available: {kind} and {expected}, the type names without an article
        return _("result{at} is {a_kind}, expected {a_expected}", **_kinds(actual, expected, at))
    try:
        equal = expected == actual
        equal = bool(equal)
    except Exception as error:  # noqa: BLE001 - any failure means "cannot be compared"
        raise TypeError(_(
            "results of type {kind} cannot be compared ({error}); return a number, a string, a list, a dict or a "
            "NumPy array", kind=type(expected).__name__, error=error)) from None
    return None if equal else _differs(at, _describe(actual), _describe(expected))


def _diff_sets(expected: Any, actual: Any, at: str) -> str | None:
    items = list(actual)
    if len(set(items)) != len(items):
        return _("result{at} repeats items; a set holds each once: {count} items, {different} different", at=at,
                 count=len(items), different=len(set(items)))
    missing, extra = set(expected) - set(items), set(items) - set(expected)
    if missing:
        return _("result{at} lacks {items} ({count} missing in all)", at=at,
                 items=_describe(sorted(missing, key=repr)[:3])[1:-1], count=len(missing))
    if extra:
        return _("result{at} has {items}, which should not be there ({count} in all)", at=at,
                 items=_describe(sorted(extra, key=repr)[:3])[1:-1], count=len(extra))
    return None


def _close(expected: Any, actual: Any, rtol: float, atol: float) -> bool:
    e, a = complex(expected), complex(actual)
    if any(math.isnan(x) for x in (e.real, e.imag, a.real, a.imag)):
        return all(math.isnan(x) == math.isnan(y) for x, y in ((e.real, a.real), (e.imag, a.imag)))
    return abs(a - e) <= atol + rtol * abs(e)


def _diff_arrays(expected: Any, actual: Any, rtol: float, atol: float, where: str) -> str | None:
    import numpy as np

    at = _(" at {where}", where=where) if where else ""
    try:
        e, a = np.asarray(expected), np.asarray(actual)
    except Exception:  # noqa: BLE001
        # TRANSLATORS: also available: {kind} and {expected}, the type names without an article
        return _("result{at} is {a_kind}, expected an array", **_kinds(actual, expected, at))
    if e.dtype == object or a.dtype == object:
        return _("result{at} is not a numeric array (dtype {dtype}); return a NumPy array of numbers", at=at, dtype=a.dtype)
    if e.shape != a.shape:
        return _("result{at} is {actual} {actual_shape}, expected {expected} {expected_shape}", at=at,
                 actual=_shape_words(a.shape), actual_shape=a.shape, expected=_shape_words(e.shape),
                 expected_shape=e.shape)
    exact = not (np.issubdtype(e.dtype, np.inexact) or np.issubdtype(a.dtype, np.inexact))
    if exact:
        bad = e != a
    else:
        bad = ~np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return None
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    spot = f"[{', '.join(map(str, index))}]" if index else ""
    tolerance = "" if exact else _tolerance(rtol, atol)
    if not index:  # a 0-d array: a single value
        return _differs(at, repr(a[index].item()), repr(e[index].item())) + tolerance
    return (
        _("element {where}{spot} is {actual}, expected {expected}", where=where, spot=spot,
          actual=repr(a[index].item()), expected=repr(e[index].item())) + tolerance
        + _("; {count} of {size} elements differ", count=int(bad.sum()), size=bad.size)
    )
