# The course's commands. On a fresh machine with Python 3.10+ and make:
#   make lab    set up .venv (first time only) and open the course in JupyterLab
#   make test   set up .venv (first time only) and run every test
# .venv is rebuilt from scratch whenever requirements.txt or pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet
LAB_ARGS ?=
PYTEST_ARGS ?=

# Fixed for every command: stable hashing, no user-level site packages.
export PYTHONHASHSEED := 0
export PYTHONNOUSERSITE := 1
# Matplotlib writes its font cache here instead of the home folder.
export MPLCONFIGDIR := $(CURDIR)/$(VENV)/mplconfig

.PHONY: lab test test-fast stall-check notebooks answer-key teacher handouts bench venv clean help

help:
	@echo "make lab         open the course in JupyterLab (sets up .venv the first time)"
	@echo "make test        run every test: unit, materials, nbval on every notebook, browser"
	@echo "make notebooks   re-execute every notebook in place (deterministic outputs)"
	@echo "make answer-key  write build/answer-key.html for teachers"
	@echo "make teacher     build the teacher edition in build/teacher/"
	@echo "make handouts    build the student handouts in build/handouts/"
	@echo "make bench       run the benchmark; results in build/bench.json"
	@echo "make stall-check open each notebook in JupyterLab and Run All, 112 times; build/stall.json"

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 10) else "Python 3.10 or newer is needed, and $(PYTHON) is " + sys.version.split()[0] + ": run make with PYTHON=python3.x")'
	@echo "Setting up $(VENV) (a few minutes the first time)..."
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	@mkdir -p $(VENV)/mplconfig $(VENV)/share/jupyter/lab/settings
	@# JupyterLab: no news feed and no update check (the course makes no downloads at run time).
	cp config/jupyterlab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $(STAMP)

# JupyterLab's settings for the course (config/jupyterlab-overrides.json), re-installed
# whenever they change.
OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
$(OVERRIDES): config/jupyterlab-overrides.json $(STAMP)
	@mkdir -p $(dir $@)
	cp config/jupyterlab-overrides.json $@

lab: $(STAMP) $(OVERRIDES)
	$(BIN)/jupyter trust notebooks/*.ipynb >/dev/null 2>&1 || true
	$(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) --KernelManager.transport_encryption=auto $(LAB_ARGS) notebooks/00-start-here.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadscope tests notebooks $(PYTEST_ARGS)

# Everything but the browser tests, for a quick check while editing.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadscope -m "not browser" tests notebooks $(PYTEST_ARGS)

# Issue 8's "Run All never starts" check: each notebook opened fresh in JupyterLab, Run
# All at once and after 2, 5 and 10 s, 4 rounds (112 trials, a page load each: slow, so
# not part of make test). Results in build/stall.json; STALL_ARGS=--help for options.
STALL_ARGS ?= --fresh-page
stall-check: $(STAMP)
	$(BIN)/python tests/browser/stall_check.py $(STALL_ARGS)

notebooks: $(STAMP)
	$(BIN)/python -m closereading.build notebooks

answer-key: $(STAMP)
	$(BIN)/python -m closereading.build answer-key

teacher: $(STAMP)
	$(BIN)/python -m closereading.build teacher

handouts: $(STAMP)
	$(BIN)/python -m closereading.build handouts

$(BENCH_STAMP): $(STAMP) requirements-bench.txt
	$(PIP) install -r requirements-bench.txt
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m closereading.bench

clean:
	rm -rf build .pytest_cache .hypothesis

distclean: clean
	rm -rf $(VENV)
