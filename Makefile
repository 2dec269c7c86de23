# Restorative — the two commands are `make run` and `make test`. Everything else is a step they use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STATIC_BUILD := build/static
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup assets migrate demo lint typecheck check-migrations e2e ci bench clean \
        release serve backup restore

## run: set up everything, load the demo data if it is not there, and start the server.
run: setup migrate demo
	@$(MANAGE) demo_logins --url http://$(HOST):$(PORT)/
	@echo "Starting Restorative on http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	@$(MANAGE) runserver $(HOST):$(PORT)

## test: set up everything and run the whole test suite (browser tests too when Chromium is present).
test: setup
	@if [ -x "$${CHROMIUM:-/usr/bin/chromium}" ]; then \
		echo "Browser tests: Chromium found at $${CHROMIUM:-/usr/bin/chromium}, running them."; \
	else \
		echo "Browser tests: SKIPPED - no Chromium at /usr/bin/chromium (install Debian's 'chromium' package to run them)."; \
	fi
	DJANGO_SETTINGS_MODULE=restorative.settings.test $(PY) -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed node_modules/.installed $(STATIC_BUILD)/.built

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The Design System's Sass is built with our settings (Arial, assets under /static/govuk/assets/),
# and its script and assets are copied beside it. Nothing from node_modules is committed.
$(STATIC_BUILD)/.built: node_modules/.installed $(wildcard restorative/core/assets/*.scss)
	@mkdir -p $(STATIC_BUILD)/css $(STATIC_BUILD)/govuk
	npx sass --no-source-map --style=compressed --load-path=node_modules \
		restorative/core/assets/restorative.scss $(STATIC_BUILD)/css/restorative.css
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(STATIC_BUILD)/govuk/
	cp -R node_modules/govuk-frontend/dist/govuk/assets $(STATIC_BUILD)/govuk/
	@touch $@

assets: $(STATIC_BUILD)/.built

migrate: setup
	@$(MANAGE) migrate --verbosity 0

demo: migrate
	@$(MANAGE) seed_demo --scale small --if-empty

lint: setup
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

typecheck: setup
	$(VENV)/bin/mypy restorative

check-migrations: setup
	$(MANAGE) makemigrations --check --dry-run

## e2e: only the browser tests (Playwright driving Debian's Chromium; screenshots in /tmp/e2e-screenshots/).
e2e: setup
	DJANGO_SETTINGS_MODULE=restorative.settings.test $(PY) -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

## ci: everything CI runs (tests on SQLite and PostgreSQL, lint, types, migrations, deploy check).
ci:
	.ci/run

## bench: the benchmarks that need no prepared database (see bench/README.md for the rest).
bench: setup
	$(PY) bench/language_engine.py
	rm -f /tmp/restorative-bench.sqlite3*
	DATABASE_URL=sqlite:////tmp/restorative-bench.sqlite3 $(PY) bench/import_families.py
	rm -f /tmp/restorative-bench.sqlite3*

## release: once per deployment, before the new servers start: migrate and collect static files.
## serve: the production web server (gunicorn + WhiteNoise). Both need the production
## environment (DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL...): README "Production".
PRODUCTION := DJANGO_SETTINGS_MODULE=restorative.settings.production

release: assets
	$(PRODUCTION) $(MANAGE) migrate --no-input
	$(PRODUCTION) $(MANAGE) collectstatic --no-input --verbosity 0

serve:
	$(PRODUCTION) $(VENV)/bin/gunicorn --config gunicorn.conf.py restorative.wsgi:application

## backup: a consistent copy of the database, taken while it runs, in backups/ (or BACKUP=file):
## pg_dump for PostgreSQL, SQLite's online backup for SQLite. README "Backup and restore".
backup:
	$(MANAGE) backup_database $(if $(BACKUP),--output "$(BACKUP)")

## restore: put a backup back into an empty database: make restore BACKUP=backups/… [TARGET=url]
## (TARGET: another database than DATABASE_URL; REPLACE=1 to replace a database that holds data).
restore:
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=backups/restorative-….dump"; exit 2; }
	$(MANAGE) restore_database "$(BACKUP)" $(if $(TARGET),--target-url "$(TARGET)") $(if $(REPLACE),--replace) $(if $(TARGET),--compare)

clean:
	rm -rf $(VENV) node_modules build db.sqlite3 db.sqlite3-*
