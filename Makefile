# The two commands a new machine needs: `make demo` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint setup chromium services clean realworld bytecode

$(STAMP): requirements-dev.lock pyproject.toml scripts/setup.sh
	scripts/setup.sh python
	touch $(STAMP)

setup: $(STAMP) chromium bytecode

## The package's bytecode, as a pip install writes it: every `pacts` process (the suite starts
## hundreds) then reads it even where PYTHONDONTWRITEBYTECODE is set; only changed files compile.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q backend

chromium:
	@scripts/setup.sh chromium

services: $(STAMP)
	@scripts/setup.sh services

## Serve the bundled demo site and run its requirements twice (cold, then warm).
demo: setup
	$(BIN)/pacts demo

## The whole suite: unit, integration (real Redis/Postgres), e2e (real Chromium).
test: setup services
	$(BIN)/pytest

## Real third-party apps (tests/realworld): install, serve, run every case cold then warm,
## REALWORLD_JOBS apps at once (each app has its own port, data and working folders).
REALWORLD_JOBS ?= 2
realworld: setup
	$(BIN)/python -m tests.realworld.run --jobs $(REALWORLD_JOBS)

## Benchmarks (every benchmarks/bench_*.py); results go to benchmarks/RESULTS.md by hand.
bench: setup services
	@set -e; for script in benchmarks/bench_*.py; do \
		echo "==> $$script"; $(BIN)/python $$script; \
	done

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf .pacts runs screenshots/*.png generated_tests/test_*.py .pytest_cache
