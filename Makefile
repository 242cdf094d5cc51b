# recoupe: every command a user needs. `make demo` and `make test` set everything up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out
N      ?= 1000
SIZES  ?= 10000

.PHONY: help venv demo test lint format bench bench-add bench-run eval clean

help:
	@echo "make demo   - set up .venv, run recoupe on examples/demo, write the dossier"
	@echo "make test   - set up .venv, run the whole test suite"
	@echo "make lint   - ruff, mypy --strict, import-linter"
	@echo "make bench  - throughput and peak memory on N orangesum articles (N=$(N))"
	@echo "make bench-add - cost of adding one document to 10k, 36k and 100k-document stores"
	@echo "make bench-run - a whole recoupe run adding one article to 10k/36k stores of real analysis"
	@echo "make eval   - every quality evaluation on ../shared/data"

# The environment: reproducible through constraints.txt (a pip freeze of a working set).
$(STAMP): pyproject.toml constraints.txt requirements-en.txt
	@test -n "$(PYTHON)" || (echo "Python 3.11+ is needed (python3.11 or python3)"; exit 1)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-en.txt
	@touch $(STAMP)

venv: $(STAMP)

demo: venv
	@mkdir -p $(OUT)
	$(BIN)/recoupe run examples/demo --db $(OUT)/demo.db
	$(BIN)/recoupe export --db $(OUT)/demo.db --format html -o $(OUT)/demo-site
	$(BIN)/recoupe export --db $(OUT)/demo.db --format json -o $(OUT)/demo-export
	@echo ""
	@echo "Dossier ready:"
	@echo "  static site : $(OUT)/demo-site/index.html"
	@echo "                open file://$(CURDIR)/$(OUT)/demo-site/index.html in a browser (works offline, no server)"
	@echo "  with search : $(BIN)/recoupe serve --db $(OUT)/demo.db"
	@echo "                then open http://127.0.0.1:8000/ (filters, full-text search, JSON API at /docs; Ctrl-C stops it)"
	@echo "  JSON export : $(OUT)/demo-export/recoupe.json"
	@echo "  SQLite store: $(OUT)/demo.db"
	@echo "  try         : $(BIN)/recoupe stories --db $(OUT)/demo.db"

test: venv
	$(BIN)/python -m pytest -q

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: venv
	$(BIN)/python bench/bench.py --n $(N)

# Cost of adding one document to stores of 10,000, 36,142 and 100,000 documents (the
# corpus stages, in memory and through the store; ~20 minutes and ~7 GiB at 100k).
bench-add: venv
	$(BIN)/python bench/bench.py --add-one

# A whole `recoupe run` adding one article to stores of real analysis (600 orangesum
# articles through the pipeline, copied to 10k and 36k); builds cached in /tmp/wholerun
# (the first time: ~15 minutes at 10k, about an hour at 36k).
bench-run: venv
	$(BIN)/python bench/whole_run.py --sizes $(SIZES)

eval: venv
	$(BIN)/recoupe eval all

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
