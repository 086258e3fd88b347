# The course's commands. On a fresh machine with Python 3.10+ and make:
#   make lab    set up .venv (first time only) and open the course in JupyterLab
#   make test   set up .venv (first time only) and run every test
# .venv is rebuilt from scratch whenever requirements.txt or pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
MUTATION_STAMP := $(VENV)/.mutation-installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet
LAB_ARGS ?=
PYTEST_ARGS ?=
# pytest-xdist workers for make test: one per core (auto), the fastest on 2 cores
# (479 s against 517-523 s with 4; `make test-timing`, tests/browser/STALL.md).
# `make test TEST_WORKERS=4` to try another number.
TEST_WORKERS ?= auto

# Fixed for every command: stable hashing, no user-level site packages.
export PYTHONHASHSEED := 0
export PYTHONNOUSERSITE := 1
# Matplotlib writes its font cache here instead of the home folder.
export MPLCONFIGDIR := $(CURDIR)/$(VENV)/mplconfig

# configurable-http-proxy (npm), for the JupyterHub test: installed into .venv/node.
CHP_VERSION := 5.3.0
NODE_DIR := $(VENV)/node
PROXY    := $(NODE_DIR)/node_modules/.bin/configurable-http-proxy

.PHONY: fuzz semantic-mutants load-test lab test test-fast notebooks answer-key teacher handouts bench release venv clean help wheel guide proxy mutation stall-check test-timing

help:
	@echo "make lab         open the course in JupyterLab (sets up .venv the first time)"
	@echo "make test        run every test: unit, materials, nbval on every notebook, browser"
	@echo "make notebooks   re-execute every notebook in place (deterministic outputs)"
	@echo "make answer-key  write build/answer-key.html for teachers"
	@echo "make teacher     build the teacher edition in build/teacher/"
	@echo "make handouts    build the student handouts in build/handouts/"
	@echo "make bench       run the benchmark; results in build/bench.json"
	@echo "make release     build/release/closereading-VERSION/: wheel, sdist, editions zip, SHA256SUMS"
	@echo "make wheel       build the wheel (materials included) into build/dist/"
	@echo "make guide       write the teacher's guide (session plans) to build/guide/"
	@echo "make proxy       install configurable-http-proxy (npm) for the JupyterHub test"
	@echo "make mutation    mutation testing of the core (mutmut); scores in build/mutation.json"
	@echo "                 then the semantic mutants; SEMANTIC=only for those alone"
	@echo "make semantic-mutants  the hand-written bugs of tests/semantic_mutants.yml; build/semantic-mutants.json"
	@echo "make test-timing how long make test takes, and where: build/test-timing.json"
	@echo "make stall-check the kernel race, then Run All in JupyterLab 128 times; build/stall.json"
	@echo "make load-test   30 simulated learners on the course's JupyterHub; build/load.json, build/load.html"
	@echo "make fuzz        the fuzz suite (tests/test_fuzz.py) at over 100,000 examples; build/fuzz.json"

venv: $(STAMP)

$(STAMP): requirements.txt requirements-nodeps.txt pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 10) else "Python 3.10 or newer is needed, and $(PYTHON) is " + sys.version.split()[0] + ": run make with PYTHON=python3.x")'
	@echo "Setting up $(VENV) (a few minutes the first time)..."
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps -r requirements-nodeps.txt
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
	$(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) --KernelManager.transport_encryption=auto \
	  --ContentsManager.pre_save_hook=closereading.jupyter_hooks.strip_saved_widget_views \
	  --ServerApp.contents_manager_class=closereading.jupyter_hooks.CourseContentsManager \
	  $(LAB_ARGS) notebooks/00-start-here.ipynb

test: $(STAMP) $(OVERRIDES) proxy
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope tests notebooks $(PYTEST_ARGS)

# How long `make test` takes and where the time goes (elapsed and processor time, seconds
# per test file, the slowest tests): build/test-timing.json. A benchmark, not a test.
# TIMING_ARGS="--label before" writes build/test-timing-before.json.
TIMING_ARGS ?=
test-timing: $(STAMP) proxy
	$(BIN)/python tests/suite_timing.py $(TIMING_ARGS)

# Everything but the browser tests, for a quick check while editing.
test-fast: $(STAMP) $(OVERRIDES)
	$(BIN)/python -m pytest -n auto --dist loadscope -m "not browser" tests notebooks $(PYTEST_ARGS)

# The fuzz suite (tests/test_fuzz.py: the reading layer, the store, export, the report and
# stats on arbitrary bytes and JSON) with its long budget, over 100,000 examples in all
# (make test runs it with a few dozen per property). Counts and time: build/fuzz.json.
fuzz: $(STAMP)
	@rm -f build/fuzz.json
	CLOSEREADING_FUZZ=long $(BIN)/python -m pytest -q tests/test_fuzz.py $(PYTEST_ARGS)
	@cat build/fuzz.json

# Issue 8's "Run All never starts" check, in two parts (slow, so not part of make test):
# the kernel-level race that caused it (tests/kernel_race.py, 2,000 rounds of 8 requests, build/
# kernel_race.json), then each notebook opened in JupyterLab with a new kernel and Run
# All at once and after 2, 5 and 10 s of "Idle", 4 rounds (128 trials), each waited for
# to the end (build/stall.json). STALL_ARGS=--help for the options.
STALL_ARGS ?= --full
stall-check: $(STAMP)
	$(BIN)/python tests/kernel_race.py --rounds 2000 --burst 8 --json build/kernel_race.json
	$(BIN)/python tests/browser/stall_check.py $(STALL_ARGS)

# A class at once: the course's JupyterHub on loopback ports and N simulated learners
# (30 by default; all at once, then spread over 2 minutes) who log in, Run All notebook
# 00 and use its widgets through the kernel's websocket (tools/load_test.py). Writes
# build/load.json and build/load.html. A measurement, not a test (minutes; not part of
# make test, which runs three learners in tests/hub/test_load.py).
# LOAD_ARGS="--sweep 10,20,30 --arrival burst" finds the largest class that meets the targets.
LOAD_ARGS ?=
load-test: $(STAMP) proxy
	$(BIN)/python tools/load_test.py $(LOAD_ARGS)

notebooks: $(STAMP)
	$(BIN)/python -m closereading.build notebooks

wheel: $(STAMP)
	$(BIN)/python -m closereading.build wheel

guide: $(STAMP)
	$(BIN)/python -m closereading.build guide

# The JupyterHub test needs configurable-http-proxy from npm. Where npm or the registry is
# missing this step says so and the hub test skips with the reason (it fails under CI=true).
proxy: $(STAMP)
	@if [ -x $(PROXY) ]; then :; \
	elif ! command -v npm >/dev/null 2>&1; then echo "npm not found: the JupyterHub test will be skipped"; \
	else echo "Installing configurable-http-proxy $(CHP_VERSION) into $(NODE_DIR) (npm)..."; \
	  npm install --prefix $(NODE_DIR) --no-audit --no-fund --loglevel=error \
	    configurable-http-proxy@$(CHP_VERSION) >/dev/null \
	  || echo "npm install of configurable-http-proxy failed: the JupyterHub test will be skipped"; fi

answer-key: $(STAMP)
	$(BIN)/python -m closereading.build answer-key

teacher: $(STAMP)
	$(BIN)/python -m closereading.build teacher

handouts: $(STAMP)
	$(BIN)/python -m closereading.build handouts

release: $(STAMP)
	$(BIN)/python -m closereading.release

$(BENCH_STAMP): $(STAMP) requirements-bench.txt
	$(PIP) install -r requirements-bench.txt
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m closereading.bench

# Mutation testing of the core, one module at a time, each against the test files that
# cover it; scores per module in build/mutation.json, survivors explained in
# tests/MUTANTS.md. Too slow for `make test` (minutes per module): run it before closing
# an issue that touches the core. The modules and their tests are the table
# [modules] in tests/mutation.toml: adding a module is adding one line.
# One module: make mutation MODULES=quiz/model.py; fewer processes: MUTATION_ARGS=--max-children=1
MODULES ?=
MUTATION_ARGS ?=
$(MUTATION_STAMP): $(STAMP) requirements-mutation.txt
	$(PIP) install -r requirements-mutation.txt
	@touch $(MUTATION_STAMP)

# Then the semantic mutants (tests/semantic_mutants.yml, tools/semantic_mutants.py): bugs
# written by hand of the kinds mutmut does not plant (a removed escape or CSV neutralisation,
# a callback bound late in a loop, a cap moved by one, a write that is not atomic ...), each
# run against the tests named for it in a copy of the repository; the kill count goes to
# build/semantic-mutants.json and is printed after mutmut's scores.
# SEMANTIC=only runs the semantic mutants alone (no mutmut), as `make semantic-mutants`
# does; SEMANTIC=no runs mutmut alone. SEMANTIC_ARGS="ID ..." runs some of them.
SEMANTIC ?= yes
SEMANTIC_ARGS ?=
MUTATION_NEEDS := $(if $(filter only,$(SEMANTIC)),$(STAMP),$(MUTATION_STAMP))
mutation: $(MUTATION_NEEDS)
	@status=0; \
	if [ "$(SEMANTIC)" != only ]; then \
	  $(BIN)/python tests/mutation.py $(MODULES) $(MUTATION_ARGS) || status=1; fi; \
	if [ "$(SEMANTIC)" != no ]; then \
	  $(BIN)/python tools/semantic_mutants.py $(SEMANTIC_ARGS) || status=1; fi; \
	exit $$status

semantic-mutants: $(STAMP)
	$(BIN)/python tools/semantic_mutants.py $(SEMANTIC_ARGS)

clean:
	rm -rf build .pytest_cache .hypothesis

distclean: clean
	rm -rf $(VENV)
