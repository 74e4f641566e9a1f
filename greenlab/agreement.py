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


def first_difference(expected: Any, actual: Any, *, rtol: float = 1e-9, atol: float = 0.0) -> str | None:
    """``None`` if ``actual`` agrees with ``expected``, else where they first differ."""
    if rtol < 0 or atol < 0:
        raise ValueError(f"rtol and atol must be >= 0; got rtol={rtol}, atol={atol}")
    return _diff(expected, actual, rtol, atol, where="")


def _a(word: str) -> str:
    """ "a list", "an int", "an ndarray": the article English wants before a type name."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def _shape_words(shape: tuple[int, ...]) -> str:
    """(): "one number"; (200000,): "an array of 200,000 numbers"; (3, 4): "a 3 x 4 array"."""
    if shape == ():
        return "one number"
    if len(shape) == 1:
        return f"an array of {shape[0]:,} number{'s' if shape[0] != 1 else ''}"
    return f"a {' x '.join(f'{n:,}' for n in shape)} array"


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_array(value: Any) -> bool:
    return type(value).__module__ == "numpy" and hasattr(value, "shape") and hasattr(value, "dtype")


def _diff(expected: Any, actual: Any, rtol: float, atol: float, where: str) -> str | None:
    at = f" at {where}" if where else ""
    if isinstance(actual, collections.abc.Iterator) and not isinstance(expected, collections.abc.Iterator):
        return (f"result{at} is {_a(type(actual).__name__)}, which can be read only once: "
                f"return {_a(type(expected).__name__)} (e.g. list(...))")
    if isinstance(expected, (set, frozenset)) and isinstance(actual, (set, frozenset, list, tuple)):
        return _diff_sets(expected, actual, at)
    if isinstance(expected, (list, tuple)) and isinstance(actual, (set, frozenset)):
        return (f"result{at} is a set, which has no order; return {_a(type(expected).__name__)} with the items "
                "in the expected order")
    if _is_array(expected) or _is_array(actual):
        return _diff_arrays(expected, actual, rtol, atol, where)
    if isinstance(expected, bool) or isinstance(actual, bool) or expected is None or actual is None:
        return None if expected is actual or expected == actual else f"value{at} is {_describe(actual)}, expected {_describe(expected)}"
    if isinstance(expected, numbers.Integral) and isinstance(actual, numbers.Integral):
        return None if int(expected) == int(actual) else f"value{at} is {actual}, expected {expected}"
    if isinstance(expected, numbers.Number) and isinstance(actual, numbers.Number):
        return None if _close(expected, actual, rtol, atol) else (
            f"value{at} is {actual!r}, expected {expected!r} (tolerance rtol={rtol:g}, atol={atol:g})"
        )
    if isinstance(expected, str) or isinstance(actual, str):
        return None if expected == actual else f"value{at} is {_describe(actual)}, expected {_describe(expected)}"
    if isinstance(expected, dict) and isinstance(actual, dict):
        missing = [k for k in expected if k not in actual]
        if missing:
            return f"key {missing[0]!r} is missing{at} ({len(missing)} missing in all)"
        extra = [k for k in actual if k not in expected]
        if extra:
            return f"unexpected key {extra[0]!r}{at} ({len(extra)} extra in all)"
        for key in expected:
            found = _diff(expected[key], actual[key], rtol, atol, f"{where}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(expected, (list, tuple)) and isinstance(actual, (list, tuple)):
        if len(expected) != len(actual):
            return f"length{at} is {len(actual)}, expected {len(expected)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            found = _diff(e, a, rtol, atol, f"{where}[{i}]")
            if found:
                return found
        return None
    if type(expected) is not type(actual):
        return f"result{at} is {_a(type(actual).__name__)}, expected {_a(type(expected).__name__)}"
    try:
        equal = expected == actual
        equal = bool(equal)
    except Exception as error:  # noqa: BLE001 - any failure means "cannot be compared"
        raise TypeError(
            f"results of type {type(expected).__name__} cannot be compared ({error}); "
            "return a number, a string, a list, a dict or a NumPy array"
        ) from None
    return None if equal else f"value{at} is {_describe(actual)}, expected {_describe(expected)}"


def _diff_sets(expected: Any, actual: Any, at: str) -> str | None:
    items = list(actual)
    if len(set(items)) != len(items):
        return f"result{at} repeats items; a set holds each once: {len(items)} items, {len(set(items))} different"
    missing, extra = set(expected) - set(items), set(items) - set(expected)
    if missing:
        return f"result{at} lacks {_describe(sorted(missing, key=repr)[:3])[1:-1]} ({len(missing)} missing in all)"
    if extra:
        return f"result{at} has {_describe(sorted(extra, key=repr)[:3])[1:-1]}, which should not be there ({len(extra)} in all)"
    return None


def _close(expected: Any, actual: Any, rtol: float, atol: float) -> bool:
    e, a = complex(expected), complex(actual)
    if any(math.isnan(x) for x in (e.real, e.imag, a.real, a.imag)):
        return all(math.isnan(x) == math.isnan(y) for x, y in ((e.real, a.real), (e.imag, a.imag)))
    return abs(a - e) <= atol + rtol * abs(e)


def _diff_arrays(expected: Any, actual: Any, rtol: float, atol: float, where: str) -> str | None:
    import numpy as np

    at = f" at {where}" if where else ""
    try:
        e, a = np.asarray(expected), np.asarray(actual)
    except Exception:  # noqa: BLE001
        return f"result{at} is a {type(actual).__name__}, expected an array"
    if e.dtype == object or a.dtype == object:
        return f"result{at} is not a numeric array (dtype {a.dtype}); return a NumPy array of numbers"
    if e.shape != a.shape:
        return f"result{at} is {_shape_words(a.shape)} {a.shape}, expected {_shape_words(e.shape)} {e.shape}"
    exact = not (np.issubdtype(e.dtype, np.inexact) or np.issubdtype(a.dtype, np.inexact))
    if exact:
        bad = e != a
    else:
        bad = ~np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return None
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    spot = f"[{', '.join(map(str, index))}]" if index else ""
    tolerance = "" if exact else f" (tolerance rtol={rtol:g}, atol={atol:g})"
    if not index:  # a 0-d array: a single value
        return f"value{' at ' + where if where else ''} is {a[index].item()!r}, expected {e[index].item()!r}{tolerance}"
    return (
        f"element {where}{spot} is {a[index].item()!r}, expected {e[index].item()!r}{tolerance}; "
        f"{int(bad.sum())} of {bad.size} elements differ"
    )
