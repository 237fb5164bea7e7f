# Two commands for a newcomer: `make run` (the dashboard on demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench boundaries demo-data clean

run: $(VENV)/.runtime
	$(BIN)/streamlit run app.py --server.port 8501

# Tests run in parallel (pytest-xdist), one worker a core, an idle worker taking queued tests from a busy one.
# `make test WORKERS=0` runs them in one process (for pdb); `make test PYTEST_ARGS=tests/test_cli.py` runs a subset.
WORKERS ?= auto
test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(WORKERS) --dist worksteal $(PYTEST_ARGS)

# Measure the speed and memory goals (docs/performance.md keeps the latest table).
bench: $(VENV)/.dev
	$(BIN)/python scripts/benchmark.py

$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Rebuild the committed data files (needs ../shared/data): London's boundaries, the England and Greater Manchester area sets.
boundaries: $(VENV)/.runtime
	$(BIN)/python scripts/build_boundaries.py
	$(BIN)/python scripts/build_area_sets.py

demo-data: $(VENV)/.runtime
	$(BIN)/python scripts/make_demo_rounds.py

clean:
	rm -rf $(VENV) var test-output .pytest_cache
