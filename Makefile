# Set-up is part of every target: a fresh machine needs only Python 3.10+ and make.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench schemas clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	@$(BIN)/python examples/summary.py examples/bao-cao-85-BC-BTGTU.txt
	@echo
	@echo "The whole document as JSON: $(BIN)/vanban parse examples/bao-cao-85-BC-BTGTU.txt"
	@echo "Its check against the Party rules: $(BIN)/vanban check examples/bao-cao-85-BC-BTGTU.txt"

test: $(STAMP)
	$(BIN)/ruff check vanban tests bench examples
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check vanban tests bench examples
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/accuracy.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/register.py

schemas: $(STAMP)
	$(BIN)/vanban schema

clean:
	rm -rf $(VENV) build *.egg-info
