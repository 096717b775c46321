# Two commands set everything up: `make run` and `make test`. Both install what is missing first.
.PHONY: install install-test run demo test lint check-format typecheck contracts pytest format clean

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

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
