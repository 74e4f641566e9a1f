"""Every word greenlab prints, in the learner's language: English, or Spanish for PyDay rooms in Colombia.

Messages are written in English in the code, marked for translation, and looked up in gettext
catalogs (``greenlab/locale/<lang>/LC_MESSAGES/greenlab.mo``, compiled from the ``.po`` files
beside them with Babel: ``make messages``). A message takes its values by name, so a translation
can put them in another order::

    from greenlab.i18n import _, n_
    _("runs varied by {spread} of the median", spread="12%")
    n_("{n} call", "{n} calls", 3)                  # plurals by the language's own rule

``N_("...")`` only marks a constant (a column label defined at import time) for the catalog;
pass it through ``_`` where it is shown.

The language is a setting (``gl.configure(lang="es")``, ``GREENLAB_LANG=es``). ``greenlab.config``
sets it here whenever the settings are read or changed (``set_language``), so this module, like
every low layer, never reads the settings itself; English is the default. A language without a
catalog, or a message without a translation, falls back to English: a learner never sees an
error because a word is missing, and a test (tests/test_i18n.py) fails when one is.
"""
from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "es")
DOMAIN = "greenlab"
LOCALE_DIR = Path(__file__).parent / "locale"

_language = "en"


def set_language(code: str) -> None:
    """Use ``code`` ("en" or "es") for every message from now on (``greenlab.config`` calls this)."""
    global _language
    if code not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}; got {code!r}")
    _language = code


def language() -> str:
    """The language messages are in now."""
    return _language


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """Messages in ``code`` inside the ``with`` block; the language before it is given back after."""
    before = _language
    set_language(code)
    try:
        yield
    finally:
        set_language(before)


@lru_cache(maxsize=None)
def _catalog(code: str) -> _gettext.NullTranslations:
    if code == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[code], fallback=True)


def _(message: str, /, **values: object) -> str:
    """``message`` in the current language, with ``{name}`` placeholders filled from ``values``."""
    text = _catalog(_language).gettext(message)
    return text.format(**values) if values else text


def n_(singular: str, plural: str, n: int | float, /, **values: object) -> str:
    """The singular or plural form for ``n`` in the current language; ``{n}`` and ``values`` filled."""
    count = n if isinstance(n, int) else (1 if n == 1 else 2)
    text = _catalog(_language).ngettext(singular, plural, count)
    return text.format(n=n, **values)


def N_(message: str) -> str:
    """Mark a constant for the catalog without translating it now (translate it with ``_`` when shown)."""
    return message


def group(value: float, spec: str = ",.0f") -> str:
    """``value`` formatted with ``spec`` (which groups thousands with ","), grouped for the language.

    English: "1,287" and "1,000,000". Spanish writes no comma between thousands (a comma reads as
    a decimal there): four digits stay together, "1287", and longer numbers are grouped by
    three with a no-break space, "1 000 000". The decimal separator is a point in both, as in the
    code the learner types.
    """
    text = format(value, spec)
    if _language == "en" or "," not in text:
        return text
    digits = text.split(".")[0].lstrip("-+").replace(",", "")
    return text.replace(",", "" if len(digits) <= 4 else "\u00a0")

