"""site/: the website's configuration and extension, without building it (tests/browser/ opens the build)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


site = _load("greenlab_site", ROOT / "site" / "_ext" / "greenlab_site.py")


def test_a_notebook_page_switches_to_its_twin_by_number(tmp_path):
    for folder, name in (("notebooks", "02-measuring-energy"), ("notebooks/es", "02-midiendo-la-energia"),
                         ("exercises", "02-measuring-energy-exercises"), ("exercises/es", "02-midiendo-la-energia-ejercicios")):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / f"{name}.ipynb").write_text("{}")
    assert site.twin("notebooks/02-measuring-energy", "en", tmp_path) == "notebooks/es/02-midiendo-la-energia"
    assert site.twin("notebooks/es/02-midiendo-la-energia", "es", tmp_path) == "notebooks/02-measuring-energy"
    assert site.twin("exercises/02-measuring-energy-exercises", "en", tmp_path) == "exercises/es/02-midiendo-la-energia-ejercicios"
    assert site.twin("notebooks/03-profiling", "en", tmp_path) is None  # no twin: the other home page instead
    assert site.twin("site/en/index", "en", tmp_path) == "site/es/index"


def test_a_guide_switches_to_its_translation_when_there_is_one(tmp_path):
    (tmp_path / "docs" / "es").mkdir(parents=True)
    (tmp_path / "docs" / "es" / "guia-del-instructor.md").write_text("#")
    (tmp_path / "docs" / "instructor-guide.md").write_text("#")
    assert site.twin("docs/instructor-guide", "en", tmp_path) == "docs/es/guia-del-instructor"
    assert site.twin("docs/es/guia-del-instructor", "es", tmp_path) == "docs/instructor-guide"
    assert site.twin("docs/authoring", "en", tmp_path) is None


def test_github_anchors_become_myst_targets():
    text = 'intro\n<a id="rapl"></a>\n### 6.1 RAPL\n'
    assert site.myst_targets(text) == "intro\n(rapl)=\n### 6.1 RAPL\n"


def test_links_outside_the_edition_go_to_github_and_pages_stay(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "README.md").write_text("#")
    (tmp_path / "docs" / "guide.md").write_text("#")
    (tmp_path / "docs" / "badge.svg").write_text("<svg/>")
    text = "[readme](../README.md#quick) [guide](guide.md#x) [web](https://example.org) [gone](nowhere.md) ![b](badge.svg)"
    out = site.outside_links(text, "docs/guide", tmp_path, {"docs/guide"}, "https://github.com/o/r")
    assert "[readme](https://github.com/o/r/blob/main/README.md#quick)" in out
    assert "[guide](guide.md#x)" in out and "[web](https://example.org)" in out
    assert "[gone](nowhere.md)" in out  # left for Sphinx to report: -W fails the build on it
    assert "![b](badge.svg)" in out


def test_the_binder_badge_is_drawn_locally():
    text = "[![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/o/r/HEAD?urlpath=x)"
    out = site.local_badge(text, "notebooks/es/02-midiendo-la-energia")
    assert out == "[![Binder](../../site/_static/binder-badge.svg)](https://mybinder.org/v2/gh/o/r/HEAD?urlpath=x)"
    assert (ROOT / site.LOCAL_BADGE).is_file()


def test_the_machine_note_says_how_energy_was_obtained_in_both_languages():
    english, spanish = site._machine_note("en"), site._machine_note("es")
    assert "{date}" in english and ("estimated" in english or "measured" in english)
    assert "{date}" in spanish and ("estimada" in spanish or "medida" in spanish)
    from greenlab import i18n

    assert i18n.language() == "en"  # given back


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_configuration_includes_one_edition_and_the_solutions_the_guide_shows(lang, monkeypatch):
    monkeypatch.setenv("SITE_LANG", lang)
    conf = _load(f"site_conf_{lang}", ROOT / "site" / "conf.py")
    edition = "" if lang == "en" else "es/"
    assert conf.root_doc == f"site/{lang}/index" and conf.language == lang
    assert f"notebooks/{edition}*.ipynb" in conf.include_patterns
    assert conf.SOLUTIONS == ["07", "09"]
    assert [p for p in conf.include_patterns if p.startswith("solutions/")] == [
        f"solutions/{edition}07-*.ipynb", f"solutions/{edition}09-*.ipynb"]
    assert conf.nb_execution_mode == "cache" and conf.nb_execution_raise_on_error


def test_an_unknown_edition_is_refused(monkeypatch):
    monkeypatch.setenv("SITE_LANG", "fr")
    with pytest.raises(ValueError, match="SITE_LANG must be 'en' or 'es'"):
        _load("site_conf_fr", ROOT / "site" / "conf.py")


def _mini_site(folder: Path, *sources: str) -> Path:
    """A source tree laid out as the repository (site/en/index.md, notebooks/), with one notebook."""
    import nbformat

    (folder / "site" / "en").mkdir(parents=True)
    (folder / "notebooks").mkdir()
    (folder / "site" / "en" / "index.md").write_text("# home\n\n```{toctree}\n/notebooks/01-one\n```\n")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# one")]
                                  + [nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "notebooks" / "01-one.ipynb")
    return folder


def _sphinx(source: Path, out: Path, cache: Path):
    """Build the mini site with the website's configuration, its execution cache in ``cache``."""
    import os
    import subprocess

    env = {**os.environ, "SITE_LANG": "en", "GREENLAB_SIZE": "quick"}
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                           "-c", str(ROOT / "site"), "-D", f"nb_execution_cache_path={cache}", str(source), str(out)],
                          capture_output=True, text=True, env=env, timeout=600)


def test_a_notebook_that_fails_fails_the_build_naming_it_and_the_cell(tmp_path):
    source = _mini_site(tmp_path / "src", "x = 1", "1 / 0")
    run = _sphinx(source, tmp_path / "out", tmp_path / "cache")
    assert run.returncode != 0
    assert "01-one" in run.stderr and "ZeroDivisionError" in run.stderr and "1 / 0" in run.stderr, run.stderr


def test_a_notebook_is_executed_once_and_then_shown_from_the_cache(tmp_path):
    runs = tmp_path / "runs.txt"  # the cell writes a line each time it is executed
    source = _mini_site(tmp_path / "src", f"open({str(runs)!r}, 'a').write('ran\\n')\nprint('computed', 6 * 7)")
    cache = tmp_path / "cache"
    first = _sphinx(source, tmp_path / "out1", cache)
    assert first.returncode == 0, first.stderr
    page = (tmp_path / "out1" / "notebooks" / "01-one.html").read_text(encoding="utf-8")
    assert "computed 42" in page and "greenlab-machine-note" in page and "greenlab-lang" in page
    from jupyter_cache import get_cache

    assert len(get_cache(str(cache)).list_cache_records()) == 1
    assert runs.read_text() == "ran\n"
    # the notebook's code unchanged: a second build (another output folder) shows the cached outputs
    (source / "notebooks" / "01-one.ipynb").touch()
    second = _sphinx(source, tmp_path / "out2", cache)
    assert second.returncode == 0 and "computed 42" in (tmp_path / "out2" / "notebooks" / "01-one.html").read_text()
    assert len(get_cache(str(cache)).list_cache_records()) == 1
    assert runs.read_text() == "ran\n", "the second build executed the notebook again"
