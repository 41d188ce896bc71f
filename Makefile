# Clots & Nerves: one command for each job. `make test` sets everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two installs: the course itself (lab, app, site, ...) and, only for `make test`/`make bench`,
# the test tools on top (pytest, Playwright, nbval, ruff, axe).
BASE   := $(VENV)/.installed-base
TESTS  := $(VENV)/.installed-test

.PHONY: help install install-test test lint notebooks tidy figures grids docs site slides handouts bench lab app checklist clean

help:
	@echo "make test       set up .venv if needed, then lint + unit tests + strict nbval"
	@echo "make site       re-execute every notebook, render the course to site/ (with slides), zip it in dist/"
	@echo "make slides     one reveal.js deck per lesson in site/slides/ (works offline)"
	@echo "make handouts   print each lesson's core and a worksheet per lesson plan to site/handouts/ (PDF)"
	@echo "make bench      time notebooks against the kernel floor, models, widgets and the site"
	@echo "make lab        open JupyterLab on notebooks/00_start_here.ipynb"
	@echo "make app        serve the interactive notebooks as a Voila app (classroom), port 8866"
	@echo "make checklist  serve only the risk checklist (notebook 04) with Voila, port 8866"
	@echo "make figures    regenerate the static figures in figures/"
	@echo "make grids      recompute the stored explorer grids and the nerve-map backdrop"
	@echo "make docs       regenerate the quiz answer key in docs/ for the teacher's guide"
	@echo "make notebooks  re-execute every notebook in place (after editing one)"
	@echo "make tidy       course-wide notebook edits (setup, red flags, spelling, glossary, times)"

$(BASE): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TESTS): $(BASE)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(BASE)

install-test: $(TESTS)

lint: install-test
	$(BIN)/ruff check src tests notebooks conftest.py

test: lint
	$(BIN)/python -m pytest

notebooks: install
	$(BIN)/python -m helpers.build colab
	$(BIN)/python -m helpers.build execute

# Idempotent: setup tags, red flags only where taught, British spelling, glossary links and the
# computed lesson times; then re-execute the notebooks it names (make notebooks).
tidy: install
	$(BIN)/python -m helpers.tidy all

figures: install
	$(BIN)/python -m helpers.figures --out figures

# The explorers' stored grids (every slider stop solved once) and the stored nerve-map backdrop,
# in src/helpers/templates/explorers/; then re-execute the notebooks that show them (make notebooks).
grids: install
	$(BIN)/python -m helpers.display grids

docs: install
	$(BIN)/python -m helpers.quiz answer-key --out docs/answer_key.md

site: install
	$(BIN)/python -m helpers.build site --out site
	$(BIN)/python -m helpers.slides --out site/slides
	$(BIN)/python -m helpers.build zip --site site --out dist/clots-and-nerves-site.zip

# One deck per lesson from the committed notebooks; reveal.js, RequireJS and jQuery come from the
# npm registry (npm pack, cached in build/npm) and ship in site/slides/vendor.
slides: install
	$(BIN)/python -m helpers.slides --out site/slides

# PDFs from the committed notebooks, printed by Debian's Chromium (/usr/bin/chromium) through
# Playwright's page.pdf, offline. HANDOUT_PAPER=Letter for US Letter.
HANDOUT_PAPER ?= A4
handouts: install
	$(BIN)/python -m helpers.handouts --out site/handouts --paper $(HANDOUT_PAPER)

# Measured on this machine, printed, and written to benchmarks/ (results.json, RESULTS.md).
# BENCH_FLAGS="--learners=" skips the classroom-capacity part (Voila with 1 to 60 learners, as
# protocol-level clients); BENCH_FLAGS=--capacity-only measures only that part.
BENCH_FLAGS ?=
bench: install-test
	$(BIN)/python -m helpers.bench --out benchmarks $(BENCH_FLAGS)

# Containers and classroom images often run as root, which Jupyter refuses without --allow-root:
# pass it only then. LAB_FLAGS adds options, e.g. LAB_FLAGS="--no-browser --port=8899".
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
LAB_FLAGS  ?=

lab: install
	$(BIN)/jupyter lab $(ALLOW_ROOT) $(LAB_FLAGS) notebooks/00_start_here.ipynb

# Voila on localhost; a teacher shares the screen or opens the port to the class network
# with VOILA_IP=0.0.0.0 (see the README for JupyterHub and Binder when one machine is not enough).
# The "clots" template (src/helpers/templates/jupyter) is Voila's own minus the Font Awesome style
# sheets Voila 0.5 links from a CDN, so nothing leaves the machine.
VOILA_IP ?= 127.0.0.1
# VOILA_FLAGS adds options, e.g. "--preheat_kernel=True --pool_size=5" (see docs/teaching.md).
# The "clots" template (in the package) is Voila's own without its CDN style sheets: offline; its
# folder's voila.py lists the lessons by title on the landing page (helpers.classroom).
VOILA_FLAGS ?=
VOILA     = JUPYTER_PATH=$(CURDIR)/src/helpers/templates/jupyter \
            JUPYTER_CONFIG_PATH=$(CURDIR)/src/helpers/templates/jupyter $(BIN)/voila --template=clots \
            --no-browser --port 8866 --Voila.ip=$(VOILA_IP) --theme=light $(VOILA_FLAGS)

# The folder view is the clots template's lesson list (tree-lab.html): it replaces Voila 0.5's newer
# tree, which loads the widget manager without a kernel (console errors and a 404 on /api/kernels).
app: install
	$(VOILA) notebooks/

checklist: install
	$(VOILA) notebooks/04_signs_and_risk.ipynb

clean:
	rm -rf site .pytest_cache build src/*.egg-info
