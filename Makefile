# Clots & Nerves: one command for each job. `make test` sets everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: help install test lint notebooks tidy figures docs site bench lab app checklist clean

help:
	@echo "make test       set up .venv if needed, then lint + unit tests + strict nbval"
	@echo "make site       re-execute every notebook and render the course to site/"
	@echo "make bench      time notebooks against the kernel floor, models, widgets and the site"
	@echo "make lab        open JupyterLab on notebooks/00_start_here.ipynb"
	@echo "make app        serve the interactive notebooks as a Voila app (classroom), port 8866"
	@echo "make checklist  serve only the risk checklist (notebook 04) with Voila, port 8866"
	@echo "make figures    regenerate the static figures in figures/"
	@echo "make docs       regenerate the quiz answer key in docs/ for the teacher's guide"
	@echo "make notebooks  re-execute every notebook in place (after editing one)"
	@echo "make tidy       course-wide notebook edits (setup, red flags, spelling, glossary, times)"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(STAMP)

lint: install
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

docs: install
	$(BIN)/python -m helpers.quiz answer-key --out docs/answer_key.md

site: install
	$(BIN)/python -m helpers.build site --out site

# Measured on this machine, printed, and written to benchmarks/ (results.json, RESULTS.md).
# BENCH_FLAGS="--learners=" skips the classroom-capacity part (Voila with 1 to 60 learners, as
# protocol-level clients); BENCH_FLAGS=--capacity-only measures only that part.
BENCH_FLAGS ?=
bench: install
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
# The "clots" template (in the package) is Voila's own without its CDN style sheets: offline.
VOILA_FLAGS ?=
VOILA     = JUPYTER_PATH=$(CURDIR)/src/helpers/templates/jupyter $(BIN)/voila --template=clots \
            --no-browser --port 8866 --Voila.ip=$(VOILA_IP) --theme=light $(VOILA_FLAGS)

app: install
	$(VOILA) notebooks/

checklist: install
	$(VOILA) notebooks/04_signs_and_risk.ipynb

clean:
	rm -rf site .pytest_cache build src/*.egg-info
