# syntax=docker/dockerfile:1
# Production image: gunicorn behind a load balancer that terminates TLS.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
ENV PATH=/venv/bin:$PATH
WORKDIR /app
# Optional backends to install (requirements-<extra>.txt): S3 media by default, add
# elasticsearch for a search cluster (docs/operations.md).
ARG EXTRAS="s3"
COPY requirements*.txt ./
RUN pip install -r requirements.txt $(for extra in $EXTRAS; do echo "-r requirements-$extra.txt"; done)
COPY . .
RUN pip install --no-deps .

FROM python:3.11-slim-bookworm
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=site_config.settings.production \
    MEDIA_ROOT=/app/media
RUN useradd --system --uid 1000 --home-dir /app --shell /usr/sbin/nologin app
COPY --from=build /venv /venv
WORKDIR /app
COPY . .
# Static files are collected at build time; production settings refuse to load without
# their secrets, so this one step gets throwaway values that never reach a running container.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.db \
    WAGTAILADMIN_BASE_URL=http://localhost \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/media && chown app:app /app/media
USER app
EXPOSE 8000
# Liveness only (/healthz); load balancers ask /readyz. No curl in the slim image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "/app/scripts/healthcheck.py"]
ENTRYPOINT ["/app/scripts/docker-entrypoint.sh"]
# The same image runs the deploy's other processes (docs/operations.md, "Processes"):
# `python manage.py run_scheduler` and the webhook worker,
# `python manage.py db_worker --backend background`, each with RUN_MIGRATIONS=0.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "site_config.wsgi:application"]
