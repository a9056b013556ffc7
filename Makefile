# The two commands a fresh clone needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## make run: create the virtualenv, install, start the app on the default local database
run: $(STAMP)
	$(BIN)/vendor-review $(ARGS)

## make test: install (dev extras included), then lint, type-check and run every test
test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# Three workers on two cores: tests wait on PostgreSQL and on child processes, and a third
# worker fills that time (idle 2-core machine: 6:50 with two, 6:13 with three); worksteal
# evens out the long app tests at the end.
pytest: $(STAMP)
	$(BIN)/pytest -q -n 3 --dist worksteal $(PYTEST_ARGS)

## make bench: synthetic portfolios, the benchmark figures and one table of the budgets
## (quick sizes; `make bench ARGS=--full` at the budgets' sizes)
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py $(ARGS)

## make demo: open the app on the example portfolio (a separate demo database)
demo: $(STAMP)
	$(BIN)/vendor-review --demo

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
