# implant_edu: the two commands are `make lab` and `make test`.
# Uses the active virtual environment if there is one, otherwise creates .venv.
SHELL := /bin/bash
.DEFAULT_GOAL := help

ifdef VIRTUAL_ENV
BIN := $(VIRTUAL_ENV)/bin
STAMP := .stamp-install
else
BIN := .venv/bin
STAMP := .venv/.stamp-install
endif
PY := $(BIN)/python
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb)) instructor/guide.ipynb
LESSONS := $(sort $(wildcard notebooks/*.ipynb))

.PHONY: help install lab test lint nbval notebooks assets browser-deps benchmark student handouts wheel lockcheck clean app classroom

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

.venv/bin/python:
	python3 -m venv .venv

$(STAMP): pyproject.toml requirements.lock implant_edu/labextension/package.json | $(if $(VIRTUAL_ENV),,.venv/bin/python)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@# an editable install leaves out the package's data files: link the lab extension
	$(BIN)/jupyter-builder develop --overwrite . >/dev/null
	touch $@

install: $(STAMP)  ## create the environment and install implant_edu with its pinned dependencies

lab: install  ## open JupyterLab on START_HERE.ipynb (127.0.0.1 with a token; no news, update checks or extension manager)
	@# the same launcher as `implant-edu start` (open_lab), on the whole repository
	$(PY) -m implant_edu.tools.lab .

app: install  ## the lessons as apps in Voila: text, pictures and controls, no code (127.0.0.1 with a token)
	$(PY) -m implant_edu.tools.app .

wheel: install  ## build dist/implant_edu-*.whl: what students pip install (then `implant-edu start`)
	$(PY) -m pip wheel --quiet --disable-pip-version-check --no-deps -w dist .

lockcheck: install  ## requirements.lock resolves from wheels on every Python pyproject.toml allows (asks the index)
	$(PY) -m implant_edu.tools.lockcheck

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

browser-deps: install node_modules/.package-lock.json  ## Chromium for the browser tests (installs one if it can), axe-core and the widget renderer
	$(PY) -m implant_edu.tools.chromium

lint: install  ## ruff over the package, tests and benchmarks
	$(PY) -m ruff check implant_edu tests benchmarks
	$(PY) -m ruff format --check implant_edu tests benchmarks

test: install browser-deps lint  ## everything: lint, unit and property tests, strict nbval, browser tests
	$(PY) -m pytest --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg tests $(NOTEBOOKS)

nbval: install  ## strict nbval on one notebook: make nbval NB=notebooks/04_gum_closure_timeline.ipynb
	$(PY) -m pytest --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg $(or $(NB),$(NOTEBOOKS))

notebooks: install  ## re-execute every notebook top to bottom in a fresh kernel, storing outputs; rewrite START_HERE.ipynb
	$(PY) -m implant_edu.tools.execute $(NOTEBOOKS)
	$(PY) -m implant_edu.tools.start_page .

assets: install  ## redraw the pictures in assets/ from the library
	$(PY) -m implant_edu.assets assets

benchmark: install browser-deps  ## library speed and in-browser interaction latency
	$(PY) benchmarks/bench_timeline.py
	$(PY) benchmarks/bench_notebooks.py

classroom: install node_modules/.package-lock.json  ## class load test: JupyterHub on 127.0.0.1 with N simulated students (N=20)
	$(PY) benchmarks/bench_classroom.py $(if $(N),--students $(N),)

student: install  ## student copies of the lessons, answers and instructor notes removed, in build/student/
	$(PY) -m implant_edu.tools.student build/student $(LESSONS)

handouts: install node_modules/.package-lock.json  ## offline single-file HTML handouts in build/handouts/ (PDF=1 for PDFs too)
	$(PY) -m implant_edu.tools.handouts build/handouts $(if $(PDF),--pdf,) $(LESSONS)

clean:  ## remove the environment and caches
	rm -rf .venv .stamp-install .pytest_cache .ruff_cache .hypothesis artifacts
