"""The built website in headless chromium: every page loads cleanly, outputs and plots show, links resolve,
the language switch and the Binder buttons point where they should."""
from __future__ import annotations

import functools
import html.parser
import re
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"

REPOSITORY = "greenlab-course/greenlab"
SKIP = ("_static", "_sources", "_images", "jupyter_execute", "_downloads")


def pages(lang: str) -> list[str]:
    """Every HTML page of an edition, relative to _build/html ("en/notebooks/02-measuring-energy.html"),
    but the edition's index.html, which only sends the browser on to its home page."""
    root = SITE / lang
    return sorted(str(p.relative_to(SITE)) for p in root.rglob("*.html")
                  if not any(part in SKIP for part in p.relative_to(root).parts) and p != root / "index.html")


def notebook_pages(lang: str, folder: str) -> list[str]:
    edition = "" if lang == "en" else "es/"
    return [p for p in pages(lang) if p.startswith(f"{lang}/{folder}/{edition}") and p.count("/") == 2 + edition.count("/")]


class _Anchors(html.parser.HTMLParser):
    """Every href and every id of a page."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


@functools.lru_cache(maxsize=None)
def _parse(path: Path) -> _Anchors:
    """A page's links and ids, read once (pages with plots are large)."""
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


ALL_PAGES = pages("en") + pages("es") if SITE.is_dir() else []


def test_both_editions_were_built_with_every_notebook(site_root):
    for lang, edition in (("en", ""), ("es", "es/")):
        for folder in ("notebooks", "exercises"):
            sources = sorted((ROOT / folder / edition.rstrip("/")).glob("*.ipynb"))
            built = notebook_pages(lang, folder)
            assert sources and len(built) == len(sources), (lang, folder, built)
        # solutions only where the instructor guide shows them (07 and 09)
        assert [Path(p).name[:2] for p in notebook_pages(lang, "solutions")] == ["07", "09"]
    assert (site_root / "index.html").is_file()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_editions_folder_opens_its_home_page(open_page, lang):
    page, problems = open_page(f"{lang}/")
    page.wait_for_url(f"**/{lang}/site/{lang}/index.html")
    assert not problems.errors and page.locator("a.greenlab-lang").count() == 1


@pytest.mark.parametrize("path", ALL_PAGES)
def test_a_page_loads_without_errors_or_outside_requests(visit, path):
    seen = visit(path)
    assert seen.title, f"{path} has no title"
    assert seen.lang == path.split("/")[0], f"{path} says it is in {seen.lang!r}"
    assert not seen.errors, f"{path}: " + "; ".join(seen.errors[:5])


@pytest.mark.parametrize("lang", ["en", "es"])
def test_notebook_pages_show_their_outputs_plots_and_machine_note(visit, lang):
    plotted = 0
    how = ("estimated", "measured") if lang == "en" else ("estimada", "medida")
    for path in notebook_pages(lang, "notebooks") + notebook_pages(lang, "solutions"):
        seen = visit(path)
        assert seen.outputs > 0, f"{path}: no executed outputs"
        assert seen.images_loaded == seen.images, f"{path}: {seen.images - seen.images_loaded} output images did not load"
        assert any(word in seen.note for word in how) and re.search(r"\d{4}-\d\d-\d\d", seen.note), f"{path}: {seen.note!r}"
        plotted += seen.images
    assert plotted >= 5, f"the {lang} notebooks show only {plotted} plots"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_exercise_pages_are_learner_pages_with_hints_and_no_answers(visit, lang):
    for path in notebook_pages(lang, "exercises"):
        seen = visit(path)
        assert seen.details > 0, f"{path}: no hints to open"
        assert seen.outputs == 0, f"{path}: an exercise page is not executed"
        assert "BEGIN SOLUTION" not in seen.text and seen.note == ""


def test_internal_links_resolve(site_root):
    broken = []
    for path in ALL_PAGES:
        page = site_root / path
        for href in _parse(page).hrefs:
            parts = urllib.parse.urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = (page.parent / urllib.parse.unquote(parts.path)).resolve() if parts.path else page.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path}: {href}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in _parse(target).ids:
                broken.append(f"{path}: {href} (no #{parts.fragment} there)")
    assert not broken, f"{len(broken)} broken links, e.g. {broken[:8]}"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_language_switch_leads_to_the_same_page_in_the_other_edition(open_page, site_root, lang):
    other = "es" if lang == "en" else "en"
    for path in pages(lang):
        anchors = _parse(site_root / path)
        switch = re.search(r"<a class='greenlab-lang' href='([^']+)'", (site_root / path).read_text(encoding="utf-8"))
        assert switch, f"{path} has no language switch"
        target = ((site_root / path).parent / switch.group(1)).resolve()
        assert target.is_file(), f"{path}: the switch leads to {switch.group(1)}, which is not there"
        assert target.relative_to(site_root.resolve()).parts[0] == other
        folder = Path(path).parts[1]
        if folder in ("notebooks", "exercises", "solutions") and Path(path).name[:2].isdigit():
            assert target.name[:2] == Path(path).name[:2], f"{path}: the switch leads to {target.name}"
        assert anchors.hrefs  # the page has links at all
    # and in the browser: click it on one notebook page
    start = notebook_pages(lang, "notebooks")[2]
    page, _ = open_page(start)
    page.click("a.greenlab-lang")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang").startswith(other)
    assert f"/{other}/notebooks/" in page.url and Path(urllib.parse.urlsplit(page.url).path).name[:2] == Path(start).name[:2]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_notebook_page_launches_that_notebook_on_binder(site_root, lang):
    for folder in ("notebooks", "exercises", "solutions"):
        for path in notebook_pages(lang, folder):
            hrefs = [h for h in _parse(site_root / path).hrefs if h.startswith("https://mybinder.org/v2/gh/")]
            launch = [h for h in hrefs if f"/v2/gh/{REPOSITORY}/main?" in h]
            assert launch, f"{path}: no launch button (links: {hrefs})"
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(launch[0]).query)
            notebook = query["urlpath"][0].removeprefix("lab/tree/")
            assert notebook == str(Path(path).relative_to(lang).with_suffix(".ipynb")), (path, launch[0])
            assert (ROOT / notebook).is_file(), f"{path}: Binder would open {notebook}, which is not in the repository"


def test_spanish_pages_speak_spanish(open_page):
    page, problems = open_page("es/site/es/index.html")
    assert not problems.errors
    assert page.evaluate("document.documentElement.lang") == "es"
    text = page.locator("body").inner_text()
    assert "Cuadernos" in text and "Ejercicios" in text
    search = page.locator("input[type=search]").first.get_attribute("placeholder") or ""
    assert search.lower().startswith("buscar"), search
    assert page.locator("a.greenlab-lang").inner_text() == "English"
