"""A fixed-window rate limit kept in the cache (Redis in production)."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """Behind the service's own proxy (TRUST_X_FORWARDED_FOR), the address that proxy saw,
    which it appends last; a client can forge only the entries before it."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.TRUST_X_FORWARDED_FOR and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def allow(*, key: str, limit: int, seconds: int) -> bool:
    """True while fewer than ``limit`` calls with this key were made in the window."""
    cache_key = f"ratelimit:{key}"
    cache.add(cache_key, 0, timeout=seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=seconds)
        count = 1
    return count <= limit


def sign_in_name(request: HttpRequest, credentials: dict | None = None) -> str:
    """The email address a sign-in attempt is for, as the sign-in form reads it, so that
    django-axes counts "Priya@Example.org " and "priya@example.org" as one."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value).strip().lower()


def sign_in_address(request: HttpRequest) -> str | None:
    """The client's address for django-axes's records, which PostgreSQL keeps as an inet:
    None when there is no valid one (a test client, a broken proxy header)."""
    import ipaddress

    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
