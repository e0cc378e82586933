# Two-command contract: `make run` and `make test` work on a machine with only Python 3.11 and pip.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run demo test lint bench docs notebook stress fuzz clean

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/roadmap extract raw/*.pdf --out output
	$(BIN)/python -m pipelines.diff_cmd output raw/*.pdf
	mkdir -p output/figures
	$(BIN)/roadmap plot timeline --out output -o output/figures/timeline.png
	$(BIN)/roadmap plot groups --out output -o output/figures/groups.png

# SYNTHETIC demo: fy2022/fy2023 are scripted test editions (not the published documents), so
# their edition names say "synthetic"; FY2024 is the published text (fixture layout A).
DEMO := output/demo
demo: $(STAMP)
	$(BIN)/roadmap extract tests/fixtures/fy2022-synthetic/*.pdf --edition fy2022-synthetic --out $(DEMO)
	$(BIN)/roadmap extract tests/fixtures/fy2023-synthetic/*.pdf --edition fy2023-synthetic --out $(DEMO)
	$(BIN)/roadmap extract tests/fixtures/fy2024/*.pdf --edition fy2024 --out $(DEMO)
	$(BIN)/roadmap diff fy2022-synthetic fy2023-synthetic --out $(DEMO)
	$(BIN)/roadmap diff fy2023-synthetic fy2024 --out $(DEMO)
	@echo "SYNTHETIC demo: fy2022-synthetic and fy2023-synthetic are scripted test editions, not the real 2022/2023 roadmaps."
	@echo "open $(DEMO)/reports/fy2022-synthetic--fy2023-synthetic.html and $(DEMO)/reports/fy2023-synthetic--fy2024.html"

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check extract schemas pipelines tests
	$(BIN)/ruff format --check extract schemas pipelines tests

docs: $(STAMP)
	$(BIN)/python -m pipelines.datadict

# Re-execute notebooks/explore.ipynb (with its outputs) on an output folder: make notebook OUT=dir
OUT ?= output
notebook: $(STAMP)
	$(BIN)/python -m pipelines.notebook --out $(OUT)

bench: $(STAMP)
	$(BIN)/python -m pipelines.bench

# Render 52 seeded layouts in random styles, extract and check each (docs/robustness.md).
stress: $(STAMP)
	$(BIN)/python -m tests.layoutgen.stress --seeds 100-151 --out output/stress --markdown output/stress/summary.md --findings output/stress/findings.md

# Seeded mutations of the fixture PDFs, each extracted in a subprocess with a time limit
# (see docs/robustness.md). FUZZ_BASE=mini mutates small derived roadmaps (fast).
FUZZ_COUNT ?= 300
FUZZ_SEED ?= 1
FUZZ_BASE ?= full
fuzz: $(STAMP)
	$(BIN)/python -m pipelines.fuzz --count $(FUZZ_COUNT) --seed $(FUZZ_SEED) --base $(FUZZ_BASE)

clean:
	rm -rf $(VENV) output/*/
