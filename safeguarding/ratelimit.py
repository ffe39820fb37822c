"""Who a request comes from, for rate limits and sign-in lockouts, and the rate limits.

The client's address is taken only from proxies the service trusts: ``TRUSTED_PROXY_COUNT``
says how many of the service's own proxies sit in front of it (0: none, the socket address
REMOTE_ADDR is the client's; 1: the nginx in docker-compose.yml). Each trusted proxy appends
the address it received the request from to X-Forwarded-For, so the client is the entry that
many places from the right; a client can forge only entries to the left of it, which are
never read.
"""

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited
from ipware import get_client_ip


def client_address(request: HttpRequest) -> str:
    """The client's network address as the service's outermost trusted proxy saw it."""
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted > 0:
        # django-ipware counts the proxies listed in the header, and the last proxy of ours is
        # the socket address, not in it: with one proxy the client is the header's last entry.
        address, _routable = get_client_ip(
            request, proxy_order="left-most", proxy_count=trusted - 1, strict=False,
            request_header_order=["HTTP_X_FORWARDED_FOR"])
        if address:
            return address
    # No proxy of ours, or a request that did not come through it (a health check).
    return request.META.get("REMOTE_ADDR") or "unknown"


def _by_client_address(group: str, request: HttpRequest) -> str:
    return client_address(request)


def limited(request: HttpRequest, *, group: str, rate: str) -> bool:
    """Counts this request against ``rate`` (e.g. "5/h") for its client address and says
    whether the client has gone over it (django-ratelimit, in the shared cache)."""
    return is_ratelimited(request, group=group, key=_by_client_address, rate=rate,
                          method=is_ratelimited.ALL, increment=True)


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
