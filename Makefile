# greenlab: every target bootstraps .venv on a fresh clone, so any of them can be the first command.
#   make lab      open the course in JupyterLab
#   make test     the whole test suite: pytest for greenlab, nbval for every notebook folder,
#                 both with no network but loopback (tools/offline.sh) where the machine allows
#   make report   the headless savings report (greenlab report) at workshop size
#   make bench    the benchmarks under benchmarks/ (prints figures, records them with the machine)

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.greenlab-installed
SOURCES := pyproject.toml setup.py $(wildcard greenlab/kernels/*/*.pyx)
# nbval runs every notebook folder: the course lax (only # NBVAL_CHECK_OUTPUT cells compared),
# solutions with every gl.check expected to pass, exercises as shipped with every check "not-yet".
# tools/offline.sh runs them with no network but loopback, proving the course works offline.
NBVAL := GREENLAB_SIZE=quick tools/offline.sh $(PY) -m pytest -p no:cacheprovider --nbval-lax --nbval-current-env --nbval-cell-timeout=600 -q

.PHONY: lab test test-unit test-notebooks report bench clean venv

venv: $(STAMP)

$(STAMP): $(SOURCES)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# JupyterLab serves the repository root (so exercises/ and docs/ are reachable) and opens 00.
# As root (Docker, some classroom VMs) Jupyter refuses to start without --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(ALLOW_ROOT) \
	  --LabApp.default_url=/lab/tree/notebooks/00-setup-check.ipynb

test: test-unit test-notebooks

test-unit: $(STAMP)
	GREENLAB_SIZE=quick tools/offline.sh $(PY) -m pytest -q tests

test-notebooks: $(STAMP)
	$(NBVAL) notebooks
	GREENLAB_EXPECT_CHECKS=passed $(NBVAL) solutions
	GREENLAB_EXPECT_CHECKS=not-yet $(NBVAL) exercises

report: $(STAMP)
	GREENLAB_SIZE=workshop $(VENV)/bin/greenlab report --out greenlab-report

bench: $(STAMP)
	$(PY) benchmarks/core.py
	$(PY) benchmarks/kernels.py

clean:
	rm -rf build greenlab.egg-info greenlab-report
	find greenlab -name '*.so' -delete
