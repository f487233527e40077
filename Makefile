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

.PHONY: export-memory run test install lock lock-check lint format migrations-check deploy-check stop reset clean \
	fuzz fuzz-ci faults faults-ci test-pgbouncer test-pgbouncer-ci store-import-bench mutate mutate-ci browser-deps oidc-deps tour

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

# The integration tests through PgBouncer in transaction pooling (scripts/test-pgbouncer.sh,
# docs/scaling.md): nothing may depend on session state. Needs DATABASE_URL (TCP) and REDIS_URL.
# The production-image tests and the replica tests (their own clusters) do not use the pooler.
# `test-pgbouncer-ci` is CI's subset (two to four minutes, by the load).
PGBOUNCER_CI_PATHS = tests/integration/api tests/integration/escalation tests/integration/store \
	tests/integration/mail tests/integration/inquiries/test_services.py \
	tests/integration/inquiries/test_concurrency.py tests/integration/insights/test_export.py \
	tests/integration/test_database_settings.py
test-pgbouncer: $(STAMP)
	PY=$(PY) scripts/test-pgbouncer.sh -q -m "not production" --ignore=tests/integration/replica \
		tests/integration $(ARGS)

test-pgbouncer-ci: $(STAMP)
	PY=$(PY) scripts/test-pgbouncer.sh -q $(PGBOUNCER_CI_PATHS) $(ARGS)

# Email exactly once under faults (docs/email.md, "Faults"): private PostgreSQL, Redis and fake
# Mailgun, a real worker and beat; one line per scenario. `faults-ci` is CI's short run.
faults: $(STAMP)
	$(PY) -m tests.faults.run --replies 400 --outage 30 $(ARGS)

faults-ci: $(STAMP)
	$(PY) -m tests.faults.run --replies 100 --outage 10 --span 20 $(ARGS)

# The Store API's initial import at full size (docs/store-integration.md): 100,000 purchases in
# one streamed call; prints rows/s and the peak memory growth. CI runs the same test with 3,000.
store-import-bench: $(STAMP)
	STORE_IMPORT_ROWS=100000 STORE_IMPORT_TRACE=0 $(PY) -m voc_portal.devstack test -s -q \
		"tests/integration/store/test_import.py::test_a_large_import_streams_in_bounded_memory_and_is_idempotent" $(ARGS)

# Mutation testing of the guarantee modules (docs/testing.md): a table per module and every
# survivor; fails below 90% killed. Needs DATABASE_URL and REDIS_URL. One worker, nice -n 15.
# `mutate-ci` mutates only the functions each module lists as `ci` in tests/mutation/config.toml.
mutate: $(STAMP)
	nice -n 15 $(PY) -m tests.mutation.run $(ARGS)

mutate-ci: $(STAMP)
	nice -n 15 $(PY) -m tests.mutation.run --ci $(ARGS)

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

# An export of 100,000 rows streams in constant memory (docs/reports.md); CI runs 3,000.
export-memory: $(STAMP)
	EXPORT_MEMORY_ROWS=100000 $(PY) -m voc_portal.devstack test tests/integration/insights/test_export_memory.py -q -s

migrations-check: $(STAMP)
	DJANGO_SETTINGS_MODULE=voc_portal.settings.test $(PY) -m voc_portal.devstack manage makemigrations --check --dry-run

# schemathesis, every check and phase, against a live gunicorn on a database of its own
# (tests/fuzz/run.py); prints each failure and fails unless there are none. Needs DATABASE_URL
# and REDIS_URL (the database's name gets "_fuzz"). FUZZ_EXAMPLES: examples per operation.
FUZZ_EXAMPLES ?= 100
fuzz: $(STAMP)
	VOC_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m tests.fuzz.run $(ARGS)

# CI's bounded run (about two to four minutes on the CI machine).
fuzz-ci: $(STAMP)
	VOC_FUZZ_EXAMPLES=10 $(PY) -m tests.fuzz.run $(ARGS)

# axe-core for the browser journeys, from npm by the lock (tests/browser/package-lock.json);
# the tests inject it from node_modules, never from a CDN.
browser-deps: oidc-deps
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error

# The store's OpenID Connect provider the sign-in tests run (node-oidc-provider, by its lock).
oidc-deps:
	cd tests/support/oidc && npm ci --no-audit --no-fund --loglevel=error

# The whole browser tour (every page, 390x844 and 1366x900, ko and en, three roles) and its
# gallery: artifacts/screenshots/index.html; with every screen of the app (/app/, docs/app.md).
tour: $(STAMP) browser-deps
	$(PY) -m voc_portal.devstack test tests/browser/test_tour.py tests/browser/test_app_tour.py -q $(ARGS)

stop: $(STAMP)
	$(PY) -m voc_portal.devstack stop

reset: $(STAMP)
	$(PY) -m voc_portal.devstack reset

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# The store-scale benchmark (docs/benchmarks/): generate the data set into its own database,
# then load every page under gunicorn (production settings, 2 sync workers) with wrk.
# `make bench SCALE=0.1` is the quick run. BENCH_DATABASE_URL must name a database of its own:
# the generator empties it.
SCALE ?= 1
BENCH_DURATION ?= 15s
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/voc_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/5
BENCH_ENV = DJANGO_SETTINGS_MODULE=voc_portal.settings.production \
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) VOC_CACHE_PREFIX=voc-bench \
	DJANGO_SECRET_KEY=bench-only-$$(printf '%064d' 0) DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost \
	DJANGO_EMAIL_BACKEND=anymail.backends.test.EmailBackend ANYMAIL_WEBHOOK_SECRET=bench:bench \
	VOC_SITE_URL=https://127.0.0.1 VOC_REPLY_DOMAIN=reply.bench.example \
	MAILGUN_WEBHOOK_SIGNING_KEY=bench VOC_PUSH_VAPID_PRIVATE_KEY=bench-only VOC_API_TOKEN_RATE=100000000/min \
	DJANGO_SECURE_SSL_REDIRECT=false

.PHONY: bench bench-generate bench-run bench-sweep bench-check bench-db
bench-db: $(STAMP)
	@psql "$(BENCH_DATABASE_URL)" -c 'select 1' >/dev/null 2>&1 \
	|| createdb -h 127.0.0.1 -U postgres "$$(basename $(BENCH_DATABASE_URL))"
	$(BENCH_ENV) $(PY) manage.py migrate -v0
	$(BENCH_ENV) $(PY) manage.py collectstatic --noinput -v0

bench-generate: bench-db
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BENCH_ENV) $(PY) -m voc_portal.bench generate --scale $(SCALE)

bench: bench-generate bench-run

# The load run alone, on data generated before (the reply run and the sweep change it: the
# sweep's figure needs a fresh `make bench-generate`).
bench-run: $(STAMP)
	$(BENCH_ENV) $(PY) -m voc_portal.bench run --scale $(SCALE) --duration $(BENCH_DURATION)

# The escalation sweep's row alone (docs/benchmarks/escalation.md): a fresh data set, then the
# sweep timed in-process twice, with its statements and the HOT share of each table's updates.
bench-sweep: bench-generate
	$(BENCH_ENV) $(PY) -m voc_portal.bench sweep --scale $(SCALE)

# CI's regression check: 20,000 inquiries, then SQL counts and EXPLAIN plans of every page (no
# wall-clock assertions). Its own database, as the generator empties it.
# The database is made anew each time: a schema left by an older checkout cannot interfere.
bench-check: BENCH_DATABASE_URL = postgres://postgres@127.0.0.1:5432/voc_bench_check
bench-check: $(STAMP)
	dropdb -h 127.0.0.1 -U postgres --if-exists --force "$$(basename $(BENCH_DATABASE_URL))"
	$(MAKE) --no-print-directory bench-db BENCH_DATABASE_URL=$(BENCH_DATABASE_URL)
	$(BENCH_ENV) $(PY) -m voc_portal.bench generate --scale 0.02
	$(BENCH_ENV) $(PY) -m voc_portal.bench check --scale 0.02
