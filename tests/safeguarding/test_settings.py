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
    "SITE_URL": "https://reviews.example.gov.uk",
}


def settings_in(env: dict, expression: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in PRODUCTION and k not in ("DEBUG", "EMAIL_URL", "CACHE_URL",
                                                  "TWO_FACTOR_REQUIRED", "TRUSTED_PROXY_COUNT")}
    return subprocess.run(
        [sys.executable, "-c",
         f"import django; django.setup(); from django.conf import settings; print({expression})"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL",
                                     "ALLOWED_HOSTS", "EMAIL_URL", "SITE_URL"])
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


def deploy_check(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in PRODUCTION and k not in ("DEBUG", "EMAIL_URL", "CACHE_URL",
                                                  "TWO_FACTOR_REQUIRED", "TRUSTED_PROXY_COUNT",
                                                  "DJANGO_ALLOW_ASYNC_UNSAFE")}  # browser tests
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, **env}, cwd=ROOT, capture_output=True, text=True, timeout=120)


SAFE_PRODUCTION = {**PRODUCTION, "SECRET_KEY": "k3" + "a8Zq-Lp0Xw_" * 6,
                   "TRUSTED_PROXY_COUNT": "1", "CACHE_URL": "redis://redis.internal:6379/1"}


def test_production_passes_djangos_deployment_checks():
    result = deploy_check(SAFE_PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(("unsafe", "error"), [
    ({"SITE_URL": "http://reviews.example.gov.uk"}, "safeguarding.E104"),
    ({"SERVICE_MODE": "embedded"}, "safeguarding.E101"),
])
def test_the_deployment_check_fails_on_an_unsafe_production_setting(unsafe, error):
    """Through manage.py, from the environment; every unsafe setting is tested below, in
    this process."""
    result = deploy_check({**SAFE_PRODUCTION, **unsafe})
    assert result.returncode != 0
    assert error in result.stderr


def test_a_real_host_name_without_a_service_mode_refuses_to_start():
    """Not a silent fall back to the embedded demo: two-factor off, emails to files."""
    env = {**PRODUCTION, "SERVICE_MODE": None}
    result = settings_in({k: v for k, v in env.items() if v is not None}, "settings.EMBEDDED")
    assert result.returncode != 0
    assert "SERVICE_MODE must be set when ALLOWED_HOSTS names a host" in result.stderr


@pytest.mark.parametrize("hosts", ["127.0.0.1,localhost", "::1,testserver", ""])
def test_this_machine_alone_may_run_the_embedded_demo_without_a_service_mode(hosts):
    env = {"ALLOWED_HOSTS": hosts} if hosts else {}
    result = settings_in(env, "settings.EMBEDDED")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_production_refuses_to_start_with_two_factor_sign_in_off():
    result = settings_in({**PRODUCTION, "TWO_FACTOR_REQUIRED": "false"}, "1")
    assert result.returncode != 0
    assert "TWO_FACTOR_REQUIRED cannot be false when SERVICE_MODE=production" in result.stderr


def test_a_negative_proxy_count_is_refused():
    result = settings_in({"TRUSTED_PROXY_COUNT": "-1"}, "1")
    assert "TRUSTED_PROXY_COUNT must be 0 or more" in result.stderr


def deploy_errors(settings) -> set[str]:
    from django.core import checks

    return {m.id for m in checks.run_checks(include_deployment_checks=True)
            if m.id and m.id.startswith("safeguarding.")}


def production(settings):
    """The running test's settings made a safe production service, in this process."""
    settings.EMBEDDED = False
    settings.TWO_FACTOR_REQUIRED = True
    settings.SECRET_KEY = "k3" + "a8Zq-Lp0Xw_" * 6
    settings.ALLOWED_HOSTS = ["reviews.example.gov.uk"]
    settings.SITE_URL = "https://reviews.example.gov.uk"
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/1"}}


def test_a_safe_production_passes_the_services_own_deployment_checks(settings):
    production(settings)
    assert deploy_errors(settings) == set()


@pytest.mark.parametrize(("change", "error"), [
    ({"TWO_FACTOR_REQUIRED": False}, "safeguarding.E102"),
    ({"SECRET_KEY": "django-insecure-embedded-demo-only-never-in-production"},
     "safeguarding.E103"),
    ({"SECRET_KEY": "django-insecure-" + "x" * 50}, "safeguarding.E103"),
    ({"SITE_URL": ""}, "safeguarding.E104"),
    ({"SITE_URL": "https://127.0.0.1:8000"}, "safeguarding.E104"),
    ({"SITE_URL": "https://localhost"}, "safeguarding.E104"),
    ({"SITE_URL": "http://reviews.example.gov.uk"}, "safeguarding.E104"),
    ({"TRUSTED_PROXY_COUNT": 0}, "safeguarding.E105"),
    ({"CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}},
     "safeguarding.E106"),
    ({"EMBEDDED": True}, "safeguarding.E101"),
])
def test_each_unsafe_production_setting_fails_the_deployment_check(settings, change, error):
    production(settings)
    for name, value in change.items():
        setattr(settings, name, value)
    assert deploy_errors(settings) == {error}


def test_the_services_checks_run_only_with_deploy(settings):
    from django.core import checks

    production(settings)
    settings.TRUSTED_PROXY_COUNT = 0
    assert not any(m.id == "safeguarding.E105" for m in checks.run_checks())
    assert "safeguarding.E105" in deploy_errors(settings)


def test_the_embedded_demo_on_this_machine_passes_the_services_checks(settings):
    settings.EMBEDDED = True
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    assert deploy_errors(settings) == set()


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_with_no_inline_script(client):
    response = client.get("/sign-in/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
