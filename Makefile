# Two commands matter: `make run` (the whole portal with demo data) and `make test` (the suite).
# Without DATABASE_URL / REDIS_URL both start an embedded PostgreSQL and Redis in .data/.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Both locks are written by uv (docs/dependencies.md): universal (any OS, Python 3.11+) with
# hashes; the development lock is constrained by the production one, so both pin the same runtime.
UV_COMPILE := $(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock" --quiet
LOCK_DEV_ARGS := --extra dev --extra devstack -c requirements.lock

.PHONY: run test faults faults-ci install lock lock-check lint format migrations-check deploy-check stop reset clean

# Everything from the development lock, hash-checked; then the project itself, editable.
$(STAMP): pyproject.toml requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) -m voc_portal.devstack run

test: $(STAMP)
	$(PY) -m voc_portal.devstack test $(ARGS)

# Email exactly once under faults (docs/email.md, "Faults"): private PostgreSQL, Redis and fake
# Mailgun, a real worker and beat; one line per scenario. `faults-ci` is CI's short run.
faults: $(STAMP)
	$(PY) -m tests.faults.run --replies 400 --outage 30 $(ARGS)

faults-ci: $(STAMP)
	$(PY) -m tests.faults.run --replies 100 --outage 10 --span 20 $(ARGS)

# Re-resolve after a change to pyproject.toml; existing pins are kept where they still fit.
# `make lock ARGS=--upgrade` moves everything to the newest allowed versions.
lock: $(STAMP)
	$(UV_COMPILE) $(ARGS) -o requirements.lock
	$(UV_COMPILE) $(ARGS) $(LOCK_DEV_ARGS) -o requirements-dev.lock

# CI: fails when pyproject.toml changed and a lock was not regenerated (or was edited by hand).
lock-check: $(STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT \
	&& cp requirements.lock requirements-dev.lock "$$tmp"/ \
	&& $(UV_COMPILE) -o "$$tmp/requirements.lock" \
	&& $(UV_COMPILE) $(LOCK_DEV_ARGS) -o "$$tmp/requirements-dev.lock" \
	&& diff -u requirements.lock "$$tmp/requirements.lock" \
	&& diff -u requirements-dev.lock "$$tmp/requirements-dev.lock" \
	|| { echo "A lock is stale: run 'make lock' and commit both lock files."; exit 1; }

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(STAMP)
	DJANGO_SETTINGS_MODULE=voc_portal.settings.test $(PY) -m voc_portal.devstack manage makemigrations --check --dry-run

stop: $(STAMP)
	$(PY) -m voc_portal.devstack stop

reset: $(STAMP)
	$(PY) -m voc_portal.devstack reset

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
