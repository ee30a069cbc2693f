"""Garbage in, never a 500 out: every operation of the OpenAPI document, as an administrator and anonymously."""

import json
import re
from urllib.parse import quote

import pytest
from django.test import Client

from renda.api.services import api_token_create
from renda.audit.models import Event
from renda.core.models import Membership

pytestmark = pytest.mark.django_db

BAD_IDS = ["0", "-1", "abc", "1.5", "99999999999999999999999999", "9" * 500, "%00", "%FF%FE", "１"]
BAD_SCALARS = [
    "",
    "abc",
    "-1",
    "0",
    "1e309",
    "99999999999999999999999999",
    "x" * 20000,
    "a\x00b",
    "\u202e\ufeff",
    "[]",
    "null",
    "2026-13-45",
    "%FF",
]
BAD_VALUES = [
    None,
    True,
    -1,
    0,
    2**70,
    1.5,
    1e308,
    "x" * 100000,
    "a\x00b",
    "",
    [],
    {},
    {"$gt": ""},
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+14:00",
]
BAD_BODIES = [b"{", b"\xff\xfe\xfd", b"[" * 50000, b"null", b"[]", b'"text"', b"123", b"{}", b"NaN", b""]


def assert_error_shape(response, what):
    assert response.status_code != 500, f"{what}: {response.content[:300]!r}"
    if response.status_code >= 400:
        body = json.loads(response.content)
        assert body.get("code"), what
        assert body.get("message"), what
        assert isinstance(body.get("fields"), dict), what


def fill(path, value):
    return re.sub(r"\{[^}]+\}", value, path)


def send(client, method, url, body=None, content_type="application/json", **extra):
    return client.generic(method.upper(), url, data=body or b"", content_type=content_type, **extra)


@pytest.fixture
def schema():
    return Client().get("/api/v1/openapi.json").json()


def real_ids(world):
    event = Event.objects.order_by("-id").first()
    token, _ = api_token_create(actor=world.sysadmin, name="垃圾测试目标")
    return {
        "/api/v1/tokens/": token.pk,
        "/api/v1/congresses/": world.county_a.pk,
        "/api/v1/organizations/": world.dept_a.pk,
        "/api/v1/users/": world.clerk_a.pk,
        "/api/v1/memberships/": Membership.objects.get(user=world.clerk_a).pk,
        "/api/v1/audit/events/": event.pk,
    }


def body_schema(schema, op):
    ref = (
        op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
    )
    if not ref:
        return None
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


@pytest.mark.parametrize("who", ["admin", "anonymous"])
def test_garbage_never_500(world, schema, who):
    admin_secret = api_token_create(actor=world.sysadmin, name="管理员")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {admin_secret}"} if who == "admin" else {}
    ids = real_ids(world)
    client = Client()
    sent = 0
    for path, ops in schema["paths"].items():
        real = next((v for k, v in ids.items() if path.startswith(k)), world.county_a.pk)
        for method, op in ops.items():
            # 1. garbage in the path
            if "{" in path:
                for bad in BAD_IDS:
                    url = fill(path, bad)
                    assert_error_shape(send(client, method, url, **headers), f"{method} {url}")
                    sent += 1
            url = fill(path, str(real))
            # 2. garbage in every query parameter, and unknown ones
            for param in op.get("parameters", []):
                if param["in"] != "query":
                    continue
                for bad in BAD_SCALARS:
                    response = client.generic(
                        method.upper(), url, QUERY_STRING=f"{param['name']}={quote(bad, safe='%')}", **headers
                    )
                    assert_error_shape(response, f"{method} {url}?{param['name']}={bad[:20]!r}")
                    sent += 1
            response = client.generic(
                method.upper(), url, QUERY_STRING="zzz=1&page=%FF&__proto__=x", **headers
            )
            assert_error_shape(response, f"{method} {url} unknown query")
            # 3. garbage bodies (on every method: a body where none is expected must not hurt)
            for raw in BAD_BODIES:
                assert_error_shape(send(client, method, url, raw, **headers), f"{method} {url} {raw[:10]!r}")
                sent += 1
            assert_error_shape(
                send(client, method, url, b"<x/>", content_type="text/xml", **headers), f"{method} {url} xml"
            )
            # 4. every body field with every wrong value
            model = body_schema(schema, op)
            if model:
                for field in model.get("properties", {}):
                    for bad in BAD_VALUES:
                        raw = json.dumps({field: bad}).encode()
                        response = send(client, method, url, raw, **headers)
                        assert_error_shape(response, f"{method} {url} {field}={str(bad)[:20]!r}")
                        sent += 1
    # 5. garbage credentials
    for header in ("Bearer " + "x" * 10000, "Bearer \u00ff\u00fe", "Basic Zm9vOmJhcg==", "Bearer"):
        assert_error_shape(client.get("/api/v1/me", HTTP_AUTHORIZATION=header), header[:20])
    assert sent > 500


PUBLIC_PREFIXES = ("/api/v1/portal/",)


def test_anonymous_is_always_refused(world, schema):
    client = Client()
    for path, ops in schema["paths"].items():
        if path.startswith(PUBLIC_PREFIXES):
            continue  # the portal's open data is public by design (tests/portal)
        for method in ops:
            response = send(client, method, fill(path, "1"), b"{}")
            assert response.status_code == 401, f"{method} {path}"
            assert response.json()["code"] == "unauthenticated"
