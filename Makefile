# Thuê DV CNTT – set-up, run and test. Everything installs into .venv from setup.cfg.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install db lint clean bench

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

db: install
	$(FLASK) db upgrade

run: db
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: install
	$(BIN)/python -m flake8

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis

# Synthetic national data set (SCALE=1: 2,000 agencies, 5,000 vendors, 20,000 contracts) in a
# throwaway database, then timings and query counts; see bench/README.md. SQLite in a temporary
# directory unless FLASK_SQLALCHEMY_DATABASE_URI names an empty PostgreSQL database.
SCALE ?= 1
bench: install
	$(BIN)/python -m bench --scale $(SCALE) $(BENCH_ARGS)
