"""Test helpers other apps may use: sign a test client in as a user whose role requires two-factor
sign-in, with a confirmed device and a verified session (as after a real /2fa/verify/)."""

from __future__ import annotations

from typing import Any

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def login_verified(client: Any, user: Any) -> TOTPDevice:
    """``client.force_login(user)`` plus a confirmed TOTP device marked verified in the session."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
