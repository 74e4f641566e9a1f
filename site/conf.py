"""Sphinx configuration of the course website: one configuration, two editions.

    make site            # both editions into _build/html/en and _build/html/es, and _build/html/index.html

The source directory is the repository itself (so a page's path is the notebook's path in the
repository, and each page's "launch on Binder" button opens that notebook), and ``SITE_LANG``
("en" or "es") chooses what one build includes:

- English: ``site/en/`` (the home page), ``notebooks/``, ``exercises/``, ``solutions/``, ``docs/``;
- Spanish: ``site/es/``, ``notebooks/es/``, ``exercises/es/``, ``solutions/es/``, ``docs/es/``.

Notebooks are executed at build time by MyST-NB (``GREENLAB_SIZE``, workshop unless the Makefile
says otherwise), with a cache in ``_build/.jupyter_cache``: a rebuild with unchanged notebooks
executes nothing. A notebook that fails fails the build, naming it and the cell. Nothing here
reaches the network: sphinx-book-theme ships its assets, and MyST-NB runs the notebooks offline.

``site/_ext/greenlab_site.py`` adds to every page the language switch (to the same page in the
other edition) and a note saying on what machine the figures were computed and whether energy
was measured or estimated, as the notebooks do.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "_ext"))

from executed import cache_path, prepared  # noqa: E402

LANG = os.environ.get("SITE_LANG", "en")
if LANG not in ("en", "es"):
    raise ValueError(f"SITE_LANG must be 'en' or 'es'; got {LANG!r}")
EDITION = "" if LANG == "en" else "es/"
REPOSITORY = "https://github.com/greenlab-course/greenlab"

project = "greenlab" if LANG == "en" else "greenlab (español)"
author = "greenlab contributors"
copyright = "greenlab contributors, MIT licence"
language = LANG
root_doc = f"site/{LANG}/index"

extensions = ["myst_nb", "sphinx.ext.mathjax", "sphinx-mathjax-offline", "greenlab_site"]


def visible_solutions(guide: Path) -> list[str]:
    """The ``NN`` numbers of the solutions the instructor guide publishes on the website.

    The guide says it in words and in one marker line, ``<!-- site-solutions: 07 09 -->``; the
    marker is what the build reads (tests/test_site.py checks the two guides agree).
    """
    import re

    if not guide.is_file():
        raise ValueError(f"{guide} is missing: the website's {LANG} edition needs its instructor guide")
    found = re.search(r"<!--\s*site-solutions:([\d\s]*)-->", guide.read_text(encoding="utf-8"))
    if found is None:
        raise ValueError(f"{guide} has no '<!-- site-solutions: NN NN -->' line: add one listing the "
                         "solutions the website may show (an empty list shows none)")
    return found.group(1).split()


GUIDE = ROOT / "docs" / ("instructor-guide.md" if LANG == "en" else "es/guia-del-instructor.md")
SOLUTIONS = visible_solutions(GUIDE)
include_patterns = [
    f"site/{LANG}/**",
    f"notebooks/{EDITION}*.ipynb",
    f"exercises/{EDITION}*.ipynb",
    *(f"solutions/{EDITION}{number}-*.ipynb" for number in SOLUTIONS),
    f"docs/{EDITION}*.md",
]
exclude_patterns = ["_build", ".venv", "**/.ipynb_checkpoints"]
templates_path = [str(HERE / "_templates")]

# MyST and MyST-NB: execute with a cache; a failing notebook fails the build.
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3
SIZE = os.environ.get("GREENLAB_SIZE", "workshop")


nb_execution_mode = "cache"
# Exercise pages are the learner's blank page: the task, the hints and a starter, not run.
# (PurePosixPath.match: "*" stops at "/", so the Spanish folder needs its own pattern)
nb_execution_excludepatterns = ["exercises/*", "exercises/es/*"]
# one cache per problem size and version of greenlab's code (site/_ext/executed.py); in `make test`,
# nbval's run of the notebooks fills it, so the build shows those outputs rather than running again
nb_execution_cache_path = str(prepared(cache_path(SIZE)))
nb_execution_timeout = 900
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
# tqdm's bars are widgets, whose JavaScript would come from a CDN: the build turns them off
# (TQDM_DISABLE, read by tqdm itself) and loads no widget JavaScript.
os.environ.setdefault("TQDM_DISABLE", "1")
nb_ipywidgets_js = {}
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header"]

html_theme = "sphinx_book_theme"
html_title = "greenlab" if LANG == "en" else "greenlab · edición en español"
html_static_path = [str(HERE / "_static")]
html_css_files = ["greenlab.css"]
html_theme_options = {
    "repository_url": REPOSITORY,
    "repository_branch": "main",
    "path_to_docs": "",
    "use_repository_button": True,
    "launch_buttons": {"binderhub_url": "https://mybinder.org", "notebook_interface": "jupyterlab"},
    "show_toc_level": 2,
    # the language switch sits in every page's header, the index and search pages' too
    "article_header_end": ["greenlab-lang.html", "article-header-buttons.html"],
    "search_bar_text": "Search…" if LANG == "en" else "Buscar…",
}
html_last_updated_fmt = "%Y-%m-%d"
# pydata-sphinx-theme reads the colour mode from html_context; left empty, it logs a console error
html_context = {"default_mode": "auto"}
