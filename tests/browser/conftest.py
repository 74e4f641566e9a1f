"""The website opened in a real browser: the built site served on localhost, Debian's chromium driven by Playwright.

``make test-site`` builds the site (``make site SITE_SIZE=quick``) and runs these. Chromium is the
machine's own (Playwright downloads no browser): where none is found and this is Debian or Ubuntu
as root, the set-up installs the ``chromium`` package; otherwise it fails, saying what to install.
Only loopback is used: every request the pages make outside the local server is recorded and
refused, so a page that fetches a font or a script from a CDN fails the tests.
"""
from __future__ import annotations

import dataclasses
import functools
import http.server
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-features=Translate,MediaRouter"]


@pytest.fixture(autouse=True)
def no_network():
    """The browser tests talk to their own server on loopback (the unit tests' socket block would stop it)."""
    yield


def find_chromium() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def install_chromium() -> str:
    """Debian's chromium, installed where it is missing and the machine allows (root, apt-get)."""
    found = find_chromium()
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"], check=False,
                       env=env, timeout=1200)
        found = find_chromium()
        if found:
            return found
    pytest.fail("no chromium here and it could not be installed: install Debian's `chromium` package "
                "(apt-get install chromium), or put chromium or google-chrome on PATH", pytrace=False)


@pytest.fixture(scope="session")
def site_root() -> Path:
    for lang in ("en", "es"):
        if not (SITE / lang / "site" / lang / "index.html").is_file():
            pytest.fail(f"no website in {SITE}: build it with `make site` (or run `make test-site`)", pytrace=False)
    return SITE


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(site_root):
    handler = functools.partial(_Quiet, directory=str(site_root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    executable = install_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


class PageProblems:
    """What went wrong while a page loaded: console errors, script errors, failed or outside requests."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.errors: list[str] = []

    def watch(self, page) -> None:
        page.on("console", lambda message: message.type == "error" and self.errors.append(f"console: {message.text}"))
        page.on("pageerror", lambda error: self.errors.append(f"script error: {error}"))
        page.on("requestfailed", lambda request: request.url.startswith(self.base_url) and self.errors.append(
            f"request failed: {request.url} ({request.failure})"))
        page.on("response", lambda response: response.status >= 400 and self.errors.append(
            f"HTTP {response.status}: {response.url}"))

        def route(route_, request):
            if request.url.startswith(self.base_url) or request.url.startswith(("data:", "blob:", "about:")):
                route_.continue_()
            else:
                self.errors.append(f"outside request: {request.url}")
                route_.abort()

        page.route("**/*", route)


@dataclasses.dataclass(frozen=True)
class Visit:
    """What one page showed in the browser, read once and shared by the tests."""

    path: str
    title: str
    lang: str
    errors: tuple[str, ...]
    outputs: int  # executed cell outputs
    images: int  # images in those outputs
    images_loaded: int
    note: str  # the machine note, "" if none
    details: int  # <details> blocks (hints, answers)
    text: str


@pytest.fixture(scope="session")
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture(scope="session")
def visit(context, base_url):
    """visit("en/notebooks/02-measuring-energy.html") -> Visit; each page is loaded once per session."""

    @functools.lru_cache(maxsize=None)
    def visit_(path: str) -> Visit:
        page = context.new_page()
        problems = PageProblems(base_url)
        problems.watch(page)
        try:
            page.goto(f"{base_url}/{path}", wait_until="networkidle")
            images = page.locator("div.cell_output img")
            loaded = sum(1 for i in range(images.count())
                         if images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0"))
            note = page.locator(".greenlab-machine-note")
            return Visit(path=path, title=page.title(), lang=page.evaluate("document.documentElement.lang"),
                         errors=tuple(problems.errors), outputs=page.locator("div.cell_output").count(),
                         images=images.count(), images_loaded=loaded,
                         note=note.first.inner_text() if note.count() else "",
                         details=page.locator("details").count(), text=page.content())
        finally:
            page.close()

    return visit_


@pytest.fixture
def open_page(context, base_url):
    """open_page(path) -> (page, problems): a live page, for tests that click."""
    pages = []

    def open_(path: str):
        page = context.new_page()
        problems = PageProblems(base_url)
        problems.watch(page)
        page.goto(f"{base_url}/{path}", wait_until="networkidle")
        pages.append(page)
        return page, problems

    yield open_
    for page in pages:
        page.close()
