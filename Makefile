# Two-command contract: `make run` and `make test` work on a machine with only Python 3.11 and pip.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench docs fuzz clean

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/roadmap extract raw/*.pdf --out output

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check extract schemas pipelines tests
	$(BIN)/ruff format --check extract schemas pipelines tests

docs: $(STAMP)
	$(BIN)/python -m pipelines.datadict

bench: $(STAMP)
	$(BIN)/python -m pipelines.bench

# Seeded mutations of the fixture PDFs, each extracted in a subprocess with a time limit
# (see docs/robustness.md). FUZZ_BASE=mini mutates small derived roadmaps (fast).
FUZZ_COUNT ?= 300
FUZZ_SEED ?= 1
FUZZ_BASE ?= full
fuzz: $(STAMP)
	$(BIN)/python -m pipelines.fuzz --count $(FUZZ_COUNT) --seed $(FUZZ_SEED) --base $(FUZZ_BASE)

clean:
	rm -rf $(VENV) output/*/
