# Clots & Nerves: one command for each job. `make test` sets everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: help install test lint notebooks figures site lab clean

help:
	@echo "make test       set up .venv if needed, then lint + unit tests + strict nbval"
	@echo "make site       re-execute every notebook and render the course to site/"
	@echo "make lab        open JupyterLab on notebooks/00_start_here.ipynb"
	@echo "make figures    regenerate the static figures in figures/"
	@echo "make notebooks  re-execute every notebook in place (after editing one)"

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
	$(BIN)/python -m helpers.build execute

figures: install
	$(BIN)/python -m helpers.figures --out figures

site: install
	$(BIN)/python -m helpers.build site --out site

lab: install
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb

clean:
	rm -rf site .pytest_cache build src/*.egg-info
