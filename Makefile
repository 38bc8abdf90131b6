# Two commands for a newcomer: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lock install install-test assets migrate demo serve worker beat bench lint services chromium clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

# Installs come from the lock files (exact versions, checked against their hashes); the
# project itself is added without dependencies, so nothing unlocked slips in. `make lock`
# renews the lock files after a change to the dependencies in pyproject.toml.
$(VENV)/.app: requirements/app.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install -q --require-hashes -r requirements/app.txt
	$(VENV)/bin/pip install -q --no-deps -e .
	touch $@

$(VENV)/.test: requirements/test.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install -q --require-hashes -r requirements/test.txt
	$(VENV)/bin/pip install -q --no-deps -e .
	touch $@ $(VENV)/.app

## make lock: renew requirements/app.txt and requirements/test.txt from pyproject.toml
lock: | $(VENV)/bin/python
	$(VENV)/bin/pip install -q uv
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 \
	  --custom-compile-command "make lock" -q -o requirements/app.txt
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
	  --custom-compile-command "make lock" -q -o requirements/test.txt

install: $(VENV)/.app assets

install-test: $(VENV)/.test assets

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

migrate: install
	$(MANAGE) migrate --noinput --verbosity 0

demo: migrate
	$(MANAGE) demo_gemeente

## make run: install, migrate, load the demo gemeenten and serve on http://127.0.0.1:8000
run: demo
	@scripts/run.sh $(HOST) $(PORT)

worker: install
	$(VENV)/bin/celery -A config worker --loglevel=info --concurrency=2

beat: install
	$(VENV)/bin/celery -A config beat --loglevel=info

## make test: the whole suite on PostgreSQL and Redis, with ruff and the migrations check; then
## everything not marked postgres on SQLite (the `make run` default), without the browser tests
## (they drive the same views, and the SQLite pass must stay short)
test: install-test services chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(60))') \
	  BSN_ENCRYPTION_KEY=$$(python3 -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())') \
	  BSN_ZOEKSLEUTEL_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))') \
	  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \
	  DJANGO_ALLOWED_HOSTS=example.org $(MANAGE) check --deploy --fail-level WARNING
	$(VENV)/bin/pytest -n 2 --dist loadgroup -m "not bench" $(PYTEST_ARGS)
	DJANGO_SETTINGS_MODULE=config.settings.test_sqlite \
	  $(VENV)/bin/pytest -n 2 --dist loadgroup -m "not bench and not postgres and not browser" $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff format --check .

services:
	@scripts/diensten.sh

chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# The load run in make bench (tests/test_last_en_herstel.py): users and seconds.
LAST_GEBRUIKERS ?= 50
LAST_SECONDEN ?= 120

## make bench: national-scale dataset on PostgreSQL, the load run and restore drill; prints figures
bench: install-test services
	LAST_GEBRUIKERS=$(LAST_GEBRUIKERS) LAST_SECONDEN=$(LAST_SECONDEN) \
	  $(VENV)/bin/pytest -m bench -s -p no:xdist $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
