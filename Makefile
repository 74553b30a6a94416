# Crystal Learning: the commands a user runs. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help venv demo demo-media test lint css serve worker clean-db

help:
	@echo "make demo   - install, migrate, seed the demo force and serve it on http://$(HOST):$(PORT)/"
	@echo "make test   - install test extras and run every test (browser tests need chromium + chromium-driver)"
	@echo "make lint   - ruff, Django system checks and makemigrations --check"
	@echo "make css    - rebuild the committed CSS from govuk-frontend (needs node + npm)"
	@echo "make demo-media - rebuild the demo videos, captions and PDFs (needs espeak-ng)"

$(BIN)/activate: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	touch $(BIN)/activate

$(VENV)/.installed-app: $(BIN)/activate pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/activate pyproject.toml
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-app

venv: $(VENV)/.installed-app

# Links in e-mails and calendars use the address the demo is served on; the
# e-mail the demo sends (to fictional people) goes to files in var/mail/, not
# the terminal. Set either in the environment to change it.
demo: export CRYSTAL_SITE_URL ?= http://$(HOST):$(PORT)
demo: export EMAIL_BACKEND ?= django.core.mail.backends.filebased.EmailBackend
# The demo shows what a user sees in production: the styled 403/404/500 pages,
# not Django's debug pages (DEBUG=true make demo for those); Django serves the
# uploaded media itself, with Range, as no proxy is in front.
demo: export DEBUG ?= false
demo: export CRYSTAL_SERVE_MEDIA ?= true
demo: $(VENV)/.installed-app
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py crystal_setup_schedules
	$(BIN)/python manage.py crystal_demo --history
	@echo ""
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C stops the web server and the worker)"
	@echo "E-mail the demo sends is written to var/mail/ (one file a send), not sent."
	@bash scripts/run_demo.sh $(HOST) $(PORT)

demo-media: $(VENV)/.installed-test
	@command -v espeak-ng >/dev/null || { echo "espeak-ng is needed: apt-get install espeak-ng"; exit 1; }
	$(BIN)/python scripts/build_demo_media.py

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

css:
	cd frontend && npm ci --no-audit --no-fund && npm run build
	cp frontend/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js crystal_learning/site/static/crystal_learning/govuk/
	cp frontend/node_modules/axe-core/axe.min.js tests/browser/vendor/axe.min.js
	# Without its source map comment: the manifest storage would look for the map.
	sed '/sourceMappingURL=/d' frontend/node_modules/chart.js/dist/chart.umd.min.js > crystal_learning/site/static/crystal_learning/vendor/chart.umd.min.js
	# The SCORM runtime (scorm-again): one build per SCORM version, and its licence.
	for api in scorm12 scorm2004; do sed '/sourceMappingURL=/d' frontend/node_modules/scorm-again/dist/$$api.min.js > modules/static/crystal_modules/vendor/scorm-again/$$api.min.js; done
	cp frontend/node_modules/scorm-again/LICENSE modules/static/crystal_modules/vendor/scorm-again/LICENSE

clean-db:
	rm -f var/crystal.sqlite3 var/crystal.sqlite3-wal var/crystal.sqlite3-shm
