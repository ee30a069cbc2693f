"""NUL characters in a query string or form are refused with a 400, on every database."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_nul_in_query_string_is_a_400(twin_counties):
    client = Client()
    response = client.get("/api/v1/portal/suggestions", {"q": "a\x00b"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and response.json()["message"]
    client.force_login(twin_counties.county.users["staff"])
    assert client.get("/suggestions/", {"q": "停车\x00"}).status_code == 400
    assert client.get("/suggestions/", {"q": "停车"}).status_code == 200


def test_nul_in_a_form_is_a_400(twin_counties):
    client = Client()
    body = "username=staff%00&password=x"
    response = client.post("/login/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    # A multipart form is checked by the form itself: the field refuses NUL, the page answers.
    response = client.post("/login/", {"username": "staff\x00", "password": "x"})
    assert response.status_code == 200
