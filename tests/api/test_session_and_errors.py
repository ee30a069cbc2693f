"""Session authentication with CSRF, and the JSON error format for every kind of failure."""

import pytest
from django.test import Client

from renda.api import errors as codes

pytestmark = pytest.mark.django_db


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_session_get_needs_no_csrf(world):
    response = csrf_client(world.staff_a).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "staff_a"


def test_session_post_without_csrf_refused(world):
    client = csrf_client(world.staff_a)
    response = client.post("/api/v1/tokens", data={"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == codes.CSRF_FAILED
    assert response.json()["message"]


def test_session_post_with_csrf_accepted(world):
    client = csrf_client(world.staff_a)
    client.get("/api/v1/tokens/manage/")  # the page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/tokens", data={"name": "页面创建"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201, response.content


def test_anonymous_gets_401_not_csrf(world):
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/tokens", data={"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json()["code"] == codes.UNAUTHENTICATED
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_inactive_session_user_refused(world):
    client = Client()
    client.force_login(world.staff_b)
    world.staff_b.is_active = False
    world.staff_b.save()
    assert client.get("/api/v1/me").status_code == 401


def test_validation_errors_name_each_field_in_chinese(world, as_user):
    client = as_user(world.staff_a)
    response = client.post(
        "/api/v1/organizations",
        data={"congress": world.county_a.pk, "kind": "martian", "sort_order": "abc", "colour": "red"},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == codes.INVALID
    assert body["fields"]["name"] == "缺少必填字段。"
    assert body["fields"]["sort_order"] == "应为整数。"
    assert body["fields"]["kind"].startswith("取值无效")
    assert body["fields"]["colour"] == "不允许的字段。"
    assert body["message"]


def test_query_validation(world, as_user):
    response = as_user(world.staff_a).get("/api/v1/organizations?page_size=500&page=0")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["page_size"] == "不能大于 200。"
    assert fields["page"] == "不能小于 1。"


def test_text_too_long_and_control_characters(world, as_user):
    client = as_user(world.staff_a)
    long = client.post(
        "/api/v1/organizations",
        data={"congress": world.county_a.pk, "name": "局" * 121, "kind": "other"},
        content_type="application/json",
    )
    assert long.status_code == 400
    assert long.json()["fields"]["name"] == "不能超过 120 个字符。"
    nul = client.get("/api/v1/organizations", {"q": "a\x00b"})
    assert nul.status_code == 400
    assert nul.json()["fields"]["q"] == "不能包含控制字符。"


def test_malformed_json(world, as_user):
    client = as_user(world.staff_a)
    for body in (b"{", b"\xff\xfe\x00", b"[" * 100000):
        response = client.post("/api/v1/organizations", data=body, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["code"] == codes.INVALID_JSON


def test_body_that_is_not_an_object(world, as_user):
    response = as_user(world.staff_a).post(
        "/api/v1/organizations", data=b"[1, 2]", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == codes.INVALID
    assert "body" in response.json()["fields"]


def test_service_errors_keep_their_code_and_field(world, as_user):
    client = as_user(world.staff_a)
    response = client.post(
        "/api/v1/organizations",
        data={"congress": world.county_a.pk, "name": world.dept_a.name, "kind": "other"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "已有名为" in response.json()["fields"]["name"]


def test_permission_denied_is_403(world, as_user):
    response = as_user(world.clerk_a).get("/api/v1/users")
    assert response.status_code == 403
    assert response.json()["code"] == codes.PERMISSION_DENIED


def test_unknown_url_and_method(world, as_user):
    client = as_user(world.staff_a)
    missing = client.get("/api/v1/no/such/thing")
    assert missing.status_code == 404
    assert missing.json()["code"] == codes.NOT_FOUND
    wrong = client.put("/api/v1/me", data=b"{}", content_type="application/json")
    assert wrong.status_code == 405
    assert wrong.json()["code"] == codes.METHOD_NOT_ALLOWED
    # Even an anonymous POST to an unknown address answers JSON (no CSRF page).
    anon = Client(enforce_csrf_checks=True).post("/api/v1/nowhere")
    assert anon.status_code == 404
    assert anon.json()["code"] == codes.NOT_FOUND


def test_unexpected_exception_is_500_without_traceback(world, as_user, monkeypatch, settings):
    settings.DEBUG = True  # even in debug the client sees no traceback

    def boom(user):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("renda.api.routers.me.scope_of", boom)
    response = as_user(world.staff_a).get("/api/v1/me")
    assert response.status_code == 500
    body = response.json()
    assert body["code"] == codes.SERVER_ERROR
    assert "secret internals" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_all_codes_are_distinct():
    assert len(set(codes.ALL_CODES)) == len(codes.ALL_CODES)
