import hashlib
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from renda.api.models import ApiToken
from renda.api.services import api_token_create, api_token_revoke
from renda.audit.models import Event
from renda.core.errors import NotFoundError, ValidationFailed
from renda.core.services import user_set_active

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_token_lifecycle_create_use_revoke_refused(world, client):
    client.force_login(world.staff_a)
    response = client.post("/api/v1/tokens", data={"name": "同步脚本"}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    secret = body["secret"]
    token_id = body["token"]["id"]
    assert body["token"]["prefix"] == secret[:8]
    assert body["token"]["status"] == "active"

    # Only the hash is stored; the secret appears in no column.
    stored = ApiToken.objects.get(pk=token_id)
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    row = ApiToken.objects.filter(pk=token_id).values().get()
    assert all(secret not in str(value) for value in row.values())

    # The token works on its own (a fresh client: no session).
    api = Client()
    me = api.get("/api/v1/me", **bearer(secret))
    assert me.status_code == 200
    assert me.json()["username"] == "staff_a"
    stored.refresh_from_db()
    assert stored.last_used_at is not None

    # Listing never shows the secret again.
    listed = api.get("/api/v1/tokens", **bearer(secret))
    assert listed.status_code == 200
    assert secret not in listed.content.decode()
    assert [t["id"] for t in listed.json()] == [token_id]

    # Revoke, then refused.
    revoked = api.delete(f"/api/v1/tokens/{token_id}", **bearer(secret))
    assert revoked.status_code == 204
    refused = api.get("/api/v1/me", **bearer(secret))
    assert refused.status_code == 401
    assert refused.json()["code"] == "unauthenticated"
    assert "撤销" in refused.json()["message"]

    actions = list(Event.objects.filter(target_type="api.apitoken").values_list("action", flat=True))
    assert sorted(actions) == ["api_token.create", "api_token.revoke"]


def test_expired_token_refused(world):
    token, secret = api_token_create(
        actor=world.staff_a, name="短期", expires_at=timezone.now() + timedelta(hours=1)
    )
    client = Client()
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/v1/me", **bearer(secret))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert "过期" in response.json()["message"]


def test_inactive_user_token_refused(world):
    _token, secret = api_token_create(actor=world.clerk_a, name="经办")
    user_set_active(actor=world.staff_a, user=world.clerk_a, active=False)
    response = Client().get("/api/v1/me", **bearer(secret))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer ", "Bearer nonsense", "Bearer " + "x" * 5000, "bearer \u00ff\u00fe", "Token abc"],
)
def test_bad_credentials_refused(world, header):
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthenticated"
    assert body["message"]


def test_wrong_token_does_not_fall_back_to_session(world, client):
    client.force_login(world.staff_a)
    assert client.get("/api/v1/me").status_code == 200
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer wrong-token")
    assert response.status_code == 401


def test_cannot_revoke_someone_elses_token(world):
    other, other_secret = api_token_create(actor=world.staff_b, name="乙县脚本")
    _mine, secret = api_token_create(actor=world.staff_a, name="甲县脚本")
    response = Client().delete(f"/api/v1/tokens/{other.pk}", **bearer(secret))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert Client().get("/api/v1/me", **bearer(other_secret)).status_code == 200
    with pytest.raises(NotFoundError):
        api_token_revoke(actor=world.staff_a, token=other)


def test_token_list_shows_only_own(world):
    api_token_create(actor=world.staff_b, name="乙县脚本")
    _mine, secret = api_token_create(actor=world.staff_a, name="甲县脚本")
    names = [t["name"] for t in Client().get("/api/v1/tokens", **bearer(secret)).json()]
    assert names == ["甲县脚本"]


def test_create_validation_in_chinese(world):
    client = Client()  # tokens are created from a signed-in session only
    client.force_login(world.staff_a)
    missing = client.post("/api/v1/tokens", data={}, content_type="application/json")
    assert missing.status_code == 400
    assert missing.json()["fields"] == {"name": "缺少必填字段。"}
    past = client.post(
        "/api/v1/tokens",
        data={"name": "过去", "expires_at": "2001-01-01T00:00:00+08:00"},
        content_type="application/json",
    )
    assert past.status_code == 400
    assert past.json()["code"] == "invalid"
    assert "晚于当前时间" in past.json()["fields"]["expires_at"]
    with pytest.raises(ValidationFailed):
        api_token_create(actor=world.staff_a, name="   ")


def test_token_page_create_list_revoke(world, client):
    url = "/api/v1/tokens/manage/"
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(world.staff_a)
    page = client.get(url)
    assert page.status_code == 200
    assert "我的 API 令牌" in page.content.decode()

    empty = client.post(url, {"name": "", "expires_on": "明天"})
    assert empty.status_code == 400
    assert "这个字段是必填项" in empty.content.decode() or "必填" in empty.content.decode()

    created = client.post(url, {"name": "报表导出", "expires_on": ""})
    assert created.status_code == 200
    token = ApiToken.objects.get(user=world.staff_a)
    html = created.content.decode()
    # The secret is shown once, on this response only.
    start = html.index('id="new-token-secret"')
    assert token.prefix in html
    value = json.loads('"' + html[html.rfind('value="', 0, start) + 7 :].split('"', 1)[0] + '"')
    assert hashlib.sha256(value.encode()).hexdigest() == token.key_hash
    assert value not in client.get(url).content.decode()
    assert created["Cache-Control"].startswith("max-age=0") or "no-store" in created["Cache-Control"]

    revoked = client.post(f"/api/v1/tokens/manage/{token.pk}/revoke/")
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_page_cannot_revoke_others(world, client):
    other, _ = api_token_create(actor=world.staff_b, name="乙县脚本")
    client.force_login(world.staff_a)
    assert client.post(f"/api/v1/tokens/manage/{other.pk}/revoke/").status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_token_page_follows_csp(world, client):
    client.force_login(world.staff_a)
    html = client.get("/api/v1/tokens/manage/").content.decode()
    assert 'style="' not in html
    assert "<script>" not in html
    assert "onclick" not in html
