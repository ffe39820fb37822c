FROM python:3.11-slim-bookworm

# Pango and HarfBuzz for WeasyPrint's PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -c constraints.txt -e . \
    && SERVICE_MODE=production SECRET_KEY=build ALLOWED_HOSTS=build EMAIL_URL=consolemail:// \
       SITE_URL=https://build \
       DATABASE_URL=sqlite:////tmp/build.sqlite3 CELERY_BROKER_URL=memory:// \
       python manage.py collectstatic --noinput \
    && useradd --system --home /app app && mkdir -p /app/var && chown app /app/var

USER app
ENV SERVICE_MODE=production PYTHONUNBUFFERED=1
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "config.wsgi"]
