# KoSI-Lab — the onboarding path. `make help` lists every target.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Where links in mails point: the address make run serves on (localhost when it listens on all
# interfaces). A KOSILAB_SITE_URL set in the environment wins. Every command of these targets and
# of their prerequisites gets it: the demo's mails are written while it loads.
SITE_URL = http://$(if $(filter 0.0.0.0 ::,$(HOST)),localhost,$(HOST)):$(PORT)
run worker demo: export KOSILAB_SITE_URL ?= $(SITE_URL)

.DEFAULT_GOAL := help

.PHONY: help
help: ## List every target
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-14s %s\n", $$1, $$2}'

.PHONY: python-version
python-version:
	@command -v $(PYTHON) >/dev/null || { echo "KoSI-Lab needs Python 3.11 or newer: '$(PYTHON)' was not found. Install it, or run 'make PYTHON=/path/to/python3.11 ...'."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { echo "KoSI-Lab needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Run 'make PYTHON=/path/to/python3.11 ...'."; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { echo "Python's venv module with pip is missing (on Debian/Ubuntu: apt-get install python3-venv)."; exit 1; }

$(VENV)/.base: requirements/base.txt | python-version
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/base.txt
	@touch $@

$(VENV)/.dev: requirements/dev.txt $(VENV)/.base
	$(PY) -m pip install --quiet -r requirements/dev.txt
	@touch $@

.PHONY: install
install: $(VENV)/.base ## Create .venv and install the locked runtime dependencies

.PHONY: install-dev
install-dev: $(VENV)/.dev ## Install runtime, test and lint dependencies

.PHONY: migrate
migrate: $(VENV)/.base ## Apply database migrations
	$(PY) manage.py migrate --no-input

.PHONY: demo
demo: migrate ## Load the demo data (Dortmund and Wuppertal labs); safe to repeat
	$(PY) manage.py seed_demo

.PHONY: run
run: demo ## Set everything up, start the mail worker and serve on http://127.0.0.1:8000 (SQLite; HOST=, PORT=)
	@$(PY) manage.py demo_accounts
	@$(PY) manage.py build_open_data
	@echo "Mails are sent by a background worker and written to var/mail/ (one file per mail); open them to confirm sign-ups."
	@echo "Serving on http://$(HOST):$(PORT)/ – stop with Ctrl+C (stops the worker too)."
	@echo "Links in mails point to $(KOSILAB_SITE_URL)."
	@$(PY) manage.py run_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver $(HOST):$(PORT)

.PHONY: worker
worker: migrate ## Run the background worker of the database queue alone (mails; make run starts one)
	$(PY) manage.py run_worker

.PHONY: test
test: $(VENV)/.dev ## Run the whole test suite (set DATABASE_URL for PostgreSQL)
	$(PY) -m pytest $(PYTEST_ARGS)

.PHONY: test-fast
test-fast: $(VENV)/.dev ## Run the tests without the browser
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

.PHONY: test-scaleout
test-scaleout: $(VENV)/.dev ## nginx, two app servers and two workers on one PostgreSQL (DATABASE_URL) and Redis: races, sessions, restarts, mails (left out of make test)
	$(PY) -m pytest -p no:cacheprovider -m scaleout tests/scaleout $(PYTEST_ARGS)

.PHONY: check
check: $(VENV)/.dev ## ruff, mypy, the layer contracts (import-linter), migrations check and the production deploy check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy kosilab config
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run
	KOSILAB_ENV=production DJANGO_SECRET_KEY=check-$$(head -c 48 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9') \
	  DJANGO_ALLOWED_HOSTS=lab.example.org $(PY) manage.py check --deploy --fail-level WARNING

.PHONY: format
format: $(VENV)/.dev ## Format and autofix the code
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

.PHONY: messages
messages: $(VENV)/.dev ## Update the German and English catalogues (needs GNU gettext)
	$(PY) manage.py makemessages --locale de --locale en --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*' --no-obsolete
	$(PY) manage.py fill_english_catalogue
	$(PY) manage.py compilemessages --ignore '.venv/*'

.PHONY: scale
scale: migrate ## Fill the database with synthetic data at scale (SCALE=1 is 50 labs, 20,000 people)
	$(PY) manage.py seed_scale --scale $${SCALE:-1}

.PHONY: bench
bench: bench-pages bench-throughput ## Both benchmarks below, one after the other (SCALE=1; about 15 minutes)

.PHONY: bench-pages
bench-pages: $(VENV)/.base ## Response times and query counts of the main pages at scale, in-process (SCALE=1)
	$(PY) bench/pages.py --scale $${SCALE:-1}

.PHONY: bench-search
bench-search: $(VENV)/.base ## Median, p95 and query counts of the search across the apps at scale (SCALE=1; target < 100 ms)
	$(PY) bench/search.py --scale $${SCALE:-1}

.PHONY: bench-throughput
bench-throughput: $(VENV)/.base ## Requests/s of the key pages against a bare reference: gunicorn, PostgreSQL, wrk (SCALE=1, THROUGHPUT_ARGS=)
	$(PY) bench/throughput.py --scale $${SCALE:-1} $(THROUGHPUT_ARGS)

.PHONY: lock
lock: $(VENV)/.dev ## Re-resolve requirements/*.in into the lock files
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile -q --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements/base.txt requirements/base.in
	$(VENV)/bin/pip-compile -q --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements/dev.txt requirements/dev.in

.PHONY: clean
clean: ## Remove the virtual environment and local data (var/)
	rm -rf $(VENV) var
