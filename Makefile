# Two commands set everything up: `make run` and `make test`. Both install what is missing first.
.PHONY: install install-test run demo test test-quick lint check-format typecheck contracts pytest pytest-quick format clean

VENV := .venv
BIN := $(VENV)/bin

install:
	@scripts/bootstrap.sh

install-test:
	@scripts/bootstrap.sh --test

run: install
	@scripts/run.sh

demo: install
	$(BIN)/kiosk demo --out demo

test: install-test lint check-format typecheck contracts pytest

# The same checks and only the quick tests: no end-to-end test (processes, servers, ptys, Chromium, PostgreSQL,
# Qt screens; the `e2e` marker, set in tests/conftest.py). For the edit-test loop; `make test` stays the gate.
test-quick: install-test lint check-format typecheck contracts pytest-quick

lint:
	$(BIN)/ruff check .

check-format:
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

contracts:
	$(BIN)/lint-imports

pytest:
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

pytest-quick:
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -m "not e2e"

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# Every benchmark in benchmarks/, each in its own process with a time limit, into docs/benchmarks.md (about an
# hour; PostgreSQL is started by the benchmarks that need it). ARGS="--only NAME ..." runs only those.
.PHONY: bench
bench: install-test
	$(BIN)/python benchmarks/run_all.py $(ARGS)
