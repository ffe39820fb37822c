# Two commands for a newcomer: `make run` and `make test`. Both set up everything from a
# fresh clone on a machine that has Python 3.11+; see README.md.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test test-fast install system-deps demo lint check assets clean bench loadtest

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed: $(PYTHON) is $$($(PYTHON) --version)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# WeasyPrint needs Pango; the browser tests need Debian's Chromium; the PDF tests read PDFs
# with poppler's pdftotext. Installed with apt-get
# where we are root on Debian or Ubuntu; otherwise this says what to install and carries on.
system-deps:
	@missing=""; \
	[ -x "$(CHROMIUM)" ] || missing="$$missing chromium"; \
	ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so' || missing="$$missing libharfbuzz-subset0"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing system packages:$$missing"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing fonts-dejavu-core >/dev/null) \
			|| echo "Could not install$$missing; install them yourself (see README)."; \
	else \
		echo "Missing system packages:$$missing"; \
		echo "Install them with: sudo apt-get install$$missing fonts-dejavu-core"; \
		echo "Without chromium the browser tests are skipped; without Pango PDFs cannot be made."; \
	fi

demo: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py load_demo_cases

run: demo system-deps
	@echo "Starting on http://127.0.0.1:8000 — sign in with a demo account listed above. Ctrl+C stops."
	@# One cache on disk for the web processes and the worker (the tests keep each its own in memory),
	@# so a change made in one is seen by the others' oversight figures and rate limits.
	CACHE_URL="$${CACHE_URL:-filecache://$${VAR_DIR:-$(CURDIR)/var}/cache}" $(BIN)/honcho start --procfile Procfile.embedded

test: $(STAMP) system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Everything but the tests marked slow (browser journeys, hostile input, faults with real
# workers and Redis): a couple of minutes, for while you work. `make test` runs them all.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Benchmarks: each prints its numbers and fails only if its answers are wrong. One line each.
bench: $(STAMP)
	$(BIN)/python bench/calendar.py
	$(BIN)/python bench/panel_pack.py
	$(BIN)/python bench/sweep.py
	$(BIN)/python bench/exception_report.py
	$(BIN)/python bench/oversight.py

# Load test: 50 people for 60 seconds against gunicorn on PostgreSQL with 20,000 cases (see
# loadtest/run.py). Installs locust on first use; skipped when PostgreSQL is not there.
loadtest: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,load]'
	$(BIN)/python loadtest/run.py

# For maintainers with Node.js: rebuild the vendored front-end assets from package.json.
assets:
	npm install --no-audit --no-fund
	npx sass --no-source-map --style=compressed --load-path=node_modules --quiet-deps \
		--silence-deprecation=import,global-builtin assets/application.scss static/css/application.css
	mkdir -p static/govuk-frontend/assets/images tests/e2e/vendor
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/govuk-frontend/
	cp node_modules/govuk-frontend/dist/govuk/assets/images/govuk-crest.svg static/govuk-frontend/assets/images/
	cp node_modules/axe-core/axe.min.js tests/e2e/vendor/

clean:
	rm -rf $(VENV) var staticfiles tests/screenshots
