# outsourcing-kg: `make run` builds the graph and shows what it holds; `make test` runs every check.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: run test build check docs docs-cli lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the project's metadata changes; the package itself is installed editable.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test]'
	touch $@ $(VENV)/.installed-run

## run: build and validate the graph, write graph/build/, print a summary, write the HTML views (views/, git-ignored)
run: $(VENV)/.installed-run
	$(BIN)/okg build
	$(BIN)/okg validate
	$(BIN)/okg summary
	mkdir -p views
	$(BIN)/okg view -o views/ecosystem.html
	$(BIN)/okg view --focus intelcia -o views/intelcia.html

# Strict GraphML/GEXF readers (graphology, from npm) for tests/test_network.py; without npm those tests skip
# (under CI=true they fail).
tests/js/node_modules/.installed: tests/js/package.json tests/js/package-lock.json
	if command -v npm >/dev/null; then (cd tests/js && npm ci --no-audit --no-fund --silent) && touch $@; \
	else echo "npm not found: tests/test_network.py will skip the strict readers"; fi

## test: lint, type-check, check the import layers (docs/design.md) and run the whole test suite
test: $(VENV)/.installed-test tests/js/node_modules/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

build: $(VENV)/.installed-run
	$(BIN)/okg build

check: $(VENV)/.installed-run
	$(BIN)/okg build --check

docs: $(VENV)/.installed-run
	$(BIN)/okg docs

## docs-cli: regenerate the CLI reference in docs/cli.md from `okg --help` (cog; tests/test_docs_pages.py checks it)
docs-cli: $(VENV)/.installed-test
	$(BIN)/cog -r docs/cli.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
