"""Behind a proxy, the client's address is the one the nearest trusted proxy saw: entries of
X-Forwarded-For the client wrote itself change neither the address recorded, nor the lockout key,
nor the liaison throttle key."""

from __future__ import annotations

import pytest
from django.core.checks import Error
from django.test import Client, RequestFactory
from django.urls import reverse

from renda.audit.models import Event
from renda.core.context import client_ip
from renda.liaison.models import LiaisonSetting
from renda.security.checks import check_keys
from renda.security.models import LoginAttempt

from .conftest import PASSWORD

PROXY = "10.0.0.5"  # the nginx in front of the app (REMOTE_ADDR)
CDN = "203.0.113.9"
REAL = "198.51.100.23"  # the address nginx saw and appended
VICTIM = "198.51.100.77"


def forwarded(*entries: str) -> dict[str, str]:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ", ".join(entries)}


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = []
    return settings


def address(**meta: str) -> str | None:
    return client_ip(RequestFactory().get("/", **meta))


class TestClientIp:
    def test_without_a_proxy_forwarded_for_is_ignored(self, settings):
        settings.BEHIND_PROXY = False
        assert address(REMOTE_ADDR=REAL, HTTP_X_FORWARDED_FOR=VICTIM) == REAL

    def test_one_proxy_takes_the_address_it_saw(self, behind_proxy):
        assert address(**forwarded(REAL)) == REAL
        for forged in ("1.2.3.4", VICTIM, "127.0.0.1", "garbage", 'for="9.9.9.9', f"{VICTIM}, 5.6.7.8"):
            assert address(**forwarded(forged, REAL)) == REAL, forged

    def test_no_forwarded_header_means_the_connection_address(self, behind_proxy):
        assert address(REMOTE_ADDR=PROXY) == PROXY

    def test_two_proxies_by_count(self, behind_proxy):
        behind_proxy.TRUSTED_PROXY_COUNT = 2
        # The CDN appended the client, nginx appended the CDN, the app sees nginx.
        assert address(**forwarded(VICTIM, REAL, CDN)) == REAL
        # Too short a chain did not come through both proxies: the connection address only.
        assert address(**forwarded(VICTIM)) == PROXY

    def test_trusted_proxies_by_address_and_network(self, behind_proxy):
        behind_proxy.TRUSTED_PROXIES = ["203.0.113.0/24", PROXY]
        assert address(**forwarded(VICTIM, REAL, CDN)) == REAL
        # A request that reached nginx without the CDN (or a forged CDN hop) is not trusted further.
        assert address(**forwarded(VICTIM, REAL, "192.0.2.1")) == PROXY
        behind_proxy.TRUSTED_PROXIES = [PROXY]
        assert address(**forwarded(VICTIM, REAL)) == REAL
        # Straight to the app, bypassing the proxy: REMOTE_ADDR is the client, whatever it claims.
        assert address(REMOTE_ADDR=REAL, HTTP_X_FORWARDED_FOR=VICTIM) == REAL

    def test_misconfigured_proxies_are_a_check_error(self, behind_proxy):
        behind_proxy.TRUSTED_PROXIES = ["not-an-address!"]
        errors = [e for e in check_keys() if e.id == "renda.E006"]
        assert errors and isinstance(errors[0], Error)


@pytest.mark.django_db
class TestForgedAddressesAtSignIn:
    def test_lockout_and_audit_use_the_real_address(self, behind_proxy, staff, policy):
        client = Client()
        for i in range(policy.lockout_threshold):
            response = client.post(
                reverse("login"),
                {"username": f"guess{i}", "password": "Wrong#2026pass"},
                **forwarded(f"7.7.7.{i}", REAL),
            )
        # A new forged address per try did not help: the real address is locked.
        assert "已暂时锁定" in response.content.decode()
        assert set(LoginAttempt.objects.values_list("ip_address", flat=True)) == {REAL}
        assert set(Event.objects.filter(action="auth.login_failed").values_list("ip_address", flat=True)) == {
            REAL
        }
        assert Event.objects.get(action="auth.lockout").after["key"] == REAL
        # The real user of the locked address is refused, whatever they claim.
        refused = Client().post(
            reverse("login"), {"username": "gongzuo", "password": PASSWORD}, **forwarded("8.8.8.8", REAL)
        )
        assert "已暂时锁定" in refused.content.decode()

    def test_an_attacker_cannot_lock_out_another_address(self, behind_proxy, staff, policy):
        for i in range(policy.lockout_threshold):
            Client().post(
                reverse("login"),
                {"username": f"guess{i}", "password": "Wrong#2026pass"},
                **forwarded(VICTIM, REAL),
            )
        assert not LoginAttempt.objects.filter(ip_address=VICTIM).exists()
        ok = Client().post(
            reverse("login"), {"username": "gongzuo", "password": PASSWORD}, **forwarded(VICTIM)
        )
        assert ok.status_code == 302
        assert Event.objects.get(action="auth.login").ip_address == VICTIM


@pytest.mark.django_db
def test_liaison_throttle_key_ignores_forged_entries(behind_proxy):
    limit = LiaisonSetting().track_limit
    url = reverse("liaison:opinion_track")
    for i in range(limit):
        response = Client().post(url, {"tracking_number": "ACDEFGHJKMNP"}, **forwarded(f"7.7.{i}.1", REAL))
        assert "查询过于频繁" not in response.content.decode()
    response = Client().post(url, {"tracking_number": "ACDEFGHJKMNP"}, **forwarded("6.6.6.6", REAL))
    assert "查询过于频繁" in response.content.decode()
    # Someone else behind the same proxy is not throttled by the forged entries.
    response = Client().post(url, {"tracking_number": "ACDEFGHJKMNP"}, **forwarded(REAL, VICTIM))
    assert "查询过于频繁" not in response.content.decode()
