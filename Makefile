# Two commands for a fresh machine: `make run` (the demo) and `make test` (the suite).
VENV ?= .venv
PYTHON := $(VENV)/bin/python
DEMO_ADDRESS ?= 127.0.0.1:8000

.PHONY: run test lint format bench

$(VENV)/bin/python:
	python3 -m venv $(VENV)

$(VENV)/.runtime: $(VENV)/bin/python requirements.txt pyproject.toml
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements.txt
	$(PYTHON) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PYTHON) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py load_sample_content --site $(DEMO_ADDRESS)
	$(PYTHON) manage.py create_demo_admin
	@echo "Serving on http://$(DEMO_ADDRESS)/ (admin: http://$(DEMO_ADDRESS)/admin/)"
	$(PYTHON) manage.py runserver $(DEMO_ADDRESS)

# Runs on SQLite by default; set DATABASE_URL=postgres://… to run on PostgreSQL.
test: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(PYTHON) manage.py check
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(PYTHON) manage.py makemigrations --check --dry-run
	$(PYTHON) -m pytest

$(VENV)/.bench: $(VENV)/.dev bench/requirements.txt
	$(PYTHON) -m pip install --quiet -r bench/requirements.txt
	touch $@

# Printed benchmark figures (never tests): see docs/benchmarks.md. wrk is Debian's.
bench: $(VENV)/.bench
	@command -v wrk >/dev/null || apt-get install -y -qq wrk
	@test -x /usr/sbin/varnishd || apt-get install -y -qq varnish
	$(PYTHON) bench/run.py $(BENCH_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
