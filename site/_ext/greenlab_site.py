"""The course website's own touches: a language switch and a machine note on every page.

- **Language switch**: every page links to the same page in the other edition: a notebook to
  its twin with the same ``NN-`` number (``notebooks/02-...`` <-> ``notebooks/es/02-...``), a
  guide to its translation (``DOC_TWINS``), the home page to the other home page. Where a page has
  no twin, the link goes to the other edition's home page.
- **Anchors and links as on GitHub**: the guides mark sections with ``<a id="name"></a>`` (which
  GitHub shows and MyST ignores): each becomes a MyST target, so ``guide.md#name`` resolves here
  too. A relative link to a file of the repository that is not a page of this edition (README.md,
  a Python module, a solution the guide keeps off the website) points to that file on GitHub. The
  notebooks' Binder badge image is drawn locally, so no page fetches anything from elsewhere.
- **Machine note**: notebook pages say on what machine their figures were computed, when, at
  which problem size, and whether energy was measured or estimated (and, when estimated, that it
  is CPU time x W per core), in the page's language: the same facts the notebooks print.

The note is worked out once per build (``builder-inited``), with greenlab speaking the build's
language. At the end, ``_build/html/index.html`` chooses an edition.
"""
from __future__ import annotations

import html
import os
import re
from pathlib import Path

LANGS = ("en", "es")
NAMES = {"en": "English", "es": "Español"}
# English guide -> Spanish guide (file stems under docs/ and docs/es/)
DOC_TWINS = {"instructor-guide": "guia-del-instructor", "exercises": "ejercicios",
             "classroom-setup": "configuracion-del-aula"}
NOTEBOOK_FOLDERS = ("notebooks", "exercises", "solutions")
# The site's own sentence (greenlab's catalog holds greenlab's words; the parts come from it, translated)
NOTE = {
    "en": "Figures on this page were computed on {date} at size {size}, on: {machine}. Energy here is {how}. "
          "Your own run will give other figures.",
    "es": "Las cifras de esta página se calcularon el {date}, con tamaño {size}, en: {machine}. Aquí la energía es "
          "{how}. Tu propia ejecución dará otras cifras.",
}


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


ANCHOR = re.compile(r'^<a id="([\w-]+)"></a>\s*$', re.MULTILINE)
IMAGES = (".svg", ".png", ".jpg", ".jpeg", ".gif")
LINK = re.compile(r"\]\((?!https?:|mailto:|#)([^)\s#]+)(#[^)\s]*)?\)")


def myst_targets(text: str) -> str:
    """``<a id="name"></a>`` lines as MyST targets, ``(name)=``."""
    return ANCHOR.sub(lambda m: f"({m.group(1)})=", text)


def outside_links(text: str, docname: str, root: Path, pages: set[str], repository: str) -> str:
    """Relative links to repository files that are not pages here, as links to the file on GitHub."""
    folder = (root / docname).parent

    def replace(match: re.Match) -> str:
        target, fragment = match.group(1), match.group(2) or ""
        if target.lower().endswith(IMAGES):
            return match.group(0)  # an image: Sphinx copies it into the site
        path = (folder / target).resolve()
        try:
            relative = path.relative_to(root.resolve()).as_posix()
        except ValueError:
            return match.group(0)
        page = relative.rsplit(".", 1)[0] if relative.endswith((".md", ".ipynb")) else None
        if page in pages or not path.exists():
            return match.group(0)  # a page of this edition (Sphinx resolves it), or a broken link Sphinx reports
        kind = "tree" if path.is_dir() else "blob"
        return f"]({repository}/{kind}/main/{relative}{fragment})"

    return LINK.sub(replace, text)


REMOTE_BADGE = "](https://mybinder.org/badge_logo.svg)"
LOCAL_BADGE = "site/_static/binder-badge.svg"  # drawn for the site: a page fetches nothing from elsewhere


def local_badge(text: str, docname: str) -> str:
    """The Binder badge image from the site itself, not from mybinder.org (the link stays)."""
    up = "../" * docname.count("/")
    return text.replace(REMOTE_BADGE, f"]({up}{LOCAL_BADGE})")


def _on_source_read(app, docname, source) -> None:
    text = local_badge(myst_targets(source[0]), docname)
    source[0] = outside_links(text, docname, _source_root(app), set(app.env.found_docs),
                              app.config.html_theme_options.get("repository_url", ""))


def _machine_note(lang: str) -> str:
    """The machine and how energy is obtained, in ``lang``: "{date}" is left for the page's own date."""
    from greenlab import i18n, machine
    from greenlab.context import measuring
    from greenlab.render.formatting import energy_caption

    with i18n.speaking(lang), measuring() as context:
        size = os.environ.get("GREENLAB_SIZE", "workshop")
        return NOTE[lang].format(date="{date}", size=size, machine=machine.describe().line(),
                                 how=energy_caption(context.meter.kind, context.meter.name))


def executed_on(app, docname: str) -> str | None:
    """When MyST-NB executed this notebook (now, or when the cached outputs were computed), or None."""
    import datetime

    from myst_nb.sphinx_ import NbMetadataCollector

    data = NbMetadataCollector.get_exec_data(app.env, docname)
    if not data or not data.get("mtime"):
        return None
    return datetime.datetime.fromtimestamp(data["mtime"], tz=datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _on_builder_inited(app) -> None:
    app.env.greenlab_lang = app.config.language or "en"
    app.env.greenlab_machine_note = _machine_note(app.env.greenlab_lang)


def _on_page_context(app, pagename, templatename, context, doctree) -> None:
    lang = app.config.language or "en"
    other = "es" if lang == "en" else "en"
    target = twin(pagename, lang, _source_root(app)) or f"site/{other}/index"
    up = "../" * (pagename.count("/") + 1)
    href = f"{up}{other}/{target}.html"
    # every page, the index and search pages too: site/_templates/greenlab-lang.html puts it in the header
    context["greenlab_switch"] = (f"<div class='greenlab-edition'><a class='greenlab-lang' href='{href}' "
                                  f"hreflang='{other}' lang='{other}'>{NAMES[other]}</a></div>")
    date = executed_on(app, pagename) if "body" in context else None
    if date is not None:  # an executed notebook: its figures came from a machine
        text = app.env.greenlab_machine_note.replace("{date}", date)
        context["body"] = f"<p class='greenlab-machine-note'>{html.escape(text)}</p>" + context["body"]


def _on_build_finished(app, exception) -> None:
    if exception is not None or app.builder.name != "html":
        return
    top = Path(app.outdir).parent
    lang = app.config.language or "en"
    (Path(app.outdir) / "index.html").write_text(  # _build/html/en/ opens the edition's home page
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>greenlab</title>"
        f"<meta http-equiv='refresh' content='0; url=site/{lang}/index.html'></head>"
        f"<body><a href='site/{lang}/index.html'>greenlab</a></body></html>\n", encoding="utf-8")
    links = "".join(f"<li><a href='{lang}/site/{lang}/index.html' lang='{lang}'>{NAMES[lang]}</a></li>" for lang in LANGS)
    (top / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>greenlab</title></head><body>"
        "<h1>greenlab</h1><p>Green coding, measured · Programación verde, medida</p>"
        f"<ul>{links}</ul></body></html>\n", encoding="utf-8")


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    app.connect("source-read", _on_source_read)
    app.connect("html-page-context", _on_page_context)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
