# Two commands matter: `make run` (the whole portal with demo data) and `make test` (the suite).
# Without DATABASE_URL / REDIS_URL both start an embedded PostgreSQL and Redis in .data/.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint format migrations-check deploy-check stop reset clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) -m voc_portal.devstack run

test: $(STAMP)
	$(PY) -m voc_portal.devstack test $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

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
