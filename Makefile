# Two commands matter: `make report` and `make test`. Each sets up .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core for the browser tests, at the version package-lock.json pins.
AXE := node_modules/axe-core/axe.min.js

.PHONY: report test lab bench lint demo-data clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch $(AXE); \
	else \
	  echo "npm not found: the browser tests will be skipped (they fail under CI)"; \
	fi

## Build the demo trust's report for its latest year and print where it is.
report: $(STAMP)
	$(BIN)/wres report

## Run every test (unit, property, back-tests, notebook runs, the report in a real browser).
test: $(STAMP) $(AXE)
	$(BIN)/python -m pytest

## Open JupyterLab on the notebooks, in the project's environment.
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

## Speed and memory benchmarks (not part of `make test`).
bench: $(STAMP)
	$(BIN)/python -m pytest benchmarks --benchmark-only -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check wres_lib tests benchmarks

demo-data: $(STAMP)
	$(BIN)/wres demo-data

clean:
	rm -rf $(VENV) outputs node_modules
