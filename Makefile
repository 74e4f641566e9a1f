# greenlab: every target bootstraps .venv on a fresh clone, so any of them can be the first command.
#   make lab      open the course in JupyterLab (installs the course only)
#   make lab-es   the Spanish edition: notebooks/es/00 opens, greenlab and JupyterLab speak Spanish
#   make doctor   what this machine measures, what it estimates, and what needs a fix
#   make test     the whole test suite (adds the test tools to .venv): pytest for greenlab, nbval for
#                 every notebook folder, the website built and opened in headless chromium, all
#                 with no network but loopback (tools/offline.sh) where the machine allows
#   make report   the headless savings report (greenlab report) at workshop size
#   make bench    the benchmarks under benchmarks/ (prints figures, records them with the machine)
#   make site     the course website, both editions, into _build/html (open _build/html/index.html)
#   make lock     re-lock after changing pyproject.toml's dependencies (needs PyPI; docs/authoring.md)
#   make messages update greenlab's message catalogs after changing its texts (tools/messages.py)
#
# Everything is installed at the versions in the lock, requirements/course.txt (the course) and
# requirements/dev.txt (the test tools), the versions CI tests and Binder installs. A changed lock,
# pyproject.toml or Cython source reinstalls on the next make.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
LOCK     := requirements/course.txt
DEV_LOCK := requirements/dev.txt
COURSE_STAMP := $(VENV)/.greenlab-course
DEV_STAMP    := $(VENV)/.greenlab-dev
SOURCES := pyproject.toml setup.py $(wildcard greenlab/kernels/*/*.pyx)
PIP_INSTALL := $(PY) -m pip install --quiet --constraint $(LOCK)
# nbval runs every notebook folder: the course lax (only # NBVAL_CHECK_OUTPUT cells compared),
# solutions with every gl.check expected to pass, exercises as shipped with every check "not-yet".
# tools/offline.sh runs them with no network but loopback, proving the course works offline.
# Notebooks run in parallel, one notebook per process (pytest-xdist, --dist loadfile), and each one
# nbval ran cleanly is kept for the website (GREENLAB_SITE_CACHE, conftest.py), so test-site shows
# those outputs instead of running the course a second time.
# One BLAS thread per test process: with a notebook on each CPU, OpenBLAS's second thread spins on
# the CPU the other notebook needs (notebook 09's training cell took 63 s instead of 3 s here).
JOBS  ?= auto
ONE_BLAS_THREAD := OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
NBVAL := $(ONE_BLAS_THREAD) GREENLAB_SIZE=quick GREENLAB_STRICT=1 GREENLAB_SITE_CACHE=1 tools/offline.sh $(PY) -m pytest -p no:cacheprovider \
	-n $(JOBS) --dist loadfile --nbval-lax --nbval-current-env --nbval-cell-timeout=600 -q

.PHONY: venv dev lab lab-es messages doctor test test-unit test-notebooks test-site site site-en site-es report bench lock lock-upgrade clean

venv: $(COURSE_STAMP)
dev: $(DEV_STAMP)

# The course, at the lock's versions. The build tools come first, and greenlab is built with them
# (--no-build-isolation), so the locked Cython compiles its kernels.
$(COURSE_STAMP): $(SOURCES) $(LOCK)
	@test -x $(PY) || $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "make: $(LOCK) is locked for Python 3.11 or newer, and '$(PYTHON)' is not one;" \
	       "run: make PYTHON=python3.11 $(MAKECMDGOALS)" >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) pip setuptools wheel cython
	$(PIP_INSTALL) --no-build-isolation -e .
	touch $@

# The test tools on top (make test): requirements/dev.txt lists exactly what the course lacks.
$(DEV_STAMP): $(COURSE_STAMP) $(DEV_LOCK)
	$(PIP_INSTALL) --requirement $(DEV_LOCK)
	touch $@

# JupyterLab serves the repository root (so exercises/ and docs/ are reachable) and opens 00.
# It starts through binder/start, as on Binder: GREENLAB_SIZE, Numba's and BLAS's threads limited to
# the CPUs this process may use, codecarbon's log level, and the caches (%%cython's builds) in
# .cache/ here rather than in the home folder. .venv/bin goes first on PATH, so binder/start asks
# the course's python, and `greenlab` works in JupyterLab's terminals.
# As root (Docker, some classroom VMs) Jupyter refuses to start without --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)
lab: $(COURSE_STAMP)
	PATH="$(abspath $(VENV))/bin:$$PATH" binder/start jupyter lab --ServerApp.root_dir="$(CURDIR)" $(ALLOW_ROOT) \
	  --LabApp.default_url=/lab/tree/notebooks/00-setup-check.ipynb

# The Spanish edition: greenlab prints Spanish (GREENLAB_LANG=es, and the grid is Colombia's), and
# JupyterLab's interface is Spanish (the language pack, chosen in a settings folder of its own
# under .cache/, so `make lab` stays in English). The first Spanish notebook opens.
LAB_ES_SETTINGS := $(CURDIR)/.cache/jupyterlab-es/user-settings
lab-es: $(COURSE_STAMP)
	mkdir -p "$(LAB_ES_SETTINGS)/@jupyterlab/translation-extension"
	echo '{"locale": "es_ES"}' > "$(LAB_ES_SETTINGS)/@jupyterlab/translation-extension/plugin.jupyterlab-settings"
	PATH="$(abspath $(VENV))/bin:$$PATH" GREENLAB_LANG=es JUPYTERLAB_SETTINGS_DIR="$(LAB_ES_SETTINGS)" \
	  binder/start jupyter lab --ServerApp.root_dir="$(CURDIR)" $(ALLOW_ROOT) \
	  --LabApp.default_url=/lab/tree/notebooks/es/$(notdir $(firstword $(wildcard notebooks/es/00-*.ipynb)))

messages: $(DEV_STAMP)
	$(PY) tools/messages.py

doctor: $(COURSE_STAMP)
	$(VENV)/bin/greenlab doctor

test: test-unit test-notebooks test-site

test-unit: $(DEV_STAMP)
	$(ONE_BLAS_THREAD) GREENLAB_SIZE=quick tools/offline.sh $(PY) -m pytest -q -n $(JOBS) tests --ignore=tests/browser

# The English course runs twice in one kernel (GREENLAB_RUN_TWICE, conftest.py), as a learner's
# second Run All does; the Spanish notebooks' code is the same (tests/test_editions.py), so once.
test-notebooks: $(DEV_STAMP)
	GREENLAB_RUN_TWICE='notebooks/*.ipynb' $(NBVAL) notebooks
	GREENLAB_EXPECT_CHECKS=passed $(NBVAL) solutions
	GREENLAB_EXPECT_CHECKS=not-yet $(NBVAL) exercises

# The course website (site/conf.py): Sphinx and MyST-NB, offline. Both editions, each notebook run
# at SITE_SIZE (workshop; CI builds quick) with MyST-NB's cache in _build/.jupyter_cache, so a rebuild
# with unchanged notebooks runs nothing. A warning (a broken link, a notebook that fails) fails it.
SITE_SIZE ?= workshop
SPHINX := tools/offline.sh $(PY) -m sphinx -W --keep-going -q -b html -c site
site: $(DEV_STAMP)
	$(MAKE) --no-print-directory -j2 site-en site-es
	@echo "website: $(CURDIR)/_build/html/index.html"

site-en site-es: $(DEV_STAMP)
	SITE_LANG=$(@:site-%=%) GREENLAB_SIZE=$(SITE_SIZE) $(SPHINX) . _build/html/$(@:site-%=%)

# The website at quick size, opened page by page in headless chromium (tests/browser/; the set-up
# installs Debian's chromium where it is missing and the machine allows).
test-site: $(DEV_STAMP)
	$(MAKE) --no-print-directory site SITE_SIZE=quick
	tools/offline.sh $(PY) -m pytest -p no:cacheprovider -q tests/browser

report: $(COURSE_STAMP)
	GREENLAB_SIZE=workshop $(VENV)/bin/greenlab report --out greenlab-report

bench: $(COURSE_STAMP)
	$(PY) benchmarks/core.py
	$(PY) benchmarks/kernels.py

# Re-lock from pyproject.toml (keeps the pins it still allows; lock-upgrade moves them all), and
# rewrite binder/requirements.txt, binder/runtime.txt and environment.yml from the lock.
lock:
	$(PYTHON) tools/lock.py

lock-upgrade:
	$(PYTHON) tools/lock.py --upgrade

clean:
	rm -rf build _build greenlab.egg-info greenlab-report .cache
	find greenlab -name '*.so' -delete
