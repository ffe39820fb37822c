"""Deployment checks (``manage.py check --deploy``): each setting that would make a real
service unsafe is an Error, so the check fails and CI with it.

config/settings.py refuses to start with the worst of these; the checks also catch them in a
settings module that bypasses that, and say what to set instead.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

INSECURE_SECRET_KEY_PREFIXES = ("django-insecure",)
EMBEDDED_SECRET_KEY = "django-insecure-embedded-demo-only-never-in-production"  # noqa: S105
LOOPBACK_NAMES = {"localhost", "testserver"}


def _loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _public_hosts() -> list[str]:
    return [host for host in settings.ALLOWED_HOSTS if not _loopback(host)]


@register(deploy=True)
def check_production_settings(app_configs=None, **kwargs) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    embedded = getattr(settings, "EMBEDDED", False)
    production = not embedded
    if embedded and _public_hosts():
        errors.append(Error(
            "The embedded demo mode answers to a host other than this machine "
            f"({', '.join(_public_hosts())}): two-factor sign-in is off, cookies are not "
            "secure and emails are written to files.",
            hint="Set SERVICE_MODE=production.", id="safeguarding.E101"))
    if production and not settings.TWO_FACTOR_REQUIRED:
        errors.append(Error("Two-factor sign-in is off in production.",
                            hint="Remove TWO_FACTOR_REQUIRED=false.", id="safeguarding.E102"))
    key = str(settings.SECRET_KEY)
    if production and (key == EMBEDDED_SECRET_KEY or key.startswith(INSECURE_SECRET_KEY_PREFIXES)):
        errors.append(Error("SECRET_KEY is the embedded demo's, published with the code.",
                            hint="Set SECRET_KEY to a long random string.",
                            id="safeguarding.E103"))
    if production:
        errors.extend(_site_url_errors())
        if settings.TRUSTED_PROXY_COUNT < 1:
            errors.append(Error(
                "TRUSTED_PROXY_COUNT is 0 in production, where the service trusts its proxy's "
                "X-Forwarded-Proto: every visitor would share the proxy's address, so one "
                "person's failed sign-ins would lock everyone out.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies of your own in front of "
                     "gunicorn (1 for docker-compose.yml's nginx).", id="safeguarding.E105"))
        backend = settings.CACHES["default"]["BACKEND"]
        if backend.endswith(("locmem.LocMemCache", "dummy.DummyCache")):
            errors.append(Error(
                "The cache is not shared between processes, so each gunicorn worker keeps its "
                "own rate-limit counts.",
                hint="Set CACHE_URL to Redis, e.g. redis://redis:6379/1.", id="safeguarding.E106"))
    return errors


def _site_url_errors() -> list[CheckMessage]:
    site = urlsplit(str(getattr(settings, "SITE_URL", "") or ""))
    if not site.hostname:
        problem = "is not set"
    elif site.scheme != "https":
        problem = "does not start with https://"
    elif _loopback(site.hostname):
        problem = "names this machine"
    else:
        return []
    return [Error(f"SITE_URL, the address emails link to, {problem}.",
                  hint="Set SITE_URL to the service's address, e.g. "
                       "https://reviews.example.gov.uk.", id="safeguarding.E104")]
