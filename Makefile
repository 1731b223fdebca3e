# The front door. `make run` and `make test` work on a fresh machine with Python >= 3.11 and make.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PWS    := $(VENV)/bin/pws
STAMP  := $(VENV)/.installed
DEMO_DB ?= data/demo.duckdb
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: lock test-national install system-deps run test test-fast bench mutate lint demo clean

# Installs exactly what uv.lock names (re-lock after changing dependencies: `make lock`), then compiles
# bytecode for the packages and our sources, so that no command pays ~5 s compiling at start-up
# (uv does not compile by default, and PYTHONDONTWRITEBYTECODE servers never would).
UV_VERSION := 0.13.9
$(STAMP): pyproject.toml uv.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip uv==$(UV_VERSION)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(VENV)/bin/uv sync -q --locked --inexact --extra dev --compile-bytecode --python $(PY)
	$(PY) -m compileall -q -j 0 pws dashboard etl layouts callbacks
	touch $(STAMP)

lock:
	$(VENV)/bin/uv lock --index-url https://pypi.org/simple

install: $(STAMP)

# Debian packages for browser tests (chromium, chromedriver) and PDF checks (pdftoppm/pdftotext).
system-deps:
	@if command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 \
	    && fc-list 2>/dev/null | grep -qi dejavu; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing chromium, chromium-driver, poppler-utils, fonts (apt)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	        chromium chromium-driver poppler-utils fonts-dejavu-core >/dev/null; \
	else \
	    echo "Missing chromium/poppler-utils: run as root or: sudo apt-get install chromium chromium-driver poppler-utils fonts-dejavu-core"; \
	fi

$(DEMO_DB): | $(STAMP)
	$(PWS) demo --db $(DEMO_DB)

demo: $(DEMO_DB)

run: $(STAMP) $(DEMO_DB)
	PWS_DB=$(DEMO_DB) PWS_DEMO_MODE=1 $(PWS) serve --host $(HOST) --port $(PORT)

# Coverage is information, not a gate: line and branch coverage per package is printed after the tests, and
# the 25 slowest tests, so the next one to speed up is named in every CI log. --dist worksteal: test durations
# range from milliseconds to 70 s, and an idle worker takes tests queued for the busy one. (loadgroup is a silent
# no-op under pytest 9.2: pytest-xdist#1386; the browser tests never were on one worker, each starts its own app.)
test: $(STAMP) system-deps
	$(PY) -m pytest -n 2 --dist worksteal -q --cov --cov-report= --durations=25 ; status=$$?; \
	    $(PY) tests/coverage_by_package.py; exit $$status

# Perbandingan in Chromium on the national warehouse (514 kabupaten: funnel, ranking, drill-down); builds
# bench/work/national.duckdb first if missing (~5 min). Not in CI: the build alone is most of CI's budget.
test-national: $(STAMP) system-deps
	$(PY) -m bench.national
	PWS_BROWSER_DB=bench/work/national.duckdb $(PY) -m pytest -n 1 -q --no-cov tests/browser/test_perbandingan.py

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not browser and not slow"

bench: $(STAMP)
	$(PY) -m bench.run

# Mutation score of the core modules (mutmut 3, scratch copies of HEAD under bench/work/mutate/), per module
# into bench/results/mutation.json. Not in CI: CPU-heavy (minutes per module). MODULES="etl/detect/ears.py ..."
mutate: $(STAMP)
	MUTATE_JOBS=$${MUTATE_JOBS:-1} nice -n 10 $(PY) -m bench.mutate $(MODULES)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) data/*.duckdb data/*.snapshots data/*.lock data/*.ops.sqlite*
