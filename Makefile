# Komek: `make run` sets everything up and starts the server; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: setup run test lint typecheck e2e messages screenshots bench bench-cases bench-stats bench-aid bench-navigator bench-load bench-portal bench-dedup bench-dedup-spark lock

$(BIN)/komek: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(BIN)/komek

# Pins every package of pyproject.toml (with the dev extra) and the hash of each of its
# published files; run after changing a dependency, and commit requirements.lock.
lock: $(BIN)/komek
	$(BIN)/pip-compile --generate-hashes --allow-unsafe --extra dev --strip-extras \
		--no-emit-index-url --no-emit-find-links --quiet --output-file requirements.lock pyproject.toml

setup: $(BIN)/komek
	mkdir -p var
	$(BIN)/komek migrate --noinput
	$(BIN)/komek seed_demo

# The task worker (reminders, exports, reports) runs beside the server, is started again
# whenever it stops, and stops with the server.
run: setup
	( trap 'kill $$task_worker 2>/dev/null; exit' INT TERM; \
	  while :; do \
	    $(BIN)/komek worker --interval 5 & task_worker=$$!; wait $$task_worker; \
	    echo "The task worker stopped (exit $$?): starting it again." >&2; sleep 2; \
	  done ) & keeper=$$!; \
	trap 'kill $$keeper' EXIT INT TERM; \
	$(BIN)/komek runserver $(HOST)

test: $(BIN)/komek
	$(BIN)/pytest

lint: $(BIN)/komek
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/komek
	$(BIN)/mypy

messages: $(BIN)/komek
	bash .ci/update_messages.sh
	cd komek && ../$(BIN)/komek compilemessages

e2e: $(BIN)/komek
	$(BIN)/pytest -m e2e

screenshots: $(BIN)/komek
	KOMEK_SCREENSHOTS=1 $(BIN)/pytest -m screenshots

bench: $(BIN)/komek
	$(BIN)/python bench/search.py --people 1000000 --reuse

bench-cases: $(BIN)/komek
	$(BIN)/python bench/cases.py --cases 200000 --reuse

bench-stats: $(BIN)/komek
	$(BIN)/python bench/stats.py --people 1000000 --import-rows 1000000 --reuse

bench-aid: $(BIN)/komek
	$(BIN)/python bench/aid.py --people 1000000 --distributions 2000000 --reuse

bench-navigator: $(BIN)/komek
	$(BIN)/python bench/navigator.py --evaluations 2000 --stays 10

bench-load: $(BIN)/komek
	$(BIN)/python bench/load.py --minutes 10 --reuse

bench-portal: $(BIN)/komek
	$(BIN)/python bench/portal.py --seconds 60

bench-dedup: $(BIN)/komek
	$(BIN)/python bench/dedup.py --people 1000000

# The same model on Spark (local mode) beside DuckDB; installs the spark extra (pyspark,
# which needs Java 17) into the virtualenv first.
bench-dedup-spark: $(BIN)/komek
	$(BIN)/pip install --quiet -e '.[spark]'
	$(BIN)/python bench/dedup_spark.py --people 100000
