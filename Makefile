# Two commands for a fresh machine: `make run` (the demo) and `make test` (the suite).
VENV ?= .venv
PYTHON := $(VENV)/bin/python
DEMO_ADDRESS ?= 127.0.0.1:8000

.PHONY: run test test-fast lint format bench messages

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
	$(PYTHON) manage.py load_sample_content --site $(DEMO_ADDRESS) --demo-translations
	$(PYTHON) manage.py create_demo_admin
	@echo "Serving on http://$(DEMO_ADDRESS)/ (admin: http://$(DEMO_ADDRESS)/admin/)"
	WAGTAILADMIN_BASE_URL=http://$(DEMO_ADDRESS) $(PYTHON) manage.py runserver $(DEMO_ADDRESS)

# Runs on SQLite by default; set DATABASE_URL=postgres://… to run on PostgreSQL.
test: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(PYTHON) manage.py check
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(PYTHON) manage.py makemigrations --check --dry-run
	$(PYTHON) -m pytest

# The developer's loop: everything that needs no browser, server process or image replay
# (CONTRIBUTING.md). CI runs the whole suite, `make test`, on both databases.
test-fast: $(VENV)/.dev
	$(PYTHON) -m pytest -m "not browser and not image and not load and not processes" $(PYTEST_ARGS)

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

# The patients' site's interface text in Hindi and Marathi (locale/, docs/translations.md):
# new strings into the catalogues, then the compiled .mo files (committed, so that
# neither the demo nor the Docker image needs gettext).
MESSAGES_IGNORE := .venv tests bench staticfiles demo scripts importer staff_accounts \
	'templates/staff_accounts/*' 'templates/appointments/admin/*' 'templates/clinical_review/*' \
	'templates/editor_tools/*' 'templates/content_api/*' 'templates/wagtailcore/*' 'templates/security/*'
messages: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(PYTHON) manage.py makemessages -l hi -l mr $(addprefix --ignore=,$(MESSAGES_IGNORE))
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(PYTHON) manage.py compilemessages --ignore=.venv
