"""The course website's own touches: a language switch and a machine note on every page.

- **Language switch**: every page links to the same page in the other edition: a notebook to
  its twin with the same ``NN-`` number (``notebooks/02-...`` <-> ``notebooks/es/02-...``), a
  guide to its translation (``DOC_TWINS``), the home page to the other home page. Where a page has
  no twin, the link goes to the other edition's home page.
- **Machine note**: notebook pages say on what machine their figures were computed, when, at
  which problem size, and whether energy was measured or estimated (and, when estimated, that it
  is CPU time x W per core), in the page's language: the same facts the notebooks print.

The note is worked out once per build (``builder-inited``), with greenlab speaking the build's
language. At the end, ``_build/html/index.html`` chooses an edition.
"""
from __future__ import annotations

import html
import os
from pathlib import Path

LANGS = ("en", "es")
NAMES = {"en": "English", "es": "Español"}
# English guide -> Spanish guide (file stems under docs/ and docs/es/)
DOC_TWINS = {"instructor-guide": "guia-del-instructor", "exercises": "ejercicios",
             "classroom-setup": "configuracion-del-aula"}
NOTEBOOK_FOLDERS = ("notebooks", "exercises", "solutions")


def _source_root(app) -> Path:
    return Path(app.srcdir)


def twin(pagename: str, lang: str, root: Path) -> str | None:
    """The page in the other edition that is this page's translation, or None."""
    other = "es" if lang == "en" else "en"
    parts = pagename.split("/")
    if pagename == f"site/{lang}/index":
        return f"site/{other}/index"
    if parts[0] in NOTEBOOK_FOLDERS:
        number = parts[-1][:3]
        folder = root / parts[0] / ("es" if other == "es" else "")
        found = sorted(folder.glob(f"{number}*.ipynb"))
        if found:
            prefix = f"{parts[0]}/es/" if other == "es" else f"{parts[0]}/"
            return prefix + found[0].stem
        return None
    if parts[0] == "docs":
        stem = parts[-1]
        mapping = DOC_TWINS if other == "es" else {v: k for k, v in DOC_TWINS.items()}
        if stem in mapping:
            target = ("docs/es/" if other == "es" else "docs/") + mapping[stem]
            return target if (root / f"{target}.md").exists() else None
    return None


def _machine_note(lang: str) -> str:
    """One sentence: machine, date, size, and how energy was obtained, in ``lang``."""
    from greenlab import i18n, machine
    from greenlab.context import measuring
    from greenlab.i18n import _

    i18n.set_language(lang)
    try:
        described = machine.describe()
        with measuring() as context:
            meter = context.meter
        from greenlab.render.formatting import energy_caption

        size = os.environ.get("GREENLAB_SIZE", "workshop")
        return _("Figures on this page were computed when the site was built ({date}), at size {size}, on: {machine}. "
                 "Energy here is {how}.", date=described.date, size=size, machine=described.line(),
                 how=energy_caption(meter.kind, meter.name))
    finally:
        i18n.set_language("en")


def _on_builder_inited(app) -> None:
    app.env.greenlab_lang = app.config.language or "en"
    app.env.greenlab_machine_note = _machine_note(app.env.greenlab_lang)


def _on_page_context(app, pagename, templatename, context, doctree) -> None:
    if "body" not in context:
        return
    lang = app.config.language or "en"
    other = "es" if lang == "en" else "en"
    target = twin(pagename, lang, _source_root(app)) or f"site/{other}/index"
    up = "../" * (pagename.count("/") + 1)
    href = f"{up}{other}/{target}.html"
    switch = (f"<div class='greenlab-edition'><a class='greenlab-lang' href='{href}' hreflang='{other}' "
              f"lang='{other}'>{NAMES[other]}</a></div>")
    note = ""
    if pagename.split("/")[0] in NOTEBOOK_FOLDERS:
        note = f"<p class='greenlab-machine-note'>{html.escape(app.env.greenlab_machine_note)}</p>"
    context["body"] = switch + note + context["body"]


def _on_build_finished(app, exception) -> None:
    if exception is not None or app.builder.name != "html":
        return
    top = Path(app.outdir).parent
    links = "".join(f"<li><a href='{lang}/site/{lang}/index.html' lang='{lang}'>{NAMES[lang]}</a></li>" for lang in LANGS)
    (top / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>greenlab</title></head><body>"
        "<h1>greenlab</h1><p>Green coding, measured · Programación verde, medida</p>"
        f"<ul>{links}</ul></body></html>\n", encoding="utf-8")


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_page_context)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
