# Thuê DV CNTT – set-up, run and test. Everything installs into .venv from setup.cfg.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
STAMP := $(VENV)/.installed-stamp
INSTANCE_CONFIG := instance/config.py

.PHONY: run test test-quick install db lint clean secret chromium bench libreoffice uno-venv prod \
	translations

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The warm PDF converter (documents/converter.py) runs unoserver under Debian's python3, the one
# python3-uno serves: a separate venv that sees the system's site-packages (for `import uno`).
UNO_PYTHON := /usr/bin/python3
UNO_VENV := .venv-uno
UNO_STAMP := $(UNO_VENV)/.installed-stamp

$(UNO_STAMP):
	test -x $(UNO_VENV)/bin/python || $(UNO_PYTHON) -m venv --system-site-packages $(UNO_VENV)
	$(UNO_VENV)/bin/python -m pip install --quiet 'unoserver>=3,<4'
	touch $(UNO_STAMP)

# Without python3-uno the converter stays cold (a new soffice per document): skip, do not fail.
uno-venv:
	@if $(UNO_PYTHON) -c 'import uno' 2>/dev/null; then \
	  $(MAKE) --no-print-directory $(UNO_STAMP); \
	else echo "$(UNO_PYTHON) không import được uno: bỏ qua $(UNO_VENV), bản PDF sẽ chuyển" \
	  "bằng soffice từng lần (apt-get install python3-uno)."; fi

# The interface's catalogs (core/i18n.py): the .po files are in the repository, the .mo files
# they compile to are not; every install compiles them again when a .po changed.
CATALOGS := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile -d translations -l $* -i $< -o $@

install: $(STAMP) uno-venv $(CATALOGS)

# After changing strings: extract them again and update both catalogs (the new English entries
# are empty until translated: tests/test_translations.py names them).
BABEL_KEYWORDS := -k _l -k lazy_gettext -k lazy_ngettext:1,2
translations: install
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --sort-output --no-wrap \
	  --project "Thuê DV CNTT" --copyright-holder "Thuê DV CNTT" -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching \
	  --no-wrap --ignore-obsolete
	$(MAKE) --no-print-directory install

# Outside --debug the app refuses the development SECRET_KEY: write a random one, once.
secret: install
	@mkdir -p instance
	@grep -qs '^SECRET_KEY' $(INSTANCE_CONFIG) || { \
	  echo "SECRET_KEY = \"$$($(BIN)/python -c 'import secrets; print(secrets.token_hex(32))')\"" \
	    >> $(INSTANCE_CONFIG); \
	  echo "Đã tạo SECRET_KEY ngẫu nhiên trong $(INSTANCE_CONFIG)"; }

# The end-to-end tests (tests/e2e) drive Debian's Chromium; they skip when it is missing.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	  else echo "Không có /usr/bin/chromium: kiểm thử đầu cuối sẽ bị bỏ qua (apt-get install chromium)."; fi; \
	fi

# PDF/A conversion (documents/pdf.py) uses Debian's LibreOffice; its tests skip when it is missing.
libreoffice:
	@if ! command -v soffice >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
	      libreoffice-writer-nogui python3-uno fonts-liberation; \
	  else echo "Không có soffice: kiểm thử chuyển PDF sẽ bị bỏ qua (apt-get install" \
	    "libreoffice-writer-nogui python3-uno fonts-liberation)."; fi; \
	fi

db: secret
	$(FLASK) db upgrade

# Plain http on loopback, so the session cookie cannot be Secure-only here. One job worker runs
# beside the server on the embedded broker (instance/jobs.sqlite) and stops with it.
run: libreoffice db
	$(FLASK) seed-demo
	$(FLASK) jobs worker --loglevel WARNING & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	FLASK_SESSION_COOKIE_SECURE=false $(FLASK) run --host 127.0.0.1 --port 5000

test: libreoffice install chromium
	$(BIN)/python -m pytest -q -p no:cacheprovider

# While working: everything but the browser journeys and the slow suites (CI runs them all).
test-quick: install
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not e2e and not slow"

# The whole tree, tests and bench included; .ci/run runs it first.
lint: install
	$(BIN)/python -m flake8

# The production stack in the foreground from FLASK_* settings (deploy/env.example): migrations,
# the job worker and gunicorn with several workers, on PostgreSQL and Redis (deploy/prod).
prod: libreoffice install
	deploy/prod

# Synthetic national data set (SCALE=1: 2,000 agencies, 5,000 vendors, 20,000 contracts) in a
# throwaway database, then timings and query counts; see bench/README.md. SQLite in a temporary
# directory unless FLASK_SQLALCHEMY_DATABASE_URI names an empty PostgreSQL database. Then the
# public pages of the demo data under gunicorn and wrk against a bare Flask page (bench/load.py).
SCALE ?= 1
bench: install
	$(BIN)/python -m bench --scale $(SCALE) $(BENCH_ARGS)
	$(BIN)/python -m bench.load $(LOAD_ARGS)

clean:
	rm -rf $(VENV) $(UNO_VENV) *.egg-info .pytest_cache .hypothesis
