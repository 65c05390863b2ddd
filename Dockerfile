# The one image for web, worker and beat (see docker-compose.yml).

# Front-end packages of the portal (NL Design System CSS), installed from the lock file without the
# test-only ones (axe-core); collectstatic picks the CSS up from node_modules (config/settings.py).
FROM node:20-bookworm-slim AS npm
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# Pango for WeasyPrint (letters), DejaVu for every script in the help boxes (Arabic, Ukrainian, ...),
# gettext to compile the translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 app

WORKDIR /app
COPY . /app
COPY --from=npm /app/node_modules /app/node_modules
RUN pip install . \
    && (ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1 && python manage.py compilemessages -v0 || true) \
    && DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput -v0 \
    && mkdir -p /app/var && chown -R app:app /app/var

USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
