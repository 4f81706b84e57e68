# Steady's everyday commands. `make run` and `make test` work from a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
UV := .uvbin/bin/uv
PY := .venv/bin/python
MANAGE := $(PY) manage.py
DEV_ENV := DEBUG=true

.PHONY: help setup run test fuzz lint serve bench bundle clean

help:
	@echo "make run    - set up, migrate and start the development server on http://127.0.0.1:8000"
	@echo "make test   - set up, then lint, check migrations and run every test (browser tests too)"
	@echo "make serve  - gunicorn with production settings (needs SECRET_KEY and ALLOWED_HOSTS)"
	@echo "make bench  - measure pages under load against a baseline page"
	@echo "make fuzz   - the long fuzz run over every form and query parameter"
	@echo "make bundle - rebuild static/js/bundle.js (htmx + the site's scripts) and the inline favicon"

# uv goes into the project folder, never into a system Python.
$(UV):
	python3 -m pip install --quiet --disable-pip-version-check --target .uvbin uv

setup: $(UV)
	@$(UV) sync --frozen --quiet

run: setup bundle
	@$(DEV_ENV) $(MANAGE) migrate --noinput
	@echo ""
	@echo "  Steady is starting on http://127.0.0.1:8000/"
	@echo "  To edit the guide, create an admin account in another terminal:"
	@echo "    DEBUG=true .venv/bin/python manage.py createsuperuser"
	@echo ""
	@$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:8000

# The long fuzz run: random examples, 1,000 per page (about 40,000 requests).
fuzz: setup
	STEADY_FUZZ=long .venv/bin/pytest tests/fuzz -p no:randomly $(PYTEST_ARGS)

lint: setup
	scripts/check-conflict-markers
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(DEV_ENV) $(MANAGE) makemigrations --check --dry-run

test: lint
	@export CHROMIUM_PATH="$$(scripts/ensure-chromium)" && \
	.venv/bin/pytest $(PYTEST_ARGS)

serve: setup
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) migrate --noinput
	.venv/bin/gunicorn trustsite.wsgi --bind $${BIND:-127.0.0.1:8000} --workers $${WEB_CONCURRENCY:-2} --access-logfile - --logger-class trustsite.gunicorn_logging.NoSharedPagesLogger

# Every page's one script and its inline favicon, from their sources (tracker/device/bundle.py).
bundle: setup
	$(PY) -m tracker.device.bundle

bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf .venv .uvbin staticfiles
