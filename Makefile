# The two commands: `make run` (site with demo data on http://127.0.0.1:8000/) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

VERIFIER := tests/credentials_verifier

.PHONY: run test install system-deps messages migrate seed credentials-key verifier lint format check-deploy audit worker beat clean

run: install messages migrate credentials-key seed
	$(MANAGE) runserver $(HOST):$(PORT)

# A development signing key for the credentials, written (git-ignored, under var/) only when
# no key is configured; production configures its own (docs/credentials.md).
credentials-key: install
	$(MANAGE) credentials_key --create-if-missing

# The independent credential verifier the tests run (Node packages pinned by its lock file).
verifier: $(VERIFIER)/node_modules/.installed

# Without npm the verifier's tests skip (and fail under REQUIRE_SERVICES=1, as in CI).
$(VERIFIER)/node_modules/.installed: $(VERIFIER)/package.json $(VERIFIER)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $(VERIFIER) --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "WARNING: npm is missing: the independent credential verifier's tests will be skipped." >&2; \
	fi

# The tests need Chromium for the browser journeys: the set-up installs it only for them.
test: export WITH_BROWSER=1
# Two sessions: the browser journeys run against a live server on a flushed and restored
# database, which is kept apart from the rest of the suite. Exit code 5 means "no test selected"
# (e.g. PYTEST_ARGS="-k login" selects no browser test), which is fine.
test: install messages verifier
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)
	$(BIN)/pytest -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]

system-deps:
	@PYTHON=$(PYTHON) sh bin/system-deps

install: system-deps $(INSTALLED)

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(INSTALLED)

messages: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules --verbosity=0

migrate: install
	$(MANAGE) migrate --no-input

seed: install
	$(MANAGE) seed_demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Django's deployment checklist against the production settings, with throwaway values for
# the variables production must set.
check-deploy: install
	SECRET_KEY=check-deploy-$$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n') \
	CREDENTIALS_SIGNING_KEY="$$(openssl genpkey -algorithm ed25519)" \
	ALLOWED_HOSTS=dx-school.example DJANGO_SETTINGS_MODULE=school.settings.production \
		$(MANAGE) check --deploy --fail-level WARNING

# Known vulnerabilities in the installed dependencies. pip-audit asks PyPI's JSON API; where
# that service cannot be reached (an offline mirror), it says so and does not fail the build.
audit: install
	sh bin/audit-dependencies $(BIN)/pip-audit

# Production services, for reference; each is configured by environment variables (README).
worker: install
	$(BIN)/celery -A school worker --loglevel=INFO

beat: install
	$(BIN)/celery -A school beat --loglevel=INFO

clean:
	rm -rf $(VENV) staticfiles
