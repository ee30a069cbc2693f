"""Signed-in pages and API answers carry ``Cache-Control: no-store``; public pages and static files
keep their caching."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from .conftest import PASSWORD
from .test_login import post_login

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_signed_in_pages_are_not_stored(client, staff):
    post_login(client, "gongzuo", PASSWORD)
    for url in ("/", reverse("password_change"), "/no-such-page/", reverse("portal:home")):
        response = client.get(url)
        assert {"no-store", "private"} <= directives(response), (url, response.get("Cache-Control"))
        assert "public" not in directives(response), url


def test_the_answer_to_signing_in_and_out_is_not_stored(client, staff):
    response = post_login(client, "gongzuo", PASSWORD)
    assert "no-store" in directives(response)
    response = client.post(reverse("logout"))
    assert "no-store" in directives(response)


def test_api_answers_are_not_stored(client, staff):
    assert "no-store" in directives(Client().get("/api/v1/me"))
    post_login(client, "gongzuo", PASSWORD)
    assert "no-store" in directives(client.get("/api/v1/me"))


def test_public_pages_and_static_files_keep_their_caching(congress):
    visitor = Client()
    portal = visitor.get(reverse("portal:home"))
    assert portal.status_code == 200
    assert "no-store" not in directives(portal) and "public" in directives(portal)
    static = visitor.get("/static/renda/css/renda.css")
    assert static.status_code == 200
    assert "no-store" not in directives(static)
