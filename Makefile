# Two commands for a newcomer: `make run` (set up, open the default map) and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: run test lint setup bytecode schema system-deps argdown bench screenshots clean

run: setup bytecode
	$(BIN)/argmap

# Compile argmap's bytecode once (a regular pip install does the same): start-up then reads it instead
# of compiling every module, which costs about 0.15 s of each start where PYTHONDONTWRITEBYTECODE is set.
bytecode:
	@$(BIN)/python -m compileall -q argmap

# The map schema compiled to Python ahead of time (argmap/schema_compiled.py): run after changing
# resources/argmap.schema.json; tests/core/test_validate.py fails until you do.
schema: setup
	$(BIN)/python scripts/compile_schema.py

test: lint
	$(BIN)/python -m pytest -q

# What CI enforces before the tests (a few seconds): style, formatting, the layering contracts in
# pyproject.toml (no Qt in the core, ui above render above the core, no import cycles), core types.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

setup: system-deps $(VENV)/.installed

system-deps:
	@bash scripts/install-system-deps.sh

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

# The real Argdown parser, for the test that checks our Argdown export (needs Node; not saved anywhere).
argdown:
	npm install --prefix . --no-save --no-audit --no-fund --loglevel=error @argdown/cli

screenshots: setup
	xvfb-run -a -s "-screen 0 1920x1200x24" $(BIN)/python scripts/screenshots.py

# The benchmark of issue #19 (docs/performance.md): every target as a ratio measured in the same run,
# against `python -c pass`, Graphviz dot and the Argdown CLI (`make argdown`) on the same graphs. Writes
# docs/bench-latest.json, the plot and the tables of docs/performance.md. About 30 minutes at the default
# sizes on 2 busy cores, most of it dot at 10,000 cards; each process is stopped after BENCH_TIMEOUT s.
# A quick look: `BENCH_SIZES=100,1000 make bench`.
BENCH_SIZES ?= 100,1000,5000,10000
BENCH_TIMEOUT ?= 600
BENCH_ARGS ?=
bench: setup bytecode
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/benchmarks/bench_scale.py --sizes $(BENCH_SIZES) \
		--timeout $(BENCH_TIMEOUT) --json docs/bench-latest.json --plot docs/performance-plot.png \
		--markdown docs/performance.md $(BENCH_ARGS)

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
