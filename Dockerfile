# One image for web (gunicorn), worker and beat (celery); see docker-compose.yml.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

COPY requirements.txt ./
RUN pip install --require-hashes -r requirements.txt

COPY . .
# Static files are part of the image; the key only satisfies the settings at build.
RUN DEBUG=false SECRET_KEY=collectstatic-only-not-a-secret \
    python manage.py collectstatic --noinput -v 0

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin carbonplan \
    && mkdir -p /app/media \
    && chown carbonplan /app/media
USER carbonplan

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s \
    CMD ["python", "scripts/healthcheck.py"]
# Sync workers, timeouts and the access log from gunicorn.conf.py; the number of
# workers from WEB_CONCURRENCY (default: two per core and one).
CMD ["gunicorn", "--config", "gunicorn.conf.py", "carbonplan.wsgi"]
