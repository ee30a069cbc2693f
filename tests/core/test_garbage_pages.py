"""No page answers a 500 to malformed input: every URL, every role, garbage in query and body."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

GARBAGE_QUERY = {
    "page": "-1",
    "page_size": "99999999999999999999",
    "q": "' OR 1=1; -- <script>alert(1)</script>" + "长" * 3000,
    "date_from": "2026-13-45",
    "date_to": "not-a-date",
    "organization": "abc",
    "congress": "9" * 30,
    "role": "\x00",
    "sort": "__class__",
    "format": "exe",
}
GARBAGE_BODY = {
    "username": "x" * 5000,
    "full_name": "",
    "name": "\x00\x01",
    "kind": "no-such-kind",
    "role": "root",
    "organization": "-5",
    "parent": "99999999",
    "is_active": "maybe",
    "password": "1",
    "new_password1": "a",
    "new_password2": "b",
    "old_password": "",
    "token": "' OR '1'='1",
    "file": "not a file",
    "expires_at": "yesterday",
    "date": "2026-02-30",
    "id": "[]",
}
SKIP = re.compile(r"^(static/|media/|api/v1/)")  # the API has its own garbage test in tests/api


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def _fill(route: str) -> list[str]:
    route = route.lstrip("^").rstrip("$")
    if "(?P" in route or "\\" in route:
        return []  # regex routes are not ours
    urls = []
    for sample in ("1", "999999999"):
        url = re.sub(r"<int:[^>]+>", sample, route)
        url = re.sub(r"<uuid:[^>]+>", "00000000-0000-0000-0000-000000000000", url)
        url = re.sub(r"<(str|slug|path):[^>]+>", "no-such-thing", url)
        url = re.sub(r"<[^>]+>", "no-such-thing", url)
        urls.append("/" + url)
    return sorted(set(urls))


def _client_for(user) -> Client:
    """A signed-in client; administrators are also past their second factor."""
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def all_urls() -> list[str]:
    urls: list[str] = []
    for route in _walk(get_resolver().url_patterns):
        if SKIP.match(route):
            continue
        urls.extend(_fill(route))
    return sorted(set(urls))


@pytest.mark.parametrize(
    "role",
    [
        None,
        "system_admin",
        "security_admin",
        "audit_admin",
        "staff",
        "leader",
        "deputy",
        "unit_clerk",
        "station_keeper",
    ],
)
def test_no_page_crashes_on_garbage(twin_counties, role):
    urls = all_urls()
    assert "/" in urls
    user = twin_counties.county.users[role] if role else None
    crashed = []
    client = None
    for url in urls:
        for method in ("get", "post"):
            if client is None or "logout" in url:
                client = _client_for(user)
            if method == "get":
                response = client.get(url, GARBAGE_QUERY)
            else:
                response = client.post(url, GARBAGE_BODY)
            if response.status_code >= 500:
                crashed.append(f"{method.upper()} {url} -> {response.status_code}")
    assert not crashed, "\n".join(crashed)
