"""Two-factor sign-in with TOTP for the roles the policy names (the three administrators by default)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.audit.models import Event
from renda.core.choices import Role
from renda.core.errors import PermissionDeniedError
from renda.security.services import security_policy_update, totp_reset

from .conftest import PASSWORD, totp_code
from .test_login import post_login


def enrol(client: Client, user) -> TOTPDevice:
    page = client.get(reverse("totp_setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("totp_setup"), {"token": totp_code(device)})
    assert response.status_code == 302, response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    return device


@pytest.mark.django_db
class TestTwoFactor:
    def test_admins_are_sent_to_setup_and_cannot_reach_other_pages(self, client, security_admin, policy):
        assert Role.SECURITY_ADMIN in policy.two_factor_roles
        response = post_login(client, "anquan", PASSWORD, next="/security/")
        assert response.url == "/security/"
        for path in ("/security/", "/password/change/", "/no-such-page/"):
            response = client.get(path)
            assert response.status_code == 302, path
            assert response.url.startswith(reverse("totp_setup"))

    def test_setup_shows_qr_and_secret_then_enrols(self, client, security_admin, settings):
        post_login(client, "anquan", PASSWORD)
        page = client.get(reverse("totp_setup"))
        html = page.content.decode()
        assert 'src="data:image/svg+xml;base64,' in html
        device = TOTPDevice.objects.get(user=security_admin, confirmed=False)
        from base64 import b32encode

        secret = b32encode(device.bin_key).decode()
        assert secret[:4] in html and secret[-4:] in html
        assert "style=" not in html and "<script>" not in html

        wrong = client.post(
            reverse("totp_setup"), {"token": "000000" if totp_code(device) != "000000" else "111111"}
        )
        assert "验证码不正确" in wrong.content.decode()
        assert Event.objects.filter(action="auth.2fa_failed", actor=security_admin).count() == 1
        assert client.get("/security/").status_code == 302
        # Right after a failure the device is throttled (exponential back-off) …
        throttled = client.post(reverse("totp_setup"), {"token": totp_code(device)})
        assert "稍候片刻" in throttled.content.decode()
        settings.OTP_TOTP_THROTTLE_FACTOR = 0  # … let the back-off pass

        response = client.post(
            reverse("totp_setup") + "?next=/security/", {"token": totp_code(device), "next": "/security/"}
        )
        assert response.status_code == 302 and response.url == "/security/"
        assert Event.objects.filter(action="auth.2fa_enrolled", actor=security_admin).count() == 1
        assert client.get("/security/").status_code == 200

    def test_malformed_code_answers_in_chinese(self, client, security_admin):
        post_login(client, "anquan", PASSWORD)
        client.get(reverse("totp_setup"))
        html = client.post(reverse("totp_setup"), {"token": "12ab"}).content.decode()
        assert "6 位数字验证码" in html
        assert 'value="12ab"' in html

    def test_next_sign_in_asks_for_a_code(self, client, security_admin, settings):
        post_login(client, "anquan", PASSWORD)
        device = enrol(client, security_admin)
        client.post(reverse("logout"))

        again = Client()
        post_login(again, "anquan", PASSWORD)
        response = again.get("/security/")
        assert response.url.startswith(reverse("totp_verify"))
        # An enrolled but unverified user cannot enrol a new device to get around the check.
        assert again.get(reverse("totp_setup")).url.startswith(reverse("totp_verify"))
        bad = again.post(
            reverse("totp_verify"), {"token": "999999" if totp_code(device, 1) != "999999" else "888888"}
        )
        assert "验证码不正确" in bad.content.decode()
        assert Event.objects.filter(action="auth.2fa_failed", after__stage="verify").count() == 1
        settings.OTP_TOTP_THROTTLE_FACTOR = 0  # let the back-off after the failure pass
        # The code of the next period (the current one was used at enrolment and cannot be replayed).
        response = again.post(
            reverse("totp_verify") + "?next=/security/", {"token": totp_code(device, 1), "next": "/security/"}
        )
        assert response.url == "/security/"
        assert again.get("/security/").status_code == 200
        assert Event.objects.filter(action="auth.2fa_verified", actor=security_admin).count() == 1

    def test_replayed_code_is_refused(self, client, security_admin):
        post_login(client, "anquan", PASSWORD)
        device = enrol(client, security_admin)
        used = totp_code(device)
        client.post(reverse("logout"))
        again = Client()
        post_login(again, "anquan", PASSWORD)
        response = again.post(reverse("totp_verify"), {"token": used})
        assert "验证码不正确" in response.content.decode()

    def test_roles_come_from_the_policy(self, client, security_admin, staff):
        post_login(client, "gongzuo", PASSWORD)
        assert client.get("/no-such-page/").status_code == 404
        security_policy_update(actor=security_admin, two_factor_roles=[Role.STAFF, Role.SECURITY_ADMIN])
        assert client.get("/no-such-page/").url.startswith(reverse("totp_setup"))

    def test_security_admin_resets_a_lost_device(self, security_client, system_admin):
        client = Client()
        post_login(client, "xitong", PASSWORD)
        enrol(client, system_admin)
        assert client.get("/no-such-page/").status_code == 404
        response = security_client.post(reverse("security_totp_reset", args=[system_admin.pk]), follow=True)
        assert "已重置" in response.content.decode()
        assert not TOTPDevice.objects.filter(user=system_admin).exists()
        event = Event.objects.get(action="security.totp_reset")
        assert event.target_id == str(system_admin.pk) and event.before == {"devices": 1}
        # The verified session loses its device and must enrol again.
        assert client.get("/no-such-page/").url.startswith(reverse("totp_setup"))

    def test_nobody_resets_their_own_device(self, security_admin, security_client):
        with pytest.raises(PermissionDeniedError):
            totp_reset(actor=security_admin, user=security_admin)
