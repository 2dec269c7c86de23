# Restorative's container: one image for the web server, the Celery worker and beat, and the
# release step (README "Production"). Build: docker build -t restorative .
#
# Stage 1 builds the GOV.UK Design System styles (Sass) and copies its script and assets, as
# `make assets` does; nothing from node_modules reaches the final image.
FROM node:22-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY restorative/core/assets restorative/core/assets
RUN mkdir -p build/static/css build/static/govuk \
    && npx sass --no-source-map --style=compressed --load-path=node_modules \
        restorative/core/assets/restorative.scss build/static/css/restorative.css \
    && cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js build/static/govuk/ \
    && cp -R node_modules/govuk-frontend/dist/govuk/assets build/static/govuk/

# Stage 2: the official slim Python image, with the system libraries WeasyPrint needs for PDFs
# (Pango and HarfBuzz for text layout, fonts to draw with) and libpq for PostgreSQL tools.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=restorative.settings.production \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    HOST=0.0.0.0 \
    PORT=8000 \
    GUNICORN_WORKER_TMP_DIR=/dev/shm
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        libjpeg62-turbo libopenjp2-7 libffi8 \
        fonts-liberation fonts-dejavu-core fontconfig \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt
COPY . .
COPY --from=assets /src/build/static build/static
# Static files are collected at build time (WhiteNoise serves them with hashed names). The
# settings need a key and hosts to load; these placeholders exist only for this step.
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --no-input --verbosity 0 \
    && useradd --system --uid 10001 --home-dir /app restorative \
    && chown -R restorative /app/staticfiles
USER restorative
EXPOSE 8000
# Liveness over plain HTTP from inside the container (exempt from the HTTPS redirect), with a
# Host header Django accepts: the first of DJANGO_ALLOWED_HOSTS.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD ["python", "-m", "restorative.core.probe_client", "/health/"]
CMD ["gunicorn", "--config", "gunicorn.conf.py", "restorative.wsgi:application"]
