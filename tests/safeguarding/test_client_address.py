"""Client addresses come only from proxies the service trusts (TRUSTED_PROXY_COUNT), for
django-axes's sign-in lockout and the rate limits alike."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory

from safeguarding.models import Role
from safeguarding.ratelimit import client_address, sign_in_address

pytestmark = pytest.mark.django_db


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(("proxies", "remote", "forwarded", "client"), [
    # No proxy of ours: the socket address, whatever the header says.
    (0, "203.0.113.5", "198.51.100.1", "203.0.113.5"),
    (0, "203.0.113.5", None, "203.0.113.5"),
    # One proxy (nginx): the entry it appended, the last; forged entries before it are ignored.
    (1, "172.18.0.5", "198.51.100.1", "198.51.100.1"),
    (1, "172.18.0.5", "6.6.6.6, 7.7.7.7, 198.51.100.1", "198.51.100.1"),
    (1, "172.18.0.5", "not-an-address, 198.51.100.1", "198.51.100.1"),
    (1, "172.18.0.5", "2001:db8::1", "2001:db8::1"),
    # A load balancer in front of nginx: nginx appended the balancer's address, the balancer
    # the client's.
    (2, "172.18.0.5", "6.6.6.6, 198.51.100.1, 192.0.2.10", "198.51.100.1"),
    # A request that did not come through the proxy (the health check): the socket address.
    (1, "127.0.0.1", None, "127.0.0.1"),
    (2, "172.18.0.5", "198.51.100.1", "172.18.0.5"),
])
def test_the_client_address_is_the_one_the_trusted_proxies_saw(settings, proxies, remote,
                                                              forwarded, client):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(request_from(remote, forwarded)) == client
    assert sign_in_address(request_from(remote, forwarded)) == client


def sign_in(client, email, password, forwarded, remote):
    return client.post("/sign-in/", {"username": email, "password": password},
                       REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.parametrize(("proxies", "remote", "appended"), [
    (0, "203.0.113.50", ""),
    # The attacker's forged entries precede the one the proxy appends.
    (1, "172.18.0.5", ", 203.0.113.50"),
])
def test_ten_wrong_passwords_with_a_rotating_x_forwarded_for_lock_sign_in(
        client, make_user, settings, proxies, remote, appended):
    settings.TRUSTED_PROXY_COUNT = proxies
    person = make_user(Role.BUSINESS_UNIT, email="priya.shah@example.org")
    person.set_password("the-right-password-2026")
    person.save()
    for n in range(10):
        response = sign_in(client, "priya.shah@example.org", "a-wrong-guess",
                           f"198.51.100.{n}, 192.0.2.{n}{appended}", remote)
        assert response.status_code in (200, 429)
    locked = sign_in(client, "priya.shah@example.org", "the-right-password-2026",
                     f"198.51.100.99{appended}", remote)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Every attempt was counted against the one real address.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.50"}
