"""Production settings are read from the environment and refuse to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SERVICE_MODE": "production",
    "SECRET_KEY": "x" * 60,
    "DATABASE_URL": "postgres://case_reviews@db.internal:5432/case_reviews",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "ALLOWED_HOSTS": "reviews.example.gov.uk",
    "EMAIL_URL": "smtp+tls://case-reviews:secret@smtp.example.org:587",
}


def settings_in(env: dict, expression: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in PRODUCTION and k not in ("DEBUG", "EMAIL_URL", "CACHE_URL")}
    return subprocess.run(
        [sys.executable, "-c",
         f"import django; django.setup(); from django.conf import settings; print({expression})"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL",
                                     "ALLOWED_HOSTS", "EMAIL_URL"])
def test_production_refuses_to_start_without_its_essential_settings(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = settings_in(env, "settings.SECRET_KEY")
    assert result.returncode != 0
    assert f"{missing} must be set when SERVICE_MODE=production" in result.stderr


def test_production_settings_come_from_the_environment():
    result = settings_in(PRODUCTION, "[settings.DATABASES['default']['HOST'], "
                         "settings.CELERY_BROKER_URL, settings.SESSION_COOKIE_SECURE, "
                         "settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS > 0, "
                         "settings.DEBUG, settings.EMAIL_BACKEND]")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "['db.internal', 'redis://redis.internal:6379/0', True, True, True, False, "
        "'django.core.mail.backends.smtp.EmailBackend']"
    )


def test_an_unknown_service_mode_is_refused():
    result = settings_in({"SERVICE_MODE": "staging"}, "1")
    assert "SERVICE_MODE must be 'embedded' or 'production'" in result.stderr


def test_production_passes_djangos_deployment_checks():
    env = {**PRODUCTION, "SECRET_KEY": "k3" + "a8Zq-Lp0Xw_" * 6}
    clean = {k: v for k, v in os.environ.items()
             if k not in PRODUCTION and k not in ("DEBUG", "EMAIL_URL", "CACHE_URL",
                                                  "DJANGO_ALLOW_ASYNC_UNSAFE")}  # browser tests
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, **env}, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_with_no_inline_script(client):
    response = client.get("/sign-in/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
