"""Keep greenlab's message catalogs in step with its code (gettext, through Babel).

    .venv/bin/python tools/messages.py            # extract, update every .po, compile every .mo
    .venv/bin/python tools/messages.py --check    # change nothing; exit 1 and say what is stale

1. **Extract** every message marked in ``greenlab/`` (``_("...")``, ``n_("...", "...", n)``,
   ``N_("...")``) into ``greenlab/locale/greenlab.pot``.
2. **Update** ``greenlab/locale/<lang>/LC_MESSAGES/greenlab.po`` from it: new messages are added
   untranslated, changed ones marked fuzzy (a translator checks them), gone ones dropped.
3. **Compile** each ``.po`` into the ``.mo`` that ``greenlab.i18n`` reads at run time.

Translate by editing the ``.po`` (any PO editor, or a text editor: ``msgstr`` under each
``msgid``), then run this again to compile. tests/test_i18n.py fails while a message has no
translation, a translation is fuzzy, a placeholder differs, or a ``.mo`` is stale.
"""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "greenlab"
LOCALE = PACKAGE / "locale"
POT = LOCALE / "greenlab.pot"
LANGUAGES = ("es",)  # English is the source language: it needs no catalog
KEYWORDS = {"_": None, "n_": (1, 2), "N_": None}
TEAMS = {"es": "greenlab contributors, Spanish edition (neutral Latin American Spanish; docs/es/glosario.md)"}


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "greenlab.po"


def extract():
    """Every marked message in the package, as a Babel Catalog (locations relative to the repository)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="greenlab", msgid_bugs_address="", copyright_holder="greenlab contributors",
                      charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
        catalog.add(message, locations=[(f"greenlab/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def _po_bytes(catalog, *, omit_header: bool = False) -> bytes:
    from babel.messages.pofile import write_po

    out = io.BytesIO()
    # no source locations: a catalog then changes only when a message does, not when code moves
    # (translators work beside developers); messages keep their order of first appearance
    write_po(out, catalog, width=100, omit_header=omit_header, sort_output=False, include_previous=True,
             no_location=True)
    return out.getvalue()


def _mo_bytes(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _read_po(path: Path, lang: str):
    from babel.messages.pofile import read_po

    with open(path, "rb") as f:
        return read_po(f, locale=lang)


def _read_po_bytes(data: bytes, lang: str):
    from babel.messages.pofile import read_po

    return read_po(io.BytesIO(data), locale=lang)


def run(*, check: bool) -> list[str]:
    """Extract, update and compile (or, with ``check``, only say what would change)."""
    from babel.messages.catalog import Catalog

    stale: list[str] = []
    template = extract()
    pot = _po_bytes(template)
    _update(POT, pot, stale, check=check, same=lambda old, new: _strip_dates(old) == _strip_dates(new))
    for lang in LANGUAGES:
        path = po_path(lang)
        catalog = _read_po(path, lang) if path.is_file() else Catalog(locale=lang, project="greenlab")
        catalog.update(template, update_header_comment=False)
        catalog.fuzzy = False  # the header: its Plural-Forms must reach the .mo
        catalog.project, catalog.version = "greenlab", ""
        catalog.copyright_holder = "greenlab contributors"
        catalog.language_team = TEAMS[lang]
        catalog.last_translator = TEAMS[lang]
        po = _po_bytes(catalog)
        if not _update(path, po, stale, check=check, same=lambda old, new: _strip_dates(old) == _strip_dates(new)):
            po = path.read_bytes()  # up to date: the .mo is compiled from it, dates included
        mo = _mo_bytes(_read_po_bytes(po, lang))  # compiled from the catalog as written, in both modes
        _update(path.with_suffix(".mo"), mo, stale, check=check)
    return stale


def _update(path: Path, data: bytes, stale: list[str], *, check: bool, same=bytes.__eq__) -> bool:
    """Write ``data`` to ``path`` unless what is there is the ``same``; a changed file is listed in
    ``stale``, and with ``check`` nothing is written. True when the file was (or would be) changed."""
    if path.is_file() and same(path.read_bytes(), data):
        return False
    stale.append(str(path.relative_to(ROOT)))
    if not check:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return True


def _strip_dates(data: bytes) -> bytes:
    """PO headers carry creation and revision dates; they do not make a catalog stale."""
    return b"\n".join(line for line in data.split(b"\n") if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date')))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a catalog is stale")
    args = parser.parse_args(argv)
    stale = run(check=args.check)
    if args.check:
        if stale:
            print("stale: " + ", ".join(stale) + "\nrun `make messages` (python tools/messages.py)")
            return 1
        print("message catalogs are up to date")
        return 0
    print("updated: " + (", ".join(stale) if stale else "nothing (already up to date)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
