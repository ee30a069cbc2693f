# Renda — the two commands: `make run` and `make test`.
SHELL := /bin/bash
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
PY := .venv/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
# Two workers: the machines this runs on have two cores.
PYTEST_ARGS ?= -n 2
PORT ?= 8000
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: setup browser run test test-fast lint worker demo migrate bench clean coverage

setup: .venv/.synced node_modules/.synced var/.dir

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python python3.11
	@touch $@

node_modules/.synced: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

var/.dir:
	@mkdir -p var/media var/static
	@touch $@

migrate: setup
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo --if-empty

# Development settings (DEBUG=true: local keys, plain http) with the app's own Chinese error pages;
# Django's technical error pages (settings, URL patterns, tracebacks) only when asked for:
# `make run DEBUG_PAGES=true`.
run: demo
	@$(MANAGE) demo_logins
	$(MANAGE) runserver $(HOST):$(PORT)

worker: migrate
	$(MANAGE) renda_worker

browser:
	@scripts/ensure-chromium

test: setup browser
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: setup
	$(PY) -m pytest -m "not browser" -x $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf .venv $(TOOLS) node_modules var/static

coverage: setup
	$(PY) -m pytest -m "not browser" --cov=renda --cov-report=term-missing:skip-covered $(PYTEST_ARGS)
