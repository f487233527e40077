# One image for web, worker, beat and the migrate step (docker-compose.yml).
# Build:  docker build -t voc-portal .
# tests/integration/production/test_dockerfile.py runs this file's RUN steps with exactly the
# environment its ENV lines set (there is no Docker engine in CI): keep them plain shell.

# --- build: the production lock (hash-checked) and the portal's own wheel into /opt/venv --------
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml requirements.lock README.md ./
COPY voc_portal ./voc_portal
COPY inquiries ./inquiries
COPY reviews ./reviews
COPY refunds ./refunds
COPY insights ./insights
COPY templates ./templates
COPY static ./static
COPY locale ./locale
# Every runtime wheel is binary (psycopg[binary] bundles libpq): no compiler in either stage.
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --require-hashes -r requirements.lock \
    && /opt/venv/bin/pip wheel --no-deps -w /wheels . \
    && /opt/venv/bin/pip install --no-deps /wheels/voc_portal-*.whl

# --- runtime: the venv only; no source tree, tests, docs or build tools ----------------------
FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=voc_portal.settings.production \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/data/media
RUN useradd --create-home --uid 1000 app \
    && mkdir -p /data/media /app/staticfiles \
    && chown -R app:app /data /app
COPY --from=build /opt/venv /opt/venv
USER app
WORKDIR /app
# Static files are collected into the image (whitenoise serves them, hashed and compressed).
# Production settings refuse to start without their secrets: placeholders for this one step,
# on its command line only, so none of them is in the image's environment.
RUN DJANGO_SECRET_KEY=build-only-placeholder-not-a-secret-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 \
    DJANGO_EMAIL_BACKEND=anymail.backends.test.EmailBackend \
    ANYMAIL_WEBHOOK_SECRET=build:build \
    VOC_SITE_URL=https://localhost \
    VOC_REPLY_DOMAIN=reply.localhost \
    MAILGUN_WEBHOOK_SIGNING_KEY=build-only-placeholder \
    VOC_PUSH_VAPID_PRIVATE_KEY=build-only-placeholder \
    django-admin collectstatic --no-input -v 0
EXPOSE 8000
# gunicorn reads WEB_CONCURRENCY (workers) and FORWARDED_ALLOW_IPS (the TLS proxy: the only peer
# whose X-Forwarded-Proto it believes). No access log: voc.request logs one JSON line a request.
CMD ["gunicorn", "voc_portal.wsgi:application", "--bind", "0.0.0.0:8000"]
